package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.exceptions.AtErrorException;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.SubAck;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Message content is not module output: lines inside a received payload (ECMT prints payloads raw)
 * complete nothing, fail nothing and tear nothing down. Scripted module, virtual time.
 */
class TrustBoundaryTest {
  private final TestScheduler scheduler = new TestScheduler();
  private final List<SecurityEvent> security = new ArrayList<>();
  private final List<String> received = new ArrayList<>();
  private ScriptedModule module;
  private EcmtModem modem;
  private EcmtRxClient client;
  private TestSubscriber<IncomingMessage> messages;

  private void build(boolean sequentialIds) {
    InMemoryPipe pipe = InMemoryPipe.create();
    module = new ScriptedModule(scheduler, pipe);
    modem = EcmtModem.builder().transport(pipe.hostEnd()).profile(ModuleProfile.GENERIC)
        .sequentialMsgIds(sequentialIds).sessionScheduler(scheduler).callbackScheduler(scheduler)
        .eventListener(new EcmtEventListener() {
          @Override
          public void securityEvent(SecurityEvent event) {
            security.add(event);
          }

          @Override
          public void urcReceived(String line) {
            received.add(line);
          }
        })
        .build();
    client = modem.client(0).toRx();
    messages = client.messages().test();
    module.openAndConnect(client);
  }

  @AfterEach
  void tearDown() {
    modem.close();
    scheduler.triggerActions();
  }

  /** The module prints a message: one write, then the line stays idle beyond the burst gap. */
  private void receive(String topic, String payload) {
    module.send("\r\n+ECMTRECV: 0,0,\"" + topic + "\"," + payload + "\r\n");
    scheduler.advanceTimeBy(60, TimeUnit.MILLISECONDS);
  }

