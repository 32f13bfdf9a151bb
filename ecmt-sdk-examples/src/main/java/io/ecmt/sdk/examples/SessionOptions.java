package io.ecmt.sdk.examples;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.EcmtClient;
import io.ecmt.sdk.exceptions.InvalidArgumentException;
import io.ecmt.sdk.message.ConnectOptions;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Option;

/**
 * What the module's MQTT client asks for: the broker in {@code AT+ECMTOPEN} and the identity in
 * {@code AT+ECMTCONN}. With the in-process fake module the host and port are routed to the local
 * broker, so the seed's {@code test.mosquitto.org} works offline.
 */
public final class SessionOptions {

  @Option(names = "--host", paramLabel = "<host>", defaultValue = "test.mosquitto.org",
      description = "Broker host for AT+ECMTOPEN (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", paramLabel = "<port>", defaultValue = "1883",
      description = "Broker port for AT+ECMTOPEN (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--client-id", paramLabel = "<id>",
      description = "MQTT client id (EC616S sends it only together with --username and --password).")
  String clientId;

  @Option(names = "--username", paramLabel = "<name>", description = "MQTT user name.")
  String username;

  @Option(names = "--password", paramLabel = "<secret>", description = "MQTT password (never printed).")
  String password;

  /** The options for {@code open}: identity plus the SDK's session defaults. */
  ConnectOptions connectOptions() {
    return ConnectOptions.builder()
        .clientId(clientId)
        .credentials(username, password)
        .build();
  }

  /**
   * Refuses a topic filter the SDK would refuse, before anything is sent: subscribing to a message
   * stream runs the SDK's own checks for this module profile (quotes, CR/LF and other control
   * characters, length, wildcard placement) and sends nothing.
   *
   * @throws InvalidArgumentException naming the field and the reason
   */
  static void requireValidFilter(EcmtClient client, String filter) {
    AtomicReference<Throwable> refused = new AtomicReference<>();
    client.toRx().messages(filter).subscribe(message -> { }, refused::set).dispose();
    if (refused.get() instanceof InvalidArgumentException invalid) {
      throw invalid;
    }
  }

  /**
   * Refuses a topic that could not be published, before anything is sent.
   *
   * <p>The SDK checks every argument before it writes a byte, but only when that operation runs,
   * and a session opens and connects before it publishes. So check first: the SDK's filter checks
   * (see {@link #requireValidFilter}), and, since a topic one publishes to is a name, not a filter,
   * no MQTT wildcards.
   *
   * @throws InvalidArgumentException naming the field and the reason
   */
  static void requirePublishableTopic(EcmtClient client, String topic) {
    try {
      requireValidFilter(client, topic);
    } catch (InvalidArgumentException invalid) {
      throw new InvalidArgumentException("topic", invalid.reason());
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      if (c == '+' || c == '#') {
        throw new InvalidArgumentException("topic", "contains wildcard '" + c + "' at index " + i
            + " (a topic to publish to must be a name, not a filter)");
      }
    }
  }

  /**
   * Ends the MQTT session if one is up, ignoring errors: a real module keeps its context after the
   * program exits, and the next {@code AT+ECMTOPEN} would then get {@code OK} and no outcome.
   */
  static void disconnectQuietly(EcmtBlockingClient mqtt) {
    ClientState state = mqtt.state();
    if (state == ClientState.CLOSED || state == ClientState.CLOSING) {
      return;
    }
    try {
      mqtt.disconnect();
    } catch (RuntimeException ignored) {
      // the modem may already be gone; nothing more to do
    }
  }
}
