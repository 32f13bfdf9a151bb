package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.exceptions.ClientStateException;
import io.ecmt.sdk.exceptions.LinkLostException;
import io.ecmt.sdk.exceptions.OutboxFullException;
import io.ecmt.sdk.exceptions.ReconnectExhaustedException;
import io.ecmt.sdk.message.ConnAck;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.SubAck;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session supervisor and the outbox, against a scripted module in virtual time. */
class SupervisorTest {
  private static final ReconnectPolicy POLICY = ReconnectPolicy.DEFAULT.withJitter(0).withProbeInterval(Duration.ZERO);

  private final TestScheduler scheduler = new TestScheduler();
  private final List<SubAck> restored = new ArrayList<>();
  private ScriptedModule module;
  private EcmtModem modem;
  private EcmtRxClient client;

  private void build(ReconnectPolicy policy, OutboxPolicy outbox) {
    build(policy, outbox, NetworkWait.NONE);
  }

  private void build(ReconnectPolicy policy, OutboxPolicy outbox, NetworkWait wait) {
    InMemoryPipe pipe = InMemoryPipe.create();
    module = new ScriptedModule(scheduler, pipe);
    EcmtModemBuilder builder = EcmtModem.builder()
        .sequentialMsgIds(true)
        .networkWait(wait, Duration.ofSeconds(60))
        .transport(pipe.hostEnd())
        .sessionScheduler(scheduler)
        .callbackScheduler(scheduler)
        .outbox(outbox)
        .eventListener(new EcmtEventListener() {
          @Override
          public void subscriptionRestored(int clientId, SubAck ack) {
            restored.add(ack);
          }
        });
    if (policy != null) {
      builder.reconnect(policy);
    }
    modem = builder.build();
    client = modem.client(0).toRx();
  }

  @AfterEach
  void tearDown() {
    modem.close();
    scheduler.triggerActions();
  }

  private void connectAndSubscribe() {
    module.openAndConnect(client);
    TestObserver<SubAck> sub = client.subscribe("cmd/#", Qos.AT_LEAST_ONCE).test();
    module.takeCommand();
    module.reply("OK", "+ECMTSUB: 0,1,0,1");
    sub.assertValueCount(1);
  }

