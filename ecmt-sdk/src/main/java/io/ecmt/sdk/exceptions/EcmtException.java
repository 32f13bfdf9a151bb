package io.ecmt.sdk.exceptions;

/**
 * Base of every exception the SDK reports. All are unchecked; each subclass is one cause and
 * carries its data.
 */
public abstract class EcmtException extends RuntimeException {
  protected EcmtException(String message) {
    super(message);
  }

  protected EcmtException(String message, Throwable cause) {
    super(message, cause);
  }
}
