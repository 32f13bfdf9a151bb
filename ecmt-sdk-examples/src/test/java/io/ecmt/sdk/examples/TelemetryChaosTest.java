package io.ecmt.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: {@code telemetry --tcp <bridge> --reconnect} publishes 2,000 QoS 1 readings while, at
 * random moments, the bridge (the fake module as a child JVM) is killed with SIGKILL and started
 * again, and the broker (a real mosquitto) is restarted; the fake module also drops its broker link
 * every 2 s by itself ({@code --drop-link-every}). Restarted processes come back at new addresses,
 * so each sits behind a {@link TcpGate} whose address stays the same.
 *
 * <p>Expected: telemetry exits 0 with every reading acknowledged, and every acknowledged reading
 * (its {@code seq}, from {@code --ack-log}) reaches a {@code mosquitto_sub} checker; duplicates are
 * allowed (at-least-once: a publish whose acknowledgement was lost with the link is sent again) and
 * counted, missing ones are not. What makes "acknowledged ⇒ delivered" hold: an acknowledgement
 * ({@code +ECMTPUB: 0,<id>,0}) means the broker sent PUBACK, i.e. it had queued the message for
 * every subscription; the checker's session is persistent ({@code -c}, fixed id) and the broker
 * persists sessions and their queues over a graceful restart (see {@link MosquittoBroker}), and the
 * checker reaches the broker on its Unix socket directly, reconnecting by itself.
 *
 * <p>Select it with {@code -Dgroups=chaos}; {@code -Decmt.chaos.seed=<n>} replays a run's moments
 * (the seed is printed), {@code -Decmt.chaos.count=<n>} changes the number of readings and
 * {@code -Decmt.chaos.events=KILL_BRIDGE,RESTART_BROKER} which events happen (to tell which one
 * breaks a run).
 */
@Tag("chaos")
class TelemetryChaosTest {
  private static final int COUNT = Integer.getInteger("ecmt.chaos.count", 2_000);
  private static final String INTERVAL = "10ms";
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(100);
  private static final List<Event> EVENTS = java.util.Arrays.stream(
      System.getProperty("ecmt.chaos.events", "KILL_BRIDGE,RESTART_BROKER").split(","))
      .map(String::trim).map(Event::valueOf).toList();

  /** What happens at a random moment. */
  enum Event { KILL_BRIDGE, RESTART_BROKER }

