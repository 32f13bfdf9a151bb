package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The MQTT side against a real embedded broker, byte for byte on the serial side. */
class FakeModuleMqttTest extends FakeModuleTestBase {

  @Test
  void seedSessionByteForByte() throws Exception {
    start();
    BrokerClient.Subscription seen = observer("obs-seed").subscribe("test", 2);
    BrokerClient.Subscription seenT = observer("obs-seed-t").subscribe("t", 1);

    host.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTOPEN: 0,0\r\n");
    host.at("AT+ECMTOPEN?");
    host.expect("\r\n+ECMTOPEN:0,\"test.mosquitto.org\",1883\r\n\r\nOK\r\n");
    host.at("AT+ECMTCONN=0,\"id\",\"u\",\"p\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTCONN: 0,0,0\r\n");

    host.at("AT+ECMTPUB=0,1,1,0,\"t\"");
    host.expect("\r\n> ");
    host.send("hello\u001a");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTPUB: 0,1,0\r\n");
    ReceivedMessage m = seenT.poll(WAIT);
    assertThat(m.payloadUtf8()).isEqualTo("hello");
    assertThat(m.qos()).isEqualTo(1);

    host.at("AT+ECMTCONN?");
    host.expect("\r\n+ECMTCONN:0,3\r\n\r\nOK\r\n");

    host.at("AT+ECMTPUB=0,0,0,0,\"test\",\"hello\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTPUB: 0,0,0\r\n");
    m = seen.poll(WAIT);
    assertThat(m.topic()).isEqualTo("test");
    assertThat(m.payloadUtf8()).isEqualTo("hello");

    host.at("AT+ECMTSUB=0,1,\"test\",2");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTSUB: 0,1,0,1\r\n"); // EC616S: count of return codes
    observer("pub-seed").publish("test", "hello", 0, false);
    host.expect("\r\n+ECMTRECV: 0,0,\"test\",hello\r\n");

    host.at("AT+ECMTUNS=0,4,\"test\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTUNS: 0,4,0\r\n");
    host.at("AT+ECMTDISC=0");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTDISC: 0,0\r\n");
    host.at("AT+ECMTSUB=0,2,\"t\",1");
    host.expect("\r\n+CME ERROR: 3\r\n");
    host.at("AT+ECMTCONN?");
    host.expect("\r\nOK\r\n");
    module.assertNoViolations();
  }

  @Test
  void qos1And2BothWays() throws Exception {
    start();
    BrokerClient obs = observer("obs-qos");
    BrokerClient.Subscription seen = obs.subscribe("q/out", 2);
    openAndConnect("dev-qos");
    host.at("AT+ECMTSUB=0,7,\"q/in\",2");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTSUB: 0,7,0,1\r\n");

    host.at("AT+ECMTPUB=0,5,1,0,\"q/out\",\"one\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTPUB: 0,5,0\r\n");
    host.at("AT+ECMTPUB=0,6,2,0,\"q/out\",\"two\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTPUB: 0,6,0\r\n"); // on PUBCOMP, after our PUBREL
    ReceivedMessage one = seen.poll(WAIT);
    ReceivedMessage two = seen.poll(WAIT);
    assertThat(one.payloadUtf8()).isEqualTo("one");
    assertThat(one.qos()).isEqualTo(1);
    assertThat(two.payloadUtf8()).isEqualTo("two");
    assertThat(two.qos()).isEqualTo(2);

    // Broker side: publish() blocks until PUBACK / PUBCOMP, which the module sends itself.
    obs.publish("q/in", "in1", 1, false);
    assertRecv(host.readUntil("in1\r\n"), "q/in", "in1");
    obs.publish("q/in", "in2", 2, false);
    assertRecv(host.readUntil("in2\r\n"), "q/in", "in2");
    module.assertNoViolations();
  }

  private static void assertRecv(String out, String topic, String payload) {
    Matcher m = Pattern.compile("\r\n\\+ECMTRECV: 0,(\\d+),\"" + Pattern.quote(topic) + "\","
        + Pattern.quote(payload) + "\r\n").matcher(out);
    assertThat(m.matches()).as(RawHost.show(out)).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isPositive();
  }

