package io.ecmt.sdk;

/** Whether {@link EcmtModem#start()} waits for the cellular network before the first open. */
public enum NetworkWait {
  /** Do not check. */
  NONE,
  /** Poll {@code AT+CEREG?} until registered (stat 1 home or 5 roaming). */
  CEREG,
  /** Poll {@code AT+CGATT?} until attached ({@code +CGATT: 1}). */
  CGATT
}
