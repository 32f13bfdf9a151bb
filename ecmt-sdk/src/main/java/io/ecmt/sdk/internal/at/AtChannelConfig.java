package io.ecmt.sdk.internal.at;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of {@link AtChannel}.
 *
 * @param guardTime      minimum pause between a final result and the next command (0 = none)
 * @param maxLineLength  longest line kept; longer lines are discarded up to their line end and
 *                       reported as an overflow
 * @param resyncTimeout  timeout of each {@code AT} sent to resynchronise after a command timed out
 * @param resyncAttempts how many {@code AT} to try before reporting the module unresponsive
 * @param recentLines    how many received lines to keep for {@code CommandTimeoutException}
 */
public record AtChannelConfig(
    Duration guardTime, int maxLineLength, Duration resyncTimeout, int resyncAttempts, int recentLines) {

  public static final AtChannelConfig DEFAULT =
      new AtChannelConfig(Duration.ZERO, 4096 + 256, Duration.ofSeconds(2), 5, 8);

  public AtChannelConfig {
    Objects.requireNonNull(guardTime, "guardTime");
    Objects.requireNonNull(resyncTimeout, "resyncTimeout");
  }
}
