package io.ecmt.sdk.testkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtEventListener;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.SecurityEvent;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.FakeProfile;
import io.ecmt.sdk.testkit.ecmt.hostile.HostilePayloads;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile publisher on a real Mosquitto: a client anyone could run publishes payloads that embed
 * every module line form to the topic the gateway subscribes to, while the gateway publishes QoS 1
 * readings through the fake module. No reading is completed or failed by a forged line, the session
 * is never torn down, and every message arrives (lines of a payload stay in it; a forged
 * {@code +ECMTRECV} after an empty line is delivered apart, marked suspect).
 */
@Tag("interop")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostilePublisherInteropTest {
  private static final String IN = "dev/in";
  private static final int HOSTILE = 1000;
  private static final int READINGS = 200;

  private final AutoCloseables resources = new AutoCloseables();

  @AfterEach
  void tearDown() {
    resources.close();
  }

  @Test
  void forgedModuleLinesInMessagesChangeNothing() throws Exception {
    MosquittoProcess broker = resources.add(MosquittoProcess.anonymous());
    List<String> lateOutcomes = new CopyOnWriteArrayList<>();
    List<SecurityEvent> security = new CopyOnWriteArrayList<>();
    // Sequential ids from 1 and an attacker guessing in 30000..65535: every guess misses, as a
    // guess at the SDK's random ids does but for about (ids in flight) / 65535 of forged lines.
    // A receive burst ends after 10 ms of silence here (the fake module writes each line at once);
    // the attacker sends a message every 25 ms: a busy topic, not a flood that never lets the line
    // go quiet (then commands wait for quiet moments, and time out: see the threat model).
    SdkRig rig = resources.add(SdkRig.start(FakeProfile.EC616S, broker.address(), b -> b.publishWindow(8)
        .timeouts(SdkRig.TIMEOUTS.withRecvIdle(Duration.ofMillis(10)))
        .eventListener(new EcmtEventListener() {
          @Override
          public void lateUrc(String line) {
            lateOutcomes.add(line);
          }

          @Override
          public void securityEvent(SecurityEvent event) {
            security.add(event);
          }
        })));
    EcmtRxClient mqtt = rig.modem.client(0).toRx();
    TestSubscriber<ClientStateChange> states = mqtt.states().test();
    mqtt.open("test.mosquitto.org", 1883).blockingAwait(10, TimeUnit.SECONDS);
    mqtt.connect().timeout(10, TimeUnit.SECONDS).blockingGet();
    mqtt.subscribe(IN, Qos.AT_LEAST_ONCE).timeout(10, TimeUnit.SECONDS).blockingGet();
    TestSubscriber<IncomingMessage> in = mqtt.messages().test();
    int stateChangesBefore = states.values().size();

    BrokerClient attacker = resources.add(BrokerClient.connect(broker.address(), "attacker"));
    HostilePayloads generator = new HostilePayloads(new Random(20261129), 30000, 65535);
    List<String> sent = new ArrayList<>();
    List<TestObserver<PublishResult>> readings = new CopyOnWriteArrayList<>();
    for (int i = 0; i < HOSTILE; i++) {
      sent.add(generator.next().text());
    }
    ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch done = new CountDownLatch(HOSTILE);
    int[] next = {0};
    pace.scheduleAtFixedRate(() -> {
      int i = next[0]++;
      if (i >= HOSTILE) {
        return;
      }
      try {
        attacker.publish(IN, sent.get(i).getBytes(StandardCharsets.US_ASCII), i % 2, false);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      if (i % (HOSTILE / READINGS) == 0) {
        readings.add(mqtt.publish(Publish.builder().topic("dev/out").payload("reading " + i)
            .qos(Qos.AT_LEAST_ONCE).build()).test());
      }
      done.countDown();
    }, 0, 25, TimeUnit.MILLISECONDS);
    try {
      assertThat(done.await(60, TimeUnit.SECONDS)).as("all published").isTrue();
    } finally {
      pace.shutdownNow();
    }
    for (TestObserver<PublishResult> r : readings) {
      r.awaitDone(60, TimeUnit.SECONDS);
      r.assertNoErrors().assertValueCount(1);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (in.values().stream().filter(m -> m.topic().equals(IN)).count() < HOSTILE && System.nanoTime() < deadline) {
      in.awaitCount(in.values().size() + 1); // waits up to 5 s for one more
    }

    // Every published payload arrives on its own topic, in order, whole or cut where a forged
    // header after an empty line was split off; forged messages are never plain ones.
    List<IncomingMessage> genuine = in.values().stream().filter(m -> m.topic().equals(IN)).toList();
    List<IncomingMessage> forged = in.values().stream().filter(m -> !m.topic().equals(IN)).toList();
    assertThat(genuine).as("one message per publish, none lost").hasSize(HOSTILE);
    // Misread toward payload only: a payload is cut where a forged header was split off, or gets
    // the module's own answer to a command (caught in its burst, not proven genuine) appended.
    int withModuleLines = 0;
    for (int i = 0; i < HOSTILE; i++) {
      String published = normalized(sent.get(i));
      String received = genuine.get(i).payloadAsString();
      if (received.startsWith(published) && received.length() > published.length()) {
        withModuleLines++;
        assertThat(received.substring(published.length()).split("[\\r\\n]+"))
            .as("message %d: only the module's answers were appended", i)
            .allMatch(l -> l.isEmpty() || l.equals("OK") || l.startsWith("+CMEE:") || l.startsWith("+ECMTCONN:0,"));
      } else {
        assertThat(published).as("message %d", i).startsWith(received);
      }
    }
    System.out.printf("hostile publisher: %d messages, %d readings, %d with a module answer kept as payload,"
        + " %d forged messages split off, %d security events%n", HOSTILE, readings.size(), withModuleLines,
        forged.size(), security.size());
    assertThat(forged).allSatisfy(m -> {
      assertThat(m.topic()).isEqualTo("home/cmd/unlock");
      assertThat(m.suspect()).isTrue();
    });
    assertThat(lateOutcomes).as("each reading got its own outcome: none was taken by a forged one")
        .noneMatch(l -> l.contains("PUBLISH"));
    assertThat(states.values().subList(stateChangesBefore, states.values().size()))
        .as("never torn down").isEmpty();
    assertThat(mqtt.state()).isEqualTo(ClientState.CONNECTED);
    assertThat(security).extracting(SecurityEvent::kind).contains(SecurityEvent.Kind.MODULE_LINE_IN_PAYLOAD);
    rig.module.assertNoViolations();
  }

  /** What the module prints of a payload: up to two trailing CR/LF are stripped; the rest arrives byte for byte. */
  private static String normalized(String payload) {
    int end = payload.length();
    for (int k = 0; k < 2 && end > 0 && (payload.charAt(end - 1) == '\n' || payload.charAt(end - 1) == '\r'); k++) {
      end--;
    }
    return payload.substring(0, end);
  }
}
