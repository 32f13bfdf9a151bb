package io.ecmt.sdk.examples;

import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.exceptions.ClientStateException;
import io.ecmt.sdk.exceptions.InvalidArgumentException;
import io.ecmt.sdk.exceptions.ModemClosedException;
import io.ecmt.sdk.exceptions.ReconnectExhaustedException;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A sensor with the reactive API: publishes {@code --count} JSON readings every {@code --interval},
 * without waiting for each acknowledgement before sending the next (the SDK keeps a window of
 * publishes in flight), and reports how many the broker acknowledged and how long that took.
 * Exit code 0 only when every reading was acknowledged.
 *
 * <p>It stops early, still with the summary, as soon as no later reading can succeed: the link is
 * down and {@code --reconnect} is off, the supervisor gave up ({@code --reconnect-attempts},
 * {@code --reconnect-timeout}), or the modem closed. Each reading carries a sequence number
 * ({@code "seq"}, from 1) and {@code --ack-log} lists the acknowledged ones, so a subscriber can
 * check that nothing acknowledged was lost.
 */
@Command(name = "telemetry", mixinStandardHelpOptions = true,
    description = "Publish JSON sensor readings at a fixed rate and report acknowledgements and latency.")
final class TelemetryCommand implements Callable<Integer> {

  /** One reading, published as JSON by Jackson. */
  record Reading(String device, long seq, String timestamp, double temperature, double humidity) { }

  @Spec
  CommandSpec spec;

  @Mixin
  ModemOptions modemOptions;

  @Mixin
  SessionOptions session;

  @Option(names = "--topic", paramLabel = "<topic>", defaultValue = "home/garden/fountain/2",
      description = "Topic to publish to (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--count", paramLabel = "<n>", defaultValue = "10",
      description = "How many readings (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--interval", paramLabel = "<duration>", defaultValue = "1s", converter = DurationConverter.class,
      description = "Time between readings: 200ms, 1s, PT0.5S ... (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--qos", paramLabel = "<0|1|2>", defaultValue = "1",
      description = "QoS of each publish (default: ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "--device", paramLabel = "<name>", defaultValue = "fountain-2",
      description = "Device name in each reading (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--ack-log", paramLabel = "<file>",
      description = "Write the sequence number (\"seq\" in the JSON) of every acknowledged reading to this "
          + "file, one per line, in the order the acknowledgements came.")
  Path ackLog;

  @Override
  public Integer call() {
    if (count < 1) {
      throw new IllegalArgumentException("--count must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Qos level = Qos.of(qos);
    // Resolved before anything starts: a bad --password-file is a usage error.
    AtTrafficPrinter printer = new AtTrafficPrinter(out, modemOptions.verbose(), session.redactor()).withoutPublishes();
    try (TelemetryStats stats = new TelemetryStats(count, out, openAckLog());
        ModemOptions.Target target = modemOptions.target();
        EcmtModem modem = modemOptions.modem(target, printer);
        LinkWatch link = new LinkWatch(modem.client(0).toRx())) {
      out.println("module: " + target.description());
      EcmtRxClient mqtt = modem.client(0).toRx();
      modem.profile().checkPublish(Publish.of(topic, "")); // bad topics fail before any byte is sent
      mqtt.open(session.host, session.port, session.connectOptions())
          .andThen(mqtt.connect())
          .blockingGet();

      long start = System.nanoTime();
      Flowable.interval(0, interval.toNanos(), TimeUnit.NANOSECONDS)
          .take(count)
          .takeUntil(stats.stopped())
          // Readings already handed over still end, acknowledged or failed, before this returns.
          .flatMapSingle(seq -> publish(mqtt, seq + 1, level, stats, link))
          .blockingSubscribe();
      double seconds = (System.nanoTime() - start) / 1e9;
      out.println(); // end the progress line

      mqtt.disconnect().onErrorComplete().blockingAwait();
      stats.printSummary(seconds, level);
      return stats.complete() ? 0 : Errors.FAILED;
    } catch (IOException e) { // from closing the ack log
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private PrintWriter openAckLog() {
    if (ackLog == null) {
      return null;
    }
    try {
      return new PrintWriter(Files.newBufferedWriter(ackLog, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot write --ack-log " + ackLog + ": " + Errors.ioReason(e));
    }
  }

  /** One publish, timed from hand-over to the SDK until the module reports the acknowledgement. */
  private Single<Boolean> publish(EcmtRxClient mqtt, long seq, Qos level, TelemetryStats stats, LinkWatch link) {
    Reading reading = new Reading(device, seq, Instant.now().toString(),
        Math.round((18 + 4 * Math.sin(seq / 5.0)) * 10) / 10.0,
        Math.round((55 + 10 * Math.cos(seq / 7.0)) * 10) / 10.0);
    return Single.defer(() -> {
      long handedOver = System.nanoTime();
      stats.sent();
      return mqtt.publishJson(topic, reading, level)
          .map(result -> {
            stats.acknowledged(seq, System.nanoTime() - handedOver);
            return true;
          })
          .onErrorResumeNext(error -> {
            Throwable cause = Errors.unwrap(error);
            if (cause instanceof InvalidArgumentException) {
              return Single.error(error); // a bad payload will not get better: stop
            }
            stats.failed(cause);
            endOfRun(cause, link).ifPresent(stats::stop);
            return Single.just(false);
          });
    });
  }

  /**
   * Why no later reading can succeed after {@code error}, if that is so: the supervisor gave up,
   * the modem closed, or the client is no longer connected and nobody will reconnect it.
   */
  private Optional<String> endOfRun(Throwable error, LinkWatch link) {
    if (error instanceof ReconnectExhaustedException || error instanceof ModemClosedException) {
      return Optional.of(Errors.describe(error));
    }
    if (error instanceof ClientStateException) {
      // The publish was refused at once: the supervisor, if any, has given up; its reason says why.
      return Optional.of("the link is down" + link.lastReason().map(r -> ": " + r).orElse("")
          + (modemOptions.reconnects() ? "" : " (--reconnect would rebuild it)"));
    }
    return Optional.empty();
  }

  /** Remembers why the client's state last changed (the supervisor's last word when it gave up). */
  private static final class LinkWatch implements AutoCloseable {
    private final Disposable subscription;
    private volatile String lastReason;

    LinkWatch(EcmtRxClient mqtt) {
      subscription = mqtt.states().subscribe(change -> lastReason = change.reason());
    }

    Optional<String> lastReason() {
      return Optional.ofNullable(lastReason);
    }

    @Override
    public void close() {
      subscription.dispose();
    }
  }
}
