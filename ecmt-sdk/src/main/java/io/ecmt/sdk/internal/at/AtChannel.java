package io.ecmt.sdk.internal.at;

import io.ecmt.sdk.exceptions.CommandTimeoutException;
import io.ecmt.sdk.exceptions.TransportException;
import io.ecmt.sdk.transport.Transport;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.disposables.Disposable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The AT command pipeline over one transport: one command in flight, a FIFO queue behind it.
 *
 * <p>Not thread-safe: every method, and every subscription to {@link #execute} (and its disposal),
 * must happen on the session thread, which is the thread {@code scheduler} runs its tasks on (a
 * single-threaded scheduler, or a {@code TestScheduler} in tests). Timeouts and guard times are
 * scheduled on it, and commands are always written from a task scheduled on it, never from inside
 * a subscriber's callback.
 *
 * <p>Routing: a received line is, in this order, the echo of the in-flight command (exactly its
 * text, possibly behind noise bytes; dropped and never remembered), the in-flight command's final
 * result ({@code OK}, {@code ERROR}, {@code +CME ERROR: <n|text>}, {@code +CMS ERROR: <n|text>}),
 * a response line of the in-flight command (its matcher accepts it), or else a URC for
 * {@link AtChannelListener#onUrcLine}. With no command in flight, a stray {@code OK} or
 * {@code ERROR} is dropped and every other line is a URC.
 *
 * <p>Receive bursts (the trust boundary) are kept by {@link AtReceiver}: every line of a raw
 * payload's burst is payload, whatever it looks like; see there.
 *
 * <p>Prompt commands: after the command, wait for {@code > }, write the payload (then 0x1A, unless
 * the command announced its length: {@link AtRequest#promptEnd()}) and wait
 * for the final result. A final result instead of the prompt ends the command with it. If the
 * prompt does not come in time, write ESC (0x1B) and fail.
 *
 * <p>A command without a final result in time fails with
 * {@link io.ecmt.sdk.exceptions.CommandTimeoutException}; then (unless the command was a plain
 * {@code AT}, whose caller is already probing) the channel resynchronises by
 * sending {@code AT} until {@code OK} (at most {@link AtChannelConfig#resyncAttempts()} times,
 * then {@link AtChannelListener#onUnresponsive()}) before the next queued command.
 */
public final class AtChannel {

  private static final byte ESC = 0x1B;

  private final Transport transport;
  final Scheduler scheduler;
  final AtChannelConfig config;
  final AtChannelListener listener;
  final LineFramer framer;
  private final ArrayDeque<PendingCommand> queue = new ArrayDeque<>();
  private final ArrayDeque<String> recent = new ArrayDeque<>();
  // Chunks received while the framer is busy (a write inside a framer callback may loop back).
  private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
  private boolean feeding;

  PendingCommand inFlight;
  Disposable timeoutTask = Disposable.disposed();
  private Disposable pumpTask = Disposable.disposed();
  private boolean pumpScheduled;
  private long lastEndNanos = Long.MIN_VALUE;
  private boolean resyncNeeded;
  private int resyncAttempt;
  private Throwable shutdownError;

  private final AtReceiver receiver = new AtReceiver(this);

  /**
   * @param transport where commands are written; must already be open (or opened before the first
   *                  command is written)
   * @param scheduler runs its tasks on the session thread; used for timeouts, guard time and writes
   * @param config    timeouts, limits
   * @param listener  URCs and observability events, called on the session thread
   */
  public AtChannel(Transport transport, Scheduler scheduler, AtChannelConfig config, AtChannelListener listener) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.framer = new LineFramer(config.maxLineLength(), new LineFramer.FramerSink() {
      @Override
      public void onLine(String line) {
        receiver.handleLine(line);
      }

      @Override
      public void onPrompt() {
        receiver.handlePrompt();
      }

      @Override
      public void onOverflow(int discardedBytes) {
        listener.onLineOverflow(discardedBytes);
      }
    }, true);
  }

  /** Feeds received bytes; call on the session thread. */
  public void onBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    listener.onBytesIn(bytes);
    if (feeding) {
      backlog.add(bytes);
      return;
    }
    receiver.beforeBytes(scheduler.now(TimeUnit.NANOSECONDS));
    feeding = true;
    try {
      framer.feed(bytes);
      byte[] next;
      while ((next = backlog.poll()) != null) {
        framer.feed(next);
      }
    } finally {
      feeding = false;
    }
    receiver.afterBytes();
  }

  /** Scheduler time (ns) of the last bytes received, or {@code Long.MIN_VALUE}. */
  public long lastBytesNanos() {
    return receiver.lastBytesNanos();
  }

  /** Whether a receive burst was open at any time since {@code nanos} (scheduler time). */
  public boolean burstSince(long nanos) {
    return receiver.burstSince(nanos);
  }

  /** Whether a receive burst is open or ended less than one burst gap ago. */
  public boolean nearBurst() {
    return receiver.nearBurst();
  }

  /**
   * A cold single: on subscription the request joins the queue; it is written when all before it
   * have finished (and the guard time passed). Succeeds with the response on {@code OK}; fails with
   * {@link io.ecmt.sdk.exceptions.AtErrorException}, {@link io.ecmt.sdk.exceptions.CmeErrorException},
   * {@link io.ecmt.sdk.exceptions.CommandTimeoutException} or
   * {@link io.ecmt.sdk.exceptions.TransportException}, or with the shutdown error. Disposing before
   * it was written removes it from the queue; disposing after lets it finish silently. Subscribe
   * and dispose on the session thread.
   */
  public Single<AtResponse> execute(AtRequest request) {
    return execute(request, false);
  }

  /** As {@link #execute(AtRequest)}; {@code first}: before every queued one (a check that decides about them). */
  public Single<AtResponse> execute(AtRequest request, boolean first) {
    Objects.requireNonNull(request, "request");
    return Single.create(emitter -> {
      if (shutdownError != null) {
        emitter.tryOnError(shutdownError);
        return;
      }
      PendingCommand pending = new PendingCommand(request, emitter);
      if (first) {
        queue.addFirst(pending);
      } else {
        queue.add(pending);
      }
      // Also runs after the command ended; then it is neither queued nor in flight: a no-op.
      emitter.setCancellable(() -> cancel(pending));
      schedulePump();
    });
  }

  /** Fails the in-flight and every queued command with {@code error}; later executes fail at once. */
  public void shutdown(Throwable error) {
    Objects.requireNonNull(error, "error");
    if (shutdownError != null) {
      return;
    }
    shutdownError = error;
    failAll(error);
  }

  /**
   * The byte stream broke (the transport closed and will be reopened): fails the in-flight and
   * every queued command with {@code error} and forgets partial input; later commands are accepted.
   */
  public void reset(Throwable error) {
    Objects.requireNonNull(error, "error");
    failAll(error);
    receiver.reset();
    framer.reset();
    backlog.clear();
    resyncNeeded = false;
    resyncAttempt = 0;
  }

  private void failAll(Throwable error) {
    timeoutTask.dispose();
    pumpTask.dispose();
    pumpScheduled = false;
    receiver.stop();
    framer.setPromptExpected(false);
    PendingCommand current = inFlight;
    inFlight = null;
    if (current != null && !current.isResync()) {
      listener.onCommandFailed(current.request, error);
      current.emitter.tryOnError(error);
    }
    PendingCommand queued;
    while ((queued = queue.poll()) != null) {
      queued.emitter.tryOnError(error);
    }
  }

  private void cancel(PendingCommand pending) {
    if (!queue.remove(pending) && inFlight == pending) {
      pending.silent = true;
    }
  }

  // ---- sending ----

  private void schedulePump() {
    if (pumpScheduled || shutdownError != null) {
      return;
    }
    pumpScheduled = true;
    long delay = 0;
    if (!config.guardTime().isZero() && lastEndNanos != Long.MIN_VALUE) {
      long due = lastEndNanos + config.guardTime().toNanos();
      delay = Math.max(0, due - scheduler.now(TimeUnit.NANOSECONDS));
    }
    // Always a scheduled task: a command is never written from inside a subscriber's callback.
    pumpTask = scheduler.scheduleDirect(this::pump, delay, TimeUnit.NANOSECONDS);
  }

  private void pump() {
    pumpScheduled = false;
    if (shutdownError != null || inFlight != null) {
      return;
    }
    if (!config.guardTime().isZero() && lastEndNanos != Long.MIN_VALUE
        && scheduler.now(TimeUnit.NANOSECONDS) - lastEndNanos < config.guardTime().toNanos()) {
      schedulePump();
      return;
    }
    if (resyncNeeded) {
      startResync();
      return;
    }
    PendingCommand next = queue.poll();
    if (next != null) {
      start(next);
    }
  }

  private void start(PendingCommand pending) {
    inFlight = pending;
    AtRequest request = pending.request;
    boolean prompt = request.promptPayload() != null;
    pending.phase = prompt ? PendingCommand.Phase.AWAIT_PROMPT : PendingCommand.Phase.AWAIT_FINAL;
    // Everything is set up before the write: an in-memory peer may answer inside write().
    framer.setPromptExpected(prompt);
    listener.onCommandStart(request);
    Duration timeout = request.timeout();
    timeoutTask = scheduler.scheduleDirect(() -> onTimeout(pending), timeout.toNanos(), TimeUnit.NANOSECONDS);
    write((request.command() + "\r\n").getBytes(StandardCharsets.UTF_8), pending);
  }

  private void startResync() {
    resyncAttempt++;
    PendingCommand pending = new PendingCommand(AtRequest.simple("AT", config.resyncTimeout()), null);
    pending.phase = PendingCommand.Phase.AWAIT_FINAL;
    inFlight = pending;
    timeoutTask = scheduler.scheduleDirect(
        () -> onTimeout(pending), config.resyncTimeout().toNanos(), TimeUnit.NANOSECONDS);
    write("AT\r\n".getBytes(StandardCharsets.US_ASCII), pending);
  }

  /** Writes for {@code owner}; a failure ends {@code owner}. Returns whether the write succeeded. */
  boolean write(byte[] bytes, PendingCommand owner) {
    try {
      transport.write(bytes);
    } catch (IOException | RuntimeException e) {
      if (inFlight == owner) {
        fail(owner, new TransportException(
            "write to " + transport.description() + " failed for " + owner.request.logText(), e));
      }
      return false;
    }
    listener.onBytesOut(bytes);
    return true;
  }

  // ---- receiving ----

  // ---- receive bursts ----

  void remember(String line) {
    if (config.recentLines() <= 0) {
      return;
    }
    if (recent.size() == config.recentLines()) {
      recent.removeFirst();
    }
    recent.addLast(config.redactor().apply(line));
  }

  // ---- outcomes ----

  void onTimeout(PendingCommand pending) {
    if (inFlight != pending) {
      return;
    }
    if (pending.isResync()) {
      endCurrent();
      resyncFailedAttempt();
      return;
    }
    if (pending.phase == PendingCommand.Phase.AWAIT_PROMPT) {
      // Cancel the module's data entry, or our next command would become payload.
      write(new byte[] {ESC}, pending);
      if (inFlight != pending) {
        return; // the ESC write failed and ended the command already
      }
      // The caller learns now; the line stays busy until the module answers the ESC (it prints OK),
      // so that this OK is not taken for the next command's.
      CommandTimeoutException timeout = new CommandTimeoutException(
          pending.request.logText(), pending.request.timeout(), List.copyOf(recent));
      listener.onCommandFailed(pending.request, timeout);
      if (!pending.silent) {
        pending.emitter.tryOnError(timeout);
      }
      pending.silent = true;
      pending.escaped = true;
      pending.phase = PendingCommand.Phase.AWAIT_FINAL;
      framer.setPromptExpected(false);
      timeoutTask = scheduler.scheduleDirect(
          () -> onTimeout(pending), config.resyncTimeout().toNanos(), TimeUnit.NANOSECONDS);
      return;
    }
    // A plain AT is itself the probe: its caller decides what its silence means.
    resyncNeeded = config.resyncAttempts() > 0 && !pending.request.command().equalsIgnoreCase("AT");
    resyncAttempt = 0;
    fail(pending, new CommandTimeoutException(
        pending.request.logText(), pending.request.timeout(), List.copyOf(recent)));
  }

  void succeed(PendingCommand pending) {
    endCurrent();
    if (pending.isResync()) {
      resyncNeeded = false;
      resyncAttempt = 0;
    } else if (!pending.escaped) {
      AtResponse response = new AtResponse(pending.lines);
      listener.onCommandEnd(pending.request, response);
      if (!pending.silent) {
        pending.emitter.onSuccess(response);
      }
    }
    schedulePump();
  }

  void fail(PendingCommand pending, Throwable error) {
    endCurrent();
    if (pending.isResync()) {
      resyncFailedAttempt();
      return;
    }
    if (!pending.escaped) {
      listener.onCommandFailed(pending.request, error);
    }
    if (!pending.silent) {
      pending.emitter.tryOnError(error);
    }
    schedulePump();
  }

  private void resyncFailedAttempt() {
    if (resyncAttempt >= config.resyncAttempts()) {
      // Give up: report it and let the queue try its luck.
      resyncNeeded = false;
      resyncAttempt = 0;
      listener.onUnresponsive();
    }
    schedulePump();
  }

  private void endCurrent() {
    receiver.settleTentative(false); // unless the check already said it was the module's own
    if (inFlight != null) {
      inFlight.verifyTask.dispose();
    }
    inFlight = null;
    timeoutTask.dispose();
    framer.setPromptExpected(false);
    lastEndNanos = scheduler.now(TimeUnit.NANOSECONDS);
  }
}
