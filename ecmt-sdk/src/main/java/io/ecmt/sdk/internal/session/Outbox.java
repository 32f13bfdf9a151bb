package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.OutboxPolicy;
import io.ecmt.sdk.Operation;
import io.ecmt.sdk.exceptions.ClientStateException;
import io.ecmt.sdk.exceptions.DeliveryTimeoutException;
import io.ecmt.sdk.exceptions.OutboxFullException;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Result;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.disposables.Disposable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One client's publishes from acceptance to their end: waiting (window full, or offline under a
 * supervisor), in flight within the publish window, re-queued in their old place after a lost link
 * (at-least-once), each ending acknowledged or with an error to its caller. Session thread only.
 */
final class Outbox {
  /** How often one publish may meet "not allowed" and be sent again after a reconnect. */
  private static final int MAX_NOT_ALLOWED_RESENDS = 3;

  private final ClientSession client;
  private final ClientContext modem;
  private final PendingOps pending;
  private final MsgIdAllocator msgIds;
  private final OutboxPolicy policy;
  private final int window;
  private final PriorityQueue<Entry> waiting =
      new PriorityQueue<>(java.util.Comparator.comparingLong((Entry e) -> e.sequence));
  private int inFlight;
  private long sequence;

  /** A publish accepted from the application, until it is acknowledged or failed. */
  private static final class Entry {
    final long sequence;
    final Publish publish;
    final SingleEmitter<PublishResult> emitter;
    Disposable running;
    Disposable deadline = Disposable.disposed();
    int notAllowed;

    Entry(long sequence, Publish publish, SingleEmitter<PublishResult> emitter) {
      this.sequence = sequence;
      this.publish = publish;
      this.emitter = emitter;
    }
  }

  Outbox(ClientSession client, ClientContext modem, PendingOps pending, MsgIdAllocator msgIds) {
    this.client = client;
    this.modem = modem;
    this.pending = pending;
    this.msgIds = msgIds;
    this.policy = modem.config().outboxPolicy();
    this.window = modem.config().publishWindow();
  }

  /** The body of {@code publish()}: queued, sent when the window allows, or failed at once. */
  Single<PublishResult> accept(Publish publish) {
    return Single.create(emitter -> {
      Entry entry = new Entry(sequence++, publish, emitter);
      if (admit(entry)) {
        if (modem.config().reconnectPolicy() != null) {
          Duration limit = modem.config().deliveryTimeout();
          entry.deadline = modem.schedule(
              () -> emitter.tryOnError(new DeliveryTimeoutException(client.id(), limit, publish)), limit);
        }
        emitter.setCancellable(() -> cancel(entry)); // also runs when it completes
        drain();
      }
    });
  }

  /** Queues a publish, or fails it at once; false when it failed. */
  private boolean admit(Entry entry) {
    boolean qos0 = entry.publish.qos() == Qos.AT_MOST_ONCE;
    if (!client.online() && (!client.supervisor().supervising() || (qos0 && !policy.queueQos0()))) {
      entry.emitter.onError(new ClientStateException(client.id(), client.visibleState(), Operation.PUBLISH));
      return false;
    }
    if (waiting.size() >= policy.capacity()) {
      if (policy.overflow() == OutboxPolicy.Overflow.FAIL_NEW) {
        entry.emitter.onError(new OutboxFullException(client.id(), policy.capacity(), entry.publish, false));
        return false;
      }
      Entry oldest = waiting.poll();
      oldest.emitter.tryOnError(new OutboxFullException(client.id(), policy.capacity(), oldest.publish, true));
    }
    waiting.add(entry);
    return true;
  }

  /** Sends waiting publishes while connected and the window has room. */
  void drain() {
    while (client.online() && inFlight < window && !waiting.isEmpty()) {
      Entry entry = waiting.poll();
      inFlight++;
      entry.running = Single.defer(() -> send(entry.publish)).subscribe(
          result -> published(entry, result, null), error -> published(entry, null, error));
    }
  }

  private Single<PublishResult> send(Publish publish) {
    int msgId = publish.qos() == Qos.AT_MOST_ONCE ? 0 : msgIds.allocate();
    int id = client.id();
    return pending.run(Operation.PUBLISH, msgId, modem.dialect().publish(id, msgId, publish),
        modem.config().timeouts().publish(), (r, emitter) -> {
          if (r.kind() == Result.Kind.SUCCESS) {
            emitter.onSuccess(new PublishResult(publish, id, msgId));
          } else {
            emitter.onError(Outcomes.failure(Operation.PUBLISH, id, msgId, r));
          }
        });
  }

  private void published(Entry entry, PublishResult result, Throwable error) {
    inFlight--;
    entry.running = null;
    boolean linkGone = error != null && Outcomes.isNotAllowed(error) && client.state() == ClientState.CONNECTED
        && !client.supervisor().reconnecting() && entry.notAllowed++ < MAX_NOT_ALLOWED_RESENDS;
    if (error == null) {
      entry.emitter.onSuccess(result);
    } else if ((Outcomes.isLinkTrouble(error) || linkGone) && client.supervisor().supervising()) {
      if (entry.publish.qos() != Qos.AT_MOST_ONCE || policy.queueQos0()) {
        waiting.add(entry); // at-least-once: sent again after the reconnect, in its old place
      } else {
        entry.emitter.tryOnError(error);
      }
      if (linkGone) {
        client.linkGone(error);
      } else {
        client.supervisor().request(error.getMessage());
      }
    } else {
      if (linkGone) {
        client.linkGone(error); // first, so that whoever sees the error sees the client LOST
      }
      entry.emitter.tryOnError(error);
    }
    drain();
  }

  private void cancel(Entry entry) {
    entry.deadline.dispose();
    if (entry.running != null) {
      entry.running.dispose();
      entry.running = null;
      inFlight--;
      drain();
    } else {
      waiting.remove(entry);
    }
  }

  /** Every publish still waiting gets {@code error}: none is dropped silently. */
  void failWaiting(Throwable error) {
    List<Entry> all = new ArrayList<>(waiting);
    waiting.clear();
    all.forEach(e -> e.emitter.tryOnError(error));
  }

  int waiting() {
    return waiting.size();
  }

  int inFlight() {
    return inFlight;
  }
}
