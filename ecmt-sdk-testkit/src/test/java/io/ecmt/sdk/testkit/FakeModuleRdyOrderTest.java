package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: {@code RDY} precedes every answer, even when the host's first command is already
 * waiting when the module starts (its transport delivers bytes from within {@code open}).
 */
class FakeModuleRdyOrderTest {

  /** A transport whose host has sent {@code AT} before the module even listened. */
  private static final class EagerHost implements Transport {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public void open(TransportListener listener) {
      listener.onBytes("AT\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public synchronized void write(byte[] bytes) {
      written.writeBytes(bytes);
    }

    synchronized String output() {
      return written.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public String description() {
      return "eager";
    }

    @Override
    public void close() { }
  }

  @Test
  void rdyComesBeforeTheAnswerToACommandAlreadyWaiting() throws Exception {
    EagerHost host = new EagerHost();
    try (FakeModule module = FakeModule.builder().printRdy(true).build()) {
      module.start(host);
      FakeModuleTestBase.awaitTrue("the OK", () -> host.output().contains("OK\r\n"));
      FakeModuleTestBase.awaitTrue("RDY", () -> host.output().contains("RDY"));
      assertThat(host.output()).startsWith("\r\nRDY\r\n\r\nOK\r\n");
    }
  }
}
