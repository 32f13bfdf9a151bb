package io.ecmt.sdk.exceptions;

/** The modem was closed (by the application or because its transport closed) while work was pending. */
public final class ModemClosedException extends EcmtException {
  public ModemClosedException(String reason) {
    super("modem closed: " + reason);
  }

  public ModemClosedException(String reason, Throwable cause) {
    super("modem closed: " + reason, cause);
  }
}
