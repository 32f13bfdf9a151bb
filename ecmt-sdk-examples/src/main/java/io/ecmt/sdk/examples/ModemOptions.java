package io.ecmt.sdk.examples;

import io.ecmt.sdk.EcmtEventListener;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.EcmtModemBuilder;
import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.ReconnectPolicy;
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

  @Option(names = "--reconnect",
      description = "Rebuild the session by itself when the link is lost (ReconnectPolicy.DEFAULT).")
  boolean reconnect;

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
   * Creates the transport (not yet opened) and, for the in-process default, starts the fake module
   * and the broker behind it. Close the returned target when done.
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
    ModuleProfile moduleProfile = moduleProfile();
    if (serial != null) {
      SerialSettings settings = SerialSettings.builder(serial).baudRate(baud).build();
      return new Target(new SerialTransport(settings), "serial port " + serial + " at " + baud + " baud", false, List.of());
    }
    if (tcp != null) {
      return new Target(new TcpTransport(tcp.host(), tcp.port()), "module bridge at tcp " + tcp, false, List.of());
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
      fakeModuleObserver.accept(module);
      String description = "in-process fake module (" + module.profile().name().toLowerCase(java.util.Locale.ROOT)
          + "), MQTT to " + (embedded != null ? "embedded broker " : "broker ") + mqtt;
      return new Target(pipe.hostEnd(), description, true, resources);
    } catch (IOException e) {
      new Target(null, "", true, resources).close();
      throw new UncheckedIOException("cannot start the in-process fake module", e);
    } catch (RuntimeException e) {
      new Target(null, "", true, resources).close();
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
        .transport(target.transport())
        .profile(moduleProfile())
        .timeouts(scaled(EcmtTimeouts.DEFAULTS, timeoutScale))
        .syncAttempts(Math.max(1, syncAttempts))
        .eventListener(listener);
    if (reconnect) {
      builder.reconnect(ReconnectPolicy.DEFAULT);
    }
    return builder.build();
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

  /**
   * A transport to a module, plus what runs behind it when the module is the in-process fake.
   *
   * @param transport   the host end, not yet opened
   * @param description for the user ("serial port /dev/ttyUSB0 at 115200 baud")
   * @param fake        whether this is the in-process fake module
   * @param resources   fake module and broker, closed with the target
   */
  record Target(Transport transport, String description, boolean fake, List<AutoCloseable> resources)
      implements AutoCloseable {

    @Override
    public void close() {
      if (transport != null) {
        transport.close();
      }
      for (AutoCloseable resource : resources) {
        try {
          resource.close();
        } catch (Exception ignored) {
          // best effort: we are shutting down
        }
      }
    }
  }
}
