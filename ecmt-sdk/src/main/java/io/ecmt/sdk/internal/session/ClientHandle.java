package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtAsyncClient;
import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.EcmtRxClient;
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
import io.reactivex.rxjava3.disposables.Disposable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The public face of a {@link ClientSession}: the Rx view, with the async and blocking views on top. */
final class ClientHandle implements EcmtRxClient {
  private final ClientContext modem;
  private final ClientSession client;
  private final Async async = new Async();
  private final Blocking blocking = new Blocking();

  ClientHandle(ClientContext modem, ClientSession client) {
    this.modem = modem;
    this.client = client;
  }

  @Override
  public int id() {
    return client.id();
  }

  @Override
  public ClientState state() {
    return client.state();
  }

  @Override
  public EcmtRxClient toRx() {
    return this;
  }

  @Override
  public EcmtAsyncClient toAsync() {
    return async;
  }

  @Override
  public EcmtBlockingClient toBlocking() {
    return blocking;
  }

  // --- Rx --------------------------------------------------------------------------------------

  @Override
  public Completable open(String host, int port, ConnectOptions options) {
    return client.open(host, port, options);
  }

  @Override
  public Single<ConnAck> connect() {
    return client.connect(null);
  }

  @Override
  public Single<ConnAck> connect(ConnectOptions options) {
    Objects.requireNonNull(options, "options");
    return client.connect(options);
  }

  @Override
  public Single<SubAck> subscribe(String filter, Qos qos) {
    return client.subscribe(filter, qos);
  }

  @Override
  public Completable unsubscribe(String filter) {
    return client.unsubscribe(filter);
  }

  @Override
  public Single<PublishResult> publish(Publish publish) {
    return client.publish(publish);
  }

  @Override
  public Single<PublishResult> publishJson(String topic, Object value, Qos qos) {
    return Single.defer(() -> client.publish(modem.json().toPublish(topic, value, qos)));
  }

  @Override
  public Completable disconnect() {
    return client.disconnect();
  }

  @Override
  public Completable close() {
    return client.close();
  }

  @Override
  public Flowable<IncomingMessage> messages() {
    return Flowable.defer(() -> client.messages(null));
  }

  @Override
  public Flowable<IncomingMessage> messages(String filter) {
    Objects.requireNonNull(filter, "filter");
    return Flowable.defer(() -> client.messages(filter));
  }

  @Override
  public <T> Flowable<T> messages(String filter, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return messages(filter).concatMapMaybe(m -> {
      try {
        return io.reactivex.rxjava3.core.Maybe.just(modem.json().read(m, type));
      } catch (RuntimeException e) {
        modem.events().payloadMappingFailed(m, e);
        return io.reactivex.rxjava3.core.Maybe.empty();
      }
    });
  }

  @Override
  public Flowable<ClientStateChange> states() {
    return Flowable.defer(client::states);
  }

  // --- async -----------------------------------------------------------------------------------

  private static <T> CompletableFuture<T> future(Single<T> single) {
    return (CompletableFuture<T>) single.toCompletionStage();
  }

  private static CompletableFuture<Void> future(Completable completable) {
    return (CompletableFuture<Void>) completable.<Void>toCompletionStage(null);
  }

  private final class Async implements EcmtAsyncClient {
    @Override public int id() { return ClientHandle.this.id(); }
    @Override public ClientState state() { return ClientHandle.this.state(); }
    @Override public EcmtRxClient toRx() { return ClientHandle.this; }
    @Override public EcmtAsyncClient toAsync() { return this; }
    @Override public EcmtBlockingClient toBlocking() { return blocking; }

    @Override
    public CompletableFuture<Void> open(String host, int port, ConnectOptions options) {
      return future(ClientHandle.this.open(host, port, options));
    }

    @Override
    public CompletableFuture<ConnAck> connect() {
      return future(ClientHandle.this.connect());
    }

    @Override
    public CompletableFuture<ConnAck> connect(ConnectOptions options) {
      return future(ClientHandle.this.connect(options));
    }

