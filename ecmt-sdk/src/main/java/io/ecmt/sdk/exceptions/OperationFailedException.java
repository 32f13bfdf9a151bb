package io.ecmt.sdk.exceptions;

import io.ecmt.sdk.Operation;

/**
 * The operation's outcome reported a failure: the link could not be opened, a packet could not be
 * sent, the broker's acknowledgement was malformed, or the outcome line could not be read. For
 * example {@code +ECMTOPEN: 0,-1}, {@code +ECMTCONN: 0,2,2}, {@code +ECMTPUB: 0,5,2}.
 */
public final class OperationFailedException extends EcmtException {
  /** ECMT result 1: malformed acknowledgement from the broker (see {@link Reason#MALFORMED_ACK}). */
  public static final int RESULT_MALFORMED_ACK = 1;
  /** ECMT result 2: the packet could not be sent (see {@link Reason#SEND_FAILED}). */
  public static final int RESULT_SEND_FAILED = 2;

  /** What went wrong, in any module's terms. */
  public enum Reason {
    /** The packet could not be sent: the link is in trouble. */
    SEND_FAILED,
    /** The broker's acknowledgement was malformed. */
    MALFORMED_ACK,
    /** The outcome line named this operation but could not be read. */
    UNREADABLE_OUTCOME,
    /** Any other failure; {@link #result()} has the module's number. */
    FAILED
  }

  private final Operation operation;
  private final int clientId;
  private final int msgId;
  private final int result;
  private final Reason reason;

  /** An ECMT result: 1 and 2 have their own reasons. */
  public OperationFailedException(Operation operation, int clientId, int msgId, int result) {
    this(operation, clientId, msgId, result, result == RESULT_MALFORMED_ACK ? Reason.MALFORMED_ACK
        : result == RESULT_SEND_FAILED ? Reason.SEND_FAILED : Reason.FAILED, null);
  }

  /**
   * @param result the module's own number, -1 when there is none
   * @param detail why the outcome could not be read, or null
   */
  public OperationFailedException(Operation operation, int clientId, int msgId, int result, Reason reason,
      String detail) {
    super(operation + " failed on client " + clientId + (msgId > 0 ? " (msgID " + msgId + ")" : "")
        + ": result " + result + describe(operation, result, reason) + (detail == null ? "" : ": " + detail));
    this.operation = operation;
    this.clientId = clientId;
    this.msgId = msgId;
    this.result = result;
    this.reason = reason;
  }

  private static String describe(Operation operation, int result, Reason reason) {
    return switch (reason) {
      case MALFORMED_ACK -> " (malformed acknowledgement)";
      case SEND_FAILED -> " (send failed)";
      case UNREADABLE_OUTCOME -> " (unreadable outcome)";
      case FAILED -> result == -1 && operation == Operation.OPEN ? " (DNS, TCP or TLS failure)"
          : result == -1 ? " (failed)" : "";
    };
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

  /** The result number the module printed (-1 when none could be read). */
  public int result() {
    return result;
  }

  /** What went wrong. */
  public Reason reason() {
    return reason;
  }
}
