package io.ecmt.sdk.testkit;

import io.ecmt.sdk.testkit.ecmt.hostile.HostilePayloads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The faults the SDK's trust tests need: a hung module, lost outcomes, a late link loss, contradicting CONN URCs. */
class FakeModuleTrustFaultTest extends FakeModuleTestBase {

  @Test
  void anUnresponsiveModuleIgnoresInputAndPrintsNothingUntilRevived() throws Exception {
    start();
    openAndConnect("f-hang");
    host.at("AT+ECMTSUB=0,1,\"hang/in\",0");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTSUB: 0,1,0,1\r\n");
    BrokerClient.Subscription out = observer("f-hang-obs").subscribe("hang/out", 0);
    host.at("ATE1");
    host.expect("\r\nOK\r\n");

    module.apply(Fault.unresponsive(true));
    host.at("AT");
    host.at("AT+ECMTPUB=0,0,0,0,\"hang/out\",\"lost\"");
    observer("f-hang-pub").publish("hang/in", "unheard", 0, false);
    module.apply(Fault.injectLine("+ECMTSTAT: 0,1"));
    host.send("AT+ECMTCON"); // half a line: lost with the hang
    host.expectNothing(SHORT);
    assertThat(out.poll(SHORT)).isNull(); // the ignored publish was never executed
    assertThat(module.transcript().commands()).doesNotContain("AT+ECMTPUB=0,0,0,0,\"hang/out\",\"lost\"");
    assertThat(new String(module.transcript().received(), java.nio.charset.StandardCharsets.US_ASCII))
        .contains("hang/out"); // ... but the transcript shows it arrived

    module.apply(Fault.unresponsive(false));
    host.at("AT"); // had the half line survived, this would be AT+ECMTCONAT: ERROR
    host.expect("AT\r\nOK\r\n");
    host.at("AT+ECMTCONN?");
    host.expect("AT+ECMTCONN?\r\n+ECMTCONN:0,3\r\n\r\nOK\r\n"); // the link stayed up
    module.assertNoViolations();
  }

