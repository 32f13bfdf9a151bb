package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the fake module acts like the firmware when the broker link degrades. The module runs
 * on virtual time; the broker is a {@link ScriptedBroker} that answers bytes the test chooses.
 */
class FakeModuleLinkFidelityTest {
  private final TestScheduler time = new TestScheduler();
  private ScriptedBroker broker;
  private FakeModule module;
  private RawHost host;

  @AfterEach
  void close() throws IOException {
    if (module != null) {
      module.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private void start(java.util.function.Function<ScriptedBroker.Packet, byte[]> script) throws IOException {
    broker = new ScriptedBroker(script);
    module = FakeModule.builder().scheduler(time).printRdy(false).defaultRoute(broker.address()).build();
    InMemoryPipe pipe = InMemoryPipe.create();
    host = new RawHost(pipe);
    module.start(pipe.moduleEnd());
  }

  private void at(String line) throws IOException {
    host.at(line);
  }

  /** Runs the module's due work until {@code c} holds (network callbacks arrive in real time). */
  private void pump(String what, BooleanSupplier c) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      time.triggerActions();
      if (c.getAsBoolean()) {
        return;
      }
      assertThat(System.nanoTime() < deadline).as("waiting for " + what + ", got " + host.output()).isTrue();
      LockSupport.parkNanos(2_000_000L);
    }
  }

  private void awaitOutput(String text) {
    pump(RawHost.show(text), () -> host.output().contains(text));
  }

  /** Advances virtual time second by second, letting the network catch up at each step. */
  private void advanceSeconds(int seconds) {
    for (int i = 0; i < seconds * 10; i++) {
      time.advanceTimeBy(100, TimeUnit.MILLISECONDS);
      for (int k = 0; k < 5; k++) {
        LockSupport.parkNanos(1_000_000L);
        time.triggerActions();
      }
    }
  }

  private void openAndConnect() throws IOException {
    at("AT+ECMTOPEN=0,\"broker\",1883");
    awaitOutput("+ECMTOPEN: 0,0\r\n");
    at("AT+ECMTCONN=0,\"c1\",\"u\",\"p\"");
    awaitOutput("+ECMTCONN: 0,0,0\r\n");
  }

  @Test
  void moreThanThreeUnansweredPingsEndTheLink() throws IOException {
    start(ScriptedBroker::connAckOnly);
    at("AT+ECMTCFG=\"keepalive\",0,2");
    awaitOutput("OK\r\n");
    openAndConnect();
    advanceSeconds(9); // pings at 2, 4, 6, 8 s: four unanswered, not more
    pump("four pings", () -> broker.count(ScriptedBroker.PINGREQ) == 4);
    assertThat(host.output()).doesNotContain("+ECMTSTAT");
    host.take();
    at("AT+ECMTCONN?");
    awaitOutput("\r\n+ECMTCONN:0,3\r\n\r\nOK\r\n");

    advanceSeconds(1); // the fifth keepalive period ends with four pings unanswered
    awaitOutput("\r\n+ECMTSTAT: 0,1\r\n");
    pump("the TCP link closed", broker::peerClosed);
    host.take();
    at("AT+ECMTCONN?");
    awaitOutput("OK\r\n");
    assertThat(host.output()).doesNotContain("+ECMTCONN:0,3");
  }

  @Test
  void answeredPingsKeepTheLink() throws IOException {
    start(p -> p.type() == ScriptedBroker.PINGREQ ? ScriptedBroker.bytes(0xD0, 0x00) : ScriptedBroker.connAckOnly(p));
    at("AT+ECMTCFG=\"keepalive\",0,2");
    awaitOutput("OK\r\n");
    openAndConnect();
    advanceSeconds(14);
    pump("seven pings", () -> broker.count(ScriptedBroker.PINGREQ) >= 7);
    assertThat(host.output()).doesNotContain("+ECMTSTAT");
  }

  private static java.util.function.Function<ScriptedBroker.Packet, byte[]> connAckWith(byte[] reply) {
    return p -> p.type() == ScriptedBroker.CONNECT ? reply : null;
  }

  private void connectExpecting(String outcome) throws IOException {
    at("AT+ECMTOPEN=0,\"broker\",1883");
    awaitOutput("+ECMTOPEN: 0,0\r\n");
    at("AT+ECMTCONN=0,\"c1\",\"u\",\"p\"");
    awaitOutput(outcome);
  }

