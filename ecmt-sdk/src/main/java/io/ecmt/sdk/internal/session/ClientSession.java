package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.Operation;
import io.ecmt.sdk.OutboxPolicy;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.exceptions.AtErrorException;
import io.ecmt.sdk.exceptions.ClientStateException;
import io.ecmt.sdk.exceptions.CmeErrorException;
import io.ecmt.sdk.exceptions.CommandTimeoutException;
import io.ecmt.sdk.exceptions.ConnectionRefusedException;
import io.ecmt.sdk.exceptions.DeliveryTimeoutException;
import io.ecmt.sdk.exceptions.LinkLostException;
import io.ecmt.sdk.exceptions.ModemClosedException;
import io.ecmt.sdk.exceptions.OperationFailedException;
import io.ecmt.sdk.exceptions.OutboxFullException;
import io.ecmt.sdk.exceptions.ReconnectExhaustedException;
import io.ecmt.sdk.exceptions.SubscriptionRejectedException;
import io.ecmt.sdk.exceptions.TransportException;
import io.ecmt.sdk.exceptions.UrcTimeoutException;
import io.ecmt.sdk.internal.at.AtRequest;
import io.ecmt.sdk.internal.codec.Checks;
import io.ecmt.sdk.internal.codec.EcmtCommand;
import io.ecmt.sdk.internal.codec.TopicFilter;
import io.ecmt.sdk.internal.codec.Urc;
import io.ecmt.sdk.message.ConnAck;
import io.ecmt.sdk.message.ConnAckCode;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.SubAck;
import io.ecmt.sdk.message.Will;
import io.reactivex.rxjava3.core.BackpressureOverflowStrategy;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.processors.BehaviorProcessor;
import io.reactivex.rxjava3.processors.PublishProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * One connect id: its state machine, pending table, msgID allocator, remembered subscriptions,
 * outbox and supervisor. Confined to the session thread, except {@link #state()} (a volatile
 * snapshot).
 */
final class ClientSession {
  private final ModemSession modem;
  private final int id;
  private final ModuleProfile profile;
  private final EcmtTimeouts timeouts;
  private final ReconnectPolicy reconnectPolicy;
  private final OutboxPolicy outboxPolicy;
  private final ClientHandle handle;
  private final BehaviorProcessor<ClientStateChange> states;
  private final PublishProcessor<IncomingMessage> messages = PublishProcessor.create();

  private volatile ClientState state = ClientState.CLOSED;
  private String host;
  private int port;
  private ConnectOptions options = ConnectOptions.defaults();
  private ConnectOptions appliedConfig;
  private ConnAck connAck;

  /** Pending operations by (operation, msgID); QoS 0 publishes share msgID 0 and complete in order. */
  private final Map<Key, ArrayDeque<Pending<?>>> pending = new HashMap<>();
  private final MsgIdAllocator msgIds;
  private final Map<String, Qos> subscriptions = new LinkedHashMap<>();

  /**
   * Publishes not yet sent (window full, or offline under supervision), oldest first: ordered by
   * acceptance, so a publish put back after a lost link regains its place.
   */
  private final PriorityQueue<OutboxEntry> outbox =
      new PriorityQueue<>(java.util.Comparator.comparingLong((OutboxEntry e) -> e.sequence));
  private int publishesInFlight;
  private long publishSequence;

  /** Supervision: the application connected and has not disconnected since. */
  private boolean desired;
  private boolean reconnecting;
  private int attempt;
  private Disposable reconnectTask = Disposable.disposed();
  /** Ends a recovery that has taken {@code ReconnectPolicy.maxElapsed}. */
  private Disposable giveUpTask = Disposable.disposed();
  /** A CONNECT answered "not sent" ({@code +ECMTCONN: <id>,2,2}) waiting for a contradicting success. */
  private SingleEmitter<ConnAck> connectInGrace;
  private Disposable connectGraceTimer = Disposable.disposed();

  ClientSession(ModemSession modem, int id) {
    this.modem = modem;
    this.id = id;
    this.profile = modem.config().profile();
    this.timeouts = modem.config().timeouts();
    this.reconnectPolicy = modem.config().reconnectPolicy();
    this.outboxPolicy = modem.config().outboxPolicy();
    this.msgIds = new MsgIdAllocator(id, !modem.config().sequentialMsgIds());
    this.states = BehaviorProcessor.createDefault(
        new ClientStateChange(id, ClientState.CLOSED, ClientState.CLOSED, "initial", 0));
    this.handle = new ClientHandle(modem, this);
  }

  ClientHandle handle() {
    return handle;
  }

  int id() {
    return id;
  }

  ClientState state() {
    return state;
  }

  // --- public operations (bodies run on the session thread) --------------------------------------

  Completable open(String host, int port, ConnectOptions options) {
    return modem.operation(() -> {
      Checks.host(host, profile);
      Checks.port(port);
      checkOptions(options);
    }, () -> {
      if ((state == ClientState.OPEN || state == ClientState.CONNECTED)
          && host.equals(this.host) && port == this.port) {
        return Single.just(true); // the module would answer OK and never send +ECMTOPEN
      }
      if (reconnecting || (state != ClientState.CLOSED && state != ClientState.LOST)) {
        return Single.error(new ClientStateException(id, state, Operation.OPEN));
      }
      return supervisedFirst(() -> openFromAnyState(host, port, options).toSingleDefault(true));
    }).ignoreElement();
  }

  /** Clears a context the module may still hold, writes the configuration and opens. */
  private Completable openFromAnyState(String host, int port, ConnectOptions options) {
    Completable cleanup = state == ClientState.LOST ? clearModuleContext(false) : Completable.complete();
    return cleanup
        .andThen(Completable.defer(() -> configure(options)))
        .andThen(Completable.defer(() -> doOpen(host, port, options)));
  }