  /** Answers one supervisor attempt: DISC refused (context gone), open, connect, re-subscribe. */
  private void answerReconnect() {
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("+CME ERROR: 3");
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTOPEN=0,\"broker\",1883");
    module.reply("OK", "+ECMTOPEN: 0,0");
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTCONN=0");
    module.reply("OK", "+ECMTCONN: 0,0,0");
    String sub = module.takeCommand();
    assertThat(sub).matches("AT\\+ECMTSUB=0,\\d+,\"cmd/#\",1");
    module.reply("OK", "+ECMTSUB: 0," + msgIdOf(sub) + ",0,1");
  }

  private static int msgIdOf(String command) {
    return Integer.parseInt(command.split(",")[1]);
  }

  /** Answers the next publish command, which must carry {@code payload}, with OK and success. */
  private void answerPublish(String payload) {
    String pub = module.takeCommand();
    assertThat(pub).startsWith("AT+ECMTPUB=0,").endsWith("\"" + payload + "\"");
    module.reply("OK", "+ECMTPUB: 0," + msgIdOf(pub) + ",0");
  }

  private Publish qos1(String payload) {
    return Publish.builder().topic("data").payload(payload).qos(Qos.AT_LEAST_ONCE).build();
  }

  @Test
  void linkLossRebuildsTheSessionAndResendsTheUnacknowledgedPublish() {
    build(POLICY, OutboxPolicy.DEFAULT);
    TestSubscriber<ClientStateChange> states = client.states().test();
    connectAndSubscribe();
    TestObserver<PublishResult> pub = client.publish(qos1("m1")).test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTPUB=0,2,1,0,\"data\",\"m1\"");
    int before = module.allCommands().size();
    module.reply("OK", "+ECMTSTAT: 0,1");
    pub.assertNoErrors().assertNotComplete(); // waits for the reconnect instead of failing

    answerReconnect();
    // The module may have been reset or lost the network: start-up runs again first.
    assertThat(module.allCommands().subList(before, before + 5))
        .containsExactly("AT", "ATE0", "ATQ0", "AT+CMEE=1", "AT+ECMTDISC=0");
    assertThat(restored).extracting(SubAck::filter).containsExactly("cmd/#");
    answerPublish("m1");
    pub.assertValueCount(1);
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    assertThat(states.values()).anySatisfy(c -> {
      assertThat(c.current()).isEqualTo(ClientState.RECONNECTING);
      assertThat(c.attempt()).isEqualTo(1);
      assertThat(c.reason()).contains("link down (code 1)");
    });
  }

  @Test
  void withoutASupervisorLinkLossFailsThePublish() {
    build(null, OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    TestObserver<PublishResult> pub = client.publish(qos1("m1")).test();
    module.takeCommand();
    module.reply("OK", "+ECMTSTAT: 0,1");
    pub.assertError(LinkLostException.class);
    assertThat(module.noPendingCommand()).isTrue();
  }

  @Test
  void publishesMadeWhileOfflineWaitInTheOutboxQosZeroFailsFast() {
    build(POLICY, OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    // The supervisor's first command is queued behind nothing: answer the DISC only later.
    module.reply("+ECMTSTAT: 0,1");
    TestObserver<PublishResult> offline = client.publish(qos1("while-offline")).test();
    TestObserver<PublishResult> qos0 = client.publish(Publish.of("data", "fire-and-forget")).test();
    scheduler.triggerActions();
    qos0.assertError(e -> e instanceof ClientStateException c && c.state() == ClientState.RECONNECTING);
    answerReconnect();
    answerPublish("while-offline");
    offline.assertValueCount(1);
  }

  @Test
  void backoffGrowsBetweenFailedAttemptsAndStopsAfterMaxAttempts() {
    build(POLICY.withDelays(Duration.ofSeconds(1), Duration.ofSeconds(3)).withMaxAttempts(4), OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    module.reply("+ECMTSTAT: 0,1");
    TestObserver<PublishResult> waiting = client.publish(qos1("m")).test();
    List<Long> attemptTimes = new ArrayList<>();
    for (int attempt = 1; attempt <= 4; attempt++) {
      // Advance until the attempt writes its DISC.
      while (module.noPendingCommand()) {
        scheduler.advanceTimeBy(100, TimeUnit.MILLISECONDS);
      }
      attemptTimes.add(scheduler.now(TimeUnit.MILLISECONDS));
      assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
      module.reply("+CME ERROR: 3");
      module.takeCommand();
      module.reply("OK", "+ECMTOPEN: 0,-1");
    }
    // Waits of 1 s, 2 s, then capped at 3 s (the 100 ms steps of the loop round up).
    assertThat(attemptTimes.get(1) - attemptTimes.get(0)).isBetween(1000L, 1100L);
    assertThat(attemptTimes.get(2) - attemptTimes.get(1)).isBetween(2000L, 2100L);
    assertThat(attemptTimes.get(3) - attemptTimes.get(2)).isBetween(3000L, 3100L);
    waiting.assertError(e -> e instanceof ReconnectExhaustedException r && r.attempts() == 4);
    assertThat(client.state()).isEqualTo(ClientState.LOST);
    scheduler.advanceTimeBy(1, TimeUnit.HOURS);
    assertThat(module.noPendingCommand()).isTrue();
  }

  @Test
  void moduleRebootRerunsStartUpThenReconnects() {
    build(POLICY, OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    int before = module.allCommands().size();
    module.reply("RDY");
    module.confirmReboot();
    answerReconnect();
    assertThat(module.allCommands().subList(before + 1, before + 5)).containsExactly("AT", "ATE0", "ATQ0", "AT+CMEE=1");
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
  }

  @Test
  void echoComingBackMeansTheModuleReset() {
    build(POLICY, OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    TestObserver<PublishResult> pub = client.publish(qos1("m")).test();
    String command = module.takeCommand();
    module.reply(command, "OK"); // the module echoes: ATE0 was lost in a silent reset
    module.confirmReboot();
    answerReconnect();
    assertThat(module.takeCommand()).startsWith("AT+ECMTPUB=0,");
  }

  @Test
  void publishSendFailureTriggersAReconnect() {
    build(POLICY, OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    TestObserver<PublishResult> pub = client.publish(qos1("m")).test();
    module.takeCommand();
    module.reply("OK", "+ECMTPUB: 0,2,2");
    pub.assertNoErrors();
    answerReconnect();
    assertThat(module.takeCommand()).startsWith("AT+ECMTPUB=0,");
  }

  @Test
  void missingPublishOutcomeTriggersAReconnect() {
    build(POLICY, OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    TestObserver<PublishResult> pub = client.publish(qos1("m")).test();
    module.takeCommand();
    module.reply("OK");
    scheduler.advanceTimeBy(21, TimeUnit.SECONDS);
    pub.assertNoErrors().assertNotComplete();
    answerReconnect();
    assertThat(module.takeCommand()).startsWith("AT+ECMTPUB=0,");
  }

  @Test
  void unresponsiveModuleIsTreatedAsRebooted() {
    build(POLICY.withProbeInterval(Duration.ofSeconds(30)), OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    module.autoOk(c -> false); // the module goes silent
    scheduler.advanceTimeBy(30, TimeUnit.SECONDS);
    assertThat(module.takeCommand()).isEqualTo("AT"); // the probe
    // Probe timeout, then every resync AT times out too.
    for (int i = 0; i < 10 && client.state() == ClientState.CONNECTED; i++) {
      scheduler.advanceTimeBy(3, TimeUnit.SECONDS);
      while (!module.noPendingCommand()) {
        assertThat(module.takeCommand()).isEqualTo("AT");
      }
    }
    assertThat(client.state()).isIn(ClientState.CLOSED, ClientState.RECONNECTING);
  }

  @Test
  void probeFindingTheModuleOffTheNetworkRebuildsTheLink() {
    build(POLICY.withProbeInterval(Duration.ofSeconds(30)), OutboxPolicy.DEFAULT, NetworkWait.CEREG);
    TestObserver<Void> open = client.open("broker", 1883).test();
    assertThat(module.takeCommand()).isEqualTo("AT+CEREG?");
    module.reply("+CEREG: 0,1", "OK");
    module.takeCommand();
    module.reply("OK", "+ECMTOPEN: 0,0");
    open.assertComplete();
    TestObserver<ConnAck> conn = client.connect().test();
    module.takeCommand();
    module.reply("OK", "+ECMTCONN: 0,0,0");
    conn.assertValueCount(1);

    scheduler.advanceTimeBy(30, TimeUnit.SECONDS); // the probe: AT (answered), then registration
    assertThat(module.takeCommand()).isEqualTo("AT+CEREG?");
    module.reply("+CEREG: 0,2", "OK"); // searching: the cell is gone
    assertThat(client.state()).isEqualTo(ClientState.RECONNECTING);
    // The reconnect waits for registration before it clears and reopens.
    assertThat(module.takeCommand()).isEqualTo("AT+CEREG?");
    module.reply("+CEREG: 0,5", "OK"); // roaming counts as registered
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("+CME ERROR: 3");
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTOPEN=0,\"broker\",1883");
    module.reply("OK", "+ECMTOPEN: 0,0");
    module.takeCommand();
    module.reply("OK", "+ECMTCONN: 0,0,0");
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
  }

  @Test
  void explicitDisconnectStopsSupervisionAndFailsWaitingPublishes() {
    build(POLICY, OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    module.reply("+ECMTSTAT: 0,1");
    TestObserver<PublishResult> waiting = client.publish(qos1("m")).test();
    TestObserver<Void> disc = client.disconnect().test();
    scheduler.triggerActions();
    waiting.assertError(ClientStateException.class);
    // Only the DISC of the disconnect (and possibly the attempt's, cancelled) goes out; no OPEN follows.
    while (!module.noPendingCommand()) {
      String c = module.takeCommand();
      assertThat(c).isEqualTo("AT+ECMTDISC=0");
      module.reply("+CME ERROR: 3");
    }
    disc.assertComplete();
    scheduler.advanceTimeBy(10, TimeUnit.MINUTES);
    assertThat(module.noPendingCommand()).isTrue();
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);
  }

  @Test
  void disconnectWhileTheSupervisorIsReopeningCleansUp() {
    build(POLICY, OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    module.reply("+ECMTSTAT: 0,1");
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("+CME ERROR: 3");
    assertThat(module.takeCommand()).startsWith("AT+ECMTOPEN=");
    module.reply("OK"); // the re-open is pending: the application gives up now
    assertThat(client.state()).isEqualTo(ClientState.OPENING);
    TestObserver<Void> disc = client.disconnect().test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("OK", "+ECMTOPEN: 0,0", "+ECMTDISC: 0,0");
    disc.assertComplete();
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);
    scheduler.advanceTimeBy(10, TimeUnit.MINUTES);
    assertThat(module.noPendingCommand()).isTrue(); // supervision stopped for good
  }

  @Test
  void anOpenThatCompletesAfterDisconnectIsCleanedUpByTheNextOpen() {
    build(POLICY, OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    module.reply("+ECMTSTAT: 0,1");
    module.takeCommand();
    module.reply("+CME ERROR: 3");
    assertThat(module.takeCommand()).startsWith("AT+ECMTOPEN=");
    module.reply("OK");
    TestObserver<Void> disc = client.disconnect().test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("+CME ERROR: 3"); // still opening: nothing to disconnect yet
    disc.assertComplete();
    module.reply("+ECMTOPEN: 0,0"); // ... and then the module's open completes anyway
    assertThat(client.state()).isEqualTo(ClientState.LOST);
    // The module would answer a plain open with OK and no URC: the SDK clears its context first.
    TestObserver<Void> open = client.open("broker", 1883).test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("OK", "+ECMTDISC: 0,0");
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTOPEN=0,\"broker\",1883");
    module.reply("OK", "+ECMTOPEN: 0,0");
    open.assertComplete();
  }

  @Test
  void fullOutboxRefusesTheNewPublish() {
    build(POLICY, new OutboxPolicy(2, OutboxPolicy.Overflow.FAIL_NEW, false));
    connectAndSubscribe();
    module.reply("+ECMTSTAT: 0,1");
    TestObserver<PublishResult> a = client.publish(qos1("a")).test();
    TestObserver<PublishResult> b = client.publish(qos1("b")).test();
    TestObserver<PublishResult> c = client.publish(qos1("c")).test();
    scheduler.triggerActions();
    c.assertError(e -> e instanceof OutboxFullException o && o.publish().payloadAsString().equals("c"));
    a.assertNoErrors();
    b.assertNoErrors();
  }

  @Test
  void fullOutboxCanDropTheOldestWithAnErrorToItsCaller() {
    build(POLICY, new OutboxPolicy(2, OutboxPolicy.Overflow.DROP_OLDEST, false));
    connectAndSubscribe();
    module.reply("+ECMTSTAT: 0,1");
    TestObserver<PublishResult> a = client.publish(qos1("a")).test();
    TestObserver<PublishResult> b = client.publish(qos1("b")).test();
    TestObserver<PublishResult> c = client.publish(qos1("c")).test();
    scheduler.triggerActions();
    a.assertError(e -> e instanceof OutboxFullException o && o.publish().payloadAsString().equals("a"));
    answerReconnect();
    answerPublish("b");
    answerPublish("c");
    b.assertValueCount(1);
    c.assertValueCount(1);
  }

  // --- accepted means delivered or told ------------------------------------------------------

  @Test
  void notAllowedBeforeTheStatusLineRequeuesThePipelinedPublishes() {
    // The module lost its link: it answers the publishes already on their way with +CME ERROR: 3,
    // and prints +ECMTSTAT a moment later. None of them was executed: all are sent again.
    build(POLICY, OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    List<TestObserver<PublishResult>> pubs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pubs.add(client.publish(qos1("r" + i)).test());
    }
    module.takeCommand();
    module.reply("+CME ERROR: 3");
    assertThat(client.state()).isNotEqualTo(ClientState.CONNECTED);
    module.reply("+ECMTSTAT: 0,1");
    pubs.forEach(p -> p.assertNoErrors().assertNotComplete());
    answerReconnect();
    answerPublish("r0");
    answerPublish("r1");
    answerPublish("r2");
    pubs.forEach(p -> p.assertValueCount(1));
  }

  @Test
  void theFirstConnectIsSupervisedTooALinkLostAfterOpenIsRebuilt() {
    build(POLICY, OutboxPolicy.DEFAULT);
    TestObserver<Void> open = client.open("broker", 1883).test();
    module.takeCommand();
    module.reply("OK", "+ECMTOPEN: 0,0");
    open.assertComplete();
    module.reply("+ECMTSTAT: 0,1"); // before the application's connect
    assertThat(client.state()).isEqualTo(ClientState.LOST);
    TestObserver<ConnAck> conn = client.connect().test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("+CME ERROR: 3");
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTOPEN=0,\"broker\",1883");
    module.reply("OK", "+ECMTOPEN: 0,0");
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTCONN=0");
    module.reply("OK", "+ECMTCONN: 0,0,0");
    conn.assertValueCount(1);
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
  }

  @Test
  void aFirstOpenThatFailsOnTheLinkIsRetriedWithBackoff() {
    build(POLICY.withMaxAttempts(3), OutboxPolicy.DEFAULT);
    TestObserver<Void> open = client.open("broker", 1883).test();
    module.takeCommand();
    module.reply("OK", "+ECMTOPEN: 0,-1"); // DNS or TCP failed
    open.assertNotComplete();
    scheduler.advanceTimeBy(1, TimeUnit.SECONDS);
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTOPEN=0,\"broker\",1883");
    module.reply("OK", "+ECMTOPEN: 0,-1");
    scheduler.advanceTimeBy(2, TimeUnit.SECONDS);
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTOPEN=0,\"broker\",1883");
    module.reply("OK", "+ECMTOPEN: 0,-1");
    open.assertError(e -> e instanceof ReconnectExhaustedException r && r.attempts() == 3);
  }

  @Test
  void aBrokerRefusalOfTheFirstConnectIsNotRetried() {
    build(POLICY, OutboxPolicy.DEFAULT);
    TestObserver<Void> open = client.open("broker", 1883).test();
    module.takeCommand();
    module.reply("OK", "+ECMTOPEN: 0,0");
    TestObserver<ConnAck> conn = client.connect().test();
    module.takeCommand();
    module.reply("OK", "+ECMTCONN: 0,0,5");
    conn.assertError(io.ecmt.sdk.exceptions.ConnectionRefusedException.class);
    assertThat(module.noPendingCommand()).isTrue();
  }

  @Test
  void aSupervisedPublishFailsWhenItsDeliveryTimeoutRunsOut() {
    InMemoryPipe pipe = InMemoryPipe.create();
    module = new ScriptedModule(scheduler, pipe);
    modem = EcmtModem.builder().sequentialMsgIds(true).transport(pipe.hostEnd()).sessionScheduler(scheduler)
        .callbackScheduler(scheduler).reconnect(POLICY).deliveryTimeout(Duration.ofMinutes(2)).build();
    client = modem.client(0).toRx();
    connectAndSubscribe();
    module.reply("+ECMTSTAT: 0,1");
    TestObserver<PublishResult> pub = client.publish(qos1("late")).test();
    scheduler.triggerActions();
    // The supervisor keeps trying; the module never opens again.
    scheduler.advanceTimeBy(119, TimeUnit.SECONDS);
    pub.assertNoErrors().assertNotComplete();
    scheduler.advanceTimeBy(1, TimeUnit.SECONDS);
    pub.assertError(e -> e instanceof io.ecmt.sdk.exceptions.DeliveryTimeoutException d
        && d.publish().payloadAsString().equals("late"));
    assertThat(((io.ecmt.sdk.internal.session.ModemSession) modem).diagnostics(0)).containsEntry("outbox", 0);
  }

  @Test
  void recoveryGivesUpAfterMaxElapsedAndFailsWhatWaits() {
    build(POLICY.withMaxElapsed(Duration.ofSeconds(30)), OutboxPolicy.DEFAULT);
    connectAndSubscribe();
    module.reply("+ECMTSTAT: 0,1");
    TestObserver<PublishResult> pub = client.publish(qos1("w")).test();
    scheduler.advanceTimeBy(29, TimeUnit.SECONDS);
    pub.assertNoErrors().assertNotComplete();
    scheduler.advanceTimeBy(1, TimeUnit.SECONDS);
    pub.assertError(ReconnectExhaustedException.class);
    assertThat(client.state()).isEqualTo(ClientState.LOST);
  }
}
