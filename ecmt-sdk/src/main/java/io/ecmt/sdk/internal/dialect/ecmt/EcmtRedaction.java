package io.ecmt.sdk.internal.dialect.ecmt;

import java.util.Locale;

/**
 * The ECMT forms that carry secrets, masked wherever they appear in a line (in any case, behind
 * noise bytes, echoed or read back): {@code +ECMTCONN=<id>,<cid>,<user>,<password>} keeps the first
 * three fields; {@code "ssl",...} and {@code "aliauth",...} keep only the option name.
 */
final class EcmtRedaction {
  private EcmtRedaction() {}

  static String redactForms(String line) {
    if (line == null) {
      return null;
    }
    String upper = line.toUpperCase(Locale.ROOT);
    int conn = upper.indexOf("+ECMTCONN=");
    if (conn >= 0) {
      int cut = afterTopLevelCommas(line, conn + "+ECMTCONN=".length(), 3);
      if (cut >= 0 && cut < line.length()) {
        return line.substring(0, cut) + EcmtCommand.REDACTED;
      }
    }
    for (String option : new String[] {"\"SSL\"", "\"ALIAUTH\""}) {
      int at = upper.indexOf(option);
      if (at >= 0) {
        int cut = at + option.length();
        return cut < line.length() ? line.substring(0, cut) + "," + EcmtCommand.REDACTED : line;
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
