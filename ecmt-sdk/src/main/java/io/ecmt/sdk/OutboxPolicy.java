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
 *
 * <p>{@code OutboxPolicy.builder().capacity(100).overflow(Overflow.DROP_OLDEST).build()} changes
 * the defaults by name; {@link #toBuilder()} makes a changed copy of any policy.
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

  /** A builder holding {@link #DEFAULT}; set what differs. */
  public static Builder builder() {
    return DEFAULT.toBuilder();
  }

  /** A builder holding every value of this policy, to make a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public OutboxPolicy {
    Objects.requireNonNull(overflow, "overflow");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be ≥ 1");
    }
  }

  /**
   * Builds an {@link OutboxPolicy}; start from {@link OutboxPolicy#builder()} or
   * {@link OutboxPolicy#toBuilder()}. Values are checked by {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private int capacity;
    private Overflow overflow;
    private boolean queueQos0;

    private Builder(OutboxPolicy from) {
      capacity = from.capacity;
      overflow = from.overflow;
      queueQos0 = from.queueQos0;
    }

    /** How many publishes may wait (≥ 1). */
    public Builder capacity(int capacity) {
      this.capacity = capacity;
      return this;
    }

    /** What happens to a publish beyond capacity. */
    public Builder overflow(Overflow overflow) {
      this.overflow = overflow;
      return this;
    }

    /** Whether QoS 0 publishes wait too while offline. */
    public Builder queueQos0(boolean queueQos0) {
      this.queueQos0 = queueQos0;
      return this;
    }

    /**
     * The policy.
     *
     * @throws NullPointerException     when overflow was set to null
     * @throws IllegalArgumentException when capacity is below 1
     */
    public OutboxPolicy build() {
      return new OutboxPolicy(capacity, overflow, queueQos0);
    }
  }
}
