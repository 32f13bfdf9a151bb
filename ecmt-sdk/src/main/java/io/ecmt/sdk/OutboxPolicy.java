package io.ecmt.sdk;

import java.util.Objects;

/**
 * Where publishes wait while a supervised client is offline (see {@link ReconnectPolicy}) or its
 * publish window is full. Every accepted message ends acknowledged or with an error delivered to
 * its caller; none is dropped silently.
 *
 * @param capacity     how many publishes may wait (in flight ones not counted)
 * @param overflow     what happens to a publish beyond capacity
 * @param queueQos0    whether QoS 0 publishes wait too while offline (else they fail at once)
 */
public record OutboxPolicy(int capacity, Overflow overflow, boolean queueQos0) {

  /** 1000 messages, refuse new ones when full, QoS 0 fails fast while offline. */
  public static final OutboxPolicy DEFAULT = new OutboxPolicy(1000, Overflow.FAIL_NEW, false);

  /** What to do when the outbox is full. */
  public enum Overflow {
    /** The new publish fails with {@link io.ecmt.sdk.exceptions.OutboxFullException}. */
    FAIL_NEW,
    /** The oldest waiting publish fails with {@link io.ecmt.sdk.exceptions.OutboxFullException}; the new one waits. */
    DROP_OLDEST
  }

  public OutboxPolicy {
    Objects.requireNonNull(overflow, "overflow");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be ≥ 1");
    }
  }
}
