package io.ecmt.sdk.testkit.ecmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one redaction rule, as a table: every secret-bearing form, and lines that must stay as they are. */
class RedactionTest {

  static Stream<Arguments> secretForms() {
    return Stream.of(
        // MQTT password
        Arguments.of("AT+ECMTCONN=0,\"id\",\"user\",\"pw-s3cret\"", "AT+ECMTCONN=0,\"id\",\"user\",\"***\""),
        Arguments.of("at+ecmtconn=0,\"id\",\"user\",\"pw-s3cret\"", "at+ecmtconn=0,\"id\",\"user\",\"***\""),
        Arguments.of("AT+ECMTCONN=0,id,user,pw-s3cret", "AT+ECMTCONN=0,id,user,***"),
        Arguments.of("AT+ECMTCONN=0,\"i,d\",\"us,er\",\"pw-s3cret\"", "AT+ECMTCONN=0,\"i,d\",\"us,er\",\"***\""),
        Arguments.of("\0AT+ECMTCONN=0,\"id\",\"user\",\"pw-s3cret\"", "\0AT+ECMTCONN=0,\"id\",\"user\",\"***\""),
        Arguments.of("   AT+ECMTCONN=0,\"id\",\"user\",\"pw-s3cret\"", "   AT+ECMTCONN=0,\"id\",\"user\",\"***\""),
        Arguments.of("xyzAT+ECMTCONN =0, \"id\", \"user\", \"pw-s3cret\"", "xyzAT+ECMTCONN =0, \"id\", \"user\", \"***\""),
        Arguments.of("AT+ECMTCONN=0,\"id\",\"user\",\"pw-s3cret", "AT+ECMTCONN=0,\"id\",\"user\",\"***\""),
        Arguments.of("AT+ECMTCONN=0,\"id\",\"user\",\"pw-s3cret\",trailing", "AT+ECMTCONN=0,\"id\",\"user\",\"***\""),
        // aliauth device secret (set and query answer)
        Arguments.of("AT+ECMTCFG=\"aliauth\",0,\"pk\",\"dn\",\"ds-s3cret\"", "AT+ECMTCFG=\"aliauth\",0,\"pk\",\"dn\",\"***\""),
        Arguments.of("AT+ECMTCFG=\"ALIAUTH\",0,\"pk\",\"dn\",\"ds-s3cret\",\"x\"", "AT+ECMTCFG=\"ALIAUTH\",0,\"pk\",\"dn\",\"***\""),
        Arguments.of("AT+ECMTCFG=aliauth,0,pk,dn,ds-s3cret", "AT+ECMTCFG=aliauth,0,pk,dn,***"),
        Arguments.of("+ECMTCFG: \"aliauth\",dn,ds-s3cret,pk", "+ECMTCFG: \"aliauth\",dn,***"),
        // TLS PSK: the id stays
        Arguments.of("AT+ECMTCFG=\"ssl\",\"psk\",\"psk-s3cret\",\"client-1\"", "AT+ECMTCFG=\"ssl\",\"psk\",\"***\",\"client-1\""),
        Arguments.of("At+EcmtCfg=\"SSL\",\"PSK\",psk-s3cret,client-1", "At+EcmtCfg=\"SSL\",\"PSK\",***,client-1"),
        Arguments.of("\0\0 AT+ECMTCFG=\"ssl\",\"psk\",\"psk-s3cret\",\"client-1\"", "\0\0 AT+ECMTCFG=\"ssl\",\"psk\",\"***\",\"client-1\""),
        // two lines: each on its own
        Arguments.of("AT+ECMTCONN=0,\"a\",\"b\",\"pw-s3cret\"\r\nOK\r\nAT+ECMTCFG=\"ssl\",\"psk\",\"psk-s3cret\",\"id\"\n",
            "AT+ECMTCONN=0,\"a\",\"b\",\"***\"\r\nOK\r\nAT+ECMTCFG=\"ssl\",\"psk\",\"***\",\"id\"\n"),
        // the module's echo followed by its answer (echo has no line end of its own)
        Arguments.of("AT+ECMTCONN=0,\"id\",\"user\",\"pw-s3cret\"\r\n+CME ERROR: 3\r\n",
            "AT+ECMTCONN=0,\"id\",\"user\",\"***\"\r\n+CME ERROR: 3\r\n"));
  }

  @ParameterizedTest
  @MethodSource("secretForms")
  void secretsAreMasked(String line, String shown) {
    assertThat(Redaction.redact(line)).isEqualTo(shown).doesNotContain("s3cret");
  }

  @ParameterizedTest
  @MethodSource("secretForms")
  void secretsAreMaskedWhateverTheChunking(String line, String shown) {
    for (int size = 1; size <= 7; size++) {
      Redaction.Stream stream = new Redaction.Stream();
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < line.length(); i += size) {
        String chunk = stream.feed(line.substring(i, Math.min(line.length(), i + size)));
        assertThat(chunk).as("chunk of %s", size).doesNotContain("s3").doesNotContain("cret");
        out.append(chunk);
      }
      assertThat(out.toString()).as("chunks of %s", size).isEqualTo(shown);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "AT+ECMTCONN=0",
      "AT+ECMTCONN=0,\"id\",\"user\"",
      "AT+ECMTCONN?",
      "+ECMTCONN: 0,0,0",
      "+ECMTCONN:0,3",
      "AT+ECMTCFG=\"keepalive\",0,120",
      "AT+ECMTCFG=\"ssl\",\"ca\",\"TUlJQg==\",\"broker\"",
      "+ECMTCFG:\"aliauth\",(0),\"productkey\",\"devicename\",\"devicesecret\"",
      "+ECMTRECV: 0,0,\"t\",AT+ECMTPUB=0,1,1,0,\"t\"",
      "AT+ECMTPUB=0,1,1,0,\"t\",\"user,pass,word\"",
      ""})
  void linesWithoutSecretsStayAsTheyAre(String line) {
    assertThat(Redaction.redact(line)).isEqualTo(line);
  }
}
