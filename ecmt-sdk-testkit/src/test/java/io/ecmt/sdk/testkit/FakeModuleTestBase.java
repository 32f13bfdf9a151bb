package io.ecmt.sdk.testkit;

import io.ecmt.sdk.transport.InMemoryPipe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** One embedded broker per class; a fresh module, raw host and observer per test. */
abstract class FakeModuleTestBase {
  static final Duration SHORT = Duration.ofMillis(300);
  static final Duration WAIT = Duration.ofSeconds(10);

  static EmbeddedBroker broker;
  FakeModule module;
  RawHost host;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  FakeModule.Builder builder() {
    return FakeModule.builder()
        .printRdy(false)
        .route("test.mosquitto.org", 1883, broker.address())
        .defaultRoute(broker.address());
  }

  /** Starts {@code b}'s module on an in-memory pipe with a raw host on the other end. */
  RawHost start(FakeModule.Builder b) throws IOException {
    InMemoryPipe pipe = InMemoryPipe.create();
    module = b.build();
    host = new RawHost(pipe);
    closeables.add(module);
    closeables.add(host);
    module.start(pipe.moduleEnd());
    return host;
  }

  RawHost start() throws IOException {
    return start(builder());
  }

  BrokerClient observer(String id) throws IOException {
    BrokerClient c = BrokerClient.connect(broker.address(), id);
    closeables.add(c);
    return c;
  }

  /** OPEN + CONN on client 0 with full credentials, consuming the output. */
  void openAndConnect(String clientId) throws Exception {
    host.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTOPEN: 0,0\r\n");
    host.at("AT+ECMTCONN=0,\"" + clientId + "\",\"u\",\"p\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTCONN: 0,0,0\r\n");
  }

  static InetSocketAddress unusedLoopbackPort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
  }

  /** Waits, up to {@link #WAIT}, for a condition another thread makes true. */
  static void awaitTrue(String what, java.util.function.BooleanSupplier c) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!c.getAsBoolean()) {
      org.assertj.core.api.Assertions.assertThat(System.nanoTime() < deadline).as("waiting for " + what).isTrue();
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
    }
  }
}
