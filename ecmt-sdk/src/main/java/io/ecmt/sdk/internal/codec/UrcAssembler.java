package io.ecmt.sdk.internal.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes URC lines and rebuilds {@code +ECMTRECV} payloads the module split over several lines.
 *
 * <p>Rule: after a {@code +ECMTRECV} line, each following line that does not start like a known
 * URC or final result (see {@link #startsKnownLine}) is a continuation: it is appended to the
 * payload after a {@code "\n"}. The message is emitted when a known line arrives, or when the
 * owner calls {@link #flush()} after an idle gap. Not thread-safe; pure (no timers of its own).
 *
 * <p>Limits (the module prints the payload raw, without length, so this is lossy by nature):
 * <ul>
 *   <li>a CR LF, a lone CR or a lone LF in the payload all come back as {@code "\n"};</li>
 *   <li>empty lines are kept only between two non-empty continuation lines (trailing ones are
 *       dropped, as the module itself strips trailing line ends), and if the framer drops empty
 *       lines they are lost;</li>
 *   <li>a payload line that itself starts like a known line ({@code OK}, {@code AT...},
 *       {@code +FOO:}, {@code > } ...) ends the payload early and is treated as a line of its
 *       own;</li>
 *   <li>an unrelated non-URC line (a banner) arriving before the flush is taken as payload;</li>
 *   <li>a pending payload is capped at {@link #MAX_PAYLOAD} bytes: the message is emitted when the
 *       next continuation would exceed it, and that line is then decoded on its own.</li>
 * </ul>
 */
public final class UrcAssembler {

  /** Largest reassembled payload kept, in bytes. */
  public static final int MAX_PAYLOAD = 64 * 1024;

  private final Consumer<Urc> sink;
  private Urc.Recv pending;
  private ByteArrayOutputStream pendingPayload;
  private boolean appended;
  private int blankLines; // empty lines seen since the last non-empty continuation

  /** @param sink receives every decoded value, in line order */
  public UrcAssembler(Consumer<Urc> sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Feeds one URC line; decoded values (and a completed pending message) go to the sink. */
  public void onLine(String line) {
    if (line == null) {
      return;
    }
    if (pending != null) {
      if (!startsKnownLine(line)) {
        if (line.isEmpty()) {
          blankLines++;
          return;
        }
        byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
        if (pendingPayload.size() + blankLines + 1 + bytes.length <= MAX_PAYLOAD) {
          for (int i = 0; i <= blankLines; i++) {
            pendingPayload.write('\n');
          }
          pendingPayload.writeBytes(bytes);
          blankLines = 0;
          appended = true;
          return;
        }
      }
      flush();
    }
    Urc urc = EcmtDecoder.decode(line);
    if (urc instanceof Urc.Recv r) {
      pending = r;
      pendingPayload = new ByteArrayOutputStream(Math.max(32, r.payload().length * 2));
      pendingPayload.writeBytes(r.payload());
      appended = false;
      blankLines = 0;
    } else {
      sink.accept(urc);
    }
  }

  /** Whether a {@code +ECMTRECV} is waiting for possible continuation lines. */
  public boolean hasPending() {
    return pending != null;
  }

  /** Emits the pending message, if any. */
  public void flush() {
    if (pending == null) {
      return;
    }
    Urc.Recv r = pending;
    Urc.Recv out = appended
        ? new Urc.Recv(r.clientId(), r.msgId(), r.topic(), pendingPayload.toByteArray(), true)
        : r;
    pending = null;
    pendingPayload = null;
    appended = false;
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
