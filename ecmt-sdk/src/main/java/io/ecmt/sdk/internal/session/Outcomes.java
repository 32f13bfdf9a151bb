package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.Operation;
import io.ecmt.sdk.exceptions.AtErrorException;
import io.ecmt.sdk.exceptions.ClientStateException;
import io.ecmt.sdk.exceptions.CmeErrorException;
import io.ecmt.sdk.exceptions.CommandTimeoutException;
import io.ecmt.sdk.exceptions.ConnectionRefusedException;
import io.ecmt.sdk.exceptions.LinkLostException;
import io.ecmt.sdk.exceptions.OperationFailedException;
import io.ecmt.sdk.exceptions.OperationFailedException.Reason;
import io.ecmt.sdk.exceptions.TransportException;
import io.ecmt.sdk.exceptions.UrcTimeoutException;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Result;

/** What outcomes and errors mean to a client session: the typed exception, and whether the link is in trouble. */
final class Outcomes {
  private Outcomes() {}

  /** The exception for a failed outcome (not for {@code REJECTED}, which needs the filter). */
  static RuntimeException failure(Operation operation, int client, int msgId, Result result) {
    return switch (result.kind()) {
      case REFUSED -> new ConnectionRefusedException(client, result.code());
      case SEND_FAILED -> new OperationFailedException(operation, client, msgId, result.code(), Reason.SEND_FAILED, null);
      case MALFORMED_ACK ->
          new OperationFailedException(operation, client, msgId, result.code(), Reason.MALFORMED_ACK, null);
      case UNREADABLE ->
          new OperationFailedException(operation, client, msgId, -1, Reason.UNREADABLE_OUTCOME, result.detail());
      default -> new OperationFailedException(operation, client, msgId, result.code(), Reason.FAILED, null);
    };
  }

  /** Failures after which the link must be rebuilt; the message itself may be fine. */
  static boolean isLinkTrouble(Throwable e) {
    return e instanceof LinkLostException
        || e instanceof UrcTimeoutException
        || e instanceof CommandTimeoutException
        || e instanceof TransportException
        || (e instanceof OperationFailedException f && f.reason() == Reason.SEND_FAILED)
        || (e instanceof ClientStateException c && c.operation() == Operation.PUBLISH);
  }

  /** Errors that mean the module refused or never received a command (as opposed to its outcome failing). */
  static boolean wasNotExecuted(Throwable e) {
    return e instanceof AtErrorException
        || e instanceof CommandTimeoutException
        || e instanceof TransportException
        || (e instanceof CmeErrorException c && !c.isOperationNotAllowed());
  }

  static boolean isNotAllowed(Throwable e) {
    return e instanceof CmeErrorException c && c.isOperationNotAllowed();
  }
}
