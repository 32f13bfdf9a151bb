package io.ecmt.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.testkit.FakeModuleServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The password can come from {@code --password-file} or {@code $ECMT_PASSWORD} instead of the
 * command line; whichever is used reaches the module's {@code AT+ECMTCONN} and never the output,
 * not even with {@code --verbose}.
 */
class SecretsExamplesTest {
  private static final String CONN = "AT+ECMTCONN=0,\"fountain-2\",\"gardener\",";

  @TempDir
  Path dir;

  @Test
  void thePasswordFileReachesTheModuleAndNeverTheOutput() throws IOException {
    Path file = write("pw", "from-file-s3cret\nsecond line is ignored\n");
    Cli cli = new Cli();

    int exit = cli.run("hello", "--client-id", "fountain-2", "--username", "gardener",
        "--password-file", file.toString(), "--verbose");

    assertThat(exit).as(cli.err()).isZero();
    assertThat(cli.moduleCommands()).contains(CONN + "\"from-file-s3cret\"");
    assertThat(cli.out()).contains(">> " + CONN).doesNotContain("from-file-s3cret");
    assertThat(cli.err()).doesNotContain("from-file-s3cret");
  }

  @Test
  void aWindowsLineEndIsNotPartOfThePassword() throws IOException {
    Cli cli = new Cli();

    int exit = cli.run("hello", "--client-id", "fountain-2", "--username", "gardener",
        "--password-file", write("pw", "crlf-s3cret\r\n").toString());

    assertThat(exit).as(cli.err()).isZero();
    assertThat(cli.moduleCommands()).contains(CONN + "\"crlf-s3cret\"");
  }

  @Test
  void theEnvironmentVariableReachesTheModuleAndNeverTheOutput() {
    Cli cli = new Cli().env("ECMT_PASSWORD", "from-env-s3cret");

    int exit = cli.run("hello", "--client-id", "fountain-2", "--username", "gardener", "--verbose");

    assertThat(exit).as(cli.err()).isZero();
    assertThat(cli.moduleCommands()).contains(CONN + "\"from-env-s3cret\"");
    assertThat(cli.out() + cli.err()).doesNotContain("from-env-s3cret");
  }

  @Test
  void eitherFlagWinsOverTheEnvironment() throws IOException {
    Cli fromFile = new Cli().env("ECMT_PASSWORD", "env-loses");
    Cli fromFlag = new Cli().env("ECMT_PASSWORD", "env-loses");

    fromFile.run("hello", "--client-id", "fountain-2", "--username", "gardener",
        "--password-file", write("pw", "file-wins").toString());
    fromFlag.run("hello", "--client-id", "fountain-2", "--username", "gardener", "--password", "flag-wins");

    assertThat(fromFile.moduleCommands()).contains(CONN + "\"file-wins\"");
    assertThat(fromFlag.moduleCommands()).contains(CONN + "\"flag-wins\"");
  }

  @Test
  void bothFlagsTogetherIsAUsageErrorAndNothingStarts() throws IOException {
    Cli cli = new Cli();

    int exit = cli.run("hello", "--username", "gardener", "--password", "a-s3cret",
        "--password-file", write("pw", "b-s3cret").toString());

    assertThat(exit).isEqualTo(Errors.INVALID_INPUT);
    assertThat(cli.err()).contains("use either --password or --password-file, not both")
        .doesNotContain("a-s3cret").doesNotContain("b-s3cret");
    assertThat(cli.fakeModules()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"missing", "empty"})
  void anUnusablePasswordFileIsAUsageErrorAndNothingStarts(String kind) throws IOException {
    Path file = kind.equals("missing") ? dir.resolve("no-such-file") : write("pw", "\nnot-the-first-line\n");
    Cli cli = new Cli();

    int exit = cli.run("telemetry", "--username", "gardener", "--password-file", file.toString());

    assertThat(exit).isEqualTo(Errors.INVALID_INPUT);
    assertThat(cli.err().lines().findFirst()).hasValueSatisfying(line -> assertThat(line).isEqualTo(kind.equals("missing")
        ? "cannot read --password-file " + file + ": no such file or directory"
        : "--password-file " + file + ": the first line is empty"));
    assertThat(cli.err()).doesNotContain("not-the-first-line");
    assertThat(cli.fakeModules()).isEmpty();
  }

  /**
   * As a separate program against a bridge: the real environment (or a file) carries the password,
   * the command line does not, and the whole output, SLF4J debug logging and the SDK's AT trace
   * included, does not either.
   */
  @ParameterizedTest
  @ValueSource(strings = {"env", "file"})
  void aChildProcessNeverShowsThePassword(String source) throws Exception {
    String secret = "child-" + source + "-s3cret";
    try (FakeModuleServer bridge = FakeModuleServer.start(FakeModuleServer.Options.builder()
        .printRdy(false).keepClosedModules(true).build())) {
      List<String> args = new ArrayList<>(List.of("telemetry", "--tcp", "127.0.0.1:" + bridge.address().getPort(),
          "--client-id", "fountain-2", "--username", "gardener", "--count", "3", "--interval", "10ms", "--verbose"));
      if (source.equals("file")) {
        args.addAll(List.of("--password-file", write("pw", secret + "\n").toString()));
      }
      List<String> command = new ArrayList<>(ChildJvm.mainClass("io.ecmt.sdk.examples.EcmtExamples", args));
      command.add(command.indexOf("-cp"), "-Dorg.slf4j.simpleLogger.log.io.ecmt.sdk.at=trace"); // the SDK's AT trace too
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("child.out").toFile());
      builder.environment().remove("ECMT_PASSWORD");
      if (source.equals("env")) {
        builder.environment().put("ECMT_PASSWORD", secret);
      }
      Process child = builder.start();
      String commandLine = child.info().commandLine().orElse(String.join(" ", command));

      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
      String output = Files.readString(dir.resolve("child.out"), StandardCharsets.UTF_8);

      assertThat(child.exitValue()).as(output).isZero();
      assertThat(output).contains("sent 3, acknowledged 3, failed 0", ">> AT+ECMTCONN=0,", "TRACE")
          .doesNotContain(secret);
      assertThat(commandLine).doesNotContain(secret);
      assertThat(bridge.modules()).singleElement().extracting(FakeModule::transcript)
          .satisfies(t -> assertThat(t.commands()).contains(CONN + "\"" + secret + "\""));
    }
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}
