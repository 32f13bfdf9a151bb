package io.ecmt.sdk.exceptions;

/**
 * The module answered {@code +CME ERROR: <n>} or {@code +CME ERROR: <text>} (or {@code +CMS ERROR}).
 * Every ECMT business failure (wrong state, no PDP context) is code 3, "operation not allowed".
 */
public final class CmeErrorException extends EcmtException {
  /** The code every ECMT business failure uses. */
  public static final int OPERATION_NOT_ALLOWED = 3;

  private final String command;
  private final int code;
  private final String text;
  private final boolean cms;

  /**
   * @param command the command as logged
   * @param code    the numeric code, or -1 when the module printed text
   * @param text    the text form, or null when the module printed a number
   * @param cms     true for {@code +CMS ERROR}
   */
  public CmeErrorException(String command, int code, String text, boolean cms) {
    super((cms ? "+CMS" : "+CME") + " ERROR: " + (text != null ? text : code) + " for " + command);
    this.command = command;
    this.code = code;
    this.text = text;
    this.cms = cms;
  }

  public String command() {
    return command;
  }

  /** The numeric code; -1 when the module printed a text (then see {@link #text()}). */
  public int code() {
    return code;
  }

  /** The text form ({@code AT+CMEE=2}), or null. */
  public String text() {
    return text;
  }

  /** Whether this was a {@code +CMS ERROR}. */
  public boolean isCms() {
    return cms;
  }

  /** Code 3 or its text form: the module refused the operation in its current state. */
  public boolean isOperationNotAllowed() {
    return code == OPERATION_NOT_ALLOWED || "operation not allowed".equalsIgnoreCase(text);
  }
}
