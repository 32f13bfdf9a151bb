package io.ecmt.sdk.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Serves {@link FakeModule}s on TCP: each accepted connection gets its own module, as a real
 * module sits alone on its serial line. Every open request, to any host, is routed to the
 * embedded broker (or the one given) unless a more specific route says otherwise.
 *
 * <pre>{@code
 * try (FakeModuleServer server = FakeModuleServer.start(FakeModuleServer.Options.builder().build());
 *      EcmtModem modem = EcmtModem.builder()
 *          .tcp(server.address().getHostString(), server.address().getPort()).build()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>As a program ({@code java -jar ecmt-fake-module.jar --help}) it prints the addresses it
 * serves on, logs every AT line both ways (secrets redacted) and stops on SIGTERM. With
 * {@code socat pty,link=/tmp/ttyFAKE,raw,echo=0 tcp:127.0.0.1:PORT} it becomes a serial device.
 *
 * <p>As a service it keeps its costs bounded: all sessions run on a few shared event-loop threads
 * (no thread per connection); connections beyond {@link Options#maxConnections()} are closed at
 * once; a host that leaves more than {@link Options#outputBufferLimit()} bytes unread is
 * disconnected (the module never blocks on a host, so its MQTT side and the other sessions go
 * on); a log line is cut at {@link Options#logLineLimit()}; each module keeps about
 * {@link Options#transcriptLimitBytes()} of transcript; and each session's fault timers run on
 * their own, so one stalled session delays no other.
 *
 * <p>Only loopback addresses are accepted for listening: the fake has no authentication.
 */
public final class FakeModuleServer extends ServerCore {
  // Serving is ServerCore's (and ServerSession's) job, the command line FakeModuleServerMain's;
  // this file is the public face and the options, nested as Options for compatibility.

  private FakeModuleServer(Options options, EmbeddedBroker broker, InetSocketAddress brokerAddress) {
    super(options, broker, brokerAddress);
  }

  /**
   * Binds, starts the embedded broker when {@link Options#broker()} is empty, and starts
   * accepting connections. All sessions share a few daemon event-loop threads.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if the listen address is not a loopback address
   */
  public static FakeModuleServer start(Options options) throws IOException {
    return ServerCore.start(options, FakeModuleServer::new);
  }

  /**
   * Runs the server until SIGTERM / Ctrl+C. Prints {@code fake module listening on HOST:PORT} and
   * {@code broker on HOST:PORT} on standard output, then the AT traffic. See {@code --help}.
   */
  public static void main(String[] args) {
    FakeModuleServerMain.run(args);
  }

  /**
   * What a {@link FakeModuleServer} serves. Immutable; build with {@link #builder()} or
   * {@link #parse(String...)}. The modules' own settings (profile, echo, routes ...) are not
   * copied here: they are a customiser of each session's {@link FakeModule.Builder}
   * ({@link #module()}); {@link #profile()} and the like read them back from it.
   */
  public static final class Options {
    private static final long DEFAULT_TRANSCRIPT_BYTES = 2 << 20;

    /** A private copy of the builder that made these options, never changed. */
    private final Builder s;

    private Options(Builder b) {
      s = b.copy();
    }

    /**
     * Defaults: 127.0.0.1 port 0, embedded broker, EC616S, echo off, RDY printed, no faults, no
     * log, 64 connections, 1 MiB unread output per connection, 4 KiB per log line, 2 MiB of
     * transcript per module.
     */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * Parses the command line flags ({@code --help} lists them).
     *
     * @return the options, or null when {@code --help} was asked for
     * @throws IllegalArgumentException on an unknown flag or a bad value
     */
    public static Options parse(String... args) {
      return FakeModuleServerMain.parse(args);
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
      return s.copy();
    }

    /** The address to listen on (loopback only; port 0 picks a free port). */
    public InetSocketAddress listen() {
      return s.listen;
    }

    /** An external broker to route to; empty: start an {@link EmbeddedBroker}. */
    public Optional<InetSocketAddress> broker() {
      return Optional.ofNullable(s.broker);
    }

    /**
     * How each session's module is configured, applied to a fresh {@link FakeModule.Builder}
     * whose default route is the server's broker (the server then lends it an event loop, so a
     * customiser must not give it a scheduler).
     */
    public Consumer<FakeModule.Builder> module() {
      return s.module;
    }

    /** A builder as {@link #module()} leaves it, to read the module settings back from. */
    private FakeModule.Builder configured() {
      FakeModule.Builder b = FakeModule.builder();
      s.module.accept(b);
      return b;
    }

    /** The module build imitated. */
    public FakeProfile profile() {
      return configured().profile;
    }

    /** Whether modules start with echo on. */
    public boolean echo() {
      return configured().echo;
    }

    /** Whether each module prints {@code RDY} when its connection starts, as at power-up. */
    public boolean printRdy() {
      return configured().rdy;
    }

    /** Specific routes, keyed {@code host:port} (host lower case) as the host asks to open them. */
    public Map<String, InetSocketAddress> routes() {
      return configured().routes.asMap();
    }

    /** About how many bytes of transcript each module keeps (see {@link FakeModule.Builder#transcriptByteLimit}). */
    public long transcriptLimitBytes() {
      return configured().transcriptBytes;
    }

    /** Period of {@link Fault#dropBrokerLink} on each session's open links (its own timer), if set. */
    public Optional<Duration> dropLinkEvery() {
      return Optional.ofNullable(s.dropLinkEvery);
    }

    /** Delay after a connection starts before its module gets {@link Fault#reboot}, if set. */
    public Optional<Duration> rebootAfter() {
      return Optional.ofNullable(s.rebootAfter);
    }

    /** Where each AT line (redacted), connection and fault is logged, if anywhere. */
    public Optional<Consumer<String>> trafficLog() {
      return Optional.ofNullable(s.trafficLog);
    }

    /** Whether {@code main} skips the default traffic log on standard output. */
    public boolean quiet() {
      return s.quiet;
    }

    /** Whether {@link FakeModuleServer#modules()} keeps the (closed) modules of closed connections. */
    public boolean keepClosedModules() {
      return s.keepClosedModules;
    }

    /** At most this many connections are served at once; more are closed at once, with a log line. */
    public int maxConnections() {
      return s.maxConnections;
    }

    /**
     * How many bytes of module output a host may leave unread before its connection is closed
     * (with a log line). The module never waits for a slow host: it is disconnected instead.
     */
    public long outputBufferLimit() {
      return s.outputBufferLimit;
    }

    /** At most this many bytes of one line reach the traffic log; the rest is only counted. */
    public int logLineLimit() {
      return s.logLineLimit;
    }

    /**
     * With {@link #dropLinkEvery()}: each drop is a {@link Fault.LateLinkLoss}, reported this late
     * (publish, subscribe and unsubscribe are refused meanwhile); empty: reported at once.
     */
    public Optional<Duration> statDelay() {
      return Optional.ofNullable(s.statDelay);
    }

    /** Delay after a connection starts before its module stops answering ({@link Fault#unresponsive}), if set. */
    public Optional<Duration> hangAfter() {
      return Optional.ofNullable(s.hangAfter);
    }

    /** If set, every CONNACK gets a {@link Fault.ContradictingConnUrcs} pair with this spacing. */
    public Optional<Duration> contradictingConn() {
      return Optional.ofNullable(s.contradictingConn);
    }

    /** Builds {@link Options}. Not thread-safe. */
    public static final class Builder {
      private InetSocketAddress listen = InetSocketAddress.createUnresolved("127.0.0.1", 0);
      private InetSocketAddress broker;
      private Consumer<FakeModule.Builder> module = b -> b.transcriptByteLimit(DEFAULT_TRANSCRIPT_BYTES);
      private Duration dropLinkEvery;
      private Duration rebootAfter;
      private Consumer<String> trafficLog;
      private boolean quiet;
      private boolean keepClosedModules;
      private int maxConnections = 64;
      private long outputBufferLimit = 1 << 20;
      private int logLineLimit = 4096;
      private Duration statDelay;
      private Duration hangAfter;
      private Duration contradictingConn;

      private Builder() {}

      private Builder copy() {
        Builder b = new Builder();
        b.listen = listen;
        b.broker = broker;
        b.module = module;
        b.dropLinkEvery = dropLinkEvery;
        b.rebootAfter = rebootAfter;
        b.trafficLog = trafficLog;
        b.quiet = quiet;
        b.keepClosedModules = keepClosedModules;
        b.maxConnections = maxConnections;
        b.outputBufferLimit = outputBufferLimit;
        b.logLineLimit = logLineLimit;
        b.statDelay = statDelay;
        b.hangAfter = hangAfter;
        b.contradictingConn = contradictingConn;
        return b;
      }

      /** Where to listen (default 127.0.0.1:0); the host must be a loopback address. */
      public Builder listen(String host, int port) {
        this.listen = InetSocketAddress.createUnresolved(Objects.requireNonNull(host, "host"), port);
        return this;
      }

      /** Route OPENs to this broker instead of starting an embedded one. */
      public Builder broker(InetSocketAddress broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
        return this;
      }

      /**
       * Also applies {@code customizer} to each session's {@link FakeModule.Builder}, after the
       * server's defaults and the customisers given before. The shorthands below add to it.
       */
      public Builder module(Consumer<FakeModule.Builder> customizer) {
        module = module.andThen(Objects.requireNonNull(customizer, "customizer"));
        return this;
      }

      /** The module build to imitate (default EC616S). */
      public Builder profile(FakeProfile profile) {
        Objects.requireNonNull(profile, "profile");
        return module(b -> b.profile(profile));
      }

      /** Whether modules start with echo on (default off). */
      public Builder echo(boolean echo) {
        return module(b -> b.echo(echo));
      }

      /** Whether each module prints {@code RDY} when its connection starts (default on). */
      public Builder printRdy(boolean printRdy) {
        return module(b -> b.printRdy(printRdy));
      }

      /** {@code AT+ECMTOPEN=<id>,"host",port} goes to {@code target} (others use the broker). */
      public Builder route(String host, int port, InetSocketAddress target) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(target, "target");
        return module(b -> b.route(host, port, target));
      }

      /** Keep about {@code bytes} of transcript per module (default 2 MiB), the newest. */
      public Builder transcriptLimitBytes(long bytes) {
        if (bytes < 1) {
          throw new IllegalArgumentException("transcriptLimitBytes must be ≥ 1");
        }
        return module(b -> b.transcriptByteLimit(bytes));
      }

      /** Drop each session's open broker links this often, timed per session (null: never). */
      public Builder dropLinkEvery(Duration period) {
        this.dropLinkEvery = positive(period);
        return this;
      }

      /** Reboot each module once, this long after its connection started (null: never). */
      public Builder rebootAfter(Duration delay) {
        this.rebootAfter = positive(delay);
        return this;
      }

      /** Receives each AT line (passwords redacted), connection and fault as a text line. */
      public Builder trafficLog(Consumer<String> log) {
        this.trafficLog = log;
        return this;
      }

      /** For {@code main}: no traffic log on standard output. */
      public Builder quiet(boolean quiet) {
        this.quiet = quiet;
        return this;
      }

      /**
       * Keep the modules of closed connections in {@link FakeModuleServer#modules()} (closed, with
       * their transcripts) until the server closes: for tests that inspect a module after the host
       * disconnected. Default: only the open connections' modules.
       */
      public Builder keepClosedModules(boolean keep) {
        this.keepClosedModules = keep;
        return this;
      }

      /** Serve at most {@code n} connections at once (default 64); more are closed at once. */
      public Builder maxConnections(int n) {
        if (n < 1) {
          throw new IllegalArgumentException("maxConnections must be ≥ 1");
        }
        this.maxConnections = n;
        return this;
      }

      /** Close a connection whose host leaves more than {@code bytes} of output unread (default 1 MiB). */
      public Builder outputBufferLimit(long bytes) {
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("outputBufferLimit must be 1.." + Integer.MAX_VALUE);
        }
        this.outputBufferLimit = bytes;
        return this;
      }

      /** Log at most {@code bytes} of one line (default 4096); the rest is counted, not kept. */
      public Builder logLineLimit(int bytes) {
        if (bytes < 1) {
          throw new IllegalArgumentException("logLineLimit must be ≥ 1");
        }
        this.logLineLimit = bytes;
        return this;
      }

      /** Report {@link #dropLinkEvery} drops this late (null: at once); see {@link Options#statDelay()}. */
      public Builder statDelay(Duration delay) {
        this.statDelay = positive(delay);
        return this;
      }

      /** Each module stops answering this long after its connection started (null: never). */
      public Builder hangAfter(Duration delay) {
        this.hangAfter = positive(delay);
        return this;
      }

      /** Every CONNACK reported as "not sent" then, {@code spacing} later, as it was (null: off). */
      public Builder contradictingConn(Duration spacing) {
        this.contradictingConn = positive(spacing);
        return this;
      }

      private static Duration positive(Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
          throw new IllegalArgumentException("duration must be positive: " + d);
        }
        return d;
      }

      /** The options, immutable. */
      public Options build() {
        return new Options(this);
      }
    }
  }
}
