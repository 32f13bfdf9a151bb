package io.ecmt.sdk.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message the module printed as {@code +ECMTRECV}.
 *
 * <p>The module prints the payload raw, with no length. A payload that contains CR/LF arrives
 * split over several lines; the SDK joins the continuation lines with {@code "\n"} until the next
 * line that starts like a known URC or final result, or until a short idle gap. Empty lines inside
 * such a payload, the original line-end bytes, and trailing CR/LF are lost, and a continuation line
 * that itself looks like a URC ends the payload early: {@link #reassembled()} tells that this
 * heuristic was used. Payloads are cut at the first NUL byte by the module. A QoS 1/2 message the
 * broker re-sends may be reported twice (the module does not show DUP).
 *
 * @see io.ecmt.sdk.json.JsonPayloads
 */
public final class IncomingMessage {
  private final int clientId;
  private final int msgId;
  private final String topic;
  private final byte[] payload;
  private final boolean reassembled;

  /**
   * @param clientId    the module's connect id
   * @param msgId       the incoming packet id (0 for QoS 0)
   * @param topic       the topic the message was published to
   * @param payload     the raw payload bytes (copied)
   * @param reassembled whether the payload was rebuilt from several lines
   */
  public IncomingMessage(int clientId, int msgId, String topic, byte[] payload, boolean reassembled) {
    this.clientId = clientId;
    this.msgId = msgId;
    this.topic = Objects.requireNonNull(topic, "topic");
    this.payload = Objects.requireNonNull(payload, "payload").clone();
    this.reassembled = reassembled;
  }

  public int clientId() {
    return clientId;
  }

  /** The packet id; 0 for QoS 0. A non-zero id means QoS 1 or 2 (the module does not print which). */
  public int msgId() {
    return msgId;
  }

  public String topic() {
    return topic;
  }

  /** A copy of the payload bytes. */
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload decoded as UTF-8. */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** Whether the payload was rebuilt from several lines (see the class comment). */
  public boolean reassembled() {
    return reassembled;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IncomingMessage m
        && clientId == m.clientId
        && msgId == m.msgId
        && topic.equals(m.topic)
        && Arrays.equals(payload, m.payload)
        && reassembled == m.reassembled;
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientId, msgId, topic, Arrays.hashCode(payload), reassembled);
  }

  @Override
  public String toString() {
    return "IncomingMessage{client=" + clientId + ", msgId=" + msgId + ", topic=" + topic
        + ", payload=" + payloadAsString() + (reassembled ? ", reassembled" : "") + "}";
  }
}
