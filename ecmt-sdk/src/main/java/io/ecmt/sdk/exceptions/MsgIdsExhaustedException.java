package io.ecmt.sdk.exceptions;

/**
 * Every msgID (1–65535) of a client is taken by an operation in flight or by one whose outcome
 * may still come (the module never answered, or callers cancelled): nothing was sent. Usually a
 * module that stopped acknowledging; the ids come free when their outcomes arrive or the link is
 * rebuilt.
 */
public final class MsgIdsExhaustedException extends EcmtException {
  private final int clientId;

  public MsgIdsExhaustedException(int clientId) {
    super("all 65535 msgIDs of client " + clientId + " are in flight or awaiting a late outcome");
    this.clientId = clientId;
  }

  public int clientId() {
    return clientId;
  }
}
