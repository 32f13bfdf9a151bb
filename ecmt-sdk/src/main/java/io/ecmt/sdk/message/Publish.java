package io.ecmt.sdk.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable outgoing MQTT message. Build one with {@link #builder()} or {@link #of}.
 *
 * <p>Only the shape is checked here; what a module can carry (topic characters and length,
 * payload bytes and size) is checked against the module profile when the publish is subscribed
 * to, before any byte is written.
 */
public final class Publish {
  private final String topic;
  private final byte[] payload;
  private final Qos qos;
  private final boolean retain;

  private Publish(String topic, byte[] payload, Qos qos, boolean retain) {
    this.topic = topic;
    this.payload = payload;
    this.qos = qos;
    this.retain = retain;
  }

  /** A QoS 0, non-retained message with a UTF-8 text payload. */
  public static Publish of(String topic, String text) {
    return builder().topic(topic).payload(text).build();
  }

  /** A new builder; topic is required, the payload defaults to empty, QoS to 0, retain to false. */
  public static Builder builder() {
    return new Builder();
  }

  /** The topic name (never a filter). */
  public String topic() {
    return topic;
  }

  /** A copy of the payload bytes. */
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload length in bytes. */
  public int payloadSize() {
    return payload.length;
  }

  /** The payload decoded as UTF-8. */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  public Qos qos() {
    return qos;
  }

  public boolean retain() {
    return retain;
  }

  /** A builder that starts from this message. */
  public Builder toBuilder() {
    return new Builder().topic(topic).payload(payload).qos(qos).retain(retain);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Publish p
        && topic.equals(p.topic)
        && Arrays.equals(payload, p.payload)
        && qos == p.qos
        && retain == p.retain;
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, Arrays.hashCode(payload), qos, retain);
  }

  @Override
  public String toString() {
    return "Publish{topic=" + topic + ", qos=" + qos.code() + ", retain=" + retain
        + ", payload=" + payload.length + " bytes}";
  }

  /** Builds {@link Publish} values. Not thread-safe. */
  public static final class Builder {
    private String topic;
    private byte[] payload = new byte[0];
    private Qos qos = Qos.AT_MOST_ONCE;
    private boolean retain;

    private Builder() {}

    public Builder topic(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /** The payload bytes (copied). */
    public Builder payload(byte[] payload) {
      this.payload = Objects.requireNonNull(payload, "payload").clone();
      return this;
    }

    /** The payload as UTF-8 text. */
    public Builder payload(String text) {
      this.payload = Objects.requireNonNull(text, "payload").getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public Builder qos(Qos qos) {
      this.qos = Objects.requireNonNull(qos, "qos");
      return this;
    }

    public Builder retain(boolean retain) {
      this.retain = retain;
      return this;
    }

    /**
     * @throws NullPointerException if no topic was set
     */
    public Publish build() {
      Objects.requireNonNull(topic, "topic");
      return new Publish(topic, payload, qos, retain);
    }
  }
}
