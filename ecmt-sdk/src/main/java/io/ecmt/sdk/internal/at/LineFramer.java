package io.ecmt.sdk.internal.at;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Splits the module's byte stream into lines and the data prompt, for any fragmentation.
 *
 * <p>Pure and single-threaded: no I/O, no threads; call every method from one thread. Events are
 * delivered synchronously to the {@link FramerSink} from inside {@link #feed}.
 *
 * <ul>
 *   <li>A line ends at CR LF, a lone CR or a lone LF. A CR LF split across two chunks is one line
 *       end. Empty lines are dropped, or reported as {@code ""} when the framer is built to keep
 *       them (the module frames every line as {@code \r\n<line>\r\n}, so an empty line before a
 *       line is part of its framing; inside a raw payload it is content).
 *   <li>Lines are decoded ISO-8859-1 (one char per byte, lossless); callers re-decode UTF-8 where
 *       they need to.
 *   <li>A line longer than {@code maxLineLength} bytes is discarded up to its line end and reported
 *       once, at that line end, through {@link FramerSink#onOverflow} with the number of bytes
 *       discarded. Memory stays bounded by {@code maxLineLength}.
 *   <li>The data prompt {@code "> "} has no line end. It is recognised only while
 *       {@link #setPromptExpected prompt-expected} is set, and only at the start of a line; it is
 *       then reported through {@link FramerSink#onPrompt} and prompt-expected is cleared.
 * </ul>
 */
public final class LineFramer {

  /** Receives the framer's events, in stream order. */
  public interface FramerSink {
    /** A complete, non-empty line without its line end, decoded ISO-8859-1. */
    void onLine(String line);

    /** The data prompt {@code "> "} was received at the start of a line while expected. */
    void onPrompt();

    /** A line longer than the limit was dropped; {@code discardedBytes} is its length in bytes. */
    void onOverflow(int discardedBytes);

    /** A sink that only wants lines (prompts and overflows ignored). */
    static FramerSink ofLines(java.util.function.Consumer<String> onLine) {
      return new FramerSink() {
        @Override
        public void onLine(String line) {
          onLine.accept(line);
        }

        @Override
        public void onPrompt() {}

        @Override
        public void onOverflow(int discardedBytes) {}
      };
    }
  }

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private final int maxLineLength;
  private final FramerSink sink;
  private final byte[] line;
  private int length;
  // True right after a CR: a following LF belongs to the same line end (possibly in the next chunk).
  private boolean afterCr;
  private boolean discarding;
  private int discarded;
  private boolean promptExpected;
  private final boolean keepEmptyLines;
  // The line end before the line being built ("" at the start), and the one of the line emitted now.
  private String separatorBefore = "";
  private String emittedSeparator = "";

  /**
   * A framer that drops empty lines.
   *
   * @param maxLineLength longest line kept, in bytes (at least 2, so that the prompt fits)
   * @param sink          receives the events
   */
  public LineFramer(int maxLineLength, FramerSink sink) {
    this(maxLineLength, sink, false);
  }

  /**
   * @param maxLineLength  longest line kept, in bytes (at least 2, so that the prompt fits)
   * @param sink           receives the events
   * @param keepEmptyLines whether empty lines are reported (as {@code ""})
   */
  public LineFramer(int maxLineLength, FramerSink sink, boolean keepEmptyLines) {
    this.keepEmptyLines = keepEmptyLines;
    if (maxLineLength < 2) {
      throw new IllegalArgumentException("maxLineLength must be >= 2: " + maxLineLength);
    }
    this.maxLineLength = maxLineLength;
    this.sink = Objects.requireNonNull(sink, "sink");
    this.line = new byte[maxLineLength];
  }

  /** Arms or disarms recognition of the {@code "> "} prompt; cleared when a prompt is reported. */
  public void setPromptExpected(boolean expected) {
    this.promptExpected = expected;
  }

  /** Whether a {@code "> "} prompt would currently be recognised. */
  public boolean isPromptExpected() {
    return promptExpected;
  }

  /**
   * During {@link FramerSink#onLine}: the line end that came before that line ({@code "\r\n"},
   * {@code "\r"}, {@code "\n"}, or {@code ""} at the start of the stream), so that a raw payload
   * spread over lines can be put back together byte for byte.
   */
  public String separatorBefore() {
    return emittedSeparator;
  }

  /** Whether bytes of an unfinished line (or of a discarded one) are held. */
  public boolean lineInProgress() {
    return length > 0 || discarding;
  }

  /** Forgets a partial line, discard mode and the prompt expectation (the byte stream restarts). */
  public void reset() {
    length = 0;
    afterCr = false;
    discarding = false;
    discarded = 0;
    promptExpected = false;
    separatorBefore = "";
  }

  /** Feeds a chunk of received bytes. */
  public void feed(byte[] bytes) {
    feed(bytes, 0, bytes.length);
  }

  /** Feeds {@code count} bytes of {@code bytes} starting at {@code offset}. */
  public void feed(byte[] bytes, int offset, int count) {
    Objects.checkFromIndexSize(offset, count, bytes.length);
    for (int i = offset; i < offset + count; i++) {
      accept(bytes[i]);
    }
  }

  private void accept(byte b) {
    if (b == LF && afterCr) {
      // Second half of CR LF: the line already ended at the CR.
      afterCr = false;
      separatorBefore = "\r\n";
      return;
    }
    afterCr = b == CR;
    if (b == CR || b == LF) {
      endLine();
      separatorBefore = b == CR ? "\r" : "\n"; // a CR becomes CR LF if an LF follows
      return;
    }
    if (discarding) {
      if (discarded < Integer.MAX_VALUE) {
        discarded++;
      }
      return;
    }
    if (b == ' ' && promptExpected && length == 1 && line[0] == '>') {
      // "> " at the start of a line: the module waits for payload, no line end will follow.
      length = 0;
      promptExpected = false;
      sink.onPrompt();
      return;
    }
    if (length == maxLineLength) {
      discarding = true;
      discarded = length + 1;
      length = 0;
      return;
    }
    line[length++] = b;
  }

  private void endLine() {
    emittedSeparator = separatorBefore;
    if (discarding) {
      discarding = false;
      int count = discarded;
      discarded = 0;
      sink.onOverflow(count);
      return;
    }
    if (length == 0) {
      if (keepEmptyLines) {
        sink.onLine("");
      }
      return;
    }
    String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
    length = 0;
    sink.onLine(text);
  }
}
