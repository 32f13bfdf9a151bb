package io.ecmt.sdk.internal.dialect.ecmt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one received line (ISO-8859-1: one char per byte, as the framer produces it) into a
 * {@link Urc}. Pure and total: never throws, garbage becomes {@link Urc.Malformed} or
 * {@link Urc.Other}. The space after the colon is optional everywhere.
 *
 * <p>Lines starting with {@code +ECMT} (after optional leading spaces) are ECMT lines: they decode
 * to a typed value or to {@link Urc.Malformed} with the reason; {@code RDY} decodes to
 * {@link Urc.Ready}; everything else (including {@code null}) is {@link Urc.Other}. Extra spaces
 * around numeric fields are tolerated.
 */
public final class EcmtDecoder {
  private EcmtDecoder() {}

  /** Decodes one line; never throws. */
  public static Urc decode(String line) {
    if (line == null) {
      return new Urc.Other("");
    }
    try {
      return decodeUnchecked(line);
    } catch (RuntimeException e) {
      // Belt and braces: the parsers below are written not to throw, but a reader thread must
      // never die on a line, so anything unexpected is a Malformed value too.
      return new Urc.Malformed(line, "decoder failure: " + e.getClass().getSimpleName());
    }
  }

  /**
   * A line that answers a read command ({@code AT+ECMTCONN?}): the two-field form is the read
   * answer whether or not the build prints a space after the colon.
   */
  public static Urc decodeRead(String line) {
    Urc urc = decode(line);
    if (urc instanceof Urc.ConnResult c && line.indexOf(',') == line.lastIndexOf(',')) {
      return new Urc.ConnRead(c.clientId(), c.result());
    }
    return urc;
  }

  private static Urc decodeUnchecked(String line) {
    int start = skipSpaces(line, 0);
    if (line.strip().equals("RDY")) {
      return new Urc.Ready();
    }
    if (!line.startsWith("+ECMT", start)) {
      return new Urc.Other(line);
    }
    int colon = line.indexOf(':', start);
    if (colon < 0) {
      return new Urc.Malformed(line, "no ':' after the ECMT code");
    }
    String code = line.substring(start + 1, colon).strip();
    String rest = line.substring(colon + 1);
    if (rest.strip().startsWith("(") && !code.equals("ECMTCFG")) {
      return new Urc.TestForm(code, split(rest)); // "+ECMTOPEN: (0),<host_name>,<port>"
    }
    return switch (code) {
      case "ECMTOPEN" -> open(line, rest);
      case "ECMTCLOSE" -> twoInts(line, rest, (a, b) -> new Urc.CloseResult(a, b));
      case "ECMTDISC" -> twoInts(line, rest, (a, b) -> new Urc.DiscResult(a, b));
      case "ECMTSTAT" -> twoInts(line, rest, (a, b) -> new Urc.Stat(a, b));
      case "ECMTCONN" -> conn(line, rest);
      case "ECMTSUB" -> sub(line, rest);
      case "ECMTUNS" -> uns(line, rest);
      case "ECMTPUB" -> pub(line, rest);
      case "ECMTRECV" -> recv(line, rest);
      case "ECMTCFG" -> cfg(line, rest);
      default -> new Urc.Malformed(line, "unknown ECMT code '" + abbreviate(code) + "'");
    };
  }

  private interface IntPair {
    Urc make(int a, int b);
  }

  private static Urc twoInts(String line, String rest, IntPair make) {
    List<String> f = split(rest);
    if (f.size() != 2) {
      return badCount(line, 2, f.size());
    }
    long a = parseInt(f.get(0));
    long b = parseInt(f.get(1));
    if (a == BAD || b == BAD) {
      return notNumber(line);
    }
    return make.make((int) a, (int) b);
  }

  /** {@code +ECMTOPEN: <id>,<result>} or the read form {@code +ECMTOPEN:<id>,"<host>",<port>}. */
  private static Urc open(String line, String rest) {
    List<String> f = split(rest);
    if (f.size() == 2) {
      return twoInts(line, rest, (a, b) -> new Urc.OpenResult(a, b));
    }
    if (f.size() == 3) {
      long id = parseInt(f.get(0));
      long port = parseInt(f.get(2));
      String host = unquote(f.get(1));
      if (id == BAD || port == BAD) {
        return notNumber(line);
      }
      if (host.isEmpty()) {
        return new Urc.Malformed(line, "empty host in the read response");
      }
      return new Urc.OpenRead((int) id, host, (int) port);
    }
    return new Urc.Malformed(line, "expected 2 or 3 fields, found " + f.size());
  }

