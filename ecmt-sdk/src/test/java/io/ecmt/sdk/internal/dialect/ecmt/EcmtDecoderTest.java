package io.ecmt.sdk.internal.dialect.ecmt;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every line form of the protocol reference, decoded. */
class EcmtDecoderTest {

  /** What the framer hands over: the module's bytes, one char per byte. */
  static String wire(String utf8Text) {
    return new String(utf8Text.getBytes(UTF_8), ISO_8859_1);
  }

  static Urc decode(String line) {
    return EcmtDecoder.decode(line);
  }

  @Nested
  class OutcomeUrcs {
    @Test
    void openResults() {
      assertThat(decode("+ECMTOPEN: 0,0")).isEqualTo(new Urc.OpenResult(0, 0));
      assertThat(decode("+ECMTOPEN: 0,-1")).isEqualTo(new Urc.OpenResult(0, -1));
      assertThat(decode("+ECMTOPEN:0,-1")).isEqualTo(new Urc.OpenResult(0, -1));
    }

    @Test
    void closeAndDisc() {
      assertThat(decode("+ECMTCLOSE: 0,0")).isEqualTo(new Urc.CloseResult(0, 0));
      assertThat(decode("+ECMTCLOSE: 0,-1")).isEqualTo(new Urc.CloseResult(0, -1));
      assertThat(decode("+ECMTDISC: 0,0")).isEqualTo(new Urc.DiscResult(0, 0));
      assertThat(decode("+ECMTDISC:0,-1")).isEqualTo(new Urc.DiscResult(0, -1));
    }

    @Test
    void connResults() {
      assertThat(decode("+ECMTCONN: 0,0,0")).isEqualTo(new Urc.ConnResult(0, 0, 0));
      assertThat(decode("+ECMTCONN: 0,0,5")).isEqualTo(new Urc.ConnResult(0, 0, 5));
      assertThat(decode("+ECMTCONN: 0,0,6")).isEqualTo(new Urc.ConnResult(0, 0, 6));
      assertThat(decode("+ECMTCONN: 0,1,0")).isEqualTo(new Urc.ConnResult(0, 1, 0));
    }

    @Test
    void connSendFailedThenContradictingSuccessBothDecode() {
      // Neoway EC626 TLS log: both lines arrive back to back.
      assertThat(decode("+ECMTCONN: 0,2,2")).isEqualTo(new Urc.ConnResult(0, 2, 2));
      assertThat(decode("+ECMTCONN: 0,0,0")).isEqualTo(new Urc.ConnResult(0, 0, 0));
    }

    @Test
    void subResults() {
      assertThat(decode("+ECMTSUB: 0,1,0,1")).isEqualTo(new Urc.SubResult(0, 1, 0, 1));
      assertThat(decode("+ECMTSUB: 0,2,0,128")).isEqualTo(new Urc.SubResult(0, 2, 0, 128));
      assertThat(decode("+ECMTSUB: 0,3,2")).isEqualTo(new Urc.SubResult(0, 3, 2, -1));
      assertThat(decode("+ECMTSUB:0,65535,1,0")).isEqualTo(new Urc.SubResult(0, 65535, 1, 0));
    }

    @Test
    void unsResults() {
      assertThat(decode("+ECMTUNS: 0,4,0")).isEqualTo(new Urc.UnsResult(0, 4, 0));
      assertThat(decode("+ECMTUNS:0,4,2")).isEqualTo(new Urc.UnsResult(0, 4, 2));
    }

    @Test
    void pubResults() {
      assertThat(decode("+ECMTPUB: 0,1,0")).isEqualTo(new Urc.PubResult(0, 1, 0));
      assertThat(decode("+ECMTPUB: 0,0,2")).isEqualTo(new Urc.PubResult(0, 0, 2));
      // other builds print a trailing <value>
      assertThat(decode("+ECMTPUB: 0,7,0,1")).isEqualTo(new Urc.PubResult(0, 7, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 0, 42})
    void statCodes(int code) {
      assertThat(decode("+ECMTSTAT: 0," + code)).isEqualTo(new Urc.Stat(0, code));
      assertThat(decode("+ECMTSTAT:0," + code)).isEqualTo(new Urc.Stat(0, code));
    }

    @Test
    void extraSpacesAroundFieldsAreTolerated() {
      assertThat(decode("+ECMTCONN:   0 , 0 ,  5  ")).isEqualTo(new Urc.ConnResult(0, 0, 5));
      assertThat(decode("  +ECMTPUB: 0,1,0")).isEqualTo(new Urc.PubResult(0, 1, 0));
      assertThat(decode("+ECMTSUB: 0,1,0,1\r")).isEqualTo(new Urc.SubResult(0, 1, 0, 1));
    }
  }

