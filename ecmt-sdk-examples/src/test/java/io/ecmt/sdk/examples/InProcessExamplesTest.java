package io.ecmt.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.EmbeddedBroker;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands against the in-process fake module and embedded broker (the no-hardware default). */
class InProcessExamplesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** One broker for the tests that do not need their own (starting one takes seconds). */
  private static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private static String sharedBroker() {
    return broker.host() + ":" + broker.port();
  }

  @Test
  void helloPrintsTheRoundTripAndExitsZero() {
    Cli cli = new Cli();

    int exit = cli.run("hello");

    assertThat(exit).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains(">> AT+ECMTOPEN=0,\"test.mosquitto.org\",1883", "<< +ECMTOPEN: 0,0")
        .containsPattern(">> AT\\+ECMTSUB=0,\\d+,\"home/garden/fountain/2\",2") // msgIDs are random
        .contains("<< +ECMTRECV: 0,", "\"home/garden/fountain/2\",hello world")
        .contains("received on home/garden/fountain/2: hello world")
        .contains(">> AT+ECMTDISC=0", "<< +ECMTDISC: 0,0");
    assertThat(cli.err()).isEmpty();
    cli.fakeModules().forEach(m -> m.assertNoViolations());
  }

  @Test
  void helloRedactsThePassword() {
    Cli cli = new Cli();

    int exit = cli.run("hello", "--broker", sharedBroker(), "--client-id", "fountain-2", "--username", "gardener", "--password", "s3cret!");

    assertThat(exit).as(cli.err()).isZero();
    assertThat(cli.out()).contains(">> AT+ECMTCONN=0,\"fountain-2\",\"gardener\",").doesNotContain("s3cret!");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\"b", "x/#", "x/+/y", ""})
  void helloRefusesABadTopicAndSendsNothing(String topic) {
    Cli cli = new Cli();

    int exit = cli.run("hello", "--broker", sharedBroker(), "--topic", topic);

    assertThat(exit).isEqualTo(Errors.INVALID_INPUT);
    assertThat(cli.err().lines()).singleElement().asString()
        .startsWith("error: invalid topic: ").endsWith("(nothing was sent)");
    assertThat(cli.fakeModules()).hasSize(1);
    assertThat(cli.moduleCommands()).noneMatch(c -> c.contains("ECMTPUB") || c.contains("ECMTSUB"));
    assertThat(cli.fakeModules().get(0).transcript().received()).isEmpty();
  }

  @Test
  void telemetryPublishesAndEveryReadingIsAcknowledged() {
    Cli cli = new Cli();

    int exit = cli.run("telemetry", "--broker", sharedBroker(), "--count", "20", "--interval", "10ms");

    assertThat(exit).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out())
        .contains("sent 20, acknowledged 20, failed 0")
        .containsPattern("latency ms: p50 [0-9.]+  p90 [0-9.]+  p99 [0-9.]+  max [0-9.]+");
    assertThat(cli.moduleCommands().stream().filter(c -> c.startsWith("AT+ECMTPUB=0,"))).hasSize(20);
    assertThat(cli.moduleCommands()).anyMatch(c -> c.contains("\"device\":\"fountain-2\",\"seq\":20,"));
  }

  @Test
  void telemetryRefusesAWildcardTopic() {
    Cli cli = new Cli();

    int exit = cli.run("telemetry", "--broker", sharedBroker(), "--count", "2", "--interval", "10ms", "--topic", "x/#");

    assertThat(exit).isEqualTo(Errors.INVALID_INPUT);
    assertThat(cli.err()).startsWith("error: invalid topic: contains wildcard '#' at index 2");
    assertThat(cli.moduleCommands()).isEmpty();
  }

  @Test
  void listenPrintsWhatAnotherClientPublishes() throws Exception {
    try (BrokerClient other = BrokerClient.connect(broker.address(), "other")) {
      Cli cli = new Cli();
      Cli.Running exit = cli.start("listen", "--count", "2", "--filter", "home/garden/#",
          "--broker", sharedBroker());
      cli.awaitOut("listening on home/garden/#", WAIT);

      other.publish("home/garden/fountain/2", "splash", 1, false);
      other.publish("home/garden/pump", "{\"on\":true,\"rpm\":1200}", 0, false);

      assertThat(Cli.await(exit)).as(cli.err()).isZero();
      assertThat(cli.out())
          .contains("home/garden/fountain/2 (msgID ")
          .contains(": splash")
          .contains("home/garden/pump:\n{\n  \"on\" : true,\n  \"rpm\" : 1200\n}")
          .contains("received 2 message(s)");
    }
  }

  @Test
  void anUnknownSerialPortIsOneClearLine() {
    Cli cli = new Cli();

    int exit = cli.run("hello", "--serial", "/dev/does-not-exist");

    assertThat(exit).isEqualTo(Errors.FAILED);
    assertThat(cli.err().lines()).singleElement().asString()
        .startsWith("error: ").contains("/dev/does-not-exist").doesNotContain("Exception");
    assertThat(cli.out()).doesNotContain(">> AT");
  }

  @Test
  void aRefusedTcpConnectionIsOneClearLine() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Cli cli = new Cli();

    int exit = cli.run("hello", "--tcp", "127.0.0.1:" + closedPort);

    assertThat(exit).isEqualTo(Errors.FAILED);
    assertThat(cli.err().lines()).singleElement().asString()
        .startsWith("error: cannot open tcp:").containsIgnoringCase("refused");
  }

  @Test
  void aSilentModuleIsATimeoutWithAHint() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli cli = new Cli();

      int exit = cli.run("hello", "--tcp", "127.0.0.1:" + silent.getLocalPort(), "--sync-attempts", "1");

      assertThat(exit).isEqualTo(Errors.FAILED);
      assertThat(cli.err().lines()).singleElement().asString()
          .startsWith("error: the module did not answer AT within ").contains("check power, port, --baud");
    }
  }

  @Test
  void verbosePrintsTheStackTrace() {
    Cli cli = new Cli();

    int exit = cli.run("hello", "--broker", sharedBroker(), "--verbose", "--topic", "x/#");

    assertThat(exit).as(cli.err()).isEqualTo(Errors.INVALID_INPUT);
    assertThat(cli.err()).startsWith("error: invalid topic").contains("InvalidArgumentException", "\tat ");
  }

  @Test
  void consoleSendsTypedLinesAndPrintsWhatTheModuleSays() throws Exception {
    PipedOutputStream keyboard = new PipedOutputStream();
    Cli cli = new Cli().input(new PipedInputStream(keyboard));
    Cli.Running exit = cli.start("console", "--broker", sharedBroker());
    cli.awaitOut("type AT commands", WAIT);

    keyboard.write("ATI\n".getBytes(StandardCharsets.US_ASCII));
    keyboard.flush();
    cli.awaitOut("<< OK", WAIT);
    keyboard.write("AT+ECMTSUB=0,1,\"t\",1\nexit\n".getBytes(StandardCharsets.US_ASCII));
    keyboard.flush();

    assertThat(Cli.await(exit)).isZero();
    assertThat(cli.out()).contains("<< Eigencomm", "<< EC616S", "<< +CME ERROR: 3");
    assertThat(cli.moduleCommands()).containsExactly("ATI", "AT+ECMTSUB=0,1,\"t\",1");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"hello", "telemetry", "listen", "console"}) {
      Cli cli = new Cli();
      assertThat(cli.run(command, "--help")).isZero();
      assertThat(cli.out()).contains("Usage: ecmt-sdk-examples " + command, "--serial=<port>", "--tcp=<host>:<port>");
    }
    Cli cli = new Cli();
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.out()).contains("hello", "telemetry", "listen", "console");
  }

  @Test
  void serialAndTcpTogetherIsAUsageError() {
    Cli cli = new Cli();

    assertThat(cli.run("hello", "--serial", "/dev/ttyUSB0", "--tcp", "127.0.0.1:5000")).isEqualTo(2);
    assertThat(cli.err()).contains("use either --serial or --tcp, not both");
  }
}
