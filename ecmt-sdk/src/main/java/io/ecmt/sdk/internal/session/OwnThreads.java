package io.ecmt.sdk.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The threads a modem starts itself (session and callbacks, unless injected), and how they end. */
final class OwnThreads {
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final List<ExecutorService> executors = new ArrayList<>();

  /**
   * A single-thread executor. After shutdown a task still runs, on the caller's thread, instead of
   * being rejected: it only completes an operation with {@code ModemClosedException}, and so every
   * call ends.
   */
  ExecutorService start(String name) {
    ExecutorService executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          threads.add(t);
          return t;
        }, (task, pool) -> task.run());
    executors.add(executor);
    return executor;
  }

  /** Whether the current thread is one of these (blocking there would deadlock). */
  boolean isOwn() {
    return threads.contains(Thread.currentThread());
  }

  void shutdown() {
    executors.forEach(ExecutorService::shutdown);
  }

  /** Waits (up to 2 s each) for the threads to end; returns early if interrupted. */
  void await() {
    for (ExecutorService executor : executors) {
      try {
        executor.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
