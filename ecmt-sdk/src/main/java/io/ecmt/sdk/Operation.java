package io.ecmt.sdk;

/** A client operation, as named in exceptions and events. */
public enum Operation {
  OPEN("AT+ECMTOPEN"),
  CONNECT("AT+ECMTCONN"),
  SUBSCRIBE("AT+ECMTSUB"),
  UNSUBSCRIBE("AT+ECMTUNS"),
  PUBLISH("AT+ECMTPUB"),
  DISCONNECT("AT+ECMTDISC"),
  CLOSE("AT+ECMTCLOSE");

  private final String command;

  Operation(String command) {
    this.command = command;
  }

  /** The AT command this operation sends. */
  public String command() {
    return command;
  }
}
