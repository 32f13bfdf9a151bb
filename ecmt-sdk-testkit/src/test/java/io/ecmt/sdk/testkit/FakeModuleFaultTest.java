package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each fault effect and what it does to the byte stream. */
class FakeModuleFaultTest extends FakeModuleTestBase {

  @Test
  void dropBrokerLinkPrintsStat() throws Exception {
    start();
    openAndConnect("f-drop");
    module.apply(Fault.dropBrokerLink(0));
    host.expect("\r\n+ECMTSTAT: 0,1\r\n");
    host.expectNothing(SHORT);
  }

  @Test
  void brokerSideDisconnectIsALinkLossToo() throws Exception {
    start();
    openAndConnect("f-kick");
    assertThat(broker.server().disconnectClient("f-kick")).isTrue();
    host.expect("\r\n+ECMTSTAT: 0,1\r\n");
  }

  @Test
  void swallowedAcksMeanNoUrc() throws Exception {
    start();
    BrokerClient.Subscription seen = observer("f-swallow-obs").subscribe("sw", 1);
    openAndConnect("f-swallow");
    module.apply(Fault.swallowAcks(1));
    host.at("AT+ECMTPUB=0,1,1,0,\"sw\",\"x\"");
    host.expect("\r\nOK\r\n");
    assertThat(seen.poll(WAIT).payloadUtf8()).isEqualTo("x"); // it did cross the broker ...
    host.expectNothing(SHORT); // ... but the PUBACK was swallowed: no +ECMTPUB ever
    host.at("AT+ECMTPUB=0,2,1,0,\"sw\",\"y\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTPUB: 0,2,0\r\n");
  }

  @Test
  void failNextCommand() throws Exception {
    start();
    module.apply(Fault.errorOnNextCommand());
    module.apply(Fault.cmeErrorOnNextCommand(7));
    host.at("AT");
    host.expect("\r\nERROR\r\n");
    host.at("AT");
    host.expect("\r\n+CME ERROR: 7\r\n");
    host.at("AT");
    host.expect("\r\nOK\r\n");
    module.assertNoViolations(); // injected errors are not the host's fault
  }

  @Test
  void delayDuplicateAndSwallowUrcs() throws Exception {
    start();
    module.apply(Fault.delayUrc("+ECMTOPEN", Duration.ofMillis(200)));
    long t0 = System.nanoTime();
    host.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTOPEN: 0,0\r\n");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

    module.apply(Fault.duplicateUrc("+ECMTCONN"));
    host.at("AT+ECMTCONN=0,\"f-urc\",\"u\",\"p\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTCONN: 0,0,0\r\n\r\n+ECMTCONN: 0,0,0\r\n");

    module.apply(Fault.swallowUrc("+ECMTSUB"));
    host.at("AT+ECMTSUB=0,1,\"s\",0");
    host.expect("\r\nOK\r\n");
    host.expectNothing(SHORT);
  }

  @Test
  void injectLines() throws Exception {
    start();
    module.apply(Fault.injectLine("+ECMTSTAT: 0,1"));
    host.expect("\r\n+ECMTSTAT: 0,1\r\n");
    module.apply(Fault.injectRaw("\u0000garbage\r\nRDY"));
    host.expect("\u0000garbage\r\nRDY");
  }

  @Test
  void rebootForgetsEverythingWithoutStat() throws Exception {
    start();
    openAndConnect("f-reboot");
    module.apply(Fault.reboot());
    host.expect("\r\nRDY\r\n");
    host.expectNothing(SHORT); // links closed without +ECMTSTAT
    host.at("AT+ECMTCONN?");
    host.expect("AT+ECMTCONN?\r\nOK\r\n"); // echo is back on, no client state
    host.at("AT+ECMTSUB=0,1,\"s\",0");
    host.expect("AT+ECMTSUB=0,1,\"s\",0\r\n+CME ERROR: 3\r\n");
  }

  @Test
  void chunkOutputSplitsWrites() throws Exception {
    start();
    module.apply(Fault.chunkOutput(3));
    host.at("AT+CEREG?");
    host.expect("\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
    List<Transcript.Entry> out = module.transcript().entries().stream()
        .filter(e -> e.direction() == Transcript.Direction.MODULE_TO_HOST && e.kind() == Transcript.Kind.BYTES)
        .toList();
    assertThat(out).hasSizeGreaterThan(5).allMatch(e -> e.bytes().length <= 3);
  }

  @Test
  void throttleToBaudRate() throws Exception {
    start();
    module.apply(Fault.throttle(1200)); // 120 bytes per second
    long t0 = System.nanoTime();
    host.at("AT+CEREG?"); // 21 bytes of answer: 175 ms
    host.expect("\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(170));
  }

  @Test
  void brokerLatencyDelaysOutcomes() throws Exception {
    start();
    module.apply(Fault.brokerLatency(Duration.ofMillis(150)));
    long t0 = System.nanoTime();
    host.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTOPEN: 0,0\r\n");
    host.at("AT+ECMTCONN=0,\"f-lat\",\"u\",\"p\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTCONN: 0,0,0\r\n"); // CONNECT +150 ms, CONNACK +150 ms
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void serializedMqttWorkWaitsForThePreviousOutcome() throws Exception {
    start();
    openAndConnect("f-serial");
    module.apply(Fault.serializeMqtt(true));
    module.apply(Fault.swallowAcks(1));
    host.at("AT+ECMTPUB=0,1,1,0,\"ser\",\"a\"");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTPUB=0,0,0,0,\"ser\",\"b\"");
    host.expect("\r\nOK\r\n");
    host.expectNothing(SHORT); // QoS 0 would report at once, but it queues behind the lost PUBACK
    module.apply(Fault.dropBrokerLink(0)); // link loss frees the MQTT task
    host.expect("\r\n+ECMTSTAT: 0,1\r\n");
  }

  @Test
  void scriptedReplyOverridesTheNextMatchingCommand() throws Exception {
    start();
    module.apply(Fault.scriptedReply("AT+ECMTOPEN?", "\r\n+ECMTOPEN:0,\"scripted\",1883\r\n\r\nOK\r\n"));
    host.at("AT+ECMTOPEN?");
    host.expect("\r\n+ECMTOPEN:0,\"scripted\",1883\r\n\r\nOK\r\n");
    host.at("AT+ECMTOPEN?");
    host.expect("\r\nOK\r\n");
  }
}
