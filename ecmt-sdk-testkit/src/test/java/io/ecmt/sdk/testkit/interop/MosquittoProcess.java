package io.ecmt.sdk.testkit.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code mosquitto} broker for one test: a free port on 127.0.0.1, a generated config in a
 * temp dir, verbose logging to a file ({@link #log()}), started with {@code -c conf -v} and ready
 * once its port accepts connections. {@link #restart()} brings it back on the same port.
 *
 * <p>Construct with {@link #anonymous()} or {@link #withPassword(String, String)}; both call
 * {@link Tools#require} first (skip outside CI, fail inside CI when mosquitto is missing).
 */
final class MosquittoProcess implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path binary;
  private final Path dir;
  private final Path conf;
  private final Path logFile;
  private final Path stdout;
  private final int port;
  private Process process;

  private MosquittoProcess(Path binary, Path dir, List<String> extraConfig) throws IOException {
    this.binary = binary;
    this.dir = dir;
    this.port = Tools.freePort();
    this.conf = dir.resolve("mosquitto.conf");
    this.logFile = dir.resolve("mosquitto.log");
    this.stdout = dir.resolve("mosquitto.stdout");
    List<String> lines = new ArrayList<>(List.of(
        "listener " + port + " 127.0.0.1",
        "log_type all",
        "log_dest file " + logFile,
        "persistence false",
        // Run as root (CI containers), mosquitto 2.x would switch to user "mosquitto", which cannot
        // read our temp dir; naming the current user keeps it as is (ignored when not root).
        "user " + System.getProperty("user.name")));
    lines.addAll(extraConfig);
    Files.write(conf, lines, StandardCharsets.UTF_8);
  }

  /** A broker allowing anonymous clients. */
  static MosquittoProcess anonymous() throws IOException {
    Path bin = Tools.require("mosquitto", "mosquitto");
    Path dir = Files.createTempDirectory("ecmt-mosquitto-");
    MosquittoProcess m = new MosquittoProcess(bin, dir, List.of("allow_anonymous true"));
    m.start();
    return m;
  }

  /** A broker that requires {@code user} / {@code password} (password file made by {@code mosquitto_passwd -b -c}). */
  static MosquittoProcess withPassword(String user, String password) throws IOException, InterruptedException {
    Path bin = Tools.require("mosquitto", "mosquitto");
    Path passwd = Tools.require("mosquitto_passwd", "mosquitto");
    Path dir = Files.createTempDirectory("ecmt-mosquitto-");
    Path pwFile = dir.resolve("passwd");
    Process p = new ProcessBuilder(passwd.toString(), "-b", "-c", pwFile.toString(), user, password)
        .redirectErrorStream(true).redirectOutput(dir.resolve("passwd.out").toFile()).start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      Tools.destroy(p);
      throw new IOException("mosquitto_passwd failed: " + Tools.read(dir.resolve("passwd.out")));
    }
    MosquittoProcess m = new MosquittoProcess(bin, dir,
        List.of("allow_anonymous false", "password_file " + pwFile));
    m.start();
    return m;
  }

  /** Starts the broker and waits until its port accepts connections. */
  synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running");
    }
    process = new ProcessBuilder(binary.toString(), "-c", conf.toString(), "-v")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
        .start();
    Process started = process;
    Tools.await(START_TIMEOUT, () -> !started.isAlive() || accepts(), () -> "mosquitto on port " + port);
    if (!started.isAlive()) {
      throw new IOException("mosquitto exited with " + started.exitValue() + ":\n" + Tools.read(stdout)
          + "\n" + log());
    }
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops (SIGTERM, then waits) and starts again on the same port with the same config. */
  synchronized void restart() throws IOException {
    stop();
    start();
  }

  /** Stops the broker (SIGTERM) and waits for it to end; every client link is closed. */
  synchronized void stop() {
    Tools.destroy(process);
  }

  boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  int port() {
    return port;
  }

  /** The broker's log so far (every restart appends). */
  String log() {
    return Tools.read(logFile);
  }

  /** Waits until the log contains {@code text}. */
  void awaitLog(String text, Duration timeout) {
    Tools.await(timeout, () -> log().contains(text), () -> "mosquitto log line containing '" + text + "'; log:\n" + log());
  }

  /** How many times {@code text} occurs in the log. */
  int countInLog(String text) {
    String log = log();
    int n = 0;
    for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + text.length())) {
      n++;
    }
    return n;
  }

  /** A {@code mosquitto_sub} on this broker; returns once the broker sent its SUBACK. */
  MosquittoClients.Sub subscribe(String clientId, String topic, int qos, int count) throws IOException {
    return MosquittoClients.subscribe(this, clientId, topic, qos, count);
  }

  /** Runs {@code mosquitto_pub} on this broker and waits for it to succeed. */
  void publish(String topic, String message, int qos, boolean retain) throws IOException, InterruptedException {
    MosquittoClients.publish(this, topic, message, qos, retain);
  }

  @Override
  public synchronized void close() {
    stop();
    Tools.deleteTree(dir);
  }

  @Override
  public String toString() {
    return "mosquitto@127.0.0.1:" + port;
  }
}
