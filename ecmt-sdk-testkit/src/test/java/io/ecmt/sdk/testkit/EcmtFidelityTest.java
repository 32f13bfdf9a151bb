package io.ecmt.sdk.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fake's bytes against the protocol reference ({@code ecmt-at-commands.md}), one row per
 * command form: set, read and test forms, the documented error paths, on both profiles. Each row
 * is a start state (fresh, or open and connected), then steps: what the host sends, and exactly
 * what the module must print. The forms covered are listed at the end.
 */
class EcmtFidelityTest extends FakeModuleTestBase {
  private static final Set<String> COVERED = new ConcurrentSkipListSet<>();
  private static final String OK = "\r\nOK\r\n";
  private static final String CME3 = "\r\n+CME ERROR: 3\r\n";
  private static final String ERROR = "\r\nERROR\r\n";
  private static final String CFG_TEST = "\r\n+ECMTCFG:\"keepalive\",(0),(0-3600),\r\n"
      + "+ECMTCFG:\"session\",(0),(0,1)\r\n"
      + "+ECMTCFG:\"timeout\",(0),(1-60),(1-10),(0,1)\r\n"
      + "+ECMTCFG:\"will\",(0),(0,1),(0-2),(0,1),\"will_topic\",\"will_msg\"\r\n"
      + "+ECMTCFG:\"version\",(0),(3,4)\r\n"
      + "+ECMTCFG:\"aliauth\",(0),\"productkey\",\"devicename\",\"devicesecret\"\r\n"
      + "+ECMTCFG:\"cloud\",(0-255),(0-255)\r\n\r\nOK\r\n";

  /** One row: the form it covers, the profiles, connected first or not, then send/expect pairs. */
  record Row(String form, List<FakeProfile> profiles, boolean connected, String... steps) { }

  private static final List<FakeProfile> BOTH = List.of(FakeProfile.EC616S, FakeProfile.GENERIC);
  private static final List<FakeProfile> EC616S = List.of(FakeProfile.EC616S);
  private static final List<FakeProfile> GENERIC = List.of(FakeProfile.GENERIC);

