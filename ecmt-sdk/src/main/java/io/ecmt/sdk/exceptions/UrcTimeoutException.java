package io.ecmt.sdk.exceptions;

import io.ecmt.sdk.Operation;
import java.time.Duration;

/**
 * The module accepted a command with {@code OK} but its outcome URC never came: the broker did not
 * answer (the firmware never retransmits and has no timeout of its own).
 */
public final class UrcTimeoutException extends EcmtException {
  private final Operation operation;
  private final int clientId;
  private final int msgId;
  private final Duration timeout;

  public UrcTimeoutException(Operation operation, int clientId, int msgId, Duration timeout) {
    super("no outcome for " + operation + " (client " + clientId + (msgId > 0 ? ", msgID " + msgId : "")
        + ") within " + timeout.toMillis() + " ms");
    this.operation = operation;
    this.clientId = clientId;
    this.msgId = msgId;
    this.timeout = timeout;
  }

  public Operation operation() {
    return operation;
  }

  public int clientId() {
    return clientId;
  }

  /** The packet id, or 0 for operations without one. */
  public int msgId() {
    return msgId;
  }

  public Duration timeout() {
    return timeout;
  }
}
