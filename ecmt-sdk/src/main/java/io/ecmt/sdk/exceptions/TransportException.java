package io.ecmt.sdk.exceptions;

/** The transport failed to open, write or read. */
public final class TransportException extends EcmtException {
  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
