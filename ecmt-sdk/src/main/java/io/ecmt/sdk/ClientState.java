package io.ecmt.sdk;

/** The state of one MQTT client (connect id) inside the module, as the SDK tracks it. */
public enum ClientState {
  /** No link: never opened, closed, disconnected, or the module rebooted. */
  CLOSED,
  /** {@code AT+ECMTOPEN} accepted, waiting for {@code +ECMTOPEN}. */
  OPENING,
  /** TCP link open, no MQTT session. */
  OPEN,
  /** {@code AT+ECMTCONN} accepted, waiting for {@code +ECMTCONN}. */
  CONNECTING,
  /** MQTT session up. */
  CONNECTED,
  /** {@code AT+ECMTDISC} or {@code AT+ECMTCLOSE} sent, waiting for the outcome. */
  CLOSING,
  /** The module reported the link lost ({@code +ECMTSTAT}); close or re-open to continue. */
  LOST,
  /** A supervisor is rebuilding the session. */
  RECONNECTING
}
