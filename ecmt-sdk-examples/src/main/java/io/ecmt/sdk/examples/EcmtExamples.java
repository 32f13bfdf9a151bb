package io.ecmt.sdk.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The examples as one program: {@code java -jar ecmt-sdk-examples.jar <command> [options]}.
 *
 * <p>Every command runs on an in-process fake module and embedded broker by default, and on a real
 * module with {@code --serial <port>} or {@code --tcp <host>:<port>}.
 */
@Command(name = "ecmt-sdk-examples",
    mixinStandardHelpOptions = true,
    versionProvider = EcmtExamples.Version.class,
    description = {
        "Examples for ecmt-sdk: MQTT through the AT+ECMT* commands of Eigencomm cellular modules.",
        "Without --serial or --tcp they run on an in-process fake module and an embedded broker."},
    subcommands = {
        HelloCommand.class,
        TelemetryCommand.class,
        ListenCommand.class,
        ConsoleCommand.class,
        CommandLine.HelpCommand.class})
public final class EcmtExamples implements Runnable {

  @Spec
  CommandSpec spec;

  /** Runs a command and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: commands, one-line errors. */
  public static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory());
  }

  /** The configured command line with a custom factory (tests use it to reach into commands). */
  static CommandLine commandLine(CommandLine.IFactory factory) {
    return new CommandLine(new EcmtExamples(), factory)
        .setExecutionExceptionHandler(new Errors());
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "choose a command: hello, telemetry, listen or console");
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EcmtExamples.class.getPackage().getImplementationVersion();
      return new String[] {"ecmt-sdk-examples " + (v != null ? v : "(development build)")};
    }
  }
}
