package io.ecmt.sdk.examples;

import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.exceptions.InvalidArgumentException;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A sensor with the reactive API: publishes {@code --count} JSON readings every {@code --interval},
 * without waiting for each acknowledgement before sending the next (the SDK keeps a window of
 * publishes in flight), and reports how many the broker acknowledged and how long that took.
 * Exit code 0 only when every reading was acknowledged.
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

  @Override
  public Integer call() {
    if (count < 1) {
      throw new IllegalArgumentException("--count must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Qos level = Qos.of(qos);
    try (ModemOptions.Target target = modemOptions.target();
        EcmtModem modem = modemOptions.modem(target, new AtTrafficPrinter(out, modemOptions.verbose()).withoutPublishes())) {
      out.println("module: " + target.description());
      EcmtRxClient mqtt = modem.client(0).toRx();
      modem.profile().checkPublish(Publish.of(topic, "")); // bad topics fail before any byte is sent
      mqtt.open(session.host, session.port, session.connectOptions())
          .andThen(mqtt.connect())
          .blockingGet();

      Stats stats = new Stats(count, out);
      long start = System.nanoTime();
      Flowable.interval(0, interval.toNanos(), TimeUnit.NANOSECONDS)
          .take(count)
          .flatMapSingle(seq -> publish(mqtt, seq, level, stats))
          .blockingSubscribe();
      double seconds = (System.nanoTime() - start) / 1e9;
      out.println(); // end the progress line

      mqtt.disconnect().onErrorComplete().blockingAwait();
      stats.printSummary(seconds, level);
      return stats.acknowledged() == count ? 0 : Errors.FAILED;
    }
  }

  /** One publish, timed from hand-over to the SDK until the module reports the acknowledgement. */
  private Single<Boolean> publish(EcmtRxClient mqtt, long seq, Qos level, Stats stats) {
    Reading reading = new Reading(device, seq + 1, Instant.now().toString(),
        Math.round((18 + 4 * Math.sin(seq / 5.0)) * 10) / 10.0,
        Math.round((55 + 10 * Math.cos(seq / 7.0)) * 10) / 10.0);
    return Single.defer(() -> {
      long handedOver = System.nanoTime();
      stats.sent();
      return mqtt.publishJson(topic, reading, level)
          .map(result -> {
            stats.acknowledged(System.nanoTime() - handedOver);
            return true;
          })
          .onErrorResumeNext(error -> {
            if (Errors.unwrap(error) instanceof InvalidArgumentException) {
              return Single.error(error); // a bad payload will not get better: stop
            }
            stats.failed(error);
            return Single.just(false);
          });
    });
  }

  /** Counters and latencies; updated from the SDK's callback thread, read at the end. */
  private static final class Stats {
    private final int total;
    private final PrintWriter out;
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private int sent;
    private int failed;
    private String lastError;

    Stats(int total, PrintWriter out) {
      this.total = total;
      this.out = out;
    }

    synchronized void sent() {
      sent++;
    }

    synchronized void acknowledged(long nanos) {
      latencies.add(nanos);
      progress();
    }

    synchronized void failed(Throwable error) {
      failed++;
      lastError = Errors.describe(error);
      progress();
    }

    synchronized int acknowledged() {
      return latencies.size();
    }

    /** The live line, rewritten in place with a carriage return. */
    private void progress() {
      out.print(String.format(Locale.ROOT, "\rsent %d/%d  acknowledged %d  failed %d", sent, total,
          latencies.size(), failed));
      out.flush();
    }

    synchronized void printSummary(double seconds, Qos level) {
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      out.println(String.format(Locale.ROOT,
          "sent %d, acknowledged %d, failed %d in %.2f s (%.1f msg/s, QoS %d)",
          sent, sorted.size(), failed, seconds, sorted.size() / seconds, level.code()));
      if (!sorted.isEmpty()) {
        out.println(String.format(Locale.ROOT, "latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f",
            percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
            sorted.get(sorted.size() - 1) / 1e6));
      }
      if (lastError != null) {
        out.println("last failure: " + lastError);
      }
      out.flush();
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(List<Long> sorted, int p) {
      int rank = (int) Math.ceil(p / 100.0 * sorted.size());
      return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }
  }
}
