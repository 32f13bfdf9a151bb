package io.ecmt.sdk.examples;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.message.ConnectOptions;
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
