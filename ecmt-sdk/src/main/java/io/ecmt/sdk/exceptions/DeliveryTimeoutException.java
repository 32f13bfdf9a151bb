package io.ecmt.sdk.exceptions;

import io.ecmt.sdk.message.Publish;
import java.time.Duration;

/**
 * A supervised publish was not acknowledged within the modem's delivery timeout (see
 * {@code EcmtModemBuilder.deliveryTimeout}), across however many reconnects. It may still have
 * reached the broker (its acknowledgement may have been lost with a link); it will not be sent again.
 */
public final class DeliveryTimeoutException extends EcmtException {
  private final int clientId;
  private final Duration timeout;
  private final Publish publish;

  public DeliveryTimeoutException(int clientId, Duration timeout, Publish publish) {
    super("publish on client " + clientId + " not acknowledged within " + timeout + ": " + publish);
    this.clientId = clientId;
    this.timeout = timeout;
    this.publish = publish;
  }

  public int clientId() {
    return clientId;
  }

  /** The delivery timeout that ran out. */
  public Duration timeout() {
    return timeout;
  }

  /** The message that was not delivered in time. */
  public Publish publish() {
    return publish;
  }
}
