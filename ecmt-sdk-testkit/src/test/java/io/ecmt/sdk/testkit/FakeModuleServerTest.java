package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FakeModuleServer over real TCP: raw bytes, the SDK's TcpTransport, flags and lifecycle. */
class FakeModuleServerTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  /** Shared by the tests that do not test the embedded-broker default (Moquette is slow to stop). */
  static EmbeddedBroker shared;

  final List<String> log = new CopyOnWriteArrayList<>();
  FakeModuleServer server;

  @BeforeAll
  static void sharedBroker() {
    shared = EmbeddedBroker.start();
  }

  @AfterAll
  static void stopSharedBroker() {
    shared.close();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  FakeModuleServer start(FakeModuleServer.Options.Builder b) throws IOException {
    server = FakeModuleServer.start(b.trafficLog(log::add).build());
    return server;
  }

  /** A raw TCP host: writes text, reads the module's output byte for byte. */
  static final class Wire implements AutoCloseable {
    final Socket s;
    final InputStream in;
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    int cursor;

    Wire(InetSocketAddress a) throws IOException {
      s = new Socket(a.getHostString(), a.getPort());
      s.setSoTimeout(50);
      in = s.getInputStream();
    }

    void send(String text) throws IOException {
      s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
    }

    /** The next bytes must be exactly {@code expected}. */
    void expect(String expected) throws IOException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      byte[] buf = new byte[256];
      while (got.size() - cursor < expected.length() && System.nanoTime() < deadline) {
        try {
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          got.write(buf, 0, n);
        } catch (SocketTimeoutException again) {
          // poll until the deadline
        }
      }
      String all = got.toString(StandardCharsets.ISO_8859_1);
      String next = all.substring(cursor, Math.min(all.length(), cursor + expected.length()));
      assertThat(RawHost.show(next)).isEqualTo(RawHost.show(expected));
      cursor += expected.length();
    }

    @Override
    public void close() throws IOException {
      s.close();
    }
  }

  @Test
  void seedLinesOverTcpGiveTheReferenceOutputByteForByte() throws Exception {
    start(FakeModuleServer.Options.builder());
    assertThat(server.address().getHostString()).isEqualTo("127.0.0.1");
    assertThat(server.address().getPort()).isPositive();
    EmbeddedBroker broker = server.broker().orElseThrow();
    try (BrokerClient obs = BrokerClient.connect(broker.address(), "obs-server");
         Wire w = new Wire(server.address())) {
      BrokerClient.Subscription seen = obs.subscribe("test", 1);
      w.expect("\r\nRDY\r\n");
      w.send("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883\r\n");
      w.expect("\r\nOK\r\n");
      w.expect("\r\n+ECMTOPEN: 0,0\r\n");
      w.send("AT+ECMTCONN=0,\"id\",\"u\",\"p\"\r\n");
      w.expect("\r\nOK\r\n");
      w.expect("\r\n+ECMTCONN: 0,0,0\r\n");
      w.send("AT+ECMTPUB=0,1,1,0,\"t\"\r\n");
      w.expect("\r\n> ");
      w.send("hello\u001a");
      w.expect("\r\nOK\r\n");
      w.expect("\r\n+ECMTPUB: 0,1,0\r\n");
      w.send("AT+ECMTCONN?\r\n");
      w.expect("\r\n+ECMTCONN:0,3\r\n\r\nOK\r\n");
      w.send("AT+ECMTPUB=0,0,0,0,\"test\",\"hello\"\r\n");
      w.expect("\r\nOK\r\n");
      w.expect("\r\n+ECMTPUB: 0,0,0\r\n");
      assertThat(seen.poll(WAIT).payloadUtf8()).isEqualTo("hello");
      w.send("AT+ECMTSUB=0,1,\"test\",2\r\n");
      w.expect("\r\nOK\r\n");
      w.expect("\r\n+ECMTSUB: 0,1,0,1\r\n");
      obs.publish("test", "from broker", 0, false);
      w.expect("\r\n+ECMTRECV: 0,0,\"test\",from broker\r\n");
      w.send("AT+ECMTUNS=0,4,\"test\"\r\n");
      w.expect("\r\nOK\r\n");
      w.expect("\r\n+ECMTUNS: 0,4,0\r\n");
      w.send("AT+ECMTDISC=0\r\n");
      w.expect("\r\nOK\r\n");
      w.expect("\r\n+ECMTDISC: 0,0\r\n");
      w.send("AT+ECMTSUB=0,2,\"t\",1\r\n");
      w.expect("\r\n+CME ERROR: 3\r\n");
      assertThat(server.lastModule().orElseThrow().transcript().commands()).hasSize(9);
    }
    // The traffic log has every line, the password redacted.
    assertThat(log).contains("[1] > AT+ECMTCONN=0,\"id\",\"u\",\"***\"", "[1] < +ECMTOPEN: 0,0",
        "[1] > hello<Ctrl+Z>", "[1] < > ");
    assertThat(log).noneMatch(l -> l.contains("\"p\""));
    FakeModuleTestBase.awaitTrue("connection closed", () -> server.modules().isEmpty());
  }

  @Test
  void sdkOverTcpRunsTheSeedSession() throws Exception {
    start(FakeModuleServer.Options.builder().broker(shared.address()).printRdy(false).echo(true));
    try (EcmtModem modem = EcmtModem.builder().tcp("127.0.0.1", server.address().getPort()).build()) {
      EcmtBlockingClient mqtt = modem.client(0).toBlocking();
      mqtt.open("test.mosquitto.org", 1883);
      mqtt.connect();
      mqtt.subscribe("home/garden/fountain/2", Qos.EXACTLY_ONCE);
      try (EcmtBlockingClient.Messages in = mqtt.messages("home/garden/fountain/2")) {
        mqtt.publish(Publish.of("home/garden/fountain/2", "hello world"));
        IncomingMessage m = in.receive(WAIT).orElseThrow();
        assertThat(m.payloadAsString()).isEqualTo("hello world");
      }
      mqtt.unsubscribe("home/garden/fountain/2");
      mqtt.disconnect();
      assertThat(server.connectionCount()).isEqualTo(1);
      assertThat(server.broker()).isEmpty();
      assertThat(server.brokerAddress()).isEqualTo(shared.address());
      assertThat(server.lastModule().orElseThrow().transcript().commands()).contains("ATE0");
      server.lastModule().orElseThrow().assertNoViolations();
    }
  }

  @Test
  void eachConnectionGetsItsOwnModule() throws Exception {
    start(FakeModuleServer.Options.builder().broker(shared.address()).printRdy(false));
    try (Wire a = new Wire(server.address()); Wire b = new Wire(server.address())) {
      FakeModuleTestBase.awaitTrue("two modules", () -> server.modules().size() == 2);
      a.send("AT+ECMTOPEN=0,\"x\",1883\r\n");
      a.expect("\r\nOK\r\n");
      a.expect("\r\n+ECMTOPEN: 0,0\r\n");
      b.send("AT+ECMTCONN?\r\n");
      b.expect("\r\nOK\r\n"); // b has no context: a's open is not b's
    }
  }

  @Test
  void keepClosedModulesKeepsTheModuleOfAClosedConnection() throws Exception {
    start(FakeModuleServer.Options.builder().broker(shared.address()).printRdy(false).keepClosedModules(true));
    try (Wire w = new Wire(server.address())) {
      w.send("AT\r\n");
      w.expect("\r\nOK\r\n");
    }
    FakeModuleTestBase.awaitTrue("connection closed", () -> log.stream().anyMatch(l -> l.equals("connection [1] closed")));
    assertThat(server.modules()).singleElement().satisfies(m -> assertThat(m.transcript().commands()).containsExactly("AT"));
    assertThat(server.lastModule()).containsSame(server.modules().get(0));
  }

  @Test
  void rebootAfterAndDropLinkEveryApplyFaults() throws Exception {
    start(FakeModuleServer.Options.builder().broker(shared.address())
        .rebootAfter(Duration.ofMillis(1500))
        .dropLinkEvery(Duration.ofMillis(300)));
    try (Wire w = new Wire(server.address())) {
      w.expect("\r\nRDY\r\n");
      w.send("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883\r\n");
      w.expect("\r\nOK\r\n");
      w.expect("\r\n+ECMTOPEN: 0,0\r\n");
      w.expect("\r\n+ECMTSTAT: 0,1\r\n");
      w.expect("\r\nRDY\r\n");
    }
    assertThat(log).anyMatch(l -> l.contains("fault [1]: reboot"));
  }

  @Test
  void optionsParseTheCommandLine() {
    FakeModuleServer.Options o = FakeModuleServer.Options.parse("--listen", "127.0.0.1:0", "--broker", "localhost:1884",
        "--profile", "generic", "--echo", "--route", "test.mosquitto.org:1883=127.0.0.1:2000",
        "--drop-link-every", "5s", "--reboot-after", "PT1M", "--no-rdy");
    assertThat(o.listen().getPort()).isZero();
    assertThat(o.broker().orElseThrow().getPort()).isEqualTo(1884);
    assertThat(o.profile()).isEqualTo(FakeProfile.GENERIC);
    assertThat(o.echo()).isTrue();
    assertThat(o.printRdy()).isFalse();
    assertThat(o.routes()).containsKey("test.mosquitto.org:1883");
    assertThat(o.dropLinkEvery()).contains(Duration.ofSeconds(5));
    assertThat(o.rebootAfter()).contains(Duration.ofMinutes(1));
    assertThat(FakeModuleServer.Options.parse("--help")).isNull();
    assertThat(FakeModuleServerMain.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> FakeModuleServer.Options.parse("--broker", "x:1")).hasMessageContaining("--listen");
    assertThatThrownBy(() -> FakeModuleServer.Options.parse("--listen", "127.0.0.1:0", "--bogus"))
        .hasMessageContaining("--bogus");
    assertThatThrownBy(() -> FakeModuleServer.Options.parse("--listen", "127.0.0.1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeModuleServer.Options.parse("--listen", "127.0.0.1:0", "--reboot-after", "0s"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theModuleCustomiserConfiguresEverySession() throws Exception {
    start(FakeModuleServer.Options.builder().broker(shared.address()).printRdy(false)
        .module(b -> b.cmee(2).dispatcher(cmd -> cmd.is("+CSQ") ? Reply.lines("+CSQ: 31,99").thenOk() : Reply.decline())));
    try (Wire w = new Wire(server.address())) {
      w.send("AT+CSQ\r\n");
      w.expect("\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
      w.send("AT+ECMTSUB=0,1,\"t\",0\r\n"); // not connected, in CMEE 2
      w.expect("\r\n+CME ERROR: operation not allowed\r\n");
    }
  }

  @Test
  void optionsKeepModuleSettingsOnlyAsTheCustomiser() {
    FakeModuleServer.Options o = FakeModuleServer.Options.builder()
        .profile(FakeProfile.GENERIC).echo(true).route("Broker.Example", 1883, shared.address())
        .module(b -> b.profile(FakeProfile.EC616S)) // applied in order: the last word wins
        .build();
    assertThat(o.profile()).isEqualTo(FakeProfile.EC616S);
    assertThat(o.echo()).isTrue();
    assertThat(o.printRdy()).isTrue();
    assertThat(o.routes()).containsOnlyKeys("broker.example:1883");
    assertThat(o.transcriptLimitBytes()).isEqualTo(2 << 20);
    FakeModuleServer.Options more = o.toBuilder().echo(false).transcriptLimitBytes(1000).build();
    assertThat(more.echo()).isFalse();
    assertThat(more.transcriptLimitBytes()).isEqualTo(1000);
    assertThat(more.profile()).isEqualTo(FakeProfile.EC616S);
    assertThat(o.echo()).as("the options built before are unchanged").isTrue();
  }

  @Test
  void refusesNonLoopbackAddresses() {
    assertThatThrownBy(() -> FakeModuleServer.start(FakeModuleServer.Options.builder().listen("0.0.0.0", 0).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-loopback");
  }
}
