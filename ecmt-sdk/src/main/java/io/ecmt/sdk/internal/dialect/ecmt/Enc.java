package io.ecmt.sdk.internal.dialect.ecmt;

/** Small encoding helpers shared by the command records. */
final class Enc {
  private Enc() {}

  static String bit(boolean b) {
    return b ? "1" : "0";
  }

  /** Wraps a string in one pair of quotes, verbatim: AT has no escaping, {@link io.ecmt.sdk.ArgumentChecks} ran before. */
  static String q(String s) {
    return "\"" + s + "\"";
  }

  /** Whether {@code line} starts with {@code prefix}, ignoring leading spaces (null-safe). */
  static boolean hasPrefix(String line, String prefix) {
    if (line == null) {
      return false;
    }
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return line.startsWith(prefix, i);
  }
}
