package io.ecmt.sdk.testkit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.Fault;
import io.ecmt.sdk.testkit.junit5.EcmtTestkitExtension;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK's supervisor against a module that reboots or loses its broker link. */
class SdkReconnectTest {
  static final long S = 10;

  final Events events = new Events();

  @RegisterExtension
  EcmtTestkitExtension testkit = EcmtTestkitExtension.builder()
      .reconnect(ReconnectPolicy.DEFAULT.withDelays(Duration.ofMillis(50), Duration.ofMillis(500)))
      .modem(b -> b.eventListener(events))
      .build();

  EcmtRxClient mqtt;
  String base;

  @BeforeEach
  void connect(TestInfo info) {
    base = "reconnect/" + info.getTestMethod().orElseThrow().getName() + "/" + System.nanoTime();
    mqtt = testkit.client().toRx();
    mqtt.open("test.mosquitto.org", 1883, ConnectOptions.builder()
        .clientId("dev-" + System.nanoTime()).credentials("u", "p").build()).blockingAwait(S, TimeUnit.SECONDS);
    mqtt.connect().timeout(S, TimeUnit.SECONDS).blockingGet();
    mqtt.subscribe(base + "/in", Qos.AT_LEAST_ONCE).timeout(S, TimeUnit.SECONDS).blockingGet();
  }

  private void awaitBackConnected(TestSubscriber<ClientStateChange> states) {
    Await.until("left CONNECTED", () -> states.values().stream().anyMatch(s -> s.current() != ClientState.CONNECTED));
    Await.until("CONNECTED again", () -> {
      var v = states.values();
      return !v.isEmpty() && v.get(v.size() - 1).current() == ClientState.CONNECTED && v.size() > 1;
    });
  }

  private long subscribeCommands() {
    return testkit.module().transcript().commands().stream()
        .filter(c -> c.startsWith("AT+ECMTSUB=0,") && c.contains("\"" + base + "/in\"")).count();
  }

  @Test
  void afterARebootTheClientComesBackConnectedAndResubscribed() throws Exception {
    TestSubscriber<ClientStateChange> states = mqtt.states().test();
    TestSubscriber<IncomingMessage> in = mqtt.messages(base + "/in").test();

    testkit.module().apply(Fault.reboot());

    awaitBackConnected(states);
    assertThat(events.reboots.poll(S, TimeUnit.SECONDS)).isNotNull();
    Await.until("re-subscribed", () -> subscribeCommands() == 2);
    // The broker acknowledged it (CONNECTED comes a moment before, with the connect's outcome).
    assertThat(events.restored.poll(S, TimeUnit.SECONDS)).isEqualTo(base + "/in");
    testkit.brokerClient().publish(base + "/in", "after reboot", 1, false);
    in.awaitCount(1);
    assertThat(in.values().get(0).payloadAsString()).isEqualTo("after reboot");
  }

  @Test
  void afterALinkDropAQos1PublishMadeDuringTheOutageIsDelivered() throws Exception {
    BrokerClient.Subscription seen = testkit.brokerClient().subscribe(base + "/out", 1);
    TestSubscriber<ClientStateChange> states = mqtt.states().test();
    // Widen the outage: the re-open's outcome comes 400 ms late.
    testkit.module().apply(Fault.delayUrc("+ECMTOPEN", Duration.ofMillis(400)));

    testkit.module().apply(Fault.dropBrokerLink(0));
    Await.until("outage seen", () -> mqtt.state() != ClientState.CONNECTED);
    CompletableFuture<PublishResult> during = mqtt.publish(
            Publish.builder().topic(base + "/out").payload("during outage").qos(Qos.AT_LEAST_ONCE).build())
        .toCompletionStage().toCompletableFuture();

    awaitBackConnected(states);
    assertThat(during.get(S, TimeUnit.SECONDS).msgId()).isPositive();
    assertThat(seen.poll(Await.WAIT).payloadUtf8()).isEqualTo("during outage");
    assertThat(states.values()).anyMatch(s -> s.current() == ClientState.LOST || s.current() == ClientState.RECONNECTING);
    Await.until("re-subscribed", () -> subscribeCommands() == 2);
  }
}
