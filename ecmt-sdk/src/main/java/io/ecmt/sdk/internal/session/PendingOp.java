package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.Operation;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Result;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.function.BiConsumer;

/**
 * One two-phase operation waiting for its outcome: the caller's emitter, the command, the outcome
 * timer and what to do with the outcome, in one object that is also the table entry found by
 * (operation, msgID) (as HiveMQ's {@code MqttAckSingle.Flow}). Session thread only.
 */
final class PendingOp<T> {
  final Operation operation;
  final int msgId;
  final SingleEmitter<T> emitter;
  private final BiConsumer<Result, SingleEmitter<T>> onOutcome;
  Disposable command = Disposable.disposed();
  Disposable timer = Disposable.disposed();
  boolean done;

  PendingOp(Operation operation, int msgId, SingleEmitter<T> emitter, BiConsumer<Result, SingleEmitter<T>> onOutcome) {
    this.operation = operation;
    this.msgId = msgId;
    this.emitter = emitter;
    this.onOutcome = onOutcome;
  }

  /** Stops the timer; a command not yet written leaves the queue, a written one ends silently. */
  void stop() {
    done = true;
    timer.dispose();
    command.dispose();
  }

  void outcome(Result result) {
    try {
      onOutcome.accept(result, emitter);
    } catch (RuntimeException e) {
      emitter.tryOnError(e);
    }
  }

  /** The table key: operation and msgID in one long, no allocation per lookup. */
  static long key(Operation operation, int msgId) {
    return ((long) operation.ordinal() << 32) | (msgId & 0xFFFFFFFFL);
  }
}