  /**
   * The application's own open/connect: with a supervisor (and {@code superviseFirstConnect}), a
   * failure of the link rather than an answer from the broker is retried with the policy's backoff,
   * the transport reopened and the start-up sequence re-run, until it succeeds or the policy gives up.
   */
  private <T> Single<T> supervisedFirst(java.util.function.Supplier<Single<T>> attempt) {
    if (reconnectPolicy == null || !modem.config().superviseFirstConnect()) {
      return Single.defer(attempt::get);
    }
    long started = modem.session().now(java.util.concurrent.TimeUnit.NANOSECONDS);
    int[] tries = {0};
    Single<T> once = modem.ensureTransport()
        .andThen(Completable.defer(modem::startOnSession))
        .andThen(Single.defer(attempt::get));
    return once.retryWhen(errors -> errors.flatMap(e -> {
      tries[0]++;
      if (!isLinkTrouble(e) && !(e instanceof TransportException) && !(e instanceof OperationFailedException)
          && !isNotAllowed(e)) {
        return Flowable.error(e);
      }
      long elapsed = modem.session().now(java.util.concurrent.TimeUnit.NANOSECONDS) - started;
      Duration delay = backoff(tries[0] + 1);
      if (reconnectPolicy.maxAttempts() > 0 && tries[0] >= reconnectPolicy.maxAttempts()
          || !reconnectPolicy.maxElapsed().isZero() && elapsed + delay.toNanos() >= reconnectPolicy.maxElapsed().toNanos()) {
        return Flowable.error(new ReconnectExhaustedException(id, tries[0], e));
      }
      setState(state, "attempt " + tries[0] + " failed: " + e.getMessage(), true);
      return Flowable.timer(delay.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS, modem.session());
    }));
  }

  Single<ConnAck> connect(ConnectOptions newOptions) {
    return modem.operation(() -> {
      if (newOptions != null) {
        checkOptions(newOptions);
      }
    }, () -> {
      ConnectOptions opts = newOptions != null ? newOptions : options;
      if (state == ClientState.CONNECTED && connAck != null) {
        return Single.just(connAck);
      }
      if (reconnecting || state != ClientState.OPEN && !(firstConnectSupervised() && host != null
          && (state == ClientState.LOST || state == ClientState.CLOSED))) {
        return Single.error(new ClientStateException(id, state, Operation.CONNECT));
      }
      return supervisedFirst(() -> {
        if (state != ClientState.OPEN) {
          // The link dropped after open: open it again first.
          return openFromAnyState(host, port, opts).andThen(Single.defer(() -> doConnect(opts)));
        }
        Completable reconfigure = sameSessionConfig(opts, appliedConfig) ? Completable.complete() : configure(opts);
        return reconfigure.andThen(Single.defer(() -> doConnect(opts)));
      }).doOnSuccess(ack -> desired = true);
    });
  }

  private boolean firstConnectSupervised() {
    return reconnectPolicy != null && modem.config().superviseFirstConnect();
  }

  Single<SubAck> subscribe(String filter, Qos qos) {
    return modem.operation(() -> {
      Checks.topicFilter(filter, profile);
      Objects.requireNonNull(qos, "qos");
    }, () -> {
      requireOnline(Operation.SUBSCRIBE);
      return doSubscribe(filter, qos);
    });
  }

  Completable unsubscribe(String filter) {
    return modem.operation(() -> Checks.topicFilter(filter, profile), () -> {
      requireOnline(Operation.UNSUBSCRIBE);
      int msgId = msgIds.allocate();
      return this.<Boolean>twoPhase(Operation.UNSUBSCRIBE, msgId,
          new EcmtCommand.Unsubscribe(id, msgId, filter), timeouts.subscribe(), (urc, emitter) -> {
            Urc.UnsResult r = (Urc.UnsResult) urc;
            if (r.result() == 0) {
              subscriptions.remove(filter);
              emitter.onSuccess(true);
            } else {
              emitter.onError(new OperationFailedException(Operation.UNSUBSCRIBE, id, msgId, r.result()));
            }
          })
          .doOnError(e -> reconnectIfNoOutcome(e, "no +ECMTUNS for msgID " + msgId));
    }).ignoreElement();
  }

  Single<PublishResult> publish(Publish publish) {
    Objects.requireNonNull(publish, "publish");
    Checks.PayloadForm[] form = {null};
    return modem.operation(() -> {
      Checks.topicName(publish.topic(), profile);
      form[0] = Checks.payload(publish.payload(), profile);
    }, () -> Single.<PublishResult>create(emitter -> {
      OutboxEntry entry = new OutboxEntry(publishSequence++, publish, form[0], emitter);
      if (accept(entry)) {
        if (reconnectPolicy != null) {
          Duration limit = modem.config().deliveryTimeout();
          entry.deadline = modem.schedule(() -> expire(entry, limit), limit);
        }
        emitter.setCancellable(() -> cancel(entry)); // also runs when it completes
        drain();
      }
    }), () -> false); // online means the link is up; offline it waits (supervised) or fails at once
  }

  /** The delivery timeout ran out: the publish ends now, wherever it is. */
  private void expire(OutboxEntry entry, Duration limit) {
    entry.emitter.tryOnError(new DeliveryTimeoutException(id, limit, entry.publish));
  }

  Completable disconnect() {
    return closeLink(Operation.DISCONNECT);
  }

  Completable close() {
    return closeLink(Operation.CLOSE);
  }

