package io.ecmt.sdk.internal.dialect.ecmt;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgAliAuth;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgCloud;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgDataFormat;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgEchoMode;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgKeepAlive;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgQuery;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgSession;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgSslCa;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgSslPsk;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgTest;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgTimeout;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgVersion;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.CfgWill;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.Close;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.Connect;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.ConnectRead;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.Disconnect;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.Open;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.OpenRead;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.PublishPrompt;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.PublishText;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.Subscribe;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.Unsubscribe;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EcmtCommandTest {

  static Stream<Arguments> encodings() {
    return Stream.of(
        // the seed's own example lines
        Arguments.of(new Open(0, "test.mosquitto.org", 1883), "AT+ECMTOPEN=0,\"test.mosquitto.org\",1883"),
        Arguments.of(new Connect(0, null, null, null), "AT+ECMTCONN=0"),
        Arguments.of(new Subscribe(0, 1, "test", 2), "AT+ECMTSUB=0,1,\"test\",2"),
        Arguments.of(new Unsubscribe(0, 4, "test"), "AT+ECMTUNS=0,4,\"test\""),
        Arguments.of(new PublishText(0, 0, 0, false, "test", "hello"), "AT+ECMTPUB=0,0,0,0,\"test\",\"hello\""),
        Arguments.of(new Disconnect(0), "AT+ECMTDISC=0"),
        // section 6 session
        Arguments.of(new Open(0, "broker", 1883), "AT+ECMTOPEN=0,\"broker\",1883"),
        Arguments.of(new Connect(0, "id", "u", "p"), "AT+ECMTCONN=0,\"id\",\"u\",\"p\""),
        Arguments.of(new PublishPrompt(0, 1, 1, false, "t"), "AT+ECMTPUB=0,1,1,0,\"t\""),
        Arguments.of(new ConnectRead(), "AT+ECMTCONN?"),
        Arguments.of(new Subscribe(0, 2, "t", 1), "AT+ECMTSUB=0,2,\"t\",1"),
        // the rest
        Arguments.of(new OpenRead(), "AT+ECMTOPEN?"),
        Arguments.of(new Close(3), "AT+ECMTCLOSE=3"),
        Arguments.of(new Connect(1, "id", null, null), "AT+ECMTCONN=1,\"id\""),
        Arguments.of(new Connect(0, "id", "u", null), "AT+ECMTCONN=0,\"id\",\"u\""),
        Arguments.of(new Connect(0, null, null, "p"), "AT+ECMTCONN=0,\"\",\"\",\"p\""),
        Arguments.of(new Connect(0, "", "u", null), "AT+ECMTCONN=0,\"\",\"u\""),
        Arguments.of(new PublishText(0, 7, 1, true, "a/b", "{\"a\":1,\"b\":\"x\"}"),
            "AT+ECMTPUB=0,7,1,1,\"a/b\",\"{\"a\":1,\"b\":\"x\"}\""),
        Arguments.of(new PublishText(0, 0, 0, false, "t", ""), "AT+ECMTPUB=0,0,0,0,\"t\",\"\""),
        Arguments.of(new PublishPrompt(2, 65535, 2, true, "t"), "AT+ECMTPUB=2,65535,2,1,\"t\""),
        Arguments.of(new CfgKeepAlive(0, 120), "AT+ECMTCFG=\"keepalive\",0,120"),
        Arguments.of(new CfgSession(0, true), "AT+ECMTCFG=\"session\",0,1"),
        Arguments.of(new CfgSession(0, false), "AT+ECMTCFG=\"session\",0,0"),
        Arguments.of(new CfgTimeout(0, 10, 3, false), "AT+ECMTCFG=\"timeout\",0,10,3,0"),
        Arguments.of(new CfgTimeout(0, 60, 10, true), "AT+ECMTCFG=\"timeout\",0,60,10,1"),
        Arguments.of(new CfgWill(0, true, 1, false, "dev/last", "gone"),
            "AT+ECMTCFG=\"will\",0,1,1,0,\"dev/last\",\"gone\""),
        Arguments.of(new CfgWill(0, false, 0, false, null, null), "AT+ECMTCFG=\"will\",0,0"),
        Arguments.of(new CfgVersion(0, 4), "AT+ECMTCFG=\"version\",0,4"),
        Arguments.of(new CfgVersion(0, 3), "AT+ECMTCFG=\"version\",0,3"),
        Arguments.of(new CfgEchoMode(0, false), "AT+ECMTCFG=\"echomode\",0,0"),
        Arguments.of(new CfgDataFormat(0, 0, 1), "AT+ECMTCFG=\"dataformat\",0,0,1"),
        Arguments.of(new CfgAliAuth(0, "pk", "dn", "s3cret"), "AT+ECMTCFG=\"aliauth\",0,\"pk\",\"dn\",\"s3cret\""),
        Arguments.of(new CfgCloud(0, 2, 1), "AT+ECMTCFG=\"cloud\",0,2,1"),
        Arguments.of(new CfgSslPsk("k3y", "id1"), "AT+ECMTCFG=\"ssl\",\"psk\",\"k3y\",\"id1\""),
        Arguments.of(new CfgSslCa("TUlJQg==", null), "AT+ECMTCFG=\"ssl\",\"ca\",\"TUlJQg==\""),
        Arguments.of(new CfgSslCa("TUlJQg==", "broker.lan"), "AT+ECMTCFG=\"ssl\",\"ca\",\"TUlJQg==\",\"broker.lan\""),
        Arguments.of(new CfgQuery("keepalive", 0), "AT+ECMTCFG=\"keepalive\",0"),
        Arguments.of(new CfgTest(), "AT+ECMTCFG=?"));
  }

  @ParameterizedTest
  @MethodSource("encodings")
  void encodesExactAtText(EcmtCommand command, String expected) {
    assertThat(command.encode()).isEqualTo(expected);
    // also a line the module's parser accepts
    assertThat(AtLineParser.parse(command.encode()).name()).startsWith("ECMT");
  }

  @Test
  void everyRecordHasAnEncodingCase() {
    var covered = encodings().map(a -> a.get()[0].getClass()).distinct().count();
    assertThat(covered).isEqualTo(EcmtCommand.class.getPermittedSubclasses().length);
  }

  @Test
  void commandsWithoutSecretsAreNotRedacted() {
    encodings()
        .map(a -> (EcmtCommand) a.get()[0])
        .filter(c -> !(c instanceof Connect || c instanceof CfgAliAuth || c instanceof CfgSslPsk))
        .forEach(c -> assertThat(c.redacted()).isEqualTo(c.encode()));
  }

  @Test
  void passwordIsRedacted() {
    Connect c = new Connect(0, "id", "user", "hunter2");
    assertThat(c.redacted()).isEqualTo("AT+ECMTCONN=0,\"id\",\"user\",\"***\"");
    assertThat(c.toString()).doesNotContain("hunter2").contains("user");
    assertThat(new Connect(0, "id", "user", null).redacted()).isEqualTo("AT+ECMTCONN=0,\"id\",\"user\"");
  }

  @Test
  void deviceSecretAndPskAreRedacted() {
    CfgAliAuth a = new CfgAliAuth(0, "pk", "dn", "topsecret");
    assertThat(a.redacted()).isEqualTo("AT+ECMTCFG=\"aliauth\",0,\"pk\",\"dn\",\"***\"");
    assertThat(a.toString()).doesNotContain("topsecret");
    CfgSslPsk p = new CfgSslPsk("0badc0de", "client-1");
    assertThat(p.redacted()).isEqualTo("AT+ECMTCFG=\"ssl\",\"psk\",\"***\",\"client-1\"");
    assertThat(p.toString()).doesNotContain("0badc0de");
  }

  @Test
  void connectReadMatchesOnlyTheTwoFieldReadForm() {
    ConnectRead r = new ConnectRead();
    assertThat(r.isResponseLine("+ECMTCONN:0,3")).isTrue();
    assertThat(r.isResponseLine("+ECMTCONN: 0,1")).isTrue();
    assertThat(r.isResponseLine("+ECMTCONN: 0,0,0")).isFalse();
    assertThat(r.isResponseLine("+ECMTCONN: 0,2,2")).isFalse();
    assertThat(r.isResponseLine("+ECMTCONN:0,x")).isFalse();
    assertThat(r.isResponseLine("+ECMTOPEN:0,3")).isFalse();
    assertThat(r.isResponseLine("OK")).isFalse();
    assertThat(r.isResponseLine(null)).isFalse();
  }

  @Test
  void openReadMatchesOnlyHostAndPort() {
    OpenRead r = new OpenRead();
    assertThat(r.isResponseLine("+ECMTOPEN:0,\"broker\",1883")).isTrue();
    assertThat(r.isResponseLine("+ECMTOPEN: 0,\"broker\",1883")).isTrue();
    assertThat(r.isResponseLine("+ECMTOPEN: 0,0")).isFalse();
    assertThat(r.isResponseLine("+ECMTOPEN: 0,-1")).isFalse();
    assertThat(r.isResponseLine("+ECMTCONN:0,3")).isFalse();
  }

  @Test
  void cfgQueryAndTestMatchCfgLines() {
    for (EcmtCommand c : new EcmtCommand[] {new CfgQuery("keepalive", 0), new CfgTest()}) {
      assertThat(c.isResponseLine("+ECMTCFG: \"keepalive\",0,120")).isTrue();
      assertThat(c.isResponseLine("+ECMTCFG:\"keepalive\",(0),(0-3600),")).isTrue();
      assertThat(c.isResponseLine("+ECMTOPEN: 0,0")).isFalse();
      assertThat(c.isResponseLine("OK")).isFalse();
    }
  }

  @Test
  void setAndActionCommandsHaveNoResponseLines() {
    assertThat(new Open(0, "h", 1).isResponseLine("+ECMTOPEN: 0,0")).isFalse();
    assertThat(new Connect(0, null, null, null).isResponseLine("+ECMTCONN:0,3")).isFalse();
    assertThat(new CfgKeepAlive(0, 1).isResponseLine("+ECMTCFG: \"keepalive\",0,1")).isFalse();
  }
}
