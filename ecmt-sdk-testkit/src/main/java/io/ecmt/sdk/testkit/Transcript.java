package io.ecmt.sdk.testkit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything that crossed a {@link FakeModule}'s serial side, both ways, with timestamps: raw byte
 * chunks as written or received, plus parsed command lines, prompt payloads and notes (such as the
 * route an {@code AT+ECMTOPEN} took). Thread-safe.
 */
public final class Transcript {

  /** Who sent an entry's bytes. */
  public enum Direction {
    /** Host (SDK) to module. */
    HOST_TO_MODULE,
    /** Module to host. */
    MODULE_TO_HOST
  }

  /** What an entry holds. */
  public enum Kind {
    /** Raw bytes exactly as one transport write delivered them. */
    BYTES,
    /** One complete command line the module parsed (without CR/LF). */
    COMMAND,
    /** The payload bytes entered after a {@code > } prompt (without Ctrl+Z / ESC). */
    PROMPT_DATA,
    /** A remark by the fake module (routing, faults), not bytes on the wire. */
    NOTE
  }

  /** One recorded entry; {@code bytes} is a private copy. */
  public record Entry(Instant time, Direction direction, Kind kind, byte[] bytes) {
    public Entry {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    /** The bytes decoded as UTF-8 (lossy for binary). */
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  // AT+ECMTCONN=<id>,"cid","user","password" (quotes optional): keep everything but the password.
  private static final Pattern CONN_PASSWORD = Pattern.compile(
      "(?i)(AT\\+ECMTCONN=\\d+,(?:\"[^\"\\r\\n]*\"|[^,\\r\\n]*),(?:\"[^\"\\r\\n]*\"|[^,\\r\\n]*),)(\"[^\"\\r\\n]*\"?|[^\\r\\n]*)");

  private final int limit;
  private final java.util.ArrayDeque<Entry> entries = new java.util.ArrayDeque<>();
  private final BlockingQueue<String> commandQueue;

  /** Keeps the last {@code limit} entries (and untaken commands); older ones are forgotten. */
  Transcript(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("transcript limit must be ≥ 1");
    }
    this.limit = limit;
    this.commandQueue = new LinkedBlockingQueue<>(limit);
  }

  void record(Direction direction, Kind kind, byte[] bytes) {
    Entry e = new Entry(Instant.now(), direction, kind, bytes);
    synchronized (entries) {
      if (entries.size() == limit) {
        entries.removeFirst();
      }
      entries.addLast(e);
    }
    if (kind == Kind.COMMAND) {
      while (!commandQueue.offer(e.text())) {
        commandQueue.poll(); // full: the oldest untaken command goes, as its entry did
      }
    }
  }

  void note(String text) {
    record(Direction.MODULE_TO_HOST, Kind.NOTE, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A snapshot of all entries in order. */
  public List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  /** Every command line the host sent so far, in order. */
  public List<String> commands() {
    List<String> out = new ArrayList<>();
    for (Entry e : entries()) {
      if (e.kind() == Kind.COMMAND) {
        out.add(e.text());
      }
    }
    return out;
  }

  /**
   * Takes the next command the host sent that no earlier call took, waiting up to {@code timeout};
   * {@code null} if none came.
   */
  public String takeCommand(Duration timeout) throws InterruptedException {
    return commandQueue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** All bytes the module received from the host, concatenated. */
  public byte[] received() {
    return concat(Direction.HOST_TO_MODULE);
  }

  /** All bytes the module wrote to the host, concatenated. */
  public byte[] sent() {
    return concat(Direction.MODULE_TO_HOST);
  }

  private byte[] concat(Direction d) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Entry e : entries()) {
      if (e.direction() == d && e.kind() == Kind.BYTES) {
        out.writeBytes(e.bytes);
      }
    }
    return out.toByteArray();
  }

  /**
   * Writes one JSON object per entry and line: {@code {"time":"...","dir":"in|out","kind":"bytes|
   * command|prompt_data|note","text":"..."}}. Passwords in {@code AT+ECMTCONN} are replaced by
   * {@code ***} (also in the echo). A password split across two byte chunks is not detected in
   * the chunk entries; the {@code command} entries are always redacted.
   */
  public void writeJsonLines(Writer out) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    mapper.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    for (Entry e : entries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("time", e.time().toString());
      m.put("dir", e.direction() == Direction.HOST_TO_MODULE ? "in" : "out");
      m.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
      m.put("text", redact(e.text()));
      out.write(mapper.writeValueAsString(m));
      out.write('\n');
    }
    out.flush();
  }

  /** The transcript as JSON lines (see {@link #writeJsonLines(Writer)}). */
  public String toJsonLines() {
    java.io.StringWriter w = new java.io.StringWriter();
    try {
      writeJsonLines(w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  static String redact(String text) {
    Matcher m = CONN_PASSWORD.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      boolean quoted = m.group(2).startsWith("\"");
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + (quoted ? "\"***\"" : "***")));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
