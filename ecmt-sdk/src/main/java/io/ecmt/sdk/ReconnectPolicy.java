package io.ecmt.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * Turns on the session supervisor: once the application has connected a client, the SDK rebuilds
 * its session by itself whenever the link is lost ({@code +ECMTSTAT}, a publish that could not be
 * sent, an outcome that never came, a module reboot, a module that stops answering, a transport
 * that closed — which it reopens when the modem was built with {@code serial(..)}, {@code tcp(..)}
 * or a transport factory). It runs the
 * start-up sequence again (sync, {@code ATE0}, {@code AT+CMEE=1}, the network wait the modem is
 * built with), clears the module's context, writes the configuration,
 * opens, connects, re-subscribes every filter and re-sends every unacknowledged QoS 1/2 publish
 * (at-least-once: a message whose acknowledgement was lost is sent again). Between attempts it
 * waits {@code initialDelay × multiplier^(attempt-1)}, at most {@code maxDelay}, each delay varied
 * by ±{@code jitter}. It gives up after {@code maxAttempts} attempts or once {@code maxElapsed}
 * has passed since the link was lost (whichever comes first; 0 / zero = no bound): every publish
 * still waiting then fails with {@link io.ecmt.sdk.exceptions.ReconnectExhaustedException} and the
 * client ends {@code LOST}. An explicit {@code disconnect()} or {@code close()} stops supervision.
 *
 * @param initialDelay  wait before the second attempt (the first starts at once)
 * @param maxDelay      longest wait between attempts
 * @param multiplier    growth of the wait per attempt (≥ 1)
 * @param jitter        relative random variation of each wait, 0–1
 * @param maxAttempts   attempts before giving up (0 = never give up)
 * @param probeInterval how often to send {@code AT} while idle to notice a dead module (zero = never)
 * @param maxElapsed    how long one recovery may take in all, from the loss to giving up (zero = no bound)
 *
 * <p>{@code ReconnectPolicy.builder().maxAttempts(10).maxElapsed(Duration.ofMinutes(5)).build()}
 * changes the defaults by name; {@link #toBuilder()} makes a changed copy of any policy.
 */
public record ReconnectPolicy(
    Duration initialDelay, Duration maxDelay, double multiplier, double jitter, int maxAttempts,
    Duration probeInterval, Duration maxElapsed) {

  /** 1 s doubling up to 2 min, ±20 %, never give up, probe every 60 s. */
  public static final ReconnectPolicy DEFAULT =
      new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofMinutes(2), 2.0, 0.2, 0, Duration.ofSeconds(60),
          Duration.ZERO);

  /** A policy without a total-time bound. */
  public ReconnectPolicy(Duration initialDelay, Duration maxDelay, double multiplier, double jitter,
      int maxAttempts, Duration probeInterval) {
    this(initialDelay, maxDelay, multiplier, jitter, maxAttempts, probeInterval, Duration.ZERO);
  }

  public ReconnectPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(probeInterval, "probeInterval");
    Objects.requireNonNull(maxElapsed, "maxElapsed");
    if (maxElapsed.isNegative()) {
      throw new IllegalArgumentException("need maxElapsed ≥ 0");
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 ≤ initialDelay ≤ maxDelay");
    }
    if (multiplier < 1 || jitter < 0 || jitter > 1 || maxAttempts < 0 || probeInterval.isNegative()) {
      throw new IllegalArgumentException("need multiplier ≥ 1, 0 ≤ jitter ≤ 1, maxAttempts ≥ 0, probeInterval ≥ 0");
    }
  }

  /** A builder holding {@link #DEFAULT}; set what differs. */
  public static Builder builder() {
    return DEFAULT.toBuilder();
  }

  /** A builder holding every value of this policy, to make a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The wait before attempt {@code attempt} (2, 3, ...) without jitter. */
  public Duration baseDelay(int attempt) {
    double factor = Math.pow(multiplier, Math.max(0, attempt - 2));
    double millis = Math.min(maxDelay.toMillis(), initialDelay.toMillis() * factor);
    return Duration.ofMillis((long) millis);
  }

  public ReconnectPolicy withMaxAttempts(int attempts) {
    return new ReconnectPolicy(initialDelay, maxDelay, multiplier, jitter, attempts, probeInterval, maxElapsed);
  }

  public ReconnectPolicy withDelays(Duration initial, Duration max) {
    return new ReconnectPolicy(initial, max, multiplier, jitter, maxAttempts, probeInterval, maxElapsed);
  }

  public ReconnectPolicy withProbeInterval(Duration interval) {
    return new ReconnectPolicy(initialDelay, maxDelay, multiplier, jitter, maxAttempts, interval, maxElapsed);
  }

  public ReconnectPolicy withJitter(double jitter) {
    return new ReconnectPolicy(initialDelay, maxDelay, multiplier, jitter, maxAttempts, probeInterval, maxElapsed);
  }

  /** The same policy, giving up once a recovery has taken {@code total} (zero = never). */
  public ReconnectPolicy withMaxElapsed(Duration total) {
    return new ReconnectPolicy(initialDelay, maxDelay, multiplier, jitter, maxAttempts, probeInterval, total);
  }

  /**
   * Builds a {@link ReconnectPolicy}; start from {@link ReconnectPolicy#builder()} or
   * {@link ReconnectPolicy#toBuilder()}. Values are checked by {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private Duration initialDelay;
    private Duration maxDelay;
    private double multiplier;
    private double jitter;
    private int maxAttempts;
    private Duration probeInterval;
    private Duration maxElapsed;

    private Builder(ReconnectPolicy from) {
      initialDelay = from.initialDelay;
      maxDelay = from.maxDelay;
      multiplier = from.multiplier;
      jitter = from.jitter;
      maxAttempts = from.maxAttempts;
      probeInterval = from.probeInterval;
      maxElapsed = from.maxElapsed;
    }

    /** Wait before the second attempt (the first starts at once). */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
      return this;
    }

    /** Longest wait between attempts (≥ initialDelay). */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
      return this;
    }

    /** Growth of the wait per attempt (≥ 1). */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /** Relative random variation of each wait, 0–1. */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /** Attempts before giving up (0 = never give up). */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** How often to send {@code AT} while idle (zero = never). */
    public Builder probeInterval(Duration probeInterval) {
      this.probeInterval = probeInterval;
      return this;
    }

    /** How long one recovery may take in all (zero = no bound). */
    public Builder maxElapsed(Duration maxElapsed) {
      this.maxElapsed = maxElapsed;
      return this;
    }

    /**
     * The policy.
     *
     * @throws NullPointerException     naming a duration set to null
     * @throws IllegalArgumentException when a value is out of range
     */
    public ReconnectPolicy build() {
      return new ReconnectPolicy(initialDelay, maxDelay, multiplier, jitter, maxAttempts, probeInterval, maxElapsed);
    }
  }
}
