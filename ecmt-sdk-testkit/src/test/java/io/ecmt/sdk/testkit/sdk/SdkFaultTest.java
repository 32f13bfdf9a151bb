package io.ecmt.sdk.testkit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.Operation;
import io.ecmt.sdk.exceptions.AtErrorException;
import io.ecmt.sdk.exceptions.CmeErrorException;
import io.ecmt.sdk.exceptions.LinkLostException;
import io.ecmt.sdk.exceptions.UrcTimeoutException;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.Fault;
import io.ecmt.sdk.testkit.Transcript;
import io.ecmt.sdk.testkit.junit5.EcmtTestkitExtension;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each fault effect of the fake module, and the typed outcome the SDK gives under it. */
class SdkFaultTest {
  static final long S = 10;
  /** Outcome timeouts short enough to test, long enough for a loaded CI machine. */
  static final EcmtTimeouts SHORT = new EcmtTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5),
      Duration.ofSeconds(5), Duration.ofMillis(800), Duration.ofMillis(800), Duration.ofMillis(800),
      Duration.ofSeconds(3), Duration.ofMillis(100));

  final Events events = new Events();

  @RegisterExtension
  EcmtTestkitExtension testkit = EcmtTestkitExtension.builder()
      .timeouts(SHORT)
      .modem(b -> b.eventListener(events))
      .build();

  EcmtRxClient mqtt;
  String base;

  @BeforeEach
  void names(TestInfo info) {
    base = "fault/" + info.getTestMethod().orElseThrow().getName() + "/" + System.nanoTime();
    mqtt = testkit.client().toRx();
  }

  void connect() {
    mqtt.open("test.mosquitto.org", 1883).blockingAwait(S, TimeUnit.SECONDS);
    mqtt.connect().timeout(S, TimeUnit.SECONDS).blockingGet();
  }

  PublishResult publish(String payload, Qos qos) {
    return mqtt.publish(Publish.builder().topic(base).payload(payload).qos(qos).build())
        .timeout(S, TimeUnit.SECONDS).blockingGet();
  }

  /** Subscribes now; the outcome can be waited for later. */
  static <T> CompletableFuture<T> start(Single<T> single) {
    return single.toCompletionStage().toCompletableFuture();
  }

  static CompletableFuture<Void> start(Completable completable) {
    return completable.<Void>toCompletionStage(null).toCompletableFuture();
  }

  /** The failure of an operation, waited for with a deadline. */
  static Throwable failureOf(CompletableFuture<?> f) throws Exception {
    try {
      Object v = f.get(S, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  /** Else the armed swallow would eat the next session's CONNACK instead. */
  void awaitPubackSwallowed() {
    Await.until("PUBACK swallowed", () -> testkit.module().transcript().entries().stream()
        .anyMatch(e -> e.kind() == Transcript.Kind.NOTE && e.text().startsWith("fault: swallowed PUBACK")));
  }

  @Test
  void swallowedSubackIsAUrcTimeout() throws Exception {
    connect();
    testkit.module().apply(Fault.swallowAcks(1));
    Throwable e = failureOf(start(mqtt.subscribe(base, Qos.AT_LEAST_ONCE)));
    assertThat(e).isInstanceOfSatisfying(UrcTimeoutException.class, t -> {
      assertThat(t.operation()).isEqualTo(Operation.SUBSCRIBE);
      assertThat(t.timeout()).isEqualTo(SHORT.subscribe());
      assertThat(t.msgId()).isPositive();
    });
    // The next operation works again.
    assertThat(mqtt.subscribe(base, Qos.AT_LEAST_ONCE).timeout(S, TimeUnit.SECONDS).blockingGet().filter()).isEqualTo(base);
  }

  @Test
  void swallowedPubackIsAUrcTimeoutWithTheMsgId() throws Exception {
    connect();
    testkit.module().apply(Fault.swallowAcks(1));
    Throwable e = failureOf(start(mqtt.publish(Publish.builder().topic(base).payload("x").qos(Qos.AT_LEAST_ONCE).build())));
    assertThat(e).isInstanceOfSatisfying(UrcTimeoutException.class, t -> {
      assertThat(t.operation()).isEqualTo(Operation.PUBLISH);
      assertThat(t.msgId()).isPositive();
      assertThat(testkit.module().transcript().commands())
          .anyMatch(c -> c.startsWith("AT+ECMTPUB=0," + t.msgId() + ",1,0,"));
    });
  }

  @Test
  void errorOnNextCommandIsAtErrorException() throws Exception {
    connect();
    testkit.module().apply(Fault.errorOnNextCommand());
    Throwable e = failureOf(start(mqtt.subscribe(base, Qos.AT_MOST_ONCE)));
    assertThat(e).isInstanceOfSatisfying(AtErrorException.class,
        t -> assertThat(t.getMessage()).contains("AT+ECMTSUB"));
    assertThat(mqtt.state()).isEqualTo(ClientState.CONNECTED);
    publish("still fine", Qos.AT_LEAST_ONCE);
  }

  @Test
  void cmeErrorOnNextCommandIsCmeErrorExceptionWithTheCode() throws Exception {
    connect();
    testkit.module().apply(Fault.cmeErrorOnNextCommand(4));
    Throwable e = failureOf(start(mqtt.publish(Publish.of(base, "x"))));
    assertThat(e).isInstanceOfSatisfying(CmeErrorException.class, t -> {
      assertThat(t.code()).isEqualTo(4);
      assertThat(t.isOperationNotAllowed()).isFalse();
      assertThat(t.command()).startsWith("AT+ECMTPUB=0,");
    });
    publish("still fine", Qos.AT_MOST_ONCE);
  }

  @Test
  void notAllowedWhileConnectedMeansTheModuleLostItsLink() throws Exception {
    connect();
    testkit.module().apply(Fault.cmeErrorOnNextCommand(3));
    Throwable e = failureOf(start(mqtt.publish(Publish.of(base, "x"))));
    assertThat(e).isInstanceOfSatisfying(CmeErrorException.class, t -> assertThat(t.isOperationNotAllowed()).isTrue());
    assertThat(mqtt.state()).isEqualTo(ClientState.LOST); // the next open clears the module's context
  }

  @Test
  void cmeErrorOnOpenIsCmeErrorExceptionAndTheClientStaysClosed() throws Exception {
    testkit.module().apply(Fault.scriptedReply("AT+ECMTOPEN", "\r\n+CME ERROR: 3\r\n"));
    Throwable e = failureOf(start(mqtt.open("test.mosquitto.org", 1883)));
    assertThat(e).isInstanceOf(CmeErrorException.class);
    assertThat(((CmeErrorException) e).code()).isEqualTo(3);
    assertThat(mqtt.state()).isEqualTo(ClientState.CLOSED);
  }

  @Test
  void swallowedUrcIsAUrcTimeout() throws Exception {
    connect();
    testkit.module().apply(Fault.swallowUrc("+ECMTUNS"));
    mqtt.subscribe(base, Qos.AT_MOST_ONCE).timeout(S, TimeUnit.SECONDS).blockingGet();
    Throwable e = failureOf(start(mqtt.unsubscribe(base)));
    assertThat(e).isInstanceOfSatisfying(UrcTimeoutException.class,
        t -> assertThat(t.operation()).isEqualTo(Operation.UNSUBSCRIBE));
  }

  @Test
  void delayedUrcWithinTheTimeoutSucceedsLater() throws Exception {
    connect();
    Duration delay = Duration.ofMillis(300);
    testkit.module().apply(Fault.delayUrc("+ECMTPUB", delay));
    long t0 = System.nanoTime();
    publish("late but fine", Qos.AT_LEAST_ONCE);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(delay);
  }

  @Test
  void urcDelayedPastTheTimeoutFailsThenIsReportedAsLate() throws Exception {
    connect();
    testkit.module().apply(Fault.delayUrc("+ECMTSUB", SHORT.subscribe().plusMillis(400)));
    Throwable e = failureOf(start(mqtt.subscribe(base, Qos.AT_MOST_ONCE)));
    assertThat(e).isInstanceOf(UrcTimeoutException.class);
    int msgId = ((UrcTimeoutException) e).msgId();
    String late = events.lateUrcs.poll(S, TimeUnit.SECONDS);
    assertThat(late).as("late URC event").isNotNull().contains(Integer.toString(msgId));
  }

  @Test
  void duplicatedOutcomeUrcIsReportedAsLateAndHarmless() throws Exception {
    connect();
    testkit.module().apply(Fault.duplicateUrc("+ECMTPUB"));
    PublishResult r = publish("once", Qos.AT_LEAST_ONCE);
    String late = events.lateUrcs.poll(S, TimeUnit.SECONDS);
    assertThat(late).as("late URC event").isNotNull().contains(Integer.toString(r.msgId()));
    publish("twice", Qos.AT_LEAST_ONCE);
    assertThat(mqtt.state()).isEqualTo(ClientState.CONNECTED);
  }

  @Test
  void duplicatedRecvIsDeliveredTwice() throws Exception {
    connect();
    mqtt.subscribe(base, Qos.AT_LEAST_ONCE).timeout(S, TimeUnit.SECONDS).blockingGet();
    TestSubscriber<IncomingMessage> in = mqtt.messages(base).test();
    testkit.module().apply(Fault.duplicateUrc("+ECMTRECV"));
    testkit.brokerClient().publish(base, "echo", 1, false);
    in.awaitCount(2);
    assertThat(in.values()).extracting(IncomingMessage::payloadAsString).containsExactly("echo", "echo");
    assertThat(in.values().get(0).msgId()).isEqualTo(in.values().get(1).msgId());
  }

  @Test
  void injectedGarbageIsToleratedAndAStrayUrcIsReportedLate() throws Exception {
    connect();
    testkit.module().apply(Fault.injectLine("\u0001garbage ### line"));
    testkit.module().apply(Fault.injectRaw("noise without a line end"));
    testkit.module().apply(Fault.injectLine("+ECMTPUB: zz,yy"));
    testkit.module().apply(Fault.injectLine("+ECMTPUB: 0,4242,0"));
    String late = events.lateUrcs.poll(S, TimeUnit.SECONDS);
    assertThat(late).as("stray URC").isNotNull().contains("4242");
    String bad = events.malformed.poll(S, TimeUnit.SECONDS);
    assertThat(bad).as("malformed line").isNotNull().contains("+ECMTPUB: zz,yy");

    BrokerClient.Subscription seen = testkit.brokerClient().subscribe(base, 1);
    publish("after garbage", Qos.AT_LEAST_ONCE);
    assertThat(seen.poll(Await.WAIT).payloadUtf8()).isEqualTo("after garbage");
    assertThat(mqtt.state()).isEqualTo(ClientState.CONNECTED);
  }

  @Test
  void rebootFailsPendingWithLinkLostModuleRebootedAndClosesTheClient() throws Exception {
    connect();
    TestSubscriber<ClientStateChange> states = mqtt.states().test();
    testkit.module().apply(Fault.swallowAcks(1)); // keep a publish pending
    CompletableFuture<PublishResult> pending =
        start(mqtt.publish(Publish.builder().topic(base).payload("x").qos(Qos.AT_LEAST_ONCE).build()));
    awaitPubackSwallowed();
    testkit.module().apply(Fault.reboot());

    Throwable e = failureOf(pending);
    assertThat(e).isInstanceOfSatisfying(LinkLostException.class,
        t -> assertThat(t.statusCode()).isEqualTo(LinkLostException.MODULE_REBOOTED));
    Await.until("state CLOSED", () -> mqtt.state() == ClientState.CLOSED);
    assertThat(states.values()).anyMatch(s -> s.current() == ClientState.CLOSED);
    assertThat(events.reboots.poll(S, TimeUnit.SECONDS)).isNotNull();

    // The next session re-runs start-up (echo off again) and works.
    connect();
    publish("after reboot", Qos.AT_LEAST_ONCE);
    List<String> cmds = testkit.module().transcript().commands();
    assertThat(cmds.subList(cmds.lastIndexOf("AT+ECMTPUB=0,") + 1, cmds.size())).isNotNull();
    assertThat(cmds.stream().filter("ATE0"::equals).count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void dropBrokerLinkIsStatLinkLostAndStateLost() throws Exception {
    connect();
    testkit.module().apply(Fault.swallowAcks(1));
    CompletableFuture<PublishResult> pending =
        start(mqtt.publish(Publish.builder().topic(base).payload("x").qos(Qos.AT_LEAST_ONCE).build()));
    awaitPubackSwallowed();
    testkit.module().apply(Fault.dropBrokerLink(0));

    Throwable e = failureOf(pending);
    assertThat(e).isInstanceOfSatisfying(LinkLostException.class, t -> {
      assertThat(t.statusCode()).isEqualTo(1);
      assertThat(t.clientId()).isZero();
    });
    Await.until("state LOST", () -> mqtt.state() == ClientState.LOST);
    assertThat(events.urcs).contains("+ECMTSTAT: 0,1");

    // Re-opening clears the module's context first and works.
    connect();
    publish("back", Qos.AT_LEAST_ONCE);
  }

  @Test
  void chunkedAndThrottledOutputStillCarriesTheSeedSession() throws Exception {
    testkit.module().apply(Fault.chunkOutput(1));
    testkit.module().apply(Fault.throttle(9600));
    EcmtBlockingClient b = testkit.client().toBlocking();
    BrokerClient.Subscription seen = testkit.brokerClient().subscribe(base, 2);
    b.open("test.mosquitto.org", 1883);
    b.connect();
    b.subscribe(base, Qos.EXACTLY_ONCE);
    try (EcmtBlockingClient.Messages in = b.messages(base)) {
      b.publish(Publish.of(base, "hello world"));
      assertThat(in.receive(Duration.ofSeconds(S)).orElseThrow().payloadAsString()).isEqualTo("hello world");
    }
    assertThat(seen.poll(Await.WAIT).payloadUtf8()).isEqualTo("hello world");
    b.unsubscribe(base);
    b.disconnect();
    // Every write since the session began was one byte.
    List<Transcript.Entry> entries = testkit.module().transcript().entries();
    int from = 0;
    while (!(entries.get(from).kind() == Transcript.Kind.COMMAND && entries.get(from).text().startsWith("AT+ECMTOPEN"))) {
      from++;
    }
    assertThat(entries.subList(from, entries.size())).filteredOn(
        en -> en.kind() == Transcript.Kind.BYTES && en.direction() == Transcript.Direction.MODULE_TO_HOST)
        .isNotEmpty()
        .allMatch(en -> en.bytes().length == 1);
  }

  @Test
  void brokerLatencyDelaysOutcomesButTheyArrive() throws Exception {
    connect();
    Duration latency = Duration.ofMillis(150);
    testkit.module().apply(Fault.brokerLatency(latency));
    long t0 = System.nanoTime();
    publish("slow", Qos.AT_LEAST_ONCE);
    // PUBLISH out and PUBACK back each wait the latency.
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(latency.multipliedBy(2));
  }

  @Test
  void serializedMqttWorkStillCompletesEveryOperation() throws Exception {
    connect();
    testkit.module().apply(Fault.serializeMqtt(true));
    testkit.module().apply(Fault.brokerLatency(Duration.ofMillis(20)));
    BrokerClient.Subscription seen = testkit.brokerClient().subscribe(base, 1);
    List<CompletableFuture<PublishResult>> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(start(mqtt.publish(Publish.builder().topic(base).payload("m" + i).qos(Qos.AT_LEAST_ONCE).build())));
    }
    for (CompletableFuture<PublishResult> f : all) {
      assertThat(f.get(S, TimeUnit.SECONDS).msgId()).isPositive();
    }
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      got.add(seen.poll(Await.WAIT).payloadUtf8());
    }
    assertThat(got).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
  }
}
