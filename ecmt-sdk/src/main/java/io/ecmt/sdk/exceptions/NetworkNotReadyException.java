package io.ecmt.sdk.exceptions;

import java.time.Duration;

/** The module did not register on the cellular network ({@code AT+CEREG?} / {@code AT+CGATT?}) in time. */
public final class NetworkNotReadyException extends EcmtException {
  private final String lastStatus;

  public NetworkNotReadyException(String lastStatus, Duration timeout) {
    super("network not ready after " + timeout.toSeconds() + " s; last status: " + lastStatus);
    this.lastStatus = lastStatus;
  }

  /** The last status line the module printed, or {@code none}. */
  public String lastStatus() {
    return lastStatus;
  }
}
