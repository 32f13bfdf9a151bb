package io.ecmt.sdk.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checker: {@code mosquitto_sub --unix <socket> -c -i <id> -q 1 -v -t <topic>}, started before
 * anything is published. Its session is persistent ({@code -c}, a fixed id), so across a broker
 * restart or a lost connection the broker keeps queueing QoS 1 messages for it, and it reconnects
 * by itself. It prints one line per message received, {@code <topic> <payload>}, to a file.
 */
final class MosquittoSubscriber implements AutoCloseable {
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

  private final Process process;
  private final Path output;

  private MosquittoSubscriber(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts it and returns once the broker has confirmed the subscription. */
  static MosquittoSubscriber start(MosquittoBroker broker, String clientId, String topic, Path dir)
      throws IOException {
    Path binary = ExternalTools.require("mosquitto_sub", "mosquitto-clients");
    Path output = dir.resolve(clientId + ".out");
    Process process = new ProcessBuilder(binary.toString(), "--unix", broker.socket().toString(),
        "-c", "-i", clientId, "-q", "1", "-v", "-t", topic)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    MosquittoSubscriber subscriber = new MosquittoSubscriber(process, output);
    ExternalTools.await(Duration.ofSeconds(10),
        () -> !process.isAlive() || broker.log().contains("Sending SUBACK to " + clientId),
        () -> "mosquitto_sub to subscribe; broker log:\n" + broker.log());
    if (!process.isAlive()) {
      throw new IOException("mosquitto_sub exited with " + process.exitValue() + ": " + subscriber.text());
    }
    return subscriber;
  }

  /**
   * How many times each sequence number ({@code "seq":n} in the payload) was received so far;
   * a line still being written is left for the next call.
   */
  Map<Long, Integer> seen() {
    String text = text();
    Map<Long, Integer> seen = new TreeMap<>();
    Matcher m = SEQ.matcher(text.substring(0, text.lastIndexOf('\n') + 1));
    while (m.find()) {
      seen.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
    }
    return seen;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  private String text() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + output, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    ExternalTools.stop(process);
  }
}
