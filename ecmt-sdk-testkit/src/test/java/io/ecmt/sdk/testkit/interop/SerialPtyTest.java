package io.ecmt.sdk.testkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.message.ConnAckCode;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.serial.SerialSettings;
import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.EmbeddedBroker;
import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.testkit.FakeModuleServer;
import io.ecmt.sdk.testkit.FakeProfile;
import io.ecmt.sdk.testkit.Fault;
import io.ecmt.sdk.testkit.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SDK's serial path on a real tty: {@code socat} makes a pseudo-terminal bridged over TCP to a
 * fake EC616S module; {@code EcmtModem.builder().serial(...)} opens the pty through jSerialComm and
 * runs the seed session, a prompt-form publish (payload with CR/LF) and 1000-byte payloads. The
 * module paces its output at the configured baud rate (a pty itself ignores the rate), and the
 * messages are checked at the broker with a {@link BrokerClient}.
 */
@Tag("serial")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SerialPtyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SEED_TOPIC = "home/garden/fountain/2";

  private static EmbeddedBroker broker;
  private final AutoCloseables resources = new AutoCloseables();

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @AfterEach
  void tearDown() {
    resources.close();
  }

  @ParameterizedTest(name = "{0} baud")
  @ValueSource(ints = {115200, 9600})
  void seedSessionPromptFormAndLargePayloadOverPty(int baud) throws Exception {
    String socat = Tools.require("socat", "socat").toString();
    // No RDY: the module booted before the host opened the port. With RDY printed at TCP accept,
    // it sits in the pty and reaches the SDK at a random point of its start-up or open (a race
    // this test is not about; see the report on RDY handling).
    FakeModuleServer server = resources.add(FakeModuleServer.start(FakeModuleServer.Options.builder()
        .profile(FakeProfile.EC616S).printRdy(false).route("test.mosquitto.org", 1883, broker.address())
        .broker(broker.address()).build()));
    SocatPty pty = resources.add(SocatPty.bridgeTo(server.address()));
    Tools.await(WAIT, () -> server.modules().size() == 1, () -> "socat connected to the fake module; " + pty.log());
    FakeModule module = server.modules().get(0);
    module.apply(Fault.throttle(baud));

    BrokerClient watcher = resources.add(BrokerClient.connect(broker.address(), "pty-watcher-" + baud));
    BrokerClient.Subscription atBroker = watcher.subscribe("serial/#", 2);
    BrokerClient.Subscription seedAtBroker = watcher.subscribe(SEED_TOPIC, 2);

    EcmtModem modem = resources.add(EcmtModem.builder()
        .serial(SerialSettings.builder(pty.portName()).baudRate(baud).build())
        .profile(ModuleProfile.EC616S).timeouts(SdkRig.TIMEOUTS).sequentialMsgIds(true).build());
    EcmtBlockingClient mqtt = modem.client(0).toBlocking();

    // The seed session.
    mqtt.open("test.mosquitto.org", 1883);
    assertThat(mqtt.connect().code()).isEqualTo(ConnAckCode.ACCEPTED);
    mqtt.subscribe(SEED_TOPIC, Qos.EXACTLY_ONCE);
    try (EcmtBlockingClient.Messages inbox = mqtt.messages("#")) {
      mqtt.publish(Publish.of(SEED_TOPIC, "hello world"));
      assertThat(receive(inbox, module).payloadAsString()).isEqualTo("hello world");
      assertThat(seedAtBroker.poll(WAIT).payloadUtf8()).isEqualTo("hello world");

      // Prompt form: CR/LF cannot travel in the one-line form.
      String multiLine = "line one\r\nline two\nline three";
      mqtt.publish(Publish.builder().topic("serial/prompt").payload(multiLine).qos(Qos.AT_LEAST_ONCE).build());
      ReceivedMessage prompt = atBroker.poll(WAIT);
      assertThat(prompt).as("prompt-form publish at the broker").isNotNull();
      assertThat(prompt.topic()).isEqualTo("serial/prompt");
      assertThat(prompt.payloadUtf8()).isEqualTo(multiLine);
      assertThat(module.transcript().commands()).contains("AT+ECMTPUB=0,2,1,0,\"serial/prompt\"");

      // 1000 bytes of text (one-line form) and 1000 bytes with line breaks (prompt form), QoS 1.
      String big = pattern(1000, false);
      String bigLines = pattern(1000, true);
      mqtt.publish(Publish.builder().topic("serial/big").payload(big).qos(Qos.AT_LEAST_ONCE).build());
      mqtt.publish(Publish.builder().topic("serial/big-lines").payload(bigLines).qos(Qos.AT_LEAST_ONCE).build());
      ReceivedMessage first = atBroker.poll(WAIT);
      ReceivedMessage second = atBroker.poll(WAIT);
      assertThat(first).isNotNull();
      assertThat(second).isNotNull();
      assertThat(List.of(first.topic(), second.topic())).containsExactly("serial/big", "serial/big-lines");
      assertThat(first.payload()).hasSize(1000).isEqualTo(big.getBytes(StandardCharsets.US_ASCII));
      assertThat(second.payload()).hasSize(1000).isEqualTo(bigLines.getBytes(StandardCharsets.US_ASCII));
      // EC616S takes up to 1024 characters in the one-line form; the CR/LF payload needs the prompt.
      List<String> commands = module.transcript().commands();
      assertThat(commands).anyMatch(c -> c.matches("AT\\+ECMTPUB=0,\\d+,1,0,\"serial/big\",\"?ABC.*") && c.length() > 1000);
      assertThat(commands).anyMatch(c -> c.matches("AT\\+ECMTPUB=0,\\d+,1,0,\"serial/big-lines\""));

      // 1000 bytes the other way: the broker publishes, the module prints +ECMTRECV over the pty.
      watcher.publish(SEED_TOPIC, big, 1, false);
      assertThat(receive(inbox, module).payloadAsString()).isEqualTo(big);
    }
    mqtt.unsubscribe(SEED_TOPIC);
    mqtt.disconnect();
    module.assertNoViolations();
    assertThat(module.transcript().commands()).startsWith("AT", "ATE0", "ATQ0", "AT+CMEE=1")
        .containsSubsequence("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883", "AT+ECMTCONN=0",
            "AT+ECMTSUB=0,1,\"home/garden/fountain/2\",2", "AT+ECMTUNS=0,5,\"home/garden/fountain/2\"", "AT+ECMTDISC=0")
        .filteredOn(c -> c.equals("AT")).hasSize(1);
    assertThat(module.transcript().commands()).contains("AT+ECMTDISC=0");
  }

  private static IncomingMessage receive(EcmtBlockingClient.Messages inbox, FakeModule module) throws InterruptedException {
    return inbox.receive(WAIT).orElseThrow(() -> new AssertionError(
        "no +ECMTRECV reached the SDK over the pty; transcript:\n" + module.transcript().toJsonLines()));
  }

  /** {@code n} printable ASCII bytes, with CR LF every 64 bytes when {@code lines}. */
  private static String pattern(int n, boolean lines) {
    StringBuilder sb = new StringBuilder(n);
    while (sb.length() < n) {
      if (lines && sb.length() % 64 == 62) {
        sb.append("\r\n");
      } else {
        sb.append((char) ('A' + sb.length() % 26));
      }
    }
    sb.setLength(n);
    return sb.toString();
  }
}
