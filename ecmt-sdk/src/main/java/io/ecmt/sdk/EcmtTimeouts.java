package io.ecmt.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the SDK waits. {@code command} bounds the wait for a command's final result
 * ({@code OK} / {@code ERROR}); the others bound the wait for each operation's outcome URC after
 * {@code OK}. The defaults fit a cellular link (opening a TCP link takes 5–7 s, the module's own
 * guard timer ends an unfinished command after 5 s, a prompt publish after 20 s).
 *
 * @param command     final result of any command (module guard: 5 s)
 * @param publishCommand final result of {@code AT+ECMTPUB}, covering prompt entry (module guard: 20 s)
 * @param open        {@code +ECMTOPEN} after OK
 * @param connect     {@code +ECMTCONN} after OK
 * @param subscribe   {@code +ECMTSUB} / {@code +ECMTUNS} after OK
 * @param publish     {@code +ECMTPUB} after OK
 * @param disconnect  {@code +ECMTDISC} / {@code +ECMTCLOSE} after OK
 * @param recvIdle    the idle gap that ends a multi-line {@code +ECMTRECV} payload
 */
public record EcmtTimeouts(
    Duration command,
    Duration publishCommand,
    Duration open,
    Duration connect,
    Duration subscribe,
    Duration publish,
    Duration disconnect,
    Duration recvIdle) {

  /** open 40 s, connect 30 s, subscribe / publish 20 s, disconnect 10 s, commands 8 s / 25 s. */
  public static final EcmtTimeouts DEFAULTS = new EcmtTimeouts(
      Duration.ofSeconds(8), Duration.ofSeconds(25), Duration.ofSeconds(40), Duration.ofSeconds(30),
      Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofMillis(100));

  public EcmtTimeouts {
    for (Duration d : new Duration[] {command, publishCommand, open, connect, subscribe, publish, disconnect, recvIdle}) {
      Objects.requireNonNull(d, "timeout");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive, was " + d);
      }
    }
  }

  public EcmtTimeouts withCommand(Duration d) {
    return new EcmtTimeouts(d, publishCommand, open, connect, subscribe, publish, disconnect, recvIdle);
  }

  public EcmtTimeouts withOpen(Duration d) {
    return new EcmtTimeouts(command, publishCommand, d, connect, subscribe, publish, disconnect, recvIdle);
  }

  public EcmtTimeouts withConnect(Duration d) {
    return new EcmtTimeouts(command, publishCommand, open, d, subscribe, publish, disconnect, recvIdle);
  }

  public EcmtTimeouts withSubscribe(Duration d) {
    return new EcmtTimeouts(command, publishCommand, open, connect, d, publish, disconnect, recvIdle);
  }

  public EcmtTimeouts withPublish(Duration d) {
    return new EcmtTimeouts(command, publishCommand, open, connect, subscribe, d, disconnect, recvIdle);
  }

  public EcmtTimeouts withDisconnect(Duration d) {
    return new EcmtTimeouts(command, publishCommand, open, connect, subscribe, publish, d, recvIdle);
  }
}
