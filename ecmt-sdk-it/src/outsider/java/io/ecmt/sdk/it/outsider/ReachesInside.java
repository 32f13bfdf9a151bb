package io.ecmt.sdk.it.outsider;

import io.ecmt.sdk.internal.codec.TopicFilter;

/** Uses an internal class; the modular build must refuse it ("does not export"). */
public final class ReachesInside {
  private ReachesInside() {}

  public static Class<?> internal() {
    return TopicFilter.class;
  }
}
