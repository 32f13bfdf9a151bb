package io.ecmt.sdk.internal.at;

import io.ecmt.sdk.exceptions.AtErrorException;
import io.ecmt.sdk.internal.at.AtChannelListener.BurstVerdict;
import io.ecmt.sdk.exceptions.CmeErrorException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * <p>Receive bursts (the trust boundary): a URC that starts a raw payload
 * ({@link AtChannelConfig#burstHeader()}) opens a burst that lasts until the byte stream is idle
 * for {@link AtChannelConfig#burstGap()}. The module prints a whole message in one write, so every
 * line of the burst is payload ({@link AtChannelListener#onPayloadLine}), whatever it looks like:
 * a final result, a prompt or a URC there is content anyone could have published. Only a line
 * that follows an empty line (the module's own framing) is offered to
 * {@link AtChannelListener#classifyInBurst}, which may take it as genuine (an outcome for a msgID in
 * flight) or as the next payload's header. A final result there, while a command waits for one,
 * is remembered and verified after the burst: {@code AT+CMEE?} is written, and if its answer comes
 * before any final result, the command had ended inside the burst with that result. A prompt there
 * counts only if no byte follows it until the burst ends.
 *
 * <p>Prompt commands: after the command, wait for {@code > }, write the payload then 0x1A and wait
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

  private static final byte CTRL_Z = 0x1A;
  private static final byte ESC = 0x1B;
  private static final Pattern CME =
      Pattern.compile("^\\+(CME|CMS) ERROR:\\s*(.*)$");
  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,9}");
  private static final String PROBE = "AT+CMEE?";

  private enum Phase { AWAIT_PROMPT, AWAIT_FINAL }

  /** A queued or in-flight command; {@code emitter == null} marks the internal resync {@code AT}. */
  private static final class Pending {
    final AtRequest request;
    final SingleEmitter<AtResponse> emitter;
    final List<String> lines = new ArrayList<>();
    Phase phase;
    // Disposed after being written: finish it, but emit nothing.
    boolean silent;
    // Prompt timed out and ESC was sent: only the module's answer to the ESC is awaited.
    boolean escaped;
    // Its echo was seen (only one echo per command is dropped).
    boolean echoed;
    // A final result seen inside a receive burst: maybe this command's, maybe payload.
    String candidate;
    // How many such lines there were, and whether one of them was OK.
    int candidates;
    boolean okCandidate;
    // Its response lines seen inside a receive burst, kept if its result there proves genuine.
    final List<String> candidateLines = new ArrayList<>();
    // AT+CMEE? was written to learn whether the candidate was genuine.
    boolean verifying;
    Disposable verifyTask = Disposable.disposed();

    Pending(AtRequest request, SingleEmitter<AtResponse> emitter) {
      this.request = request;
      this.emitter = emitter;
    }

    boolean isResync() {
      return emitter == null;
    }
  }

  private final Transport transport;
  private final Scheduler scheduler;
  private final AtChannelConfig config;
  private final AtChannelListener listener;
  private final LineFramer framer;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final ArrayDeque<String> recent = new ArrayDeque<>();
  // Chunks received while the framer is busy (a write inside a framer callback may loop back).
  private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
  private boolean feeding;

  private Pending inFlight;
  private Disposable timeoutTask = Disposable.disposed();
  private Disposable pumpTask = Disposable.disposed();
  private boolean pumpScheduled;
  private long lastEndNanos = Long.MIN_VALUE;
  private boolean resyncNeeded;
  private int resyncAttempt;
  private Throwable shutdownError;

  // Receive-burst state (see the class comment).
  private boolean inBurst;
  private long lastBytesNanos = Long.MIN_VALUE;
  private long burstEndedNanos = Long.MIN_VALUE;
  private long burstStartedNanos = Long.MIN_VALUE;
  private Disposable burstTimer = Disposable.disposed();
  private boolean previousBlank;
  private boolean promptCandidate;
  // A final result held back from the payload (see AtChannelListener.onTentativeLine): still the
  // payload's last line (open), or the message is held until the check answers (held).
  private boolean tentativeOpen;
  private boolean tentativeHeld;

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
        handleLine(line);
      }

      @Override
      public void onPrompt() {
        handlePrompt();
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
    long now = scheduler.now(TimeUnit.NANOSECONDS);
    if ((inBurst || promptCandidate) && now - lastBytesNanos >= config.burstGap().toNanos()) {
      endBurst(); // the stream was idle long enough before these bytes
    }
    lastBytesNanos = now;
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
    if (promptCandidate && framer.lineInProgress()) {
      cancelPromptCandidate(); // bytes followed the "> ": it was text
    }
    if (inBurst || promptCandidate) {
      armBurstTimer();
    }
  }

  /** Scheduler time (ns) of the last bytes received, or {@code Long.MIN_VALUE}. */
  public long lastBytesNanos() {
    return lastBytesNanos;
  }

  /** Whether a receive burst was open at any time since {@code nanos} (scheduler time). */
  public boolean burstSince(long nanos) {
    return inBurst || burstStartedNanos >= nanos || burstEndedNanos >= nanos;
  }

  /** Whether a receive burst is open or ended less than one burst gap ago. */
  public boolean nearBurst() {
    return inBurst || (burstEndedNanos != Long.MIN_VALUE
        && scheduler.now(TimeUnit.NANOSECONDS) - burstEndedNanos < config.burstGap().toNanos());
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

  /**
   * As {@link #execute(AtRequest)}; {@code first} puts the request before every queued one (a check
   * whose answer decides whether the queued commands still make sense).
   */
  public Single<AtResponse> execute(AtRequest request, boolean first) {
    Objects.requireNonNull(request, "request");
    return Single.create(emitter -> {
      if (shutdownError != null) {
        emitter.tryOnError(shutdownError);
        return;
      }
      Pending pending = new Pending(request, emitter);
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
    if (inBurst) {
      endBurst();
    }
    previousBlank = false;
    framer.reset();
    backlog.clear();
    resyncNeeded = false;
    resyncAttempt = 0;
  }

  private void failAll(Throwable error) {
    timeoutTask.dispose();
    pumpTask.dispose();
    burstTimer.dispose();
    pumpScheduled = false;
    promptCandidate = false;
    framer.setPromptExpected(false);
    settleTentative(false);
    Pending current = inFlight;
    inFlight = null;
    if (current != null && !current.isResync()) {
      listener.onCommandFailed(current.request, error);
      current.emitter.tryOnError(error);
    }
    Pending queued;
    while ((queued = queue.poll()) != null) {
      queued.emitter.tryOnError(error);
    }
  }

  private void cancel(Pending pending) {
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
    Pending next = queue.poll();
    if (next != null) {
      start(next);
    }
  }

  private void start(Pending pending) {
    inFlight = pending;
    AtRequest request = pending.request;
    boolean prompt = request.promptPayload() != null;
    pending.phase = prompt ? Phase.AWAIT_PROMPT : Phase.AWAIT_FINAL;
    // Everything is set up before the write: an in-memory peer may answer inside write().
    framer.setPromptExpected(prompt);
    listener.onCommandStart(request);
    Duration timeout = request.timeout();
    timeoutTask = scheduler.scheduleDirect(() -> onTimeout(pending), timeout.toNanos(), TimeUnit.NANOSECONDS);
    write((request.command() + "\r\n").getBytes(StandardCharsets.UTF_8), pending);
  }

  private void startResync() {
    resyncAttempt++;
    Pending pending = new Pending(AtRequest.simple("AT", config.resyncTimeout()), null);
    pending.phase = Phase.AWAIT_FINAL;
    inFlight = pending;
    timeoutTask = scheduler.scheduleDirect(
        () -> onTimeout(pending), config.resyncTimeout().toNanos(), TimeUnit.NANOSECONDS);
    write("AT\r\n".getBytes(StandardCharsets.US_ASCII), pending);
  }

  /** Writes for {@code owner}; a failure ends {@code owner}. Returns whether the write succeeded. */
  private boolean write(byte[] bytes, Pending owner) {
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

  private void handleLine(String line) {
    boolean blankBefore = previousBlank;
    previousBlank = line.isEmpty();
    if (promptCandidate) {
      cancelPromptCandidate(); // a line followed the "> ": it was text
    }
    if (inBurst) {
      handleBurstLine(line, blankBefore);
      return;
    }
    if (line.isEmpty()) {
      return;
    }
    if (isEcho(line)) {
      // Not remembered: it may hold a password.
      listener.onEcho();
      return;
    }
    remember(line);
    String trimmed = line.strip();
    Pending current = inFlight;
    if (current == null) {
      if (!trimmed.equals("OK") && !trimmed.equals("ERROR")) {
        urc(line);
      }
      return;
    }
    if (current.verifying && trimmed.startsWith("+CMEE:")) {
      // The probe's answer came first: the command had ended inside a burst. With one candidate
      // that was its result; with several, which one is unknown: all stay payload, and an OK among
      // them is taken (the operation's outcome line still decides).
      boolean one = current.candidates == 1;
      settleTentative(one);
      if (one) {
        current.lines.addAll(current.candidateLines);
      }
      resolve(current, one ? current.candidate : current.okCandidate ? "OK" : current.candidate);
      handOverToProbe();
      return;
    }
    if (isFinal(trimmed)) {
      boolean probing = current.verifying;
      resolve(current, trimmed);
      if (probing) {
        handOverToProbe(); // the command's own result came first; the probe's answer follows
      }
      return;
    }
    if (current.request.responseMatcher() != null && current.request.responseMatcher().test(line)) {
      current.lines.add(line);
      return;
    }
    urc(line);
  }

  private void urc(String line) {
    listener.onUrcLine(line);
    if (config.burstHeader().test(line)) {
      startBurst();
    }
  }

  /** Inside a receive burst: payload, unless it follows an empty line and is classified otherwise. */
  private void handleBurstLine(String line, boolean blankBefore) {
    if (line.isEmpty()) {
      listener.onPayloadLine(line, blankBefore);
      return;
    }
    BurstVerdict verdict = blankBefore ? listener.classifyInBurst(line) : BurstVerdict.PAYLOAD;
    if (verdict == BurstVerdict.GENUINE) {
      endBurst();
      previousBlank = false;
      handleLine(line);
      return;
    }
    if (verdict == BurstVerdict.NEW_PAYLOAD) {
      tentativeHeld |= tentativeOpen; // the message is held for the check, the next one behind it
      tentativeOpen = false;
      listener.onBurstEnd();
      listener.onNestedHeader(line);
      return;
    }
    Pending current = inFlight;
    String trimmed = line.strip();
    boolean awaiting = blankBefore && current != null && current.phase == Phase.AWAIT_FINAL && !current.escaped;
    if (awaiting && (isFinal(trimmed) || isResponse(current, line))) {
      if (!tentativeOpen) {
        startTentativeGroup(current);
      }
      if (isFinal(trimmed)) {
        // The module's own result could only be the last one, even one that comes during the check.
        current.candidate = trimmed;
        current.candidates++;
        current.okCandidate |= trimmed.equals("OK");
      } else {
        current.candidateLines.add(line);
      }
      tentativeOpen = true;
      listener.onTentativeLine(line);
      return;
    }
    if (tentativeOpen) {
      // Text follows them: they were payload, and nothing is left to check.
      clearCandidates(current);
      settleTentative(false);
    }
    listener.onPayloadLine(line, blankBefore);
  }

  /**
   * A new group of possibly genuine lines: only the latest group can be the module's answer, so
   * lines held for an earlier one are payload (its command, if it had ended there, times out).
   */
  private void startTentativeGroup(Pending current) {
    if (tentativeHeld) {
      settleTentative(false);
    }
    clearCandidates(current);
  }

  private static void clearCandidates(Pending pending) {
    if (pending != null) {
      pending.candidate = null;
      pending.candidates = 0;
      pending.okCandidate = false;
      pending.candidateLines.clear();
    }
  }

  /** The check of a tentative final result ended, or its command did: settles the held line. */
  private void settleTentative(boolean genuine) {
    if (tentativeOpen || tentativeHeld) {
      tentativeOpen = false;
      tentativeHeld = false;
      listener.onTentativeResolved(genuine);
    }
  }

  private static boolean isResponse(Pending pending, String line) {
    return pending.request.responseMatcher() != null && pending.request.responseMatcher().test(line);
  }

  private static boolean isFinal(String trimmed) {
    return trimmed.equals("OK") || trimmed.equals("ERROR") || CME.matcher(trimmed).matches();
  }

  /** Ends {@code pending} with a final result line. */
  private void resolve(Pending pending, String finalResult) {
    if (finalResult.equals("OK")) {
      succeed(pending);
    } else if (finalResult.equals("ERROR")) {
      fail(pending, new AtErrorException(pending.request.logText()));
    } else {
      Matcher cme = CME.matcher(finalResult);
      cme.matches();
      fail(pending, cmeError(pending.request.logText(), cme.group(1).equals("CMS"), cme.group(2).strip()));
    }
  }

  private static CmeErrorException cmeError(String command, boolean cms, String detail) {
    if (NUMBER.matcher(detail).matches()) {
      return new CmeErrorException(command, Integer.parseInt(detail), null, cms);
    }
    return new CmeErrorException(command, -1, detail.isEmpty() ? null : detail, cms);
  }

  /** The echo of the in-flight command: exactly its text, noise bytes before it ignored, once. */
  private boolean isEcho(String line) {
    Pending current = inFlight;
    if (current == null || current.echoed) {
      return false;
    }
    int start = 0;
    while (start < line.length() && (line.charAt(start) < 0x20 || line.charAt(start) >= 0x7F)) {
      start++;
    }
    if (line.length() - start != current.request.command().length()
        || !line.startsWith(current.request.command(), start)) {
      return false;
    }
    current.echoed = true;
    return true;
  }

  // ---- receive bursts ----

  private void startBurst() {
    inBurst = true;
    burstStartedNanos = scheduler.now(TimeUnit.NANOSECONDS);
    armBurstTimer();
  }

  private void armBurstTimer() {
    if (!burstTimer.isDisposed()) {
      return;
    }
    long due = lastBytesNanos + config.burstGap().toNanos() - scheduler.now(TimeUnit.NANOSECONDS);
    burstTimer = scheduler.scheduleDirect(() -> {
      burstTimer = Disposable.disposed();
      if (scheduler.now(TimeUnit.NANOSECONDS) - lastBytesNanos >= config.burstGap().toNanos()) {
        endBurst();
      } else if (inBurst || promptCandidate) {
        armBurstTimer();
      }
    }, Math.max(0, due), TimeUnit.NANOSECONDS);
  }

  private void endBurst() {
    burstTimer.dispose();
    burstTimer = Disposable.disposed();
    if (inBurst) {
      inBurst = false;
      burstEndedNanos = scheduler.now(TimeUnit.NANOSECONDS);
      listener.onBurstEnd();
      tentativeHeld |= tentativeOpen;
      tentativeOpen = false;
    }
    if (promptCandidate) {
      // Nothing followed the "> " until the stream went idle: the module is waiting for data.
      promptCandidate = false;
      sendPromptPayload();
    }
    Pending current = inFlight;
    if (current != null && current.candidate != null && !current.verifying) {
      // Give a genuine final result the chance to arrive outside the burst, then ask the module.
      current.verifyTask.dispose();
      current.verifyTask = scheduler.scheduleDirect(() -> verify(current), config.burstGap().toNanos(),
          TimeUnit.NANOSECONDS);
    }
  }

  private void verify(Pending pending) {
    if (inFlight != pending || pending.verifying || inBurst) {
      return; // ended meanwhile, or a new burst: checked again at its end
    }
    pending.verifying = true;
    write((PROBE + "\r\n").getBytes(StandardCharsets.US_ASCII), pending);
  }

  /** After the verified command ended: the probe owns the line until its OK, quietly. */
  private void handOverToProbe() {
    Pending probe = new Pending(new AtRequest(PROBE, PROBE, l -> l.startsWith("+CMEE:"), null,
        config.resyncTimeout()), null);
    probe.phase = Phase.AWAIT_FINAL;
    inFlight = probe;
    timeoutTask = scheduler.scheduleDirect(() -> onTimeout(probe), config.resyncTimeout().toNanos(),
        TimeUnit.NANOSECONDS);
  }

  private void handlePrompt() {
    Pending current = inFlight;
    if (current == null || current.phase != Phase.AWAIT_PROMPT) {
      return;
    }
    if (inBurst) {
      promptCandidate = true; // confirmed only by the silence that ends the burst
      armBurstTimer();
      return;
    }
    sendPromptPayload();
  }

  private void cancelPromptCandidate() {
    promptCandidate = false;
    Pending current = inFlight;
    if (current != null && current.phase == Phase.AWAIT_PROMPT) {
      framer.setPromptExpected(true);
    }
  }

  private void sendPromptPayload() {
    Pending current = inFlight;
    if (current == null || current.phase != Phase.AWAIT_PROMPT) {
      return;
    }
    current.phase = Phase.AWAIT_FINAL;
    byte[] payload = current.request.promptPayload();
    byte[] out = new byte[payload.length + 1];
    System.arraycopy(payload, 0, out, 0, payload.length);
    out[payload.length] = CTRL_Z;
    write(out, current);
  }

  private void remember(String line) {
    if (config.recentLines() <= 0) {
      return;
    }
    if (recent.size() == config.recentLines()) {
      recent.removeFirst();
    }
    recent.addLast(config.redactor().apply(line));
  }

  // ---- outcomes ----

  private void onTimeout(Pending pending) {
    if (inFlight != pending) {
      return;
    }
    if (pending.isResync()) {
      endCurrent();
      resyncFailedAttempt();
      return;
    }
    if (pending.phase == Phase.AWAIT_PROMPT) {
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
      pending.phase = Phase.AWAIT_FINAL;
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

  private void succeed(Pending pending) {
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

  private void fail(Pending pending, Throwable error) {
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
    settleTentative(false); // unless the check already said it was the module's own
    if (inFlight != null) {
      inFlight.verifyTask.dispose();
    }
    inFlight = null;
    timeoutTask.dispose();
    framer.setPromptExpected(false);
    lastEndNanos = scheduler.now(TimeUnit.NANOSECONDS);
  }
}
