package io.ecmt.sdk.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code mosquitto} for one test, listening on a Unix domain socket only (no TCP port to
 * choose or lose; clients reach it through a {@link TcpGate} or {@code mosquitto_sub --unix}).
 *
 * <p>Persistent: sessions that are not clean, with their subscriptions and queued QoS 1/2 messages,
 * are written to disk when it stops (SIGTERM) and read back when it starts, without a limit on
 * queued messages. So a message the broker acknowledged to a publisher reaches a persistent
 * subscriber across a {@link #restart()}. (A SIGKILLed broker would lose what it had not saved: the
 * MQTT promise ends at the broker's own durability.)
 */
final class MosquittoBroker implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path binary;
  private final Path dir;
  private final Path socket;
  private final Path conf;
  private final Path log;
  private Process process;
  private int starts;

  private MosquittoBroker(Path binary, Path dir) {
    this.binary = binary;
    this.dir = dir;
    this.socket = dir.resolve("mqtt.sock");
    this.conf = dir.resolve("mosquitto.conf");
    this.log = dir.resolve("mosquitto.log");
  }

  /** Starts one in {@code dir} (config, log, socket and database go there). */
  static MosquittoBroker start(Path dir) throws IOException, InterruptedException {
    Path binary = ExternalTools.require("mosquitto", "mosquitto");
    Files.createDirectories(dir);
    MosquittoBroker broker = new MosquittoBroker(binary, dir);
    Files.write(broker.conf, List.of(
        "listener 0 " + broker.socket,
        "allow_anonymous true",
        "persistence true",
        "persistence_location " + dir + "/",
        "max_queued_messages 0",
        "log_type all",
        "log_dest file " + broker.log,
        // As root (CI containers) mosquitto would switch to user "mosquitto", which cannot use our
        // temp dir; naming the current user keeps it as is (ignored when not root).
        "user " + System.getProperty("user.name")), StandardCharsets.UTF_8);
    broker.startProcess();
    return broker;
  }

  /** The Unix domain socket it listens on. */
  Path socket() {
    return socket;
  }

  /** Stops it gracefully (it saves its sessions) and starts it again on the same socket. */
  synchronized void restart() throws IOException, InterruptedException {
    ExternalTools.stop(process);
    startProcess();
  }

  /** How many times it was started. */
  synchronized int starts() {
    return starts;
  }

  /** Its log so far (every start appends). */
  String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "<cannot read " + log + ": " + e + ">";
    }
  }

  private void startProcess() throws IOException, InterruptedException {
    process = new ProcessBuilder(binary.toString(), "-c", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile()))
        .start();
    Process started = process;
    // "mosquitto version x running" is logged once the listener is open.
    ExternalTools.await(START_TIMEOUT, () -> !started.isAlive() || count(log(), " running") > starts,
        () -> "mosquitto to start; log:\n" + log());
    if (!started.isAlive()) {
      throw new IOException("mosquitto exited with " + started.exitValue() + ":\n" + log()
          + Files.readString(dir.resolve("mosquitto.out")));
    }
    starts++;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  @Override
  public synchronized void close() throws InterruptedException {
    ExternalTools.stop(process);
  }
}
