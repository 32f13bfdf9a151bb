package io.ecmt.sdk.examples;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.message.ConnectOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the module's MQTT client asks for: the broker in {@code AT+ECMTOPEN} and the identity in
 * {@code AT+ECMTCONN}. With the in-process fake module the host and port are routed to the local
 * broker, so the seed's {@code test.mosquitto.org} works offline.
 */
public final class SessionOptions {
  /** The environment variable that holds the password when neither flag is given. */
  static final String PASSWORD_ENV = "ECMT_PASSWORD";

  @Option(names = "--host", paramLabel = "<host>", defaultValue = "test.mosquitto.org",
      description = "Broker host for AT+ECMTOPEN (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", paramLabel = "<port>", defaultValue = "1883",
      description = "Broker port for AT+ECMTOPEN (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--client-id", paramLabel = "<id>",
      description = "MQTT client id (EC616S sends it only together with a user name and a password).")
  String clientId;

  @Option(names = "--username", paramLabel = "<name>", description = "MQTT user name.")
  String username;

  @Option(names = "--password", paramLabel = "<secret>",
      description = "MQTT password. Other users can read it in the process list: prefer --password-file "
          + "or $" + PASSWORD_ENV + ".")
  String password;

  @Option(names = "--password-file", paramLabel = "<path>",
      description = "Read the MQTT password from the first line of this file (the line end is not part of "
          + "it). Use either this or --password; with neither, $" + PASSWORD_ENV + " is used when set. "
          + "The password is never printed.")
  Path passwordFile;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  private Function<String, String> environment = System::getenv;
  private Optional<String> resolvedPassword;

  /** Where {@link #PASSWORD_ENV} is looked up (tests pass their own environment). */
  void environment(Function<String, String> environment) {
    this.environment = environment;
  }

  /** The options for {@code open}: identity plus the SDK's session defaults. */
  ConnectOptions connectOptions() {
    return ConnectOptions.builder()
        .clientId(clientId)
        .credentials(username, password().orElse(null))
        .build();
  }

  /**
   * The password: {@code --password-file}, or {@code --password} (not both), or else
   * {@code $ECMT_PASSWORD} when set and not empty.
   *
   * @throws ParameterException when both flags are given or the file cannot be read
   */
  Optional<String> password() {
    if (resolvedPassword == null) {
      resolvedPassword = resolvePassword();
    }
    return resolvedPassword;
  }

  private Optional<String> resolvePassword() {
    if (password != null && passwordFile != null) {
      throw new ParameterException(command.commandLine(), "use either --password or --password-file, not both");
    }
    if (passwordFile != null) {
      return Optional.of(readPasswordFile());
    }
    if (password != null) {
      return Optional.of(password);
    }
    return Optional.ofNullable(environment.apply(PASSWORD_ENV)).filter(p -> !p.isEmpty());
  }

  /** Masks the password wherever it might show up in what the commands print. */
  Redactor redactor() {
    return Redactor.of(password().orElse(null));
  }

  private String readPasswordFile() {
    try (BufferedReader reader = Files.newBufferedReader(passwordFile, StandardCharsets.UTF_8)) {
      String first = reader.readLine(); // without its CR LF / LF
      if (first == null || first.isEmpty()) {
        throw new ParameterException(command.commandLine(), "--password-file " + passwordFile + ": the first line is empty");
      }
      return first;
    } catch (IOException e) {
      throw new ParameterException(command.commandLine(),
          "cannot read --password-file " + passwordFile + ": " + Errors.ioReason(e));
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
