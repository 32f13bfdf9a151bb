package io.ecmt.sdk.internal.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtClient;
import io.ecmt.sdk.EcmtEventListener;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.NetworkWait;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.SecurityEvent;
import io.ecmt.sdk.exceptions.CommandTimeoutException;
import io.ecmt.sdk.exceptions.ModemClosedException;
import io.ecmt.sdk.exceptions.NetworkNotReadyException;
import io.ecmt.sdk.exceptions.TransportException;
import io.ecmt.sdk.internal.at.AtChannel;
import io.ecmt.sdk.internal.at.AtChannelConfig;
import io.ecmt.sdk.internal.at.AtChannelListener;
import io.ecmt.sdk.internal.at.AtRequest;
import io.ecmt.sdk.internal.at.AtResponse;
import io.ecmt.sdk.internal.codec.Checks;
import io.ecmt.sdk.internal.codec.EcmtDecoder;
import io.ecmt.sdk.internal.codec.PassthroughGuard;
import io.ecmt.sdk.internal.codec.Secrets;
import io.ecmt.sdk.internal.codec.EcmtCommand;
import io.ecmt.sdk.internal.codec.Urc;
import io.ecmt.sdk.internal.codec.UrcAssembler;
import io.ecmt.sdk.json.JsonPayloads;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.processors.PublishProcessor;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The implementation of {@link EcmtModem}. Owns the AT channel, the URC assembler and one
 * {@link ClientSession} per connect id. Every field below the constructor's is touched only on the
 * session scheduler's thread; the public methods hop onto it.
 */
public final class ModemSession implements EcmtModem {
  private static final Logger AT_LOG = LoggerFactory.getLogger("io.ecmt.sdk.at");
  private static final Logger LOG = LoggerFactory.getLogger(ModemSession.class);
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration NETWORK_POLL = Duration.ofSeconds(2);

  private final ModemConfig config;
  private final Scheduler session;
  private final Scheduler callbacks;
  private final Set<Thread> ownThreads = ConcurrentHashMap.newKeySet();
  private final List<ExecutorService> ownExecutors = new ArrayList<>();
  private final EcmtEventListener events;
  private final JsonPayloads json;
  private final AtChannel channel;
  private final UrcAssembler assembler;
  private final ClientSession[] clients;
  private final PublishProcessor<String> urcLines = PublishProcessor.create();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Secrets secrets = new Secrets();

  /** The transport now in use; replaced when a supervised modem reopens it. */
  private volatile Transport transport;
  private volatile boolean transportUp;

  // Session-thread state.
  private Completable started;
  /** ATE0 was confirmed: an echo from now on means the module reset itself. */
  private boolean echoOff;
  private Disposable probe = Disposable.disposed();
  /** A check of the module's own view (AT+ECMTCONN?) is under way; echo seen meanwhile. */
  private boolean verifying;
  private boolean echoSeenWhileVerifying;
  /** A sign of a lost link or reboot was seen inside the current receive burst: check after it. */
  private String verifyAfterBurst;
  /** The next payload header arrived inside the previous payload's burst. */
  private boolean nestedHeader;

