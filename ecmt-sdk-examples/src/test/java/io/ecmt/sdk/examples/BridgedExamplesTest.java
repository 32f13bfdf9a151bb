package io.ecmt.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.testkit.EmbeddedBroker;
import io.ecmt.sdk.testkit.FakeModuleServer;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commands with {@code --tcp}, against a fake module behind a TCP bridge, as a real gateway would run them. */
class BridgedExamplesTest {
  private static EmbeddedBroker broker;
  private FakeModuleServer bridge;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void startBridge() throws IOException {
    bridge = startBridge(false);
  }

  /** A fake module server on 127.0.0.1 (a free port) routing to the broker; it keeps closed modules for the checks. */
  private static FakeModuleServer startBridge(boolean echo) throws IOException {
    return FakeModuleServer.start(FakeModuleServer.Options.builder()
        .printRdy(false).echo(echo).broker(broker.address()).keepClosedModules(true).build());
  }

  @AfterEach
  void stopBridge() {
    bridge.close();
  }

  private String tcp() {
    return "127.0.0.1:" + bridge.address().getPort();
  }

  @Test
  void helloThroughTcp() {
    Cli cli = new Cli();

    int exit = cli.run("hello", "--tcp", tcp());

    assertThat(exit).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains("module: module bridge at tcp " + tcp())
        .contains("received on home/garden/fountain/2: hello world");
    assertThat(bridge.modules()).singleElement().satisfies(m -> {
      assertThat(m.transcript().commands()).contains("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883", "AT+ECMTDISC=0");
      m.assertNoViolations();
    });
  }

  @Test
  void telemetryThroughTcp() {
    Cli cli = new Cli();

    int exit = cli.run("telemetry", "--tcp", tcp(), "--count", "20", "--interval", "10ms");

    assertThat(exit).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("sent 20, acknowledged 20, failed 0");
    assertThat(bridge.modules().get(0).transcript().commands().stream()
        .filter(c -> c.startsWith("AT+ECMTPUB=0,"))).hasSize(20);
  }

  @Test
  void telemetryWithReconnectKeepsGoingWhileTheLinkDrops() throws IOException {
    bridge.close();
    bridge = FakeModuleServer.start(FakeModuleServer.Options.builder().printRdy(false).broker(broker.address())
        .keepClosedModules(true).dropLinkEvery(java.time.Duration.ofMillis(700)).build());
    Cli cli = new Cli();

    int exit = cli.run("telemetry", "--tcp", tcp(), "--reconnect", "--count", "200", "--interval", "10ms");

    assertThat(exit).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("sent 200, acknowledged 200, failed 0");
    // The link really dropped, more than once, and the supervisor opened it again each time.
    assertThat(cli.out().split("\\+ECMTSTAT: 0,1", -1).length - 1).isGreaterThanOrEqualTo(2);
    assertThat(bridge.modules().get(0).transcript().commands().stream()
        .filter(c -> c.startsWith("AT+ECMTOPEN="))).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void helloWithEchoOnStillWorks() throws IOException {
    bridge.close();
    bridge = startBridge(true);
    Cli cli = new Cli();

    int exit = cli.run("hello", "--tcp", tcp());

    assertThat(exit).as(cli.err()).isZero();
    assertThat(cli.out()).contains("received on home/garden/fountain/2: hello world");
  }
}
