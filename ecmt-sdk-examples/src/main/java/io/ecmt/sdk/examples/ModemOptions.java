package io.ecmt.sdk.examples;

import io.ecmt.sdk.EcmtEventListener;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.EcmtModemBuilder;
import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.serial.SerialSettings;
import io.ecmt.sdk.serial.SerialTransport;
import io.ecmt.sdk.testkit.EmbeddedBroker;
import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.testkit.FakeProfile;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.ecmt.sdk.transport.TcpTransport;
import io.ecmt.sdk.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the module is, shared by every command: a serial port ({@code --serial}), a serial-to-TCP
 * bridge ({@code --tcp}), or, with neither, an in-process {@link FakeModule} whose MQTT side talks
 * to an {@link EmbeddedBroker} (or to {@code --broker}). This is the only place that differs
 * between "try it on a laptop" and "run it on a gateway": every command builds its modem here.
 */
public final class ModemOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--serial", paramLabel = "<port>",
      description = "Serial port of a real module (/dev/ttyUSB0, COM3).")
  String serial;

  @Option(names = "--baud", paramLabel = "<n>", defaultValue = "115200",
      description = "Baud rate with --serial (default: ${DEFAULT-VALUE}).")
  int baud;

  @Option(names = "--tcp", paramLabel = "<host>:<port>", converter = HostPort.Converter.class,
      description = "A module behind a serial-to-TCP bridge (ser2net, socat, ecmt-fake-module.jar).")
  HostPort tcp;

  @Option(names = "--broker", paramLabel = "<host>:<port>", converter = HostPort.Converter.class,
      description = "Without --serial/--tcp: the in-process fake module uses this MQTT broker "
          + "instead of an embedded one.")
  HostPort broker;

  @Option(names = "--profile", paramLabel = "<name>", defaultValue = "ec616s",
      description = "Module profile: ec616s, ec616 or generic (default: ${DEFAULT-VALUE}).")
  String profile;

  @Mixin
  RecoveryOptions recovery;

  @Option(names = "--timeout-scale", paramLabel = "<factor>", defaultValue = "1",
      description = "Multiply every SDK timeout (2 for a slow network, 0.1 to fail fast; default: ${DEFAULT-VALUE}).")
  double timeoutScale;

  @Option(names = "--sync-attempts", paramLabel = "<n>", defaultValue = "2",
      description = "How many times to try AT before deciding the module does not answer (default: ${DEFAULT-VALUE}).")
  int syncAttempts;

  @Option(names = {"-v", "--verbose"}, description = "Stack traces, client state changes and debug logging.")
  boolean verbose;

  private Consumer<FakeModule> fakeModuleObserver = module -> { };

  /** The module profile named by {@code --profile}. */
  ModuleProfile moduleProfile() {
    try {
      return ModuleProfile.named(profile);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
  }

  /**
   * Says how to reach the module (nothing is opened yet) and, for the in-process default, starts
   * the fake module and the broker behind it. Close the returned target when done.
   */
  Target target() {
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
    }
    if (serial != null && tcp != null) {
      throw new ParameterException(command.commandLine(), "use either --serial or --tcp, not both");
    }
    if (broker != null && (serial != null || tcp != null)) {
      throw new ParameterException(command.commandLine(),
          "--broker is for the in-process fake module; a real module reaches its broker itself (use --host/--port)");
    }
    recovery.problem().ifPresent(problem -> {
      throw new ParameterException(command.commandLine(), problem);
    });
    ModuleProfile moduleProfile = moduleProfile();
    // A new transport per call, so that a supervised modem can reopen a port or bridge that closed.
    if (serial != null) {
      SerialSettings settings = SerialSettings.builder(serial).baudRate(baud).build();
      return new Target(() -> new SerialTransport(settings), "serial port " + serial + " at " + baud + " baud",
          false, List.of());
    }
    if (tcp != null) {
      HostPort bridge = tcp;
      return new Target(() -> new TcpTransport(bridge.host(), bridge.port()), "module bridge at tcp " + bridge,
          false, List.of());
    }
    return inProcess(moduleProfile);
  }

  private Target inProcess(ModuleProfile moduleProfile) {
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      EmbeddedBroker embedded = broker == null ? EmbeddedBroker.start() : null;
      if (embedded != null) {
        resources.add(embedded);
      }
      HostPort mqtt = broker != null ? broker : new HostPort(embedded.host(), embedded.port());
      // Every AT+ECMTOPEN (test.mosquitto.org:1883 by default) is routed to that broker.
      FakeModule module = FakeModule.builder()
          .profile(moduleProfile.name().equals("generic") ? FakeProfile.GENERIC : FakeProfile.EC616S)
          .defaultRoute(mqtt.address())
          .printRdy(false) // as if powered up long ago
          .strict(false)
          .build();
      resources.add(0, module);
      InMemoryPipe pipe = InMemoryPipe.create();
      module.start(pipe.moduleEnd());
      Transport hostEnd = pipe.hostEnd();
      resources.add(0, hostEnd);
      fakeModuleObserver.accept(module);
      String description = "in-process fake module (" + module.profile().name().toLowerCase(java.util.Locale.ROOT)
          + "), MQTT to " + (embedded != null ? "embedded broker " : "broker ") + mqtt;
      return new Target(() -> hostEnd, description, true, resources);
    } catch (IOException e) {
      closeAll(resources);
      throw new UncheckedIOException("cannot start the in-process fake module", e);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  /**
   * Builds the modem over {@code target}: opens the transport, sends nothing yet.
   *
   * @param listener receives the AT traffic (see {@link AtTrafficPrinter})
   */
  EcmtModem modem(Target target, EcmtEventListener listener) {
    EcmtModemBuilder builder = EcmtModem.builder()
        .profile(moduleProfile())
        .timeouts(scaled(EcmtTimeouts.DEFAULTS, timeoutScale))
        .syncAttempts(Math.max(1, syncAttempts))
        .eventListener(listener);
    if (target.fake()) {
      builder.transport(target.transports().get()); // the pipe to the in-process module: one only
    } else {
      builder.transport(target.transports()); // reopened by the supervisor after the port or bridge closed
    }
    recovery.applyTo(builder);
    return builder.build();
  }

  /** Whether {@code --reconnect} was given. */
  boolean reconnects() {
    return recovery.reconnect;
  }

  /** Whether {@code --verbose} was given. */
  boolean verbose() {
    return verbose;
  }

  /** Tests use this to look at the in-process fake module's transcript. */
  void observeFakeModule(Consumer<FakeModule> observer) {
    this.fakeModuleObserver = observer;
  }

  private EcmtTimeouts scaled(EcmtTimeouts t, double factor) {
    if (!(factor > 0)) {
      throw new ParameterException(command.commandLine(), "--timeout-scale must be positive");
    }
    return new EcmtTimeouts(scale(t.command(), factor), scale(t.publishCommand(), factor),
        scale(t.open(), factor), scale(t.connect(), factor), scale(t.subscribe(), factor),
        scale(t.publish(), factor), scale(t.disconnect(), factor), t.recvIdle());
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofNanos(Math.max(1_000_000, Math.round(d.toNanos() * factor)));
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception ignored) {
        // best effort: we are shutting down
      }
    }
  }

  /**
   * How to reach a module, plus what runs behind it when the module is the in-process fake.
   *
   * @param transports  for a serial port or a bridge, a new unopened transport per call (a closed
   *                    one is replaced, not reopened); for the in-process fake module, always the
   *                    same end of its pipe
   * @param description for the user ("serial port /dev/ttyUSB0 at 115200 baud")
   * @param fake        whether this is the in-process fake module
   * @param resources   pipe end, fake module and broker, closed with the target
   */
  record Target(Supplier<Transport> transports, String description, boolean fake, List<AutoCloseable> resources)
      implements AutoCloseable {

    @Override
    public void close() {
      closeAll(resources);
    }
  }
}
