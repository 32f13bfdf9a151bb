package io.ecmt.sdk.exceptions;

import io.ecmt.sdk.Operation;

/**
 * The outcome URC reported a failure: {@code +ECMTOPEN: 0,-1}, {@code +ECMTCONN: 0,2,2},
 * {@code +ECMTPUB: 0,5,2}, {@code +ECMTSUB: 0,3,1,0} and the like.
 */
public final class OperationFailedException extends EcmtException {
  /** URC result: 1 = malformed acknowledgement from the broker. */
  public static final int RESULT_MALFORMED_ACK = 1;
  /** URC result: 2 = the packet could not be sent. */
  public static final int RESULT_SEND_FAILED = 2;

  private final Operation operation;
  private final int clientId;
  private final int msgId;
  private final int result;

  public OperationFailedException(Operation operation, int clientId, int msgId, int result) {
    super(operation + " failed on client " + clientId + (msgId > 0 ? " (msgID " + msgId + ")" : "")
        + ": result " + result + describe(operation, result));
    this.operation = operation;
    this.clientId = clientId;
    this.msgId = msgId;
    this.result = result;
  }

  private static String describe(Operation operation, int result) {
    if (result == -1) {
      return operation == Operation.OPEN ? " (DNS, TCP or TLS failure)" : " (failed)";
    }
    return switch (result) {
      case RESULT_MALFORMED_ACK -> " (malformed acknowledgement)";
      case RESULT_SEND_FAILED -> " (send failed)";
      default -> "";
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

  /** The {@code <result>} number the module printed. */
  public int result() {
    return result;
  }
}
