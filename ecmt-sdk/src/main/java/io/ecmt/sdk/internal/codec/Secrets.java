package io.ecmt.sdk.internal.codec;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Redaction by content: every text that may reach a log, an event, an exception or a recorded
 * transcript goes through {@link #redact(String)}. Two rules, so that neither an echoed command
 * (possibly behind noise bytes) nor a payload that happens to carry a secret leaks it:
 *
 * <ul>
 *   <li>secret-bearing command and response forms, found anywhere in the line and in any case:
 *       {@code +ECMTCONN=<id>,<cid>,<user>,<password>} keeps the first three fields,
 *       {@code "ssl",...} and {@code "aliauth",...} keep only the option name;</li>
 *   <li>every known secret (passwords, PSKs, device secrets the SDK was given, of at least
 *       {@value #MIN_SECRET_LENGTH} characters) is replaced wherever it appears.</li>
 * </ul>
 *
 * Thread-safe: secrets are added on the session thread and read from any.
 */
public final class Secrets {

  /** Shorter secrets are not searched for inside arbitrary text (they would mask ordinary words). */
  public static final int MIN_SECRET_LENGTH = 3;

  private static final String MASK = EcmtCommand.REDACTED;

  private final Set<String> known = new CopyOnWriteArraySet<>();

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
    String out = redactForms(line);
    for (String secret : known) {
      if (out.contains(secret)) {
        out = out.replace(secret, MASK);
      }
    }
    return out;
  }

  /** Only the form rule (no known secrets): for texts seen before any secret was given. */
  public static String redactForms(String line) {
    if (line == null) {
      return null;
    }
    String upper = line.toUpperCase(Locale.ROOT);
    int conn = upper.indexOf("+ECMTCONN=");
    if (conn >= 0) {
      int cut = afterTopLevelCommas(line, conn + "+ECMTCONN=".length(), 3);
      if (cut >= 0 && cut < line.length()) {
        return line.substring(0, cut) + MASK;
      }
    }
    for (String option : new String[] {"\"SSL\"", "\"ALIAUTH\""}) {
      int at = upper.indexOf(option);
      if (at >= 0) {
        int cut = at + option.length();
        return cut < line.length() ? line.substring(0, cut) + "," + MASK : line;
      }
    }
    return line;
  }

  /** The index just after the {@code n}-th comma outside quotes from {@code from}, or -1. */
  private static int afterTopLevelCommas(String s, int from, int n) {
    boolean quoted = false;
    int seen = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted && ++seen == n) {
        return i + 1;
      }
    }
    return -1;
  }
}