  /** Three fields: the outcome URC; two fields: the read response {@code +ECMTCONN:<id>,<state>}. */
  private static Urc conn(String line, String rest) {
    List<String> f = split(rest);
    long[] n = ints(f);
    if (n == null) {
      return notNumber(line);
    }
    return switch (f.size()) {
      // URCs have a space after the colon, read answers none: "+ECMTCONN: 0,0" is an outcome
      // (CONNACK received, no code printed), "+ECMTCONN:0,3" the read form.
      case 2 -> rest.startsWith(" ") ? new Urc.ConnResult((int) n[0], (int) n[1], n[1] == 0 ? 0 : -1)
          : new Urc.ConnRead((int) n[0], (int) n[1]);
      case 3 -> new Urc.ConnResult((int) n[0], (int) n[1], (int) n[2]);
      default -> new Urc.Malformed(line, "expected 2 or 3 fields, found " + f.size());
    };
  }

  private static Urc sub(String line, String rest) {
    List<String> f = split(rest);
    if (f.size() != 3 && f.size() != 4) {
      return new Urc.Malformed(line, "expected 3 or 4 fields, found " + f.size());
    }
    long[] n = ints(f);
    if (n == null) {
      return notNumber(line);
    }
    return new Urc.SubResult((int) n[0], (int) n[1], (int) n[2], f.size() == 4 ? (int) n[3] : -1);
  }

  private static Urc uns(String line, String rest) {
    List<String> f = split(rest);
    if (f.size() != 3) {
      return badCount(line, 3, f.size());
    }
    long[] n = ints(f);
    if (n == null) {
      return notNumber(line);
    }
    return new Urc.UnsResult((int) n[0], (int) n[1], (int) n[2]);
  }

  /** {@code +ECMTPUB: <id>,<msgID>,<result>}; a trailing {@code <value>} (other builds) is ignored. */
  private static Urc pub(String line, String rest) {
    List<String> f = split(rest);
    if (f.size() != 3 && f.size() != 4) {
      return new Urc.Malformed(line, "expected 3 or 4 fields, found " + f.size());
    }
    long[] n = ints(f);
    if (n == null) {
      return notNumber(line);
    }
    return new Urc.PubResult((int) n[0], (int) n[1], (int) n[2]);
  }

