package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.Operation;
import io.ecmt.sdk.exceptions.ClientStateException;
import io.ecmt.sdk.exceptions.OperationFailedException;
import io.ecmt.sdk.exceptions.SubscriptionRejectedException;
import io.ecmt.sdk.exceptions.UrcTimeoutException;
import io.ecmt.sdk.internal.at.AtRequest;
import io.ecmt.sdk.internal.dialect.Dialect;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Result;
import io.ecmt.sdk.message.ConnAck;
import io.ecmt.sdk.message.ConnAckCode;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.SubAck;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.ArrayList;
import java.util.Map;

/**
 * The steps that build and tear down one client's link, shared by the application's operations
 * and the supervisor: configure, open, connect, subscribe, unsubscribe, clear the module's context,
 * disconnect or close. Each returns a cold source that runs on the session thread.
 */
final class LinkSteps {
  private final ClientSession client;
  private final ClientContext modem;
  private final Dialect dialect;
  private final EcmtTimeouts timeouts;
  private final PendingOps pending;
  private final MsgIdAllocator msgIds;
  private final int id;
  /** A CONNECT reported "not sent" waiting for the success some builds print a moment later. */
  private SingleEmitter<ConnAck> connectInGrace;
  private Disposable connectGraceTimer = Disposable.disposed();

  LinkSteps(ClientSession client, ClientContext modem, PendingOps pending, MsgIdAllocator msgIds) {
    this.client = client;
    this.modem = modem;
    this.dialect = modem.dialect();
    this.timeouts = modem.config().timeouts();
    this.pending = pending;
    this.msgIds = msgIds;
    this.id = client.id();
  }

  /** Writes the session settings; the module forgot them with its last context. */
  Completable configure(ConnectOptions options) {
    Completable all = Completable.complete();
    for (AtRequest request : dialect.configure(id, options)) {
      all = all.andThen(Completable.defer(() -> modem.execute(request).ignoreElement()));
    }
    return all.doOnComplete(() -> client.configured(options));
  }

  /** Clears a context the module may still hold, writes the configuration and opens. */
  Completable openFromAnyState(String host, int port, ConnectOptions options) {
    Completable cleanup = client.state() == ClientState.LOST ? clearModuleContext(false) : Completable.complete();
    return cleanup
        .andThen(Completable.defer(() -> configure(options)))
        .andThen(Completable.defer(() -> open(host, port, options)));
  }

  Completable open(String host, int port, ConnectOptions options) {
    client.target(host, port, options);
    msgIds.releaseQuarantine();
    client.setState(ClientState.OPENING, "opening");
    return pending.<Boolean>run(Operation.OPEN, 0, dialect.open(id, host, port), timeouts.open(), (r, emitter) -> {
          if (r.kind() == Result.Kind.SUCCESS) {
            client.setState(ClientState.OPEN, "opened");
            emitter.onSuccess(true);
          } else {
            client.setState(ClientState.CLOSED, "open failed: result " + r.code());
            emitter.onError(Outcomes.failure(Operation.OPEN, id, 0, r));
          }
        })
        .doOnError(e -> afterFailure(Operation.OPEN, e))
        .ignoreElement();
  }

  Single<ConnAck> connect(ConnectOptions options) {
    client.target(null, -1, options);
    client.setState(ClientState.CONNECTING, "connecting");
    return pending.<ConnAck>run(Operation.CONNECT, 0, dialect.connect(id, options), timeouts.connect(),
            (r, emitter) -> {
              if (r.kind() == Result.Kind.SUCCESS) {
                client.setState(ClientState.CONNECTED, "connected");
                emitter.onSuccess(client.connAck(new ConnAck(id, ConnAckCode.ACCEPTED)));
              } else if (r.kind() == Result.Kind.SEND_FAILED) {
                awaitContradictingSuccess(emitter, r);
              } else {
                client.setState(ClientState.OPEN, "connect failed: " + Outcomes.failure(Operation.CONNECT, id, 0, r)
                    .getMessage());
                emitter.onError(Outcomes.failure(Operation.CONNECT, id, 0, r));
              }
            })
        .doOnError(e -> afterFailure(Operation.CONNECT, e));
  }