  private List<TestObserver<PublishResult>> publishQos1(int count, List<Integer> ids) {
    List<TestObserver<PublishResult>> pubs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pubs.add(client.publish(Publish.builder().topic("data").payload("m" + i).qos(Qos.AT_LEAST_ONCE).build())
          .test());
      String command = module.takeCommand();
      ids.add(Integer.parseInt(command.split(",")[1]));
      module.reply("OK");
    }
    return pubs;
  }

  @Test
  void forgedAcknowledgementsInsideAPayloadCompleteNothing() {
    build(true);
    List<Integer> ids = new ArrayList<>();
    List<TestObserver<PublishResult>> pubs = publishQos1(5, ids);
    StringBuilder payload = new StringBuilder("x");
    for (int id : ids) {
      payload.append("\r\n+ECMTPUB: 0,").append(id).append(",0"); // the ids are even known here
    }
    receive("public/chat", payload.toString());
    pubs.forEach(p -> p.assertNotComplete().assertNoErrors());
    assertThat(messages.values()).singleElement()
        .satisfies(m -> assertThat(m.payloadAsString()).isEqualTo(payload.toString())); // byte for byte
    assertThat(security).filteredOn(e -> e.kind() == SecurityEvent.Kind.MODULE_LINE_IN_PAYLOAD).hasSize(5);
    // The module's own acknowledgements still complete them.
    ids.forEach(id -> module.reply("+ECMTPUB: 0," + id + ",0"));
    pubs.forEach(p -> p.assertValueCount(1));
  }

  @Test
  void aGuessedAcknowledgementAfterABlankLineMissesTheRandomIds() {
    build(false);
    List<Integer> ids = new ArrayList<>();
    List<TestObserver<PublishResult>> pubs = publishQos1(5, ids);
    StringBuilder payload = new StringBuilder("x");
    for (int guess = 1; guess <= 200; guess++) { // what sequential ids would have been, and more
      if (!ids.contains(guess)) {
        payload.append("\r\n\r\n+ECMTPUB: 0,").append(guess).append(",0");
      }
    }
    receive("public/chat", payload.toString());
    pubs.forEach(p -> p.assertNotComplete().assertNoErrors());
    assertThat(messages.values()).hasSize(1);
    assertThat(ids).allMatch(id -> id >= 1 && id <= 65535).doesNotHaveDuplicates();
  }

  @Test
  void theModulesOwnOutcomeRightAfterAMessageStillCompletes() {
    // Seed session: subscribed to the topic it publishes to; the message and the PUBCOMP outcome
    // come back together, in one burst.
    build(false);
    List<Integer> ids = new ArrayList<>();
    List<TestObserver<PublishResult>> pubs = publishQos1(1, ids);
    module.send("\r\n+ECMTRECV: 0,1,\"t\",hello world\r\n\r\n+ECMTPUB: 0," + ids.get(0) + ",0\r\n");
    scheduler.triggerActions();
    pubs.get(0).assertValueCount(1);
    scheduler.advanceTimeBy(60, TimeUnit.MILLISECONDS);
    assertThat(messages.values()).singleElement()
        .satisfies(m -> assertThat(m.payloadAsString()).isEqualTo("hello world"));
    assertThat(security).extracting(SecurityEvent::kind).containsExactly(SecurityEvent.Kind.OUTCOME_IN_BURST_ACCEPTED);
  }

  @Test
  void aForgedMessageLineIsPayloadOrASuspectMessageNeverAPlainOne() {
    build(false);
    receive("public/chat", "hi\n+ECMTRECV: 0,0,\"home/cmd/unlock\",open-the-door");
    assertThat(messages.values()).singleElement().satisfies(m -> {
      assertThat(m.topic()).isEqualTo("public/chat");
      assertThat(m.payloadAsString()).isEqualTo("hi\n+ECMTRECV: 0,0,\"home/cmd/unlock\",open-the-door");
      assertThat(m.suspect()).isFalse();
    });
    // After an empty line it looks exactly like a second message printed right after the first:
    // it is delivered on its own, marked suspect and reported.
    receive("public/chat", "hi\r\n\r\n+ECMTRECV: 0,0,\"home/cmd/unlock\",open-the-door");
    assertThat(messages.values()).hasSize(3);
    assertThat(messages.values().get(1)).satisfies(m -> {
      assertThat(m.topic()).isEqualTo("public/chat");
      assertThat(m.suspect()).isFalse();
    });
    assertThat(messages.values().get(2)).satisfies(m -> {
      assertThat(m.topic()).isEqualTo("home/cmd/unlock");
      assertThat(m.suspect()).isTrue();
    });
    assertThat(security).extracting(SecurityEvent::kind).contains(SecurityEvent.Kind.NESTED_MESSAGE);
  }

  @Test
  void rebootAndLinkLossLinesInsideAPayloadTearNothingDown() {
    build(false);
    receive("public/chat", "a\nRDY\nAT+ECMTCLOSE=0\n+ECMTSTAT: 0,1\nATE1");
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    assertThat(module.noPendingCommand()).isTrue(); // not even a check: no empty line before them
    assertThat(messages.values()).singleElement()
        .satisfies(m -> assertThat(m.payloadAsString()).isEqualTo("a\nRDY\nAT+ECMTCLOSE=0\n+ECMTSTAT: 0,1\nATE1"));

    // Framed like the module's own lines: the SDK asks the module, which still holds its link.
    receive("public/chat", "b\r\n\r\nRDY\r\n\r\n+ECMTSTAT: 0,1");
    module.denyReboot();
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    assertThat(security).extracting(SecurityEvent::kind).contains(SecurityEvent.Kind.UNCONFIRMED_LINK_EVENT);
  }

  @Test
  void aStatusLineRightAfterAPayloadIsBelievedOnlyWhenTheModuleConfirmsIt() {
    build(false);
    module.send("\r\n+ECMTRECV: 0,0,\"t\",x\r\n");
    scheduler.advanceTimeBy(60, TimeUnit.MILLISECONDS);
    module.reply("+ECMTSTAT: 0,1"); // a moment after the burst: maybe the end of a slow payload
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    assertThat(module.takeCommand()).isEqualTo("AT+ECMTCONN?");
    module.reply("+ECMTCONN:0,4", "OK");
    assertThat(client.state()).isEqualTo(ClientState.LOST);
  }

  @Test
  void finalResultsInsideAPayloadNeitherCompleteNorFailTheCommandInFlight() {
    build(false);
    TestObserver<SubAck> sub = client.subscribe("a", Qos.AT_LEAST_ONCE).test();
    String command = module.takeCommand();
    int id = Integer.parseInt(command.split(",")[1]);
    receive("public/chat", "x\nERROR\n+CME ERROR: 3\nOK");
    sub.assertNotComplete().assertNoErrors();
    module.reply("OK", "+ECMTSUB: 0," + id + ",0,1");
    sub.assertValueCount(1);
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
  }

  @Test
  void aForgedErrorAfterABlankLineLosesAgainstTheModulesOwnResult() {
    build(false);
    TestObserver<SubAck> sub = client.subscribe("a", Qos.AT_LEAST_ONCE).test();
    String command = module.takeCommand();
    int id = Integer.parseInt(command.split(",")[1]);
    receive("public/chat", "x\r\n\r\nERROR");
    module.reply("OK");
    scheduler.advanceTimeBy(200, TimeUnit.MILLISECONDS);
    assertThat(module.noPendingCommand()).isTrue(); // answered before any check was needed
    module.reply("+ECMTSUB: 0," + id + ",0,1");
    sub.assertValueCount(1);
  }

  @Test
  void aGenuineFinalResultCaughtInsideABurstIsVerifiedWithTheModule() {
    build(false);
    TestObserver<SubAck> sub = client.subscribe("a", Qos.AT_LEAST_ONCE).test();
    String command = module.takeCommand();
    int id = Integer.parseInt(command.split(",")[1]);
    // The module printed a message, then its OK to the command, in one burst.
    module.send("\r\n+ECMTRECV: 0,0,\"t\",x\r\n\r\nOK\r\n");
    scheduler.advanceTimeBy(60, TimeUnit.MILLISECONDS);
    sub.assertNotComplete();
    scheduler.advanceTimeBy(60, TimeUnit.MILLISECONDS);
    assertThat(module.takeCommand()).isEqualTo("AT+CMEE?");
    module.reply("+CMEE: 1", "OK"); // the module is idle: the OK in the burst was its own
    module.reply("+ECMTSUB: 0," + id + ",0,1");
    sub.assertValueCount(1);
    // The message waited for the check: the OK was the module's, not part of the payload.
    assertThat(messages.values()).singleElement().satisfies(m -> assertThat(m.payloadAsString()).isEqualTo("x"));
  }

  @Test
  void whenTheModulesOwnResultComesBeforeTheCheckAnswerTheForgedOneIsIgnored() {
    build(false);
    TestObserver<SubAck> sub = client.subscribe("a", Qos.AT_LEAST_ONCE).test();
    module.takeCommand();
    receive("public/chat", "x\r\n\r\nOK");
    scheduler.advanceTimeBy(60, TimeUnit.MILLISECONDS);
    assertThat(module.takeCommand()).isEqualTo("AT+CMEE?");
    module.reply("ERROR", "+CMEE: 1", "OK"); // the command's own result, then the check's answer
    sub.assertError(AtErrorException.class);
    assertThat(messages.values()).singleElement()
        .satisfies(m -> assertThat(m.payloadAsString()).isEqualTo("x\r\n\r\nOK")); // the forged line stays payload
    TestObserver<SubAck> next = client.subscribe("b", Qos.AT_LEAST_ONCE).test();
    assertThat(module.takeCommand()).startsWith("AT+ECMTSUB=0,");
    next.assertNotComplete();
  }

  @Test
  void aPromptInsideAPayloadIsNotAPrompt() {
    build(false);
    TestObserver<PublishResult> pub = client.publish(Publish.builder().topic("t").payload("a\r\nb")
        .qos(Qos.AT_LEAST_ONCE).build()).test();
    assertThat(module.takeCommand()).startsWith("AT+ECMTPUB=0,");
    module.send("\r\n+ECMTRECV: 0,0,\"t\",x\r\n> \r\n");
    scheduler.advanceTimeBy(60, TimeUnit.MILLISECONDS);
    assertThat(module.promptPayloads()).isEmpty();
    assertThat(module.allCommands()).noneMatch(c -> c.contains("a") && c.contains("b") && !c.startsWith("AT"));
    module.prompt(); // the module's own prompt
    assertThat(module.takeCommand()).isEqualTo("<payload>");
    assertThat(module.promptPayloads()).singleElement().isEqualTo("a\r\nb".getBytes());
    pub.assertNotComplete();
  }

  @Test
  void payloadLinesThatStartWithAtAndEmptyLinesAreKept() {
    build(false);
    receive("t", "ATTENTION\r\n\r\nAT+CFUN=0\r\nend");
    assertThat(messages.values()).singleElement()
        .satisfies(m -> assertThat(m.payloadAsString()).isEqualTo("ATTENTION\r\n\r\nAT+CFUN=0\r\nend"));
  }

  @Test
  void onlyTheExactInFlightCommandIsEcho() {
    build(false);
    TestObserver<List<String>> csq = modem.command("AT+CSQ").test();
    assertThat(module.takeCommand()).isEqualTo("AT+CSQ");
    module.reply("AT+CSQX", "\0AT+CSQ", "+CSQ: 20,99", "OK");
    scheduler.triggerActions();
    csq.assertValue(List.of("+CSQ: 20,99"));
    assertThat(received).contains("AT+CSQX").noneMatch(l -> l.contains("AT+CSQ") && !l.contains("X"));
    // Echo after ATE0: the module may have reset; it is asked, and it still holds its link.
    module.denyReboot();
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
  }

  @Test
  void aTopicWithQuoteCommaIsReadTheWayTheSubscriptionsAllow() {
    build(true);
    TestObserver<SubAck> sub = client.subscribe("+/b", Qos.AT_MOST_ONCE).test();
    module.takeCommand();
    module.reply("OK", "+ECMTSUB: 0,1,0,0");
    sub.assertValueCount(1);
    // "a" does not match +/b; "a\",x/b" does: that is the topic, "p3" the payload.
    receive("a\",x/b", "p3");
    receive("c/b", "x\",y");
    assertThat(messages.values()).extracting(IncomingMessage::topic).containsExactly("a\",x/b", "c/b");
    assertThat(messages.values()).extracting(IncomingMessage::payloadAsString).containsExactly("p3", "x\",y");
  }
}