  @Nested
  class ReadResponses {
    @Test
    void openRead() {
      assertThat(decode("+ECMTOPEN:0,\"broker\",1883")).isEqualTo(new Urc.OpenRead(0, "broker", 1883));
      assertThat(decode("+ECMTOPEN: 0,\"test.mosquitto.org\",8883"))
          .isEqualTo(new Urc.OpenRead(0, "test.mosquitto.org", 8883));
    }

    @Test
    void connReadWithoutSpaceIsTheReadFormNotTheUrc() {
      assertThat(decode("+ECMTCONN:0,3")).isEqualTo(new Urc.ConnRead(0, 3));
      for (int state = 1; state <= 4; state++) {
        assertThat(decode("+ECMTCONN:0," + state)).isEqualTo(new Urc.ConnRead(0, state));
      }
    }

    @Test
    void cfgQuery() {
      assertThat(decode("+ECMTCFG: \"keepalive\",0,120"))
          .isEqualTo(new Urc.CfgRead("keepalive", List.of("0", "120")));
      assertThat(decode("+ECMTCFG: \"timeout\",0,10,3,0"))
          .isEqualTo(new Urc.CfgRead("timeout", List.of("0", "10", "3", "0")));
      // will query prints topic and message unquoted
      assertThat(decode("+ECMTCFG: \"will\",0,1,1,0,dev/last,gone"))
          .isEqualTo(new Urc.CfgRead("will", List.of("0", "1", "1", "0", "dev/last", "gone")));
    }

    @Test
    void cfgTestLines() {
      assertThat(decode("+ECMTCFG:\"keepalive\",(0),(0-3600),"))
          .isEqualTo(new Urc.CfgRead("keepalive", List.of("(0)", "(0-3600)")));
      assertThat(decode("+ECMTCFG:\"session\",(0),(0,1)"))
          .isEqualTo(new Urc.CfgRead("session", List.of("(0)", "(0,1)")));
      assertThat(decode("+ECMTCFG:\"timeout\",(0),(1-60),(1-10),(0,1)"))
          .isEqualTo(new Urc.CfgRead("timeout", List.of("(0)", "(1-60)", "(1-10)", "(0,1)")));
      assertThat(decode("+ECMTCFG:\"will\",(0),(0,1),(0-2),(0,1),\"will_topic\",\"will_msg\""))
          .isEqualTo(new Urc.CfgRead("will",
              List.of("(0)", "(0,1)", "(0-2)", "(0,1)", "will_topic", "will_msg")));
      assertThat(decode("+ECMTCFG:\"version\",(0),(3,4)"))
          .isEqualTo(new Urc.CfgRead("version", List.of("(0)", "(3,4)")));
      assertThat(decode("+ECMTCFG:\"aliauth\",(0),\"productkey\",\"devicename\",\"devicesecret\""))
          .isEqualTo(new Urc.CfgRead("aliauth", List.of("(0)", "productkey", "devicename", "devicesecret")));
      assertThat(decode("+ECMTCFG:\"cloud\",(0-255),(0-255)"))
          .isEqualTo(new Urc.CfgRead("cloud", List.of("(0-255)", "(0-255)")));
    }
  }

  @Nested
  class Recv {
    static Urc.Recv recv(String line) {
      return (Urc.Recv) decode(line);
    }

    @Test
    void realModuleExample() {
      Urc.Recv r = recv("+ECMTRECV: 0,987,\"/***\",hello");
      assertThat(r.clientId()).isZero();
      assertThat(r.msgId()).isEqualTo(987);
      assertThat(r.topic()).isEqualTo("/***");
      assertThat(r.payload()).isEqualTo("hello".getBytes(ISO_8859_1));
      assertThat(r.reassembled()).isFalse();
    }

    @Test
    void payloadKeepsQuotesAndCommas() {
      Urc.Recv r = recv("+ECMTRECV: 0,0,\"t\",{\"a\":1,\"b\":\"x\"}");
      assertThat(new String(r.payload(), UTF_8)).isEqualTo("{\"a\":1,\"b\":\"x\"}");
      assertThat(recv("+ECMTRECV: 0,0,\"t\",\"quoted\"").payload()).isEqualTo("\"quoted\"".getBytes(UTF_8));
      assertThat(recv("+ECMTRECV: 0,0,\"t\",,,").payload()).isEqualTo(",,".getBytes(UTF_8));
    }

