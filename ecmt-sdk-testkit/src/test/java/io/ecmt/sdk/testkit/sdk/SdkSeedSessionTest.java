package io.ecmt.sdk.testkit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.EcmtAsyncClient;
import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.SubAck;
import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.junit5.EcmtTestkitExtension;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's whole session through the SDK on FakeModule + EmbeddedBroker, in each view:
 * open("test.mosquitto.org", 1883) routed locally, connect, subscribe QoS 2, publish, receive it
 * back, unsubscribe, disconnect.
 */
class SdkSeedSessionTest {
  static final String TOPIC = "home/garden/fountain/2";
  static final long WAIT_S = 10;

  @RegisterExtension
  EcmtTestkitExtension testkit = EcmtTestkitExtension.builder().build();

  @Test
  void rx() throws Exception {
    EcmtRxClient mqtt = testkit.client().toRx();
    BrokerClient.Subscription seen = testkit.brokerClient().subscribe(TOPIC, 2);

    mqtt.open("test.mosquitto.org", 1883).blockingAwait(WAIT_S, TimeUnit.SECONDS);
    mqtt.connect().timeout(WAIT_S, TimeUnit.SECONDS).blockingGet();
    SubAck ack = mqtt.subscribe(TOPIC, Qos.EXACTLY_ONCE).timeout(WAIT_S, TimeUnit.SECONDS).blockingGet();
    assertThat(ack.filter()).isEqualTo(TOPIC);
    TestSubscriber<IncomingMessage> in = mqtt.messages(TOPIC).test();

    PublishResult r = mqtt.publish(Publish.of(TOPIC, "hello world")).timeout(WAIT_S, TimeUnit.SECONDS).blockingGet();
    assertThat(r.msgId()).isZero(); // QoS 0

    in.awaitCount(1);
    in.assertValueCount(1);
    assertThat(in.values().get(0).payloadAsString()).isEqualTo("hello world");
    assertThat(in.values().get(0).topic()).isEqualTo(TOPIC);
    assertThat(seen.poll(Await.WAIT).payloadUtf8()).isEqualTo("hello world");

    mqtt.unsubscribe(TOPIC).blockingAwait(WAIT_S, TimeUnit.SECONDS);
    mqtt.disconnect().blockingAwait(WAIT_S, TimeUnit.SECONDS);
    assertThat(mqtt.state()).isEqualTo(ClientState.CLOSED);

    List<String> cmds = testkit.module().transcript().commands();
    assertThat(cmds).contains("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883", "AT+ECMTDISC=0");
    assertThat(cmds).anyMatch(c -> c.startsWith("AT+ECMTSUB=0,") && c.endsWith(",\"" + TOPIC + "\",2"));
    assertThat(cmds).anyMatch(c -> c.startsWith("AT+ECMTUNS=0,") && c.endsWith(",\"" + TOPIC + "\""));
    assertThat(new String(testkit.module().transcript().sent(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\r\n+ECMTRECV: 0,0,\"" + TOPIC + "\",hello world\r\n");
  }

  @Test
  void async() throws Exception {
    EcmtAsyncClient mqtt = testkit.client().toAsync();
    java.util.concurrent.BlockingQueue<IncomingMessage> in = new java.util.concurrent.LinkedBlockingQueue<>();

    mqtt.open("test.mosquitto.org", 1883).get(WAIT_S, TimeUnit.SECONDS);
    mqtt.connect().get(WAIT_S, TimeUnit.SECONDS);
    mqtt.subscribe(TOPIC, Qos.EXACTLY_ONCE).get(WAIT_S, TimeUnit.SECONDS);
    try (AutoCloseable handle = mqtt.onMessage(TOPIC, in::add)) {
      mqtt.publish(Publish.of(TOPIC, "hello world")).get(WAIT_S, TimeUnit.SECONDS);
      IncomingMessage m = in.poll(WAIT_S, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.payloadAsString()).isEqualTo("hello world");
    }
    mqtt.unsubscribe(TOPIC).get(WAIT_S, TimeUnit.SECONDS);
    mqtt.disconnect().get(WAIT_S, TimeUnit.SECONDS);
    assertThat(mqtt.state()).isEqualTo(ClientState.CLOSED);
  }

  @Test
  void blocking() throws Exception {
    EcmtBlockingClient mqtt = testkit.client().toBlocking();
    mqtt.open("test.mosquitto.org", 1883);
    mqtt.connect();
    mqtt.subscribe(TOPIC, Qos.EXACTLY_ONCE);
    try (EcmtBlockingClient.Messages in = mqtt.messages(TOPIC)) {
      mqtt.publish(Publish.builder().topic(TOPIC).payload("hello world").qos(Qos.EXACTLY_ONCE).build());
      IncomingMessage m = in.receive(Duration.ofSeconds(WAIT_S)).orElseThrow();
      assertThat(m.payloadAsString()).isEqualTo("hello world");
      assertThat(m.msgId()).isPositive(); // QoS 2 came back with a packet id
    }
    mqtt.unsubscribe(TOPIC);
    mqtt.disconnect();
    assertThat(mqtt.state()).isEqualTo(ClientState.CLOSED);
  }
}