  private static final List<Row> ROWS = List.of(
      // AT+ECMTCFG
      new Row("CFG test", BOTH, false, "AT+ECMTCFG=?", CFG_TEST),
      new Row("CFG set keepalive", BOTH, false, "AT+ECMTCFG=\"keepalive\",0,60", OK),
      new Row("CFG read (shadow copy starts at 0)", BOTH, false, "AT+ECMTCFG=\"session\",0,1", OK,
          "AT+ECMTCFG=\"keepalive\",0", "\r\n+ECMTCFG: \"keepalive\",0\r\n" + OK,
          "AT+ECMTCFG=\"version\",0", "\r\n+ECMTCFG: \"version\",0\r\n" + OK),
      new Row("CFG read without context", BOTH, false, "AT+ECMTCFG=\"keepalive\",0", CME3),
      new Row("CFG unknown option", BOTH, false, "AT+ECMTCFG=\"nonsense\",0,1", CME3),
      new Row("CFG keepalive out of range", BOTH, false, "AT+ECMTCFG=\"keepalive\",0,3601", CME3),
      new Row("CFG version 3/4 only", BOTH, false, "AT+ECMTCFG=\"version\",0,5", CME3,
          "AT+ECMTCFG=\"version\",0,3", OK),
      new Row("CFG timeout", BOTH, false, "AT+ECMTCFG=\"timeout\",0,10,3,0", OK,
          "AT+ECMTCFG=\"timeout\",0", "\r\n+ECMTCFG: \"timeout\",10,3,0\r\n" + OK),
      new Row("CFG will (query unquoted)", BOTH, false, "AT+ECMTCFG=\"will\",0,1,1,0,\"w/t\",\"bye\"", OK,
          "AT+ECMTCFG=\"will\",0", "\r\n+ECMTCFG: \"will\",1,1,0,w/t,bye\r\n" + OK),
      new Row("CFG aliauth (query dn,ds,pk)", BOTH, false, "AT+ECMTCFG=\"aliauth\",0,\"pk\",\"dn\",\"ds\"", OK,
          "AT+ECMTCFG=\"aliauth\",0", "\r\n+ECMTCFG: \"aliauth\",dn,ds,pk\r\n" + OK),
      new Row("CFG cloud", BOTH, false, "AT+ECMTCFG=\"cloud\",0,0,0", OK),
      new Row("CFG dataformat, echomode", BOTH, false, "AT+ECMTCFG=\"dataformat\",0,0,0", OK,
          "AT+ECMTCFG=\"echomode\",0,0", OK),
      new Row("CFG ssl on TLS build", GENERIC, false, "AT+ECMTCFG=\"ssl\",\"psk\",\"k\",\"id\"", OK),
      new Row("CFG ssl without TLS", EC616S, false, "AT+ECMTCFG=\"ssl\",\"psk\",\"k\",\"id\"", ERROR),
      new Row("client id beyond the build", EC616S, false, "AT+ECMTCFG=\"keepalive\",1,60", CME3),
      new Row("client id 1-4 on GENERIC", GENERIC, false, "AT+ECMTCFG=\"keepalive\",4,60", OK),
      // test forms
      new Row("OPEN test", EC616S, false, "AT+ECMTOPEN=?", "\r\n+ECMTOPEN: (0),<host_name>,<port>\r\n" + OK),
      new Row("CLOSE test", EC616S, false, "AT+ECMTCLOSE=?", "\r\n+ECMTCLOSE: (0)\r\n" + OK),
      new Row("CONN test", EC616S, false, "AT+ECMTCONN=?",
          "\r\n+ECMTCONN: (0),<clientID>,<username>,<password>\r\n" + OK),
      new Row("DISC test", GENERIC, false, "AT+ECMTDISC=?", "\r\n+ECMTDISC: (0-4)\r\n" + OK),
      new Row("SUB test", EC616S, false, "AT+ECMTSUB=?", "\r\n+ECMTSUB: (0),(1-65535),<topic>,(0-2)\r\n" + OK),
      new Row("UNS test", EC616S, false, "AT+ECMTUNS=?", "\r\n+ECMTUNS: (0),(1-65535),<topic>\r\n" + OK),
      new Row("PUB test", EC616S, false, "AT+ECMTPUB=?",
          "\r\n+ECMTPUB: (0),(0-65535),(0-2),(0,1),<topic>,<payload>\r\n" + OK),
      // not open / not connected
      new Row("OPEN read, nothing open", BOTH, false, "AT+ECMTOPEN?", OK),
      new Row("CONN read, nothing open", BOTH, false, "AT+ECMTCONN?", OK),
      new Row("CLOSE not open", BOTH, false, "AT+ECMTCLOSE=0", CME3),
      new Row("DISC nothing open", BOTH, false, "AT+ECMTDISC=0", CME3),
      new Row("CONN not open", BOTH, false, "AT+ECMTCONN=0,\"id\",\"u\",\"p\"", CME3),
      new Row("SUB not connected", BOTH, false, "AT+ECMTSUB=0,2,\"t\",1", CME3),
      new Row("UNS not connected", BOTH, false, "AT+ECMTUNS=0,2,\"t\"", CME3),
      new Row("PUB not connected", BOTH, false, "AT+ECMTPUB=0,0,0,0,\"t\",\"x\"", CME3),
      new Row("OPEN missing parameter", BOTH, false, "AT+ECMTOPEN=0", ERROR),
      new Row("OPEN bad quoting", BOTH, false, "AT+ECMTOPEN=0,\"a\"b\",1883", ERROR),
      new Row("CMEE=2 verbose error", BOTH, false, "AT+CMEE=2", OK,
          "AT+ECMTCLOSE=0", "\r\n+CME ERROR: operation not allowed\r\n"),
      // open and connected
      new Row("OPEN read", BOTH, true, "AT+ECMTOPEN?", "\r\n+ECMTOPEN:0,\"test.mosquitto.org\",1883\r\n" + OK),
      new Row("CONN read", BOTH, true, "AT+ECMTCONN?", "\r\n+ECMTCONN:0,3\r\n" + OK),
      new Row("SUB (EC616S: count of return codes)", EC616S, true, "AT+ECMTSUB=0,1,\"f/t\",1",
          OK + "\r\n+ECMTSUB: 0,1,0,1\r\n"),
      new Row("SUB (granted QoS)", GENERIC, true, "AT+ECMTSUB=0,1,\"f/t\",0", OK + "\r\n+ECMTSUB: 0,1,0,0\r\n"),
      new Row("UNS", BOTH, true, "AT+ECMTUNS=0,2,\"f/t\"", OK + "\r\n+ECMTUNS: 0,2,0\r\n"),
      new Row("PUB string QoS 0", BOTH, true, "AT+ECMTPUB=0,0,0,0,\"f/t\",\"{\"a\":1,\"b\":\"x\"}\"",
          OK + "\r\n+ECMTPUB: 0,0,0\r\n"),
      new Row("PUB string QoS 1", BOTH, true, "AT+ECMTPUB=0,3,1,0,\"f/t\",hello", OK + "\r\n+ECMTPUB: 0,3,0\r\n"),
      new Row("PUB prompt", BOTH, true, "AT+ECMTPUB=0,1,1,0,\"f/t\"", "\r\n> ",
          "!hello\u001a", OK + "\r\n+ECMTPUB: 0,1,0\r\n"),
      new Row("PUB prompt ESC", BOTH, true, "AT+ECMTPUB=0,1,1,0,\"f/t\"", "\r\n> ", "!x\u001b", OK),
      new Row("PUB retain+10*RAI", EC616S, true, "AT+ECMTPUB=0,0,0,21,\"f/t\",x", OK + "\r\n+ECMTPUB: 0,0,0\r\n"),
      new Row("PUB retain 0/1 only", GENERIC, true, "AT+ECMTPUB=0,0,0,21,\"f/t\",x", CME3),
      new Row("OPEN while connected: OK, no URC", BOTH, true, "AT+ECMTOPEN=0,\"test.mosquitto.org\",1883", OK,
          "AT+ECMTCONN?", "\r\n+ECMTCONN:0,3\r\n" + OK),
      new Row("DISC", BOTH, true, "AT+ECMTDISC=0", OK + "\r\n+ECMTDISC: 0,0\r\n",
          "AT+ECMTCONN?", OK),
      new Row("CLOSE", BOTH, true, "AT+ECMTCLOSE=0", OK + "\r\n+ECMTCLOSE: 0,0\r\n"));

  static Stream<Arguments> rows() {
    List<Arguments> out = new ArrayList<>();
    for (Row r : ROWS) {
      for (FakeProfile p : r.profiles()) {
        out.add(Arguments.of(p + ": " + r.form(), p, r));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theFakePrintsWhatTheReferenceSays(String name, FakeProfile profile, Row row) throws Exception {
    start(builder().profile(profile));
    if (row.connected()) {
      openAndConnect("fid-" + profile.name().toLowerCase(java.util.Locale.ROOT));
    }
    String[] s = row.steps();
    for (int i = 0; i < s.length; i += 2) {
      if (s[i].startsWith("!")) {
        host.send(s[i].substring(1)); // raw data after a prompt
      } else {
        host.at(s[i]);
      }
      host.expect(s[i + 1]);
    }
    COVERED.add(row.form() + " [" + profile + "]");
  }

  @AfterAll
  static void printCoverage() {
    Set<String> forms = new TreeSet<>(COVERED);
    System.out.println("EcmtFidelityTest covered " + forms.size() + " command forms:");
    forms.forEach(f -> System.out.println("  " + f));
  }
}
