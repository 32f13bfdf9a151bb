package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** AT-level behaviour: basics, echo, error modes, syntax errors, ECMTCFG, strict mode. */
class FakeModuleAtTest extends FakeModuleTestBase {

  @Test
  void printsRdyAtStartAndAnswersBasics() throws Exception {
    start(builder().printRdy(true));
    host.expect("\r\nRDY\r\n");
    host.at("AT");
    host.expect("\r\nOK\r\n");
    host.at("ATI");
    host.expect("\r\nEigencomm\r\n\r\nEC616S\r\n\r\nRevision: EC616S_V1.0_SP1\r\n\r\nOK\r\n");
    host.at("AT+CGMR");
    host.expect("\r\nEC616S_V1.0_SP1\r\n\r\nOK\r\n");
    host.at("AT+CEREG?");
    host.expect("\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
    host.send("at+cgatt?\r"); // CR alone and lower case work too
    host.expect("\r\n+CGATT: 1\r\n\r\nOK\r\n");
    module.assertNoViolations();
  }

  @Test
  void echoesOnlyPrintableBytes() throws Exception {
    start(builder().echo(true));
    host.at("AT");
    host.expect("AT\r\nOK\r\n");
    host.at("ATE0");
    host.expect("ATE0\r\nOK\r\n");
    host.at("AT");
    host.expect("\r\nOK\r\n");
  }

  @Test
  void cmeModesAndQuietMode() throws Exception {
    start();
    host.at("AT+ECMTSUB=0,2,\"t\",1"); // not connected
    host.expect("\r\n+CME ERROR: 3\r\n");
    host.at("AT+CMEE=2");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTSUB=0,2,\"t\",1");
    host.expect("\r\n+CME ERROR: operation not allowed\r\n");
    host.at("AT+CMEE=0");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTSUB=0,2,\"t\",1");
    host.expect("\r\nERROR\r\n");
    host.at("ATQ1");
    host.expect("\r\nOK\r\n");
    host.at("AT");
    host.expectNothing(SHORT);
    host.at("ATQ0");
    host.expect("\r\nOK\r\n");
  }

  @Test
  void syntaxErrorsArePlainErrorAndViolationsInStrictMode() throws Exception {
    start();
    host.at("AT+ECMTSUB=0,1,\"te\"st\",1"); // a quote inside a quoted parameter
    host.expect("\r\nERROR\r\n");
    host.at("AT+ECMTOPEN=x,\"h\",1883");
    host.expect("\r\nERROR\r\n");
    host.at("AT+ECMTCONN=");
    host.expect("\r\nERROR\r\n");
    host.at("AT+BOGUS");
    host.expect("\r\nERROR\r\n");
    assertThat(module.violations()).hasSize(4);
    assertThatThrownBy(module::assertNoViolations).isInstanceOf(AssertionError.class)
        .hasMessageContaining("AT+BOGUS");
  }

  @Test
  void lenientModeRecordsNothing() throws Exception {
    start(builder().strict(false));
    host.at("AT+BOGUS");
    host.expect("\r\nERROR\r\n");
    assertThat(module.violations()).isEmpty();
    module.assertNoViolations();
  }

  @Test
  void inputOverflowDiscardsAndPrintsError() throws Exception {
    start();
    host.send("AT" + "X".repeat(5000));
    host.expect("\r\nERROR\r\n");
    host.at("AT");
    host.expect("\r\nOK\r\n");
  }

  @Test
  void cfgTestFormIsByteExact() throws Exception {
    start();
    host.at("AT+ECMTCFG=?");
    host.expect("\r\n+ECMTCFG:\"keepalive\",(0),(0-3600),\r\n"
        + "+ECMTCFG:\"session\",(0),(0,1)\r\n"
        + "+ECMTCFG:\"timeout\",(0),(1-60),(1-10),(0,1)\r\n"
        + "+ECMTCFG:\"will\",(0),(0,1),(0-2),(0,1),\"will_topic\",\"will_msg\"\r\n"
        + "+ECMTCFG:\"version\",(0),(3,4)\r\n"
        + "+ECMTCFG:\"aliauth\",(0),\"productkey\",\"devicename\",\"devicesecret\"\r\n"
        + "+ECMTCFG:\"cloud\",(0-255),(0-255)\r\n"
        + "\r\nOK\r\n");
  }

  @Test
  void cfgQueryShowsShadowStartingAtZero() throws Exception {
    start();
    host.at("AT+ECMTCFG=\"keepalive\",0");
    host.expect("\r\n+CME ERROR: 3\r\n"); // no context yet
    host.at("AT+ECMTCFG=\"session\",0,1");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTCFG=\"keepalive\",0");
    host.expect("\r\n+ECMTCFG: \"keepalive\",0\r\n\r\nOK\r\n");
    host.at("AT+ECMTCFG=\"version\",0");
    host.expect("\r\n+ECMTCFG: \"version\",0\r\n\r\nOK\r\n");
    host.at("AT+ECMTCFG=\"keepalive\",0,60");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTCFG=\"keepalive\",0");
    host.expect("\r\n+ECMTCFG: \"keepalive\",60\r\n\r\nOK\r\n");
    host.at("AT+ECMTCFG=\"will\",0,1,1,0,\"dev/status\",\"offline\"");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTCFG=\"will\",0");
    host.expect("\r\n+ECMTCFG: \"will\",1,1,0,dev/status,offline\r\n\r\nOK\r\n");
    host.at("AT+ECMTCFG=\"keepalive\",0,3601");
    host.expect("\r\n+CME ERROR: 3\r\n");
    host.at("AT+ECMTCFG=\"nonsense\",0,1");
    host.expect("\r\n+CME ERROR: 3\r\n");
    host.at("AT+ECMTCFG=\"keepalive\",1,60"); // EC616S has client 0 only
    host.expect("\r\n+CME ERROR: 3\r\n");
    module.assertNoViolations();
  }

  @Test
  void transcriptRecordsCommandsAndRedactsPasswords() throws Exception {
    start(builder().echo(true));
    host.at("AT+ECMTCONN=0,\"id\",\"user\",\"s3cret\"");
    host.expect("AT+ECMTCONN=0,\"id\",\"user\",\"s3cret\"\r\n+CME ERROR: 3\r\n");
    assertThat(module.takeCommand(WAIT)).isEqualTo("AT+ECMTCONN=0,\"id\",\"user\",\"s3cret\"");
    assertThat(module.transcript().commands()).containsExactly("AT+ECMTCONN=0,\"id\",\"user\",\"s3cret\"");
    assertThat(new String(module.transcript().received(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("AT+ECMTCONN=0,\"id\",\"user\",\"s3cret\"\r\n");
    String json = module.transcript().toJsonLines();
    assertThat(json).doesNotContain("s3cret").contains("AT+ECMTCONN=0,\\\"id\\\",\\\"user\\\",\\\"***\\\"")
        .contains("\"dir\":\"in\"").contains("\"kind\":\"command\"").contains("\"dir\":\"out\"");
    assertThat(json.lines().count()).isEqualTo(module.transcript().entries().size());
  }
}
