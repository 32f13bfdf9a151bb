package io.ecmt.sdk.internal.at;

/**
 * What {@link AtChannel} reports besides command outcomes. Called on the session thread.
 */
public interface AtChannelListener {

  /** A line that is not the in-flight command's response, echo or final result: a URC or noise. */
  void onUrcLine(String line);

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
