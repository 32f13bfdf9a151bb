package io.ecmt.sdk.message;

import java.util.Objects;

/**
 * A subscription the broker acknowledged.
 *
 * @param filter    the topic filter
 * @param requested the QoS asked for
 * @param value     the {@code <value>} the module printed: the granted QoS on some builds, the
 *                  number of SUBACK return codes (always 1) on EC616S; -1 when absent. Do not rely
 *                  on it; 128 is never reported here (it is a
 *                  {@link io.ecmt.sdk.exceptions.SubscriptionRejectedException}).
 * @param msgId     the packet id used
 */
public record SubAck(String filter, Qos requested, int value, int msgId) {
  public SubAck {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(requested, "requested");
  }
}
