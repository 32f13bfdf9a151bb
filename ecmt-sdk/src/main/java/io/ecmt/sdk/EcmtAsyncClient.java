package io.ecmt.sdk;

import io.ecmt.sdk.message.ConnAck;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.SubAck;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@link CompletableFuture} view of an {@link EcmtClient}. Unlike the Rx view, each call
 * starts its operation at once. Outcomes and exceptions are those of {@link EcmtRxClient}; futures
 * complete on the modem's callback scheduler. Cancelling a future disposes the operation.
 */
public interface EcmtAsyncClient extends EcmtClient {

  CompletableFuture<Void> open(String host, int port, ConnectOptions options);

  default CompletableFuture<Void> open(String host, int port) {
    return open(host, port, ConnectOptions.defaults());
  }

  CompletableFuture<ConnAck> connect();

  CompletableFuture<ConnAck> connect(ConnectOptions options);

  CompletableFuture<SubAck> subscribe(String filter, Qos qos);

  CompletableFuture<Void> unsubscribe(String filter);

  CompletableFuture<PublishResult> publish(Publish publish);

  CompletableFuture<PublishResult> publishJson(String topic, Object value, Qos qos);

  CompletableFuture<Void> disconnect();

  CompletableFuture<Void> close();

  /**
   * Calls {@code callback} for each message matching {@code filter}, on the callback scheduler.
   *
   * @return a handle whose {@link AutoCloseable#close()} stops the callbacks
   * @throws io.ecmt.sdk.exceptions.InvalidArgumentException if {@code filter} is not a valid filter
   */
  AutoCloseable onMessage(String filter, Consumer<IncomingMessage> callback);
}
