package io.ecmt.sdk.internal.dialect;

/**
 * Turns one modem's received lines into {@link ModuleEvent}s, for the sink given to
 * {@link Dialect#decoder}. Stateful (a raw payload may span lines); session thread only.
 */
public interface ModuleDecoder {

  /** A module line outside any payload (ends a pending payload first). */
  void onLine(String line);

  /** A payload header that arrived inside the previous payload's receive burst. */
  void onNestedHeader(String line);

  /** A line of the pending payload (possibly empty), after the line end {@code separator} as received. */
  void onPayloadLine(String line, String separator);

  /**
   * A line inside the pending payload that may be the module's own answer to a command: kept apart
   * until {@link #resolveTentative} (or payload if a payload line follows).
   */
  void onTentativeLine(String line, String separator);

  /** The tentative lines were the module's ({@code genuine}: dropped) or payload after all. */
  void resolveTentative(boolean genuine);

  /** The receive burst ended: the pending payload, if any, is complete. */
  void endPayload();

  /** Whether {@code line} starts like something the module prints (a URC, a final result, an echo). */
  boolean looksLikeModuleLine(String line);

  /** What {@code line} would mean on its own, without changing the decoder's state. */
  ModuleEvent peek(String line);

  /** What {@code line} means as the answer to a read command (such as {@link Dialect#readLinks()}). */
  ModuleEvent peekAnswer(String line);
}
