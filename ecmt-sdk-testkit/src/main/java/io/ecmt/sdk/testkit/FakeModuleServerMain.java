package io.ecmt.sdk.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar ecmt-fake-module.jar}: the command line of {@link FakeModuleServer} (its
 * {@code main} delegates here). Parses the flags into {@link FakeModuleServer.Options}, serves
 * until SIGTERM / Ctrl+C and logs the AT traffic on standard output.
 */
final class FakeModuleServerMain {

  static final String USAGE = String.join(System.lineSeparator(),
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
      "  --drop-link-every <duration>    drop each session's open broker links periodically (link-status URC)",
      "  --stat-delay <duration>         report those drops this late; publish/subscribe meanwhile refused",
      "  --reboot-after <duration>       reboot each module once, this long after it connected",
      "  --hang-after <duration>         each module stops answering this long after it connected",
      "  --contradicting-conn <duration> report every CONNACK as 'not sent' first, the real outcome this later",
      "  --quiet                         do not log AT traffic",
      "durations: 500ms, 5s, 2m or ISO-8601 (PT5S); sizes: bytes, or with k / m (KiB / MiB)");

  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([km]?)");
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private FakeModuleServerMain() {}

  /** Runs the server until SIGTERM / Ctrl+C; exit status 2 on a usage error, 1 if it cannot start. */
  static void run(String[] args) {
    // Moquette is chatty at INFO; keep the console for the AT traffic unless asked otherwise.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    FakeModuleServer.Options options;
    try {
      options = parse(args);
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
    serve(options, System.out);
  }

  private static void serve(FakeModuleServer.Options given, PrintStream out) {
    FakeModuleServer.Options options = given;
    AsyncLineWriter console = null;
    if (options.trafficLog().isEmpty() && !options.quiet()) {
      console = new AsyncLineWriter(out, 10_000);
      options = options.toBuilder().trafficLog(console).build();
    }
    FakeModuleServer server;
    try {
      server = FakeModuleServer.start(options);
    } catch (IOException | RuntimeException e) {
      System.err.println("error: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AsyncLineWriter consoleLog = console;
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

  /** The flags as options; null when {@code --help} was asked for. */
  static FakeModuleServer.Options parse(String... args) {
    FakeModuleServer.Options.Builder b = FakeModuleServer.Options.builder();
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
        case "--profile" -> b.profile(parseProfile(value(args, ++i, a)));
        case "--route" -> route(b, value(args, ++i, a));
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

  private static FakeProfile parseProfile(String name) {
    try {
      return FakeProfile.named(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown profile '" + name + "' (ec616s, generic)");
    }
  }

  private static void route(FakeModuleServer.Options.Builder b, String r) {
    int eq = r.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("expected --route <host>:<port>=<target>:<port>, got '" + r + "'");
    }
    InetSocketAddress from = parseHostPort(r.substring(0, eq));
    b.route(from.getHostString(), from.getPort(), parseHostPort(r.substring(eq + 1)));
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
}
