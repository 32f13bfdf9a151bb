package io.ecmt.sdk.testkit;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The command-line server's traffic log: lines are queued (bounded) and printed by one daemon
 * thread, so a terminal or pipe that does not keep up drops log lines (counted, then reported)
 * instead of stalling the event loops every session runs on.
 */
final class AsyncLineWriter implements Consumer<String> {
  private final PrintStream out;
  private final BlockingQueue<String> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile boolean closing;

  AsyncLineWriter(PrintStream out, int capacity) {
    this.out = out;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::drain, "fake-module-server-log");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void accept(String line) {
    if (!queue.offer(line)) {
      dropped.incrementAndGet();
    }
  }

  private void drain() {
    try {
      while (!closing || !queue.isEmpty()) {
        String line = queue.poll(100, TimeUnit.MILLISECONDS);
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
          out.println("[" + lost + " log lines dropped: the log output did not keep up]");
        }
        if (line != null) {
          out.println(line);
        }
        if (queue.isEmpty()) {
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.flush();
  }

  /** Prints what is queued (waiting up to {@code millis}), then stops. */
  void close(long millis) {
    closing = true;
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
