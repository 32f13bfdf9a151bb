package io.ecmt.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.testkit.EmbeddedBroker;
import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.testkit.FakeModuleServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hello --serial <pty>}: {@code socat -d -d pty,raw,echo=0,link=<tmp>/ttyV0 tcp:127.0.0.1:<port>}
 * makes a pseudo-terminal whose other side is a fake module behind a TCP bridge, so the serial path
 * (jSerialComm) runs for real. Without socat the test is skipped with the reason, except on CI
 * ({@code CI=true}), where it fails.
 */
@Tag("serial")
class SerialPtyExamplesTest {

  @Test
  void helloThroughASerialPseudoTerminal(@TempDir Path dir) throws Exception {
    String socat = findSocat();
    try (EmbeddedBroker broker = EmbeddedBroker.start();
        FakeModuleServer bridge = FakeModuleServer.start(FakeModuleServer.Options.builder()
            .printRdy(false).broker(broker.address()).keepClosedModules(true).build())) {
      Path tty = dir.resolve("ttyV0");
      Process process = new ProcessBuilder(socat, "-d", "-d", "pty,raw,echo=0,link=" + tty,
          "tcp:127.0.0.1:" + bridge.address().getPort()).redirectErrorStream(true).start();
      try {
        awaitDataTransfer(process);
        Cli cli = new Cli();

        int exit = cli.run("hello", "--serial", tty.toString(), "--baud", "115200");

        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.out())
            .contains("module: serial port " + tty + " at 115200 baud")
            .containsPattern(">> AT\\+ECMTPUB=0,\\d+,2,0,\"home/garden/fountain/2\",\"hello world\"")
            .contains("received on home/garden/fountain/2: hello world");
        assertThat(bridge.modules()).singleElement().satisfies(FakeModule::assertNoViolations);
      } finally {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  /** socat logs "starting data transfer loop" once the pty exists and the TCP side is connected. */
  private static void awaitDataTransfer(Process socat) throws IOException {
    BufferedReader log = new BufferedReader(new InputStreamReader(socat.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = log.readLine()) != null; ) {
      seen.append(line).append('\n');
      if (line.contains("starting data transfer loop")) {
        Thread drain = new Thread(() -> log.lines().forEach(l -> { }), "socat-log");
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new AssertionError("socat exited before the bridge was up:\n" + seen);
  }

  private static String findSocat() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "socat");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    String reason = "socat is not installed (apt-get install socat); the serial pseudo-terminal test needs it";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(reason + " and CI=true requires it");
    }
    System.out.println("skipped: " + reason);
    Assumptions.abort(reason);
    return null;
  }
}
