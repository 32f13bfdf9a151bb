package io.ecmt.sdk.testkit.engine;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a fake module's state, and the clock its timers read. Input, command
 * handlers, broker events and fault timers all run here, so module state needs no locks.
 *
 * <p>Three kinds: {@link #ownThread} (a daemon thread of the module's own, wall clock: the
 * default), {@link #shared} (a netty event loop lent by a server, left running at close) and
 * {@link #driven} (an RxJava {@link Scheduler} the caller drives, such as {@code TestScheduler}:
 * virtual time, nothing runs until the test advances it).
 *
 * <p>Once {@linkplain #close() closed} nothing more runs: queued and scheduled tasks are dropped.
 */
public abstract class ModuleLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ModuleLoop.class);

  private volatile boolean closed;
  /** Broker links of a loop that is not a netty loop run here; made on first use. */
  private EventLoopGroup ownGroup;

  ModuleLoop() {}

  /** A daemon thread named {@code name}, owned by the module: wall-clock time. */
  public static ModuleLoop ownThread(String name) {
    return new ExecutorLoop(name);
  }

  /**
   * A netty event loop shared with other modules (the server's): the module's state and broker
   * links run on it, and {@link #close()} leaves it running. Nothing may block on it.
   */
  public static ModuleLoop shared(EventLoop loop) {
    return new SharedLoop(loop);
  }

  /**
   * A scheduler the caller drives, for virtual time: with {@code TestScheduler}, input is handled,
   * output written and timers fire only inside {@code triggerActions()} / {@code advanceTimeBy()}.
   * Calls into the module run at once on the calling thread, so drive the scheduler and call the
   * module from one thread. Broker links still use real sockets (and a netty thread of their own).
   */
  public static ModuleLoop driven(Scheduler scheduler) {
    return new DrivenLoop(scheduler);
  }

  /** Runs {@code r} on the loop soon, unless closed by then; exceptions are logged, not thrown. */
  public final void execute(Runnable r) {
    if (closed) {
      return;
    }
    try {
      submit(task(r));
    } catch (RejectedExecutionException e) {
      LOG.trace("fake module closed, event dropped");
    }
  }

  /** Runs {@code r} on the loop after {@code nanos} ({@code ≤ 0}: as {@link #execute}). */
  public final Disposable schedule(Runnable r, long nanos) {
    if (nanos <= 0) {
      execute(r);
      return Disposable.disposed();
    }
    if (closed) {
      return Disposable.disposed();
    }
    try {
      return submit(task(r), nanos);
    } catch (RejectedExecutionException e) {
      LOG.trace("fake module closed, event dropped");
      return Disposable.disposed();
    }
  }

  /** Runs {@code r} at once, on the caller's thread, logging what it throws. */
  public final void runGuarded(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("fake module internal error", e);
    }
  }

  /**
   * Runs {@code c} on the loop and returns its result: at once when already on the loop (waiting
   * for ourselves would deadlock), else waiting up to 10 s.
   */
  public <T> T call(Callable<T> c) {
    if (inLoop()) {
      try {
        return c.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    submit(() -> {
      try {
        f.complete(c.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("fake module thread did not answer", e);
    }
  }

  /** The loop's clock in nanoseconds: {@link System#nanoTime()}, or the driving scheduler's time. */
  public abstract long nanoTime();

  /** Whether the calling thread is the loop's (always true for a driven loop). */
  public abstract boolean inLoop();

  /**
   * Whether bytes a transport reads on this thread may be handled at once: true on a shared loop
   * reading its own socket, so a host that sends faster than the module works is held back
   * instead of queued.
   */
  public boolean handlesInputInline() {
    return false;
  }

  /** Whether the loop is a thread of the module's own (a blocking write would stall only this module). */
  public boolean ownsThread() {
    return false;
  }

  /** Whether {@link #markClosed()} or {@link #close()} was called. */
  public final boolean isClosed() {
    return closed;
  }

  /** From now on nothing queued or scheduled runs; threads stay up until {@link #close()}. */
  public final void markClosed() {
    closed = true;
  }

  /** Marks closed and stops the threads this loop owns. Idempotent. */
  public final void close() {
    closed = true;
    shutdown();
    EventLoopGroup g;
    synchronized (this) {
      g = ownGroup;
      ownGroup = null;
    }
    if (g != null) {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /** Where broker links run: the shared netty loop, or one netty thread of the module's own. */
  public final synchronized EventLoopGroup brokerGroup() {
    EventLoopGroup shared = sharedGroup();
    if (shared != null) {
      return shared;
    }
    if (ownGroup == null) {
      ownGroup = new NioEventLoopGroup(1);
    }
    return ownGroup;
  }

  /** On a shared event loop nothing stops our tasks at close: each checks for itself. */
  private Runnable task(Runnable r) {
    return () -> {
      if (!closed) {
        runGuarded(r);
      }
    };
  }

  abstract void submit(Runnable task);

  abstract Disposable submit(Runnable task, long nanos);

  abstract void shutdown();

  EventLoopGroup sharedGroup() {
    return null;
  }

  /** The default: a single-thread executor of the module's own. */
  private static final class ExecutorLoop extends ModuleLoop {
    private final ScheduledExecutorService exec;
    private volatile Thread thread;

    ExecutorLoop(String name) {
      exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        thread = t;
        return t;
      });
    }

    @Override
    void submit(Runnable task) {
      exec.execute(task);
    }

    @Override
    Disposable submit(Runnable task, long nanos) {
      return Disposable.fromFuture(exec.schedule(task, nanos, TimeUnit.NANOSECONDS), false);
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public boolean inLoop() {
      return Thread.currentThread() == thread;
    }

    @Override
    public boolean ownsThread() {
      return true;
    }

    @Override
    void shutdown() {
      exec.shutdownNow();
    }
  }

  /** A server's event loop, lent to the module. */
  private static final class SharedLoop extends ModuleLoop {
    private final EventLoop loop;

    SharedLoop(EventLoop loop) {
      this.loop = Objects.requireNonNull(loop, "loop");
    }

    @Override
    void submit(Runnable task) {
      loop.execute(task);
    }

    @Override
    Disposable submit(Runnable task, long nanos) {
      return Disposable.fromFuture(loop.schedule(task, nanos, TimeUnit.NANOSECONDS), false);
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public boolean inLoop() {
      return loop.inEventLoop();
    }

    @Override
    public boolean handlesInputInline() {
      return loop.inEventLoop();
    }

    @Override
    void shutdown() {
      // not ours to stop
    }

    @Override
    EventLoopGroup sharedGroup() {
      return loop;
    }
  }

  /** An RxJava scheduler the caller drives: virtual time with {@code TestScheduler}. */
  private static final class DrivenLoop extends ModuleLoop {
    private final Scheduler scheduler;
    private final Scheduler.Worker worker;

    DrivenLoop(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      this.worker = scheduler.createWorker();
    }

    @Override
    void submit(Runnable task) {
      worker.schedule(task);
    }

    @Override
    Disposable submit(Runnable task, long nanos) {
      return worker.schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public long nanoTime() {
      return scheduler.now(TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean inLoop() {
      return true; // the caller drives the scheduler: its thread is the module's
    }

    @Override
    void shutdown() {
      worker.dispose();
    }
  }
}
