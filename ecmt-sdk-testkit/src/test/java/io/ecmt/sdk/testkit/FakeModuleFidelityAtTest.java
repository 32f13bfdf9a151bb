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
}