  private Completable closeLink(Operation operation) {
    return modem.operation(() -> { }, () -> {
      // A supervisor half-way through a reconnect leaves the module in an unknown state: clean up
      // as after a lost link (errors expected and ignored).
      boolean unsure = state == ClientState.LOST || reconnecting;
      stopSupervising();
      if (state == ClientState.CLOSED) {
        return Single.just(true);
      }
      if (!unsure && (state == ClientState.OPENING || state == ClientState.CONNECTING
          || state == ClientState.CLOSING)) {
        return Single.error(new ClientStateException(id, state, operation));
      }
      ClientState before = state;
      EcmtCommand command = operation == Operation.DISCONNECT
          ? new EcmtCommand.Disconnect(id) : new EcmtCommand.Close(id);
      setState(ClientState.CLOSING, operation.command());
      Single<Boolean> sent = twoPhase(operation, 0, command, timeouts.disconnect(), (urc, emitter) -> {
        int result = urc instanceof Urc.DiscResult d ? d.result() : ((Urc.CloseResult) urc).result();
        endSession(operation.command() + " outcome " + result, false);
        if (result == 0 || unsure) {
          emitter.onSuccess(true);
        } else {
          emitter.onError(new OperationFailedException(operation, id, 0, result));
        }
      });
      return sent.onErrorResumeNext(e -> {
        if (!unsure && wasNotExecuted(e)) {
          // ERROR, a timeout without OK, a transport failure: the module never ran it; nothing changed.
          setState(before, operation + " not executed: " + e.getMessage());
          return Single.error(e);
        }
        // The context is gone: a -1 outcome or no outcome after OK, or "not allowed" (nothing open).
        endSession(operation + " failed: " + e.getMessage(), false);
        return unsure || isNotAllowed(e) ? Single.just(true) : Single.error(e);
      });
    }).ignoreElement();
  }

  /** Errors that mean the module refused or never received a command (as opposed to its outcome failing). */
  private static boolean wasNotExecuted(Throwable e) {
    return e instanceof AtErrorException
        || e instanceof CommandTimeoutException
        || e instanceof TransportException
        || (e instanceof CmeErrorException c && !c.isOperationNotAllowed());
  }

  // --- the steps, shared by the public operations and the supervisor ---------------------------

  private Completable doOpen(String host, int port, ConnectOptions options) {
    this.host = host;
    this.port = port;
    this.options = options;
    msgIds.releaseQuarantine();
    setState(ClientState.OPENING, "AT+ECMTOPEN");
    return this.<Boolean>twoPhase(Operation.OPEN, 0, new EcmtCommand.Open(id, host, port), timeouts.open(),
            (urc, emitter) -> {
              int result = ((Urc.OpenResult) urc).result();
              if (result == 0) {
                setState(ClientState.OPEN, "+ECMTOPEN: " + id + ",0");
                emitter.onSuccess(true);
              } else {
                setState(ClientState.CLOSED, "+ECMTOPEN: " + id + "," + result);
                emitter.onError(new OperationFailedException(Operation.OPEN, id, 0, result));
              }
            })
        .doOnError(e -> afterFailure(Operation.OPEN, e))
        .ignoreElement();
  }

  private Single<ConnAck> doConnect(ConnectOptions opts) {
    options = opts;
    setState(ClientState.CONNECTING, "AT+ECMTCONN");
    EcmtCommand.Connect command = new EcmtCommand.Connect(id, opts.clientId().orElse(null),
        opts.username().orElse(null), opts.password().orElse(null));
    return this.<ConnAck>twoPhase(Operation.CONNECT, 0, command, timeouts.connect(), (urc, emitter) -> {
          Urc.ConnResult r = (Urc.ConnResult) urc;
          if (r.result() == 0 && r.returnCode() == 0) {
            connAck = new ConnAck(id, ConnAckCode.ACCEPTED);
            setState(ClientState.CONNECTED, "+ECMTCONN: " + id + ",0,0");
            emitter.onSuccess(connAck);
          } else if (r.result() == 0) {
            setState(ClientState.OPEN, "CONNACK refused: " + r.returnCode());
            emitter.onError(new ConnectionRefusedException(id, r.returnCode()));
          } else if (r.result() == 2) {
            // Some builds print a success a moment after this: wait for it before failing.
            connectInGrace = emitter;
            connectGraceTimer = modem.schedule(() -> {
              if (connectInGrace == emitter) {
                connectInGrace = null;
                setState(ClientState.OPEN, "+ECMTCONN: " + id + ",2," + r.returnCode());
                emitter.tryOnError(new OperationFailedException(Operation.CONNECT, id, 0, r.result()));
              }
            }, timeouts.connectGrace());
          } else {
            setState(ClientState.OPEN, "+ECMTCONN: " + id + "," + r.result() + "," + r.returnCode());
            emitter.onError(new OperationFailedException(Operation.CONNECT, id, 0, r.result()));
          }
        })
        .doOnError(e -> afterFailure(Operation.CONNECT, e));
  }

  private Single<SubAck> doSubscribe(String filter, Qos qos) {
    int msgId = msgIds.allocate();
    return this.<SubAck>twoPhase(Operation.SUBSCRIBE, msgId,
        new EcmtCommand.Subscribe(id, msgId, filter, qos.code()), timeouts.subscribe(), (urc, emitter) -> {
          Urc.SubResult r = (Urc.SubResult) urc;
          if (r.result() == 0 && r.value() == 128) {
            emitter.onError(new SubscriptionRejectedException(id, filter, msgId));
          } else if (r.result() == 0) {
            subscriptions.put(filter, qos);
            emitter.onSuccess(new SubAck(filter, qos, r.value(), msgId));
          } else {
            emitter.onError(new OperationFailedException(Operation.SUBSCRIBE, id, msgId, r.result()));
          }
        })
        .doOnError(e -> reconnectIfNoOutcome(e, "no +ECMTSUB for msgID " + msgId));
  }

