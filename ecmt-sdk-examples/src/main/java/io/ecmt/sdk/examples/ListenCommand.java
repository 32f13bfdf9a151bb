package io.ecmt.sdk.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Qos;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Subscribes to a topic filter and prints every message that arrives: the payload as text, or
 * indented when it is JSON. Runs until {@code --count} messages arrived, or until Ctrl+C, which
 * still unsubscribes and disconnects cleanly.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
    description = "Subscribe to a topic filter and print every message until --count or Ctrl+C.")
final class ListenCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Mixin
  ModemOptions modemOptions;

  @Mixin
  SessionOptions session;

  @Option(names = "--filter", paramLabel = "<filter>", defaultValue = "home/garden/fountain/#",
      description = "Topic filter, + and # allowed (default: ${DEFAULT-VALUE}).")
  String filter;

  @Option(names = "--count", paramLabel = "<n>", defaultValue = "0",
      description = "Stop after this many messages; 0 = until Ctrl+C (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--qos", paramLabel = "<0|1|2>", defaultValue = "1",
      description = "QoS of the subscription (default: ${DEFAULT-VALUE}).")
  int qos;

  /** Counted down by Ctrl+C. */
  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Qos level = Qos.of(qos);
    // Resolved before anything starts: a bad --password-file is a usage error.
    AtTrafficPrinter printer = new AtTrafficPrinter(out, modemOptions.verbose(), session.redactor());
    CountDownLatch done = new CountDownLatch(1);
    Thread onCtrlC = new Thread(() -> {
      stop.countDown();
      try {
        done.await(5, TimeUnit.SECONDS); // let the main thread unsubscribe and disconnect
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "listen-ctrl-c");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try (ModemOptions.Target target = modemOptions.target();
        EcmtModem modem = modemOptions.modem(target, printer)) {
      out.println("module: " + target.description());
      EcmtBlockingClient mqtt = modem.client(0).toBlocking();
      modem.profile().checkTopicFilter(filter); // fails here, before any byte is sent
      try (EcmtBlockingClient.Messages messages = mqtt.messages(filter)) {
        mqtt.open(session.host, session.port, session.connectOptions());
        mqtt.connect();
        mqtt.subscribe(filter, level);
        out.println("listening on " + filter + (count > 0 ? " for " + count + " message(s)" : " (Ctrl+C to stop)"));
        out.flush();

        int received = 0;
        while ((count == 0 || received < count) && stop.getCount() > 0) {
          Optional<IncomingMessage> message = messages.receive(Duration.ofMillis(200));
          if (message.isPresent()) {
            print(out, message.get());
            received++;
          }
        }
        mqtt.unsubscribe(filter);
        mqtt.disconnect();
        out.println("received " + received + " message(s)");
        out.flush();
        return 0;
      } finally {
        SessionOptions.disconnectQuietly(mqtt);
      }
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl+C: the hook is running
      }
    }
  }

  private static void print(PrintWriter out, IncomingMessage message) {
    String time = LocalTime.now().truncatedTo(ChronoUnit.MILLIS).toString();
    String header = time + " " + message.topic() + (message.msgId() != 0 ? " (msgID " + message.msgId() + ")" : "")
        + (message.reassembled() ? " (rebuilt from several lines)" : "");
    String text = message.payloadAsString();
    Optional<String> json = prettyJson(text);
    if (json.isPresent()) {
      out.println(header + ":");
      out.println(json.get());
    } else {
      out.println(header + ": " + text);
    }
    out.flush();
  }

  /** The payload indented, when it is a JSON object or array. */
  private static Optional<String> prettyJson(String text) {
    String t = text.trim();
    if (!(t.startsWith("{") || t.startsWith("["))) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(t);
      return Optional.of(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
