package io.ecmt.sdk.testkit.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code mosquitto_sub} / {@code mosquitto_pub} processes, output captured to temp files. */
final class MosquittoClients {
  private MosquittoClients() { }

  /** One line per message: {@code qos|retain|topic|payload} (payloads here have no newline). */
  private static final String FORMAT = "%q|%r|%t|%p";

  /** A received message as {@code mosquitto_sub} printed it. */
  record Line(int qos, boolean retain, String topic, String payload) {
    static Line parse(String s) {
      String[] f = s.split("\\|", 4);
      return new Line(Integer.parseInt(f[0]), "1".equals(f[1]), f[2], f.length > 3 ? f[3] : "");
    }
  }

  /** A running {@code mosquitto_sub -C count}: it exits after {@code count} messages. */
  static final class Sub implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;
    private final String clientId;

    Sub(Process process, Path out, Path err, String clientId) {
      this.process = process;
      this.out = out;
      this.err = err;
      this.clientId = clientId;
    }

    /** The messages printed so far. */
    List<Line> lines() {
      List<Line> lines = new ArrayList<>();
      for (String s : Tools.read(out).split("\n")) {
        if (!s.isEmpty()) {
          lines.add(Line.parse(s));
        }
      }
      return lines;
    }

    /** Waits until at least {@code n} messages were printed; returns them all. */
    List<Line> await(int n, Duration timeout) {
      Tools.await(timeout, () -> lines().size() >= n,
          () -> n + " message(s) at mosquitto_sub " + clientId + "; got " + lines() + ", stderr: " + Tools.read(err));
      return lines();
    }

    String clientId() {
      return clientId;
    }

    @Override
    public void close() {
      Tools.destroy(process);
      try {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      } catch (IOException e) {
        // temp files: best effort
      }
    }
  }

  static Sub subscribe(MosquittoProcess broker, String clientId, String topic, int qos, int count) throws IOException {
    Path bin = Tools.require("mosquitto_sub", "mosquitto-clients");
    Path out = Files.createTempFile("ecmt-sub-", ".out");
    Path err = Files.createTempFile("ecmt-sub-", ".err");
    int subacksBefore = broker.countInLog("Sending SUBACK to " + clientId + "\n");
    Process p = new ProcessBuilder(bin.toString(), "-h", "127.0.0.1", "-p", String.valueOf(broker.port()),
        "-i", clientId, "-t", topic, "-q", String.valueOf(qos), "-C", String.valueOf(count), "-F", FORMAT)
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    Sub sub = new Sub(p, out, err, clientId);
    try {
      // Subscribed when the broker logged its SUBACK: no message can be missed after this.
      Tools.await(Duration.ofSeconds(10),
          () -> broker.countInLog("Sending SUBACK to " + clientId + "\n") > subacksBefore,
          () -> "SUBACK to mosquitto_sub " + clientId + "; stderr: " + Tools.read(err) + "\nlog:\n" + broker.log());
    } catch (AssertionError e) {
      sub.close();
      throw e;
    }
    return sub;
  }

  static void publish(MosquittoProcess broker, String topic, String message, int qos, boolean retain)
      throws IOException, InterruptedException {
    Path bin = Tools.require("mosquitto_pub", "mosquitto-clients");
    List<String> cmd = new ArrayList<>(List.of(bin.toString(), "-h", "127.0.0.1", "-p", String.valueOf(broker.port()),
        "-t", topic, "-m", message, "-q", String.valueOf(qos)));
    if (retain) {
      cmd.add("-r");
    }
    Path out = Files.createTempFile("ecmt-pub-", ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      boolean ended = p.waitFor(10, TimeUnit.SECONDS);
      assertEquals(true, ended, "mosquitto_pub did not end: " + Tools.read(out));
      assertEquals(0, p.exitValue(), "mosquitto_pub failed: " + Tools.read(out));
    } finally {
      Tools.destroy(p);
      Files.deleteIfExists(out);
    }
  }
}