  /** A missing outcome URC means the broker link is dead or stuck: rebuild it. */
  private void reconnectIfNoOutcome(Throwable e, String reason) {
    if (e instanceof UrcTimeoutException) {
      requestReconnect(reason);
    } else if (isNotAllowed(e) && !reconnecting) {
      linkGone(e);
    }
  }

  /** After a lost link: {@code AT+ECMTDISC}, every error ignored, so the module forgets the old context. */
  private Completable clearModuleContext(boolean keepSubscriptions) {
    return twoPhase(Operation.DISCONNECT, 0, new EcmtCommand.Disconnect(id), timeouts.disconnect(),
            (urc, emitter) -> emitter.onSuccess(true))
        .ignoreElement()
        .onErrorComplete()
        .doFinally(() -> endSession("context cleared", keepSubscriptions));
  }

  /** The module's context is gone: forget what belonged to it. */
  private void endSession(String reason, boolean keepSubscriptions) {
    connAck = null;
    appliedConfig = null;
    if (!keepSubscriptions) {
      subscriptions.clear();
      failAll(new LinkLostException(id, 8));
    }
    setState(ClientState.CLOSED, reason);
  }

  private static boolean isNotAllowed(Throwable e) {
    return e instanceof CmeErrorException c && c.isOperationNotAllowed();
  }

  // --- configuration -----------------------------------------------------------------------------

  private void checkOptions(ConnectOptions options) {
    Objects.requireNonNull(options, "options");
    Checks.mqttClientId(options.clientId().orElse(null), profile);
    Checks.username(options.username().orElse(null), profile);
    Checks.password(options.password().orElse(null), profile);
    Checks.keepAliveSeconds(options.keepAlive());
    options.will().ifPresent(w -> Checks.will(w, profile));
    options.tls().ifPresent(t -> Checks.tls(t, profile));
    options.packetTimeout().ifPresent(t -> Checks.packetTimeoutSeconds(t, options.packetRetries()));
    options.password().ifPresent(modem.secrets()::add);
    options.tls().flatMap(io.ecmt.sdk.message.TlsOptions::psk).ifPresent(modem.secrets()::add);
  }

  /** Writes the session settings; the module forgot them with its last context. */
  private Completable configure(ConnectOptions options) {
    List<EcmtCommand> commands = new ArrayList<>();
    commands.add(new EcmtCommand.CfgKeepAlive(id, Checks.keepAliveSeconds(options.keepAlive())));
    commands.add(new EcmtCommand.CfgSession(id, options.cleanSession()));
    commands.add(new EcmtCommand.CfgVersion(id, options.version().code()));
    Will will = options.will().orElse(null);
    commands.add(will == null
        ? new EcmtCommand.CfgWill(id, false, 0, false, null, null)
        : new EcmtCommand.CfgWill(id, true, will.qos().code(), will.retain(), will.topic(), will.message()));
    options.packetTimeout().ifPresent(t -> commands.add(new EcmtCommand.CfgTimeout(id,
        Checks.packetTimeoutSeconds(t, options.packetRetries()), options.packetRetries(), false)));
    options.tls().ifPresent(tls -> commands.add(tls.isPsk()
        ? new EcmtCommand.CfgSslPsk(tls.psk().orElseThrow(), tls.pskId().orElseThrow())
        : new EcmtCommand.CfgSslCa(tls.caBase64().orElseThrow(), tls.hostname().orElse(null))));
    Completable all = Completable.complete();
    for (EcmtCommand command : commands) {
      all = all.andThen(Completable.defer(() -> modem.execute(command, timeouts.command()).ignoreElement()));
    }
    return all.doOnComplete(() -> appliedConfig = options);
  }

  private static boolean sameSessionConfig(ConnectOptions a, ConnectOptions b) {
    return b != null
        && a.keepAlive().equals(b.keepAlive())
        && a.cleanSession() == b.cleanSession()
        && a.version() == b.version()
        && a.will().equals(b.will())
        && a.tls().equals(b.tls())
        && a.packetTimeout().equals(b.packetTimeout())
        && a.packetRetries() == b.packetRetries();
  }

  private void requireOnline(Operation operation) {
    if (state != ClientState.CONNECTED || reconnecting) {
      throw new ClientStateException(id, reconnecting ? ClientState.RECONNECTING : state, operation);
    }
  }

  // --- outbox ------------------------------------------------------------------------------------

  /** Queues a publish, or fails it at once; false when it failed. */
  private boolean accept(OutboxEntry entry) {
    boolean online = state == ClientState.CONNECTED && !reconnecting;
    boolean qos0 = entry.publish.qos() == Qos.AT_MOST_ONCE;
    if (!online && (!supervising() || (qos0 && !outboxPolicy.queueQos0()))) {
      entry.emitter.onError(new ClientStateException(id, reconnecting ? ClientState.RECONNECTING : state,
          Operation.PUBLISH));
      return false;
    }
    if (outbox.size() >= outboxPolicy.capacity()) {
      if (outboxPolicy.overflow() == OutboxPolicy.Overflow.FAIL_NEW) {
        entry.emitter.onError(new OutboxFullException(id, outboxPolicy.capacity(), entry.publish, false));
        return false;
      }
      OutboxEntry oldest = outbox.poll();
      oldest.emitter.tryOnError(new OutboxFullException(id, outboxPolicy.capacity(), oldest.publish, true));
    }
    outbox.add(entry);
    return true;
  }

