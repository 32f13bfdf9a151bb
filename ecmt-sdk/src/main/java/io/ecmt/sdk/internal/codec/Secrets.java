package io.ecmt.sdk.internal.codec;

import java.util.function.UnaryOperator;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Redaction by content: every text that may reach a log, an event, an exception or a recorded
 * transcript goes through {@link #redact(String)}. Two rules, so that neither an echoed command
 * (possibly behind noise bytes) nor a payload that happens to carry a secret leaks it:
 *
 * <ul>
 *   <li>the dialect's secret-bearing command and response forms (for ECMT: the password of
 *       {@code +ECMTCONN=}, the {@code "ssl"} and {@code "aliauth"} options), found anywhere in the
 *       line and in any case;</li>
 *   <li>every known secret (passwords, PSKs, device secrets the SDK was given, of at least
 *       {@value #MIN_SECRET_LENGTH} characters) is replaced wherever it appears.</li>
 * </ul>
 *
 * Thread-safe: secrets are added on the session thread and read from any.
 */
public final class Secrets {

  /** Shorter secrets are not searched for inside arbitrary text (they would mask ordinary words). */
  public static final int MIN_SECRET_LENGTH = 3;

  /** What is written instead of a secret. */
  public static final String MASK = "***";

  private final UnaryOperator<String> forms;
  private final Set<String> known = new CopyOnWriteArraySet<>();

  /** @param forms masks the dialect's secret-bearing forms in a line */
  public Secrets(UnaryOperator<String> forms) {
    this.forms = forms;
  }

  /** Remembers {@code secret} (null and short values are ignored by the substring rule). */
  public void add(String secret) {
    if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
      known.add(secret);
    }
  }

  /** {@code line} with secret-bearing forms and known secrets masked; null stays null. */
  public String redact(String line) {
    if (line == null) {
      return null;
    }
    String out = forms.apply(line);
    for (String secret : known) {
      if (out.contains(secret)) {
        out = out.replace(secret, MASK);
      }
    }
    return out;
  }
}
