package io.ecmt.sdk.testkit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.Future;
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
public final class FakeModuleServer implements AutoCloseable {

  private static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar ecmt-fake-module.jar --listen 127.0.0.1:<port> [options]",
      "  --listen <host>:<port>          loopback address to serve on (port 0: a free one)",
      "  --broker <host>:<port>          MQTT broker to route to (default: start an embedded one)",
      "  --profile ec616s|generic        module build to imitate (default ec616s)",
      "  --echo                          echo commands (ATE1), as modules ship",
      "  --no-rdy                        do not print RDY when a connection starts",
      "  --route <host>:<port>=<target>:<port>   route one OPEN target (repeatable)",
      "  --max-connections <n>           refuse connections beyond n open ones (default 64)",
      "  --output-buffer <size>          close a connection whose host leaves more unread (default 1m)",
      "  --log-line-max <size>           log at most this much of one line (default 4k)",
      "  --transcript-max <size>         keep about this much transcript per module (default 2m)",
      "  --drop-link-every <duration>    drop each session's open broker links periodically (+ECMTSTAT)",
      "  --stat-delay <duration>         report those drops this late; PUB/SUB/UNS meanwhile: +CME ERROR: 3",
      "  --reboot-after <duration>       reboot each module once, this long after it connected",
      "  --hang-after <duration>         each module stops answering this long after it connected",
      "  --contradicting-conn <duration> report every CONNACK as +ECMTCONN: 0,2,2, then 0,0,<rc> this later",
      "  --quiet                         do not log AT traffic",
      "durations: 500ms, 5s, 2m or ISO-8601 (PT5S); sizes: bytes, or with k / m (KiB / MiB)");

  private final Options options;
  private final EmbeddedBroker broker;
  private final InetSocketAddress brokerAddress;
  /** Accepts and serves every session: no thread per connection. */
  private final EventLoopGroup loops;
  private Channel serverChannel;
  private final List<FakeModule> modules = new CopyOnWriteArrayList<>();
  /** With {@link Options#keepClosedModules()}: every module so far, open or closed. */
  private final List<FakeModule> allModules = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean closed;

  private FakeModuleServer(Options options, EmbeddedBroker broker, InetSocketAddress brokerAddress) {
    this.options = options;
    this.broker = broker;
    this.brokerAddress = brokerAddress;
    int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    this.loops = new NioEventLoopGroup(threads, new DefaultThreadFactory("fake-module-server", true));
  }

  /**
   * Binds, starts the embedded broker when {@link Options#broker()} is empty, and starts
   * accepting connections. All sessions share a few daemon event-loop threads.
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
    FakeModuleServer server = new FakeModuleServer(options, broker, brokerAddress);
    try {
      server.bind(new InetSocketAddress(listenHost, options.listen().getPort()));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void bind(InetSocketAddress address) throws IOException {
    long limit = options.outputBufferLimit();
    ServerBootstrap b = new ServerBootstrap()
        .group(loops)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 64)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark((int) Math.max(1, limit / 2), (int) limit))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            accept(ch);
          }
        });
    ChannelFuture f = b.bind(address).awaitUninterruptibly();
    if (!f.isSuccess()) {
      Throwable cause = f.cause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot listen on " + address + ": " + cause, cause);
    }
    serverChannel = f.channel();
  }

  /** The address clients connect to (with the real port when 0 was asked for). */
  public InetSocketAddress address() {
    InetSocketAddress a = (InetSocketAddress) serverChannel.localAddress();
    return new InetSocketAddress(a.getAddress().getHostAddress(), a.getPort());
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

  /** How many connections were accepted so far (refused ones not counted). */
  public int connectionCount() {
    return connections.get();
  }

  /**
   * Stops accepting, closes every module (and its connection), the event loops and the embedded
   * broker. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    for (FakeModule m : modules) {
      m.close();
    }
    modules.clear();
    allModules.clear();
    io.netty.util.concurrent.Future<?> stopped = loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    if (!onOurLoop()) {
      stopped.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    if (broker != null) {
      broker.close();
    }
  }

  private boolean onOurLoop() {
    for (io.netty.util.concurrent.EventExecutor e : loops) {
      if (e.inEventLoop()) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------- internals

  /** A new connection, on its event loop, before anything is read from it. */
  private void accept(SocketChannel ch) {
    if (closed) {
      ch.close();
      return;
    }
    if (open.incrementAndGet() > options.maxConnections()) {
      open.decrementAndGet();
      log("refused connection from " + ch.remoteAddress() + ": limit of " + options.maxConnections()
          + " open connections reached (--max-connections)");
      ch.close();
      return;
    }
    String tag = "[" + connections.incrementAndGet() + "]";
    FakeModule.Builder b = FakeModule.builder()
        .profile(options.profile())
        .echo(options.echo())
        .printRdy(options.printRdy())
        .defaultRoute(brokerAddress)
        .transcriptByteLimit(options.transcriptLimitBytes())
        .eventLoop(ch.eventLoop());
    options.routes().forEach((hostPort, target) -> {
      int colon = hostPort.lastIndexOf(':');
      b.route(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), target);
    });
    FakeModule module = b.build();
    List<Future<?>> timers = new ArrayList<>();
    SessionChannel transport = new SessionChannel(ch, tag, options.outputBufferLimit(),
        options.trafficLog().orElse(null), options.logLineLimit(), this::log,
        () -> onDisconnected(tag, module, timers));
    ch.pipeline().addLast(transport);
    modules.add(module);
    if (options.keepClosedModules()) {
      allModules.add(module);
    }
    log("connection " + tag + " from " + ch.remoteAddress());
    try {
      module.start(transport);
    } catch (IOException | RuntimeException e) {
      log("cannot serve " + tag + ": " + e);
      ch.close();
      return;
    }
    startFaults(tag, module, ch.eventLoop(), timers);
  }

  /**
   * The session's own fault timers, on its own event loop: a session that is slow or stalled
   * delays nobody else's faults.
   */
  private void startFaults(String tag, FakeModule module, EventLoop loop, List<Future<?>> timers) {
    options.contradictingConn().ifPresent(spacing ->
        module.apply(new Fault.ContradictingConnUrcs(spacing, Integer.MAX_VALUE)));
    options.dropLinkEvery().ifPresent(d -> timers.add(loop.scheduleAtFixedRate(
        () -> dropLinks(tag, module), d.toNanos(), d.toNanos(), TimeUnit.NANOSECONDS)));
    options.rebootAfter().ifPresent(d -> timers.add(loop.schedule(
        () -> sessionFault(tag, module, "reboot", Fault.reboot()), d.toNanos(), TimeUnit.NANOSECONDS)));
    options.hangAfter().ifPresent(d -> timers.add(loop.schedule(
        () -> sessionFault(tag, module, "stops answering", Fault.unresponsive(true)),
        d.toNanos(), TimeUnit.NANOSECONDS)));
  }

  private void sessionFault(String tag, FakeModule module, String what, Fault fault) {
    if (modules.contains(module)) {
      log("fault " + tag + ": " + what);
      module.apply(fault);
    }
  }

  private void dropLinks(String tag, FakeModule module) {
    if (!modules.contains(module)) {
      return;
    }
    for (int id = 0; id < module.profile().limits().maxClients(); id++) {
      Fault drop = options.statDelay().isPresent()
          ? Fault.lateLinkLoss(id, 0, options.statDelay().get())
          : Fault.dropBrokerLink(id);
      try {
        module.apply(drop);
        log("fault " + tag + ": dropped broker link of client " + id);
      } catch (RuntimeException notOpen) {
        // that client has no broker link now
      }
    }
  }

  /** On the session's event loop, which is also its module's thread. */
  private void onDisconnected(String tag, FakeModule module, List<Future<?>> timers) {
    timers.forEach(t -> t.cancel(false));
    // While the server closes, close() closes the modules itself.
    if (!closed && modules.remove(module)) {
      open.decrementAndGet();
      log("connection " + tag + " closed");
      module.close();
    }
  }

  private void log(String text) {
    options.trafficLog().ifPresent(l -> {
      try {
        l.accept(text);
      } catch (RuntimeException ignored) {
        // a broken log must not break the server
      }
    });
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
    AsyncLineWriter console = null;
    if (options.trafficLog().isEmpty() && !options.quiet()) {
      console = new AsyncLineWriter(out, 10_000);
      options = options.toBuilder().trafficLog(console).build();
    }
    AsyncLineWriter consoleLog = console;
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
      if (consoleLog != null) {
        consoleLog.close(1000);
      }
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

  /** Parses a positive whole number. */
  static int parseCount(String text) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("expected a positive number, got '" + text + "'");
  }

  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([km]?)");

  /** Parses {@code 4096}, {@code 64k} or {@code 1m} (KiB / MiB); must be positive. */
  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("bad size '" + text + "' (try 4096, 64k, 1m)");
    }
    long v = Long.parseLong(m.group(1)) << (m.group(2).isEmpty() ? 0 : m.group(2).equals("k") ? 10 : 20);
    if (v < 1) {
      throw new IllegalArgumentException("size must be positive: '" + text + "'");
    }
    return v;
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
    private final int maxConnections;
    private final long outputBufferLimit;
    private final int logLineLimit;
    private final long transcriptLimitBytes;
    private final Duration statDelay;
    private final Duration hangAfter;
    private final Duration contradictingConn;

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
      maxConnections = b.maxConnections;
      outputBufferLimit = b.outputBufferLimit;
      logLineLimit = b.logLineLimit;
      transcriptLimitBytes = b.transcriptLimitBytes;
      statDelay = b.statDelay;
      hangAfter = b.hangAfter;
      contradictingConn = b.contradictingConn;
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
          case "--stat-delay" -> b.statDelay(parseDuration(value(args, ++i, a)));
          case "--hang-after" -> b.hangAfter(parseDuration(value(args, ++i, a)));
          case "--contradicting-conn" -> b.contradictingConn(parseDuration(value(args, ++i, a)));
          case "--max-connections" -> b.maxConnections(parseCount(value(args, ++i, a)));
          case "--output-buffer" -> b.outputBufferLimit(parseSize(value(args, ++i, a)));
          case "--log-line-max" -> b.logLineLimit((int) Math.min(Integer.MAX_VALUE, parseSize(value(args, ++i, a))));
          case "--transcript-max" -> b.transcriptLimitBytes(parseSize(value(args, ++i, a)));
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

    /** Period of {@link Fault#dropBrokerLink} on each session's open links (its own timer), if set. */
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

    /** At most this many connections are served at once; more are closed at once, with a log line. */
    public int maxConnections() {
      return maxConnections;
    }

    /**
     * How many bytes of module output a host may leave unread before its connection is closed
     * (with a log line). The module never waits for a slow host: it is disconnected instead.
     */
    public long outputBufferLimit() {
      return outputBufferLimit;
    }

    /** At most this many bytes of one line reach the traffic log; the rest is only counted. */
    public int logLineLimit() {
      return logLineLimit;
    }

    /** About how many bytes of transcript each module keeps (see {@link FakeModule.Builder#transcriptByteLimit}). */
    public long transcriptLimitBytes() {
      return transcriptLimitBytes;
    }

    /**
     * With {@link #dropLinkEvery()}: each drop is a {@link Fault.LateLinkLoss}, reported this late
     * (PUB / SUB / UNS meanwhile get {@code +CME ERROR: 3}); empty: reported at once.
     */
    public Optional<Duration> statDelay() {
      return Optional.ofNullable(statDelay);
    }

    /** Delay after a connection starts before its module stops answering ({@link Fault#unresponsive}), if set. */
    public Optional<Duration> hangAfter() {
      return Optional.ofNullable(hangAfter);
    }

    /** If set, every CONNACK gets a {@link Fault.ContradictingConnUrcs} pair with this spacing. */
    public Optional<Duration> contradictingConn() {
      return Optional.ofNullable(contradictingConn);
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
      b.maxConnections = maxConnections;
      b.outputBufferLimit = outputBufferLimit;
      b.logLineLimit = logLineLimit;
      b.transcriptLimitBytes = transcriptLimitBytes;
      b.statDelay = statDelay;
      b.hangAfter = hangAfter;
      b.contradictingConn = contradictingConn;
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
      private int maxConnections = 64;
      private long outputBufferLimit = 1 << 20;
      private int logLineLimit = 4096;
      private long transcriptLimitBytes = 2 << 20;
      private Duration statDelay;
      private Duration hangAfter;
      private Duration contradictingConn;

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

      /** Keep about {@code bytes} of transcript per module (default 2 MiB), the newest. */
      public Builder transcriptLimitBytes(long bytes) {
        if (bytes < 1) {
          throw new IllegalArgumentException("transcriptLimitBytes must be ≥ 1");
        }
        this.transcriptLimitBytes = bytes;
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

      /** Every CONNACK reported as {@code 2,2} then, {@code spacing} later, {@code 0,<rc>} (null: off). */
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

      public Options build() {
        return new Options(this);
      }
    }
  }
}