  /** Sends waiting publishes while connected and the window has room. */
  private void drain() {
    while (state == ClientState.CONNECTED && !reconnecting
        && publishesInFlight < modem.config().publishWindow() && !outbox.isEmpty()) {
      OutboxEntry entry = outbox.poll();
      publishesInFlight++;
      entry.running = Single.defer(() -> sendPublish(entry.publish, entry.form)).subscribe(
          result -> published(entry, result, null), error -> published(entry, null, error));
    }
  }

  private void published(OutboxEntry entry, PublishResult result, Throwable error) {
    publishesInFlight--;
    entry.running = null;
    boolean linkGone = error != null && isNotAllowed(error) && state == ClientState.CONNECTED && !reconnecting
        && entry.notAllowed++ < MAX_NOT_ALLOWED_RESENDS;
    if (error == null) {
      entry.emitter.onSuccess(result);
    } else if ((isLinkTrouble(error) || linkGone) && supervising()) {
      if (entry.publish.qos() != Qos.AT_MOST_ONCE || outboxPolicy.queueQos0()) {
        outbox.add(entry); // at-least-once: sent again after the reconnect, in its old place
      } else {
        entry.emitter.tryOnError(error);
      }
      if (linkGone) {
        linkGone(error);
      } else {
        requestReconnect(error.getMessage());
      }
    } else {
      entry.emitter.tryOnError(error);
      if (linkGone) {
        linkGone(error);
      }
    }
    drain();
  }

  /** How often one publish may meet "not allowed" and be sent again after a reconnect. */
  private static final int MAX_NOT_ALLOWED_RESENDS = 3;

  /**
   * {@code +CME ERROR: 3} to an MQTT command while connected: the module has no link any more
   * (its {@code +ECMTSTAT} may follow); the command was not executed.
   */
  private void linkGone(Throwable error) {
    if (state == ClientState.CONNECTED && !reconnecting) {
      linkLost(new LinkLostException(id, 1), "module says not allowed while connected: " + error.getMessage());
    }
  }

  private void cancel(OutboxEntry entry) {
    entry.deadline.dispose();
    if (entry.running != null) {
      entry.running.dispose();
      entry.running = null;
      publishesInFlight--;
      drain();
    } else {
      outbox.remove(entry);
    }
  }

  /** Failures after which the link must be rebuilt; the message itself may be fine. */
  private static boolean isLinkTrouble(Throwable e) {
    return e instanceof LinkLostException
        || e instanceof UrcTimeoutException
        || e instanceof CommandTimeoutException
        || e instanceof TransportException
        || (e instanceof OperationFailedException f && f.result() == OperationFailedException.RESULT_SEND_FAILED)
        || (e instanceof ClientStateException c && c.operation() == Operation.PUBLISH);
  }

  private Single<PublishResult> sendPublish(Publish publish, Checks.PayloadForm form) {
    int msgId = publish.qos() == Qos.AT_MOST_ONCE ? 0 : msgIds.allocate();
    EcmtCommand command;
    byte[] promptPayload = null;
    if (form == Checks.PayloadForm.TEXT) {
      command = new EcmtCommand.PublishText(id, msgId, publish.qos().code(), publish.retain(), publish.topic(),
          new String(publish.payload(), StandardCharsets.UTF_8));
    } else {
      command = new EcmtCommand.PublishPrompt(id, msgId, publish.qos().code(), publish.retain(), publish.topic());
      promptPayload = publish.payload();
    }
    AtRequest request = new AtRequest(command.encode(), command.redacted(), null, promptPayload,
        timeouts.publishCommand());
    return twoPhase(Operation.PUBLISH, msgId, request, timeouts.publish(), (urc, emitter) -> {
      int result = ((Urc.PubResult) urc).result();
      if (result == 0) {
        emitter.onSuccess(new PublishResult(publish, id, msgId));
      } else {
        emitter.onError(new OperationFailedException(Operation.PUBLISH, id, msgId, result));
      }
    });
  }

  // --- supervisor --------------------------------------------------------------------------------

  private boolean supervising() {
    return reconnectPolicy != null && desired;
  }

  private void stopSupervising() {
    desired = false;
    reconnecting = false;
    attempt = 0;
    reconnectTask.dispose();
    giveUpTask.dispose();
    failOutbox(new ClientStateException(id, state, Operation.PUBLISH));
  }

  /** Every publish still waiting gets {@code error}: none is dropped silently. */
  private void failOutbox(Throwable error) {
    List<OutboxEntry> waiting = new ArrayList<>(outbox);
    outbox.clear();
    waiting.forEach(e -> e.emitter.tryOnError(error));
  }

  /** Starts rebuilding the session, unless not supervised or already at it. */
  void requestReconnect(String reason) {
    if (!supervising() || reconnecting || modem.isClosed()) {
      return;
    }
    reconnecting = true;
    attempt = 0;
    reconnectTask = modem.schedule(() -> runAttempt(reason), Duration.ZERO);
    Duration budget = reconnectPolicy.maxElapsed();
    if (!budget.isZero()) {
      giveUpTask = modem.schedule(() -> giveUp(new LinkLostException(id, 1), "no link within " + budget), budget);
    }
  }

  private void runAttempt(String reason) {
    if (!reconnecting) {
      return;
    }
    attempt++;
    setState(ClientState.RECONNECTING, reason, true);
    ConnectOptions opts = options;
    reconnectTask = modem.ensureTransport()
        .andThen(Completable.defer(modem::restartOnSession))
        .andThen(Completable.defer(() -> clearModuleContext(true)))
        .andThen(Completable.defer(() -> configure(opts)))
        .andThen(Completable.defer(() -> doOpen(host, port, opts)))
        .andThen(Single.defer(() -> doConnect(opts)).ignoreElement())
        .andThen(Completable.defer(this::resubscribeAll))
        .subscribe(this::reconnected, this::attemptFailed);
  }

