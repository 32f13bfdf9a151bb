package io.ecmt.sdk.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicFilterTest {

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
      "a/b/c, a/b/c, true",
      "a/b/c, a/b, false",
      "a/b, a/b/c, false",
      "a/+/c, a/x/c, true",
      "a/+/c, a/x/y/c, false",
      "+, a, true",
      "+, a/b, false",
      "+/+, /b, true",
      "a/#, a/b/c, true",
      "a/#, a, true",
      "a/#, b/a, false",
      "'#', a/b, true",
      "'', '', true",
      "a//c, a//c, true",
      "a/b, A/b, false",
      // $ topics match only filters whose first level is not a wildcard
      "'#', $SYS/broker, false", // a leading # must be quoted in @CsvSource
      "+/broker, $SYS/broker, false",
      "$SYS/#, $SYS/broker, true",
      "$SYS/+, $SYS/broker, true",
  })
  void matches(String filter, String topic, boolean expected) {
    assertThat(TopicFilter.matches(filter, topic)).isEqualTo(expected);
  }
}
