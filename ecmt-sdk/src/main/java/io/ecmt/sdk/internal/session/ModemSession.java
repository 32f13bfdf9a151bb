package io.ecmt.sdk.internal.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtClient;
import io.ecmt.sdk.EcmtEventListener;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.SecurityEvent;
import io.ecmt.sdk.exceptions.ModemClosedException;
import io.ecmt.sdk.exceptions.TransportException;
import io.ecmt.sdk.internal.at.AtChannel;
import io.ecmt.sdk.internal.at.AtChannelConfig;
import io.ecmt.sdk.internal.at.AtRequest;
import io.ecmt.sdk.internal.at.AtResponse;
import io.ecmt.sdk.ArgumentChecks;
import io.ecmt.sdk.internal.codec.PassthroughGuard;
import io.ecmt.sdk.internal.codec.Secrets;
import io.ecmt.sdk.internal.dialect.Dialect;
import io.ecmt.sdk.internal.dialect.ModuleDecoder;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtDialect;
import io.ecmt.sdk.json.JsonPayloads;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.processors.PublishProcessor;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The implementation of {@link EcmtModem}: its threads, transport slot, AT channel, the dialect's
 * decoder behind a {@link LineRouter}, the start-up sequence, and one {@link ClientSession} per
 * client index, to which it is the {@link ClientContext}. State is touched only on the session
 * scheduler's thread; the public methods hop onto it.
 */
