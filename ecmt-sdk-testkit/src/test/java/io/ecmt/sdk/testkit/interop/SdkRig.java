package io.ecmt.sdk.testkit.interop;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.EcmtModemBuilder;
import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.testkit.FakeProfile;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.disposables.Disposable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The SDK on a {@link FakeModule} joined by an {@link InMemoryPipe}, the module's broker links
 * routed to a real broker. Records every client-state change of client 0.
 */
final class SdkRig implements AutoCloseable {
  /** Short outcome timeouts: everything is local, a hang should fail fast. */
  static final EcmtTimeouts TIMEOUTS = EcmtTimeouts.DEFAULTS
      .withOpen(Duration.ofSeconds(10)).withConnect(Duration.ofSeconds(10))
      .withSubscribe(Duration.ofSeconds(10)).withPublish(Duration.ofSeconds(10))
      .withDisconnect(Duration.ofSeconds(10));

  final FakeModule module;
  final EcmtModem modem;
  final List<ClientStateChange> states = new CopyOnWriteArrayList<>();
  private final Disposable stateSub;

  private SdkRig(FakeModule module, EcmtModem modem) {
    this.module = module;
    this.modem = modem;
    this.stateSub = modem.client(0).toRx().states().subscribe(states::add);
  }

  static SdkRig start(FakeProfile profile, InetSocketAddress broker) throws IOException {
    return start(profile, broker, b -> b);
  }

  /** Routes every host (and "test.mosquitto.org":1883 explicitly, as in the seed) to {@code broker}. */
  static SdkRig start(FakeProfile profile, InetSocketAddress broker, UnaryOperator<EcmtModemBuilder> custom)
      throws IOException {
    FakeModule module = FakeModule.builder().profile(profile)
        .route("test.mosquitto.org", 1883, broker).defaultRoute(broker).build();
    EcmtModem modem = null;
    try {
      InMemoryPipe pipe = InMemoryPipe.create();
      module.start(pipe.moduleEnd());
      modem = custom.apply(EcmtModem.builder().transport(pipe.hostEnd()).profile(profile.limits())
          .timeouts(TIMEOUTS).sequentialMsgIds(true)).build();
      return new SdkRig(module, modem);
    } catch (IOException | RuntimeException e) {
      if (modem != null) {
        modem.close();
      }
      module.close();
      throw e;
    }
  }

  ClientState state() {
    return states.isEmpty() ? null : states.get(states.size() - 1).current();
  }

  boolean sawState(ClientState s) {
    return states.stream().anyMatch(c -> c.current() == s);
  }

  void awaitState(ClientState s, Duration timeout) {
    Tools.await(timeout, () -> state() == s, () -> "client 0 in state " + s + "; changes so far: " + states
        + "\ntranscript:\n" + transcript());
  }

  /** The AT commands the module received so far, one a line. */
  String commands() {
    return String.join("\n", module.transcript().commands());
  }

  /** The whole serial-side traffic, for failure messages. */
  String transcript() {
    return module.transcript().toJsonLines();
  }

  @Override
  public void close() {
    stateSub.dispose();
    modem.close();
    module.close();
  }
}
