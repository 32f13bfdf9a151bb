package io.ecmt.sdk.exceptions;

import io.ecmt.sdk.message.ConnAckCode;

/** The broker answered CONNECT with a non-zero CONNACK code ({@code +ECMTCONN: 0,0,<rc>}). */
public final class ConnectionRefusedException extends EcmtException {
  private final int clientId;
  private final ConnAckCode code;
  private final int rawCode;

  public ConnectionRefusedException(int clientId, int rawCode) {
    super("broker refused CONNECT on client " + clientId + ": " + ConnAckCode.of(rawCode) + " (" + rawCode + ")");
    this.clientId = clientId;
    this.code = ConnAckCode.of(rawCode);
    this.rawCode = rawCode;
  }

  public int clientId() {
    return clientId;
  }

  public ConnAckCode code() {
    return code;
  }

  /** The number the module printed. */
  public int rawCode() {
    return rawCode;
  }
}
