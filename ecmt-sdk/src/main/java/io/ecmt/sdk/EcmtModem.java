package io.ecmt.sdk;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;

/**
 * One module on one transport: the entry point of the SDK.
 *
 * <pre>{@code
 * try (EcmtModem modem = EcmtModem.builder().serial("/dev/ttyUSB0", 115200).build()) {
 *   EcmtBlockingClient mqtt = modem.client(0).toBlocking();
 *   mqtt.open("broker.example", 1883);
 *   mqtt.connect();
 *   mqtt.publish(Publish.of("home/garden/fountain/2", "hello world"));
 * }
 * }</pre>
 *
 * <p>Threading: one session thread per modem owns all state and talks to the transport; results
 * are delivered on a callback scheduler. All methods are thread-safe.
 */
public interface EcmtModem extends AutoCloseable {

  /** A new builder. */
  static EcmtModemBuilder builder() {
    return new EcmtModemBuilder();
  }

  /**
   * Synchronises with the module: {@code AT} until {@code OK} (with retries), {@code ATE0},
   * {@code ATQ0}, {@code AT+CMEE=1}, then waits for the network as configured. Cold; the first
   * successful run is cached and shared; client operations run it themselves when needed, and it
   * runs again after a module reboot.
   */
  Completable start();

  /**
   * The client for a connect id.
   *
   * @throws io.ecmt.sdk.exceptions.InvalidArgumentException if the profile has no such id (EC616S:
   *     only 0), before any byte is written
   */
  EcmtClient client(int id);

  /** The module profile. */
  ModuleProfile profile();

  /** Every URC line the module prints, for diagnostics; hot, delivered on the callback scheduler. */
  Flowable<String> urcLines();

  /** Whether {@link #close()} was called or the transport closed. */
  boolean isClosed();

  /**
   * Closes the transport and fails everything pending with
   * {@link io.ecmt.sdk.exceptions.ModemClosedException}. Sends nothing to the module (call
   * {@code disconnect()} first for a clean MQTT goodbye). Idempotent. Called from an application
   * thread, it returns once the SDK's own threads have ended (it waits at most two seconds each).
   */
  @Override
  void close();
}
