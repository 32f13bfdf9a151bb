package io.ecmt.sdk.exceptions;

import java.time.Duration;
import java.util.List;

/** A command got no final result ({@code OK} / {@code ERROR}) in time. The SDK resynchronises afterwards. */
public final class CommandTimeoutException extends EcmtException {
  private final String command;
  private final Duration timeout;
  private final List<String> recentLines;

  public CommandTimeoutException(String command, Duration timeout, List<String> recentLines) {
    super("no final result for " + command + " within " + timeout.toMillis() + " ms; last lines: "
        + recentLines);
    this.command = command;
    this.timeout = timeout;
    this.recentLines = List.copyOf(recentLines);
  }

  public String command() {
    return command;
  }

  public Duration timeout() {
    return timeout;
  }

  /** The last lines the module printed before the timeout, oldest first. */
  public List<String> recentLines() {
    return recentLines;
  }
}
