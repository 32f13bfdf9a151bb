package io.ecmt.sdk.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ecmt.sdk.transport.TransportListener;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SerialTransport over a real Linux pseudo-terminal pair made by socat. Needs {@code socat} on the
 * PATH: without it the test fails when {@code CI=true} and is skipped (with the reason) otherwise.
 */
@Tag("serial")
@Timeout(60)
class SerialTransportPtyTest {

  static final class QueueListener implements TransportListener {
    final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);
    final AtomicReference<Throwable> error = new AtomicReference<>();

    @Override
    public void onBytes(byte[] bytes) {
      chunks.add(bytes);
    }

    @Override
    public void onClosed() {
      closed.countDown();
    }

    @Override
    public void onError(Throwable e) {
      error.set(e);
    }

    byte[] receive(int expected) throws InterruptedException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      while (all.size() < expected) {
        byte[] chunk = chunks.poll(10, TimeUnit.SECONDS);
        assertThat(chunk).as("bytes within 10 s (got %d of %d)", all.size(), expected).isNotNull();
        all.writeBytes(chunk);
      }
      return all.toByteArray();
    }
  }

  @TempDir Path dir;
  private Process socat;
  private SerialTransport host;
  private SerialTransport module;

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  @BeforeEach
  void startSocat() throws Exception {
    if (!onPath("socat")) {
      String reason = "socat not on PATH: cannot create a pseudo-terminal pair (apt-get install socat)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(reason);
      }
      System.out.println("SKIPPED: " + reason);
      Assumptions.assumeTrue(false, reason);
    }
    socat = new ProcessBuilder("socat", "-d", "-d",
        "pty,raw,echo=0,link=" + dir.resolve("a"),
        "pty,raw,echo=0,link=" + dir.resolve("b"))
        .redirectErrorStream(true)
        .start();
    // socat logs "starting data transfer loop" once both PTYs and links exist.
    BlockingQueue<String> log = new LinkedBlockingQueue<>();
    Thread drain = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(socat.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          log.add(line);
        }
      } catch (IOException ignored) {
        // socat ended
      }
    }, "socat-log");
    drain.setDaemon(true);
    drain.start();
    StringBuilder seen = new StringBuilder();
    while (true) {
      String line = log.poll(10, TimeUnit.SECONDS);
      if (line == null) {
        fail("socat did not start within 10 s; output: " + seen);
      }
      seen.append(line).append('\n');
      if (line.contains("starting data transfer loop")) {
        break;
      }
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (host != null) {
      host.close();
    }
    if (module != null) {
      module.close();
    }
    if (socat != null) {
      socat.destroy();
      socat.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "{0} baud")
  @ValueSource(ints = {115200, 9600})
  void bytesFlowBothWaysOverAPseudoTerminal(int baud) throws Exception {
    host = new SerialTransport(SerialSettings.builder(dir.resolve("a").toString()).baudRate(baud).build());
    module = new SerialTransport(SerialSettings.builder(dir.resolve("b").toString()).baudRate(baud).build());
    QueueListener hostIn = new QueueListener();
    QueueListener moduleIn = new QueueListener();
    host.open(hostIn);
    module.open(moduleIn);
    assertThat(host.isOpen()).isTrue();

    byte[] command = "AT+ECMTPUB=0,1,1,0,\"t\"\r\n".getBytes(StandardCharsets.US_ASCII);
    host.write(command);
    assertThat(moduleIn.receive(command.length)).isEqualTo(command);

    // The prompt has no line end: it must arrive as raw bytes.
    byte[] prompt = "\r\n> ".getBytes(StandardCharsets.US_ASCII);
    module.write(prompt);
    assertThat(hostIn.receive(prompt.length)).isEqualTo(prompt);

    // Every byte value but the two the firmware treats specially survives (raw mode).
    byte[] payload = new byte[300];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i % 256 == 0x1A || i % 256 == 0x1B ? 'x' : i);
    }
    host.write(payload);
    assertThat(moduleIn.receive(payload.length)).isEqualTo(payload);

    host.close();
    assertThat(hostIn.closed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(hostIn.error.get()).isNull();
    assertThat(host.isOpen()).isFalse();
  }
}
