package io.ecmt.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.ReconnectPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code --reconnect} is bounded by default; the bounds can be changed or lifted, not used alone. */
class RecoveryOptionsTest {

  private static RecoveryOptions parse(String... args) {
    TelemetryCommand telemetry = new TelemetryCommand();
    new CommandLine(telemetry).parseArgs(args);
    return telemetry.modemOptions.recovery;
  }

  @Test
  void reconnectAloneGivesUpAfterTenAttemptsOrFiveMinutes() {
    RecoveryOptions recovery = parse("--reconnect");

    ReconnectPolicy policy = recovery.policy();
    assertThat(policy.maxAttempts()).isEqualTo(10);
    assertThat(policy.maxElapsed()).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.initialDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(recovery.problem()).isEmpty();
  }

  @Test
  void theBoundsCanBeChangedOrLifted() {
    assertThat(parse("--reconnect", "--reconnect-attempts", "3", "--reconnect-timeout", "3s").policy())
        .extracting(ReconnectPolicy::maxAttempts, ReconnectPolicy::maxElapsed)
        .containsExactly(3, Duration.ofSeconds(3));
    assertThat(parse("--reconnect", "--reconnect-attempts", "0", "--reconnect-timeout", "0").policy())
        .extracting(ReconnectPolicy::maxAttempts, ReconnectPolicy::maxElapsed)
        .containsExactly(0, Duration.ZERO);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--reconnect-attempts 3       | --reconnect-attempts only apply with --reconnect",
      "--reconnect-timeout 1m --delivery-timeout 1m | --reconnect-timeout, --delivery-timeout only apply with --reconnect",
      "--reconnect --reconnect-attempts -1 | --reconnect-attempts must be 0 (no limit) or more",
      "--reconnect --delivery-timeout 0    | --delivery-timeout must be positive"})
  void aBadCombinationIsAUsageErrorBeforeAnythingStarts(String args, String message) {
    Cli cli = new Cli();

    int exit = cli.run(("telemetry " + args).trim().split(" +"));

    assertThat(exit).isEqualTo(Errors.INVALID_INPUT);
    assertThat(cli.err()).startsWith(message);
    assertThat(cli.fakeModules()).isEmpty();
  }
}
