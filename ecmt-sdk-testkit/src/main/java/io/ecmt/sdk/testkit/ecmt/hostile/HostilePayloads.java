package io.ecmt.sdk.testkit.ecmt.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Message payloads that look like module output, for tests where a hostile publisher sends them
 * through a broker to a topic the SDK subscribes to. The module prints a received payload raw
 * inside {@code +ECMTRECV}, so each line of such a payload reaches the SDK as if the module had
 * printed it: a forged {@code OK}, a {@code +ECMTPUB} for a msgID in flight, a fake {@code RDY}.
 *
 * <pre>{@code
 * HostilePayloads gen = new HostilePayloads(new Random(seed), 1, 20);  // msgIDs 1..20
 * HostilePayloads.Payload p = gen.next();
 * broker.publish("dev/in", p.bytes(), 1, false);
 * }</pre>
 *
 * <p>Every payload is printable ASCII plus one line-end style (CR, LF or CRLF); it never holds
 * NUL, Ctrl+Z or ESC. Each embedded form starts a line of the payload (or the payload itself,
 * which puts it on the {@code +ECMTRECV} line). Deterministic for a given {@link Random} seed.
 * Not thread-safe.
 */
public final class HostilePayloads {

  /** The placeholder for a msgID in {@link #forms()}. */
  public static final String ID = "<id>";

  private static final List<String> FORMS = List.of(
      "OK",
      "ERROR",
      "+CME ERROR: 3",
      "+CME ERROR: operation not allowed",
      "RDY",
      "> ",
      "AT",
      "AT+ECMTPUB=0,1,1,0,\"t\"",
      "AT+ECMTPUB=0,<id>,1,0,\"t\"",
      "+ECMTOPEN: 0,0",
      "+ECMTOPEN: 0,-1",
      "+ECMTCLOSE: 0,0",
      "+ECMTCONN: 0,0,0",
      "+ECMTCONN: 0,2,2",
      "+ECMTDISC: 0,0",
      "+ECMTSUB: 0,<id>,0,1",
      "+ECMTSUB: 0,<id>,0,128",
      "+ECMTUNS: 0,<id>,0",
      "+ECMTPUB: 0,<id>,0",
      "+ECMTPUB: 0,<id>,2",
      "+ECMTRECV: 0,0,\"home/cmd/unlock\",open-the-door",
      "+ECMTSTAT: 0,1",
      "+ECMTCONN:0,3",
      "+ECMTOPEN:0,\"h\",1883",
      "+ECMTCFG: \"keepalive\",0,120",
      "+CEREG: 0,1",
      "");

  /** Harmless text around the forms (no form, no line end). */
  private static final List<String> FILLERS = List.of(
      "{\"temp\":21.5,\"unit\":\"C\"}", "hello world", "status=ok", "42", "a,b,c", "\"quoted\"", "x");

  /** How a payload ends its lines. */
  public enum LineEnd {
    CR("\r"), LF("\n"), CRLF("\r\n");

    private final String text;

    LineEnd(String text) {
      this.text = text;
    }

    /** The characters. */
    public String text() {
      return text;
    }
  }

  /**
   * One form inside a payload.
   *
   * @param form the template from {@link #forms()}
   * @param line the form as written, {@link #ID} replaced by {@code msgId}
   * @param msgId the msgID put in, or -1 when the form has none
   * @param offset where {@code line} starts in {@link Payload#text()}
   */
  public record Embedded(String form, String line, int msgId, int offset) { }

  /**
   * A generated payload and what it holds.
   *
   * @param text the payload
   * @param lineEnd the only line end used in it
   * @param embedded the forms in it, in order
   */
  public record Payload(String text, LineEnd lineEnd, List<Embedded> embedded) {
    public Payload {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(lineEnd, "lineEnd");
      embedded = List.copyOf(embedded);
    }

    /** The payload as it is published (ASCII). */
    public byte[] bytes() {
      return text.getBytes(StandardCharsets.US_ASCII);
    }
  }

  private final Random random;
  private final int minMsgId;
  private final int maxMsgId;

  /**
   * A generator drawing from {@code random}, with msgIDs in {@code minMsgId..maxMsgId}
   * (inclusive, within 1..65535): pick the ids the test has in flight.
   */
  public HostilePayloads(Random random, int minMsgId, int maxMsgId) {
    this.random = Objects.requireNonNull(random, "random");
    if (minMsgId < 1 || maxMsgId > 65535 || minMsgId > maxMsgId) {
      throw new IllegalArgumentException("msgID range must be within 1..65535, got " + minMsgId + ".." + maxMsgId);
    }
    this.minMsgId = minMsgId;
    this.maxMsgId = maxMsgId;
  }

  /**
   * Every line form the module prints (final results, prompt, echo-like {@code AT} lines, each
   * outcome URC with good and bad results, {@code +ECMTRECV}, {@code +ECMTSTAT}, read forms,
   * {@code +CEREG}, the empty line), with {@link #ID} where a msgID goes. Immutable.
   */
  public static List<String> forms() {
    return FORMS;
  }

  /** {@code form} with {@link #ID} replaced by {@code msgId}. */
  public static String render(String form, int msgId) {
    return form.replace(ID, Integer.toString(msgId));
  }

  /**
   * A payload with one to three forms, each at the start of a line (the first possibly at the
   * very start of the payload), optionally after blank lines and between filler lines, with one
   * randomly chosen line end, and a trailing line end or not.
   */
  public Payload next() {
    LineEnd end = LineEnd.values()[random.nextInt(LineEnd.values().length)];
    StringBuilder text = new StringBuilder();
    List<Embedded> embedded = new ArrayList<>();
    if (random.nextInt(3) == 0) {
      text.append(filler());
    }
    int forms = 1 + random.nextInt(3);
    for (int i = 0; i < forms; i++) {
      if (text.length() > 0 || i > 0) {
        text.append(end.text());
      }
      int blank = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0;
      text.append(end.text().repeat(blank));
      String form = FORMS.get(random.nextInt(FORMS.size()));
      int id = form.contains(ID) ? minMsgId + random.nextInt(maxMsgId - minMsgId + 1) : -1;
      String line = render(form, id);
      embedded.add(new Embedded(form, line, id, text.length()));
      text.append(line);
      if (random.nextInt(3) == 0) {
        text.append(end.text()).append(filler());
      }
    }
    if (random.nextBoolean()) {
      text.append(end.text());
    }
    return new Payload(text.toString(), end, embedded);
  }

  /**
   * Every placement of one form, for tests that go through the list deterministically: the form
   * alone, then for each line end: with a trailing line end, first, last, in the middle, after
   * and before blank lines (19 payloads).
   */
  public static List<Payload> placements(String form, int msgId) {
    String line = render(form, msgId);
    int id = form.contains(ID) ? msgId : -1;
    String f = FILLERS.get(0);
    List<Payload> out = new ArrayList<>();
    out.add(new Payload(line, LineEnd.LF, List.of(new Embedded(form, line, id, 0)))); // alone
    for (LineEnd end : LineEnd.values()) {
      String e = end.text();
      String[][] shapes = {
          {"", e},
          {"", e + f},
          {f + e, ""},
          {f + e, e + f},
          {e + e, e + e + f},
          {f + e + e, e},
      };
      for (String[] s : shapes) {
        out.add(new Payload(s[0] + line + s[1], end, List.of(new Embedded(form, line, id, s[0].length()))));
      }
    }
    return out;
  }

  private String filler() {
    return FILLERS.get(random.nextInt(FILLERS.size()));
  }
}
