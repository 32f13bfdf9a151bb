package io.ecmt.sdk.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class TcpTransportTest {

  static final class QueueListener implements TransportListener {
    final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);
    final AtomicInteger closedCount = new AtomicInteger();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final AtomicReference<String> thread = new AtomicReference<>();

    @Override
    public void onBytes(byte[] bytes) {
      thread.compareAndSet(null, Thread.currentThread().getName());
      chunks.add(bytes);
    }

    @Override
    public void onClosed() {
      closedCount.incrementAndGet();
      closed.countDown();
    }

    @Override
    public void onError(Throwable e) {
      error.set(e);
    }

    /** Collects bytes until {@code expected} bytes have arrived (or fails after 10 s). */
    String receive(int expected) throws InterruptedException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      while (all.size() < expected) {
        byte[] chunk = chunks.poll(10, TimeUnit.SECONDS);
        assertThat(chunk).as("bytes within 10 s").isNotNull();
        all.writeBytes(chunk);
      }
      return all.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private ServerSocket server;
  private TcpTransport transport;

  @BeforeEach
  void bind() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void cleanup() throws IOException {
    if (transport != null) {
      transport.close();
    }
    server.close();
  }

  private static String readExactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void bytesFlowBothWaysAndEofClosesTheTransport() throws Exception {
    transport = new TcpTransport("127.0.0.1", server.getLocalPort());
    QueueListener listener = new QueueListener();
    transport.open(listener);
    assertThat(transport.isOpen()).isTrue();
    assertThat(transport.description()).isEqualTo("tcp:127.0.0.1:" + server.getLocalPort());

    try (Socket peer = server.accept()) {
      transport.write("AT+ECMTOPEN?\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readExactly(peer.getInputStream(), 14)).isEqualTo("AT+ECMTOPEN?\r\n");

      byte[] reply = "\r\n+ECMTOPEN:0,\"h\",1883\r\n\r\nOK\r\n\r\n> ".getBytes(StandardCharsets.US_ASCII);
      peer.getOutputStream().write(reply);
      peer.getOutputStream().flush();
      assertThat(listener.receive(reply.length)).isEqualTo(new String(reply, StandardCharsets.US_ASCII));
      assertThat(listener.thread.get()).startsWith("ecmt-tcp-reader-127.0.0.1:");
    }
    assertThat(listener.closed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.error.get()).isNull();
    assertThat(transport.isOpen()).isFalse();
    assertThatThrownBy(() -> transport.write(new byte[] {1})).isInstanceOf(IOException.class);
  }

  @Test
  void localCloseIsIdempotentAndReportsClosedOnce() throws Exception {
    transport = new TcpTransport(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
        Duration.ofSeconds(5));
    QueueListener listener = new QueueListener();
    transport.open(listener);
    try (Socket peer = server.accept()) {
      transport.close();
      transport.close();
      assertThat(listener.closed.await(10, TimeUnit.SECONDS)).isTrue();
      // The peer sees EOF.
      assertThat(peer.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(listener.closedCount.get()).isEqualTo(1);
    assertThat(listener.error.get()).isNull();
    assertThatThrownBy(() -> transport.open(listener)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void wrapRunsOverAnAcceptedSocket() throws Exception {
    try (Socket host = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      Socket accepted = server.accept();
      transport = TcpTransport.wrap(accepted);
      assertThat(transport.isOpen()).as("not open before open()").isFalse();
      assertThat(transport.description()).isEqualTo("tcp:127.0.0.1:" + host.getLocalPort());
      QueueListener listener = new QueueListener();
      transport.open(listener);
      assertThat(transport.isOpen()).isTrue();
      assertThat(accepted.getTcpNoDelay()).isTrue();
      assertThatThrownBy(() -> transport.open(listener)).isInstanceOf(IllegalStateException.class);

      host.getOutputStream().write("AT\r\n".getBytes(StandardCharsets.US_ASCII));
      host.getOutputStream().flush();
      assertThat(listener.receive(4)).isEqualTo("AT\r\n");
      assertThat(listener.thread.get()).startsWith("ecmt-tcp-reader-127.0.0.1:");
      transport.write("\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readExactly(host.getInputStream(), 6)).isEqualTo("\r\nOK\r\n");

      host.close(); // the host goes away: EOF closes the transport, once, without an error
      assertThat(listener.closed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(listener.error.get()).isNull();
      assertThat(transport.isOpen()).isFalse();
      assertThat(accepted.isClosed()).isTrue();
      transport.close();
      assertThat(listener.closedCount.get()).isEqualTo(1);
    }
  }

  @Test
  void wrapOwnsTheSocketAndRefusesAnUnconnectedOne() throws Exception {
    assertThatThrownBy(() -> TcpTransport.wrap(new Socket())).isInstanceOf(IllegalArgumentException.class);
    try (Socket host = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      Socket accepted = server.accept();
      transport = TcpTransport.wrap(accepted);
      transport.close(); // before open: still closes the socket it owns
      assertThat(accepted.isClosed()).isTrue();
      assertThat(host.getInputStream().read()).isEqualTo(-1);
      assertThatThrownBy(() -> transport.open(new QueueListener())).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> transport.write(new byte[] {1})).isInstanceOf(IOException.class);
    }
  }

  @Test
  void connectFailureIsAnIoException() throws Exception {
    int port = server.getLocalPort();
    server.close(); // nothing listens there now
    transport = new TcpTransport("127.0.0.1", port);
    assertThatThrownBy(() -> transport.open(new QueueListener()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("127.0.0.1");
    assertThat(transport.isOpen()).isFalse();
  }
}
