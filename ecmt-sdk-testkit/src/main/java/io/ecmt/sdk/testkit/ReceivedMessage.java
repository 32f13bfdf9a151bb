package io.ecmt.sdk.testkit;

import java.nio.charset.StandardCharsets;

/**
 * A PUBLISH a {@link BrokerClient} received from the broker.
 *
 * @param topic   the topic name
 * @param payload the payload bytes (a private copy)
 * @param qos     the QoS of the delivery (0–2)
 * @param retain  whether the broker flagged it as retained
 */
public record ReceivedMessage(String topic, byte[] payload, int qos, boolean retain) {

  public ReceivedMessage {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload decoded as UTF-8. */
  public String payloadUtf8() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ReceivedMessage[" + topic + ", qos=" + qos + ", retain=" + retain + ", " + payloadUtf8() + "]";
  }
}
