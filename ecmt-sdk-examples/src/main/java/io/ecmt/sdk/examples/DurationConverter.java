package io.ecmt.sdk.examples;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 200ms}, {@code 1s}, {@code 1.5s}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT0.2S}) or {@code 0}. */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    Matcher m = SIMPLE.matcher(v);
    Duration d;
    if (v.equals("0")) {
      d = Duration.ZERO; // "no limit" for the options that allow it
    } else if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      double millis = switch (m.group(2)) {
        case "ms" -> amount;
        case "s" -> amount * 1_000;
        case "m" -> amount * 60_000;
        default -> amount * 3_600_000;
      };
      d = Duration.ofNanos(Math.round(millis * 1_000_000));
    } else {
      try {
        d = Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a duration (examples: 200ms, 1s, 2m, PT0.5S)");
      }
    }
    if (d.isNegative()) {
      throw new TypeConversionException("'" + value + "' is negative");
    }
    return d;
  }
}