  /** Some builds print a success a moment after "not sent": wait for it before failing. */
  private void awaitContradictingSuccess(SingleEmitter<ConnAck> emitter, Result sendFailed) {
    connectInGrace = emitter;
    connectGraceTimer = modem.schedule(() -> {
      if (connectInGrace == emitter) {
        connectInGrace = null;
        client.setState(ClientState.OPEN, "connect failed: not sent");
        emitter.tryOnError(Outcomes.failure(Operation.CONNECT, id, 0, sendFailed));
      }
    }, timeouts.connectGrace());
  }

  /** A connect outcome nobody waits for: ends a grace period if one runs; false otherwise. */
  boolean graceOutcome(Result r) {
    SingleEmitter<ConnAck> emitter = connectInGrace;
    if (emitter == null || pending.awaits(Operation.CONNECT, 0)) {
      return false;
    }
    if (r.kind() == Result.Kind.SEND_FAILED) {
      return false; // a duplicate: reported late
    }
    connectInGrace = null;
    connectGraceTimer.dispose();
    if (r.kind() == Result.Kind.SUCCESS) {
      client.setState(ClientState.CONNECTED, "connected after a send failure");
      emitter.onSuccess(client.connAck(new ConnAck(id, ConnAckCode.ACCEPTED)));
    } else {
      client.setState(ClientState.OPEN, "connect failed: result " + r.code());
      emitter.tryOnError(Outcomes.failure(Operation.CONNECT, id, 0, r));
    }
    return true;
  }

  Single<SubAck> subscribe(String filter, Qos qos) {
    int msgId = msgIds.allocate();
    return pending.<SubAck>run(Operation.SUBSCRIBE, msgId, dialect.subscribe(id, msgId, filter, qos),
            timeouts.subscribe(), (r, emitter) -> {
              if (r.kind() == Result.Kind.REJECTED) {
                emitter.onError(new SubscriptionRejectedException(id, filter, msgId));
              } else if (r.kind() == Result.Kind.SUCCESS) {
                client.subscribed(filter, qos);
                emitter.onSuccess(new SubAck(filter, qos, r.value(), msgId));
              } else {
                emitter.onError(Outcomes.failure(Operation.SUBSCRIBE, id, msgId, r));
              }
            })
        .doOnError(e -> reconnectIfNoOutcome(e, "no outcome for the subscribe with msgID " + msgId));
  }

  Single<Boolean> unsubscribe(String filter) {
    int msgId = msgIds.allocate();
    return pending.<Boolean>run(Operation.UNSUBSCRIBE, msgId, dialect.unsubscribe(id, msgId, filter),
            timeouts.subscribe(), (r, emitter) -> {
              if (r.kind() == Result.Kind.SUCCESS) {
                client.unsubscribed(filter);
                emitter.onSuccess(true);
              } else {
                emitter.onError(Outcomes.failure(Operation.UNSUBSCRIBE, id, msgId, r));
              }
            })
        .doOnError(e -> reconnectIfNoOutcome(e, "no outcome for the unsubscribe with msgID " + msgId));
  }

  /** The remembered filters again, after a rebuilt link; a refusal is the broker's answer, not link trouble. */
  Completable resubscribeAll() {
    Completable all = Completable.complete();
    for (Map.Entry<String, Qos> sub : new ArrayList<>(client.subscriptions().entrySet())) {
      all = all.andThen(Completable.defer(() -> subscribe(sub.getKey(), sub.getValue())
          .doOnSuccess(ack -> modem.events().subscriptionRestored(id, ack))
          .ignoreElement()
          .onErrorResumeNext(e -> {
            modem.events().subscriptionRestoreFailed(id, sub.getKey(), e);
            return e instanceof SubscriptionRejectedException || e instanceof OperationFailedException
                ? Completable.complete() : Completable.error(e);
          })));
    }
    return all;
  }

