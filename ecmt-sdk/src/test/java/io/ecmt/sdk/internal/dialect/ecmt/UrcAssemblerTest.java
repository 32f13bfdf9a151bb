package io.ecmt.sdk.internal.dialect.ecmt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrcAssemblerTest {
  private final List<Urc> out = new ArrayList<>();
  private final UrcAssembler assembler = new UrcAssembler(out::add);

  private void feed(String... lines) {
    for (String l : lines) {
      assembler.onLine(l);
    }
  }

  /** A header, then its payload lines (the AT channel decides which lines those are). */
  private void payload(String header, String... continuation) {
    assembler.onLine(header);
    for (String l : continuation) {
      assembler.onContinuation(l);
    }
  }

  @Test
  void referenceJsonExampleIsReassembledWhenTheNextModuleLineArrives() {
    payload("+ECMTRECV: 0,0,\"ESP32/common\",{",
        "            \"command\": \"putdown\"",
        "    }");
    assertThat(out).isEmpty();
    assertThat(assembler.hasPending()).isTrue();

    feed("+ECMTSTAT: 0,1");
    assertThat(out).containsExactly(
        new Urc.Recv(0, 0, "ESP32/common",
            "{\n            \"command\": \"putdown\"\n    }".getBytes(UTF_8), true),
        new Urc.Stat(0, 1));
    assertThat(assembler.hasPending()).isFalse();
  }

  @Test
  void flushEmitsAfterAnIdleGap() {
    payload("+ECMTRECV: 0,0,\"ESP32/common\",{", "  \"a\": 1", "}");
    assembler.flush();
    assertThat(out).containsExactly(
        new Urc.Recv(0, 0, "ESP32/common", "{\n  \"a\": 1\n}".getBytes(UTF_8), true));
    assembler.flush();
    assertThat(out).hasSize(1);
  }

  @Test
  void singleLineRecvIsNotMarkedReassembled() {
    feed("+ECMTRECV: 0,987,\"/***\",hello", "+ECMTRECV: 0,988,\"/***\",again");
    assembler.flush();
    assertThat(out).containsExactly(
        new Urc.Recv(0, 987, "/***", "hello".getBytes(UTF_8), false),
        new Urc.Recv(0, 988, "/***", "again".getBytes(UTF_8), false));
  }

  @Test
  void otherUrcsPassStraightThrough() {
    feed("+ECMTOPEN: 0,0", "RDY", "+ECMTSUB: 0,1,0,1", "+ECMTBAD", "banner");
    assertThat(out).containsExactly(
        new Urc.OpenResult(0, 0),
        new Urc.Ready(),
        new Urc.SubResult(0, 1, 0, 1),
        new Urc.Malformed("+ECMTBAD", "no ':' after the ECMT code"),
        new Urc.Other("banner"));
    assertThat(assembler.hasPending()).isFalse();
  }

  @Test
  void innerBlankLinesAreKeptTrailingOnesDropped() {
    payload("+ECMTRECV: 0,0,\"t\",a", "", "b", "", "");
    feed("OK");
    assertThat(out).containsExactly(
        new Urc.Recv(0, 0, "t", "a\n\nb".getBytes(UTF_8), true),
        new Urc.Other("OK"));
  }

  @Test
  void blankLinesAloneDoNotMakeItReassembled() {
    payload("+ECMTRECV: 0,0,\"t\",a", "");
    assembler.flush();
    assertThat(out).containsExactly(new Urc.Recv(0, 0, "t", "a".getBytes(UTF_8), false));
  }

  @Test
  void continuationBytesStayRaw() {
    String utf8Line = new String("温度".getBytes(UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
    payload("+ECMTRECV: 0,0,\"t\",x", utf8Line);
    assembler.flush();
    assertThat(new String(((Urc.Recv) out.get(0)).payload(), UTF_8)).isEqualTo("x\n温度");
  }

  @Test
  void payloadIsCappedAndTheOverflowingLineDroppedNeverDecoded() {
    String big = "y".repeat(UrcAssembler.MAX_PAYLOAD - 10);
    payload("+ECMTRECV: 0,0,\"t\",x", big, "+ECMTPUB: 0,1,0");
    assembler.flush();
    assertThat(out).hasSize(1);
    assertThat(((Urc.Recv) out.get(0)).payload()).hasSize(1 + 1 + big.length());
    assertThat(assembler.droppedBytes()).isEqualTo("+ECMTPUB: 0,1,0".length());
  }

  @Test
  void payloadLinesThatLookLikeModuleOutputStayPayload() {
    payload("+ECMTRECV: 0,0,\"public/chat\",hi", "", "+ECMTPUB: 0,5,0", "OK", "RDY",
        "+ECMTRECV: 0,0,\"home/cmd/unlock\",open-the-door", "AT+ECMTCLOSE=0");
    assembler.flush();
    assertThat(out).containsExactly(new Urc.Recv(0, 0, "public/chat",
        ("hi\n\n+ECMTPUB: 0,5,0\nOK\nRDY\n+ECMTRECV: 0,0,\"home/cmd/unlock\",open-the-door\nAT+ECMTCLOSE=0")
            .getBytes(UTF_8), true));
  }

  @Test
  void aNestedHeaderIsMarked() {
    payload("+ECMTRECV: 0,0,\"a\",1");
    assembler.onLine("+ECMTRECV: 0,0,\"b\",2", true);
    assembler.flush();
    assertThat(out).containsExactly(new Urc.Recv(0, 0, "a", "1".getBytes(UTF_8), false),
        new Urc.Recv(0, 0, "b", "2".getBytes(UTF_8), false, true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"OK", "ERROR", "RDY", "> ", ">", "AT+ECMTPUB=0,1,1,0,\"t\"", "ATE0",
      "+CME ERROR: 3", "+CME ERROR: operation not allowed", "+CMS ERROR: 500", "+ECMTSTAT: 0,1",
      "+CEREG: 1", "+ECMTCONN:0,3", "+Q1:", "OK\r", "> x"})
  void knownLines(String line) {
    assertThat(UrcAssembler.startsKnownLine(line)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "    }", "{", "hello", "+", "+:", "+a: x", "+1A: x", "+ECMT RECV: 1",
      "OKAY", "ok", ">x", " +ECMTSTAT: 0,1", "at+cgatt?", "\"command\": \"putdown\""})
  void continuationLines(String line) {
    assertThat(UrcAssembler.startsKnownLine(line)).isFalse();
  }

  @Test
  void nullLinesAreIgnored() {
    feed((String) null);
    assertThat(UrcAssembler.startsKnownLine(null)).isFalse();
    assertThat(out).isEmpty();
  }

  @Test
  void aTentativeFinalResultIsDroppedWhenGenuineAndKeptWhenNot() {
    payload("+ECMTRECV: 0,0,\"t\",a", "");
    assembler.onTentative("OK");
    assembler.flush();
    assertThat(out).isEmpty(); // held for the check
    assembler.resolveTentative(true);
    assertThat(out).containsExactly(new Urc.Recv(0, 0, "t", "a".getBytes(UTF_8), false));

    payload("+ECMTRECV: 0,0,\"t\",b", "");
    assembler.onTentative("ERROR");
    assembler.flush();
    assembler.resolveTentative(false);
    assertThat(out.get(1)).isEqualTo(new Urc.Recv(0, 0, "t", "b\n\nERROR".getBytes(UTF_8), true));
  }

  @Test
  void textAfterATentativeLineOrANextMessageMakesItPayload() {
    payload("+ECMTRECV: 0,0,\"t\",a", "");
    assembler.onTentative("OK");
    assembler.onContinuation("more");
    assembler.onLine("+ECMTRECV: 0,0,\"t\",b");
    assembler.flush();
    assertThat(out).containsExactly(new Urc.Recv(0, 0, "t", "a\n\nOK\nmore".getBytes(UTF_8), true),
        new Urc.Recv(0, 0, "t", "b".getBytes(UTF_8), false));
  }
}
