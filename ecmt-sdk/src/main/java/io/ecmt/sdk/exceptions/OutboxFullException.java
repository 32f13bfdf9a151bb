package io.ecmt.sdk.exceptions;

import io.ecmt.sdk.message.Publish;

/** A publish was refused, or pushed out, because the client's outbox was full. */
public final class OutboxFullException extends EcmtException {
  private final int clientId;
  private final int capacity;
  private final Publish publish;

  public OutboxFullException(int clientId, int capacity, Publish publish, boolean dropped) {
    super((dropped ? "dropped the oldest waiting publish" : "refused the publish") + " on client " + clientId
        + ": outbox full (" + capacity + " waiting): " + publish);
    this.clientId = clientId;
    this.capacity = capacity;
    this.publish = publish;
  }

  public int clientId() {
    return clientId;
  }

  public int capacity() {
    return capacity;
  }

  /** The message that was refused or dropped. */
  public Publish publish() {
    return publish;
  }
}