  /**
   * {@code +ECMTRECV: <id>,<msgID>,"<topic>",<raw payload>}: the payload is everything after the
   * comma that follows the topic, byte for byte. An unquoted topic runs to the next comma.
   */
  private static Urc recv(String line, String rest) {
    int c1 = rest.indexOf(',');
    if (c1 < 0) {
      return new Urc.Malformed(line, "truncated: no msgID");
    }
    int c2 = rest.indexOf(',', c1 + 1);
    if (c2 < 0) {
      return new Urc.Malformed(line, "truncated: no topic");
    }
    long id = parseInt(rest.substring(0, c1));
    long msgId = parseInt(rest.substring(c1 + 1, c2));
    if (id == BAD || msgId == BAD) {
      return notNumber(line);
    }
    int t = skipSpaces(rest, c2 + 1);
    List<Urc.Recv.Alternative> alternatives = List.of();
    String topicLatin1;
    int afterTopic;
    if (t < rest.length() && rest.charAt(t) == '"') {
      // The topic is printed raw between quotes: a '"' inside it (legal in MQTT) does not end it,
      // only one followed by the ',' before the payload does (the first such one: payloads hold
      // '",' far more often than topics do).
      int close = closingQuote(rest, t + 1);
      if (close < 0) {
        return new Urc.Malformed(line, rest.indexOf('"', t + 1) < 0 ? "truncated: topic quote not closed"
            : "truncated: no ',' before the payload");
      }
      topicLatin1 = rest.substring(t + 1, close);
      afterTopic = skipSpaces(rest, close + 1);
      alternatives = laterSplits(rest, t + 1, close, afterTopic + 1);
    } else {
      int c3 = rest.indexOf(',', t);
      if (c3 < 0) {
        return new Urc.Malformed(line, "truncated: no ',' before the payload");
      }
      topicLatin1 = rest.substring(t, c3).strip();
      afterTopic = c3;
    }
    if (topicLatin1.isEmpty()) {
      return new Urc.Malformed(line, "empty topic");
    }
    // The line carries one char per byte: back to bytes, then UTF-8 for the topic only.
    String topic = new String(topicLatin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    byte[] payload = rest.substring(afterTopic + 1).getBytes(StandardCharsets.ISO_8859_1);
    return new Urc.Recv((int) id, (int) msgId, topic, payload, false, false, alternatives);
  }

  /**
   * The other places the quoted topic could end ({@code "a",x",p} is topic {@code a} with payload
   * {@code x",p}, or topic {@code a",x} with payload {@code p}): for the client to choose by its
   * subscriptions. {@code payloadStart} is where the first reading's payload starts.
   */
  private static List<Urc.Recv.Alternative> laterSplits(String rest, int topicStart, int firstClose, int payloadStart) {
    List<Urc.Recv.Alternative> out = new ArrayList<>();
    for (int q = closingQuote(rest, firstClose + 1); q >= 0 && out.size() < 8; q = closingQuote(rest, q + 1)) {
      String topicLatin1 = rest.substring(topicStart, q);
      String topic = new String(topicLatin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      out.add(new Urc.Recv.Alternative(topic, skipSpaces(rest, q + 1) + 1 - payloadStart));
    }
    return out;
  }

  /** The index after the {@code n}-th comma outside quotes (the line has at least n). */
  private static int afterCommas(String s, int n) {
    boolean quoted = false;
    for (int i = 0, seen = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted && ++seen == n) {
        return i + 1;
      }
    }
    return s.length();
  }

  /** The first '"' after {@code from} that is followed (after spaces) by ',', or -1. */
  private static int closingQuote(String s, int from) {
    for (int q = s.indexOf('"', from); q >= 0; q = s.indexOf('"', q + 1)) {
      int next = skipSpaces(s, q + 1);
      if (next < s.length() && s.charAt(next) == ',') {
        return q;
      }
    }
    return -1;
  }

  /** {@code +ECMTCFG: "<option>",<values...>}; test lines keep their parentheses. */
  private static Urc cfg(String line, String rest) {
    List<String> f = split(rest);
    if (f.size() > 1 && f.get(f.size() - 1).isEmpty() && rest.contains("(")) {
      f.remove(f.size() - 1); // test lines end with a stray ',' e.g. "(0-3600),"; a query's empty field stays
    }
    String option = unquote(f.get(0));
    if (option.isEmpty()) {
      return new Urc.Malformed(line, "no option name");
    }
    List<String> values = new ArrayList<>(f.size() - 1);
    for (int i = 1; i < f.size(); i++) {
      values.add(unquote(f.get(i)));
    }
    if (option.equals("will") && values.size() > 6 && !rest.contains("(")) {
      // "will",<id>,<flag>,<qos>,<retain>,<topic>,<message>, topic and message unquoted: commas in
      // the message split it.
      String message = rest.substring(afterCommas(rest, 6));
      values = new ArrayList<>(values.subList(0, 5));
      values.add(message);
    }
    return new Urc.CfgRead(option, values);
  }

  // --- field helpers ----------------------------------------------------------------------------

  private static final long BAD = Long.MIN_VALUE;

  /**
   * Splits at commas outside quotes and parentheses, trimming each field ({@code (0,1)} and
   * {@code "a,b"} stay one field). Always returns at least one field.
   */
  static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    boolean inQuote = false;
    int depth = 0;
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        inQuote = !inQuote;
      } else if (!inQuote && c == '(') {
        depth++;
      } else if (!inQuote && c == ')' && depth > 0) {
        depth--;
      } else if (!inQuote && depth == 0 && c == ',') {
        out.add(s.substring(from, i).strip());
        from = i + 1;
      }
    }
    out.add(s.substring(from).strip());
    return out;
  }

  /** One pair of surrounding quotes removed; the field is already trimmed. */
  private static String unquote(String f) {
    if (f.length() >= 2 && f.charAt(0) == '"' && f.charAt(f.length() - 1) == '"') {
      return f.substring(1, f.length() - 1);
    }
    return f;
  }

  /** A decimal int with optional sign and surrounding spaces, or {@link #BAD}. */
  private static long parseInt(String s) {
    String t = s.strip();
    if (t.isEmpty() || t.length() > 11) {
      return BAD;
    }
    int i = (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
    if (i == t.length()) {
      return BAD;
    }
    long v = 0;
    for (; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return BAD;
      }
      v = v * 10 + (c - '0');
    }
    v = t.charAt(0) == '-' ? -v : v;
    return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? BAD : v;
  }

  private static long[] ints(List<String> f) {
    long[] n = new long[f.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = parseInt(f.get(i));
      if (n[i] == BAD) {
        return null;
      }
    }
    return n;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static Urc badCount(String line, int expected, int found) {
    return new Urc.Malformed(line, "expected " + expected + " fields, found " + found);
  }

  private static Urc notNumber(String line) {
    return new Urc.Malformed(line, "a numeric field is not an integer");
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "...";
  }
}
