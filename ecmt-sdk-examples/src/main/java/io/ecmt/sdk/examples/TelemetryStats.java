package io.ecmt.sdk.examples;

import io.ecmt.sdk.message.Qos;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.processors.PublishProcessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code telemetry} counts: readings handed to the SDK, acknowledged (with their latency) and
 * failed, and why the run stopped early, if it did. Updated from the SDK's callback thread, read at
 * the end. Every reading handed over ends acknowledged or failed, so at the end
 * {@code sent == acknowledged + failed}.
 *
 * <p>With an ack log, each acknowledged reading's sequence number is written to it, one per line,
 * so that a checker can compare with what a subscriber received.
 */
final class TelemetryStats implements AutoCloseable {
  private final int total;
  private final PrintWriter out;
  private final PrintWriter ackLog;
  private final List<Long> latencies = new ArrayList<>();
  /** Failures by kind (the exception's simple name), in the order first seen. */
  private final Map<String, Integer> failureKinds = new LinkedHashMap<>();
  private final PublishProcessor<String> stopped = PublishProcessor.create();
  private int sent;
  private int failed;
  private String lastError;
  private String stopReason;

  /**
   * @param total  how many readings the run is meant to send
   * @param out    where the progress line and the summary go
   * @param ackLog receives one line per acknowledged sequence number; null for none
   */
  TelemetryStats(int total, PrintWriter out, PrintWriter ackLog) {
    this.total = total;
    this.out = out;
    this.ackLog = ackLog;
  }

  synchronized void sent() {
    sent++;
  }

  synchronized void acknowledged(long seq, long latencyNanos) {
    latencies.add(latencyNanos);
    if (ackLog != null) {
      ackLog.println(seq); // errors are collected by the PrintWriter and reported by close()
    }
    progress();
  }

  synchronized void failed(Throwable error) {
    failed++;
    failureKinds.merge(Errors.unwrap(error).getClass().getSimpleName(), 1, Integer::sum);
    lastError = Errors.describe(error);
    progress();
  }

  /** Records why no more readings are to be sent and signals {@link #stopped()}; the first reason wins. */
  synchronized void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
      stopped.onNext(reason);
    }
  }

  /** Emits the reason when the run is to stop early. */
  Flowable<String> stopped() {
    return stopped;
  }

  /** Whether all {@code total} readings were acknowledged. */
  synchronized boolean complete() {
    return latencies.size() == total;
  }

  /** The live line, rewritten in place with a carriage return. */
  private void progress() {
    out.print(String.format(Locale.ROOT, "\rsent %d/%d  acknowledged %d  failed %d", sent, total,
        latencies.size(), failed));
    out.flush();
  }

  /**
   * The summary: one line with the counts (and, when the run stopped early, how far it got and
   * why), then the latency percentiles and the last failure.
   */
  synchronized void printSummary(double seconds, Qos level) {
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    String counts = String.format(Locale.ROOT, "sent %d, acknowledged %d, failed %d in %.2f s (%.1f msg/s, QoS %d)",
        sent, sorted.size(), failed, seconds, sorted.size() / seconds, level.code());
    out.println(stopReason == null ? counts
        : counts + "; stopped after " + sent + " of " + total + " readings: " + stopReason);
    if (!sorted.isEmpty()) {
      out.println(String.format(Locale.ROOT, "latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f",
          percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
          sorted.get(sorted.size() - 1) / 1e6));
    }
    if (lastError != null) {
      out.println("failures: " + failureKinds.entrySet().stream()
          .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
      if (!lastError.equals(stopReason)) {
        out.println("last failure: " + lastError);
      }
    }
    out.flush();
  }

  /** Nearest-rank percentile, in milliseconds. */
  private static double percentile(List<Long> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1e6;
  }

  /**
   * Closes the ack log.
   *
   * @throws IOException if any line could not be written
   */
  @Override
  public synchronized void close() throws IOException {
    if (ackLog == null) {
      return;
    }
    boolean failed = ackLog.checkError(); // flushes; after close() the error could not be seen
    ackLog.close();
    if (failed) {
      throw new IOException("could not write every line of the --ack-log file");
    }
  }
}
