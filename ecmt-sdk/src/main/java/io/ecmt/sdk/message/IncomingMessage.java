package io.ecmt.sdk.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message the module printed as {@code +ECMTRECV}.
 *
 * <p>The module prints the payload raw, with no length. A payload that contains CR/LF arrives
 * split over several lines; the SDK joins the lines of the receive burst (the module prints a
 * message in one write; the burst ends when the line is idle for the configured gap,
 * {@code EcmtTimeouts.recvIdle}) with {@code "\n"}, whatever they look like: a line in a payload
 * is never taken for module output, except an outcome for a msgID in flight and the header of a
 * next message, each right after an empty line. Line ends inside the payload (CR LF, CR, LF) and
 * inner empty lines come back as received; trailing CR/LF are stripped by the module itself:
 * {@link #reassembled()} tells that lines were joined. {@link #suspect()} marks a message
 * whose header arrived inside the previous message's burst: it may be content of that message,
 * forged by whoever published it (see the threat model in the README). Payloads are cut at the first NUL byte by the module. A QoS 1/2 message the
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
  private final boolean suspect;

  /**
   * A message that is not suspect.
   *
   * @param clientId    the module's connect id
   * @param msgId       the incoming packet id (0 for QoS 0)
   * @param topic       the topic the message was published to
   * @param payload     the raw payload bytes (copied)
   * @param reassembled whether the payload was rebuilt from several lines
   */
  public IncomingMessage(int clientId, int msgId, String topic, byte[] payload, boolean reassembled) {
    this(clientId, msgId, topic, payload, reassembled, false);
  }

  /**
   * @param clientId    the module's connect id
   * @param msgId       the incoming packet id (0 for QoS 0)
   * @param topic       the topic the message was published to
   * @param payload     the raw payload bytes (copied)
   * @param reassembled whether the payload was rebuilt from several lines
   * @param suspect     whether its header arrived inside the previous message's receive burst
   */
  public IncomingMessage(int clientId, int msgId, String topic, byte[] payload, boolean reassembled,
      boolean suspect) {
    this.suspect = suspect;
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

  /**
   * Whether this message's header arrived inside the previous message's receive burst, right after
   * an empty line. A genuine message that the module printed right behind another one (within
   * {@code EcmtTimeouts.recvIdle}) looks exactly like a {@code +ECMTRECV} line that someone
   * published inside that message's payload, so both are marked: a suspect message may have been
   * forged by the previous message's publisher. Do not act on a suspect message on a sensitive
   * topic without another check (see docs/threat-model.md). Messages that arrive on their own are
   * never suspect.
   */
  public boolean suspect() {
    return suspect;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IncomingMessage m
        && clientId == m.clientId
        && msgId == m.msgId
        && topic.equals(m.topic)
        && Arrays.equals(payload, m.payload)
        && reassembled == m.reassembled
        && suspect == m.suspect;
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientId, msgId, topic, Arrays.hashCode(payload), reassembled, suspect);
  }

  @Override
  public String toString() {
    return "IncomingMessage{client=" + clientId + ", msgId=" + msgId + ", topic=" + topic
        + ", payload=" + payloadAsString() + (reassembled ? ", reassembled" : "")
        + (suspect ? ", suspect" : "") + "}";
  }
}
