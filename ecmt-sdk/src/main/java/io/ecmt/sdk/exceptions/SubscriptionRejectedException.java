package io.ecmt.sdk.exceptions;

/** The broker rejected a subscription (SUBACK return code 0x80, printed as value 128). */
public final class SubscriptionRejectedException extends EcmtException {
  private final int clientId;
  private final String filter;
  private final int msgId;

  public SubscriptionRejectedException(int clientId, String filter, int msgId) {
    super("broker rejected subscription to " + filter + " on client " + clientId + " (msgID " + msgId + ")");
    this.clientId = clientId;
    this.filter = filter;
    this.msgId = msgId;
  }

  public int clientId() {
    return clientId;
  }

  public String filter() {
    return filter;
  }

  public int msgId() {
    return msgId;
  }
}