    @Override
    public CompletableFuture<SubAck> subscribe(String filter, Qos qos) {
      return future(ClientHandle.this.subscribe(filter, qos));
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
      return future(ClientHandle.this.unsubscribe(filter));
    }

    @Override
    public CompletableFuture<PublishResult> publish(Publish publish) {
      return future(ClientHandle.this.publish(publish));
    }

    @Override
    public CompletableFuture<PublishResult> publishJson(String topic, Object value, Qos qos) {
      return future(ClientHandle.this.publishJson(topic, value, qos));
    }

    @Override
    public CompletableFuture<Void> disconnect() {
      return future(ClientHandle.this.disconnect());
    }

    @Override
    public CompletableFuture<Void> close() {
      return future(ClientHandle.this.close());
    }

    @Override
    public AutoCloseable onMessage(String filter, Consumer<IncomingMessage> callback) {
      Objects.requireNonNull(callback, "callback");
      client.checkFilter(filter);
      Disposable d = ClientHandle.this.messages(filter).subscribe(callback::accept, e -> { });
      return d::dispose;
    }
  }

  // --- blocking ----------------------------------------------------------------------------------

  private final class Blocking implements EcmtBlockingClient {
    @Override public int id() { return ClientHandle.this.id(); }
    @Override public ClientState state() { return ClientHandle.this.state(); }
    @Override public EcmtRxClient toRx() { return ClientHandle.this; }
    @Override public EcmtAsyncClient toAsync() { return async; }
    @Override public EcmtBlockingClient toBlocking() { return this; }

    private <T> T await(Single<T> single) {
      checkThread();
      try {
        return single.blockingGet();
      } catch (RuntimeException e) {
        e.addSuppressed(new CallerStack());
        throw e;
      }
    }

    private void await(Completable completable) {
      checkThread();
      try {
        completable.blockingAwait();
      } catch (RuntimeException e) {
        e.addSuppressed(new CallerStack());
        throw e;
      }
    }

    private void checkThread() {
      if (modem.isOwnThread()) {
        throw new IllegalStateException("blocking call on SDK thread " + Thread.currentThread().getName()
            + ": it would deadlock; use toRx() or toAsync() there");
      }
    }

    @Override
    public void open(String host, int port, ConnectOptions options) {
      await(ClientHandle.this.open(host, port, options));
    }

    @Override
    public ConnAck connect() {
      return await(ClientHandle.this.connect());
    }

    @Override
    public ConnAck connect(ConnectOptions options) {
      return await(ClientHandle.this.connect(options));
    }

    @Override
    public SubAck subscribe(String filter, Qos qos) {
      return await(ClientHandle.this.subscribe(filter, qos));
    }

    @Override
    public void unsubscribe(String filter) {
      await(ClientHandle.this.unsubscribe(filter));
    }

    @Override
    public PublishResult publish(Publish publish) {
      return await(ClientHandle.this.publish(publish));
    }

    @Override
    public PublishResult publishJson(String topic, Object value, Qos qos) {
      return await(ClientHandle.this.publishJson(topic, value, qos));
    }

    @Override
    public void disconnect() {
      await(ClientHandle.this.disconnect());
    }

    @Override
    public void close() {
      await(ClientHandle.this.close());
    }

    @Override
    public Messages messages(String filter) {
      client.checkFilter(filter); // a bad filter throws here, not later into RxJava's error handler
      LinkedBlockingQueue<IncomingMessage> queue = new LinkedBlockingQueue<>();
      Disposable d = ClientHandle.this.messages(filter).subscribe(queue::add, e -> { });
      return new Messages() {
        @Override
        public Optional<IncomingMessage> receive(Duration timeout) throws InterruptedException {
          checkThread();
          return Optional.ofNullable(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        }

        @Override
        public void close() {
          d.dispose();
        }
      };
    }
  }

  /** Added as suppressed to exceptions rethrown by the blocking view: where the caller waited. */
  private static final class CallerStack extends RuntimeException {
    CallerStack() {
      super("caller's stack");
    }
  }
}
