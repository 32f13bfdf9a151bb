package io.ecmt.sdk.message;

import java.util.Objects;

/**
 * The last-will message the broker publishes when the module's link drops without DISCONNECT.
 * Topic and message travel inside an AT command, so they are text without {@code "}, CR or LF.
 *
 * @param topic   the will topic (no wildcards)
 * @param message the will message text
 * @param qos     the will QoS
 * @param retain  whether the broker retains the will
 */
public record Will(String topic, String message, Qos qos, boolean retain) {
  public Will {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(qos, "qos");
  }
}
