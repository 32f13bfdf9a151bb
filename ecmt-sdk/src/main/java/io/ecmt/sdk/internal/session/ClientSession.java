package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.Operation;
import io.ecmt.sdk.exceptions.ClientStateException;
import io.ecmt.sdk.exceptions.CmeErrorException;
import io.ecmt.sdk.exceptions.ConnectionRefusedException;
import io.ecmt.sdk.exceptions.EcmtException;
import io.ecmt.sdk.exceptions.LinkLostException;
import io.ecmt.sdk.exceptions.ModemClosedException;
import io.ecmt.sdk.exceptions.OperationFailedException;
import io.ecmt.sdk.exceptions.SubscriptionRejectedException;
import io.ecmt.sdk.exceptions.UrcTimeoutException;
import io.ecmt.sdk.internal.at.AtRequest;
import io.ecmt.sdk.internal.codec.Checks;
import io.ecmt.sdk.internal.codec.EcmtCommand;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One connect id: its state machine, pending table, msgID allocator, remembered subscriptions and
 * publish window. Confined to the session thread, except {@link #state()} (volatile snapshot).
 */
final class ClientSession {
  private final ModemSession modem;
  private final int id;
  private final ModuleProfile profile;
  private final EcmtTimeouts timeouts;
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
  private final MsgIdAllocator msgIds = new MsgIdAllocator();
  private final Map<String, Qos> subscriptions = new LinkedHashMap<>();
  private final ArrayDeque<WaitingPublish> waitingPublishes = new ArrayDeque<>();
  private int publishesInFlight;

  ClientSession(ModemSession modem, int id) {
    this.modem = modem;
    this.id = id;
    this.profile = modem.config().profile();
    this.timeouts = modem.config().timeouts();
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

  // --- operations (each body runs on the session thread) --------------------------------------

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
      if (state != ClientState.CLOSED && state != ClientState.LOST) {
        return Single.error(new ClientStateException(id, state, Operation.OPEN));
      }
      Completable cleanup = state == ClientState.LOST ? clearModuleContext() : Completable.complete();
      return cleanup
          .andThen(Completable.defer(() -> configure(options)))
          .andThen(Single.defer(() -> {
            this.host = host;
            this.port = port;
            this.options = options;
            msgIds.releaseQuarantine();
            setState(ClientState.OPENING, "AT+ECMTOPEN");
            return twoPhase(Operation.OPEN, 0, new EcmtCommand.Open(id, host, port), timeouts.open(),
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
                .doOnError(e -> afterFailure(Operation.OPEN, e));
          }));
    }).ignoreElement();
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
      if (state != ClientState.OPEN) {
        return Single.error(new ClientStateException(id, state, Operation.CONNECT));
      }
      Completable reconfigure = sameSessionConfig(opts, appliedConfig) ? Completable.complete() : configure(opts);
      return reconfigure.andThen(Single.defer(() -> {
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
              } else {
                setState(ClientState.OPEN, "+ECMTCONN: " + id + "," + r.result() + "," + r.returnCode());
                emitter.onError(new OperationFailedException(Operation.CONNECT, id, 0, r.result()));
              }
            })
            .doOnError(e -> afterFailure(Operation.CONNECT, e));
      }));
    });
  }

  Single<SubAck> subscribe(String filter, Qos qos) {
    return modem.operation(() -> {
      Checks.topicFilter(filter, profile);
      Objects.requireNonNull(qos, "qos");
    }, () -> {
      requireConnected(Operation.SUBSCRIBE);
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
          });
    });
  }

  Completable unsubscribe(String filter) {
    return modem.operation(() -> Checks.topicFilter(filter, profile), () -> {
      requireConnected(Operation.UNSUBSCRIBE);
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
          });
    }).ignoreElement();
  }

  Single<PublishResult> publish(Publish publish) {
    Objects.requireNonNull(publish, "publish");
    Checks.PayloadForm[] form = {null};
    return modem.operation(() -> {
      Checks.topicName(publish.topic(), profile);
      form[0] = Checks.payload(publish.payload(), profile);
    }, () -> {
      requireConnected(Operation.PUBLISH);
      return Single.<PublishResult>create(emitter -> {
        // Waits for a place in the publish window without blocking anyone.
        WaitingPublish waiting = new WaitingPublish(emitter);
        waiting.start = () -> waiting.running = sendPublish(publish, form[0])
            .doFinally(this::publishFinished)
            .subscribe(emitter::onSuccess, emitter::tryOnError);
        if (publishesInFlight < modem.config().publishWindow()) {
          publishesInFlight++;
          waiting.start.run();
        } else {
          waitingPublishes.add(waiting);
        }
        emitter.setCancellable(() -> {
          if (waiting.running != null) {
            waiting.running.dispose();
          } else {
            waitingPublishes.remove(waiting);
          }
        });
      });
    });
  }

  private void publishFinished() {
    WaitingPublish next = waitingPublishes.poll();
    if (next != null) {
      next.start.run(); // takes over the finished publish's place
    } else {
      publishesInFlight--;
    }
  }

  private Single<PublishResult> sendPublish(Publish publish, Checks.PayloadForm form) {
    if (state != ClientState.CONNECTED) {
      return Single.error(new ClientStateException(id, state, Operation.PUBLISH));
    }
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

  Completable disconnect() {
    return closeLink(Operation.DISCONNECT);
  }

  Completable close() {
    return closeLink(Operation.CLOSE);
  }

  private Completable closeLink(Operation operation) {
    return modem.operation(() -> { }, () -> {
      if (state == ClientState.CLOSED) {
        return Single.just(true);
      }
      if (state == ClientState.OPENING || state == ClientState.CONNECTING || state == ClientState.CLOSING) {
        return Single.error(new ClientStateException(id, state, operation));
      }
      boolean wasLost = state == ClientState.LOST;
      EcmtCommand command = operation == Operation.DISCONNECT
          ? new EcmtCommand.Disconnect(id) : new EcmtCommand.Close(id);
      setState(ClientState.CLOSING, operation.command());
      Single<Boolean> sent = twoPhase(operation, 0, command, timeouts.disconnect(), (urc, emitter) -> {
        int result = urc instanceof Urc.DiscResult d ? d.result() : ((Urc.CloseResult) urc).result();
        forgetSession("+" + operation.command().substring(3) + ": " + id + "," + result);
        if (result == 0 || wasLost) {
          emitter.onSuccess(true);
        } else {
          emitter.onError(new OperationFailedException(operation, id, 0, result));
        }
      });
      return sent.onErrorResumeNext(e -> {
        // DISC and CLOSE destroy the context even when they fail; after a lost link errors are expected.
        forgetSession(operation + " failed: " + e.getMessage());
        return wasLost || isNotAllowed(e) ? Single.just(true) : Single.error(e);
      });
    }).ignoreElement();
  }

  /** After a lost link: {@code AT+ECMTDISC}, every error ignored, so the module forgets the old context. */
  private Completable clearModuleContext() {
    return twoPhase(Operation.DISCONNECT, 0, new EcmtCommand.Disconnect(id), timeouts.disconnect(),
            (urc, emitter) -> emitter.onSuccess(true))
        .ignoreElement()
        .onErrorComplete()
        .doFinally(() -> forgetSession("context cleared"));
  }

  private void forgetSession(String reason) {
    connAck = null;
    appliedConfig = null;
    subscriptions.clear();
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
        && a.will().equals(b.will());
  }

  private void requireConnected(Operation operation) {
    if (state != ClientState.CONNECTED) {
      throw new ClientStateException(id, state, operation);
    }
  }

  // --- two-phase machinery -----------------------------------------------------------------------

  private <T> Single<T> twoPhase(Operation op, int msgId, EcmtCommand command, Duration urcTimeout,
      BiConsumer<Urc, SingleEmitter<T>> onUrc) {
    Duration commandTimeout = timeouts.command();
    return twoPhase(op, msgId, new AtRequest(command.encode(), command.redacted(), null, null, commandTimeout),
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

  // --- URCs ----------------------------------------------------------------------------------

  void onUrc(Urc urc) {
    if (urc instanceof Urc.Recv r) {
      messages.onNext(new IncomingMessage(id, r.msgId(), r.topic(), r.payload(), r.reassembled()));
    } else if (urc instanceof Urc.Stat s) {
      linkLost(new LinkLostException(id, s.code()), "+ECMTSTAT: " + id + "," + s.code());
    } else if (urc instanceof Urc.OpenResult) {
      complete(Operation.OPEN, 0, urc);
    } else if (urc instanceof Urc.ConnResult c) {
      if (!complete(Operation.CONNECT, 0, urc) && c.result() == 0 && c.returnCode() == 0
          && (state == ClientState.OPEN || state == ClientState.LOST)) {
        // Some builds reconnect by themselves, or print a failure then a success: believe the success.
        connAck = new ConnAck(id, ConnAckCode.ACCEPTED);
        setState(ClientState.CONNECTED, "unsolicited +ECMTCONN: " + id + ",0,0");
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

  /** Completes the oldest pending entry for (op, msgId); false (and a late-URC event) if none. */
  @SuppressWarnings("unchecked")
  private boolean complete(Operation op, int msgId, Urc urc) {
    ArrayDeque<Pending<?>> queue = pending.get(new Key(op, msgId));
    Pending<Object> p = queue == null ? null : (Pending<Object>) queue.peek();
    if (p == null) {
      msgIds.releaseQuarantined(msgId);
      modem.events().lateUrc(urc.toString());
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

  private void linkLost(EcmtException error, String reason) {
    if (state == ClientState.CLOSED) {
      return;
    }
    connAck = null;
    setState(ClientState.LOST, reason);
    failAll(error);
  }

  void onModuleRebooted() {
    if (state != ClientState.CLOSED) {
      failAll(new LinkLostException(id, LinkLostException.MODULE_REBOOTED));
      connAck = null;
      appliedConfig = null;
      setState(ClientState.CLOSED, "module rebooted");
    }
  }

  void shutdown(ModemClosedException reason) {
    failAll(reason);
    messages.onComplete();
    states.onComplete();
  }

  private void failAll(Throwable error) {
    List<Pending<?>> all = new ArrayList<>();
    pending.values().forEach(all::addAll);
    for (Pending<?> p : all) {
      finish(p, error);
    }
    // Publishes still waiting for a window place fail too: none vanishes silently.
    List<WaitingPublish> waiting = new ArrayList<>(waitingPublishes);
    waitingPublishes.clear();
    for (WaitingPublish w : waiting) {
      w.emitter.tryOnError(error);
    }
    msgIds.releaseQuarantine();
  }

  private void setState(ClientState next, String reason) {
    ClientState previous = state;
    if (previous == next) {
      return;
    }
    state = next;
    ClientStateChange change = new ClientStateChange(id, previous, next, reason, 0);
    states.onNext(change);
    modem.stateChanged(change);
  }

  // --- streams -----------------------------------------------------------------------------------

  Flowable<IncomingMessage> messages(String filter) {
    if (filter != null) {
      Checks.topicFilter(filter, profile);
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

  /** A snapshot of the remembered subscriptions (for a supervisor). */
  Map<String, Qos> subscriptions() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(subscriptions));
  }

  // --- small types -------------------------------------------------------------------------------

  private record Key(Operation op, int msgId) {}

  /** A publish waiting for a place in the window; {@code running} once it was sent. */
  private static final class WaitingPublish {
    final SingleEmitter<PublishResult> emitter;
    Runnable start;
    Disposable running;

    WaitingPublish(SingleEmitter<PublishResult> emitter) {
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

  /** msgIDs 1–65535 per client, wrapping, never one in flight or quarantined. */
  static final class MsgIdAllocator {
    private final Set<Integer> inUse = new HashSet<>();
    private final Set<Integer> quarantined = new HashSet<>();
    private int next = 1;

    int allocate() {
      for (int i = 0; i < 65535; i++) {
        int candidate = next;
        next = next == 65535 ? 1 : next + 1;
        if (!inUse.contains(candidate) && !quarantined.contains(candidate)) {
          inUse.add(candidate);
          return candidate;
        }
      }
      throw new IllegalStateException("all 65535 msgIDs are in flight");
    }

    void release(int msgId) {
      inUse.remove(msgId);
    }

    /** A msgID whose outcome may still arrive: not reused until it does or the link is rebuilt. */
    void quarantine(int msgId) {
      if (msgId != 0 && inUse.remove(msgId)) {
        quarantined.add(msgId);
      }
    }

    void releaseQuarantined(int msgId) {
      quarantined.remove(msgId);
    }

    void releaseQuarantine() {
      quarantined.clear();
    }

    int inFlight() {
      return inUse.size();
    }
  }
}