    @Test
    void topicMayContainCommas() {
      Urc.Recv r = recv("+ECMTRECV: 0,5,\"a,b\",x,y");
      assertThat(r.topic()).isEqualTo("a,b");
      assertThat(r.payload()).isEqualTo("x,y".getBytes(UTF_8));
    }

    @Test
    void multiByteUtf8TopicAndPayload() {
      Urc.Recv r = recv(wire("+ECMTRECV: 0,1,\"传感器/温度\",温度 23.5℃ ✓ 😀"));
      assertThat(r.topic()).isEqualTo("传感器/温度");
      assertThat(new String(r.payload(), UTF_8)).isEqualTo("温度 23.5℃ ✓ 😀");
    }

    @Test
    void binaryPayloadBytesAreKept() {
      byte[] bytes = {(byte) 0xFF, 0x00, (byte) 0x80, 0x7F, 0x01};
      Urc.Recv r = recv("+ECMTRECV: 0,1,\"bin\"," + new String(bytes, ISO_8859_1));
      assertThat(r.payload()).containsExactly(bytes);
    }

    @Test
    void emptyPayloadAndNoSpace() {
      Urc.Recv r = recv("+ECMTRECV:0,0,\"t\",");
      assertThat(r.payload()).isEmpty();
      assertThat(r.topic()).isEqualTo("t");
    }

    @Test
    void unquotedTopicRunsToTheNextComma() {
      Urc.Recv r = recv("+ECMTRECV: 0,2,dev/1,on,off");
      assertThat(r.topic()).isEqualTo("dev/1");
      assertThat(r.payload()).isEqualTo("on,off".getBytes(UTF_8));
    }

    @Test
    void firstLineOfTheSplitJsonExample() {
      Urc.Recv r = recv("+ECMTRECV: 0,0,\"ESP32/common\",{");
      assertThat(r.topic()).isEqualTo("ESP32/common");
      assertThat(r.payload()).isEqualTo("{".getBytes(UTF_8));
    }

    @Test
    void equalityUsesPayloadContent() {
      assertThat(new Urc.Recv(0, 1, "t", new byte[] {1, 2}, false))
          .isEqualTo(new Urc.Recv(0, 1, "t", new byte[] {1, 2}, false))
          .hasSameHashCodeAs(new Urc.Recv(0, 1, "t", new byte[] {1, 2}, false))
          .isNotEqualTo(new Urc.Recv(0, 1, "t", new byte[] {1, 3}, false));
      assertThat(new Urc.Recv(0, 1, "t", "hi\n".getBytes(UTF_8), false).toString())
          .contains("3 bytes").contains("hi\\x0A");
    }
  }

  @Nested
  class OtherLines {
    @Test
    void ready() {
      assertThat(decode("RDY")).isEqualTo(new Urc.Ready());
      assertThat(decode(" RDY ")).isEqualTo(new Urc.Ready());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+CEREG: 0,1", "OK", "", "      \"command\": \"putdown\"", "Boot banner v1", "+QMTSTAT: 0,1"})
    void nonEcmtLinesAreOther(String line) {
      assertThat(decode(line)).isEqualTo(new Urc.Other(line));
    }

    /** Section 1 final results and the prompt are the AT channel's business, not ECMT values. */
    @ParameterizedTest
    @ValueSource(strings = {"OK", "ERROR", "+CME ERROR: 3", "+CME ERROR: operation not allowed", "> ", "ATE0"})
    void finalResultsAndPromptAreOther(String line) {
      assertThat(decode(line)).isEqualTo(new Urc.Other(line));
    }

    @Test
    void nullIsOther() {
      assertThat(decode(null)).isInstanceOf(Urc.Other.class);
    }
  }

  @Nested
  class Malformed {
    @ParameterizedTest
    @ValueSource(strings = {
        "+ECMTOPEN",
        "+ECMTOPEN:",
        "+ECMTOPEN: ",
        "+ECMTOPEN: 0",
        "+ECMTOPEN: x,0",
        "+ECMTOPEN: 0,0,0,0",
        "+ECMTOPEN:0,\"\",1883",
        "+ECMTOPEN:0,\"host\",port",
        "+ECMTCLOSE: 0",
        "+ECMTCLOSE: 0,0,0",
        "+ECMTCONN: 0",
        "+ECMTCONN: 0,0,0,0",
        "+ECMTCONN: 0,a,0",
        "+ECMTCONN: 0,0,99999999999",
        "+ECMTDISC: ,",
        "+ECMTSUB: 0,1",
        "+ECMTSUB: 0,1,0,1,1",
        "+ECMTUNS: 0,4",
        "+ECMTPUB: 0,1",
        "+ECMTPUB: 0,1,ok",
        "+ECMTSTAT: 0",
        "+ECMTSTAT: 0,-",
        "+ECMTRECV: 0",
        "+ECMTRECV: 0,1",
        "+ECMTRECV: 0,1,\"topic",
        "+ECMTRECV: 0,1,\"topic\"",
        "+ECMTRECV: 0,1,\"topic\"x,y",
        "+ECMTRECV: 0,1,topic",
        "+ECMTRECV: 0,1,\"\",x",
        "+ECMTRECV: a,1,\"t\",x",
        "+ECMTCFG:",
        "+ECMTCFG: \"\",0",
        "+ECMTFOO: 0,1",
        "+ECMT",
    })
    void garbageAndTruncatedEcmtLines(String line) {
      Urc urc = decode(line);
      assertThat(urc).isInstanceOf(Urc.Malformed.class);
      Urc.Malformed m = (Urc.Malformed) urc;
      assertThat(m.line()).isEqualTo(line);
      assertThat(m.reason()).isNotBlank();
    }