  @Test
  void everyAcknowledgedReadingReachesThePersistentSubscriber(@TempDir Path dir) throws Exception {
    long seed = Long.getLong("ecmt.chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    String topic = "ecmt/chaos/" + Long.toHexString(seed);
    Path acks = dir.resolve("acks.txt");
    Path moduleLog = dir.resolve("fake-module.log");
    List<String> events = new ArrayList<>();
    long start = System.nanoTime();

    try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
        TcpGate brokerGate = TcpGate.open("broker", TcpGate.Upstream.unix(broker.socket()));
        MosquittoSubscriber checker = MosquittoSubscriber.start(broker, "ecmt-chaos-checker", topic, dir);
        Bridge bridge = new Bridge(moduleLog, "--broker", brokerGate.hostPort(), "--drop-link-every", "2s")) {
      Cli cli = new Cli();
      Cli.Running telemetry = cli.start("telemetry", "--tcp", bridge.gate.hostPort(), "--reconnect",
          "--count", Integer.toString(COUNT), "--interval", INTERVAL, "--topic", topic, "--device", "chaos",
          "--ack-log", acks.toString());
      cli.awaitOut("  acknowledged 1  ", Duration.ofSeconds(60)); // connected and publishing

      // Each kind at least once (in random order), then random ones, until telemetry ends.
      List<Event> plan = new ArrayList<>(EVENTS);
      java.util.Collections.shuffle(plan, random);
      for (int i = 0; !telemetry.isDone(); i++) {
        if (endsWithin(telemetry, Duration.ofMillis(1_000 + random.nextInt(2_500)))) {
          break;
        }
        Event event = i < plan.size() ? plan.get(i) : EVENTS.get(random.nextInt(EVENTS.size()));
        switch (event) {
          case KILL_BRIDGE -> bridge.killAndRestart();
          case RESTART_BROKER -> broker.restart();
        }
        events.add(String.format(java.util.Locale.ROOT, "%.1fs %s", (System.nanoTime() - start) / 1e9, event));
      }
      int exit = Cli.await(telemetry, RUN_TIMEOUT);
      double runSeconds = (System.nanoTime() - start) / 1e9;

      String context = "seed " + seed + ", events " + events + "\n" + tail(cli.out()) + cli.err();
      assertThat(exit).as(context).isZero();
      assertThat(cli.out()).as(context).contains("sent " + COUNT + ", acknowledged " + COUNT + ", failed 0");
      List<Long> acknowledged = Files.readAllLines(acks).stream().map(Long::parseLong).toList();
      assertThat(acknowledged).as("the ack log").hasSize(COUNT).doesNotHaveDuplicates();

      ExternalTools.await(Duration.ofSeconds(30), () -> checker.seen().keySet().containsAll(acknowledged),
          () -> "the checker to see every acknowledged reading; missing " + missing(acknowledged, checker.seen())
              + " (" + context + ")");
      Map<Long, Integer> seen = checker.seen();
      int duplicates = seen.values().stream().mapToInt(n -> n - 1).sum();
      System.out.printf(java.util.Locale.ROOT,
          "chaos: seed %d; sent %d, acknowledged %d, seen %d distinct + %d duplicates, missing %d; "
              + "%d bridge kills, %d broker restarts, %d link drops; %.1f s; events %s%n",
          seed, COUNT, acknowledged.size(), seen.size(), duplicates, missing(acknowledged, seen).size(),
          bridge.kills, broker.starts() - 1, count(Files.readString(moduleLog), "fault: dropped broker link"),
          runSeconds, events);

      assertThat(missing(acknowledged, seen)).as(context).isEmpty();
      // The faults really happened, and the supervisor went through them.
      assertThat(cli.out()).contains("+ECMTSTAT: 0,1");
      if (EVENTS.contains(Event.KILL_BRIDGE)) {
        assertThat(bridge.kills).isPositive();
        assertThat(bridge.gate.relayed()).isGreaterThan(bridge.kills);
      }
      if (EVENTS.contains(Event.RESTART_BROKER)) {
        assertThat(broker.starts()).isGreaterThan(1);
      }
    }
  }

  /** Waits up to {@code pause}; true when telemetry ended meanwhile. */
  private static boolean endsWithin(Cli.Running telemetry, Duration pause) throws Exception {
    try {
      telemetry.exit().get(pause.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException stillRunning) {
      return false;
    }
  }

  private static List<Long> missing(List<Long> acknowledged, Map<Long, Integer> seen) {
    return acknowledged.stream().filter(seq -> !seen.containsKey(seq)).sorted().toList();
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  /** The end of telemetry's output: the summary and the last AT lines, without the progress line. */
  private static String tail(String out) {
    List<String> lines = Cli.withoutProgress(out).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
  }

  /** The fake module as a child JVM behind a gate; killed and started again at a new port. */
  private static final class Bridge implements AutoCloseable {
    private final Path log;
    private final String[] options;
    private final TcpGate gate;
    private FakeModuleProcess process;
    private int kills;

    Bridge(Path log, String... options) throws Exception {
      this.log = log;
      this.options = options;
      this.process = FakeModuleProcess.start(log, options);
      this.gate = TcpGate.open("bridge", TcpGate.Upstream.tcp(process.address()));
    }

    /** SIGKILL, then a new process; in between the gate resets every connection it accepts. */
    void killAndRestart() throws Exception {
      process.kill();
      kills++;
      process = FakeModuleProcess.start(log, options);
      gate.upstream(TcpGate.Upstream.tcp(process.address()));
    }

    @Override
    public void close() throws Exception {
      gate.close();
      process.close();
    }
  }
}
