package io.ecmt.sdk.internal.dialect.ecmt;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-side model of the module's AT parser: how the firmware splits {@code AT+NAME=<params>}.
 * Quoted strings run to the next quote (no escaping) and may contain commas; for AT+ECMTPUB the
 * payload is the rest of the line after the fifth comma with one leading and one trailing quote
 * stripped.
 */
record AtLineParser(String name, String suffix, List<String> params) {

  /** A parameter as the module sees it: quotes removed, with a marker of whether it was quoted. */
  static String unq(String p) {
    return p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"") ? p.substring(1, p.length() - 1) : p;
  }

  static AtLineParser parse(String line) {
    if (!line.startsWith("AT+")) {
      throw new IllegalArgumentException("not an AT+ command: " + line);
    }
    if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("line end inside the command");
    }
    int i = 3;
    while (i < line.length() && Character.isLetterOrDigit(line.charAt(i))) {
      i++;
    }
    String name = line.substring(3, i);
    String rest = line.substring(i);
    if (rest.equals("?") || rest.equals("=?") || rest.isEmpty()) {
      return new AtLineParser(name, rest, List.of());
    }
    if (!rest.startsWith("=")) {
      throw new IllegalArgumentException("bad suffix " + rest);
    }
    String params = rest.substring(1);
    List<String> out = new ArrayList<>();
    int from = 0;
    boolean quoted = false;
    for (int k = 0; k < params.length(); k++) {
      char c = params.charAt(k);
      if (name.equals("ECMTPUB") && out.size() == 5) {
        break; // the payload is the raw rest of the line
      }
      if (c == '"') {
        if (quoted) {
          // a closing quote must end the parameter, as in the firmware
          if (k + 1 < params.length() && params.charAt(k + 1) != ',') {
            throw new IllegalArgumentException("text after closing quote at " + k);
          }
        } else if (k != from) {
          throw new IllegalArgumentException("quote inside an unquoted parameter at " + k);
        }
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(params.substring(from, k));
        from = k + 1;
      }
    }
    if (quoted && !(name.equals("ECMTPUB") && out.size() == 5)) {
      throw new IllegalArgumentException("unterminated quote");
    }
    String last = params.substring(from);
    if (name.equals("ECMTPUB") && out.size() == 5) {
      // one leading and one trailing quote stripped, inner ones kept
      String p = last;
      if (p.startsWith("\"")) {
        p = p.substring(1);
      }
      if (p.endsWith("\"")) {
        p = p.substring(0, p.length() - 1);
      }
      out.add("\"" + p + "\"");
    } else {
      out.add(last);
    }
    return new AtLineParser(name, "=", out);
  }

  String param(int index) {
    return unq(params.get(index));
  }

  int intParam(int index) {
    return Integer.parseInt(params.get(index));
  }

  boolean quoted(int index) {
    String p = params.get(index);
    return p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"");
  }
}
