package io.ecmt.sdk.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecmt.sdk.exceptions.PayloadMappingException;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import java.io.IOException;
import java.util.Objects;

/**
 * Maps message payloads to and from JSON with a Jackson {@link ObjectMapper}. Thread-safe (as the
 * mapper is). The modem uses one for {@code publishJson} and {@code messages(filter, type)}; use
 * your own for anything else.
 */
public final class JsonPayloads {
  private final ObjectMapper mapper;

  public JsonPayloads(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** A mapper with the Jackson modules found on the class path. */
  public static JsonPayloads withDefaultMapper() {
    return new JsonPayloads(new ObjectMapper().findAndRegisterModules());
  }

  /**
   * A publish whose payload is {@code value} as compact JSON (UTF-8).
   *
   * @throws PayloadMappingException if Jackson cannot serialise {@code value}
   */
  public Publish toPublish(String topic, Object value, Qos qos) {
    try {
      return Publish.builder().topic(topic).payload(mapper.writeValueAsBytes(value)).qos(qos).build();
    } catch (JsonProcessingException e) {
      throw new PayloadMappingException("cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  /**
   * The payload of {@code message} read as {@code type}.
   *
   * @throws PayloadMappingException if the payload is not JSON of that shape
   */
  public <T> T read(IncomingMessage message, Class<T> type) {
    try {
      return mapper.readValue(message.payload(), type);
    } catch (IOException e) {
      throw new PayloadMappingException(
          "payload on " + message.topic() + " is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