  private Completable resubscribeAll() {
    Completable all = Completable.complete();
    for (Map.Entry<String, Qos> sub : new ArrayList<>(subscriptions.entrySet())) {
      all = all.andThen(Completable.defer(() -> doSubscribe(sub.getKey(), sub.getValue())
          .doOnSuccess(ack -> modem.events().subscriptionRestored(id, ack))
          .ignoreElement()
          .onErrorResumeNext(e -> {
            modem.events().subscriptionRestoreFailed(id, sub.getKey(), e);
            // A refusal is the broker's answer; anything else means the link is not usable yet.
            return e instanceof SubscriptionRejectedException || e instanceof OperationFailedException
                ? Completable.complete() : Completable.error(e);
          })));
    }
    return all;
  }

  /** The wait before attempt {@code next}, with the policy's jitter. */
  private Duration backoff(int next) {
    Duration base = reconnectPolicy.baseDelay(next);
    double jitter = reconnectPolicy.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    return Duration.ofMillis(Math.max(0, (long) (base.toMillis() * (1 + jitter))));
  }

  /** The policy's bound is reached: every waiting publish fails, the client ends LOST. */
  private void giveUp(Throwable lastError, String why) {
    if (!reconnecting) {
      return;
    }
    int attempts = attempt;
    reconnecting = false;
    desired = false;
    reconnectTask.dispose();
    giveUpTask.dispose();
    ReconnectExhaustedException exhausted = new ReconnectExhaustedException(id, attempts, lastError);
    failOutbox(exhausted);
    setState(ClientState.LOST, why == null ? exhausted.getMessage() : "gave up: " + why);
  }

  private void reconnected() {
    giveUpTask.dispose();
    setState(ClientState.CONNECTED, "reconnected", true);
    reconnecting = false;
    attempt = 0;
    drain();
  }

  private void attemptFailed(Throwable error) {
    if (!reconnecting) {
      return;
    }
    int max = reconnectPolicy.maxAttempts();
    if (max > 0 && attempt >= max) {
      giveUp(error, null);
      return;
    }
    Duration delay = backoff(attempt + 1);
    setState(ClientState.RECONNECTING, "attempt " + attempt + " failed: " + error.getMessage(), true);
    reconnectTask = modem.schedule(() -> runAttempt("retry after " + delay.toMillis() + " ms"), delay);
  }

  // --- two-phase machinery -----------------------------------------------------------------------

  private <T> Single<T> twoPhase(Operation op, int msgId, EcmtCommand command, Duration urcTimeout,
      BiConsumer<Urc, SingleEmitter<T>> onUrc) {
    return twoPhase(op, msgId, new AtRequest(command.encode(), command.redacted(), null, null, timeouts.command()),
        urcTimeout, onUrc);
  }

  /**
   * Sends {@code request}; {@code OK} starts the URC timer; the outcome URC completes the single
   * through {@code onUrc}. The pending entry is registered before the command is written, so an
   * outcome that overtakes the OK still finds it.
   */
  private <T> Single<T> twoPhase(Operation op, int msgId, AtRequest request, Duration urcTimeout,
      BiConsumer<Urc, SingleEmitter<T>> onUrc) {
    return Single.create(emitter -> {
      Pending<T> p = new Pending<>(op, msgId, emitter, onUrc);
      pending.computeIfAbsent(new Key(op, msgId), k -> new ArrayDeque<>()).add(p);
      p.command = modem.execute(request).subscribe(
          ok -> {
            if (!p.done) {
              p.timer = modem.schedule(() -> timeOut(p, urcTimeout), urcTimeout);
            }
          },
          error -> finish(p, error));
      emitter.setCancellable(() -> {
        if (!p.done) {
          // Disposed by the caller: the URC may still come; keep the msgID out of use until then.
          p.done = true;
          p.dispose();
          remove(p);
          msgIds.quarantine(msgId);
        }
      });
    });
  }

  private void timeOut(Pending<?> p, Duration timeout) {
    if (p.done) {
      return;
    }
    msgIds.quarantine(p.msgId); // a late URC releases it
    finish(p, new UrcTimeoutException(p.op, id, p.msgId, timeout));
  }

  private void finish(Pending<?> p, Throwable error) {
    if (p.done) {
      return;
    }
    p.done = true;
    p.dispose();
    remove(p);
    msgIds.release(p.msgId);
    p.emitter.tryOnError(error);
  }

  private void remove(Pending<?> p) {
    Key key = new Key(p.op, p.msgId);
    ArrayDeque<Pending<?>> queue = pending.get(key);
    if (queue != null) {
      queue.remove(p);
      if (queue.isEmpty()) {
        pending.remove(key);
      }
    }
  }

  /** Open or connect went wrong without a URC: the module may be half-way; clean up on next open. */
  private void afterFailure(Operation op, Throwable e) {
    if (e instanceof UrcTimeoutException) {
      setState(ClientState.LOST, op + " outcome never came");
    } else if (op == Operation.OPEN && state == ClientState.OPENING) {
      setState(ClientState.CLOSED, op + " failed: " + e.getMessage());
    } else if (op == Operation.CONNECT && state == ClientState.CONNECTING) {
      setState(ClientState.OPEN, op + " failed: " + e.getMessage());
    }
  }

  // --- URCs and module events --------------------------------------------------------------------

