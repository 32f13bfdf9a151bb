package io.ecmt.sdk.testkit.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.exceptions.ClientStateException;
import io.ecmt.sdk.exceptions.ConnectionRefusedException;
import io.ecmt.sdk.exceptions.LinkLostException;
import io.ecmt.sdk.message.ConnAck;
import io.ecmt.sdk.message.ConnAckCode;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.SubAck;
import io.ecmt.sdk.message.Will;
import io.ecmt.sdk.testkit.FakeProfile;
import io.ecmt.sdk.testkit.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SDK and the fake module against a real Mosquitto: each test starts its own {@code mosquitto}
 * on a free 127.0.0.1 port and cross-checks what the SDK did with {@code mosquitto_sub} /
 * {@code mosquitto_pub} processes and with Mosquitto's verbose log.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MosquittoInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SEED_TOPIC = "home/garden/fountain/2";

  private final AutoCloseables resources = new AutoCloseables();

  @AfterEach
  void tearDown() {
    resources.close();
  }

  private MosquittoProcess broker() throws Exception {
    return resources.add(MosquittoProcess.anonymous());
  }

  private SdkRig rig(FakeProfile profile, MosquittoProcess broker) throws Exception {
    return resources.add(SdkRig.start(profile, broker.address()));
  }

  // ------------------------------------------------------------------------------------ the seed

  /** The seed session, word for word, through the SDK on an EC616S module; mosquitto_sub sees the message. */
  @Test
  void seedSessionThroughSdkAndMosquittoSubSeesIt() throws Exception {
    MosquittoProcess broker = broker();
    MosquittoClients.Sub sub = resources.add(broker.subscribe("seed-watcher", SEED_TOPIC, 2, 1));
    SdkRig rig = rig(FakeProfile.EC616S, broker);
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();

    mqtt.open("test.mosquitto.org", 1883);
    ConnAck ack = mqtt.connect();
    assertThat(ack.code()).isEqualTo(ConnAckCode.ACCEPTED);
    SubAck subAck = mqtt.subscribe(SEED_TOPIC, Qos.EXACTLY_ONCE);
    assertThat(subAck.filter()).isEqualTo(SEED_TOPIC);
    try (EcmtBlockingClient.Messages inbox = mqtt.messages(SEED_TOPIC)) {
      mqtt.publish(Publish.of(SEED_TOPIC, "hello world"));
      Optional<IncomingMessage> back = inbox.receive(WAIT);
      assertThat(back).as("own message back from mosquitto").isPresent();
      assertThat(back.get().topic()).isEqualTo(SEED_TOPIC);
      assertThat(back.get().payloadAsString()).isEqualTo("hello world");
    }
    mqtt.unsubscribe(SEED_TOPIC);
    mqtt.disconnect();

    List<MosquittoClients.Line> seen = sub.await(1, WAIT);
    assertThat(seen.get(0).topic()).isEqualTo(SEED_TOPIC);
    assertThat(seen.get(0).payload()).isEqualTo("hello world");
    // Mosquitto saw the whole session from the module, in order.
    String log = broker.log();
    assertThat(log).contains("Received SUBSCRIBE from").contains(SEED_TOPIC + " (QoS 2)")
        .contains("Received UNSUBSCRIBE from").contains("Received DISCONNECT from");
    assertThat(rig.commands()).contains("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883")
        .contains("AT+ECMTSUB=0,").contains("AT+ECMTUNS=0,").contains("AT+ECMTDISC=0");
    rig.module.assertNoViolations();
  }

  // ------------------------------------------------------------------------------ QoS both ways

  /**
   * SDK → mosquitto_sub and mosquitto_pub → SDK at each QoS. mosquitto_sub subscribes at QoS 2, so
   * the QoS it prints is the QoS the module really used on the wire; the broker log shows the
   * handshake the module completed (PUBACK; PUBREC/PUBREL/PUBCOMP).
   */
  @ParameterizedTest(name = "QoS {0}")
  @EnumSource(Qos.class)
  void qosBothWaysCrossCheckedWithMosquittoClients(Qos qos) throws Exception {
    MosquittoProcess broker = broker();
    String id = "sdk-qos" + qos.code();
    String up = "interop/up/" + qos.code();
    String down = "interop/down/" + qos.code();
    MosquittoClients.Sub sub = resources.add(broker.subscribe("watch-qos" + qos.code(), up, 2, 1));
    SdkRig rig = rig(FakeProfile.GENERIC, broker);
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();
    mqtt.open("broker.local", 1883, ConnectOptions.builder().clientId(id).build());
    mqtt.connect();

    // SDK -> broker -> mosquitto_sub
    PublishResult result = mqtt.publish(Publish.builder().topic(up).payload("up at " + qos).qos(qos).build());
    assertThat(result.msgId()).as("msgID 0 only for QoS 0").matches(m -> (m == 0) == (qos == Qos.AT_MOST_ONCE));
    MosquittoClients.Line line = sub.await(1, WAIT).get(0);
    assertThat(line).isEqualTo(new MosquittoClients.Line(qos.code(), false, up, "up at " + qos));
    broker.awaitLog("Received PUBLISH from " + id + " (d0, q" + qos.code() + ", r0", WAIT);
    if (qos == Qos.EXACTLY_ONCE) {
      broker.awaitLog("Received PUBREL from " + id, WAIT);
    }

    // mosquitto_pub -> broker -> SDK
    mqtt.subscribe(down, Qos.EXACTLY_ONCE);
    try (EcmtBlockingClient.Messages inbox = mqtt.messages(down)) {
      broker.publish(down, "down at " + qos, qos.code(), false);
      IncomingMessage in = inbox.receive(WAIT).orElseThrow(() -> new AssertionError(
          "no message at the SDK; transcript:\n" + rig.transcript()));
      assertThat(in.topic()).isEqualTo(down);
      assertThat(in.payloadAsString()).isEqualTo("down at " + qos);
      assertThat(in.msgId() == 0).as("incoming packet id 0 exactly for QoS 0").isEqualTo(qos == Qos.AT_MOST_ONCE);
    }
    broker.awaitLog("Sending PUBLISH to " + id + " (d0, q" + qos.code() + ", r0", WAIT);
    switch (qos) {
      case AT_LEAST_ONCE -> broker.awaitLog("Received PUBACK from " + id, WAIT);
      case EXACTLY_ONCE -> {
        broker.awaitLog("Received PUBREC from " + id, WAIT);
        broker.awaitLog("Received PUBCOMP from " + id, WAIT);
      }
      default -> { }
    }
    mqtt.disconnect();
    rig.module.assertNoViolations();
  }

  // ---------------------------------------------------------------------------------- retained

  /** A retained publish from the SDK reaches a mosquitto_sub started afterwards, flagged retained. */
  @Test
  void retainedFromSdkReachesLaterSubscriber() throws Exception {
    MosquittoProcess broker = broker();
    SdkRig rig = rig(FakeProfile.EC616S, broker);
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();
    mqtt.open("broker.local", 1883);
    mqtt.connect();
    mqtt.publish(Publish.builder().topic("interop/retained/sdk").payload("kept").qos(Qos.AT_LEAST_ONCE)
        .retain(true).build());
    mqtt.disconnect();

    MosquittoClients.Sub later = resources.add(broker.subscribe("late-watcher", "interop/retained/sdk", 1, 1));
    assertThat(later.await(1, WAIT).get(0)).isEqualTo(new MosquittoClients.Line(1, true, "interop/retained/sdk", "kept"));
  }

  /** A retained message from mosquitto_pub is delivered to the SDK when it subscribes later. */
  @Test
  void retainedFromMosquittoPubDeliveredToSdkOnSubscribe() throws Exception {
    MosquittoProcess broker = broker();
    broker.publish("interop/retained/pub", "was here first", 1, true);
    SdkRig rig = rig(FakeProfile.EC616S, broker);
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();
    mqtt.open("broker.local", 1883);
    mqtt.connect();
    try (EcmtBlockingClient.Messages inbox = mqtt.messages("interop/retained/#")) {
      mqtt.subscribe("interop/retained/#", Qos.AT_LEAST_ONCE);
      IncomingMessage in = inbox.receive(WAIT).orElseThrow(() -> new AssertionError(
          "retained message not delivered; transcript:\n" + rig.transcript()));
      assertThat(in.topic()).isEqualTo("interop/retained/pub");
      assertThat(in.payloadAsString()).isEqualTo("was here first");
    }
    mqtt.disconnect();
  }

  // -------------------------------------------------------------------------------------- will

  /** The will configured through the SDK is published by Mosquitto when the module's link drops. */
  @Test
  void willDeliveredWhenLinkDrops() throws Exception {
    MosquittoProcess broker = broker();
    MosquittoClients.Sub willWatch = resources.add(broker.subscribe("will-watcher", "interop/will/+", 2, 1));
    SdkRig rig = rig(FakeProfile.GENERIC, broker);
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();
    mqtt.open("broker.local", 1883, ConnectOptions.builder().clientId("sdk-will")
        .will(new Will("interop/will/sdk-will", "gone", Qos.AT_LEAST_ONCE, false)).build());
    mqtt.connect();
    broker.awaitLog("New client connected from", WAIT);
    assertThat(broker.log()).as("Mosquitto registered a will").contains("Will message specified (4 bytes)")
        .contains("interop/will/sdk-will");

    rig.module.apply(Fault.dropBrokerLink(0));

    assertThat(willWatch.await(1, WAIT).get(0))
        .isEqualTo(new MosquittoClients.Line(1, false, "interop/will/sdk-will", "gone"));
    rig.awaitState(ClientState.LOST, WAIT);
    assertThat(rig.module.transcript().toJsonLines()).contains("+ECMTSTAT: 0,1");
  }

  /**
   * A module that reboots while {@code open()} is writing its configuration loses that
   * configuration (reference §1: after a reset all MQTT state is gone), so the open must not go
   * on as if the will were set. The reboot is imitated by answering {@code AT+ECMTCFG="will"} with
   * {@code OK} then {@code RDY} without storing the will: the SDK fails the open with
   * LinkLostException(MODULE_REBOOTED), sends no AT+ECMTOPEN, and Mosquitto never sees a
   * will-less CONNECT; a second open() then works and the will reaches Mosquitto.
   */
  @Test
  void rebootWhileConfiguringFailsOpenThenReopenCarriesWill() throws Exception {
    MosquittoProcess broker = broker();
    SdkRig rig = rig(FakeProfile.GENERIC, broker);
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();
    rig.modem.start().blockingAwait(10, TimeUnit.SECONDS);
    rig.module.apply(Fault.scriptedReply("AT+ECMTCFG=\"will\"", "\r\nOK\r\n\r\nRDY\r\n"));
    // The SDK asks before it believes a reboot; a rebooted module echoes (echo is on again).
    rig.module.apply(Fault.scriptedReply("AT+ECMTCONN?", "AT+ECMTCONN?\r\n\r\nOK\r\n"));
    ConnectOptions withWill = ConnectOptions.builder().clientId("sdk-reboot")
        .will(new Will("interop/will/sdk-reboot", "gone", Qos.AT_LEAST_ONCE, false)).build();

    Throwable openFailure = catchThrowable(() -> mqtt.open("broker.local", 1883, withWill));
    assertThat(openFailure).as("AT commands:\n" + rig.commands()).isInstanceOf(LinkLostException.class);
    assertThat(((LinkLostException) openFailure).statusCode()).isEqualTo(LinkLostException.MODULE_REBOOTED);
    assertThat(rig.commands()).doesNotContain("AT+ECMTOPEN");

    mqtt.open("broker.local", 1883, withWill);
    mqtt.connect();
    broker.awaitLog("as sdk-reboot", WAIT);
    assertThat(broker.log()).contains("Will message specified (4 bytes)").doesNotContain("No will message specified");
    mqtt.disconnect();
  }

  // --------------------------------------------------------------------------------- keepalive

  /** With a 2 s keepalive the module pings on its own and Mosquitto answers: both in the verbose log. */
  @Test
  void keepAlivePingsSeenInMosquittoLog() throws Exception {
    MosquittoProcess broker = broker();
    SdkRig rig = rig(FakeProfile.EC616S, broker);
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();
    // EC616S sends the client id only when user and password come too (anonymous broker: any pass).
    mqtt.open("broker.local", 1883, ConnectOptions.builder().clientId("sdk-ka").credentials("u", "p")
        .keepAlive(Duration.ofSeconds(2)).build());
    mqtt.connect();
    broker.awaitLog("as sdk-ka (p2, c1, k2", WAIT);
    broker.awaitLog("Received PINGREQ from sdk-ka", Duration.ofSeconds(6));
    broker.awaitLog("Sending PINGRESP to sdk-ka", WAIT);
    assertThat(rig.state()).isEqualTo(ClientState.CONNECTED);
    assertThat(rig.commands()).contains("AT+ECMTCFG=\"keepalive\",0,2");
    mqtt.disconnect();
  }

  // ------------------------------------------------------------------------------ credentials

  /**
   * A wrong password is refused with the CONNACK code Mosquitto really sends. Mosquitto 2.x with a
   * password_file answers a bad password with 5 "not authorized" (not 4 "bad user name or
   * password", which it keeps for malformed credentials): observed with 2.0.11; the fake module
   * prints it unchanged in {@code +ECMTCONN: 0,0,5}.
   */
  @Test
  void wrongPasswordRefusedWithConnAckCode() throws Exception {
    MosquittoProcess broker = resources.add(MosquittoProcess.withPassword("device", "right-secret"));
    SdkRig rig = rig(FakeProfile.EC616S, broker);
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();
    mqtt.open("broker.local", 1883, ConnectOptions.builder().clientId("sdk-pw").credentials("device", "wrong").build());

    Throwable t = catchThrowable(mqtt::connect);
    assertThat(t).isInstanceOf(ConnectionRefusedException.class);
    ConnectionRefusedException refused = (ConnectionRefusedException) t;
    assertThat(refused.rawCode()).isEqualTo(5);
    assertThat(refused.code()).isEqualTo(ConnAckCode.NOT_AUTHORIZED);
    assertThat(rig.module.transcript().toJsonLines()).contains("+ECMTCONN: 0,0,5");
    // Refused before the client id is registered: Mosquitto names the peer address, not the id.
    broker.awaitLog("Sending CONNACK to 127.0.0.1 (0, 5)", WAIT);
    assertThat(broker.log()).contains("disconnected, not authorised");
    // The password never appears in the SDK-side error text.
    assertThat(String.valueOf(t.getMessage())).doesNotContain("wrong");
  }

  /** The right password on the same password-file broker is accepted. */
  @Test
  void rightPasswordAccepted() throws Exception {
    MosquittoProcess broker = resources.add(MosquittoProcess.withPassword("device", "right-secret"));
    SdkRig rig = rig(FakeProfile.EC616S, broker);
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();
    mqtt.open("broker.local", 1883, ConnectOptions.builder().clientId("sdk-pw-ok").credentials("device", "right-secret").build());
    assertThat(mqtt.connect().code()).isEqualTo(ConnAckCode.ACCEPTED);
    broker.awaitLog("Sending CONNACK to sdk-pw-ok (0, 0)", WAIT);
    mqtt.disconnect();
  }

  // --------------------------------------------------------------------------- clean session

  /**
   * cleanSession(false) with a fixed client id: Mosquitto keeps the QoS 1 subscription while the
   * client is away and queues a QoS 1 message published meanwhile; it arrives on reconnect
   * without subscribing again.
   */
  @Test
  void persistentSessionKeepsSubscriptionAcrossReconnect() throws Exception {
    MosquittoProcess broker = broker();
    SdkRig rig = rig(FakeProfile.GENERIC, broker);
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();
    ConnectOptions persistent = ConnectOptions.builder().clientId("sdk-persistent").cleanSession(false).build();
    mqtt.open("broker.local", 1883, persistent);
    mqtt.connect();
    broker.awaitLog("as sdk-persistent (p2, c0,", WAIT);
    mqtt.subscribe("interop/persistent", Qos.AT_LEAST_ONCE);
    mqtt.disconnect();
    broker.awaitLog("Client sdk-persistent disconnected", WAIT);

    broker.publish("interop/persistent", "while you were away", 1, false);

    try (EcmtBlockingClient.Messages inbox = mqtt.messages("interop/persistent")) {
      mqtt.open("broker.local", 1883, persistent);
      mqtt.connect();
      IncomingMessage in = inbox.receive(WAIT).orElseThrow(() -> new AssertionError(
          "queued message not delivered; transcript:\n" + rig.transcript()));
      assertThat(in.payloadAsString()).isEqualTo("while you were away");
    }
    // Delivered from the stored session: the SDK did not subscribe a second time.
    assertThat(rig.module.transcript().commands().stream().filter(c -> c.startsWith("AT+ECMTSUB=")).count())
        .isEqualTo(1);
    mqtt.disconnect();
  }

  // --------------------------------------------------------------------------- broker restart

  /**
   * Mosquitto stops in the middle of a run: the module prints {@code +ECMTSTAT: 0,1}, a publish
   * waiting for its PUBACK fails with LinkLostException, and the client state becomes LOST.
   */
  @Test
  void brokerStopGivesLinkLostAndStateLost() throws Exception {
    MosquittoProcess broker = broker();
    SdkRig rig = rig(FakeProfile.GENERIC, broker);
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();
    mqtt.open("broker.local", 1883, ConnectOptions.builder().clientId("sdk-restart").build());
    mqtt.connect();
    // Keep the next PUBACK from the module so the publish is still pending when the link goes.
    rig.module.apply(Fault.swallowAcks(1));
    CompletableFuture<PublishResult> pending = rig.modem.client(0).toAsync()
        .publish(Publish.builder().topic("interop/restart").payload("in flight").qos(Qos.AT_LEAST_ONCE).build());
    broker.awaitLog("Received PUBLISH from sdk-restart (d0, q1", WAIT);

    broker.stop();

    Throwable t = catchThrowable(() -> pending.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(LinkLostException.class);
    assertThat(((LinkLostException) t.getCause()).statusCode()).isEqualTo(1);
    rig.awaitState(ClientState.LOST, WAIT);
    assertThat(rig.module.transcript().toJsonLines()).contains("+ECMTSTAT: 0,1");
    assertThatThrownBy(() -> mqtt.publish(Publish.of("interop/restart", "after")))
        .isInstanceOf(ClientStateException.class);

    // Without a supervisor the application recovers by itself once Mosquitto is back: open after
    // LOST clears the module's context first (AT+ECMTDISC, errors ignored), then opens again.
    broker.start();
    MosquittoClients.Sub sub = resources.add(broker.subscribe("restart-watcher", "interop/restart", 1, 1));
    mqtt.open("broker.local", 1883, ConnectOptions.builder().clientId("sdk-restart").build());
    mqtt.connect();
    mqtt.publish(Publish.builder().topic("interop/restart").payload("after restart").qos(Qos.AT_LEAST_ONCE).build());
    assertThat(sub.await(1, WAIT).get(0).payload()).isEqualTo("after restart");
    List<String> commands = rig.module.transcript().commands();
    int stat = commands.indexOf(commands.stream().filter(c -> c.startsWith("AT+ECMTPUB=")).findFirst().orElseThrow());
    assertThat(commands.subList(stat, commands.size())).containsSubsequence(
        "AT+ECMTDISC=0", "AT+ECMTOPEN=0,\"broker.local\",1883");
    mqtt.disconnect();
  }

  /**
   * With a reconnect policy, Mosquitto restarting on the same port: the client goes
   * RECONNECTING, comes back CONNECTED by itself, and a QoS 1 publish made during the outage
   * reaches a subscriber. It is published retained so a subscriber started after the restart
   * gets it whichever of the two reaches the new broker first (the restarted broker has no state).
   */
  @Test
  void brokerRestartWithReconnectPolicyComesBackAndDeliversOutagePublish() throws Exception {
    MosquittoProcess broker = broker();
    SdkRig rig = resources.add(SdkRig.start(FakeProfile.GENERIC, broker.address(), b -> b.reconnect(
        ReconnectPolicy.DEFAULT.withDelays(Duration.ofMillis(100), Duration.ofSeconds(1)))));
    EcmtBlockingClient mqtt = rig.modem.client(0).toBlocking();
    mqtt.open("broker.local", 1883, ConnectOptions.builder().clientId("sdk-comeback").build());
    mqtt.connect();
    mqtt.subscribe("interop/comeback/in", Qos.AT_LEAST_ONCE);

    broker.stop();
    Tools.await(WAIT, () -> rig.sawState(ClientState.RECONNECTING) || rig.sawState(ClientState.LOST),
        () -> "link loss noticed; states " + rig.states);
    CompletableFuture<PublishResult> outage = rig.modem.client(0).toAsync().publish(Publish.builder()
        .topic("interop/comeback/out").payload("sent during outage").qos(Qos.AT_LEAST_ONCE).retain(true).build());
    assertThat(outage).isNotDone();

    broker.start();
    MosquittoClients.Sub sub = resources.add(broker.subscribe("comeback-watcher", "interop/comeback/out", 1, 1));
    rig.awaitState(ClientState.CONNECTED, Duration.ofSeconds(15));
    PublishResult done = outage.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.msgId()).isPositive();
    assertThat(sub.await(1, WAIT).get(0).payload()).isEqualTo("sent during outage");
    assertThat(rig.module.transcript().toJsonLines()).contains("+ECMTSTAT: 0,1");

    // The supervisor subscribed again on the new broker: a message from mosquitto_pub arrives.
    broker.awaitLog("Received SUBSCRIBE from sdk-comeback", WAIT);
    try (EcmtBlockingClient.Messages inbox = mqtt.messages("interop/comeback/in")) {
      Tools.await(WAIT, () -> broker.countInLog("Sending SUBACK to sdk-comeback") >= 2, "re-subscribe");
      broker.publish("interop/comeback/in", "welcome back", 1, false);
      assertThat(inbox.receive(WAIT).map(IncomingMessage::payloadAsString)).contains("welcome back");
    }
    mqtt.disconnect();
  }
}