  @Test
  void suppressedOutcomesLeaveAcceptedCommandsUnfinished() throws Exception {
    start();
    BrokerClient.Subscription seen = observer("f-sup-obs").subscribe("sup/out", 1);
    module.apply(Fault.suppressOutcomes(true));
    host.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
    host.expect("\r\nOK\r\n");
    host.expectNothing(SHORT);
    host.at("AT+ECMTCONN=0,\"f-sup\",\"u\",\"p\"");
    host.expect("\r\nOK\r\n");
    // No URC to wait for: wait until the broker lists the session (Moquette drops what comes earlier).
    awaitTrue("f-sup listed by the broker", () -> broker.server().listConnectedClients().stream()
        .anyMatch(c -> c.getClientID().equals("f-sup")));
    host.at("AT+ECMTSUB=0,3,\"sup/in\",1");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTPUB=0,0,0,0,\"sup/out\",\"q0\"");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTPUB=0,4,1,0,\"sup/out\",\"q1\"");
    host.expect("\r\nOK\r\n");
    assertThat(seen.poll(WAIT).payloadUtf8()).isEqualTo("q0"); // the work is done ...
    assertThat(seen.poll(WAIT).payloadUtf8()).isEqualTo("q1");
    host.expectNothing(SHORT); // ... and never reported
    observer("f-sup-pub").publish("sup/in", "still delivered", 0, false);
    host.expect("\r\n+ECMTRECV: 0,0,\"sup/in\",still delivered\r\n");

    module.apply(Fault.suppressOutcomes(false));
    host.at("AT+ECMTDISC=0");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTDISC: 0,0\r\n");
  }

  @Test
  void aLateLinkLossAnswersCmeErrorsBeforeTheStat() throws Exception {
    start();
    openAndConnect("f-late");
    module.apply(Fault.lateLinkLoss(0, 2, Duration.ofMillis(100)));
    host.at("AT+ECMTPUB=0,5,1,0,\"late\",\"x\"");
    host.expect("\r\n+CME ERROR: 3\r\n");
    host.expectNothing(SHORT); // the STAT waits for the second error
    host.at("AT+ECMTSUB=0,6,\"late\",1");
    long afterSecond = System.nanoTime();
    host.expect("\r\n+CME ERROR: 3\r\n");
    host.expect("\r\n+ECMTSTAT: 0,1\r\n");
    assertThat(Duration.ofNanos(System.nanoTime() - afterSecond)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    host.at("AT+ECMTUNS=0,7,\"late\"");
    host.expect("\r\n+CME ERROR: 3\r\n"); // and after it, as after any link loss
    host.expectNothing(SHORT);
    host.at("AT+ECMTCLOSE=0");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTCLOSE: 0,0\r\n");
  }

  @Test
  void aLateLinkLossWithoutCommandsPrintsTheStatAfterItsDelay() throws Exception {
    start();
    openAndConnect("f-late0");
    long t0 = System.nanoTime();
    module.apply(Fault.lateLinkLoss(0, 0, Duration.ofMillis(150)));
    host.expect("\r\n+ECMTSTAT: 0,1\r\n");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThatThrownBy(() -> module.apply(Fault.lateLinkLoss(0, 1, Duration.ZERO)))
        .isInstanceOf(IllegalStateException.class); // no link left to lose
  }

  @Test
  void aDiscBeforeTheLateStatCancelsIt() throws Exception {
    start();
    openAndConnect("f-late-disc");
    module.apply(Fault.lateLinkLoss(0, 1, Duration.ofMillis(50)));
    host.at("AT+ECMTDISC=0");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTDISC: 0,0\r\n");
    host.at("AT+ECMTPUB=0,0,0,0,\"t\",\"x\"");
    host.expect("\r\n+CME ERROR: 3\r\n");
    host.expectNothing(SHORT);
  }

  @Test
  void contradictingConnUrcsComeSpacedAndTheModuleEndsConnected() throws Exception {
    start();
    host.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTOPEN: 0,0\r\n");
    module.apply(Fault.contradictingConnUrcs(Duration.ofMillis(120)));
    host.at("AT+ECMTCONN=0,\"f-contra\",\"u\",\"p\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTCONN: 0,2,2\r\n");
    host.expect("\r\n+ECMTCONN: 0,0,0\r\n");
    assertThat(Duration.between(writtenAt("+ECMTCONN: 0,2,2"), writtenAt("+ECMTCONN: 0,0,0")))
        .isGreaterThanOrEqualTo(Duration.ofMillis(120));
    host.at("AT+ECMTCONN?");
    host.expect("\r\n+ECMTCONN:0,3\r\n\r\nOK\r\n");
    host.at("AT+ECMTPUB=0,1,1,0,\"contra\",\"x\"");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTPUB: 0,1,0\r\n"); // a PUBACK came back: really connected

    // One-shot: the next connect is plain.
    host.at("AT+ECMTDISC=0");
    host.readUntil("+ECMTDISC: 0,0\r\n");
    openAndConnect("f-contra-2");
    host.expectNothing(SHORT);
  }

  private Instant writtenAt(String urc) {
    List<Transcript.Entry> out = module.transcript().entries();
    return out.stream()
        .filter(e -> e.direction() == Transcript.Direction.MODULE_TO_HOST && e.kind() == Transcript.Kind.BYTES
            && e.text().contains(urc))
        .map(Transcript.Entry::time).findFirst().orElseThrow();
  }

  @Test
  void aHostilePayloadIsPrintedRawAsSeveralLines() throws Exception {
    start();
    openAndConnect("f-hostile");
    host.at("AT+ECMTSUB=0,1,\"home/in\",0");
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTSUB: 0,1,0,1\r\n");
    HostilePayloads.Payload p = HostilePayloads.placements("+ECMTPUB: 0,<id>,0", 9).get(9); // LF, filler first
    assertThat(p.text()).isEqualTo("{\"temp\":21.5,\"unit\":\"C\"}\n+ECMTPUB: 0,9,0");
    observer("f-hostile-pub").publish("home/in", p.bytes(), 0, false);
    host.expect("\r\n+ECMTRECV: 0,0,\"home/in\"," + p.text() + "\r\n");
  }
}