  void onUrc(Urc urc) {
    if (urc instanceof Urc.Recv r) {
      messages.onNext(new IncomingMessage(id, r.msgId(), r.topic(), r.payload(), r.reassembled(), r.nested()));
    } else if (urc instanceof Urc.Stat s) {
      linkLost(new LinkLostException(id, s.code()), "+ECMTSTAT: " + id + "," + s.code());
    } else if (urc instanceof Urc.OpenResult o) {
      if (!complete(Operation.OPEN, 0, urc) && o.result() == 0) {
        moduleHoldsAnUnwantedLink("+ECMTOPEN: " + id + ",0");
      }
    } else if (urc instanceof Urc.ConnResult c) {
      boolean success = c.result() == 0 && c.returnCode() == 0;
      if (connectInGrace != null && pending.get(new Key(Operation.CONNECT, 0)) == null) {
        endGrace(c);
        return;
      }
      if (!complete(Operation.CONNECT, 0, urc) && success) {
        if (!reconnecting && (state == ClientState.OPEN || state == ClientState.LOST) && desiredOrOpen()) {
          // Some builds reconnect by themselves, or print a failure then a success: believe the success.
          connAck = new ConnAck(id, ConnAckCode.ACCEPTED);
          setState(ClientState.CONNECTED, "unsolicited +ECMTCONN: " + id + ",0,0");
          drain();
        } else {
          moduleHoldsAnUnwantedLink("+ECMTCONN: " + id + ",0,0");
        }
      }
    } else if (urc instanceof Urc.DiscResult) {
      complete(Operation.DISCONNECT, 0, urc);
    } else if (urc instanceof Urc.CloseResult) {
      complete(Operation.CLOSE, 0, urc);
    } else if (urc instanceof Urc.SubResult s) {
      complete(Operation.SUBSCRIBE, s.msgId(), urc);
    } else if (urc instanceof Urc.UnsResult u) {
      complete(Operation.UNSUBSCRIBE, u.msgId(), urc);
    } else if (urc instanceof Urc.PubResult p) {
      complete(Operation.PUBLISH, p.msgId(), urc);
    }
  }

  /** A CONNECT in its grace period got another outcome: a success wins, a refusal ends it. */
  private void endGrace(Urc.ConnResult c) {
    SingleEmitter<ConnAck> emitter = connectInGrace;
    if (c.result() == 2) {
      modem.events().lateUrc("+ECMTCONN: " + id + ",2," + c.returnCode());
      return;
    }
    connectInGrace = null;
    connectGraceTimer.dispose();
    if (c.returnCode() == 0 && c.result() == 0) {
      connAck = new ConnAck(id, ConnAckCode.ACCEPTED);
      setState(ClientState.CONNECTED, "+ECMTCONN: " + id + ",0,0 after a send failure");
      emitter.onSuccess(connAck);
    } else {
      setState(ClientState.OPEN, "+ECMTCONN: " + id + "," + c.result() + "," + c.returnCode());
      emitter.tryOnError(c.result() == 0 ? new ConnectionRefusedException(id, c.returnCode())
          : new OperationFailedException(Operation.CONNECT, id, 0, c.result()));
    }
  }

  /**
   * Whether {@code urc} may be taken for a genuine outcome although it came inside a receive burst:
   * it names a msgID in flight (a forged one must guess it among 65535), or it reports a QoS 0
   * publish sent while one is in flight (QoS 0 promises nothing a forged success could break).
   */
  boolean awaitsOutcome(Urc urc) {
    Key key = outcomeKey(urc);
    if (key == null || !pending.containsKey(key)) {
      return false;
    }
    return key.msgId() != 0 || urc instanceof Urc.PubResult p && p.result() == 0;
  }

  private static Key outcomeKey(Urc urc) {
    if (urc instanceof Urc.PubResult p) {
      return new Key(Operation.PUBLISH, p.msgId());
    } else if (urc instanceof Urc.SubResult s) {
      return new Key(Operation.SUBSCRIBE, s.msgId());
    } else if (urc instanceof Urc.UnsResult u) {
      return new Key(Operation.UNSUBSCRIBE, u.msgId());
    }
    return null;
  }

  /**
   * The module's own view ({@code AT+ECMTCONN?} state, null: no context) after a sign of a lost
   * link: tears down only a link the module confirms gone. Returns whether it did.
   */
  boolean confirmLink(Integer moduleState, String sign) {
    boolean gone = state == ClientState.CONNECTED ? moduleState == null || moduleState != 3
        : state == ClientState.OPEN && moduleState == null;
    if (gone && !reconnecting) {
      linkLost(new LinkLostException(id, 1), sign + " (the module confirms: "
          + (moduleState == null ? "no context" : "state " + moduleState) + ")");
    }
    return gone;
  }

  /** Completes the oldest pending entry for (op, msgId); false (and a late-URC event) if none. */
  @SuppressWarnings("unchecked")
  private boolean complete(Operation op, int msgId, Urc urc) {
    ArrayDeque<Pending<?>> queue = pending.get(new Key(op, msgId));
    Pending<Object> p = queue == null ? null : (Pending<Object>) queue.peek();
    if (p == null) {
      if (msgId != 0 && !msgIds.isQuarantined(msgId) && !msgIds.wasRecentlyUsed(msgId)) {
        modem.security(io.ecmt.sdk.SecurityEvent.Kind.OUTCOME_NOT_IN_FLIGHT, id, urc.toString(),
            "no operation had msgID " + msgId + " in flight: ignored");
      }
      msgIds.releaseQuarantined(msgId);
      modem.events().lateUrc(modem.secrets().redact(urc.toString()));
      return false;
    }
    p.done = true;
    p.dispose();
    remove(p);
    msgIds.release(msgId);
    try {
      p.onUrc.accept(urc, p.emitter);
    } catch (RuntimeException e) {
      p.emitter.tryOnError(e);
    }
    return true;
  }

