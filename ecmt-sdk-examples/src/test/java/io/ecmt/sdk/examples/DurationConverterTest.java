package io.ecmt.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsSimpleAndIsoForms() {
    assertThat(converter.convert("200ms")).isEqualTo(Duration.ofMillis(200));
    assertThat(converter.convert("1s")).isEqualTo(Duration.ofSeconds(1));
    assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(converter.convert("PT0.5S")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("pt1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("200ms");
    assertThatThrownBy(() -> converter.convert("PT-1S")).isInstanceOf(TypeConversionException.class);
  }
}
