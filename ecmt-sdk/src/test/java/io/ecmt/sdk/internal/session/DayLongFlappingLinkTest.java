package io.ecmt.sdk.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 24 simulated hours: a publish every second, the link dropped every few minutes for up to a
 * minute. Every QoS 1 message reaches the broker at least once and is acknowledged to its caller,
 * the subscription survives every reconnect, and nothing is left pending.
 */
class DayLongFlappingLinkTest {
  private static final int SECONDS = 24 * 3600;

  @Test
  void aDayOfLinkFlapsLosesNothing() {
    List<String> sdkThreadsBefore = sdkThreads();
    TestScheduler scheduler = new TestScheduler();
    InMemoryPipe pipe = InMemoryPipe.create();
    SimulatedModule module = new SimulatedModule(scheduler, pipe.moduleEnd());
    EcmtModem modem = EcmtModem.builder()
        .transport(pipe.hostEnd())
        .sessionScheduler(scheduler)
        .callbackScheduler(scheduler)
        .reconnect(ReconnectPolicy.DEFAULT.withDelays(Duration.ofSeconds(2), Duration.ofSeconds(30)))
        .build();
    EcmtRxClient client = modem.client(0).toRx();

    client.open("broker", 1883).andThen(client.connect()).flatMap(ack -> client.subscribe("cmd/x", Qos.AT_LEAST_ONCE))
        .test();
    scheduler.advanceTimeBy(10, TimeUnit.SECONDS);
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);

    List<IncomingMessage> commands = new ArrayList<>();
    client.messages("cmd/#").subscribe(commands::add);
    AtomicInteger acknowledged = new AtomicInteger();
    List<Throwable> failures = new ArrayList<>();
    Random random = new Random(7);
    long nextDrop = 120 + random.nextInt(300);
    int commandsSent = 0;
    int commandsSentAfterLastDrop = 0;

    for (int second = 0; second < SECONDS; second++) {
      client.publish(Publish.builder().topic("data").payload("seq-" + second).qos(Qos.AT_LEAST_ONCE).build())
          .subscribe(r -> acknowledged.incrementAndGet(), failures::add);
      if (second == nextDrop) {
        // 200 ms into the second: after the broker got this second's message, before its PUBACK came back.
        long down = 5_000 + random.nextInt(55_000);
        scheduler.scheduleDirect(() -> module.dropLink(down), 200, TimeUnit.MILLISECONDS);
        nextDrop = second + 120 + random.nextInt(300);
        commandsSentAfterLastDrop = 0;
      }
      if (second % 600 == 300 && module.brokerPublish("cmd/x", "ping-" + second)) {
        commandsSent++;
        commandsSentAfterLastDrop++;
      }
      scheduler.advanceTimeBy(1, TimeUnit.SECONDS);
    }
    scheduler.advanceTimeBy(10, TimeUnit.MINUTES);

    assertThat(failures).isEmpty();
    assertThat(acknowledged.get()).isEqualTo(SECONDS);
    for (int second = 0; second < SECONDS; second++) {
      assertThat(module.brokerReceived).containsKey("seq-" + second);
    }
    int duplicates = module.brokerReceived.values().stream().mapToInt(n -> n - 1).sum();
    assertThat(module.linkDrops).isGreaterThan(200);
    assertThat(duplicates).as("acknowledgements lost in a drop: re-sent, at least once").isGreaterThan(100);
    // Subscriptions survived: the broker's commands reached the application all day long.
    assertThat(commandsSent).isGreaterThan(100);
    assertThat(commands).hasSize(commandsSent);
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    assertThat(((ModemSession) modem).diagnostics(0))
        .containsEntry("pending", 0)
        .containsEntry("outbox", 0)
        .containsEntry("inFlightPublishes", 0)
        .containsEntry("msgIdsInUse", 0);
    modem.close();
    scheduler.triggerActions();
    assertThat(sdkThreads()).isEqualTo(sdkThreadsBefore);
    System.out.printf("24 h: %d link drops, %d publishes acknowledged, %d sent twice (at-least-once), %d commands received%n",
        module.linkDrops, acknowledged.get(), duplicates, commands.size());
  }

  private static List<String> sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("ecmt-")).sorted().toList();
  }
}
