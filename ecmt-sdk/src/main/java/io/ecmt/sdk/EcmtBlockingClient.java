package io.ecmt.sdk;

import io.ecmt.sdk.message.ConnAck;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.SubAck;
import java.time.Duration;
import java.util.Optional;

/**
 * The blocking view of an {@link EcmtClient}. Each method waits for the operation's outcome (its
 * own timeouts bound the wait) and rethrows the {@link EcmtRxClient} exceptions unchanged
 * (unchecked), with the caller's stack added as a suppressed exception. Calling any method on an
 * SDK thread (the session or callback thread) throws {@link IllegalStateException} at once
 * instead of deadlocking.
 */
public interface EcmtBlockingClient extends EcmtClient {

  void open(String host, int port, ConnectOptions options);

  default void open(String host, int port) {
    open(host, port, ConnectOptions.defaults());
  }

  ConnAck connect();

  ConnAck connect(ConnectOptions options);

  SubAck subscribe(String filter, Qos qos);

  void unsubscribe(String filter);

  PublishResult publish(Publish publish);

  PublishResult publishJson(String topic, Object value, Qos qos);

  void disconnect();

  void close();

  /**
   * Starts buffering messages matching {@code filter}; read them with
   * {@link Messages#receive(Duration)}. Close the handle to stop.
   *
   * @throws io.ecmt.sdk.exceptions.InvalidArgumentException if {@code filter} is not a valid filter
   */
  Messages messages(String filter);

  /** A buffered stream of incoming messages. */
  interface Messages extends AutoCloseable {
    /** The next message, or empty after {@code timeout}. */
    Optional<IncomingMessage> receive(Duration timeout) throws InterruptedException;

    @Override
    void close();
  }
}
