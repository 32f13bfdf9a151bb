package io.ecmt.sdk.exceptions;

/** A JSON payload could not be written or read through Jackson. */
public final class PayloadMappingException extends EcmtException {
  public PayloadMappingException(String message, Throwable cause) {
    super(message, cause);
  }
}
