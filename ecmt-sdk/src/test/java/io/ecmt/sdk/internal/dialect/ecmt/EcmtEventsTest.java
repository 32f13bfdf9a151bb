package io.ecmt.sdk.internal.dialect.ecmt;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.Operation;
import io.ecmt.sdk.internal.dialect.ModuleEvent;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Outcome;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Result.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** ECMT lines in neutral terms: the session sees only these. */
class EcmtEventsTest {
  private final List<ModuleEvent> out = new ArrayList<>();
  private final EcmtModuleDecoder decoder = new EcmtModuleDecoder(out::add);

  private ModuleEvent one(String line) {
    return decoder.peek(line);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "+ECMTOPEN: 0,0      | OPEN        | 0    | SUCCESS",
      "+ECMTOPEN: 0,-1     | OPEN        | 0    | FAILED",
      "+ECMTCONN: 1,0,0    | CONNECT     | 0    | SUCCESS",
      "+ECMTCONN: 0,0,5    | CONNECT     | 0    | REFUSED",
      "+ECMTCONN: 0,2,2    | CONNECT     | 0    | SEND_FAILED",
      "+ECMTSUB: 0,7,0,1   | SUBSCRIBE   | 7    | SUCCESS",
      "+ECMTSUB: 0,7,0,128 | SUBSCRIBE   | 7    | REJECTED",
      "+ECMTSUB: 0,7,1,0   | SUBSCRIBE   | 7    | MALFORMED_ACK",
      "+ECMTUNS: 0,8,2     | UNSUBSCRIBE | 8    | SEND_FAILED",
      "+ECMTPUB: 0,9,0     | PUBLISH     | 9    | SUCCESS",
      "+ECMTPUB: 0,9,2     | PUBLISH     | 9    | SEND_FAILED",
      "+ECMTPUB: 0,9,x     | PUBLISH     | 9    | UNREADABLE",
      "+ECMTDISC: 0,0      | DISCONNECT  | 0    | SUCCESS",
      "+ECMTCLOSE: 0,-1    | CLOSE       | 0    | FAILED"})
  void outcomes(String line, Operation operation, int msgId, Kind kind) {
    assertThat(one(line)).isInstanceOfSatisfying(Outcome.class, o -> {
      assertThat(o.operation()).isEqualTo(operation);
      assertThat(o.msgId()).isEqualTo(msgId);
      assertThat(o.result().kind()).isEqualTo(kind);
    });
  }

  @Test
  void aGarbledLineWithoutAMsgIdIsOnlyMalformed() {
    assertThat(one("+ECMTCONN: 0,0,0x")).isInstanceOf(ModuleEvent.Malformed.class);
    assertThat(one("+ECMTPUB: 0,zz")).isInstanceOf(ModuleEvent.Malformed.class);
  }

  @Test
  void otherEvents() {
    assertThat(one("+ECMTSTAT: 0,1")).isEqualTo(new ModuleEvent.LinkDown(0, 1));
    assertThat(one("RDY")).isInstanceOf(ModuleEvent.Booted.class);
    assertThat(one("+ECMTCONN:0,3")).isEqualTo(new ModuleEvent.LinkState(0, true, 3));
    assertThat(one("+ECMTCONN:0,4")).isEqualTo(new ModuleEvent.LinkState(0, false, 4));
    assertThat(one("+CEREG: 0,1")).isInstanceOf(ModuleEvent.Other.class);
    decoder.onLine("+ECMTRECV: 0,3,\"t\",a");
    decoder.onPayloadLine("b", "\n");
    decoder.endPayload();
    assertThat(out).singleElement().isInstanceOfSatisfying(ModuleEvent.Message.class, m -> {
      assertThat(m.topic()).isEqualTo("t");
      assertThat(new String(m.payload())).isEqualTo("a\nb");
      assertThat(m.reassembled()).isTrue();
    });
  }
}
