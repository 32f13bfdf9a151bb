package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 12: command-level fidelity rows (ssl, test forms, credentials, limits, payload bytes, ...). */
class FakeModuleFidelityAtTest extends FakeModuleTestBase {

  @Test
  void sslIsAcceptedOnATlsBuildInBothForms() throws Exception {
    start(builder().profile(FakeProfile.GENERIC).strict(true));
    host.at("AT+ECMTCFG=\"ssl\",\"psk\",\"secret\",\"id-1\"");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTCFG=\"ssl\",\"ca\",\"TUlJQg==\"");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTCFG=\"ssl\",\"ca\",\"TUlJQg==\",\"broker.example\"");
    host.expect("\r\nOK\r\n");
    module.assertNoViolations();
  }

  @Test
  void sslIsRefusedWithoutTls() throws Exception {
    start(builder().profile(FakeProfile.EC616S));
    host.at("AT+ECMTCFG=\"ssl\",\"psk\",\"secret\",\"id-1\"");
    host.expect("\r\nERROR\r\n");
    host.at("AT+ECMTCFG=\"ssl\",0,\"psk\"");
    host.expect("\r\n+CME ERROR: 3\r\n");
  }

  @Test
  void testFormsPrintTheirParameterLinesOnEc616s() throws Exception {
    start(builder().profile(FakeProfile.EC616S).strict(true));
    String[][] rows = {
        {"AT+ECMTOPEN=?", "+ECMTOPEN: (0),<host_name>,<port>"},
        {"AT+ECMTCLOSE=?", "+ECMTCLOSE: (0)"},
        {"AT+ECMTCONN=?", "+ECMTCONN: (0),<clientID>,<username>,<password>"},
        {"AT+ECMTDISC=?", "+ECMTDISC: (0)"},
        {"AT+ECMTSUB=?", "+ECMTSUB: (0),(1-65535),<topic>,(0-2)"},
        {"AT+ECMTUNS=?", "+ECMTUNS: (0),(1-65535),<topic>"},
        {"AT+ECMTPUB=?", "+ECMTPUB: (0),(0-65535),(0-2),(0,1),<topic>,<payload>"},
    };
    for (String[] row : rows) {
      host.at(row[0]);
      host.expect("\r\n" + row[1] + "\r\n\r\nOK\r\n");
    }
    module.assertNoViolations();
  }

  @Test
  void testFormsShowTheClientRangeOfTheBuild() throws Exception {
    start(builder().profile(FakeProfile.GENERIC));
    host.at("AT+ECMTOPEN=?");
    host.expect("\r\n+ECMTOPEN: (0-4),<host_name>,<port>\r\n\r\nOK\r\n");
    host.at("AT+ECMTCFG=?");
    assertThat(host.readUntil("\r\n\r\nOK\r\n")).startsWith("\r\n+ECMTCFG:\"keepalive\",(0),(0-3600),\r\n");
  }

  @Test
  void limitsAreCountedInUtf8Bytes() throws Exception {
    start(builder().profile(FakeProfile.EC616S));
    openAndConnect("limits");
    String topic128Chars = "\u00e9".repeat(128); // 256 bytes > 255
    host.sendUtf8("AT+ECMTSUB=0,1,\"" + topic128Chars + "\",0\r\n");
    host.expect("\r\n+CME ERROR: 3\r\n");
    String payload513Chars = "\u00e9".repeat(513); // 1026 bytes > 1024
    host.sendUtf8("AT+ECMTPUB=0,0,0,0,\"t\",\"" + payload513Chars + "\"\r\n");
    host.expect("\r\n+CME ERROR: 3\r\n");
    host.sendUtf8("AT+ECMTPUB=0,0,0,0,\"t\",\"" + "\u00e9".repeat(512) + "\"\r\n");
    host.expect("\r\nOK\r\n");
  }

  @Test
  void aStringPayloadThatIsNotUtf8IsPublishedRaw() throws Exception {
    start();
    BrokerClient.Subscription sub = observer("raw-observer").subscribe("raw/t", 0);
    openAndConnect("raw");
    host.send("AT+ECMTPUB=0,0,0,0,\"raw/t\",\"a\u00ff\u00fe\u0080z\"\r\n"); // latin-1 chars = single raw bytes
    host.expect("\r\nOK\r\n");
    ReceivedMessage m = sub.poll(WAIT);
    assertThat(m).isNotNull();
    assertThat(m.payload()).containsExactly('a', 0xff, 0xfe, 0x80, 'z');
  }

  @Test
  void leadingNulsOfAReceivedPayloadAreSkipped() throws Exception {
    start();
    openAndConnect("nul");
    host.at("AT+ECMTSUB=0,1,\"nul/t\",0");
    host.expect("\r\nOK\r\n");
    host.readUntil("+ECMTSUB: 0,1,0,");
    host.readUntil("\r\n");
    observer("nul-publisher").publish("nul/t", new byte[] {0, 0, 'h', 'i', 0, 'x'}, 0, false);
    host.expect("\r\n+ECMTRECV: 0,0,\"nul/t\",hi\r\n");
  }

  @Test
  void theAliauthQueryPrintsNameSecretAndKeyUnquoted() throws Exception {
    start();
    host.at("AT+ECMTCFG=\"aliauth\",0,\"pk\",\"dn\",\"ds\"");
    host.expect("\r\nOK\r\n");
    host.at("AT+ECMTCFG=\"aliauth\",0");
    host.expect("\r\n+ECMTCFG: \"aliauth\",dn,ds,pk\r\n\r\nOK\r\n");
  }

  @Test
  void withEchoOnPromptDataIsEchoed() throws Exception {
    start(builder().echo(true));
    host.at("ATE1");
    host.readUntil("OK\r\n");
    openAndConnectEchoed();
    host.at("AT+ECMTPUB=0,0,0,0,\"e/t\"");
    host.expect("AT+ECMTPUB=0,0,0,0,\"e/t\"\r\n> ");
    host.sendBytes(new byte[] {'h', 0x01, 'i', 0x7f, '\r', '\n', 0x1a});
    host.expect("hi\u007f\r\nOK\r\n");
  }

  private void openAndConnectEchoed() throws Exception {
    host.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
    host.readUntil("+ECMTOPEN: 0,0\r\n");
    host.at("AT+ECMTCONN=0,\"echo\",\"u\",\"p\"");
    host.readUntil("+ECMTCONN: 0,0,0\r\n");
  }
}
