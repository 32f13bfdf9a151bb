package io.ecmt.sdk.testkit.engine;

import io.ecmt.sdk.testkit.Fault;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The module's MQTT task: requests run at once, or, under {@link Fault.SerializeMqtt} (as EC616S
 * does), one at a time, each waiting until the previous one called its {@code done}.
 *
 * <p>Touched only on the module's loop.
 */
public final class TaskQueue {
  private final Faults faults;
  private final Deque<Consumer<Runnable>> queue = new ArrayDeque<>();
  private boolean busy;
  /** Bumped by {@link #reset()}: a {@code done} from before it frees nothing. */
  private long generation;

  TaskQueue(Faults faults) {
    this.faults = faults;
  }

  /** Runs {@code request}, which calls the {@code done} it is given once its outcome is known. */
  public void submit(Consumer<Runnable> request) {
    if (!faults.serialize()) {
      request.accept(() -> { });
      return;
    }
    queue.add(request);
    pump();
  }

  private void pump() {
    if (busy || queue.isEmpty()) {
      return;
    }
    busy = true;
    long gen = generation;
    Consumer<Runnable> request = queue.poll();
    boolean[] finished = {false};
    request.accept(() -> {
      if (!finished[0] && gen == generation) {
        finished[0] = true;
        busy = false;
        pump();
      }
    });
  }

  /** A broker link was lost: the request waiting for an ack on it will never finish, so free the task. */
  public void linkLost() {
    if (faults.serialize()) {
      reset();
    }
  }

  /** Forgets every queued request and the one running. */
  public void reset() {
    generation++;
    queue.clear();
    busy = false;
  }
}
