package io.ecmt.sdk.testkit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.NetworkWait;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.EmbeddedBroker;
import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's API tour, run as written there except for the transport line (an in-memory pipe to
 * a fake module instead of /dev/ttyUSB0), with assertions where the README prints.
 */
class ApiTourReadmeTest {
  record Reading(double celsius) {}

  record Command(String command) {}

  @Test
  void theTourWorksAsWritten() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start();
        FakeModule module = FakeModule.builder().defaultRoute(broker.address()).build();
        BrokerClient other = BrokerClient.connect(broker.address(), "tour-peer")) {
      InMemoryPipe pipe = InMemoryPipe.create();
      module.start(pipe.moduleEnd());

      try (EcmtModem modem = EcmtModem.builder()
          .transport(pipe.hostEnd())               // README: .serial("/dev/ttyUSB0", 115200)
          .profile(ModuleProfile.EC616S)
          .networkWait(NetworkWait.CEREG, Duration.ofSeconds(60))
          .reconnect(ReconnectPolicy.DEFAULT)
          .build()) {

        // Blocking: the seed session in five lines.
        EcmtBlockingClient mqtt = modem.client(0).toBlocking();
        mqtt.open("test.mosquitto.org", 1883, ConnectOptions.builder()
            .clientId("gw-17").credentials("user", "secret")
            .keepAlive(Duration.ofSeconds(60)).build());
        mqtt.connect();
        mqtt.subscribe("home/garden/fountain/2", Qos.EXACTLY_ONCE);
        mqtt.publish(Publish.builder().topic("home/garden/fountain/2").payload("hello world")
            .qos(Qos.EXACTLY_ONCE).build());

        // Reactive: cold sources, nothing is sent before subscribe.
        EcmtRxClient rx = modem.client(0).toRx();
        TestSubscriber<IncomingMessage> home = rx.messages("home/#").test();
        TestSubscriber<ClientStateChange> states = rx.states().test();
        TestSubscriber<Command> commands = rx.messages("home/cmd/#", Command.class).test();
        PublishResult status = rx.publish(Publish.of("home/status", "{\"ok\":true}")).blockingGet();
        assertThat(status.msgId()).isZero();

        // CompletableFuture.
        CompletableFuture<PublishResult> reading = modem.client(0).toAsync()
            .publishJson("home/reading", new Reading(21.5), Qos.AT_LEAST_ONCE);
        assertThat(reading.get(10, TimeUnit.SECONDS).msgId()).isPositive();

        // JSON in: a command from the broker side, mapped by Jackson.
        mqtt.subscribe("home/cmd/#", Qos.AT_LEAST_ONCE);
        other.publish("home/cmd/valve", "{\"command\":\"open\"}", 1, false);
        commands.awaitCount(1);
        assertThat(commands.values()).containsExactly(new Command("open"));
        home.awaitCount(1);
        assertThat(home.values()).extracting(IncomingMessage::topic).contains("home/cmd/valve");
        assertThat(states.values()).last().extracting(ClientStateChange::current)
            .isEqualTo(io.ecmt.sdk.ClientState.CONNECTED);

        // Any other AT command, queued with the SDK's own: its information lines.
        java.util.List<String> signal = modem.command("AT+CSQ").blockingGet();
        assertThat(signal).singleElement().asString().startsWith("+CSQ: ");
        mqtt.disconnect();
      }
    }
  }
}
