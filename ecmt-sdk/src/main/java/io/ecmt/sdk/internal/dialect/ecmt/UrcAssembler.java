package io.ecmt.sdk.internal.dialect.ecmt;

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
 * Continuation lines are appended after the line end they came after, as received (CR LF, CR or
 * LF); empty ones are kept only between two non-empty continuation lines (the module strips
 * trailing line ends, and an empty line before the
 * next module line is that line's framing). Not thread-safe; pure (no timers of its own).
 *
 * <p>Limits (the module prints the payload raw, without length, so this is lossy by nature):
 * <ul>
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
  // Line ends (and empty lines) since the last non-empty line: written only if a line follows.
  private final StringBuilder pendingEnds = new StringBuilder();
  private long droppedBytes;
  // Lines inside the payload that may be the module's own answer to a command (see onTentative),
  // each with the number of empty lines before it.
  private final java.util.List<String> tentative = new java.util.ArrayList<>();
  private final java.util.List<String> tentativeEnds = new java.util.ArrayList<>();
  // A complete message whose last lines are tentative, waiting for resolveTentative, and the
  // messages that came after it (delivered after it, in order).
  private Urc.Recv held;
  private byte[] heldSuffix;
  private final java.util.ArrayDeque<Urc.Recv> after = new java.util.ArrayDeque<>();

  /** Messages kept behind a held one at most; beyond, the held lines are taken for payload. */
  static final int MAX_HELD_BEHIND = 256;

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
    Urc urc = EcmtDecoder.decode(line);
    if (urc instanceof Urc.Recv r) {
      flush(); // a message with tentative lines is held; messages keep their order behind it
      pending = r;
      pendingPayload = new ByteArrayOutputStream(Math.max(32, r.payload().length * 2));
      pendingPayload.writeBytes(r.payload());
      appended = false;
      this.nested = nested;
      pendingEnds.setLength(0);
    } else {
      flush();
      sink.accept(urc);
    }
  }

  /** A line of the pending payload (possibly empty) after a LF; ignored when none is pending. */
  public void onContinuation(String line) {
    onContinuation(line, "\n");
  }

  /**
   * A line of the pending payload (possibly empty), after the line end {@code separator} as
   * received: the payload keeps CR LF, a lone CR and a lone LF as they were.
   */
  public void onContinuation(String line, String separator) {
    if (pending == null || line == null) {
      return;
    }
    pendingEnds.append(separator);
    if (line.isEmpty()) {
      return;
    }
    appendTentative(); // text follows them: they were payload
    append(line);
  }

  /**
   * A line right after an empty line inside the payload that may be the module's own answer to the
   * command in flight (its response lines, then its final result): payload if a continuation line
   * follows, else kept apart until {@link #resolveTentative}.
   */
  public void onTentative(String line) {
    onTentative(line, "\n");
  }

  /** {@link #onTentative(String)} after the line end {@code separator} as received. */
  public void onTentative(String line, String separator) {
    if (pending == null || line == null) {
      return;
    }
    pendingEnds.append(separator);
    tentative.add(line);
    tentativeEnds.add(pendingEnds.toString());
    pendingEnds.setLength(0);
  }

  /**
   * Settles the tentative lines: the latest ones (still in the payload being received, or else
   * those of the held message) are dropped when they were the module's own ({@code genuine}) and
   * become payload otherwise; earlier ones are payload. Held messages are delivered, in order.
   */
  public void resolveTentative(boolean genuine) {
    boolean heldGenuine = genuine;
    if (!tentative.isEmpty()) {
      if (genuine) {
        tentative.clear();
        tentativeEnds.clear();
      } else {
        appendTentative();
      }
      heldGenuine = false; // only the latest lines can be the module's answer
    }
    if (held == null) {
      return;
    }
    Urc.Recv r = held;
    byte[] suffix = heldSuffix;
    held = null;
    heldSuffix = null;
    if (heldGenuine) {
      sink.accept(r);
    } else {
      byte[] payload = java.util.Arrays.copyOf(r.payload(), r.payload().length + suffix.length);
      System.arraycopy(suffix, 0, payload, r.payload().length, suffix.length);
      sink.accept(new Urc.Recv(r.clientId(), r.msgId(), r.topic(), payload, true, r.nested(), r.alternatives()));
    }
    Urc.Recv next;
    while ((next = after.poll()) != null) {
      sink.accept(next);
    }
  }

  /** The tentative lines become payload, in their place: the line ends after them stay pending. */
  private void appendTentative() {
    for (int i = 0; i < tentative.size(); i++) {
      append(tentative.get(i), tentativeEnds.get(i));
    }
    tentative.clear();
    tentativeEnds.clear();
  }

  private String tentativeText() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < tentative.size(); i++) {
      b.append(tentativeEnds.get(i)).append(tentative.get(i));
    }
    return b.toString();
  }

  private void append(String line) {
    append(line, pendingEnds.toString());
    pendingEnds.setLength(0);
  }

  private void append(String line, String endsBefore) {
    byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
    if (pendingPayload.size() + endsBefore.length() + bytes.length > MAX_PAYLOAD) {
      droppedBytes += bytes.length;
      return;
    }
    pendingPayload.writeBytes(endsBefore.getBytes(StandardCharsets.ISO_8859_1));
    pendingPayload.writeBytes(bytes);
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

  /**
   * Emits the pending message, if any; one whose last line is tentative is held for
   * {@link #resolveTentative} instead.
   */
  public void flush() {
    if (pending == null) {
      return;
    }
    Urc.Recv r = pending;
    Urc.Recv out = appended || nested
        ? new Urc.Recv(r.clientId(), r.msgId(), r.topic(),
            appended ? pendingPayload.toByteArray() : r.payload(), appended, nested, r.alternatives())
        : r;
    String last = tentative.isEmpty() ? null : tentativeText();
    tentative.clear();
    tentativeEnds.clear();
    pending = null;
    pendingPayload = null;
    appended = false;
    nested = false;
    pendingEnds.setLength(0);
    if (last != null) {
      resolveTentative(false); // lines held for an earlier message were not the module's: two can't be
      held = out;
      heldSuffix = last.getBytes(StandardCharsets.ISO_8859_1);
    } else if (held != null && after.size() < MAX_HELD_BEHIND) {
      after.add(out);
    } else {
      resolveTentative(false);
      sink.accept(out);
    }
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
