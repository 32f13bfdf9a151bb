package io.ecmt.sdk.examples;

import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The seed session with the blocking API: open, connect, subscribe to the topic at QoS 2, publish
 * the message, wait for it to come back, unsubscribe, disconnect, printing the AT exchange as it
 * happens. Exit code 0 when the message came back.
 */
@Command(name = "hello", mixinStandardHelpOptions = true,
    description = "Open, connect, subscribe, publish a message and receive it back, then disconnect.")
final class HelloCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ModemOptions modemOptions;

  @Mixin
  SessionOptions session;

  @Option(names = "--topic", paramLabel = "<topic>", defaultValue = "home/garden/fountain/2",
      description = "Topic to subscribe and publish to (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--message", paramLabel = "<text>", defaultValue = "hello world",
      description = "Text to publish (default: ${DEFAULT-VALUE}).")
  String message;

  @Option(names = "--qos", paramLabel = "<0|1|2>", defaultValue = "2",
      description = "QoS of the subscription and of the publish (default: ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "--wait", paramLabel = "<duration>", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long to wait for the message to come back (default: ${DEFAULT-VALUE}).")
  Duration wait;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Qos level = Qos.of(qos);
    // Resolved before anything starts: a bad --password-file is a usage error.
    AtTrafficPrinter printer = new AtTrafficPrinter(out, modemOptions.verbose(), session.redactor());
    try (ModemOptions.Target target = modemOptions.target();
        EcmtModem modem = modemOptions.modem(target, printer)) {
      out.println("module: " + target.description());
      EcmtBlockingClient mqtt = modem.client(0).toBlocking();
      Publish publish = Publish.builder().topic(topic).payload(message).qos(level).build();
      modem.profile().checkPublish(publish); // bad input fails here, before any byte is sent

      // Buffer incoming messages from now on, so the echo cannot be missed.
      try (EcmtBlockingClient.Messages messages = mqtt.messages(topic)) {
        mqtt.open(session.host, session.port, session.connectOptions());
        mqtt.connect();
        mqtt.subscribe(topic, level);
        long sent = System.nanoTime();
        mqtt.publish(publish);

        Optional<IncomingMessage> back = messages.receive(wait);
        if (back.isPresent()) {
          long millis = (System.nanoTime() - sent) / 1_000_000;
          out.println("received on " + back.get().topic() + ": " + back.get().payloadAsString()
              + "  (round trip " + millis + " ms)");
        } else {
          spec.commandLine().getErr().println("error: the message did not come back within " + wait.toMillis() + " ms");
        }
        mqtt.unsubscribe(topic);
        mqtt.disconnect();
        out.flush();
        return back.isPresent() ? 0 : Errors.FAILED;
      } finally {
        SessionOptions.disconnectQuietly(mqtt);
      }
    }
  }
}
