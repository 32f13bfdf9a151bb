package io.ecmt.sdk.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake module on a TCP port as a child process, so that it can be killed like a real bridge:
 * {@code java -jar ecmt-sdk-testkit/target/ecmt-fake-module.jar --listen 127.0.0.1:0 <options>}
 * (built by the reactor before this module's tests; from the class path when the jar is missing,
 * e.g. under {@code mvn test}). Its output (addresses, AT traffic with passwords redacted, faults)
 * is appended to a log file.
 */
final class FakeModuleProcess implements AutoCloseable {
  static final Path JAR = Path.of("..", "ecmt-sdk-testkit", "target", "ecmt-fake-module.jar");
  private static final Pattern LISTENING = Pattern.compile("fake module listening on (\\S+):(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final InetSocketAddress address;

  private FakeModuleProcess(Process process, InetSocketAddress address) {
    this.process = process;
    this.address = address;
  }

  /**
   * Starts one and waits until it listens.
   *
   * @param log     where its output is appended
   * @param options more {@code ecmt-fake-module.jar} options ({@code --broker}, {@code --drop-link-every} ...)
   */
  static FakeModuleProcess start(Path log, String... options) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0"));
    args.addAll(List.of(options));
    List<String> command = Files.isRegularFile(JAR)
        ? ChildJvm.jar(JAR, args)
        : ChildJvm.mainClass("io.ecmt.sdk.testkit.FakeModuleServer", args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> copyOutput(process, log, listening), "fake-module-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new FakeModuleProcess(process, listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IOException("the fake module did not start within " + START_TIMEOUT + ":\n" + Files.readString(log), e);
    }
  }

  /** Copies the output to the log; the "listening on" line gives the address. */
  private static void copyOutput(Process process, Path log, CompletableFuture<InetSocketAddress> listening) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
      out.println("---- pid " + process.pid());
      for (String line; (line = in.readLine()) != null; ) {
        out.println(line);
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          listening.complete(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
        }
      }
    } catch (IOException e) {
      listening.completeExceptionally(e);
    } finally {
      listening.completeExceptionally(new IOException("the fake module exited with " + process.onExit().join().exitValue()));
    }
  }

  InetSocketAddress address() {
    return address;
  }

  /** {@code host:port} for {@code --tcp}. */
  String hostPort() {
    return address.getHostString() + ":" + address.getPort();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL, as a crashed or unplugged bridge: no goodbye on any connection. Waits for the end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("fake module " + process.pid() + " survived SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