  @Test
  void reopenIsAcceptedWithoutUrcAndReconnectToo() throws Exception {
    start();
    openAndConnect("dev-reopen");
    host.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTCONN=0,\"dev-reopen\",\"u\",\"p\"");
    host.expect("\r\nOK\r\n");
    host.expectNothing(SHORT);
  }

  @Test
  void connectRequiresOpenAndOpenFailureGivesMinusOne() throws Exception {
    java.net.InetSocketAddress dead = unusedLoopbackPort();
    start(FakeModule.builder().printRdy(false).route("dead.example", 1883, dead));
    host.at("AT+ECMTCONN=0");
    host.expect("\r\n+CME ERROR: 3\r\n");
    host.at("AT+ECMTOPEN=0,\"dead.example\",1883");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTOPEN: 0,-1\r\n");
    host.at("AT+ECMTOPEN=0,\"unrouted.example\",1883"); // offline: no route, no DNS
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTOPEN: 0,-1\r\n");
    host.at("AT+ECMTCLOSE=0");
    host.expect("\r\n+CME ERROR: 3\r\n");
  }

  @Test
  void closeSendsUrcAndDestroysContext() throws Exception {
    start();
    host.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTOPEN: 0,0\r\n");
    host.at("AT+ECMTCLOSE=0");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTCLOSE: 0,0\r\n");
    host.at("AT+ECMTOPEN?");
    host.expect("\r\nOK\r\n");
  }

  @Test
  void promptPublishCarriesCrLfAndEscCancels() throws Exception {
    start();
    BrokerClient.Subscription seen = observer("obs-prompt").subscribe("p", 1);
    openAndConnect("dev-prompt");
    host.at("AT+ECMTPUB=0,0,0,0,\"p\"");
    host.expect("\r\n> ");
    host.sendUtf8("line1\r\nline2 \"q\", é\u001a");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTPUB: 0,0,0\r\n");
    assertThat(seen.poll(WAIT).payload())
        .isEqualTo("line1\r\nline2 \"q\", é".getBytes(StandardCharsets.UTF_8));

    host.at("AT+ECMTPUB=0,0,0,0,\"p\"");
    host.expect("\r\n> ");
    host.send("never\u001b");
    host.expect("\r\nOK\r\n");
    host.expectNothing(SHORT);
    assertThat(seen.poll(SHORT)).isNull();
  }

  @Test
  void promptGuardTimerPrintsError() throws Exception {
    start(builder().promptGuardTimeout(java.time.Duration.ofMillis(200)));
    openAndConnect("dev-guard");
    host.at("AT+ECMTPUB=0,0,0,0,\"p\"");
    host.expect("\r\n> ");
    host.send("partial");
    host.expect("\r\nERROR\r\n");
    host.at("AT"); // back in command mode
    host.expect("\r\nOK\r\n");
  }

  @Test
  void stringPublishKeepsInnerQuotesAndCommas() throws Exception {
    start();
    BrokerClient.Subscription seen = observer("obs-json").subscribe("j", 0);
    openAndConnect("dev-json");
    host.at("AT+ECMTPUB=0,3,1,1,\"j\",\"{\"a\":1,\"b\":\"x\"}\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTPUB: 0,3,0\r\n");
    ReceivedMessage m = seen.poll(WAIT);
    assertThat(m.payloadUtf8()).isEqualTo("{\"a\":1,\"b\":\"x\"}");
    // retain=1 reached the broker: a late subscriber gets it as retained (Moquette keeps QoS > 0 only).
    ReceivedMessage retained = observer("obs-json-late").subscribe("j", 0).poll(WAIT);
    assertThat(retained.retain()).isTrue();
    observer("obs-json-clear").publish("j", new byte[0], 1, true);
  }

  @Test
  void multiLineRecvIsPrintedRawTrailingCrLfStrippedCutAtNul() throws Exception {
    start();
    openAndConnect("dev-ml");
    host.at("AT+ECMTSUB=0,1,\"ml/#\",0");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTSUB: 0,1,0,1\r\n");
    BrokerClient pub = observer("pub-ml");
    pub.publish("ml/a", "{\r\n    \"command\": \"putdown\"\r\n}\r\n", 0, false);
    host.expect("\r\n+ECMTRECV: 0,0,\"ml/a\",{\r\n    \"command\": \"putdown\"\r\n}\r\n");
    pub.publish("ml/b", "abc\u0000def", 0, false);
    host.expect("\r\n+ECMTRECV: 0,0,\"ml/b\",abc\r\n");
    pub.publish("ml/c", "x\n\n\n", 0, false);
    host.expect("\r\n+ECMTRECV: 0,0,\"ml/c\",x\n\r\n");
  }

  @Test
  void discForgetsConfiguration() throws Exception {
    start();
    host.at("AT+ECMTCFG=\"keepalive\",0,60");
    host.expect("\r\nOK\r\n");
    openAndConnect("dev-disc");
    host.at("AT+ECMTCFG=\"keepalive\",0");
    host.expect("\r\n+ECMTCFG: \"keepalive\",60\r\n\r\nOK\r\n");
    host.at("AT+ECMTDISC=0");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTDISC: 0,0\r\n");
    host.at("AT+ECMTCFG=\"keepalive\",0");
    host.expect("\r\n+CME ERROR: 3\r\n");
    host.at("AT+ECMTDISC=0");
    host.expect("\r\n+CME ERROR: 3\r\n");
  }

  @Test
  void ec616sDropsClientIdUnlessAllCredentialsGiven() throws Exception {
    start();
    host.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTOPEN: 0,0\r\n");
    host.at("AT+ECMTCONN=0,\"only-id-ec616s\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTCONN: 0,0,0\r\n");
    assertThat(broker.server().listConnectedClients())
        .noneMatch(c -> c.getClientID().equals("only-id-ec616s"));
  }

  @Test
  void genericProfileHasFiveClientsAndPrintsGrantedQos() throws Exception {
    start(builder().profile(FakeProfile.GENERIC));
    host.at("AT+ECMTOPEN=3,\"test.mosquitto.org\",1883");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTOPEN: 3,0\r\n");
    host.at("AT+ECMTCONN=3,\"only-id-generic\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTCONN: 3,0,0\r\n");
    // Moquette lists a session shortly after its CONNACK.
    awaitTrue("only-id-generic listed by the broker", () -> broker.server().listConnectedClients().stream()
        .anyMatch(c -> c.getClientID().equals("only-id-generic")));
    host.at("AT+ECMTSUB=3,9,\"g\",2");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTSUB: 3,9,0,2\r\n");
    host.at("AT+ECMTOPEN=5,\"test.mosquitto.org\",1883");
    host.expect("\r\n+CME ERROR: 3\r\n");
  }

  @Test
  void willIsDeliveredWhenTheLinkDrops() throws Exception {
    start();
    BrokerClient.Subscription wills = observer("obs-will").subscribe("will/dev", 1);
    host.at("AT+ECMTCFG=\"will\",0,1,1,0,\"will/dev\",\"gone\"");
    host.expect("\r\nOK\r\n");
    openAndConnect("dev-will");
    module.apply(Fault.dropBrokerLink(0));
    host.expect("\r\n+ECMTSTAT: 0,1\r\n");
    assertThat(wills.poll(WAIT).payloadUtf8()).isEqualTo("gone");
    host.at("AT+ECMTCONN?");
    host.expect("\r\n+ECMTCONN:0,4\r\n\r\nOK\r\n");
    host.at("AT+ECMTDISC=0"); // the robust host reaction after +ECMTSTAT
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTDISC: 0,0\r\n");
  }

  @Test
  void keepalivePingsKeepTheLinkUp() throws Exception {
    start();
    host.at("AT+ECMTCFG=\"keepalive\",0,1");
    host.expect("\r\nOK\r\n");
    openAndConnect("dev-ping");
    // The broker drops a client silent for 1.5 x keepalive; PINGREQ every second prevents it.
    host.expectNothing(Duration.ofMillis(2600));
    assertThat(broker.server().listConnectedClients()).anyMatch(c -> c.getClientID().equals("dev-ping"));
  }

  @Test
  void commandsAndPromptFedOneByteAtATime() throws Exception {
    start();
    BrokerClient.Subscription seen = observer("obs-frag").subscribe("frag", 0);
    openAndConnect("dev-frag");
    for (byte b : "AT+ECMTPUB=0,0,0,0,\"frag\"\r\n".getBytes(StandardCharsets.US_ASCII)) {
      host.sendBytes(new byte[] {b});
    }
    host.expect("\r\n> ");
    for (byte b : "ab\u001a".getBytes(StandardCharsets.US_ASCII)) {
      host.sendBytes(new byte[] {b});
    }
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTPUB: 0,0,0\r\n");
    assertThat(seen.poll(WAIT).payloadUtf8()).isEqualTo("ab");
  }

  @Test
  void embeddedBrokerBindsLoopbackOnAFreePort() {
    assertThat(broker.host()).isEqualTo("127.0.0.1");
    assertThat(broker.port()).isPositive();
    assertThat(broker.address().getPort()).isEqualTo(broker.port());
  }
}
