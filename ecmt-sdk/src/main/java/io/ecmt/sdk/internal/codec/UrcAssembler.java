package io.ecmt.sdk.internal.codec;

import java.util.function.Consumer;

/**
 * Decodes URC lines and rebuilds {@code +ECMTRECV} payloads the module split over several lines.
 *
 * <p>Rule: after a {@code +ECMTRECV} line, each following line that does not start like a known
 * URC or final result (see {@link #startsKnownLine}) is a continuation: it is appended to the
 * payload after a {@code "\n"}. The message is emitted when a known line arrives, or when the
 * owner calls {@link #flush()} after an idle gap. Not thread-safe; pure (no timers of its own).
 */
public final class UrcAssembler {

  public UrcAssembler(Consumer<Urc> sink) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Feeds one URC line; decoded values (and a completed pending message) go to the sink. */
  public void onLine(String line) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Whether a {@code +ECMTRECV} is waiting for possible continuation lines. */
  public boolean hasPending() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Emits the pending message, if any. */
  public void flush() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Whether a line starts like a URC, read response or final result (and so ends a payload). */
  public static boolean startsKnownLine(String line) {
    throw new UnsupportedOperationException("TODO");
  }
}
