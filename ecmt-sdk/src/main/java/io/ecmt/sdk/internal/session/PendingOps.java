package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.Operation;
import io.ecmt.sdk.SecurityEvent;
import io.ecmt.sdk.internal.dialect.ModuleEvent;
import io.ecmt.sdk.exceptions.UrcTimeoutException;
import io.ecmt.sdk.internal.at.AtRequest;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Outcome;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Result;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A client's two-phase operations in flight: the command's {@code OK} starts the outcome timer;
 * the outcome (oldest first per operation and msgID; QoS 0 publishes share msgID 0) completes it.
 * Session thread only.
 */
final class PendingOps {
  private final ClientContext modem;
  private final int client;
  private final MsgIdAllocator msgIds;
  private final Map<Long, ArrayDeque<PendingOp<?>>> table = new HashMap<>();

  PendingOps(ClientContext modem, int client, MsgIdAllocator msgIds) {
    this.modem = modem;
    this.client = client;
    this.msgIds = msgIds;
  }

  /**
   * Sends {@code request}; the entry is registered before the command is written, so an outcome that
   * overtakes the {@code OK} still finds it. Disposing it before the outcome keeps the msgID out of
   * use until the outcome comes (or the link is rebuilt).
   */
  <T> Single<T> run(Operation operation, int msgId, AtRequest request, Duration outcomeTimeout,
      BiConsumer<Result, SingleEmitter<T>> onOutcome) {
    return Single.create(emitter -> {
      PendingOp<T> p = new PendingOp<>(operation, msgId, emitter, onOutcome);
      table.computeIfAbsent(PendingOp.key(operation, msgId), k -> new ArrayDeque<>()).add(p);
      p.command = modem.execute(request).subscribe(
          ok -> {
            if (!p.done) {
              p.timer = modem.schedule(() -> timeOut(p, outcomeTimeout), outcomeTimeout);
            }
          },
          error -> finish(p, error));
      emitter.setCancellable(() -> {
        if (!p.done) {
          p.stop();
          remove(p);
          msgIds.quarantine(msgId);
        }
      });
    });
  }

  /** Whether an operation waits for (operation, msgId). */
  boolean awaits(Operation operation, int msgId) {
    return table.containsKey(PendingOp.key(operation, msgId));
  }

  /** Completes the oldest entry the outcome names; false if none waits for it. */
  boolean complete(Outcome outcome) {
    ArrayDeque<PendingOp<?>> queue = table.get(PendingOp.key(outcome.operation(), outcome.msgId()));
    PendingOp<?> p = queue == null ? null : queue.peek();
    if (p == null) {
      return false;
    }
    p.stop();
    remove(p);
    msgIds.release(outcome.msgId());
    p.outcome(outcome.result());
    return true;
  }

  /**
   * Whether an outcome inside a receive burst may be taken for genuine: it names a msgID in flight
   * (a forged one must guess it among 65535), or reports a QoS 0 publish written while one is in
   * flight (QoS 0 promises nothing a forged success could break).
   */
  boolean awaitsGenuine(ModuleEvent event) {
    if (!(event instanceof Outcome o) || !awaits(o.operation(), o.msgId())) {
      return false;
    }
    boolean msgIdOp = o.operation() == Operation.PUBLISH || o.operation() == Operation.SUBSCRIBE
        || o.operation() == Operation.UNSUBSCRIBE;
    return msgIdOp && (o.msgId() != 0 || o.result().kind() == Result.Kind.SUCCESS);
  }

  /** An outcome nothing waits for: a duplicate, one given up on, or one no operation ever had. */
  void late(Outcome o) {
    int msgId = o.msgId();
    if (msgId != 0 && !msgIds.isQuarantined(msgId) && !msgIds.wasRecentlyUsed(msgId)) {
      modem.security(SecurityEvent.Kind.OUTCOME_NOT_IN_FLIGHT, client, o.toString(),
          "no operation had msgID " + msgId + " in flight: ignored");
    }
    msgIds.releaseQuarantined(msgId);
    modem.events().lateUrc(modem.secrets().redact(o.toString()));
  }

  /** Fails every entry with {@code error}. */
  void failAll(Throwable error) {
    List<PendingOp<?>> all = new ArrayList<>();
    table.values().forEach(all::addAll);
    all.forEach(p -> finish(p, error));
    msgIds.releaseQuarantine();
  }

  int size() {
    return table.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  private void timeOut(PendingOp<?> p, Duration timeout) {
    if (p.done) {
      return;
    }
    msgIds.quarantine(p.msgId); // a late outcome releases it
    finish(p, new UrcTimeoutException(p.operation, client, p.msgId, timeout));
  }

  private void finish(PendingOp<?> p, Throwable error) {
    if (p.done) {
      return;
    }
    p.stop();
    remove(p);
    msgIds.release(p.msgId);
    p.emitter.tryOnError(error);
  }

  private void remove(PendingOp<?> p) {
    long key = PendingOp.key(p.operation, p.msgId);
    ArrayDeque<PendingOp<?>> queue = table.get(key);
    if (queue != null) {
      queue.remove(p);
      if (queue.isEmpty()) {
        table.remove(key);
      }
    }
  }
}
