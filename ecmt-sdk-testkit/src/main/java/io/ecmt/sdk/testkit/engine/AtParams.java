package io.ecmt.sdk.testkit.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * AT command parameters as modules read them: comma-separated, quoted or unquoted; a quoted
 * string may hold commas and semicolons but no {@code "} (there is no escaping), an unquoted one
 * no {@code "} at all. Unquoted values are trimmed. Problems are {@link AtError#syntax syntax}
 * errors; values out of range are {@link AtError#notAllowed refusals}.
 *
 * @param list the parameters in order
 * @param rest with a limit: the raw rest of the line after the limit's comma (null if the line
 *     ended before)
 */
public record AtParams(List<Param> list, String rest) {

  /** One parameter: its text without quotes, and whether it was quoted. */
  public record Param(String text, boolean quoted) { }

  /** Copies the list: parameters are values. */
  public AtParams {
    list = List.copyOf(list);
  }

  /** All parameters of {@code s} (the text after {@code =}). */
  public static AtParams parse(String s) {
    return parse(s, 0);
  }

  /**
   * The first {@code limit} parameters of {@code s} (0: all) and, if more follow, the raw rest of
   * the line after the comma that ends the last of them.
   */
  public static AtParams parse(String s, int limit) {
    List<Param> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (true) {
      if (limit > 0 && out.size() == limit) {
        return new AtParams(out, s.substring(i));
      }
      if (i < n && s.charAt(i) == '"') {
        int close = s.indexOf('"', i + 1);
        if (close < 0) {
          throw AtError.syntax("unterminated quote");
        }
        out.add(new Param(s.substring(i + 1, close), true));
        i = close + 1;
        if (i < n && s.charAt(i) != ',') {
          throw AtError.syntax("quote inside a quoted parameter");
        }
      } else {
        int comma = s.indexOf(',', i);
        String t = comma < 0 ? s.substring(i) : s.substring(i, comma);
        if (t.indexOf('"') >= 0) {
          throw AtError.syntax("stray quote");
        }
        out.add(new Param(t.trim(), false));
        i = comma < 0 ? n : comma;
      }
      if (i >= n) {
        return new AtParams(out, null);
      }
      i++; // the comma
    }
  }

  /** How many parameters. */
  public int size() {
    return list.size();
  }

  /** Parameter {@code i}. */
  public Param get(int i) {
    return list.get(i);
  }

  /** The parameters from index {@code from} on. */
  public List<Param> from(int from) {
    return list.subList(from, list.size());
  }

  /** The text of the one parameter {@code args} must hold. */
  public static String one(String args) {
    AtParams p = parse(args);
    if (p.size() != 1) {
      throw AtError.syntax("one parameter expected");
    }
    return p.get(0).text();
  }

  /** {@code t} as a number: an optional {@code -} and 1 to 9 digits, nothing else. */
  public static int num(String t) {
    int start = t.startsWith("-") ? 1 : 0;
    int digits = t.length() - start;
    if (digits < 1 || digits > 9) {
      throw AtError.syntax("not a number: " + t);
    }
    for (int i = start; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        throw AtError.syntax("not a number: " + t);
      }
    }
    return Integer.parseInt(t);
  }

  /** An unquoted parameter as a number. */
  public static int num(Param p) {
    if (p.quoted()) {
      throw AtError.syntax("number expected, got a string");
    }
    return num(p.text());
  }

  /** A number within {@code min..max}; outside it the module refuses. */
  public static int range(Param p, int min, int max) {
    int v = num(p);
    if (v < min || v > max) {
      throw AtError.notAllowed(v + " out of range " + min + ".." + max);
    }
    return v;
  }

  /**
   * A string of at most {@code max} bytes in UTF-8 (the firmware counts bytes, not characters);
   * longer the module refuses.
   */
  public static String str(Param p, int max) {
    if (utf8Length(p.text()) > max) {
      throw AtError.notAllowed("string longer than " + max);
    }
    return p.text();
  }

  /** How many bytes {@code s} takes in UTF-8. */
  public static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /** {@code v}, which must hold exactly {@code n} values. */
  public static List<Param> exactly(List<Param> v, int n) {
    if (v.size() != n) {
      throw AtError.syntax("expected " + n + " values");
    }
    return v;
  }
}
