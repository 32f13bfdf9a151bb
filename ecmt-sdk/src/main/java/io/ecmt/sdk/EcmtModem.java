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

  /**
   * Sends another AT command, such as {@code AT+CSQ}, {@code AT+CGSN}, {@code ATI} or
   * {@code AT+CEREG?}, and returns its information lines: lines that start with the command's own
   * {@code +NAME:} prefix, and plain text lines (no {@code +NAME:} prefix of another URC). Cold;
   * queued behind the SDK's own commands; delivered on the callback scheduler. Fails like any
   * command ({@link io.ecmt.sdk.exceptions.AtErrorException},
   * {@link io.ecmt.sdk.exceptions.CmeErrorException},
   * {@link io.ecmt.sdk.exceptions.CommandTimeoutException}).
   *
   * <p>Refused with {@link io.ecmt.sdk.exceptions.InvalidArgumentException}, before any byte is
   * written: text that is not one AT command line (CR, LF, Ctrl+Z, ESC), {@code AT+ECMT...} set
   * commands (use the clients: they track the module's state) and commands that would change what
   * the SDK relies on ({@code ATE}, {@code ATQ}, {@code ATV}, {@code ATZ}, {@code AT&F},
   * {@code AT+CMEE}).
   */
  io.reactivex.rxjava3.core.Single<java.util.List<String>> command(String command);

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
