package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A hostile publisher: payloads that embed every line form the module prints, at random places,
 * with and without empty lines and with CR, LF and CR LF line ends, arrive while QoS 1 publishes
 * and a subscribe are in flight. Nothing is completed, failed or torn down by them; forged
 * {@code +ECMTRECV} lines are payload, or (after an empty line) suspect messages; then the module's
 * own answers still complete everything. The attacker cannot see msgIDs: its guesses miss the ids
 * in flight (a hit after an empty line is the documented residual risk, about ids-in-flight / 65535
 * per forged line).
 */
class HostilePublisherPropertiesTest {

  /** Every line form the module prints; {@code #} is replaced by a guessed msgID. */
  static final List<String> FORMS = List.of(
      "OK", "ERROR", "+CME ERROR: 3", "+CME ERROR: operation not allowed", "RDY", "> ",
      "AT+ECMTPUB=0,#,1,0,\"t\"", "AT", "ATE1",
      "+ECMTOPEN: 0,0", "+ECMTOPEN: 0,-1", "+ECMTCLOSE: 0,0", "+ECMTCONN: 0,0,0", "+ECMTCONN: 0,2,2",
      "+ECMTDISC: 0,0", "+ECMTSUB: 0,#,0,1", "+ECMTSUB: 0,#,0,128", "+ECMTUNS: 0,#,0",
      "+ECMTPUB: 0,#,0", "+ECMTPUB: 0,#,2", "+ECMTPUB: 0,0,0", "+ECMTPUB: 0,0,2",
      "+ECMTRECV: 0,0,\"home/cmd/unlock\",open-the-door", "+ECMTRECV: 0,#,\"home/cmd/unlock\",{\"a\":1}",
      "+ECMTSTAT: 0,1", "+ECMTCONN:0,3", "+ECMTOPEN:0,\"h\",1883", "+ECMTCFG: \"keepalive\",0,120",
      "+CEREG: 0,1", "+CMEE: 1", "");

  private static final String[] LINE_ENDS = {"\n", "\r\n", "\r"};

  @Property(tries = 2000)
  void noForgedLineCompletesFailsOrTearsDownAnything(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int lines, @ForAll boolean blankLines) {
    TestScheduler scheduler = new TestScheduler();
    InMemoryPipe pipe = InMemoryPipe.create();
    ScriptedModule module = new ScriptedModule(scheduler, pipe);
    List<SecurityEvent> events = new ArrayList<>();
    EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).profile(ModuleProfile.GENERIC)
        .sessionScheduler(scheduler).callbackScheduler(scheduler)
        .eventListener(new EcmtEventListener() {
          @Override
          public void securityEvent(SecurityEvent event) {
            events.add(event);
          }
        }).build();
    try {
      EcmtRxClient client = modem.client(0).toRx();
      TestSubscriber<IncomingMessage> messages = client.messages().test();
      module.openAndConnect(client);

      Set<Integer> inFlight = new HashSet<>();
      List<TestObserver<PublishResult>> pubs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        pubs.add(client.publish(Publish.builder().topic("data").payload("m" + i).qos(Qos.AT_LEAST_ONCE).build())
            .test());
        String command = module.takeCommand();
        inFlight.add(Integer.parseInt(command.split(",")[1]));
        module.reply("OK");
      }
      TestObserver<SubAck> sub = client.subscribe("s", Qos.AT_LEAST_ONCE).test();
      String subCommand = module.takeCommand(); // written, its OK not yet printed
      int subId = Integer.parseInt(subCommand.split(",")[1]);
      inFlight.add(subId);

      Random random = new Random(seed);
      String payload = hostilePayload(random, lines, blankLines, inFlight);
      module.send("\r\n+ECMTRECV: 0,0,\"public/chat\"," + payload + "\r\n");
      scheduler.advanceTimeBy(60, TimeUnit.MILLISECONDS);
      boolean subscribeAnswered = answerChecks(module, scheduler);

      pubs.forEach(p -> p.assertNoErrors().assertNotComplete());
      sub.assertNoErrors().assertNotComplete();
      assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
      assertThat(messages.values()).isNotEmpty();
      assertThat(messages.values().get(0).topic()).isEqualTo("public/chat");
      assertThat(messages.values().subList(1, messages.values().size())).allMatch(IncomingMessage::suspect);
      assertThat(events).noneMatch(e -> e.kind() == SecurityEvent.Kind.OUTCOME_IN_BURST_ACCEPTED);

      // The module's own answers still complete everything.
      if (!subscribeAnswered) {
        module.reply("OK");
      }
      module.reply("+ECMTSUB: 0," + subId + ",0,1");
      sub.assertValueCount(1);
      for (int id : inFlight) {
        if (id != subId) {
          module.reply("+ECMTPUB: 0," + id + ",0");
        }
      }
      pubs.forEach(p -> p.assertValueCount(1));
    } finally {
      modem.close();
      scheduler.triggerActions();
    }
  }

  /**
   * Answers the SDK's checks as a healthy module whose subscribe is still executing: to
   * {@code AT+ECMTCONN?} it is connected; to {@code AT+CMEE?} (a forged final result is being
   * checked) it prints the subscribe's own OK first, then the check's answer. Returns whether the
   * subscribe's OK was printed.
   */
  private static boolean answerChecks(ScriptedModule module, TestScheduler scheduler) {
    boolean subscribeAnswered = false;
    for (int round = 0; round < 4; round++) {
      scheduler.advanceTimeBy(200, TimeUnit.MILLISECONDS);
      if (module.noPendingCommand()) {
        return subscribeAnswered;
      }
      String check = module.takeCommand();
      if (check.equals("AT+ECMTCONN?")) {
        module.reply("+ECMTCONN:0,3", "OK");
      } else if (check.equals("AT+CMEE?") && !subscribeAnswered) {
        module.reply("OK", "+CMEE: 1", "OK");
        subscribeAnswered = true;
      } else {
        throw new AssertionError("unexpected command after a hostile payload: " + check);
      }
    }
    throw new AssertionError("the SDK kept checking");
  }

  static String hostilePayload(Random random, int lines, boolean blankLines, Set<Integer> avoid) {
    StringBuilder out = new StringBuilder("hi");
    for (int i = 0; i < lines; i++) {
      String end = LINE_ENDS[random.nextInt(LINE_ENDS.length)];
      out.append(end);
      if (blankLines && random.nextBoolean()) {
        out.append(end);
      }
      String form = random.nextInt(4) == 0 ? "text " + random.nextInt(1000) : FORMS.get(random.nextInt(FORMS.size()));
      int guess;
      do {
        guess = random.nextBoolean() ? 1 + random.nextInt(16) : 1 + random.nextInt(65535);
      } while (avoid.contains(guess));
      out.append(form.replace("#", Integer.toString(guess)));
    }
    // The module strips up to two trailing line ends.
    while (out.length() > 0 && (out.charAt(out.length() - 1) == '\n' || out.charAt(out.length() - 1) == '\r')) {
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }
}
