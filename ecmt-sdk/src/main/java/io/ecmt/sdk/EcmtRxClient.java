package io.ecmt.sdk;

import io.ecmt.sdk.message.ConnAck;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.SubAck;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;

/**
 * The reactive view of an {@link EcmtClient}.
 *
 * <p><b>Cold and lazy:</b> every {@code Single} and {@code Completable} here does nothing until
 * subscribed; each subscription sends its commands once. Arguments are checked on subscription,
 * before any byte is written ({@link io.ecmt.sdk.exceptions.InvalidArgumentException}). The modem
 * is started ({@link EcmtModem#start()}) first if it was not yet.
 *
 * <p><b>Two phases:</b> the module answers {@code OK} at once and the outcome later as a URC. A
 * source succeeds on the outcome URC. It fails with {@link io.ecmt.sdk.exceptions.AtErrorException}
 * or {@link io.ecmt.sdk.exceptions.CmeErrorException} when the module refuses the command,
 * {@link io.ecmt.sdk.exceptions.CommandTimeoutException} when the module does not answer,
 * {@link io.ecmt.sdk.exceptions.UrcTimeoutException} when the outcome never comes,
 * {@link io.ecmt.sdk.exceptions.OperationFailedException} when the outcome is a failure,
 * {@link io.ecmt.sdk.exceptions.LinkLostException} when {@code +ECMTSTAT} or a module reboot
 * ends the link while pending, {@link io.ecmt.sdk.exceptions.ClientStateException} when the
 * operation is impossible in the current state, and
 * {@link io.ecmt.sdk.exceptions.ModemClosedException} when the modem closes. Disposing removes
 * the operation's pending entry; an outcome URC that arrives afterwards is reported to the
 * {@link EcmtEventListener} as a late URC.
 *
 * <p><b>Threads:</b> results and stream items are delivered on the modem's callback scheduler
 * (by default one thread, {@code ecmt-callbacks-N}, so they arrive in order).
 */
public interface EcmtRxClient extends EcmtClient {

  /**
   * Writes the session configuration ({@code AT+ECMTCFG} keepalive, session, version, will) and
   * opens the TCP link ({@code AT+ECMTOPEN} → {@code +ECMTOPEN: <id>,0}). The options' identity
   * (client id, credentials) is used by {@link #connect()} later.
   *
   * <p>Already open to the same host and port: completes at once without a command (the module
   * would answer {@code OK} and never send a URC). Open elsewhere, opening or connecting:
   * {@link io.ecmt.sdk.exceptions.ClientStateException}. After a lost link the SDK first sends
   * {@code AT+ECMTDISC} (errors ignored) to clear the module's context.
   */
  Completable open(String host, int port, ConnectOptions options);

  /** {@link #open(String, int, ConnectOptions)} with {@link ConnectOptions#defaults()}. */
  default Completable open(String host, int port) {
    return open(host, port, ConnectOptions.defaults());
  }

  /**
   * Sends MQTT CONNECT with the options given to {@link #open} ({@code AT+ECMTCONN}) and succeeds
   * on {@code +ECMTCONN: <id>,0,0}. A non-zero CONNACK code fails with
   * {@link io.ecmt.sdk.exceptions.ConnectionRefusedException}; {@code +ECMTCONN: <id>,2,2} with
   * {@link io.ecmt.sdk.exceptions.OperationFailedException}. Already connected: succeeds at once.
   */
  Single<ConnAck> connect();

  /**
   * Like {@link #connect()} with other options; if their session settings differ from those
   * written at open, the SDK writes {@code AT+ECMTCFG} again first.
   */
  Single<ConnAck> connect(ConnectOptions options);

  /**
   * Subscribes to one topic filter ({@code AT+ECMTSUB}); succeeds on {@code +ECMTSUB} with result
   * 0. A value of 128 fails with {@link io.ecmt.sdk.exceptions.SubscriptionRejectedException}.
   * The subscription is remembered for a supervisor to restore.
   */
  Single<SubAck> subscribe(String filter, Qos qos);

  /** Unsubscribes one topic filter ({@code AT+ECMTUNS}); completes on {@code +ECMTUNS} result 0. */
  Completable unsubscribe(String filter);

  /**
   * Publishes a message ({@code AT+ECMTPUB}); succeeds when the module reports it done: for QoS 0
   * after the socket write, for QoS 1 on PUBACK, for QoS 2 on PUBCOMP. The one-line string form is
   * used when the payload is UTF-8 text without control characters and short enough, else the
   * {@code > } prompt form; payloads neither form can carry (0x1A / 0x1B bytes, too long) are
   * refused before any byte is written. At most the modem's publish window of publishes wait for
   * their outcome at once per client; more wait in order behind them, never blocking the caller.
   */
  Single<PublishResult> publish(Publish publish);

  /** Publishes {@code value} as JSON (through the modem's Jackson {@code ObjectMapper}). */
  Single<PublishResult> publishJson(String topic, Object value, Qos qos);

  /**
   * Sends MQTT DISCONNECT ({@code AT+ECMTDISC}); the module also closes TCP and forgets its
   * configuration. Completes on {@code +ECMTDISC}. Already closed: completes at once.
   */
  Completable disconnect();

  /** Closes the TCP link ({@code AT+ECMTCLOSE}), sending DISCONNECT first if connected. Already closed: completes at once. */
  Completable close();

  /**
   * Every message the module prints for this client ({@code +ECMTRECV}), subscribed or not. Hot:
   * messages that arrive while nobody subscribes are not kept. Backpressure: each subscriber has
   * a buffer of the modem's {@code messageBufferSize}; when it is full the oldest message is
   * dropped and reported to {@link EcmtEventListener#messageDropped}.
   */
  Flowable<IncomingMessage> messages();

  /** {@link #messages()} whose topic matches an MQTT topic filter ({@code +}, {@code #}). */
  Flowable<IncomingMessage> messages(String filter);

  /**
   * Messages matching {@code filter} whose payload maps to {@code type} through Jackson; payloads
   * that do not map are skipped and reported to {@link EcmtEventListener#payloadMappingFailed}.
   */
  <T> Flowable<T> messages(String filter, Class<T> type);

  /** The current state, then every change. Never completes until the modem closes. */
  Flowable<ClientStateChange> states();
}
