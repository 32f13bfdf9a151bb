package io.ecmt.sdk.examples;

/**
 * Masks a secret in text the commands print. The SDK already redacts passwords in every command,
 * event and exception it reports; this is the second line of defence for anything else that could
 * carry the secret to the terminal (an echoed or garbled line, a module's own message).
 */
final class Redactor {
  static final String MASK = "***";
  private static final Redactor NONE = new Redactor(null);

  private final String secret;

  private Redactor(String secret) {
    this.secret = secret;
  }

  /** Masks {@code secret} (nothing when it is null or empty). */
  static Redactor of(String secret) {
    return secret == null || secret.isEmpty() ? NONE : new Redactor(secret);
  }

  /** {@code text} with every occurrence of the secret replaced by {@link #MASK}. */
  String apply(String text) {
    return secret == null || text == null ? text : text.replace(secret, MASK);
  }
}
