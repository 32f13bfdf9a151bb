package io.ecmt.sdk;

/**
 * One MQTT client inside the module, addressed by its connect id (0–4; EC616S has only 0).
 * Obtained from {@link EcmtModem#client(int)}; the same instance for the same id.
 *
 * <p>Three views share the same state: {@link #toRx()} (cold RxJava sources, the core),
 * {@link #toAsync()} ({@link java.util.concurrent.CompletableFuture}s) and {@link #toBlocking()}.
 * All views are thread-safe.
 */
public interface EcmtClient {

  /** The connect id. */
  int id();

  /** The state as last known on the session thread (a snapshot; see {@link EcmtRxClient#states()}). */
  ClientState state();

  /** The reactive view. */
  EcmtRxClient toRx();

  /** The {@code CompletableFuture} view. */
  EcmtAsyncClient toAsync();

  /** The blocking view. Its methods throw at once when called on an SDK thread (they would deadlock). */
  EcmtBlockingClient toBlocking();
}
