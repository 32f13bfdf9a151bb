package io.ecmt.sdk.examples;

import io.ecmt.sdk.EcmtModemBuilder;
import io.ecmt.sdk.ReconnectPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --reconnect} and its bounds, part of {@link ModemOptions}. The supervisor always gives up
 * in the end: after {@code --reconnect-attempts} attempts or {@code --reconnect-timeout} after the
 * link was lost, whichever comes first, and a publish that is still not acknowledged
 * {@code --delivery-timeout} after it was handed over fails. So a bridge that is gone for good, a
 * module that stopped answering, or one that answers {@code OK} but never the outcome end the
 * program with an error instead of keeping it running forever.
 */
final class RecoveryOptions {
  static final int DEFAULT_ATTEMPTS = 10;
  static final String DEFAULT_TIMEOUT = "5m";
  static final String DEFAULT_DELIVERY_TIMEOUT = "5m";

  /** Between attempts: 1 s, doubling up to 30 s (±20 %); an idle module is probed with AT every 60 s. */
  static final ReconnectPolicy BACKOFF =
      ReconnectPolicy.DEFAULT.withDelays(Duration.ofSeconds(1), Duration.ofSeconds(30));

  @Option(names = "--reconnect",
      description = "Rebuild the session by itself when the link is lost or the port / bridge closes "
          + "(waiting 1 s, 2 s, 4 s ... up to 30 s between attempts), bounded by --reconnect-attempts, "
          + "--reconnect-timeout and --delivery-timeout: once they are exhausted the command stops with an error.")
  boolean reconnect;

  @Option(names = "--reconnect-attempts", paramLabel = "<n>",
      description = "With --reconnect: attempts per recovery before giving up, 0 = no limit (default: "
          + DEFAULT_ATTEMPTS + ").")
  Integer attempts;

  @Option(names = "--reconnect-timeout", paramLabel = "<duration>", converter = DurationConverter.class,
      description = "With --reconnect: how long one recovery may take in all, 0 = no limit (default: "
          + DEFAULT_TIMEOUT + ").")
  Duration timeout;

  @Option(names = "--delivery-timeout", paramLabel = "<duration>", converter = DurationConverter.class,
      description = "With --reconnect: a publish not acknowledged this long after it was handed over "
          + "fails, however many reconnects happened (default: " + DEFAULT_DELIVERY_TIMEOUT + ").")
  Duration deliveryTimeout;

  /** What is wrong with the combination given, if anything (for a usage error). */
  Optional<String> problem() {
    List<String> needReconnect = new ArrayList<>();
    if (attempts != null) {
      needReconnect.add("--reconnect-attempts");
    }
    if (timeout != null) {
      needReconnect.add("--reconnect-timeout");
    }
    if (deliveryTimeout != null) {
      needReconnect.add("--delivery-timeout");
    }
    if (!reconnect && !needReconnect.isEmpty()) {
      return Optional.of(String.join(", ", needReconnect) + " only apply with --reconnect");
    }
    if (attempts != null && attempts < 0) {
      return Optional.of("--reconnect-attempts must be 0 (no limit) or more");
    }
    if (deliveryTimeout != null && deliveryTimeout.isZero()) {
      return Optional.of("--delivery-timeout must be positive");
    }
    return Optional.empty();
  }

  /** Turns the supervisor on, bounded as given, when {@code --reconnect} was asked for. */
  void applyTo(EcmtModemBuilder builder) {
    if (!reconnect) {
      return;
    }
    builder.reconnect(policy()).deliveryTimeout(orDefault(deliveryTimeout, DEFAULT_DELIVERY_TIMEOUT));
  }

  /** The supervisor's policy: {@link #BACKOFF} with the attempt and time bounds. */
  ReconnectPolicy policy() {
    return BACKOFF
        .withMaxAttempts(attempts != null ? attempts : DEFAULT_ATTEMPTS)
        .withMaxElapsed(orDefault(timeout, DEFAULT_TIMEOUT));
  }

  private static Duration orDefault(Duration given, String defaultText) {
    return given != null ? given : new DurationConverter().convert(defaultText);
  }
}