public final class ModemSession implements EcmtModem, ClientContext {
  private static final Logger LOG = LoggerFactory.getLogger(ModemSession.class);
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final ModemConfig config;
  private final OwnThreads threads = new OwnThreads();
  private final Scheduler session;
  private final Scheduler callbacks;
  private final EcmtEventListener events;
  private final JsonPayloads json;
  private final Dialect dialect;
  private final Secrets secrets;
  private final PassthroughGuard passthrough;
  private final PublishProcessor<String> urcLines = PublishProcessor.create();
  private final TransportSlot transport;
  private final AtChannel channel;
  private final StartUp startUp;
  private final ClientSession[] clients;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ModemSession(ModemConfig config) {
    this.config = config;
    int n = COUNTER.incrementAndGet();
    this.session = config.sessionScheduler() != null
        ? config.sessionScheduler() : Schedulers.from(threads.start("ecmt-session-" + n));
    this.callbacks = config.callbackScheduler() != null
        ? config.callbackScheduler() : Schedulers.from(threads.start("ecmt-callbacks-" + n));
    this.events = new SafeListener(config.listener());
    ObjectMapper mapper = config.objectMapper();
    this.json = mapper != null ? new JsonPayloads(mapper) : JsonPayloads.withDefaultMapper();
    this.dialect = dialectOf(config);
    this.secrets = new Secrets(dialect::redactForms);
    this.passthrough = new PassthroughGuard(dialect.commandPrefix());
    this.transport = new TransportSlot(config.transportFactory(), this::onSession, this::onBytes,
        this::transportClosed);
    LineRouter router = new LineRouter(this, events, secrets, urcLines);
    AtChannelConfig atConfig = new AtChannelConfig(config.guardTime(), AtChannelConfig.DEFAULT.maxLineLength(),
        AtChannelConfig.DEFAULT.resyncTimeout(), AtChannelConfig.DEFAULT.resyncAttempts(),
        AtChannelConfig.DEFAULT.recentLines(), dialect::startsRawPayload, config.timeouts().recvIdle(),
        secrets::redact);
    this.channel = new AtChannel(transport, session, atConfig, router);
    ModuleDecoder decoder = dialect.decoder(router::onEvent);
    router.wire(decoder, new ModuleCheck(this, channel, decoder));
    this.startUp = new StartUp(config, channel, session);
    this.clients = new ClientSession[config.profile().maxClients()];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = new ClientSession(this, i);
    }
  }

  /** The profile's command set. */
  private static Dialect dialectOf(ModemConfig config) {
    return switch (config.profile().commandSet()) {
      case ECMT -> new EcmtDialect(config.profile(), config.timeouts());
    };
  }

  /** Creates the modem and opens its transport. */
  public static ModemSession create(ModemConfig config) {
    ModemSession modem = new ModemSession(config);
    try {
      modem.transport.openNew();
    } catch (TransportException e) {
      modem.threads.shutdown();
      throw e;
    }
    modem.startUp.startProbe(
        status -> modem.onSession(() -> {
          for (ClientSession client : modem.clients) {
            client.networkLost(status);
          }
        }),
        () -> modem.onModuleRebooted("no answer to AT"));
    return modem;
  }

  // --- ClientContext ----------------------------------------------------------------------------

  @Override
  public ModemConfig config() {
    return config;
  }

  @Override
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public Scheduler session() {
    return session;
  }

  @Override
  public Scheduler callbacks() {
    return callbacks;
  }

  @Override
  public EcmtEventListener events() {
    return events;
  }

  @Override
  public Secrets secrets() {
    return secrets;
  }

  @Override
  public JsonPayloads json() {
    return json;
  }

  @Override
  public Single<AtResponse> execute(AtRequest request) {
    return channel.execute(request);
  }

  @Override
  public Disposable schedule(Runnable task, Duration delay) {
    return session.scheduleDirect(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public <T> Single<T> operation(Runnable checks, Supplier<Single<T>> body, BooleanSupplier needsLink) {
    Single<T> onSession = Single.defer(() -> {
          if (closed.get()) {
            return Single.<T>error(new ModemClosedException("closed"));
          }
          checks.run(); // arguments first: nothing, not even start-up, is sent for bad input
          if (!needsLink.getAsBoolean()) {
            return Single.defer(body::get);
          }
          return ensureTransport().andThen(Completable.defer(startUp::start)).andThen(Single.defer(body::get));
        })
        .subscribeOn(session)
        .unsubscribeOn(session)
        .observeOn(callbacks);
    // A closed modem answers at once, on the caller's thread: its threads are gone.
    return Single.defer(() -> closed.get() ? Single.<T>error(new ModemClosedException("closed")) : onSession);
  }

  /** After the transport closed under a supervisor: a new one from the factory (quick for serial, bounded for TCP). */
  @Override
  public Completable ensureTransport() {
    return Completable.defer(() -> {
      if (transport.isUp() || closed.get()) {
        return Completable.complete();
      }
      transport.openNew();
      LOG.info("transport {} reopened", transport.description());
      startUp.forget(); // whatever is on the other end now needs the start-up sequence
      return Completable.complete();
    });
  }

  @Override
  public Completable startOnSession() {
    return startUp.start();
  }

  @Override
  public Completable restartOnSession() {
    return startUp.restart();
  }

  @Override
  public void security(SecurityEvent.Kind kind, int clientId, String line, String detail) {
    SecurityEvent event = new SecurityEvent(kind, clientId, secrets.redact(line), detail);
    LOG.debug("security: {}", event);
    events.securityEvent(event);
  }

  @Override
  public void stateChanged(ClientStateChange change) {
    events.stateChanged(change);
  }

  @Override
  public boolean isOwnThread() {
    return threads.isOwn();
  }

  // --- for the router and the check ---------------------------------------------------------------

  int clientCount() {
    return clients.length;
  }

  ClientSession clientAt(int id) {
    return clients[id];
  }

  boolean anyClientOpen() {
    for (ClientSession client : clients) {
      if (client.state() != ClientState.CLOSED) {
        return true;
      }
    }
    return false;
  }

  boolean nearBurst() {
    return channel.nearBurst();
  }

  boolean echoOff() {
    return startUp.echoOff();
  }

  /** Echo is back on and every context is gone: the next operation re-runs start-up. */
  void onModuleRebooted(String reason) {
    if (closed.get()) {
      return;
    }
    LOG.warn("module rebooted ({})", reason);
    events.moduleRebooted();
    startUp.forget();
    for (ClientSession client : clients) {
      client.onModuleRebooted(reason);
    }
  }

  // --- EcmtModem ----------------------------------------------------------------------------------

  @Override
  public Completable start() {
    return operation(() -> { }, () -> Single.just(true), () -> true).ignoreElement();
  }

  @Override
  public EcmtClient client(int id) {
    ArgumentChecks.clientId(id, config.profile());
    return clients[id].handle();
  }

  @Override
  public Single<List<String>> command(String command) {
    return operation(() -> passthrough.check(command), () -> {
      String prefix = responsePrefix(command);
      ModuleDecoder probe = dialect.decoder(e -> { });
      Predicate<String> own = line -> (prefix != null && line.startsWith(prefix)) || !probe.looksLikeModuleLine(line);
      return channel.execute(new AtRequest(command, secrets.redact(command), own, null, config.timeouts().command()))
          .map(AtResponse::lines);
    }, () -> true);
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
    return "+" + command.substring(3, end).toUpperCase(Locale.ROOT) + ":";
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
    if (!threads.isOwn()) {
      threads.await(); // from an application thread, return only when the SDK's own threads are gone
    }
  }

  /** Fails everything, closes the transport and stops owned threads. Session thread. */
  private void shutdown(ModemClosedException reason) {
    closed.set(true);
    startUp.stopProbe();
    channel.shutdown(reason);
    for (ClientSession client : clients) {
      client.shutdown(reason);
    }
    urcLines.onComplete();
    transport.close();
    // Let the callback thread deliver what is queued, then stop both threads.
    callbacks.scheduleDirect(threads::shutdown);
  }

  // --- transport ----------------------------------------------------------------------------------

  /** Runs {@code task} on the session thread; exceptions are logged, never lost silently. */
  private void onSession(Runnable task) {
    session.scheduleDirect(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("session task failed", e);
      }
    });
  }

  private void onBytes(byte[] bytes) {
    if (!closed.get()) {
      channel.onBytes(bytes);
    }
  }

  /**
   * The transport closed under us. Without a supervisor, or with a transport that cannot be
   * reopened, the modem closes. Otherwise every client is handled as after a reboot and the
   * supervisors' attempts open a new transport.
   */
  private void transportClosed() {
    if (closed.get()) {
      return;
    }
    String description = transport.description();
    if (config.reconnectPolicy() == null || !config.transportReopenable()) {
      LOG.warn("transport {} closed", description);
      shutdown(new ModemClosedException("transport " + description + " closed"));
      return;
    }
    LOG.warn("transport {} closed; a new one will be opened", description);
    transport.markDown();
    channel.reset(new TransportException("transport " + description + " closed", null));
    onModuleRebooted("transport " + description + " closed");
  }
}
