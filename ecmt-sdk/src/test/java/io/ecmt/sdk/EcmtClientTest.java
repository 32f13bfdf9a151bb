package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.exceptions.AtErrorException;
import io.ecmt.sdk.exceptions.ClientStateException;
import io.ecmt.sdk.exceptions.CmeErrorException;
import io.ecmt.sdk.exceptions.CommandTimeoutException;
import io.ecmt.sdk.exceptions.ConnectionRefusedException;
import io.ecmt.sdk.exceptions.InvalidArgumentException;
import io.ecmt.sdk.exceptions.LinkLostException;
import io.ecmt.sdk.exceptions.ModemClosedException;
import io.ecmt.sdk.exceptions.OperationFailedException;
import io.ecmt.sdk.exceptions.SubscriptionRejectedException;
import io.ecmt.sdk.exceptions.UrcTimeoutException;
import io.ecmt.sdk.message.ConnAck;
import io.ecmt.sdk.message.ConnAckCode;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.SubAck;
import io.ecmt.sdk.message.Will;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted module, in virtual time: every operation, every outcome. */
class EcmtClientTest {
  private final TestScheduler scheduler = new TestScheduler();
  private final List<String> lateUrcs = new ArrayList<>();
  private final List<ClientStateChange> changes = new ArrayList<>();
  private ScriptedModule module;
  private EcmtModem modem;
  private EcmtRxClient client;

  @BeforeEach
  void setUp() {
    InMemoryPipe pipe = InMemoryPipe.create();
    module = new ScriptedModule(scheduler, pipe);
    modem = EcmtModem.builder()
        .transport(pipe.hostEnd())
        .sequentialMsgIds(true)
        .profile(ModuleProfile.GENERIC)
        .sessionScheduler(scheduler)
        .callbackScheduler(scheduler)
        .eventListener(new EcmtEventListener() {
          @Override
          public void lateUrc(String line) {
            lateUrcs.add(line);
          }

          @Override
          public void stateChanged(ClientStateChange change) {
            changes.add(change);
          }
        })
        .build();
    client = modem.client(0).toRx();
  }

  @AfterEach
  void tearDown() {
    modem.close();
    scheduler.triggerActions();
  }