  /** The supervisor's attempt: start-up again, clear the context, configure, open, connect, re-subscribe. */
  Completable rebuild(String host, int port, ConnectOptions options) {
    return modem.ensureTransport()
        .andThen(Completable.defer(modem::restartOnSession))
        .andThen(Completable.defer(() -> clearModuleContext(true)))
        .andThen(Completable.defer(() -> configure(options)))
        .andThen(Completable.defer(() -> open(host, port, options)))
        .andThen(Single.defer(() -> connect(options)).ignoreElement())
        .andThen(Completable.defer(this::resubscribeAll));
  }

  /** A missing outcome, or "not allowed" while connected: the link is dead or stuck. */
  private void reconnectIfNoOutcome(Throwable e, String reason) {
    if (e instanceof UrcTimeoutException) {
      client.supervisor().request(reason);
    } else if (Outcomes.isNotAllowed(e)) {
      client.linkGone(e);
    }
  }

  /** After a lost link: disconnect, every error ignored, so the module forgets the old context. */
  Completable clearModuleContext(boolean keepSubscriptions) {
    return pending.<Boolean>run(Operation.DISCONNECT, 0, dialect.disconnect(id), timeouts.disconnect(),
            (r, emitter) -> emitter.onSuccess(true))
        .ignoreElement()
        .onErrorComplete()
        .doFinally(() -> client.endSession("context cleared", keepSubscriptions));
  }

  /**
   * Disconnect or close asked by the application. {@code unsure}: the module's state is unknown
   * (link lost, or a supervisor half-way): errors are expected and ignored.
   */
  Single<Boolean> closeLink(Operation operation, boolean unsure) {
    ClientState before = client.state();
    if (!unsure && (before == ClientState.OPENING || before == ClientState.CONNECTING
        || before == ClientState.CLOSING)) {
      return Single.error(new ClientStateException(id, before, operation));
    }
    AtRequest request = operation == Operation.DISCONNECT ? dialect.disconnect(id) : dialect.close(id);
    client.setState(ClientState.CLOSING, operation.name().toLowerCase(java.util.Locale.ROOT));
    Single<Boolean> sent = pending.run(operation, 0, request, timeouts.disconnect(), (r, emitter) -> {
      client.endSession(operation + " outcome " + r.code(), false);
      if (r.kind() == Result.Kind.SUCCESS || unsure) {
        emitter.onSuccess(true);
      } else {
        emitter.onError(Outcomes.failure(operation, id, 0, r));
      }
    });
    return sent.onErrorResumeNext(e -> {
      if (!unsure && Outcomes.wasNotExecuted(e)) {
        // ERROR, a timeout without OK, a transport failure: the module never ran it; nothing changed.
        client.setState(before, operation + " not executed: " + e.getMessage());
        return Single.error(e);
      }
      // The context is gone: a failed outcome or none after OK, or "not allowed" (nothing open).
      client.endSession(operation + " failed: " + e.getMessage(), false);
      return unsure || Outcomes.isNotAllowed(e) ? Single.just(true) : Single.error(e);
    });
  }

  /** Open or connect went wrong without an outcome: the module may be half-way; clean up on next open. */
  private void afterFailure(Operation op, Throwable e) {
    if (e instanceof UrcTimeoutException) {
      client.setState(ClientState.LOST, op + " outcome never came");
    } else if (op == Operation.OPEN && client.state() == ClientState.OPENING) {
      client.setState(ClientState.CLOSED, op + " failed: " + e.getMessage());
    } else if (op == Operation.CONNECT && client.state() == ClientState.CONNECTING) {
      client.setState(ClientState.OPEN, op + " failed: " + e.getMessage());
    }
  }

  void shutdown(Throwable reason) {
    connectGraceTimer.dispose();
    if (connectInGrace != null) {
      connectInGrace.tryOnError(reason);
      connectInGrace = null;
    }
  }
}
