package io.ecmt.sdk.message;

import java.util.Objects;

/**
 * The outcome of a publish the module reported as done: for QoS 0 the socket write, for QoS 1 the
 * PUBACK, for QoS 2 the PUBCOMP.
 *
 * @param publish  the message
 * @param clientId the module's connect id
 * @param msgId    the packet id the SDK allocated (0 for QoS 0)
 */
public record PublishResult(Publish publish, int clientId, int msgId) {
  public PublishResult {
    Objects.requireNonNull(publish, "publish");
  }
}
