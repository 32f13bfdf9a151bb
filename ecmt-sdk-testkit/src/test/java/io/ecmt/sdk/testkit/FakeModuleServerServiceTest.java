package io.ecmt.sdk.testkit;

import static io.ecmt.sdk.testkit.FakeModuleTestBase.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.testkit.FakeModuleServerTest.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FakeModuleServer as a service: bounded connections, threads, log lines, memory and per-session faults. */
class FakeModuleServerServiceTest {
  static EmbeddedBroker shared;

  /** Not copy-on-write: the flood tests log a hundred thousand lines. */
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  final List<AutoCloseable> closeables = new ArrayList<>();
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
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    if (server != null) {
      server.close();
    }
  }

  void start(FakeModuleServer.Options.Builder b) throws IOException {
    server = FakeModuleServer.start(b.broker(shared.address()).printRdy(false).trafficLog(log::add).build());
  }

  List<String> logged() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  Wire wire() throws IOException {
    Wire w = new Wire(server.address());
    closeables.add(w);
    return w;
  }

  /** A session that answers: one AT round trip. */
  Wire liveWire() throws IOException {
    Wire w = wire();
    w.send("AT\r\n");
    w.expect("\r\nOK\r\n");
    return w;
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAtOnce() throws Exception {
    start(FakeModuleServer.Options.builder().maxConnections(3));
    List<Wire> served = new ArrayList<>(List.of(liveWire(), liveWire(), liveWire()));
    Wire extra = wire();
    assertEndOfStream(extra.s);
    assertThat(logged()).anyMatch(l -> l.startsWith("refused connection from") && l.contains("limit of 3 open connections reached"));
    assertThat(server.connectionCount()).isEqualTo(3);
    assertThat(server.modules()).hasSize(3);
    for (Wire w : served) {
      w.send("AT\r\n");
      w.expect("\r\nOK\r\n");
    }
    served.get(0).close();
    awaitTrue("a slot freed", () -> server.modules().size() == 2);
    liveWire(); // a free slot is served again
    assertThat(server.connectionCount()).isEqualTo(4);
  }

  @Test
  void threadsDoNotGrowWithConnections() throws Exception {
    start(FakeModuleServer.Options.builder());
    for (int i = 0; i < 4; i++) {
      liveWire(); // every event loop of the server has started
    }
    int before = ManagementFactory.getThreadMXBean().getThreadCount();
    for (int i = 0; i < 40; i++) {
      liveWire();
    }
    int after = ManagementFactory.getThreadMXBean().getThreadCount();
    assertThat(server.modules()).hasSize(44);
    // Two threads per connection before (80 here); a margin for the JVM's own (compiler) threads.
    assertThat(after - before).as("threads added by 40 more connections").isLessThanOrEqualTo(6);
  }

  @Test
  void aLineWithoutEndKeepsTheLogAndTheTranscriptBounded() throws Exception {
    start(FakeModuleServer.Options.builder().logLineLimit(200).transcriptLimitBytes(64 * 1024));
    Wire w = liveWire();
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    for (int i = 0; i < 128; i++) { // 8 MiB, no line end
      w.s.getOutputStream().write(chunk);
    }
    // Overflow discards the rest of the chunk it happens in (as the firmware does): wait for
    // the line end to be seen before the next command.
    w.send("\r\n");
    awaitTrue("the long line ended", () -> logged().stream().anyMatch(l -> l.endsWith("more bytes of that line not logged]")));
    w.send("AT+CEREG?\r\n");
    awaitTrue("the line ended and the next command was answered",
        () -> logged().stream().anyMatch(l -> l.equals("[1] < +CEREG: 0,1")));
    long logChars = logged().stream().mapToLong(String::length).sum();
    assertThat(logChars).as("characters logged").isLessThan(16 * 1024);
    assertThat(logged()).contains("[1] > " + "x".repeat(200) + " [line truncated]",
        "[1] > [" + (128 * 64 * 1024 - 200) + " more bytes of that line not logged]");
    // The module discarded the overflowing input itself (ERROR per 4 KiB) and kept answering.
    assertThat(logged()).contains("[1] < ERROR", "[1] > AT+CEREG?");
    long kept = server.lastModule().orElseThrow().transcript().retainedBytes();
    assertThat(kept).as("transcript bytes kept").isLessThanOrEqualTo(2 * 64 * 1024 + 64);
  }

  @Test
  void aHostThatStopsReadingIsDisconnectedAndOthersGoOn() throws Exception {
    start(FakeModuleServer.Options.builder().outputBufferLimit(64 * 1024));
    Socket deaf = new Socket();
    closeables.add(deaf);
    deaf.setReceiveBufferSize(4096);
    deaf.connect(server.address());
    awaitTrue("the deaf session is [1]", () -> server.modules().size() == 1);
    Wire other = liveWire();
    awaitTrue("two sessions", () -> server.modules().size() == 2);
    floodWithoutReading(deaf, 200); // about 50 MiB of answers
    awaitTrue("the deaf host disconnected", () -> log.contains("connection [1] closed"));
    assertThat(logged()).anyMatch(l -> l.startsWith("connection [1]: host is not reading, more than 65536 bytes unsent"));
    assertThat(server.modules()).hasSize(1);
    other.send("AT+CEREG?\r\n");
    other.expect("\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
  }

  @Test
  void aStalledSessionDoesNotDelayAnotherSessionsDropTimer() throws Exception {
    // A large output limit keeps the stalled session connected: it stays stalled all along.
    start(FakeModuleServer.Options.builder().outputBufferLimit(64L << 20).dropLinkEvery(Duration.ofMillis(200)));
    Socket stalled = new Socket();
    closeables.add(stalled);
    stalled.setReceiveBufferSize(4096);
    stalled.connect(server.address());
    awaitTrue("the stalled session", () -> server.modules().size() == 1);
    floodWithoutReading(stalled, 100); // ~25 MiB of answers it never reads
    Wire w = liveWire();
    long t0 = System.nanoTime();
    w.send("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883\r\n");
    w.expect("\r\nOK\r\n");
    w.expect("\r\n+ECMTOPEN: 0,0\r\n");
    w.expect("\r\n+ECMTSTAT: 0,1\r\n");
    // One shared timer waited 10 s on the stalled module each round before this session's turn.
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    assertThat(logged()).anyMatch(l -> l.equals("fault [2]: dropped broker link of client 0"));
    assertThat(server.modules()).hasSize(2); // the stalled one is still there, still stalled
  }

  @Test
  void theTrafficLogHidesSecretsInEveryForm() throws Exception {
    start(FakeModuleServer.Options.builder().echo(true));
    Wire w = wire();
    w.send("AT+ECMTCFG=\"ssl\",\"psk\",\"qzqz\",\"id-1\"\r\n");
    w.expect("AT+ECMTCFG=\"ssl\",\"psk\",\"qzqz\",\"id-1\"\r\nERROR\r\n");
    w.send("\0AT+ECMTCONN=0,\"id\",\"u\",\"zzqq\"\r\n");
    w.expect("AT+ECMTCONN=0,\"id\",\"u\",\"zzqq\"\r\nERROR\r\n"); // NUL is not echoed
    w.send("at+ecmtcfg=\"aliauth\",0,\"pk\",\"dn\",\"qqzz\"\r\n");
    w.expect("at+ecmtcfg=\"aliauth\",0,\"pk\",\"dn\",\"qqzz\"\r\nOK\r\n");
    w.send("AT+ECMTCFG=\"aliauth\",0\r\n");
    w.expect("AT+ECMTCFG=\"aliauth\",0\r\n+ECMTCFG: \"aliauth\",dn,qqzz,pk\r\n\r\nOK\r\n");
    w.send("AT+ECMTCONN=0,\"id\",\"u\",\"q");
    w.send("zqz\"\r\n");
    w.expect("AT+ECMTCONN=0,\"id\",\"u\",\"qzqz\"\r\n+CME ERROR: 3\r\n");
    awaitTrue("the last answer logged", () -> log.contains("[1] < +CME ERROR: 3"));
    assertThat(String.join("\n", logged())).doesNotContainPattern("[qz]");
    assertThat(logged()).contains(
        "[1] > AT+ECMTCFG=\"ssl\",\"psk\",\"***\",\"id-1\"", "[1] < AT+ECMTCFG=\"ssl\",\"psk\",\"***\",\"id-1\"",
        "[1] > \0AT+ECMTCONN=0,\"id\",\"u\",\"***\"", "[1] < AT+ECMTCONN=0,\"id\",\"u\",\"***\"",
        "[1] > at+ecmtcfg=\"aliauth\",0,\"pk\",\"dn\",\"***\"", "[1] < +ECMTCFG: \"aliauth\",dn,***");
  }

  @Test
  void contradictingConnAndHangAfterActOnEachSession() throws Exception {
    start(FakeModuleServer.Options.builder()
        .contradictingConn(Duration.ofMillis(20))
        .hangAfter(Duration.ofSeconds(3)));
    for (String id : List.of("srv-contra-1", "srv-contra-2")) { // every CONNACK, not just the first
      Wire w = liveWire();
      w.send("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883\r\n");
      w.expect("\r\nOK\r\n");
      w.expect("\r\n+ECMTOPEN: 0,0\r\n");
      w.send("AT+ECMTCONN=0,\"" + id + "\",\"u\",\"p\"\r\n");
      w.expect("\r\nOK\r\n");
      w.expect("\r\n+ECMTCONN: 0,2,2\r\n");
      w.expect("\r\n+ECMTCONN: 0,0,0\r\n");
    }
    Wire first = (Wire) closeables.get(0);
    awaitTrue("the hang", () -> log.contains("fault [1]: stops answering"));
    first.send("AT\r\n");
    assertThat(readFor(first.s, Duration.ofMillis(300))).isEmpty();
  }

  @Test
  void withStatDelayTheDropTimerReportsLinkLossesLate() throws Exception {
    start(FakeModuleServer.Options.builder()
        .dropLinkEvery(Duration.ofMillis(300))
        .statDelay(Duration.ofMillis(1500)));
    Wire w = liveWire();
    w.send("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883\r\n");
    w.expect("\r\nOK\r\n");
    w.expect("\r\n+ECMTOPEN: 0,0\r\n");
    awaitTrue("a drop", () -> log.contains("fault [1]: dropped broker link of client 0"));
    long dropSeen = System.nanoTime();
    w.expect("\r\n+ECMTSTAT: 0,1\r\n");
    // At least the delay minus how late this thread may have seen the log line.
    assertThat(Duration.ofNanos(System.nanoTime() - dropSeen)).isGreaterThan(Duration.ofMillis(1000));
  }

  @Test
  void optionsParseTheServiceFlags() {
    FakeModuleServer.Options o = FakeModuleServer.Options.parse("--listen", "127.0.0.1:0", "--max-connections", "5",
        "--output-buffer", "64k", "--log-line-max", "512", "--transcript-max", "1m", "--stat-delay", "50ms",
        "--hang-after", "2s", "--contradicting-conn", "5ms");
    assertThat(o.maxConnections()).isEqualTo(5);
    assertThat(o.outputBufferLimit()).isEqualTo(64 * 1024);
    assertThat(o.logLineLimit()).isEqualTo(512);
    assertThat(o.transcriptLimitBytes()).isEqualTo(1 << 20);
    assertThat(o.statDelay()).contains(Duration.ofMillis(50));
    assertThat(o.hangAfter()).contains(Duration.ofSeconds(2));
    assertThat(o.contradictingConn()).contains(Duration.ofMillis(5));
    assertThat(o.toBuilder().build().maxConnections()).isEqualTo(5);
    FakeModuleServer.Options d = FakeModuleServer.Options.builder().build();
    assertThat(d.maxConnections()).isEqualTo(64);
    assertThat(d.outputBufferLimit()).isEqualTo(1 << 20);
    assertThatThrownBy(() -> FakeModuleServer.Options.parse("--listen", "127.0.0.1:0", "--output-buffer", "lots"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
    assertThatThrownBy(() -> FakeModuleServer.Options.parse("--listen", "127.0.0.1:0", "--max-connections", "0"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------------------- helpers

  /** Sends {@code rounds} × 1000 {@code AT+ECMTCFG=?} (each ~260 bytes of answer) and reads nothing. */
  static void floodWithoutReading(Socket s, int rounds) {
    byte[] block = "AT+ECMTCFG=?\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    try {
      for (int i = 0; i < rounds; i++) {
        s.getOutputStream().write(block);
      }
    } catch (IOException closedByTheServer) {
      // expected once the server gave up on this host
    }
  }

  static void assertEndOfStream(Socket s) throws IOException {
    s.setSoTimeout((int) FakeModuleServerTest.WAIT.toMillis());
    try {
      assertThat(s.getInputStream().read()).as("end of stream").isEqualTo(-1);
    } catch (SocketException reset) {
      // closed at once: a reset is as good as an end of stream
    }
  }

  /** Whatever arrives within {@code d}. */
  static String readFor(Socket s, Duration d) throws IOException {
    s.setSoTimeout(20);
    InputStream in = s.getInputStream();
    StringBuilder got = new StringBuilder();
    long deadline = System.nanoTime() + d.toNanos();
    byte[] buf = new byte[256];
    while (System.nanoTime() < deadline) {
      try {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      } catch (SocketTimeoutException again) {
        // keep listening until the deadline
      }
    }
    return got.toString();
  }
}