  private void open() {
    TestObserver<Void> t = client.open("broker", 1883).test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTOPEN=0,\"broker\",1883");
    module.reply("OK", "+ECMTOPEN: 0,0");
    t.assertComplete();
  }

  private void openAndConnect() {
    open();
    TestObserver<ConnAck> t = client.connect().test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTCONN=0");
    module.reply("OK", "+ECMTCONN: 0,0,0");
    t.assertValue(new ConnAck(0, ConnAckCode.ACCEPTED));
  }

  @Test
  void startUpSynchronisesAndConfiguresBeforeOpen() {
    open();
    assertThat(module.allCommands()).containsExactly("AT", "ATE0", "ATQ0", "AT+CMEE=1",
        "AT+ECMTCFG=\"keepalive\",0,120", "AT+ECMTCFG=\"session\",0,1", "AT+ECMTCFG=\"version\",0,4",
        "AT+ECMTCFG=\"will\",0,0", "AT+ECMTOPEN=0,\"broker\",1883");
    assertThat(client.state()).isEqualTo(ClientState.OPEN);
  }

  @Test
  void seedSessionRoundTrip() {
    openAndConnect();
    TestSubscriber<IncomingMessage> received = client.messages("home/garden/#").test();

    TestObserver<SubAck> sub = client.subscribe("home/garden/fountain/2", Qos.EXACTLY_ONCE).test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTSUB=0,1,\"home/garden/fountain/2\",2");
    module.reply("OK", "+ECMTSUB: 0,1,0,2");
    sub.assertValue(new SubAck("home/garden/fountain/2", Qos.EXACTLY_ONCE, 2, 1));

    TestObserver<PublishResult> pub = client.publish(
        Publish.builder().topic("home/garden/fountain/2").payload("hello world").qos(Qos.EXACTLY_ONCE).build()).test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTPUB=0,2,2,0,\"home/garden/fountain/2\",\"hello world\"");
    module.reply("OK", "+ECMTRECV: 0,1,\"home/garden/fountain/2\",hello world", "+ECMTPUB: 0,2,0");
    pub.assertValueCount(1);
    assertThat(pub.values().get(0).msgId()).isEqualTo(2);
    scheduler.advanceTimeBy(1, TimeUnit.SECONDS); // idle gap ends the message
    received.assertValueCount(1);
    assertThat(received.values().get(0).payloadAsString()).isEqualTo("hello world");
    assertThat(received.values().get(0).msgId()).isEqualTo(1);

    TestObserver<Void> uns = client.unsubscribe("home/garden/fountain/2").test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTUNS=0,3,\"home/garden/fountain/2\"");
    module.reply("OK", "+ECMTUNS: 0,3,0");
    uns.assertComplete();

    TestObserver<Void> disc = client.disconnect().test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("OK", "+ECMTDISC: 0,0");
    disc.assertComplete();
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);
  }

  @Test
  void connectSendsIdentityAndRedactsNothingOnTheWire() {
    open();
    TestObserver<ConnAck> t = client.connect(ConnectOptions.builder().clientId("dev1")
        .credentials("user", "s3cret").build()).test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTCONN=0,\"dev1\",\"user\",\"s3cret\"");
    module.reply("OK", "+ECMTCONN: 0,0,0");
    t.assertValueCount(1);
  }

  @Test
  void connectWithOtherSessionSettingsRewritesConfiguration() {
    open();
    TestObserver<ConnAck> t = client.connect(ConnectOptions.builder().keepAlive(Duration.ofSeconds(30))
        .will(new Will("dev/status", "offline", Qos.AT_LEAST_ONCE, true)).build()).test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTCONN=0");
    module.reply("OK", "+ECMTCONN: 0,0,0");
    t.assertValueCount(1);
    assertThat(module.allCommands()).contains("AT+ECMTCFG=\"keepalive\",0,30",
        "AT+ECMTCFG=\"will\",0,1,1,1,\"dev/status\",\"offline\"");
  }

  @Test
  void tlsAndPacketTimeoutAreWrittenBeforeOpen() {
    ConnectOptions options = ConnectOptions.builder()
        .tls(io.ecmt.sdk.message.TlsOptions.psk("k3y-secret", "dev-1"))
        .packetTimeout(Duration.ofSeconds(20), 5)
        .build();
    TestObserver<Void> t = client.open("broker", 8883, options).test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTOPEN=0,\"broker\",8883");
    module.reply("OK", "+ECMTOPEN: 0,0");
    t.assertComplete();
    assertThat(module.allCommands()).contains("AT+ECMTCFG=\"timeout\",0,20,5,0",
        "AT+ECMTCFG=\"ssl\",\"psk\",\"k3y-secret\",\"dev-1\"");
    assertThat(options.toString()).doesNotContain("k3y-secret");
  }

  @Test
  void tlsIsRefusedOnAProfileWithoutIt() {
    InMemoryPipe pipe = InMemoryPipe.create();
    ScriptedModule m = new ScriptedModule(scheduler, pipe);
    try (EcmtModem ec616s = EcmtModem.builder().transport(pipe.hostEnd()).sequentialMsgIds(true).profile(ModuleProfile.EC616S)
        .sessionScheduler(scheduler).callbackScheduler(scheduler).build()) {
      TestObserver<Void> t = ec616s.client(0).toRx().open("broker", 8883, ConnectOptions.builder()
          .tls(io.ecmt.sdk.message.TlsOptions.ca("TUlJQg==", "broker")).build()).test();
      scheduler.triggerActions();
      t.assertError(e -> e instanceof InvalidArgumentException i && i.field().equals("tls"));
    }
    scheduler.triggerActions();
    assertThat(m.allCommands()).isEmpty();
  }

  @Test
  void closeAndDisconnectFailureResultsAreTypedAndTheContextIsGone() {
    openAndConnect();
    TestObserver<Void> close = client.close().test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTCLOSE=0");
    module.reply("OK", "+ECMTCLOSE: 0,-1");
    close.assertError(e -> e instanceof OperationFailedException f && f.operation() == Operation.CLOSE
        && f.result() == -1);
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);

    openAndConnect();
    TestObserver<Void> disc = client.disconnect().test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("OK", "+ECMTDISC: 0,-1");
    disc.assertError(e -> e instanceof OperationFailedException f && f.operation() == Operation.DISCONNECT);
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);

    openAndConnect();
    TestObserver<Void> noOutcome = client.disconnect().test();
    module.takeCommand();
    module.reply("OK");
    scheduler.advanceTimeBy(11, TimeUnit.SECONDS);
    noOutcome.assertError(e -> e instanceof UrcTimeoutException u && u.operation() == Operation.DISCONNECT);
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);
  }

  @Test
  void disconnectRefusedWithErrorChangesNothing() {
    openAndConnect();
    TestObserver<Void> refused = client.disconnect().test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("ERROR");
    refused.assertError(AtErrorException.class);
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED); // the module never ran it
    TestObserver<Void> again = client.disconnect().test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("OK", "+ECMTDISC: 0,0");
    again.assertComplete();
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);
  }

  @Test
  void otherAtCommandsPassThroughWithTheirInformationLines() {
    TestObserver<List<String>> csq = modem.command("AT+CSQ").test();
    assertThat(module.takeCommand()).isEqualTo("AT+CSQ");
    module.reply("+CEREG: 0,1", "+CSQ: 20,99", "OK"); // a URC arrives in between: not part of the answer
    csq.assertValue(List.of("+CSQ: 20,99"));
    TestObserver<List<String>> ati = modem.command("ATI").test();
    assertThat(module.takeCommand()).isEqualTo("ATI");
    module.reply("Eigencomm", "EC616S", "OK");
    ati.assertValue(List.of("Eigencomm", "EC616S"));
    TestObserver<List<String>> refused = modem.command("AT+CFUN=0").test();
    module.takeCommand();
    module.reply("+CME ERROR: 3");
    refused.assertError(CmeErrorException.class);
  }

  @Test
  void passThroughRefusesWhatWouldBreakTheSession() {
    List<TestObserver<List<String>>> all = List.of(
        modem.command("AT+ECMTOPEN=0,\"h\",1883").test(),
        modem.command("ATE1").test(),
        modem.command("AT+CMEE=0").test(),
        modem.command("AT\r\nAT+CFUN=0").test(),
        modem.command("hello").test());
    scheduler.triggerActions();
    all.forEach(t -> t.assertError(InvalidArgumentException.class));
    assertThat(module.allCommands()).isEmpty();
  }

  @Test
  void openFailureResultIsTyped() {
    TestObserver<Void> t = client.open("nowhere", 1883).test();
    module.takeCommand();
    module.reply("OK", "+ECMTOPEN: 0,-1");
    t.assertError(e -> e instanceof OperationFailedException f && f.result() == -1 && f.operation() == Operation.OPEN);
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);
  }

  @Test
  void openRefusedWithCmeErrorWhenNoPdpContext() {
    TestObserver<Void> t = client.open("broker", 1883).test();
    module.takeCommand();
    module.reply("+CME ERROR: 3");
    t.assertError(e -> e instanceof CmeErrorException c && c.code() == 3 && c.isOperationNotAllowed());
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);
  }

  @Test
  void openWithoutUrcTimesOutAndMarksTheClientLost() {
    TestObserver<Void> t = client.open("broker", 1883).test();
    module.takeCommand();
    module.reply("OK");
    scheduler.advanceTimeBy(39, TimeUnit.SECONDS);
    t.assertNotComplete().assertNoErrors();
    scheduler.advanceTimeBy(2, TimeUnit.SECONDS);
    t.assertError(e -> e instanceof UrcTimeoutException u && u.operation() == Operation.OPEN);
    assertThat(client.state()).isEqualTo(ClientState.LOST);

    // The next open clears the module's context first (it would answer OK and never send a URC).
    TestObserver<Void> again = client.open("broker", 1883).test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTDISC=0");
    module.reply("+CME ERROR: 3");
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTOPEN=0,\"broker\",1883");
    module.reply("OK", "+ECMTOPEN: 0,0");
    again.assertComplete();
  }

  @Test
  void reopenToTheSameBrokerIsAnsweredLocally() {
    open();
    TestObserver<Void> same = client.open("broker", 1883).test();
    TestObserver<Void> other = client.open("other", 1883).test();
    assertThat(module.noPendingCommand()).isTrue();
    same.assertComplete();
    other.assertError(ClientStateException.class);
  }

  @Test
  void connectBeforeOpenIsRefusedLocally() {
    TestObserver<ConnAck> t = client.connect().test();
    scheduler.triggerActions();
    t.assertError(e -> e instanceof ClientStateException c && c.state() == ClientState.CLOSED);
    assertThat(module.allCommands()).doesNotContain("AT+ECMTCONN=0");
  }

  @Test
  void everyConnAckRefusalIsTyped() {
    open();
    for (int rc = 1; rc <= 6; rc++) {
      TestObserver<ConnAck> t = client.connect().test();
      module.takeCommand();
      module.reply("OK", "+ECMTCONN: 0,0," + rc);
      int code = rc;
      t.assertError(e -> e instanceof ConnectionRefusedException r && r.rawCode() == code
          && r.code() == ConnAckCode.of(code));
      assertThat(client.state()).isEqualTo(ClientState.OPEN);
    }
  }

  @Test
  void connectSendFailureThenContradictingSuccessIsTolerated() {
    open();
    TestObserver<ConnAck> t = client.connect().test();
    module.takeCommand();
    module.reply("OK", "+ECMTCONN: 0,2,2");
    t.assertNotComplete(); // some builds print a success a moment later: wait for it
    scheduler.advanceTimeBy(100, TimeUnit.MILLISECONDS);
    module.reply("+ECMTCONN: 0,0,0");
    t.assertValue(new ConnAck(0, ConnAckCode.ACCEPTED));
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    // A duplicate success is a late URC, not a crash.
    module.reply("+ECMTCONN: 0,0,0");
    assertThat(lateUrcs).hasSize(1);
  }

  @Test
  void connectSendFailureWithoutASuccessFailsAfterTheGrace() {
    open();
    TestObserver<ConnAck> t = client.connect().test();
    module.takeCommand();
    module.reply("OK", "+ECMTCONN: 0,2,2");
    scheduler.advanceTimeBy(499, TimeUnit.MILLISECONDS);
    t.assertNotComplete();
    scheduler.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    t.assertError(e -> e instanceof OperationFailedException f && f.result() == 2);
    assertThat(client.state()).isEqualTo(ClientState.OPEN);
  }

  @Test
  void connectWithoutConnAckTimesOut() {
    open();
    TestObserver<ConnAck> t = client.connect().test();
    module.takeCommand();
    module.reply("OK");
    scheduler.advanceTimeBy(31, TimeUnit.SECONDS);
    t.assertError(e -> e instanceof UrcTimeoutException u && u.operation() == Operation.CONNECT);
    assertThat(client.state()).isEqualTo(ClientState.LOST);
  }

  @Test
  void alreadyConnectedReturnsTheConnAckWithoutACommand() {
    openAndConnect();
    TestObserver<ConnAck> t = client.connect().test();
    assertThat(module.noPendingCommand()).isTrue();
    t.assertValue(new ConnAck(0, ConnAckCode.ACCEPTED));
  }

  @Test
  void subscribeOutcomes() {
    openAndConnect();
    TestObserver<SubAck> rejected = client.subscribe("a/#", Qos.AT_LEAST_ONCE).test();
    module.takeCommand();
    module.reply("OK", "+ECMTSUB: 0,1,0,128");
    rejected.assertError(e -> e instanceof SubscriptionRejectedException r && r.filter().equals("a/#"));

    TestObserver<SubAck> malformed = client.subscribe("b", Qos.AT_LEAST_ONCE).test();
    module.takeCommand();
    module.reply("OK", "+ECMTSUB: 0,2,1,0");
    malformed.assertError(e -> e instanceof OperationFailedException f && f.result() == 1 && f.msgId() == 2);

    TestObserver<SubAck> sendFailed = client.subscribe("c", Qos.AT_LEAST_ONCE).test();
    module.takeCommand();
    module.reply("OK", "+ECMTSUB: 0,3,2,0");
    sendFailed.assertError(e -> e instanceof OperationFailedException f && f.result() == 2);

    TestObserver<SubAck> error = client.subscribe("d", Qos.AT_LEAST_ONCE).test();
    module.takeCommand();
    module.reply("ERROR");
    error.assertError(AtErrorException.class);

    TestObserver<SubAck> noUrc = client.subscribe("e", Qos.AT_LEAST_ONCE).test();
    module.takeCommand();
    module.reply("OK");
    scheduler.advanceTimeBy(21, TimeUnit.SECONDS);
    noUrc.assertError(e -> e instanceof UrcTimeoutException u && u.operation() == Operation.SUBSCRIBE);

    TestObserver<SubAck> ok = client.subscribe("f", Qos.AT_MOST_ONCE).test();
    module.takeCommand();
    module.reply("OK", "+ECMTSUB: 0,6,0,1");
    ok.assertValueCount(1);
  }

  @Test
  void unsubscribeFailure() {
    openAndConnect();
    TestObserver<Void> t = client.unsubscribe("x").test();
    module.takeCommand();
    module.reply("OK", "+ECMTUNS: 0,1,2");
    t.assertError(e -> e instanceof OperationFailedException f && f.operation() == Operation.UNSUBSCRIBE);
  }

  @Test
  void publishOutcomes() {
    openAndConnect();
    TestObserver<PublishResult> failed = client.publish(
        Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build()).test();
    module.takeCommand();
    module.reply("OK", "+ECMTPUB: 0,1,2");
    failed.assertError(e -> e instanceof OperationFailedException f && f.result() == 2 && f.msgId() == 1);

    TestObserver<PublishResult> malformed = client.publish(
        Publish.builder().topic("t").payload("x").qos(Qos.EXACTLY_ONCE).build()).test();
    module.takeCommand();
    module.reply("OK", "+ECMTPUB: 0,2,1");
    malformed.assertError(e -> e instanceof OperationFailedException f && f.result() == 1);

    TestObserver<PublishResult> noAck = client.publish(
        Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build()).test();
    module.takeCommand();
    module.reply("OK");
    scheduler.advanceTimeBy(21, TimeUnit.SECONDS);
    noAck.assertError(e -> e instanceof UrcTimeoutException u && u.msgId() == 3);

    // "Not allowed" while connected: the module has no link any more (its +ECMTSTAT may follow).
    TestObserver<PublishResult> notAllowed = client.publish(Publish.of("t", "x")).test();
    module.takeCommand();
    module.reply("+CME ERROR: operation not allowed");
    notAllowed.assertError(e -> e instanceof CmeErrorException c && c.isOperationNotAllowed() && c.code() == -1);
    assertThat(client.state()).isEqualTo(ClientState.LOST);
  }

  @Test
  void publishWithoutFinalResultTimesOut() {
    openAndConnect();
    TestObserver<PublishResult> t = client.publish(Publish.of("t", "x")).test();
    module.takeCommand();
    scheduler.advanceTimeBy(26, TimeUnit.SECONDS);
    t.assertError(CommandTimeoutException.class);
  }

  @Test
  void quotesAndCommasGoInTheStringForm() {
    openAndConnect();
    TestObserver<PublishResult> t = client.publish(Publish.of("t", "{\"a\":1,\"b\":\"x\"}")).test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTPUB=0,0,0,0,\"t\",\"{\"a\":1,\"b\":\"x\"}\"");
    module.reply("OK", "+ECMTPUB: 0,0,0");
    t.assertValueCount(1);
  }

  @Test
  void multiLinePayloadUsesThePrompt() {
    openAndConnect();
    TestObserver<PublishResult> t = client.publish(
        Publish.builder().topic("t").payload("line1\r\nline2").qos(Qos.AT_LEAST_ONCE).build()).test();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTPUB=0,1,1,0,\"t\"");
    module.prompt();
    assertThat(module.takeCommand()).isEqualTo("<payload>");
    assertThat(new String(module.promptPayloads().get(0), StandardCharsets.UTF_8)).isEqualTo("line1\r\nline2");
    module.reply("OK", "+ECMTPUB: 0,1,0");
    t.assertValueCount(1);
  }

  @Test
  void badArgumentsAreRefusedBeforeAnyByte() {
    openAndConnect();
    int before = module.allCommands().size();
    List<TestObserver<?>> all = List.of(
        client.publish(Publish.of("x\"\r\nAT+CFUN=0", "x")).test(),
        client.publish(Publish.of("a/+", "x")).test(),
        client.publish(Publish.of("t", new String(new char[] {'a', 0x1A}))).test(),
        client.subscribe("a/#/b", Qos.AT_MOST_ONCE).test(),
        client.subscribe("x\"y", Qos.AT_MOST_ONCE).test(),
        client.unsubscribe("x\ny").test());
    scheduler.triggerActions();
    for (TestObserver<?> t : all) {
      t.assertError(InvalidArgumentException.class);
    }
    assertThat(module.allCommands()).hasSize(before);
  }

  @Test
  void injectionInOpenAndConnectArgumentsIsRefused() {
    List<TestObserver<?>> all = List.of(
        client.open("h\"\r\nAT+CFUN=0", 1883).test(),
        client.open("h", 0).test(),
        client.open("h", 1883, ConnectOptions.builder().clientId("a\"b").build()).test(),
        client.open("h", 1883, ConnectOptions.builder().credentials("u\r\n", null).build()).test(),
        client.open("h", 1883, ConnectOptions.builder().credentials("u", "p\"\r\nAT+CFUN=0").build()).test(),
        client.open("h", 1883, ConnectOptions.builder().keepAlive(Duration.ofSeconds(3601)).build()).test());
    scheduler.triggerActions();
    for (TestObserver<?> t : all) {
      t.assertError(InvalidArgumentException.class);
    }
    all.get(4).assertError(e -> e instanceof InvalidArgumentException i
        && i.field().toLowerCase().contains("password") && !i.getMessage().contains("CFUN"));
    assertThat(module.allCommands()).isEmpty();
  }

  @Test
  void ec616sRefusesClientOneBeforeAnyByte() {
    InMemoryPipe pipe = InMemoryPipe.create();
    ScriptedModule m = new ScriptedModule(scheduler, pipe);
    try (EcmtModem ec616s = EcmtModem.builder().transport(pipe.hostEnd()).sequentialMsgIds(true).profile(ModuleProfile.EC616S)
        .sessionScheduler(scheduler).callbackScheduler(scheduler).build()) {
      assertThatThrownBy(() -> ec616s.client(1)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("clientId");
      assertThat(ec616s.client(0).id()).isZero();
    }
    scheduler.triggerActions();
    assertThat(m.allCommands()).isEmpty();
  }

  @Test
  void linkLostFailsEverythingPendingAndNeedsReopen() {
    openAndConnect();
    TestObserver<PublishResult> pub = client.publish(
        Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build()).test();
    module.takeCommand();
    module.reply("OK");
    TestObserver<SubAck> sub = client.subscribe("s", Qos.AT_LEAST_ONCE).test();
    module.takeCommand();
    module.reply("OK", "+ECMTSTAT: 0,1");
    pub.assertError(e -> e instanceof LinkLostException l && l.statusCode() == 1);
    sub.assertError(LinkLostException.class);
    assertThat(client.state()).isEqualTo(ClientState.LOST);
    client.publish(Publish.of("t", "x")).test();
    scheduler.triggerActions();
    assertThat(module.noPendingCommand()).isTrue();
  }

  @Test
  void moduleRebootClosesClientsAndRerunsStartUp() {
    openAndConnect();
    TestObserver<PublishResult> pub = client.publish(
        Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build()).test();
    module.takeCommand();
    module.reply("OK", "RDY");
    pub.assertNotComplete(); // nothing is torn down on a line alone: the module is asked first
    module.confirmReboot();
    pub.assertError(e -> e instanceof LinkLostException l && l.statusCode() == LinkLostException.MODULE_REBOOTED);
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);
    int before = module.allCommands().size();
    client.open("broker", 1883).test();
    scheduler.triggerActions();
    assertThat(module.allCommands().subList(before, before + 4)).containsExactly("AT", "ATE0", "ATQ0", "AT+CMEE=1");
  }

  @Test
  void modemCloseFailsEverythingPending() {
    openAndConnect();
    TestObserver<PublishResult> pub = client.publish(
        Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build()).test();
    module.takeCommand();
    module.reply("OK");
    TestSubscriber<IncomingMessage> messages = client.messages().test();
    modem.close();
    scheduler.triggerActions();
    pub.assertError(ModemClosedException.class);
    messages.assertComplete();
    TestObserver<SubAck> after = client.subscribe("x", Qos.AT_MOST_ONCE).test();
    scheduler.triggerActions();
    after.assertError(ModemClosedException.class);
  }

  @Test
  void transportClosingFailsEverythingPending() {
    openAndConnect();
    TestObserver<SubAck> sub = client.subscribe("s", Qos.AT_LEAST_ONCE).test();
    module.takeCommand();
    module.disconnectCable();
    sub.assertError(ModemClosedException.class);
    assertThat(modem.isClosed()).isTrue();
  }

  @Test
  void disposingRemovesThePendingEntryAndTheLateUrcIsAnEvent() {
    openAndConnect();
    TestObserver<PublishResult> pub = client.publish(
        Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build()).test();
    module.takeCommand();
    module.reply("OK");
    pub.dispose();
    scheduler.triggerActions();
    // msgID 1 is quarantined until its outcome arrives: the next publish gets 2.
    client.publish(Publish.builder().topic("t").payload("y").qos(Qos.AT_LEAST_ONCE).build()).test();
    assertThat(module.takeCommand()).startsWith("AT+ECMTPUB=0,2,");
    module.reply("OK", "+ECMTPUB: 0,1,0");
    assertThat(lateUrcs).anyMatch(l -> l.contains("msgId=1"));
    pub.assertNoValues().assertNoErrors();
  }

  @Test
  void disposingBeforeTheCommandIsWrittenSendsNothing() {
    openAndConnect();
    TestObserver<SubAck> first = client.subscribe("a", Qos.AT_MOST_ONCE).test();
    TestObserver<SubAck> second = client.subscribe("b", Qos.AT_MOST_ONCE).test();
    scheduler.triggerActions();
    second.dispose();
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTSUB=0,1,\"a\",0");
    module.reply("OK", "+ECMTSUB: 0,1,0,1");
    first.assertValueCount(1);
    assertThat(module.noPendingCommand()).isTrue();
  }

  @Test
  void publishWindowQueuesWithoutBlocking() {
    openAndConnect();
    List<TestObserver<PublishResult>> pubs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      pubs.add(client.publish(Publish.builder().topic("t").payload("m" + i).qos(Qos.AT_LEAST_ONCE).build()).test());
    }
    // Eight go out, each answered OK: the line is free again although no outcome came yet.
    for (int i = 1; i <= 8; i++) {
      assertThat(module.takeCommand()).startsWith("AT+ECMTPUB=0," + i + ",1,0,");
      module.reply("OK");
    }
    assertThat(module.noPendingCommand()).isTrue();
    module.reply("+ECMTPUB: 0,3,0");
    pubs.get(2).assertValueCount(1);
    assertThat(module.takeCommand()).startsWith("AT+ECMTPUB=0,9,");
  }

  @Test
  void qosZeroOutcomesCompleteInOrder() {
    openAndConnect();
    TestObserver<PublishResult> a = client.publish(Publish.of("t", "a")).test();
    TestObserver<PublishResult> b = client.publish(Publish.of("t", "b")).test();
    module.takeCommand();
    module.reply("OK");
    module.takeCommand();
    module.reply("OK", "+ECMTPUB: 0,0,0");
    a.assertValueCount(1);
    b.assertNoValues();
    module.reply("+ECMTPUB: 0,0,0");
    b.assertValueCount(1);
  }

  @Test
  void multiLineIncomingJsonIsReassembledAndMapped() {
    openAndConnect();
    TestSubscriber<Map> json = client.messages("ESP32/#", Map.class).test();
    module.reply("+ECMTRECV: 0,0,\"ESP32/common\",{", "            \"command\": \"putdown\"", "    }");
    scheduler.advanceTimeBy(1, TimeUnit.SECONDS);
    json.assertValueCount(1);
    assertThat(json.values().get(0)).containsEntry("command", "putdown");
  }

  @Test
  void messagesForOtherTopicsAreFilteredAndStatesAreObservable() {
    TestSubscriber<ClientStateChange> states = client.states().test();
    openAndConnect();
    TestSubscriber<IncomingMessage> a = client.messages("a/+").test();
    module.reply("+ECMTRECV: 0,0,\"a/1\",x", "+ECMTRECV: 0,0,\"b/1\",y", "+ECMTRECV: 0,0,\"a/2/3\",z");
    scheduler.advanceTimeBy(1, TimeUnit.SECONDS);
    a.assertValueCount(1);
    assertThat(states.values()).extracting(ClientStateChange::current).containsExactly(ClientState.CLOSED,
        ClientState.OPENING, ClientState.OPEN, ClientState.CONNECTING, ClientState.CONNECTED);
    assertThat(changes).hasSize(4);
  }

  @Test
  void fiveClientsWorkSideBySide() {
    List<EcmtRxClient> all = new ArrayList<>();
    for (int id = 0; id < 5; id++) {
      all.add(modem.client(id).toRx());
    }
    List<TestObserver<Void>> opens = new ArrayList<>();
    for (EcmtRxClient c : all) {
      opens.add(c.open("broker", 1883).test());
    }
    for (int id = 0; id < 5; id++) {
      assertThat(module.takeCommand()).isEqualTo("AT+ECMTOPEN=" + id + ",\"broker\",1883");
      module.reply("OK");
    }
    for (int id = 4; id >= 0; id--) {
      module.reply("+ECMTOPEN: " + id + ",0");
    }
    opens.forEach(TestObserver::assertComplete);
    List<TestObserver<PublishResult>> pubs = new ArrayList<>();
    for (int id = 0; id < 5; id++) {
      TestObserver<ConnAck> c = all.get(id).connect().test();
      module.takeCommand();
      module.reply("OK", "+ECMTCONN: " + id + ",0,0");
      c.assertValueCount(1);
      pubs.add(all.get(id).publish(Publish.builder().topic("t" + id).payload("x").qos(Qos.AT_LEAST_ONCE).build()).test());
      module.takeCommand();
      module.reply("OK");
    }
    // Every client allocates its own msgIDs: all five publishes use 1, completed per client.
    for (int id = 0; id < 5; id++) {
      module.reply("+ECMTPUB: " + id + ",1,0");
      assertThat(pubs.get(id).values()).singleElement().extracting(PublishResult::clientId).isEqualTo(id);
    }
  }

  @Test
  void urcBetweenCommandAndOkStillCompletes() {
    open();
    TestObserver<ConnAck> t = client.connect().test();
    module.takeCommand();
    module.reply("+ECMTCONN: 0,0,0", "OK");
    t.assertValueCount(1);
  }

  @Test
  void aGarbledOutcomeThatNamesItsMsgIdFailsThatPublishAtOnce() {
    openAndConnect();
    TestObserver<PublishResult> pub = client.publish(
        Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build()).test();
    String command = module.takeCommand();
    module.reply("OK", "+ECMTPUB: 0," + command.split(",")[1] + ",?");
    pub.assertError(e -> e instanceof OperationFailedException f
        && f.reason() == OperationFailedException.Reason.UNREADABLE_OUTCOME);
  }
}