  private ModemSession(ModemConfig config) {
    this.config = config;
    int n = COUNTER.incrementAndGet();
    this.session = config.sessionScheduler() != null
        ? config.sessionScheduler() : Schedulers.from(ownThread("ecmt-session-" + n));
    this.callbacks = config.callbackScheduler() != null
        ? config.callbackScheduler() : Schedulers.from(ownThread("ecmt-callbacks-" + n));
    this.events = new SafeListener(config.listener());
    ObjectMapper mapper = config.objectMapper();
    this.json = mapper != null ? new JsonPayloads(mapper) : JsonPayloads.withDefaultMapper();
    AtChannelConfig atConfig = new AtChannelConfig(config.guardTime(), AtChannelConfig.DEFAULT.maxLineLength(),
        AtChannelConfig.DEFAULT.resyncTimeout(), AtChannelConfig.DEFAULT.resyncAttempts(),
        AtChannelConfig.DEFAULT.recentLines(), ModemSession::isPayloadHeader, config.timeouts().recvIdle(),
        secrets::redact);
    this.channel = new AtChannel(new CurrentTransport(), session, atConfig, new ChannelEvents());
    this.assembler = new UrcAssembler(this::onUrc);
    this.clients = new ClientSession[config.profile().maxClients()];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = new ClientSession(this, i);
    }
  }

  /** Creates the modem and opens its transport. */
  public static ModemSession create(ModemConfig config) {
    ModemSession modem = new ModemSession(config);
    try {
      modem.openTransport();
    } catch (TransportException e) {
      modem.shutdownExecutors();
      throw e;
    }
    modem.startProbe();
    return modem;
  }

  /** Opens a transport from the factory and makes it current. */
  private void openTransport() {
    Transport t = config.transportFactory().get();
    try {
      t.open(new TransportEvents(t));
    } catch (IOException | RuntimeException e) {
      t.close();
      throw new TransportException("cannot open " + t.description() + ": " + e.getMessage(), e);
    }
    transport = t;
    transportUp = true;
  }

  /**
   * After the transport closed under a supervisor: a new one from the factory. Runs on the session
   * thread (opening a serial port is quick; a TCP connect is bounded by its connect timeout).
   */
  Completable ensureTransport() {
    return Completable.defer(() -> {
      if (transportUp || closed.get()) {
        return Completable.complete();
      }
      openTransport();
      LOG.info("transport {} reopened", transport.description());
      started = null; // whatever is on the other end now needs the start-up sequence
      echoOff = false;
      return Completable.complete();
    });
  }

  private ExecutorService ownThread(String name) {
    // After close a task still runs, on the caller's thread, instead of being rejected: it only
    // completes an operation with ModemClosedException, and so every call ends.
    ExecutorService executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      ownThreads.add(t);
      return t;
    }, (task, pool) -> task.run());
    ownExecutors.add(executor);
    return executor;
  }

  // --- accessors for ClientSession --------------------------------------------------------------

  ModemConfig config() {
    return config;
  }

  Scheduler session() {
    return session;
  }

  Scheduler callbacks() {
    return callbacks;
  }

  EcmtEventListener events() {
    return events;
  }

  JsonPayloads json() {
    return json;
  }

  /** Secrets to redact from everything the SDK logs or reports. */
  Secrets secrets() {
    return secrets;
  }

  /** Whether the AT channel is inside a receive burst or just left one. */
  boolean nearBurst() {
    return channel.nearBurst();
  }

  AtChannel channel() {
    return channel;
  }

  /** Whether the current thread is one the SDK owns (blocking there would deadlock). */
  boolean isOwnThread() {
    return ownThreads.contains(Thread.currentThread());
  }

  /** Runs {@code task} on the session thread; exceptions are logged, never lost silently. */
  void onSession(Runnable task) {
    session.scheduleDirect(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("session task failed", e);
      }
    });
  }

  /** A timer on the session thread. */
  Disposable schedule(Runnable task, Duration delay) {
    return session.scheduleDirect(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Sends one command; its single emits on the session thread. */
  Single<AtResponse> execute(EcmtCommand command, Duration timeout) {
    return channel.execute(new AtRequest(command.encode(), command.redacted(), command::isResponseLine, null, timeout));
  }

  Single<AtResponse> execute(AtRequest request) {
    return channel.execute(request);
  }

  /**
   * Wraps an operation built on the session thread: subscription and disposal hop onto the
   * session thread, results onto the callback scheduler; {@code checks} validate the arguments
   * before anything is sent, then the modem is started if needed.
   */
  <T> Single<T> operation(Runnable checks, java.util.function.Supplier<Single<T>> body) {
    return operation(checks, body, () -> true);
  }

  /**
   * As {@link #operation(Runnable, java.util.function.Supplier)}; when {@code needsLink} (asked on
   * the session thread) is false, the transport is not reopened and start-up not run (an operation
   * that may wait for a supervisor).
   */
  <T> Single<T> operation(Runnable checks, java.util.function.Supplier<Single<T>> body,
      java.util.function.BooleanSupplier needsLink) {
    Single<T> onSession = Single.defer(() -> {
          if (closed.get()) {
            return Single.<T>error(new ModemClosedException("closed"));
          }
          checks.run(); // arguments first: nothing, not even start-up, is sent for bad input
          if (!needsLink.getAsBoolean()) {
            return Single.defer(body::get);
          }
          return ensureTransport().andThen(Completable.defer(this::startOnSession)).andThen(Single.defer(body::get));
        })
        .subscribeOn(session)
        .unsubscribeOn(session)
        .observeOn(callbacks);
    // A closed modem answers at once, on the caller's thread: its threads are gone.
    return Single.defer(() -> closed.get() ? Single.<T>error(new ModemClosedException("closed")) : onSession);
  }

  // --- EcmtModem ----------------------------------------------------------------------------------

  @Override
  public Completable start() {
    return operation(() -> { }, () -> Single.just(true)).ignoreElement();
  }

  /**
   * The start-up sequence again (sync, echo off, error codes, network wait), for a supervisor
   * after a lost link: the module may have been reset or lost the network meanwhile. A run already
   * under way is shared. Session thread.
   */
  Completable restartOnSession() {
    if (started != null && echoOff) {
      started = null; // completed before: run it again
    }
    return startOnSession();
  }

  /** The cached start-up sequence; call on the session thread. */
  Completable startOnSession() {
    if (started == null) {
      Completable sequence = sync(config.syncAttempts())
          .andThen(simple("ATE0"))
          .andThen(simple("ATQ0"))
          .andThen(simple("AT+CMEE=1"))
          .andThen(waitForNetwork());
      // Cache the success only: a failed start is retried by the next operation.
      Completable[] self = {null};
      self[0] = sequence
          .doOnComplete(() -> echoOff = true)
          .doOnError(e -> {
            if (started == self[0]) {
              started = null;
            }
          })
          .cache();
      started = self[0];
      echoOff = false;
    }
    return started;
  }

  private Completable simple(String command) {
    return channel.execute(AtRequest.simple(command, config.timeouts().command())).ignoreElement();
  }

  private Completable sync(int attempts) {
    Completable at = channel.execute(AtRequest.simple("AT", SYNC_TIMEOUT)).ignoreElement();
    return attempts <= 1 ? at : at.onErrorResumeNext(e -> sync(attempts - 1));
  }

  private Completable waitForNetwork() {
    NetworkWait wait = config.networkWait();
    if (wait == NetworkWait.NONE) {
      return Completable.complete();
    }
    long polls = Math.max(1, config.networkTimeout().toMillis() / NETWORK_POLL.toMillis());
    String[] last = {"none"};
    return Single.defer(this::registration)
        .map(line -> {
          last[0] = line;
          return isRegistered(wait, line);
        })
        .onErrorReturnItem(false)
        .repeatWhen(done -> done.delay(NETWORK_POLL.toMillis(), TimeUnit.MILLISECONDS, session))
        .takeUntil(Boolean::booleanValue)
        .take(polls)
        .lastOrError()
        .flatMapCompletable(ok -> ok
            ? Completable.complete()
            : Completable.error(new NetworkNotReadyException(last[0], config.networkTimeout())));
  }

  /** {@code +CEREG: <n>,<stat>} registered when stat is 1 (home) or 5 (roaming); {@code +CGATT: 1}. */
  static boolean isRegistered(NetworkWait wait, String line) {
    String[] fields = line.substring(line.indexOf(':') + 1).trim().split(",");
    try {
      if (wait == NetworkWait.CGATT) {
        return Integer.parseInt(fields[0].trim()) == 1;
      }
      int stat = Integer.parseInt(fields[fields.length > 1 ? 1 : 0].trim());
      return stat == 1 || stat == 5;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * With a supervisor, an {@code AT} now and then notices a module that died quietly: the channel
   * times out, resynchronises, and reports it unresponsive.
   */
  private void startProbe() {
    ReconnectPolicy policy = config.reconnectPolicy();
    if (policy == null || policy.probeInterval().isZero()) {
      return;
    }
    long every = policy.probeInterval().toNanos();
    probe = session.schedulePeriodicallyDirect(() -> {
      if (!closed.get() && echoOff) {
        NetworkWait wait = config.networkWait();
        channel.execute(AtRequest.simple("AT", SYNC_TIMEOUT))
            .flatMapMaybe(ok -> wait == NetworkWait.NONE ? io.reactivex.rxjava3.core.Maybe.empty()
                : registration().toMaybe())
            .subscribe(status -> {
              if (!isRegistered(wait, status)) {
                for (ClientSession client : clients) {
                  client.networkLost(status);
                }
              }
            }, e -> {
              if (e instanceof CommandTimeoutException && !closed.get()) {
                onModuleRebooted("no answer to AT");
              }
            });
      }
    }, every, every, TimeUnit.NANOSECONDS);
  }

  /** The registration status line ({@code +CEREG: 0,1}); only with a network wait configured. */
  private Single<String> registration() {
    NetworkWait wait = config.networkWait();
    String command = wait == NetworkWait.CEREG ? "AT+CEREG?" : "AT+CGATT?";
    String prefix = wait == NetworkWait.CEREG ? "+CEREG:" : "+CGATT:";
    return channel.execute(new AtRequest(command, command, l -> l.startsWith(prefix), null, config.timeouts().command()))
        .map(r -> r.lines().isEmpty() ? prefix + " none" : r.lines().get(0));
  }

  @Override
  public EcmtClient client(int id) {
    Checks.clientId(id, config.profile());
    return clients[id].handle();
  }

  @Override
  public Single<java.util.List<String>> command(String command) {
    return operation(() -> PassthroughGuard.check(command), () -> {
      String prefix = responsePrefix(command);
      java.util.function.Predicate<String> own = line -> (prefix != null && line.startsWith(prefix))
          || !io.ecmt.sdk.internal.codec.UrcAssembler.startsKnownLine(line);
      return channel.execute(new AtRequest(command, secrets.redact(command), own, null, config.timeouts().command()))
          .map(AtResponse::lines);
    });
  }

  /** {@code AT+CSQ} → {@code +CSQ:}; {@code AT+CEREG?} → {@code +CEREG:}; null for basic commands such as {@code ATI}. */
  private static String responsePrefix(String command) {
    if (command.length() < 4 || command.charAt(2) != '+') {
      return null;
    }
    int end = 3;
    while (end < command.length() && Character.isLetterOrDigit(command.charAt(end))) {
      end++;
    }
    return "+" + command.substring(3, end).toUpperCase(java.util.Locale.ROOT) + ":";
  }

  /** Internal counters of one client (pending entries, outbox, msgIDs in use) for tests and diagnostics. */
  public java.util.Map<String, Object> diagnostics(int clientId) {
    return clients[clientId].diagnostics();
  }

  @Override
  public ModuleProfile profile() {
    return config.profile();
  }

  @Override
  public Flowable<String> urcLines() {
    return urcLines.onBackpressureBuffer(config.messageBufferSize(), null,
            io.reactivex.rxjava3.core.BackpressureOverflowStrategy.DROP_OLDEST)
        .observeOn(callbacks);
  }

  @Override
  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    onSession(() -> shutdown(new ModemClosedException("closed by the application")));
    // From an application thread, return only when the SDK's own threads are gone.
    if (!isOwnThread()) {
      for (ExecutorService executor : ownExecutors) {
        try {
          executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Fails everything, closes the transport and stops owned threads. Session thread. */
  private void shutdown(ModemClosedException reason) {
    closed.set(true);
    probe.dispose();
    channel.shutdown(reason);
    for (ClientSession client : clients) {
      client.shutdown(reason);
    }
    urcLines.onComplete();
    transportUp = false;
    transport.close();
    // Let the callback thread deliver what is queued, then stop both threads.
    callbacks.scheduleDirect(this::shutdownExecutors);
  }

  private void shutdownExecutors() {
    ownExecutors.forEach(ExecutorService::shutdown);
  }

  // --- URCs ------------------------------------------------------------------------------------

  private static boolean isPayloadHeader(String line) {
    return line.stripLeading().startsWith("+ECMTRECV:");
  }

  /** Every received line that is not a command's own: logged, reported and streamed redacted. */
  private void report(String line) {
    String shown = secrets.redact(line);
    AT_LOG.trace("<< {}", shown);
    events.urcReceived(shown);
    urcLines.onNext(shown);
  }

  private void onUrcLine(String line) {
    report(line);
    boolean nested = nestedHeader;
    nestedHeader = false;
    assembler.onLine(line, nested);
  }

  /** A line of a received payload: content, never acted on; reported when it looks like module output. */
  private void onPayloadLine(String line, boolean blankBefore) {
    report(line);
    assembler.onContinuation(line);
    if (UrcAssembler.startsKnownLine(line)) {
      security(SecurityEvent.Kind.MODULE_LINE_IN_PAYLOAD, -1, line, "kept as payload");
      if (blankBefore && isLinkSign(line)) {
        verifyAfterBurst = line; // the module's own framing: if it was real, the module will say so
      }
    }
  }

  private static boolean isLinkSign(String line) {
    String t = line.strip();
    return t.equals("RDY") || t.startsWith("+ECMTSTAT") || t.regionMatches(true, 0, "AT", 0, 2);
  }

  private void onBurstEnd() {
    assembler.flush();
    String sign = verifyAfterBurst;
    verifyAfterBurst = null;
    if (sign != null) {
      verifyModule(sign);
    }
  }

  /** A line right after an empty line inside a receive burst: payload, unless it can only be genuine. */
  private AtChannelListener.BurstVerdict classifyInBurst(String line) {
    Urc urc = EcmtDecoder.decode(line);
    if (urc instanceof Urc.Recv) {
      return AtChannelListener.BurstVerdict.NEW_PAYLOAD;
    }
    int id = clientIdOf(urc);
    if (id >= 0 && id < clients.length && clients[id].awaitsOutcome(urc)) {
      security(SecurityEvent.Kind.OUTCOME_IN_BURST_ACCEPTED, id, line, "matched an operation in flight");
      return AtChannelListener.BurstVerdict.GENUINE;
    }
    return AtChannelListener.BurstVerdict.PAYLOAD;
  }

  void security(SecurityEvent.Kind kind, int clientId, String line, String detail) {
    SecurityEvent event = new SecurityEvent(kind, clientId, secrets.redact(line), detail);
    LOG.debug("security: {}", event);
    events.securityEvent(event);
  }

  private void onUrc(Urc urc) {
    if (urc instanceof Urc.Ready) {
      verifyModule("RDY");
    } else if (urc instanceof Urc.Malformed m) {
      events.malformedLine(secrets.redact(m.line()), m.reason());
    } else if (urc instanceof Urc.Other) {
      // Not ECMT (+CEREG, banners): only reported through urcReceived.
    } else if (urc instanceof Urc.Stat stat && nearBurst()) {
      // Right after a payload whose end may have been misjudged: believe it once the module does.
      verifyModule("+ECMTSTAT: " + stat.clientId() + "," + stat.code());
    } else {
      int id = clientIdOf(urc);
      if (id >= 0 && id < clients.length) {
        clients[id].onUrc(urc);
      } else {
        events.lateUrc(secrets.redact(urc.toString()));
      }
    }
  }

  /**
   * Before a destructive reaction to a sign the module may not have given (RDY, echo back on, a
   * status line near a payload), asks the module: {@code AT+ECMTCONN?} lists the contexts it
   * holds, and echoes itself if echo came back on. Only what it confirms is torn down.
   */
  private void verifyModule(String sign) {
    if (verifying || closed.get()) {
      return;
    }
    verifying = true;
    echoSeenWhileVerifying = false;
    long asked = session.now(TimeUnit.NANOSECONDS);
    String command = "AT+ECMTCONN?";
    channel.execute(new AtRequest(command, command, l -> EcmtDecoder.decode(l) instanceof Urc.ConnRead, null,
            SYNC_TIMEOUT), true)
        .subscribe(response -> {
          verifying = false;
          // A line of the answer may have been taken for payload: an absent context proves nothing then.
          confirm(sign, response.lines(), !channel.burstSince(asked));
        }, error -> {
          verifying = false;
          if (!(error instanceof CommandTimeoutException) || closed.get()) {
            return;
          }
          if (channel.lastBytesNanos() >= asked) {
            // It kept printing (messages): alive, its answer lost among them. Nothing is torn down.
            security(SecurityEvent.Kind.UNCONFIRMED_LINK_EVENT, -1, sign, "the check went unanswered while the "
                + "module kept printing: nothing torn down");
          } else {
            onModuleRebooted(sign + ", and the module does not answer");
          }
        });
  }

  private void confirm(String sign, List<String> lines, boolean complete) {
    Integer[] states = new Integer[clients.length];
    for (String line : lines) {
      if (EcmtDecoder.decode(line) instanceof Urc.ConnRead read && read.clientId() >= 0
          && read.clientId() < clients.length) {
        states[read.clientId()] = read.state();
      }
    }
    boolean rebootSign = sign.equals("RDY") || sign.startsWith("echo");
    boolean noContext = true;
    for (int i = 0; i < clients.length; i++) {
      noContext &= states[i] == null;
    }
    if (echoSeenWhileVerifying || (complete && rebootSign && noContext && anyClientOpen())) {
      onModuleRebooted(sign + " (confirmed by the module)");
      return;
    }
    boolean torn = false;
    for (int i = 0; i < clients.length && complete; i++) {
      torn |= clients[i].confirmLink(states[i], sign);
    }
    if (!torn) {
      security(SecurityEvent.Kind.UNCONFIRMED_LINK_EVENT, -1, sign, "the module holds its links: nothing torn down");
    }
  }

  private boolean anyClientOpen() {
    for (ClientSession client : clients) {
      if (client.state() != io.ecmt.sdk.ClientState.CLOSED) {
        return true;
      }
    }
    return false;
  }

  private static int clientIdOf(Urc urc) {
    if (urc instanceof Urc.OpenResult u) return u.clientId();
    if (urc instanceof Urc.CloseResult u) return u.clientId();
    if (urc instanceof Urc.ConnResult u) return u.clientId();
    if (urc instanceof Urc.DiscResult u) return u.clientId();
    if (urc instanceof Urc.SubResult u) return u.clientId();
    if (urc instanceof Urc.UnsResult u) return u.clientId();
    if (urc instanceof Urc.PubResult u) return u.clientId();
    if (urc instanceof Urc.Recv u) return u.clientId();
    if (urc instanceof Urc.Stat u) return u.clientId();
    if (urc instanceof Urc.OpenRead u) return u.clientId();
    if (urc instanceof Urc.ConnRead u) return u.clientId();
    return -1;
  }

  /** Echo is back on and every MQTT context is gone; the next operation re-runs start-up. */
  private void onModuleRebooted(String reason) {
    LOG.warn("module rebooted ({})", reason);
    events.moduleRebooted();
    started = null;
    echoOff = false;
    for (ClientSession client : clients) {
      client.onModuleRebooted(reason);
    }
  }

  void stateChanged(ClientStateChange change) {
    events.stateChanged(change);
  }

  // --- listeners -------------------------------------------------------------------------------

  /** Reader thread → session thread: only copies are handed over; events of an old transport are ignored. */
  private final class TransportEvents implements TransportListener {
    private final Transport source;

    TransportEvents(Transport source) {
      this.source = source;
    }

    @Override
    public void onBytes(byte[] bytes) {
      onSession(() -> {
        if (!closed.get() && source == transport) {
          channel.onBytes(bytes);
        }
      });
    }

    @Override
    public void onClosed() {
      onSession(() -> {
        if (!closed.get() && source == transport && transportUp) {
          transportClosed();
        }
      });
    }

    @Override
    public void onError(Throwable error) {
      LOG.warn("transport {} failed: {}", source.description(), error.toString());
    }
  }

  /**
   * The transport closed under us. Without a supervisor, or with a transport that cannot be
   * reopened, the modem closes. Otherwise every client is handled as after a reboot and the
   * supervisors' attempts open a new transport.
   */
  private void transportClosed() {
    String description = transport.description();
    if (config.reconnectPolicy() == null || !config.transportReopenable()) {
      LOG.warn("transport {} closed", description);
      shutdown(new ModemClosedException("transport " + description + " closed"));
      return;
    }
    LOG.warn("transport {} closed; a new one will be opened", description);
    transportUp = false;
    channel.reset(new TransportException("transport " + description + " closed", null));
    onModuleRebooted("transport " + description + " closed");
  }

  /** What the AT channel writes to: whichever transport is current. */
  private final class CurrentTransport implements Transport {
    @Override
    public void open(TransportListener listener) {
      throw new UnsupportedOperationException("opened by the modem");
    }

    @Override
    public void write(byte[] bytes) throws IOException {
      if (!transportUp) {
        throw new IOException("transport " + transport.description() + " is closed");
      }
      transport.write(bytes);
    }

    @Override
    public boolean isOpen() {
      return transportUp;
    }

    @Override
    public String description() {
      return transport.description();
    }

    @Override
    public void close() {
      transport.close();
    }
  }

  private final class ChannelEvents implements AtChannelListener {
    @Override
    public void onUrcLine(String line) {
      ModemSession.this.onUrcLine(line);
    }

    @Override
    public void onCommandStart(AtRequest request) {
      AT_LOG.trace(">> {}", request.logText());
      events.commandStart(request.logText());
    }

    @Override
    public void onPayloadLine(String line, boolean blankBefore) {
      ModemSession.this.onPayloadLine(line, blankBefore);
    }

    @Override
    public void onBurstEnd() {
      ModemSession.this.onBurstEnd();
    }

    @Override
    public void onTentativeLine(String line) {
      report(line);
      assembler.onTentative(line);
    }

    @Override
    public void onTentativeResolved(boolean genuine) {
      assembler.resolveTentative(genuine);
    }

    @Override
    public BurstVerdict classifyInBurst(String line) {
      return ModemSession.this.classifyInBurst(line);
    }

    @Override
    public void onNestedHeader(String line) {
      security(SecurityEvent.Kind.NESTED_MESSAGE, -1, line, "delivered as a suspect message");
      nestedHeader = true;
      ModemSession.this.onUrcLine(line);
    }

    @Override
    public void onCommandEnd(AtRequest request, AtResponse response) {
      events.commandEnd(request.logText());
    }

    @Override
    public void onCommandFailed(AtRequest request, Throwable error) {
      AT_LOG.debug("!! {} failed: {}", request.logText(), error.toString());
      events.commandFailed(request.logText(), error);
    }

    @Override
    public void onBytesOut(byte[] bytes) {
      events.bytesOut(bytes.length);
    }

    @Override
    public void onBytesIn(byte[] bytes) {
      events.bytesIn(bytes.length);
    }

    @Override
    public void onLineOverflow(int discardedBytes) {
      events.malformedLine("<" + discardedBytes + " bytes>", "line longer than the limit, discarded");
    }

    @Override
    public void onUnresponsive() {
      onModuleRebooted("no answer to AT");
    }

    @Override
    public void onEcho() {
      if (verifying) {
        echoSeenWhileVerifying = true;
      } else if (echoOff) {
        verifyModule("echo is on again");
      }
    }
  }

  /** Keeps a throwing user listener from breaking the session. */
  private static final class SafeListener implements EcmtEventListener {
    private final EcmtEventListener d;

    SafeListener(EcmtEventListener delegate) {
      this.d = delegate;
    }

    private static void guard(Runnable r) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("event listener threw", e);
      }
    }

    @Override public void commandStart(String c) { guard(() -> d.commandStart(c)); }
    @Override public void commandEnd(String c) { guard(() -> d.commandEnd(c)); }
    @Override public void commandFailed(String c, Throwable e) { guard(() -> d.commandFailed(c, e)); }
    @Override public void urcReceived(String l) { guard(() -> d.urcReceived(l)); }
    @Override public void lateUrc(String l) { guard(() -> d.lateUrc(l)); }
    @Override public void malformedLine(String l, String r) { guard(() -> d.malformedLine(l, r)); }
    @Override public void stateChanged(ClientStateChange c) { guard(() -> d.stateChanged(c)); }
    @Override public void bytesOut(int n) { guard(() -> d.bytesOut(n)); }
    @Override public void bytesIn(int n) { guard(() -> d.bytesIn(n)); }
    @Override public void messageDropped(io.ecmt.sdk.message.IncomingMessage m) { guard(() -> d.messageDropped(m)); }
    @Override public void payloadMappingFailed(io.ecmt.sdk.message.IncomingMessage m, Throwable e) {
      guard(() -> d.payloadMappingFailed(m, e));
    }
    @Override public void moduleRebooted() { guard(d::moduleRebooted); }
    @Override public void subscriptionRestored(int id, io.ecmt.sdk.message.SubAck a) {
      guard(() -> d.subscriptionRestored(id, a));
    }
    @Override public void subscriptionRestoreFailed(int id, String f, Throwable e) {
      guard(() -> d.subscriptionRestoreFailed(id, f, e));
    }
    @Override public void securityEvent(SecurityEvent e) { guard(() -> d.securityEvent(e)); }
  }
}
