package io.ecmt.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** AT parameters as modules read them. */
class AtParamsTest {

  @Test
  void quotedAndUnquotedParameters() {
    AtParams p = AtParams.parse("0, 12 ,\"a,b;c\",\"\"");
    assertThat(p.list()).containsExactly(new AtParams.Param("0", false), new AtParams.Param("12", false),
        new AtParams.Param("a,b;c", true), new AtParams.Param("", true));
    assertThat(p.rest()).isNull();
    assertThat(AtParams.parse("").list()).containsExactly(new AtParams.Param("", false));
  }

  @Test
  void aLimitLeavesTheRawRest() {
    AtParams p = AtParams.parse("0,1,1,0,\"t\",\"{\"a\":1,\"b\":\"x\"}\"", 5);
    assertThat(p.size()).isEqualTo(5);
    assertThat(p.rest()).isEqualTo("\"{\"a\":1,\"b\":\"x\"}\"");
    assertThat(AtParams.parse("0,1,1,0,\"t\"", 5).rest()).isNull();
  }

  @Test
  void quotesThatCannotBeParsedAreSyntaxErrors() {
    assertThatThrownBy(() -> AtParams.parse("\"te\"st\"")).isInstanceOf(AtError.class)
        .satisfies(e -> assertThat(((AtError) e).isSyntax()).isTrue());
    assertThatThrownBy(() -> AtParams.parse("\"open")).hasMessage("unterminated quote");
    assertThatThrownBy(() -> AtParams.parse("a\"b")).hasMessage("stray quote");
  }

  @Test
  void numbersAreASignAndOneToNineDigits() {
    assertThat(AtParams.num("0")).isZero();
    assertThat(AtParams.num("-1")).isEqualTo(-1);
    assertThat(AtParams.num("123456789")).isEqualTo(123456789);
    for (String bad : new String[] {"", "-", "1234567890", "1a", "+1", " 1", "٣"}) {
      assertThatThrownBy(() -> AtParams.num(bad)).as(bad).isInstanceOf(AtError.class)
          .hasMessageStartingWith("not a number");
    }
    assertThatThrownBy(() -> AtParams.num(new AtParams.Param("1", true))).isInstanceOf(AtError.class);
  }

  @Test
  void rangesAndLengthsAreRefusalsNotSyntaxErrors() {
    AtError range = org.junit.jupiter.api.Assertions.assertThrows(AtError.class,
        () -> AtParams.range(new AtParams.Param("61", false), 1, 60));
    assertThat(range.isSyntax()).isFalse();
    assertThat(range.cmeCode()).isEqualTo(AtError.OPERATION_NOT_ALLOWED);
    AtError length = org.junit.jupiter.api.Assertions.assertThrows(AtError.class,
        () -> AtParams.str(new AtParams.Param("abc", true), 2));
    assertThat(length.isSyntax()).isFalse();
  }
}
