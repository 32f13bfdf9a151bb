package io.ecmt.sdk.internal.at;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Tuning of {@link AtChannel}.
 *
 * @param guardTime      minimum pause between a final result and the next command (0 = none)
 * @param maxLineLength  longest line kept; longer lines are discarded up to their line end and
 *                       reported as an overflow
 * @param resyncTimeout  timeout of each {@code AT} sent to resynchronise after a command timed out
 * @param resyncAttempts how many {@code AT} to try before reporting the module unresponsive
 * @param recentLines    how many received lines to keep for {@code CommandTimeoutException}
 * @param burstHeader    which line starts a raw payload that runs until the receive burst ends
 *                       ({@code +ECMTRECV:}); every line of that burst is payload unless the
 *                       listener classifies it otherwise
 * @param burstGap       the idle time on the byte stream that ends a receive burst
 * @param redactor       applied to every received line kept for exceptions
 */
public record AtChannelConfig(
    Duration guardTime, int maxLineLength, Duration resyncTimeout, int resyncAttempts, int recentLines,
    Predicate<String> burstHeader, Duration burstGap, UnaryOperator<String> redactor) {

  public static final AtChannelConfig DEFAULT =
      new AtChannelConfig(Duration.ZERO, 4096 + 256, Duration.ofSeconds(2), 5, 8,
          line -> false, Duration.ofMillis(50), UnaryOperator.identity());

  public AtChannelConfig {
    Objects.requireNonNull(guardTime, "guardTime");
    Objects.requireNonNull(resyncTimeout, "resyncTimeout");
    Objects.requireNonNull(burstHeader, "burstHeader");
    Objects.requireNonNull(burstGap, "burstGap");
    Objects.requireNonNull(redactor, "redactor");
  }

  /** A configuration without receive bursts and without redaction. */
  public AtChannelConfig(Duration guardTime, int maxLineLength, Duration resyncTimeout, int resyncAttempts,
      int recentLines) {
    this(guardTime, maxLineLength, resyncTimeout, resyncAttempts, recentLines, DEFAULT.burstHeader(),
        DEFAULT.burstGap(), DEFAULT.redactor());
  }

  /** The same configuration with the given receive-burst rule. */
  public AtChannelConfig withBurst(Predicate<String> header, Duration gap) {
    return new AtChannelConfig(guardTime, maxLineLength, resyncTimeout, resyncAttempts, recentLines, header, gap,
        redactor);
  }
}
