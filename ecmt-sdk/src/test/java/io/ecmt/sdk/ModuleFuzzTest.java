package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Fuzzing from the module side: random bytes, mutated real lines, huge lines and stray URCs
 * arrive while a client is connected and a publish is pending. Nothing escapes as an exception,
 * nothing hangs, and the client still works afterwards.
 */
class ModuleFuzzTest {
  private static final List<String> REAL = List.of(
      "+ECMTOPEN: 0,0", "+ECMTOPEN: 0,-1", "+ECMTCONN: 0,0,0", "+ECMTCONN: 0,2,2", "+ECMTCONN:0,3",
      "+ECMTSUB: 0,1,0,1", "+ECMTSUB: 0,1,0,128", "+ECMTUNS: 0,4,0", "+ECMTPUB: 0,1,0", "+ECMTPUB: 0,0,2",
      "+ECMTRECV: 0,987,\"/***\",hello", "+ECMTRECV: 0,0,\"ESP32/common\",{", "+ECMTSTAT: 0,1", "+ECMTDISC: 0,0",
      "+ECMTCLOSE: 0,-1", "+ECMTOPEN:0,\"host\",1883", "+ECMTCFG:\"keepalive\",(0),(0-3600),", "+CME ERROR: 3",
      "+CME ERROR: operation not allowed", "ERROR", "OK", "RDY", "> ", "+CEREG: 0,1", "AT+ECMTPUB=0,1,1,0,\"t\"");

  private final List<Throwable> escaped = new ArrayList<>();

  @BeforeProperty
  void catchUndeliverable() {
    RxJavaPlugins.setErrorHandler(escaped::add);
  }

  @AfterProperty
  void restore() {
    RxJavaPlugins.setErrorHandler(null);
  }

  @Property(tries = 300)
  void garbageFromTheModuleNeverBreaksTheClient(@ForAll("noise") List<String> noise) {
    TestScheduler scheduler = new TestScheduler();
    InMemoryPipe pipe = InMemoryPipe.create();
    ScriptedModule module = new ScriptedModule(scheduler, pipe);
    try (EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).sessionScheduler(scheduler)
        .callbackScheduler(scheduler).build()) {
      EcmtRxClient client = modem.client(0).toRx();
      module.openAndConnect(client);
      java.util.concurrent.atomic.AtomicInteger outcomes = new java.util.concurrent.atomic.AtomicInteger();
      client.publish(Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build())
          .subscribe(r -> outcomes.incrementAndGet(), e -> outcomes.incrementAndGet());
      module.takeCommand();
      module.reply("OK");
      for (String chunk : noise) {
        module.send(chunk);
        scheduler.triggerActions();
      }
      module.send("\r\n");
      scheduler.advanceTimeBy(1, TimeUnit.MINUTES); // every timer that the noise may have started runs out
      // The pending publish ended one way or another, never twice, never by an escaped exception.
      assertThat(outcomes.get()).isLessThanOrEqualTo(1);

      // Whatever state the noise left, a fresh open/connect/publish cycle works.
      while (!module.noPendingCommand()) {
        module.takeCommand();
        module.reply("+CME ERROR: 3");
      }
      if (client.state() != ClientState.CONNECTED) {
        client.close().onErrorComplete().test();
        answerAll(module, "+CME ERROR: 3");
        scheduler.advanceTimeBy(1, TimeUnit.MINUTES);
        answerAll(module, "+CME ERROR: 3");
        assertThat(client.state()).as("close() brings any state back to CLOSED").isEqualTo(ClientState.CLOSED);
        module.openAndConnect(client);
      }
      TestObserver<PublishResult> after = client.publish(Publish.of("t", "after")).test();
      String command = module.takeCommand();
      assertThat(command).startsWith("AT+ECMTPUB=0,");
      module.reply("OK", "+ECMTPUB: 0,0,0");
      after.assertValueCount(1);
    }
    assertThat(escaped).isEmpty();
  }

  private static void answerAll(ScriptedModule module, String reply) {
    while (!module.noPendingCommand()) {
      module.takeCommand();
      module.reply(reply);
    }
  }

  @Provide
  Arbitrary<List<String>> noise() {
    Arbitrary<String> real = Arbitraries.of(REAL).map(l -> "\r\n" + l + "\r\n");
    Arbitrary<String> mutated = Arbitraries.of(REAL).flatMap(l -> Arbitraries.integers().between(0, l.length())
        .flatMap(cut -> Arbitraries.chars().all().map(c -> "\r\n" + l.substring(0, cut) + c + l.substring(cut) + "\r\n")));
    Arbitrary<String> randomBytes = Arbitraries.strings().withCharRange((char) 0, (char) 255).ofMaxLength(64);
    Arbitrary<String> huge = Arbitraries.integers().between(4_000, 20_000).map(n -> "+ECMTRECV: 0,0,\"t\"," + "x".repeat(n) + "\r\n");
    Arbitrary<String> chunk = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, real), net.jqwik.api.Tuple.of(5, mutated),
        net.jqwik.api.Tuple.of(3, randomBytes), net.jqwik.api.Tuple.of(1, huge));
    return chunk.list().ofMaxSize(30);
  }
}
