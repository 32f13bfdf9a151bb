package io.ecmt.sdk;

import java.util.Objects;

/**
 * Something in the module's output that may have been forged: ECMT prints received payloads raw,
 * so anyone who can publish to a subscribed topic can put text that looks like module output into
 * the byte stream. The SDK takes such text as payload and reports it here (see the README's threat
 * model); a stream of these events on one topic is worth an alert.
 *
 * @param kind     what was seen
 * @param clientId the client the line named, or -1
 * @param line     the line, secrets redacted
 * @param detail   what the SDK did about it
 */
public record SecurityEvent(Kind kind, int clientId, String line, String detail) {

  /** What was seen. */
  public enum Kind {
    /** A line inside a received payload looks like module output; it was kept as payload. */
    MODULE_LINE_IN_PAYLOAD,
    /** A {@code +ECMTRECV} header right after an empty line inside another message's burst: delivered as a suspect message. */
    NESTED_MESSAGE,
    /** An outcome inside a receive burst named an operation in flight and was taken as genuine. */
    OUTCOME_IN_BURST_ACCEPTED,
    /** An outcome for a msgID that no operation had in flight or given up on. */
    OUTCOME_NOT_IN_FLIGHT,
    /** A sign of a reboot or a lost link ({@code RDY}, echo, {@code +ECMTSTAT}) that the module did not confirm. */
    UNCONFIRMED_LINK_EVENT
  }

  public SecurityEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(detail, "detail");
  }
}