    @Test
    void hugeLineDoesNotThrow() {
      String huge = "+ECMTCONN: " + "9".repeat(1_000_000);
      assertThat(decode(huge)).isInstanceOf(Urc.Malformed.class);
      String hugeRecv = "+ECMTRECV: 0,1,\"t\"," + "x".repeat(1_000_000);
      assertThat(((Urc.Recv) decode(hugeRecv)).payload()).hasSize(1_000_000);
    }
  }

  @Nested
  class ReferenceSession {
    @Test
    void everyModuleLineOfSection6() {
      assertThat(decode("+ECMTOPEN: 0,0")).isEqualTo(new Urc.OpenResult(0, 0));
      assertThat(decode("+ECMTCONN: 0,0,0")).isEqualTo(new Urc.ConnResult(0, 0, 0));
      assertThat(decode("+ECMTPUB: 0,1,0")).isEqualTo(new Urc.PubResult(0, 1, 0));
      assertThat(decode("+ECMTCONN:0,3")).isEqualTo(new Urc.ConnRead(0, 3));
      assertThat(decode("+CME ERROR: 3")).isEqualTo(new Urc.Other("+CME ERROR: 3"));
    }
  }

  /** Forms the reference documents that used to be misread (issue 12). */
  @org.junit.jupiter.api.Nested
  class ReferenceForms {
    @Test
    void aQuoteInsideTheTopicDoesNotEndIt() {
      assertThat(decode("+ECMTRECV: 0,0,\"a\"b\",p")).isEqualTo(
          new Urc.Recv(0, 0, "a\"b", "p".getBytes(java.nio.charset.StandardCharsets.UTF_8), false));
    }

    @Test
    void anAmbiguousTopicKeepsItsOtherReadings() {
      Urc.Recv r = (Urc.Recv) decode("+ECMTRECV: 0,0,\"a\",x\",p3");
      assertThat(r.topic()).isEqualTo("a");
      assertThat(new String(r.payload(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("x\",p3");
      assertThat(r.alternatives()).containsExactly(new Urc.Recv.Alternative("a\",x", 3));
    }

    @Test
    void theConnectOutcomeWithoutAReturnCodeIsAnOutcome() {
      assertThat(decode("+ECMTCONN: 0,0")).isEqualTo(new Urc.ConnResult(0, 0, 0));
      assertThat(decode("+ECMTCONN:0,3")).isEqualTo(new Urc.ConnRead(0, 3));
      assertThat(EcmtDecoder.decodeRead("+ECMTCONN: 0,3")).isEqualTo(new Urc.ConnRead(0, 3));
    }

    @Test
    void theUnsetWillQueryKeepsItsEmptyFieldsAndAMessageKeepsItsCommas() {
      assertThat(decode("+ECMTCFG: \"will\",0,0,0,,")).isEqualTo(
          new Urc.CfgRead("will", List.of("0", "0", "0", "", "")));
      assertThat(decode("+ECMTCFG: \"will\",0,1,1,0,dev/last,gone, bye")).isEqualTo(
          new Urc.CfgRead("will", List.of("0", "1", "1", "0", "dev/last", "gone, bye")));
    }

    @Test
    void testFormAnswersAreTestForms() {
      assertThat(decode("+ECMTOPEN: (0),<host_name>,<port>")).isEqualTo(
          new Urc.TestForm("ECMTOPEN", List.of("(0)", "<host_name>", "<port>")));
      assertThat(decode("+ECMTPUB: (0),(0-65535),(0-2),(0,1),<topic>,<msg>")).isInstanceOf(Urc.TestForm.class);
    }
  }
}
