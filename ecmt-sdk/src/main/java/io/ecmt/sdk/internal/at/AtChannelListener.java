package io.ecmt.sdk.internal.at;

/**
 * What {@link AtChannel} reports besides command outcomes. Called on the session thread.
 */
public interface AtChannelListener {

  /** How a line inside a receive burst, right after an empty line, is to be taken. */
  enum BurstVerdict {
    /** Content of the payload being received (the default: misread toward payload). */
    PAYLOAD,
    /** A module line that could only be genuine (e.g. an outcome for a msgID in flight): it ends the payload. */
    GENUINE,
    /** The header of a new raw payload: ends the current one and starts its own burst. */
    NEW_PAYLOAD
  }

  /** A line that is not the in-flight command's response, echo or final result: a URC or noise. */
  void onUrcLine(String line);

  /**
   * A line inside a receive burst (see {@link AtChannelConfig#burstHeader()}): payload content,
   * possibly empty, never acted on as module output.
   *
   * @param blankBefore whether the line before it was empty (as the module frames its own lines)
   * @param separator   the line end before it, as received ({@code "\r\n"}, {@code "\r"}, {@code "\n"})
   */
  default void onPayloadLine(String line, boolean blankBefore, String separator) {}

  /**
   * A final result right after an empty line inside a receive burst while a command waits for
   * one: the module's own only if nothing but module lines follow and the module confirms it (see
   * {@link #onTentativeResolved}); until then neither payload nor result.
   */
  default void onTentativeLine(String line, String separator) {
    onPayloadLine(line, true, separator);
  }

  /** The last tentative line was the module's own ({@code genuine}) or payload after all. */
  default void onTentativeResolved(boolean genuine) {}

  /** The receive burst ended (an idle gap, or a line taken as genuine): the payload is complete. */
  default void onBurstEnd() {}

  /** Classifies a non-empty line inside a receive burst that follows an empty line. */
  default BurstVerdict classifyInBurst(String line) {
    return BurstVerdict.PAYLOAD;
  }

  /** A payload header that arrived inside another payload's burst (its own burst follows). */
  default void onNestedHeader(String line) {
    onUrcLine(line);
  }

  /** A command was written. */
  default void onCommandStart(AtRequest request) {}

  /** A command ended with OK. */
  default void onCommandEnd(AtRequest request, AtResponse response) {}

  /** A command ended with ERROR, +CME/+CMS ERROR, a timeout or a transport failure. */
  default void onCommandFailed(AtRequest request, Throwable error) {}

  /** An echoed command line was dropped (the module has echo on). */
  default void onEcho() {}

  /** Bytes were written to the transport. */
  default void onBytesOut(byte[] bytes) {}

  /** Bytes were received (before framing). */
  default void onBytesIn(byte[] bytes) {}

  /** A line longer than the limit was discarded. */
  default void onLineOverflow(int discardedBytes) {}

  /** Resynchronisation after a timeout failed: the module does not answer {@code AT}. */
  default void onUnresponsive() {}
}
