package io.ecmt.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.testkit.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code telemetry --reconnect} always ends: a bridge that is gone for good, a module that stops
 * answering, or one that answers {@code OK} but never the outcome end the run with the summary and
 * exit code 1 within the bounds given. Real time (the bridge is another process): small bounds,
 * generous overall timeouts.
 */
class RecoveryExamplesTest {
  /** Far more readings than any of these runs gets to send: only a bound can end them. */
  private static final String ENDLESS = "100000";
  private static final Duration OVERALL = Duration.ofSeconds(30);
  private static final Pattern SUMMARY = Pattern.compile(
      "sent (\\d+), acknowledged (\\d+), failed (\\d+) in [0-9.]+ s \\([^)]*\\); stopped after (\\d+) of "
          + ENDLESS + " readings: (.*)");

  @TempDir
  Path dir;

  @Test
  void aKilledBridgeEndsTelemetryWhenTheReconnectAttemptsAreUsedUp() throws Exception {
    Ended run = killBridgeDuring("--reconnect-attempts", "3");

    assertThat(run.exit).as(run.cli.out() + run.cli.err()).isEqualTo(Errors.FAILED);
    assertThat(run.reason()).contains("gave up reconnecting client 0 after 3 attempts");
    // Attempts at once, after ~1 s and ~2 s more (±20 %), each refused at once.
    assertThat(run.afterFault).isLessThan(Duration.ofSeconds(15));
    run.assertCountsAddUp(dir.resolve("acks.txt"));
  }

  /** Needs the SDK's {@code ReconnectPolicy.maxElapsed} (recovery given up after a total time). */
  @Test
  void aKilledBridgeEndsTelemetryWhenTheReconnectTimeoutIsUsedUp() throws Exception {
    Ended run = killBridgeDuring("--reconnect-attempts", "0", "--reconnect-timeout", "3s");

    assertThat(run.exit).as(run.cli.out() + run.cli.err()).isEqualTo(Errors.FAILED);
    assertThat(run.reason()).contains("gave up reconnecting client 0");
    assertThat(run.afterFault).isLessThan(Duration.ofSeconds(15));
    run.assertCountsAddUp(dir.resolve("acks.txt"));
  }

  @Test
  void aModuleThatStopsAnsweringEndsTelemetry() throws Exception {
    try (FakeModuleProcess bridge = FakeModuleProcess.start(dir.resolve("bridge.log"), "--quiet")) {
      Cli cli = new Cli();
      Cli.Running telemetry = cli.start("telemetry", "--tcp", bridge.hostPort(), "--count", ENDLESS,
          "--interval", "20ms", "--ack-log", dir.resolve("acks.txt").toString(),
          "--reconnect", "--reconnect-attempts", "2", "--timeout-scale", "0.1", "--sync-attempts", "1");
      cli.awaitOut("  acknowledged 5  ", OVERALL);

      signal("STOP", bridge.pid()); // frozen: the connection stays open, nothing answers
      try {
        Ended run = Ended.await(cli, telemetry);

        assertThat(run.exit).as(run.cli.out() + run.cli.err()).isEqualTo(Errors.FAILED);
        assertThat(run.reason()).contains("gave up reconnecting client 0 after 2 attempts");
        // Publish and AT timeouts of 2.5 s and 0.8 s, then two attempts 1 s apart.
        assertThat(run.afterFault).isLessThan(Duration.ofSeconds(20));
        run.assertCountsAddUp(dir.resolve("acks.txt"));
      } finally {
        signal("CONT", bridge.pid());
      }
    }
  }

  /** Needs the SDK's delivery timeout ({@code EcmtModemBuilder.deliveryTimeout}). */
  @Test
  void readingsTheModuleNeverAcknowledgesFailAfterTheDeliveryTimeout() throws Exception {
    Cli cli = new Cli();
    // No bound on the recovery itself: only --delivery-timeout can end these readings.
    Cli.Running telemetry = cli.start("telemetry", "--count", "5", "--interval", "200ms",
        "--reconnect", "--reconnect-attempts", "0", "--reconnect-timeout", "0", "--delivery-timeout", "2s",
        "--timeout-scale", "0.1");
    cli.awaitOut("  acknowledged 1  ", OVERALL);
    cli.fakeModules().get(0).apply(Fault.swallowAcks(Integer.MAX_VALUE)); // OK, and never an outcome

    int exit = Cli.await(telemetry, OVERALL);

    assertThat(exit).as(cli.out() + cli.err()).isEqualTo(Errors.FAILED);
    Matcher m = Pattern.compile("sent 5, acknowledged (\\d), failed (\\d) in ").matcher(cli.out());
    assertThat(m.find()).as(cli.out()).isTrue();
    int failed = Integer.parseInt(m.group(2));
    assertThat(Integer.parseInt(m.group(1)) + failed).isEqualTo(5);
    assertThat(cli.out()).contains("failures: " + failed + " DeliveryTimeoutException");
  }

  /** Starts telemetry on a bridge, SIGKILLs the bridge once readings are acknowledged, awaits the end. */
  private Ended killBridgeDuring(String... bounds) throws Exception {
    try (FakeModuleProcess bridge = FakeModuleProcess.start(dir.resolve("bridge.log"), "--quiet")) {
      Cli cli = new Cli();
      List<String> args = new java.util.ArrayList<>(List.of("telemetry", "--tcp", bridge.hostPort(),
          "--count", ENDLESS, "--interval", "20ms", "--ack-log", dir.resolve("acks.txt").toString(), "--reconnect"));
      args.addAll(List.of(bounds));
      Cli.Running telemetry = cli.start(args.toArray(String[]::new));
      cli.awaitOut("  acknowledged 5  ", OVERALL);

      bridge.kill();
      return Ended.await(cli, telemetry);
    }
  }

  private static void signal(String signal, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
  }

  /** A telemetry run that ended after a fault: its exit code and how long after the fault it ended. */
  private record Ended(Cli cli, int exit, Duration afterFault) {

    static Ended await(Cli cli, Cli.Running telemetry) throws Exception {
      long fault = System.nanoTime();
      int exit = Cli.await(telemetry, OVERALL);
      return new Ended(cli, exit, Duration.ofNanos(System.nanoTime() - fault));
    }

    private Matcher summary() {
      Matcher m = SUMMARY.matcher(cli.out());
      assertThat(m.find()).as("a summary saying why it stopped in:\n" + cli.out()).isTrue();
      return m;
    }

    /** Why the run stopped, from the summary line. */
    String reason() {
      return summary().group(5);
    }

    /** Every reading handed over ended acknowledged or failed; the ack log lists the acknowledged. */
    void assertCountsAddUp(Path ackLog) throws IOException {
      Matcher m = summary();
      long sent = Long.parseLong(m.group(1));
      long acknowledged = Long.parseLong(m.group(2));
      assertThat(acknowledged + Long.parseLong(m.group(3))).isEqualTo(sent);
      assertThat(Long.parseLong(m.group(4))).isEqualTo(sent);
      assertThat(acknowledged).isGreaterThanOrEqualTo(5);
      assertThat(Files.readAllLines(ackLog)).hasSize((int) acknowledged).doesNotHaveDuplicates();
    }
  }
}