  @Test
  void aConnAckOfTheWrongLengthIsMalformed() throws IOException {
    start(connAckWith(ScriptedBroker.bytes(0x20, 0x03, 0x00, 0x00, 0x00)));
    connectExpecting("\r\n+ECMTCONN: 0,0,6\r\n");
    assertThat(host.output()).doesNotContain("+ECMTCONN: 0,0,0").doesNotContain("+ECMTSTAT");
  }

  @Test
  void anotherPacketInsteadOfTheConnAckIsAMalformedConnAck() throws IOException {
    start(connAckWith(ScriptedBroker.bytes(0x90, 0x03, 0x00, 0x01, 0x00))); // a SUBACK
    connectExpecting("\r\n+ECMTCONN: 0,0,6\r\n");
  }

  @Test
  void aQos2PublishWithPacketIdZeroEndsTheLink() throws IOException {
    start(ScriptedBroker::connAckOnly);
    openAndConnect();
    broker.send(ScriptedBroker.packet(0x34, ScriptedBroker.bytes(0x00, 0x01, 't', 0x00, 0x00, 'x')));
    awaitOutput("\r\n+ECMTSTAT: 0,1\r\n");
    pump("the TCP link closed", broker::peerClosed);
    assertThat(host.output()).doesNotContain("+ECMTRECV");
  }

  @Test
  void anInboundPublishOverEightKilobytesEndsTheLink() throws IOException {
    start(ScriptedBroker::connAckOnly);
    openAndConnect();
    byte[] body = new byte[3 + 9000];
    body[1] = 1;
    body[2] = 't';
    java.util.Arrays.fill(body, 3, body.length, (byte) 'x');
    broker.send(ScriptedBroker.packet(0x30, body));
    awaitOutput("\r\n+ECMTSTAT: 0,1\r\n");
    assertThat(host.output()).doesNotContain("+ECMTRECV");
  }

  private ScriptedBroker.Packet first(int type) {
    pump("a packet of type " + type, () -> broker.count(type) > 0);
    return broker.packets().stream().filter(p -> p.type() == type).findFirst().orElseThrow();
  }

  @Test
  void ec616sSendsNoCredentialsUnlessAllThreeAreNonEmpty() throws IOException {
    start(ScriptedBroker::connAckOnly);
    at("AT+ECMTOPEN=0,\"broker\",1883");
    awaitOutput("+ECMTOPEN: 0,0\r\n");
    at("AT+ECMTCONN=0,\"c1\",\"\",\"\"");
    awaitOutput("+ECMTCONN: 0,0,0\r\n");
    byte[] body = first(ScriptedBroker.CONNECT).body();
    assertThat(body[7] & 0xC0).as("user name and password flags").isZero();
    assertThat(body[10] << 8 | body[11]).as("client id length").isZero();
  }

  @Test
  void msgIdZeroWithQos1IsNotChecked() throws IOException {
    start(ScriptedBroker::connAckOnly);
    openAndConnect();
    at("AT+ECMTPUB=0,0,1,0,\"t\",\"hi\"");
    awaitOutput("\r\nOK\r\n");
    ScriptedBroker.Packet p = first(ScriptedBroker.PUBLISH);
    assertThat(p.header()).isEqualTo(0x32);
    assertThat(java.util.Arrays.copyOfRange(p.body(), 3, 5)).containsExactly(0, 0); // packet id 0
    assertThat(new String(p.body(), 5, p.body().length - 5, StandardCharsets.ISO_8859_1)).isEqualTo("hi");
  }

  @Test
  void aSubscribeWhoseWriteFailsAsTheLinkDropsPrintsTheValueField() throws IOException {
    start(ScriptedBroker::connAckOnly);
    openAndConnect();
    module.apply(Fault.brokerLatency(java.time.Duration.ofSeconds(1)));
    time.triggerActions();
    at("AT+ECMTSUB=0,5,\"t\",1");
    awaitOutput("\r\nOK\r\n");
    module.apply(Fault.dropBrokerLink(0));
    pump("the TCP link closed", broker::peerClosed);
    host.take();
    advanceSeconds(2);
    awaitOutput("\r\n+ECMTSUB: 0,5,2,0\r\n");
  }
}
