package io.ecmt.sdk.testkit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.Fault;
import io.ecmt.sdk.testkit.junit5.EcmtTestkitExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's testkit example, compiled and run as written there. */
class GatewayReadmeTest {

  /** The application code under test: a gateway that reports readings. */
  static final class Gateway {
    private final EcmtBlockingClient mqtt;

    Gateway(EcmtBlockingClient mqtt) {
      this.mqtt = mqtt;
    }

    void sendReading(double celsius) {
      mqtt.publish(Publish.builder().topic("home/reading").payload("{\"celsius\":" + celsius + "}")
          .qos(Qos.AT_LEAST_ONCE).build());
    }
  }

  @RegisterExtension
  static EcmtTestkitExtension testkit = EcmtTestkitExtension.builder()
      .reconnect(ReconnectPolicy.DEFAULT.withDelays(Duration.ofMillis(50), Duration.ofSeconds(1)))
      .build();

  @Test
  void publishesReadings() throws Exception {
    BrokerClient.Subscription seen = testkit.brokerClient().subscribe("home/#", 1);
    EcmtBlockingClient mqtt = testkit.modem().client(0).toBlocking();
    mqtt.open("test.mosquitto.org", 1883);     // routed to the embedded broker
    mqtt.connect();

    new Gateway(mqtt).sendReading(21.5);

    assertThat(seen.poll(Duration.ofSeconds(5)).payloadUtf8()).contains("21.5");
    mqtt.disconnect();
  }

  @Test
  void survivesALinkDrop() throws Exception {
    BrokerClient.Subscription seen = testkit.brokerClient().subscribe("home/#", 1);
    EcmtBlockingClient mqtt = testkit.modem().client(0).toBlocking();
    mqtt.open("test.mosquitto.org", 1883);
    mqtt.connect();

    testkit.module().apply(Fault.dropBrokerLink(0));   // the module prints +ECMTSTAT: 0,1
    new Gateway(mqtt).sendReading(22.0);                // waits in the outbox, sent after the reconnect

    assertThat(seen.poll(Duration.ofSeconds(10)).payloadUtf8()).contains("22.0");
    assertThat(mqtt.state()).isEqualTo(ClientState.CONNECTED);
    mqtt.disconnect();
  }
}
