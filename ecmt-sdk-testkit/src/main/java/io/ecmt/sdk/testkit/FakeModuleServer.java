package io.ecmt.sdk.testkit;

import io.ecmt.sdk.transport.TcpTransport;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@link FakeModule}s on TCP: each accepted connection gets its own module, as a real
 * module sits alone on its serial line. Every {@code AT+ECMTOPEN}, to any host, is routed to the
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
 * serves on, logs every AT line both ways (passwords redacted) and stops on SIGTERM. With
 * {@code socat pty,link=/tmp/ttyFAKE,raw,echo=0 tcp:127.0.0.1:PORT} it becomes a serial device.
 *
 * <p>Only loopback addresses are accepted for listening: the fake has no authentication.
 */
public final class FakeModuleServer implements AutoCloseable {

  private static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar ecmt-fake-module.jar --listen 127.0.0.1:<port> [options]",
      "  --listen <host>:<port>          loopback address to serve on (port 0: a free one)",
      "  --broker <host>:<port>          MQTT broker to route to (default: start an embedded one)",
      "  --profile ec616s|generic        module build to imitate (default ec616s)",
      "  --echo                          echo commands (ATE1), as modules ship",
      "  --no-rdy                        do not print RDY when a connection starts",
      "  --route <host>:<port>=<target>:<port>   route one OPEN target (repeatable)",
      "  --drop-link-every <duration>    drop every open broker link periodically (+ECMTSTAT)",
      "  --reboot-after <duration>       reboot each module once, this long after it connected",
      "  --quiet                         do not log AT traffic",
      "durations: 500ms, 5s, 2m or ISO-8601 (PT5S)");

  private final Options options;
  private final ServerSocket serverSocket;
  private final EmbeddedBroker broker;
  private final InetSocketAddress brokerAddress;
  private final List<FakeModule> modules = new CopyOnWriteArrayList<>();
  /** With {@link Options#keepClosedModules()}: every module so far, open or closed. */
  private final List<FakeModule> allModules = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timers;
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  private FakeModuleServer(Options options, ServerSocket serverSocket, EmbeddedBroker broker,
      InetSocketAddress brokerAddress) {
    this.options = options;
    this.serverSocket = serverSocket;
    this.broker = broker;
    this.brokerAddress = brokerAddress;
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fake-module-server-timer");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Binds, starts the embedded broker when {@link Options#broker()} is empty, and starts
   * accepting connections on a daemon thread.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if the listen address is not a loopback address
   */
  public static FakeModuleServer start(Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    InetAddress listenHost = InetAddress.getByName(options.listen().getHostString());
    if (!listenHost.isLoopbackAddress()) {
      throw new IllegalArgumentException("refusing to listen on non-loopback " + listenHost.getHostAddress());
    }
    EmbeddedBroker broker = null;
    InetSocketAddress brokerAddress = options.broker().orElse(null);
    if (brokerAddress == null) {
      broker = EmbeddedBroker.start();
      brokerAddress = broker.address();
    }
    ServerSocket ss = new ServerSocket();
    try {
      ss.bind(new InetSocketAddress(listenHost, options.listen().getPort()), 16);
    } catch (IOException e) {
      ss.close();
      if (broker != null) {
        broker.close();
      }
      throw e;
    }
    FakeModuleServer server = new FakeModuleServer(options, ss, broker, brokerAddress);
    server.startTimers();
    Thread acceptor = new Thread(server::acceptLoop, "fake-module-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  /** The address clients connect to (with the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return new InetSocketAddress(serverSocket.getInetAddress().getHostAddress(), serverSocket.getLocalPort());
  }

  /** The embedded broker, if this server started one (no {@code --broker}). */
  public Optional<EmbeddedBroker> broker() {
    return Optional.ofNullable(broker);
  }

  /** Where OPENs go by default: the embedded broker or {@link Options#broker()}. */
  public InetSocketAddress brokerAddress() {
    return brokerAddress;
  }

  /**
   * The modules of the connections still open, oldest first; with
   * {@link Options#keepClosedModules()}, those of closed connections too.
   */
  public List<FakeModule> modules() {
    return List.copyOf(options.keepClosedModules() ? allModules : modules);
  }

  /** The module of the newest connection in {@link #modules()}, if any. */
  public Optional<FakeModule> lastModule() {
    List<FakeModule> now = modules();
    return now.isEmpty() ? Optional.empty() : Optional.of(now.get(now.size() - 1));
  }

  /** How many connections were accepted so far. */
  public int connectionCount() {
    return connections.get();
  }

  /** Stops accepting, closes every module (and its connection) and the embedded broker. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    timers.shutdownNow();
    for (FakeModule m : modules) {
      m.close();
    }
    modules.clear();
    allModules.clear();
    if (broker != null) {
      broker.close();
    }
  }

  // ------------------------------------------------------------------------------- internals

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = serverSocket.accept();
      } catch (IOException e) {
        if (!closed) {
          log("accept failed: " + e);
        }
        return;
      }
      try {
        serve(s);
      } catch (IOException | RuntimeException e) {
        log("cannot serve " + s.getRemoteSocketAddress() + ": " + e);
        try {
          s.close();
        } catch (IOException ignored) {
          // gone anyway
        }
      }
    }
  }

  private void serve(Socket s) throws IOException {
    int n = connections.incrementAndGet();
    String tag = "[" + n + "]";
    FakeModule.Builder b = FakeModule.builder()
        .profile(options.profile())
        .echo(options.echo())
        .printRdy(options.printRdy())
        .defaultRoute(brokerAddress);
    options.routes().forEach((hostPort, target) -> {
      int colon = hostPort.lastIndexOf(':');
      b.route(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), target);
    });
    FakeModule module = b.build();
    Transport transport = new TappedTransport(TcpTransport.wrap(s), tag,
        options.trafficLog().orElse(null), () -> onDisconnected(tag, module));
    modules.add(module);
    if (options.keepClosedModules()) {
      allModules.add(module);
    }
    log("connection " + tag + " from " + s.getRemoteSocketAddress());
    module.start(transport);
    if (closed) {
      module.close();
      return;
    }
    options.rebootAfter().ifPresent(d -> timers.schedule(() -> {
      if (modules.contains(module)) {
        log("fault " + tag + ": reboot");
        module.apply(Fault.reboot());
      }
    }, d.toNanos(), TimeUnit.NANOSECONDS));
  }

  private void onDisconnected(String tag, FakeModule module) {
    // While the server closes, close() closes the modules itself.
    if (!closed && modules.remove(module)) {
      log("connection " + tag + " closed");
      // Never on the caller's thread: it may be the module's own thread, which close() waits for.
      Thread t = new Thread(module::close, "fake-module-close-" + tag);
      t.setDaemon(true);
      t.start();
    }
  }

  private void startTimers() {
    options.dropLinkEvery().ifPresent(d -> timers.scheduleAtFixedRate(() -> {
      for (FakeModule m : modules) {
        for (int id = 0; id < m.profile().limits().maxClients(); id++) {
          try {
            m.apply(Fault.dropBrokerLink(id));
            log("fault: dropped broker link of client " + id);
          } catch (RuntimeException notOpen) {
            // that client has no broker link now
          }
        }
      }
    }, d.toNanos(), d.toNanos(), TimeUnit.NANOSECONDS));
  }

  private void log(String text) {
    options.trafficLog().ifPresent(l -> l.accept(text));
  }

  // ------------------------------------------------------------------------------------ main

  /**
   * Runs the server until SIGTERM / Ctrl+C. Prints {@code fake module listening on HOST:PORT} and
   * {@code broker on HOST:PORT} on standard output, then the AT traffic.
   */
  public static void main(String[] args) {
    // Moquette is chatty at INFO; keep the console for the AT traffic unless asked otherwise.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.println(USAGE);
      return;
    }
    PrintStream out = System.out;
    if (options.trafficLog().isEmpty() && !options.quiet()) {
      options = options.toBuilder().trafficLog(line -> {
        synchronized (out) {
          out.println(line);
          out.flush();
        }
      }).build();
    }
    FakeModuleServer server;
    try {
      server = start(options);
    } catch (IOException | RuntimeException e) {
      System.err.println("error: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      synchronized (out) {
        out.println("fake module stopped");
        out.flush();
      }
      stopped.countDown();
    }, "fake-module-server-shutdown"));
    synchronized (out) {
      out.println("fake module listening on " + hostPort(server.address()));
      out.println("broker on " + hostPort(server.brokerAddress())
          + (server.broker().isPresent() ? " (embedded)" : ""));
      out.println("profile " + options.profile().name().toLowerCase(Locale.ROOT)
          + ", echo " + (options.echo() ? "on" : "off"));
      out.flush();
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /** Parses {@code host:port}; the host may not be empty. */
  static InetSocketAddress parseHostPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("expected <host>:<port>, got '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in '" + text + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range in '" + text + "'");
    }
    return InetSocketAddress.createUnresolved(text.substring(0, colon), port);
  }

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  /** Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT5S}); must be positive. */
  static Duration parseDuration(String text) {
    Duration d;
    Matcher m = SIMPLE_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long v = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(v);
        case "s" -> Duration.ofSeconds(v);
        case "m" -> Duration.ofMinutes(v);
        default -> Duration.ofHours(v);
      };
    } else {
      try {
        d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("bad duration '" + text + "' (try 500ms, 5s, 2m, PT5S)");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("duration must be positive: '" + text + "'");
    }
    return d;
  }

  // --------------------------------------------------------------------------------- options

  /**
   * What a {@link FakeModuleServer} serves. Immutable; build with {@link #builder()} or
   * {@link #parse(String...)}.
   */
  public static final class Options {
    private final InetSocketAddress listen;
    private final InetSocketAddress broker;
    private final FakeProfile profile;
    private final boolean echo;
    private final boolean printRdy;
    private final Map<String, InetSocketAddress> routes;
    private final Duration dropLinkEvery;
    private final Duration rebootAfter;
    private final Consumer<String> trafficLog;
    private final boolean quiet;
    private final boolean keepClosedModules;

    private Options(Builder b) {
      listen = b.listen;
      broker = b.broker;
      profile = b.profile;
      echo = b.echo;
      printRdy = b.printRdy;
      routes = Map.copyOf(b.routes);
      dropLinkEvery = b.dropLinkEvery;
      rebootAfter = b.rebootAfter;
      trafficLog = b.trafficLog;
      quiet = b.quiet;
      keepClosedModules = b.keepClosedModules;
    }

    /** Defaults: 127.0.0.1 port 0, embedded broker, EC616S, echo off, RDY printed, no faults, no log. */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * Parses the command line flags (see the class comment).
     *
     * @return the options, or null when {@code --help} was asked for
     * @throws IllegalArgumentException on an unknown flag or a bad value
     */
    public static Options parse(String... args) {
      Builder b = builder();
      boolean listenSeen = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-h", "--help" -> {
            return null;
          }
          case "--echo" -> b.echo(true);
          case "--no-rdy" -> b.printRdy(false);
          case "--quiet" -> b.quiet(true);
          case "--listen" -> {
            InetSocketAddress l = parseHostPort(value(args, ++i, a));
            b.listen(l.getHostString(), l.getPort());
            listenSeen = true;
          }
          case "--broker" -> b.broker(parseHostPort(value(args, ++i, a)));
          case "--profile" -> {
            String p = value(args, ++i, a);
            try {
              b.profile(FakeProfile.named(p));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("unknown profile '" + p + "' (ec616s, generic)");
            }
          }
          case "--route" -> {
            String r = value(args, ++i, a);
            int eq = r.indexOf('=');
            if (eq < 0) {
              throw new IllegalArgumentException("expected --route <host>:<port>=<target>:<port>, got '" + r + "'");
            }
            InetSocketAddress from = parseHostPort(r.substring(0, eq));
            b.route(from.getHostString(), from.getPort(), parseHostPort(r.substring(eq + 1)));
          }
          case "--drop-link-every" -> b.dropLinkEvery(parseDuration(value(args, ++i, a)));
          case "--reboot-after" -> b.rebootAfter(parseDuration(value(args, ++i, a)));
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
      if (!listenSeen) {
        throw new IllegalArgumentException("--listen <host>:<port> is required");
      }
      return b.build();
    }

    private static String value(String[] args, int i, String flag) {
      if (i >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args[i];
    }

    /** The address to listen on (loopback only; port 0 picks a free port). */
    public InetSocketAddress listen() {
      return listen;
    }

    /** An external broker to route to; empty: start an {@link EmbeddedBroker}. */
    public Optional<InetSocketAddress> broker() {
      return Optional.ofNullable(broker);
    }

    public FakeProfile profile() {
      return profile;
    }

    /** Whether modules start with echo on. */
    public boolean echo() {
      return echo;
    }

    /** Whether each module prints {@code RDY} when its connection starts, as at power-up. */
    public boolean printRdy() {
      return printRdy;
    }

    /** Specific routes, keyed {@code host:port} as the host writes them in {@code AT+ECMTOPEN}. */
    public Map<String, InetSocketAddress> routes() {
      return routes;
    }

    /** Period of {@link Fault#dropBrokerLink} on every open link, if set. */
    public Optional<Duration> dropLinkEvery() {
      return Optional.ofNullable(dropLinkEvery);
    }

    /** Delay after a connection starts before its module gets {@link Fault#reboot}, if set. */
    public Optional<Duration> rebootAfter() {
      return Optional.ofNullable(rebootAfter);
    }

    /** Where each AT line (redacted), connection and fault is logged, if anywhere. */
    public Optional<Consumer<String>> trafficLog() {
      return Optional.ofNullable(trafficLog);
    }

    /** Whether {@code main} skips the default traffic log on standard output. */
    public boolean quiet() {
      return quiet;
    }

    /** Whether {@link FakeModuleServer#modules()} keeps the (closed) modules of closed connections. */
    public boolean keepClosedModules() {
      return keepClosedModules;
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
      Builder b = new Builder();
      b.listen = listen;
      b.broker = broker;
      b.profile = profile;
      b.echo = echo;
      b.printRdy = printRdy;
      b.routes.putAll(routes);
      b.dropLinkEvery = dropLinkEvery;
      b.rebootAfter = rebootAfter;
      b.trafficLog = trafficLog;
      b.quiet = quiet;
      b.keepClosedModules = keepClosedModules;
      return b;
    }

    /** Builds {@link Options}. Not thread-safe. */
    public static final class Builder {
      private InetSocketAddress listen = InetSocketAddress.createUnresolved("127.0.0.1", 0);
      private InetSocketAddress broker;
      private FakeProfile profile = FakeProfile.EC616S;
      private boolean echo;
      private boolean printRdy = true;
      private final Map<String, InetSocketAddress> routes = new LinkedHashMap<>();
      private Duration dropLinkEvery;
      private Duration rebootAfter;
      private Consumer<String> trafficLog;
      private boolean quiet;
      private boolean keepClosedModules;

      private Builder() {}

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

      public Builder profile(FakeProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        return this;
      }

      public Builder echo(boolean echo) {
        this.echo = echo;
        return this;
      }

      public Builder printRdy(boolean printRdy) {
        this.printRdy = printRdy;
        return this;
      }

      /** {@code AT+ECMTOPEN=<id>,"host",port} goes to {@code target} (others use the broker). */
      public Builder route(String host, int port, InetSocketAddress target) {
        routes.put(Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT) + ":" + port,
            Objects.requireNonNull(target, "target"));
        return this;
      }

      /** Drop every open broker link this often (null: never). */
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

      private static Duration positive(Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
          throw new IllegalArgumentException("duration must be positive: " + d);
        }
        return d;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }

  // ------------------------------------------------------------------------------- traffic tap

  /** Logs the lines that cross a transport and reports its closure; bytes pass unchanged. */
  private static final class TappedTransport implements Transport {
    private final Transport inner;
    private final Runnable onClosed;
    private final LineLog in;
    private final LineLog out;

    TappedTransport(Transport inner, String tag, Consumer<String> log, Runnable onClosed) {
      this.inner = inner;
      this.onClosed = onClosed;
      this.in = log == null ? null : new LineLog(tag + " > ", log);
      this.out = log == null ? null : new LineLog(tag + " < ", log);
    }

    @Override
    public void open(TransportListener listener) throws IOException {
      inner.open(new TransportListener() {
        @Override
        public void onBytes(byte[] bytes) {
          if (in != null) {
            in.accept(bytes);
          }
          listener.onBytes(bytes);
        }

        @Override
        public void onClosed() {
          listener.onClosed();
          onClosed.run();
        }

        @Override
        public void onError(Throwable error) {
          listener.onError(error);
        }
      });
    }

    @Override
    public void write(byte[] bytes) throws IOException {
      if (out != null) {
        out.accept(bytes);
      }
      inner.write(bytes);
    }

    @Override
    public boolean isOpen() {
      return inner.isOpen();
    }

    @Override
    public String description() {
      return inner.description();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /** Splits one direction's bytes into lines; a prompt or a Ctrl+Z / ESC ends a line too. */
  private static final class LineLog {
    private final String prefix;
    private final Consumer<String> log;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineLog(String prefix, Consumer<String> log) {
      this.prefix = prefix;
      this.log = log;
    }

    synchronized void accept(byte[] bytes) {
      List<String> lines = new ArrayList<>();
      for (byte c : bytes) {
        if (c == '\r' || c == '\n') {
          flush(lines);
        } else {
          pending.write(c);
          if (c == 0x1A || c == 0x1B || (pending.size() == 2 && pending.toString(StandardCharsets.ISO_8859_1).equals("> "))) {
            flush(lines);
          }
        }
      }
      for (String l : lines) {
        try {
          log.accept(prefix + l);
        } catch (RuntimeException ignored) {
          // a broken log must not break the module
        }
      }
    }

    private void flush(List<String> lines) {
      if (pending.size() > 0) {
        String text = pending.toString(StandardCharsets.UTF_8)
            .replace("\u001a", "<Ctrl+Z>").replace("\u001b", "<ESC>");
        lines.add(Redaction.redact(text));
        pending.reset();
      }
    }
  }
}
