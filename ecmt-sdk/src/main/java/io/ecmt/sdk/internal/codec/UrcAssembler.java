package io.ecmt.sdk.internal.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes URC lines and rebuilds {@code +ECMTRECV} payloads the module split over several lines.
 *
 * <p>The AT channel decides which lines belong to a payload (the lines of the receive burst that
 * a {@code +ECMTRECV} header opened, see {@code AtChannel}): {@link #onLine} takes a module line,
 * {@link #onContinuation} a payload line, {@link #flush()} ends the payload when the burst ends.
 * Continuation lines are appended after a {@code "\n"}; empty ones are kept only between two
 * non-empty continuation lines (the module strips trailing line ends, and an empty line before the
 * next module line is that line's framing). Not thread-safe; pure (no timers of its own).
 *
 * <p>Limits (the module prints the payload raw, without length, so this is lossy by nature):
 * <ul>
 *   <li>a CR LF, a lone CR or a lone LF in the payload all come back as {@code "\n"};</li>
 *   <li>a payload whose transmission pauses for longer than the burst gap is cut there;</li>
 *   <li>a pending payload is capped at {@link #MAX_PAYLOAD} bytes: further continuation lines
 *       are dropped (and counted in {@link #droppedBytes()}).</li>
 * </ul>
 */
public final class UrcAssembler {

  /** Largest reassembled payload kept, in bytes. */
  public static final int MAX_PAYLOAD = 64 * 1024;

  private final Consumer<Urc> sink;
  private Urc.Recv pending;
  private ByteArrayOutputStream pendingPayload;
  private boolean appended;
  private boolean nested;
  private int blankLines; // empty lines seen since the last non-empty continuation
  private long droppedBytes;

  /** @param sink receives every decoded value, in line order */
  public UrcAssembler(Consumer<Urc> sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** A module line outside any payload: ends a pending payload, then is decoded. */
  public void onLine(String line) {
    onLine(line, false);
  }

  /**
   * A module line; {@code nested} marks a {@code +ECMTRECV} header that arrived inside the
   * previous payload's receive burst (its message is then {@link Urc.Recv#nested() nested}).
   */
  public void onLine(String line, boolean nested) {
    if (line == null) {
      return;
    }
    flush();
    Urc urc = EcmtDecoder.decode(line);
    if (urc instanceof Urc.Recv r) {
      pending = r;
      pendingPayload = new ByteArrayOutputStream(Math.max(32, r.payload().length * 2));
      pendingPayload.writeBytes(r.payload());
      appended = false;
      this.nested = nested;
      blankLines = 0;
    } else {
      sink.accept(urc);
    }
  }

  /** A line of the pending payload (possibly empty); ignored when none is pending. */
  public void onContinuation(String line) {
    if (pending == null || line == null) {
      return;
    }
    if (line.isEmpty()) {
      blankLines++;
      return;
    }
    byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
    if (pendingPayload.size() + blankLines + 1 + bytes.length > MAX_PAYLOAD) {
      droppedBytes += bytes.length;
      return;
    }
    for (int i = 0; i <= blankLines; i++) {
      pendingPayload.write('\n');
    }
    pendingPayload.writeBytes(bytes);
    blankLines = 0;
    appended = true;
  }

  /** Whether a {@code +ECMTRECV} is waiting for possible continuation lines. */
  public boolean hasPending() {
    return pending != null;
  }

  /** Bytes of continuation lines dropped because a payload reached {@link #MAX_PAYLOAD}. */
  public long droppedBytes() {
    return droppedBytes;
  }

  /** Emits the pending message, if any. */
  public void flush() {
    if (pending == null) {
      return;
    }
    Urc.Recv r = pending;
    Urc.Recv out = appended || nested
        ? new Urc.Recv(r.clientId(), r.msgId(), r.topic(),
            appended ? pendingPayload.toByteArray() : r.payload(), appended, nested)
        : r;
    pending = null;
    pendingPayload = null;
    appended = false;
    nested = false;
    blankLines = 0;
    sink.accept(out);
  }

  /**
   * Whether a line starts like a URC, read response or final result (and so ends a payload):
   * {@code OK}, {@code ERROR}, {@code RDY}, the prompt {@code > }, a command echo ({@code AT...}),
   * {@code +CME ERROR}, {@code +CMS ERROR}, or any {@code +NAME:} with NAME matching
   * {@code [A-Z][A-Z0-9]*}.
   */
  public static boolean startsKnownLine(String line) {
    if (line == null) {
      return false;
    }
    String t = line.stripTrailing();
    if (t.equals("OK") || t.equals("ERROR") || t.equals("RDY") || t.equals(">")) {
      return true;
    }
    if (line.startsWith("> ") || line.startsWith("AT")
        || line.startsWith("+CME ERROR") || line.startsWith("+CMS ERROR")) {
      return true;
    }
    // ^\+[A-Z][A-Z0-9]*:  without a regex (cheap on long lines)
    if (line.length() < 3 || line.charAt(0) != '+' || !isUpper(line.charAt(1))) {
      return false;
    }
    for (int i = 2; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ':') {
        return true;
      }
      if (!isUpper(c) && !(c >= '0' && c <= '9')) {
        return false;
      }
    }
    return false;
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }
}
