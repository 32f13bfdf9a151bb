package io.ecmt.sdk.exceptions;

/**
 * An argument the module cannot carry or would misread: raised before any byte is written.
 * The offending value is not included when it is secret (passwords).
 */
public final class InvalidArgumentException extends EcmtException {
  private final String field;
  private final String reason;

  public InvalidArgumentException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  /** The field name, such as {@code topic}, {@code clientId}, {@code password}, {@code payload}. */
  public String field() {
    return field;
  }

  /** Why the value was refused. */
  public String reason() {
    return reason;
  }
}
