package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.testkit.RecordedCommand.Form;
import org.junit.jupiter.api.Test;

/** How command lines are split for dispatchers and handlers, and how replies compose. */
class RecordedCommandTest {

  @Test
  void splitsTheForms() {
    assertThat(RecordedCommand.parse("AT")).isEqualTo(new RecordedCommand("AT", "", Form.ACTION, null));
    assertThat(RecordedCommand.parse("ate0")).isEqualTo(new RecordedCommand("ate0", "E0", Form.ACTION, null));
    assertThat(RecordedCommand.parse("AT+CEREG?").form()).isEqualTo(Form.READ);
    assertThat(RecordedCommand.parse("AT+CMEE=?").form()).isEqualTo(Form.TEST);
    assertThat(RecordedCommand.parse("AT+CMEE=2")).isEqualTo(new RecordedCommand("AT+CMEE=2", "+CMEE", Form.SET, "2"));
    assertThat(RecordedCommand.parse("AT+ECMTCONN=").parameters()).isEmpty();
    assertThat(RecordedCommand.parse("AT+X=?1").parameters()).isEqualTo("?1");
    assertThat(RecordedCommand.parse("AT+X?1").form()).isEqualTo(Form.MALFORMED);
    assertThat(RecordedCommand.parse("HELLO").form()).isEqualTo(Form.MALFORMED);
    assertThat(RecordedCommand.parse("at+csq").is("+CSQ")).isTrue();
    assertThat(RecordedCommand.parse("AT+CSQ?x").is("+CSQ")).isFalse();
  }

  @Test
  void repliesComposeInOrderAndDeclinedOnesStayEmpty() {
    Reply r = Reply.lines("a", "b").thenCmeError(3).thenUrc("+U: 1").thenRaw("x");
    assertThat(r.parts()).extracting(Reply.Part::kind).containsExactly(Reply.Kind.LINE, Reply.Kind.LINE,
        Reply.Kind.CME_ERROR, Reply.Kind.URC, Reply.Kind.RAW);
    assertThat(r.parts().get(2).code()).isEqualTo(3);
    assertThat(Reply.decline().isDeclined()).isTrue();
    assertThat(Reply.decline().parts()).isEmpty();
    assertThatThrownBy(() -> Reply.decline().thenOk()).isInstanceOf(IllegalStateException.class);
  }
}
