package io.ecmt.sdk.testkit;

import io.ecmt.sdk.testkit.ecmt.Redaction;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

    /**
     * {@link #text()} with secrets (MQTT password, aliauth device secret, TLS PSK) replaced by
     * {@code ***}, as {@link #toString()}, {@link Transcript#toString()} and the JSON export show
     * it. For a chunk recorded by a transcript, a secret whose line started in an earlier chunk
     * of the same direction is masked too.
     */
    public String redactedText() {
      String stitched = STITCHED.get(this);
      return stitched != null ? stitched : Redaction.redact(text());
    }

    /** Time, direction, kind and the {@linkplain #redactedText() redacted} text, CR / LF escaped. */
    @Override
    public String toString() {
      return time + " " + (direction == Direction.HOST_TO_MODULE ? "in " : "out ")
          + kind.name().toLowerCase(Locale.ROOT) + " " + escape(redactedText());
    }
  }

  /**
   * Chunk entries whose redacted text depends on earlier chunks (a secret split across writes).
   * An {@link Entry} is a record and cannot carry it; weak keys let it go with its entry. Only
   * entries that really hide something are kept here.
   */
  private static final Map<Entry, String> STITCHED = Collections.synchronizedMap(new WeakHashMap<>());

  /** Per-entry bookkeeping charge on top of the bytes, so many tiny entries count too. */
  private static final int ENTRY_OVERHEAD = 64;

  private final int limit;
  private final long byteLimit;
  private final java.util.ArrayDeque<Entry> entries = new java.util.ArrayDeque<>();
  private long entryBytes;
  private final BlockingQueue<String> commandQueue;
  private final AtomicLong commandBytes = new AtomicLong();
  /** One redactor per direction, so chunk entries are masked with their line's context. */
  private final Redaction.Stream[] redactors = {new Redaction.Stream(), new Redaction.Stream()};

  /** Keeps the last {@code limit} entries (and untaken commands); older ones are forgotten. */
  Transcript(int limit) {
    this(limit, Long.MAX_VALUE);
  }

  /**
   * Keeps the last {@code limit} entries, and of those only as many as fit in about
   * {@code byteLimit} bytes (the newest entry is always kept); untaken commands likewise.
   */
  Transcript(int limit, long byteLimit) {
    if (limit < 1) {
      throw new IllegalArgumentException("transcript limit must be ≥ 1");
    }
    if (byteLimit < 1) {
      throw new IllegalArgumentException("transcript byte limit must be ≥ 1");
    }
    this.limit = limit;
    this.byteLimit = byteLimit;
    this.commandQueue = new LinkedBlockingQueue<>(limit);
  }

  void record(Direction direction, Kind kind, byte[] bytes) {
    Entry e = new Entry(Instant.now(), direction, kind, bytes);
    synchronized (entries) {
      if (kind == Kind.BYTES) {
        String raw = e.text();
        String shown = redactors[direction.ordinal()].feed(raw);
        if (!shown.equals(raw)) {
          STITCHED.put(e, shown);
        }
      }
      entries.addLast(e);
      entryBytes += charge(e);
      while (entries.size() > 1 && (entries.size() > limit || entryBytes > byteLimit)) {
        entryBytes -= charge(entries.removeFirst());
      }
    }
    if (kind == Kind.COMMAND) {
      String command = e.text();
      while (!commandQueue.offer(command)) {
        dropOldestCommand(); // full: the oldest untaken command goes, as its entry did
      }
      commandBytes.addAndGet(ENTRY_OVERHEAD + command.length());
      while (commandBytes.get() > byteLimit && commandQueue.size() > 1) {
        dropOldestCommand();
      }
    }
  }

  private void dropOldestCommand() {
    String gone = commandQueue.poll();
    if (gone != null) {
      commandBytes.addAndGet(-(ENTRY_OVERHEAD + gone.length()));
    }
  }

  private static long charge(Entry e) {
    return ENTRY_OVERHEAD + (long) e.bytes.length;
  }

  /** The bytes the entries held now take, counted as the byte limit counts them. */
  long retainedBytes() {
    synchronized (entries) {
      return entryBytes;
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
    String c = commandQueue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (c != null) {
      commandBytes.addAndGet(-(ENTRY_OVERHEAD + c.length()));
    }
    return c;
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
   * command|prompt_data|note","text":"..."}}. The text is {@link Entry#redactedText()}: MQTT
   * passwords, aliauth device secrets and TLS PSKs are replaced by {@code ***} wherever their
   * command form appears (the command, its echo, noise in front, a secret split across chunks).
   */
  public void writeJsonLines(Writer out) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    mapper.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    for (Entry e : entries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("time", e.time().toString());
      m.put("dir", e.direction() == Direction.HOST_TO_MODULE ? "in" : "out");
      m.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
      m.put("text", e.redactedText());
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

  /** One line per entry (see {@link Entry#toString()}), secrets redacted: for failure messages. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Transcript[\n");
    for (Entry e : entries()) {
      b.append("  ").append(e).append('\n');
    }
    return b.append(']').toString();
  }

  private static String escape(String text) {
    return text.replace("\r", "\\r").replace("\n", "\\n");
  }
}
