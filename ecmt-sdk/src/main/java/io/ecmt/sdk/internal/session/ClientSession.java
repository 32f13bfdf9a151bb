package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.Operation;
import io.ecmt.sdk.exceptions.ClientStateException;
import io.ecmt.sdk.exceptions.LinkLostException;
import io.ecmt.sdk.exceptions.ModemClosedException;
import io.ecmt.sdk.ArgumentChecks;
import io.ecmt.sdk.internal.dialect.ModuleEvent;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Outcome;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Result;
import io.ecmt.sdk.message.ConnAck;
import io.ecmt.sdk.message.ConnAckCode;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.SubAck;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One client index: its state machine, what the module holds for it (target, settings,
 * subscriptions), its public operations and the module events about it. The pieces are
 * collaborators: {@link PendingOps} (operations awaiting outcomes), {@link MsgIdAllocator},
 * {@link LinkSteps}, {@link Outbox}, {@link Supervisor}. Confined to the session thread, except
 * {@link #state()} (a volatile snapshot).
 */
final class ClientSession {
  private final ClientContext modem;
  private final int id;
  private final ModuleProfile profile;
  private final ClientHandle handle;
  private final ClientStreams streams;
  private final MsgIdAllocator msgIds;
  private final PendingOps pending;
  private final LinkSteps steps;
  private final Outbox outbox;
  private final Supervisor supervisor;

  private volatile ClientState state = ClientState.CLOSED;
  private String host;
  private int port;
  private ConnectOptions options = ConnectOptions.defaults();
  private ConnectOptions appliedConfig;
  private ConnAck connAck;
  private final Map<String, Qos> subscriptions = new LinkedHashMap<>();

  ClientSession(ClientContext modem, int id) {
    this.modem = modem;
    this.id = id;
    this.profile = modem.config().profile();
    this.msgIds = new MsgIdAllocator(id, !modem.config().sequentialMsgIds());
    this.pending = new PendingOps(modem, id, msgIds);
    this.supervisor = new Supervisor(this, modem);
    this.steps = new LinkSteps(this, modem, pending, msgIds);
    this.outbox = new Outbox(this, modem, pending, msgIds);
    this.streams = new ClientStreams(modem, id);
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

  Supervisor supervisor() {
    return supervisor;
  }

  Outbox outbox() {
    return outbox;
  }

  /** Connected and not rebuilding: publishes may go out. */
  boolean online() {
    return state == ClientState.CONNECTED && !supervisor.reconnecting();
  }

  /** The state as callers see it (RECONNECTING while the supervisor works). */
  ClientState visibleState() {
    return supervisor.reconnecting() ? ClientState.RECONNECTING : state;
  }

  // --- public operations (bodies run on the session thread) --------------------------------------

  Completable open(String host, int port, ConnectOptions options) {
    return modem.operation(() -> {
      ArgumentChecks.host(host, profile);
      ArgumentChecks.port(port);
      OptionChecks.check(options, profile, modem.secrets());
    }, () -> {
      if ((state == ClientState.OPEN || state == ClientState.CONNECTED)
          && host.equals(this.host) && port == this.port) {
        return Single.just(true); // the module would answer OK and never report the outcome
      }
      if (supervisor.reconnecting() || (state != ClientState.CLOSED && state != ClientState.LOST)) {
        return Single.error(new ClientStateException(id, state, Operation.OPEN));
      }
      return supervisor.supervisedFirst(() -> steps.openFromAnyState(host, port, options).toSingleDefault(true));
    }, () -> true).ignoreElement();
  }

  Single<ConnAck> connect(ConnectOptions newOptions) {
    return modem.operation(() -> {
      if (newOptions != null) {
        OptionChecks.check(newOptions, profile, modem.secrets());
      }
    }, () -> {
      ConnectOptions opts = newOptions != null ? newOptions : options;
      if (state == ClientState.CONNECTED && connAck != null) {
        return Single.just(connAck);
      }
      boolean reopen = supervisor.firstConnectSupervised() && host != null
          && (state == ClientState.LOST || state == ClientState.CLOSED);
      if (supervisor.reconnecting() || state != ClientState.OPEN && !reopen) {
        return Single.error(new ClientStateException(id, state, Operation.CONNECT));
      }
      return supervisor.supervisedFirst(() -> {
        if (state != ClientState.OPEN) { // the link dropped after open: open it again first
          return steps.openFromAnyState(host, port, opts).andThen(Single.defer(() -> steps.connect(opts)));
        }
        Completable reconfigure = OptionChecks.sameSessionConfig(opts, appliedConfig) ? Completable.complete()
            : steps.configure(opts);
        return reconfigure.andThen(Single.defer(() -> steps.connect(opts)));
      }).doOnSuccess(ack -> supervisor.connected());
    }, () -> true);
  }

  Single<SubAck> subscribe(String filter, Qos qos) {
    return modem.operation(() -> {
      ArgumentChecks.topicFilter(filter, profile);
      Objects.requireNonNull(qos, "qos");
    }, () -> {
      requireOnline(Operation.SUBSCRIBE);
      return steps.subscribe(filter, qos);
    }, () -> true);
  }

  Completable unsubscribe(String filter) {
    return modem.operation(() -> ArgumentChecks.topicFilter(filter, profile), () -> {
      requireOnline(Operation.UNSUBSCRIBE);
      return steps.unsubscribe(filter);
    }, () -> true).ignoreElement();
  }

  Single<PublishResult> publish(Publish publish) {
    Objects.requireNonNull(publish, "publish");
    return modem.operation(() -> {
      ArgumentChecks.topicName(publish.topic(), profile);
      modem.dialect().checkPublish(publish);
    }, () -> outbox.accept(publish), () -> false); // online the link is up; offline it waits or fails
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
      boolean unsure = state == ClientState.LOST || supervisor.reconnecting();
      supervisor.stop();
      outbox.failWaiting(new ClientStateException(id, state, Operation.PUBLISH));
      if (state == ClientState.CLOSED) {
        return Single.just(true);
      }
      return steps.closeLink(operation, unsure);
    }, () -> true).ignoreElement();
  }

  private void requireOnline(Operation operation) {
    if (!online()) {
      throw new ClientStateException(id, visibleState(), operation);
    }
  }

  // --- what the steps record -----------------------------------------------------------------------

  /** Where the link goes and with what settings; a null host leaves host and port unchanged. */
  void target(String host, int port, ConnectOptions options) {
    if (host != null) {
      this.host = host;
      this.port = port;
    }
    this.options = options;
  }

  void configured(ConnectOptions options) {
    appliedConfig = options;
  }
  ConnAck connAck(ConnAck ack) {
    connAck = ack;
    return ack;
  }

  void subscribed(String filter, Qos qos) {
    subscriptions.put(filter, qos);
  }

  void unsubscribed(String filter) {
    subscriptions.remove(filter);
  }

  Map<String, Qos> subscriptions() {
    return subscriptions;
  }

  /** The supervisor's attempt (see {@link LinkSteps#rebuild}). */
  Completable rebuild() {
    return steps.rebuild(host, port, options);
  }

  /** The module's context is gone: forget what belonged to it. */
  void endSession(String reason, boolean keepSubscriptions) {
    connAck = null;
    appliedConfig = null;
    if (!keepSubscriptions) {
      subscriptions.clear();
      failAll(new LinkLostException(id, 8)); // 8: the client closed the connection
    }
    setState(ClientState.CLOSED, reason);
  }

  // --- module events ------------------------------------------------------------------------------

  void onEvent(ModuleEvent event) {
    if (event instanceof ModuleEvent.Message m) {
      streams.message(TopicReadings.choose(id, m, subscriptions.keySet()));
    } else if (event instanceof ModuleEvent.LinkDown d) {
      linkLost(new LinkLostException(id, d.code()), "the module reports the link down (code " + d.code() + ")");
    } else if (event instanceof Outcome o) {
      onOutcome(o);
    }
  }

  private void onOutcome(Outcome o) {
    if (o.operation() == Operation.CONNECT && steps.graceOutcome(o.result())) {
      return;
    }
    if (pending.complete(o)) {
      return;
    }
    pending.late(o);
    boolean success = o.result().kind() == Result.Kind.SUCCESS;
    if (o.operation() == Operation.OPEN && success) {
      moduleHoldsAnUnwantedLink("open succeeded");
    } else if (o.operation() == Operation.CONNECT && success) {
      if (!supervisor.reconnecting() && (state == ClientState.OPEN || state == ClientState.LOST)
          && (state == ClientState.OPEN || supervisor.desired())) {
        // Some builds reconnect by themselves, or print a failure then a success: believe the success.
        connAck = new ConnAck(id, ConnAckCode.ACCEPTED);
        setState(ClientState.CONNECTED, "unsolicited connect success");
        outbox.drain();
      } else {
        moduleHoldsAnUnwantedLink("connect succeeded");
      }
    }
  }

  /** Whether an outcome inside a receive burst may be genuine (see {@link PendingOps#awaitsGenuine}). */
  boolean awaitsOutcome(ModuleEvent event) {
    return pending.awaitsGenuine(event);
  }

  /**
   * The module's own view after a sign of a lost link ({@code connected}; null: no context): tears
   * down only a link the module confirms gone. Returns whether it did.
   */
  boolean confirmLink(Boolean connected, String sign) {
    boolean gone = state == ClientState.CONNECTED ? !Boolean.TRUE.equals(connected)
        : state == ClientState.OPEN && connected == null;
    if (gone && !supervisor.reconnecting()) {
      linkLost(new LinkLostException(id, 1), sign + " (the module confirms: "
          + (connected == null ? "no context" : "not connected") + ")");
    }
    return gone;
  }

  /**
   * A late success for an open or connect that was given up: the module holds a link the SDK thinks
   * closed, and would answer the next open with OK and no outcome. LOST, so the next open clears it.
   */
  private void moduleHoldsAnUnwantedLink(String what) {
    if (state == ClientState.CLOSED) {
      setState(ClientState.LOST, "late outcome (" + what + "): the module opened a link that was given up");
    }
  }

  private void linkLost(LinkLostException error, String reason) {
    if (state == ClientState.CLOSED) {
      return;
    }
    connAck = null;
    setState(ClientState.LOST, reason);
    supervisor.request(reason); // first, so that the reason names the cause, not a failed publish
    failAll(error);
  }

  /** "Not allowed" to an MQTT command while connected: the module has no link (its status line may follow). */
  void linkGone(Throwable error) {
    if (state == ClientState.CONNECTED && !supervisor.reconnecting()) {
      linkLost(new LinkLostException(id, 1), "module says not allowed while connected: " + error.getMessage());
    }
  }

  /** The liveness probe found the module off the network: a connected link cannot be trusted. */
  void networkLost(String status) {
    if (state == ClientState.CONNECTED && !supervisor.reconnecting()) {
      linkLost(new LinkLostException(id, 7), "not registered: " + status);
    }
  }

  /** The module rebooted or stopped answering: every context in it is gone. */
  void onModuleRebooted(String reason) {
    if (state == ClientState.CLOSED && !supervisor.reconnecting()) {
      return;
    }
    connAck = null;
    appliedConfig = null;
    setState(ClientState.CLOSED, reason);
    supervisor.request(reason);
    failAll(new LinkLostException(id, LinkLostException.MODULE_REBOOTED));
  }

  void shutdown(ModemClosedException reason) {
    supervisor.stop();
    steps.shutdown(reason);
    failAll(reason);
    outbox.failWaiting(reason);
    streams.complete();
  }

  /**
   * Fails every pending operation. Publishes in flight come back through the outbox: under
   * supervision they wait for the reconnect, otherwise their callers get {@code error}.
   */
  private void failAll(Throwable error) {
    pending.failAll(error);
    if (!supervisor.supervising()) {
      outbox.failWaiting(error);
    }
  }

  void setState(ClientState next, String reason) {
    setState(next, reason, false);
  }

  void setState(ClientState next, String reason, boolean always) {
    ClientState previous = state;
    if (previous == next && !always) {
      return;
    }
    state = next;
    ClientStateChange change = new ClientStateChange(id, previous, next, reason,
        supervisor.reconnecting() ? supervisor.attempt() : 0);
    streams.stateChanged(change);
  }

  // --- streams -----------------------------------------------------------------------------------

  void checkFilter(String filter) {
    ArgumentChecks.topicFilter(filter, profile); // at once, on the caller's thread
  }

  Flowable<IncomingMessage> messages(String filter) {
    return streams.messages(filter);
  }

  Flowable<ClientStateChange> states() {
    return streams.states();
  }

  /** Snapshot for tests and diagnostics: remembered subscriptions, pending entries, waiting publishes. */
  Map<String, Object> diagnostics() {
    return Map.of("subscriptions", Collections.unmodifiableMap(new LinkedHashMap<>(subscriptions)),
        "pending", pending.size(), "outbox", outbox.waiting(), "inFlightPublishes", outbox.inFlight(),
        "msgIdsInUse", msgIds.inFlight());
  }
}
