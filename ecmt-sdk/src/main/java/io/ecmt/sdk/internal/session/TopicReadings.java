package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.internal.codec.TopicFilter;
import io.ecmt.sdk.internal.dialect.ModuleEvent;
import io.ecmt.sdk.message.IncomingMessage;
import java.util.Arrays;
import java.util.Collection;

/**
 * A message line can be ambiguous: a topic may hold {@code ",} (legal in MQTT, printed raw), so
 * {@code "a",x",p} is topic {@code a} with payload {@code x",p} or topic {@code a",x} with payload
 * {@code p}. The first reading stands unless its topic matches none of the client's subscriptions
 * and another reading's does.
 */
final class TopicReadings {
  private TopicReadings() {}

  static IncomingMessage choose(int client, ModuleEvent.Message m, Collection<String> filters) {
    String topic = m.topic();
    byte[] payload = m.payload();
    if (!m.alternatives().isEmpty() && !matchesAny(topic, filters)) {
      for (ModuleEvent.TopicReading r : m.alternatives()) {
        if (matchesAny(r.topic(), filters) && r.payloadOffset() <= payload.length) {
          topic = r.topic();
          payload = Arrays.copyOfRange(payload, r.payloadOffset(), payload.length);
          break;
        }
      }
    }
    return new IncomingMessage(client, m.msgId(), topic, payload, m.reassembled(), m.suspect());
  }

  private static boolean matchesAny(String topic, Collection<String> filters) {
    return filters.stream().anyMatch(f -> TopicFilter.matches(f, topic));
  }
}
