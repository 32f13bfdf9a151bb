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
 * @param recvIdle    the idle gap on the line that ends a receive burst: the module prints a
 *                    {@code +ECMTRECV} with its whole raw payload in one write, and every line
 *                    until this gap is payload (raise it for bridges that pause inside a write)
 * @param connectGrace after {@code +ECMTCONN: <id>,2,2} (CONNECT not sent), how long to wait for a
 *                    contradicting success that some builds print a moment later
 *
 * <p>Change what differs from the defaults by name:
 *
 * <pre>{@code
 * EcmtTimeouts slowLink = EcmtTimeouts.builder().open(Duration.ofSeconds(90)).recvIdle(Duration.ofMillis(200)).build();
 * EcmtTimeouts tighter = slowLink.toBuilder().command(Duration.ofSeconds(5)).build();
 * }</pre>
 *
 * <p>Every timeout must be present and positive ({@link NullPointerException} /
 * {@link IllegalArgumentException} naming it otherwise).
 */
public record EcmtTimeouts(
    Duration command,
    Duration publishCommand,
    Duration open,
    Duration connect,
    Duration subscribe,
    Duration publish,
    Duration disconnect,
    Duration recvIdle,
    Duration connectGrace) {

  /**
   * open 40 s, connect 30 s, subscribe / publish 20 s, disconnect 10 s, commands 8 s / 25 s,
   * receive burst gap 50 ms, connect grace 500 ms.
   */
  public static final EcmtTimeouts DEFAULTS = new EcmtTimeouts(
      Duration.ofSeconds(8), Duration.ofSeconds(25), Duration.ofSeconds(40), Duration.ofSeconds(30),
      Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofMillis(50),
      Duration.ofMillis(500));

  /** Timeouts with the default connect grace (500 ms). */
  public EcmtTimeouts(Duration command, Duration publishCommand, Duration open, Duration connect,
      Duration subscribe, Duration publish, Duration disconnect, Duration recvIdle) {
    this(command, publishCommand, open, connect, subscribe, publish, disconnect, recvIdle, Duration.ofMillis(500));
  }

  public EcmtTimeouts {
    positive("command", command);
    positive("publishCommand", publishCommand);
    positive("open", open);
    positive("connect", connect);
    positive("subscribe", subscribe);
    positive("publish", publish);
    positive("disconnect", disconnect);
    positive("recvIdle", recvIdle);
    positive("connectGrace", connectGrace);
  }

  private static void positive(String component, Duration d) {
    Objects.requireNonNull(d, component);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive, " + component + " was " + d);
    }
  }

  /** A builder holding {@link #DEFAULTS}; set what differs. */
  public static Builder builder() {
    return DEFAULTS.toBuilder();
  }

  /** A builder holding every timeout of this one, to make a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public EcmtTimeouts withCommand(Duration d) {
    return new EcmtTimeouts(d, publishCommand, open, connect, subscribe, publish, disconnect, recvIdle, connectGrace);
  }

  public EcmtTimeouts withOpen(Duration d) {
    return new EcmtTimeouts(command, publishCommand, d, connect, subscribe, publish, disconnect, recvIdle, connectGrace);
  }

  public EcmtTimeouts withConnect(Duration d) {
    return new EcmtTimeouts(command, publishCommand, open, d, subscribe, publish, disconnect, recvIdle, connectGrace);
  }

  public EcmtTimeouts withSubscribe(Duration d) {
    return new EcmtTimeouts(command, publishCommand, open, connect, d, publish, disconnect, recvIdle, connectGrace);
  }

  public EcmtTimeouts withPublish(Duration d) {
    return new EcmtTimeouts(command, publishCommand, open, connect, subscribe, d, disconnect, recvIdle, connectGrace);
  }

  public EcmtTimeouts withDisconnect(Duration d) {
    return new EcmtTimeouts(command, publishCommand, open, connect, subscribe, publish, d, recvIdle, connectGrace);
  }

  public EcmtTimeouts withRecvIdle(Duration d) {
    return new EcmtTimeouts(command, publishCommand, open, connect, subscribe, publish, disconnect, d, connectGrace);
  }

  public EcmtTimeouts withConnectGrace(Duration d) {
    return new EcmtTimeouts(command, publishCommand, open, connect, subscribe, publish, disconnect, recvIdle, d);
  }

  /**
   * Builds {@link EcmtTimeouts}; start from {@link EcmtTimeouts#builder()} or
   * {@link EcmtTimeouts#toBuilder()}. Values are checked by {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private Duration command;
    private Duration publishCommand;
    private Duration open;
    private Duration connect;
    private Duration subscribe;
    private Duration publish;
    private Duration disconnect;
    private Duration recvIdle;
    private Duration connectGrace;

    private Builder(EcmtTimeouts from) {
      command = from.command;
      publishCommand = from.publishCommand;
      open = from.open;
      connect = from.connect;
      subscribe = from.subscribe;
      publish = from.publish;
      disconnect = from.disconnect;
      recvIdle = from.recvIdle;
      connectGrace = from.connectGrace;
    }

    /** Final result of any command but {@code AT+ECMTPUB}. */
    public Builder command(Duration command) {
      this.command = command;
      return this;
    }

    /** Final result of {@code AT+ECMTPUB}, prompt entry included. */
    public Builder publishCommand(Duration publishCommand) {
      this.publishCommand = publishCommand;
      return this;
    }

    /** The open outcome after {@code OK}. */
    public Builder open(Duration open) {
      this.open = open;
      return this;
    }

    /** The connect outcome after {@code OK}. */
    public Builder connect(Duration connect) {
      this.connect = connect;
      return this;
    }

    /** The subscribe / unsubscribe outcome after {@code OK}. */
    public Builder subscribe(Duration subscribe) {
      this.subscribe = subscribe;
      return this;
    }

    /** The publish outcome after {@code OK}. */
    public Builder publish(Duration publish) {
      this.publish = publish;
      return this;
    }

    /** The disconnect / close outcome after {@code OK}. */
    public Builder disconnect(Duration disconnect) {
      this.disconnect = disconnect;
      return this;
    }

    /** The idle gap that ends a receive burst. */
    public Builder recvIdle(Duration recvIdle) {
      this.recvIdle = recvIdle;
      return this;
    }

    /** How long a "CONNECT not sent" outcome waits for a contradicting success. */
    public Builder connectGrace(Duration connectGrace) {
      this.connectGrace = connectGrace;
      return this;
    }

    /**
     * The timeouts.
     *
     * @throws NullPointerException     naming a timeout set to null
     * @throws IllegalArgumentException naming a timeout that is zero or negative
     */
    public EcmtTimeouts build() {
      return new EcmtTimeouts(command, publishCommand, open, connect, subscribe, publish, disconnect, recvIdle,
          connectGrace);
    }
  }
}
