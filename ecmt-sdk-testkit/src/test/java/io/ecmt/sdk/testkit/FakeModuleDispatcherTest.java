package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The scripting hook: a {@link Dispatcher} answers first; what it declines the module answers. */
class FakeModuleDispatcherTest extends FakeModuleTestBase {

  @Test
  void answersACommandAndDeclinesTheRest() throws Exception {
    List<RecordedCommand> seen = new CopyOnWriteArrayList<>();
    start(builder().dispatcher(cmd -> {
      seen.add(cmd);
      return cmd.is("+CSQ") ? Reply.lines("+CSQ: 20,99").thenOk() : Reply.decline();
    }));
    host.at("AT+CSQ");
    host.expect("\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
    host.at("AT+CEREG?"); // declined: the module's own answer
    host.expect("\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
    host.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883"); // declined commands keep their behaviour
    host.expect("\r\nOK\r\n");
    host.expect("\r\n+ECMTOPEN: 0,0\r\n");
    assertThat(seen).extracting(RecordedCommand::name).containsExactly("+CSQ", "+CEREG", "+ECMTOPEN");
    assertThat(seen.get(2).form()).isEqualTo(RecordedCommand.Form.SET);
    assertThat(seen.get(2).parameters()).isEqualTo("0,\"test.mosquitto.org\",1883");
    assertThat(module.transcript().commands()).containsExactly("AT+CSQ", "AT+CEREG?",
        "AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
    module.assertNoViolations();
  }

  @Test
  void aCommandTheModuleDoesNotKnowIsNoViolationWhenTheDispatcherAnswersIt() throws Exception {
    start(builder().dispatcher(cmd -> cmd.is("+QENG") ? Reply.lines("+QENG: \"servingcell\"").thenOk() : null));
    host.at("AT+QENG");
    host.expect("\r\n+QENG: \"servingcell\"\r\n\r\nOK\r\n");
    host.at("AT+QOTHER"); // declined with null: unknown to the module
    host.expect("\r\nERROR\r\n");
    assertThat(module.violations()).singleElement().asString().contains("AT+QOTHER");
  }

  @Test
  void finalResultsFollowTheModulesModes() throws Exception {
    start(builder().dispatcher(cmd -> cmd.is("+XFAIL") ? Reply.cmeError(4) : Reply.decline()));
    host.at("AT+XFAIL");
    host.expect("\r\n+CME ERROR: 4\r\n");
    host.at("AT+CMEE=2");
    host.expect("\r\nOK\r\n");
    host.at("AT+XFAIL");
    host.expect("\r\n+CME ERROR: operation not supported\r\n");
    host.at("ATQ1");
    host.expect("\r\nOK\r\n");
    host.at("AT+XFAIL");
    host.at("ATQ0");
    host.expect("\r\nOK\r\n"); // nothing for the quiet +CME ERROR came before it
  }

  @Test
  void rawRepliesAndUrcsGoThroughTheirPaths() throws Exception {
    start(builder().dispatcher(cmd -> {
      if (cmd.is("+XRAW")) {
        return Reply.raw("\r\n> ");
      }
      return cmd.is("+XOPEN") ? Reply.ok().thenUrc("+XOPEN: 0,0") : Reply.decline();
    }));
    host.at("AT+XRAW");
    host.expect("\r\n> ");
    module.apply(Fault.duplicateUrc("+XOPEN"));
    host.at("AT+XOPEN");
    host.expect("\r\nOK\r\n\r\n+XOPEN: 0,0\r\n\r\n+XOPEN: 0,0\r\n");
  }

  @Test
  void armedCommandFaultsComeBeforeTheDispatcher() throws Exception {
    start(builder().dispatcher(cmd -> Reply.lines("scripted").thenOk()));
    module.apply(Fault.errorOnNextCommand());
    host.at("AT");
    host.expect("\r\nERROR\r\n");
    host.at("AT");
    host.expect("\r\nscripted\r\n\r\nOK\r\n");
  }

  @Test
  void aDispatcherThatThrowsIsAnErrorAndAViolation() throws Exception {
    start(builder().dispatcher(cmd -> {
      throw new IllegalStateException("bug in the test's dispatcher");
    }));
    host.at("AT");
    host.expect("\r\nERROR\r\n");
    assertThat(module.violations()).singleElement().asString().contains("bug in the test's dispatcher");
  }
}
