package io.ecmt.sdk.testkit.engine;

/**
 * A command-level failure a handler throws: a syntax error (the module prints {@code ERROR}, and
 * strict mode records a violation: the host sent something the module does not understand) or a
 * {@code +CME ERROR} with its 3GPP TS 27.007 code (the module understood and refused).
 */
public final class AtError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** 27.007 "operation not allowed". */
  public static final int OPERATION_NOT_ALLOWED = 3;

  private final int cme;

  private AtError(int cme, String why) {
    super(why, null, false, false); // control flow, not a bug: no stack trace
    this.cme = cme;
  }

  /** Plain {@code ERROR}: missing parameter, bad quoting, wrong type, unknown command. */
  public static AtError syntax(String why) {
    return new AtError(-1, why);
  }

  /** {@code +CME ERROR: <code>} (or its text, or {@code ERROR}, as {@code AT+CMEE} says). */
  public static AtError cme(int code, String why) {
    if (code < 0) {
      throw new IllegalArgumentException("CME codes are not negative");
    }
    return new AtError(code, why);
  }

  /** {@code +CME ERROR: 3}, "operation not allowed". */
  public static AtError notAllowed(String why) {
    return cme(OPERATION_NOT_ALLOWED, why);
  }

  /** Whether this is a syntax error rather than a refusal. */
  public boolean isSyntax() {
    return cme < 0;
  }

  /** The CME code; meaningless for a syntax error. */
  public int cmeCode() {
    return cme;
  }
}