  /** An unsolicited success may only lift a client the application still wants. */
  private boolean desiredOrOpen() {
    return state == ClientState.OPEN || desired;
  }

  /**
   * A late success for an open or connect that was given up (disposed, timed out, or cancelled by
   * disconnect): the module now holds a link the SDK thinks closed, and would answer the next open
   * with OK and no URC. Marked LOST, so that the next open clears the module's context first.
   */
  private void moduleHoldsAnUnwantedLink(String line) {
    if (state == ClientState.CLOSED) {
      setState(ClientState.LOST, "late " + line + ": the module opened a link that was given up");
    }
  }

  private void linkLost(LinkLostException error, String reason) {
    if (state == ClientState.CLOSED) {
      return;
    }
    connAck = null;
    setState(ClientState.LOST, reason);
    requestReconnect(reason); // first, so that the reason names the cause, not a failed publish
    failAll(error);
  }

  /** The liveness probe found the module off the network: a connected link cannot be trusted. */
  void networkLost(String status) {
    if (state == ClientState.CONNECTED && !reconnecting) {
      linkLost(new LinkLostException(id, 7), "not registered: " + status);
    }
  }

  /** {@code RDY}, echo back on, or no answer to {@code AT}: every context in the module is gone. */
  void onModuleRebooted(String reason) {
    if (state == ClientState.CLOSED && !reconnecting) {
      return;
    }
    connAck = null;
    appliedConfig = null;
    setState(ClientState.CLOSED, reason);
    requestReconnect(reason);
    failAll(new LinkLostException(id, LinkLostException.MODULE_REBOOTED));
  }

  void shutdown(ModemClosedException reason) {
    reconnecting = false;
    reconnectTask.dispose();
    giveUpTask.dispose();
    connectGraceTimer.dispose();
    if (connectInGrace != null) {
      connectInGrace.tryOnError(reason);
      connectInGrace = null;
    }
    failAll(reason);
    failOutbox(reason);
    messages.onComplete();
    states.onComplete();
  }

  /**
   * Fails every pending operation. Publishes in flight come back through {@link #published}: under
   * supervision they wait for the reconnect, otherwise their callers get {@code error}.
   */
  private void failAll(Throwable error) {
    List<Pending<?>> all = new ArrayList<>();
    pending.values().forEach(all::addAll);
    for (Pending<?> p : all) {
      finish(p, error);
    }
    msgIds.releaseQuarantine();
    if (!supervising()) {
      failOutbox(error);
    }
  }

  private void setState(ClientState next, String reason) {
    setState(next, reason, false);
  }

  private void setState(ClientState next, String reason, boolean always) {
    ClientState previous = state;
    if (previous == next && !always) {
      return;
    }
    state = next;
    ClientStateChange change = new ClientStateChange(id, previous, next, reason, reconnecting ? attempt : 0);
    states.onNext(change);
    modem.stateChanged(change);
  }

  // --- streams -----------------------------------------------------------------------------------

  void checkFilter(String filter) {
    Checks.topicFilter(filter, profile);
  }

  Flowable<IncomingMessage> messages(String filter) {
    if (filter != null) {
      checkFilter(filter);
    }
    Flowable<IncomingMessage> source = filter == null
        ? messages : messages.filter(m -> TopicFilter.matches(filter, m.topic()));
    return source
        .onBackpressureBuffer(modem.config().messageBufferSize(), null, BackpressureOverflowStrategy.DROP_OLDEST,
            m -> modem.events().messageDropped(m))
        .observeOn(modem.callbacks());
  }

  Flowable<ClientStateChange> states() {
    return states.onBackpressureBuffer().observeOn(modem.callbacks());
  }

  /** Snapshot for tests and diagnostics: remembered subscriptions, pending entries, waiting publishes. */
  Map<String, Object> diagnostics() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("subscriptions", Collections.unmodifiableMap(new LinkedHashMap<>(subscriptions)));
    d.put("pending", pending.values().stream().mapToInt(ArrayDeque::size).sum());
    d.put("outbox", outbox.size());
    d.put("inFlightPublishes", publishesInFlight);
    d.put("msgIdsInUse", msgIds.inFlight());
    return d;
  }

  // --- small types -------------------------------------------------------------------------------

  private record Key(Operation op, int msgId) {}

  /** A publish accepted from the application, until it is acknowledged or failed. */
  private static final class OutboxEntry {
    final long sequence;
    final Publish publish;
    final Checks.PayloadForm form;
    final SingleEmitter<PublishResult> emitter;
    Disposable running;
    Disposable deadline = Disposable.disposed();
    int notAllowed;

    OutboxEntry(long sequence, Publish publish, Checks.PayloadForm form, SingleEmitter<PublishResult> emitter) {
      this.sequence = sequence;
      this.publish = publish;
      this.form = form;
      this.emitter = emitter;
    }
  }

  private static final class Pending<T> {
    final Operation op;
    final int msgId;
    final SingleEmitter<T> emitter;
    final BiConsumer<Urc, SingleEmitter<T>> onUrc;
    Disposable command;
    Disposable timer;
    boolean done;

    Pending(Operation op, int msgId, SingleEmitter<T> emitter, BiConsumer<Urc, SingleEmitter<T>> onUrc) {
      this.op = op;
      this.msgId = msgId;
      this.emitter = emitter;
      this.onUrc = onUrc;
    }

    void dispose() {
      if (timer != null) {
        timer.dispose();
      }
      // Not yet written: leaves the queue. Written: the channel consumes its final result silently.
      if (command != null) {
        command.dispose();
      }
    }
  }
}
