package io.ecmt.sdk.testkit;

import java.util.Locale;
import java.util.Objects;

/**
 * One command line a {@link FakeModule} received, split the way modules read it:
 * {@code AT<name>[?|=?|=<parameters>]}. What a {@link Dispatcher} sees.
 *
 * <pre>{@code
 * AT            name ""        form ACTION
 * ATE0          name "E0"      form ACTION
 * AT+CSQ        name "+CSQ"    form ACTION
 * AT+CEREG?     name "+CEREG"  form READ
 * AT+CMEE=?     name "+CMEE"   form TEST
 * AT+CMEE=2     name "+CMEE"   form SET    parameters "2"
 * }</pre>
 *
 * @param line the line as received, without its line end
 * @param name the command name after {@code AT}, upper case ({@code ""} for a bare {@code AT}
 *     and for a line that is not an AT command)
 * @param form which form of the command the line uses
 * @param parameters for {@link Form#SET}: the raw text after {@code =} (may be empty); else null
 */
public record RecordedCommand(String line, String name, Form form, String parameters) {

  /** The forms of an AT command. */
  public enum Form {
    /** {@code AT<name>}: run it. */
    ACTION,
    /** {@code AT<name>?}: read the current setting. */
    READ,
    /** {@code AT<name>=?}: list what the command accepts. */
    TEST,
    /** {@code AT<name>=<parameters>}: run it with parameters. */
    SET,
    /** Not an AT command, or a name followed by something that is none of the forms above. */
    MALFORMED
  }

  public RecordedCommand {
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(form, "form");
  }

  /** Splits {@code line} (without its line end). Never fails: odd lines are {@link Form#MALFORMED}. */
  public static RecordedCommand parse(String line) {
    if (!startsWithAt(line)) {
      return new RecordedCommand(line, "", Form.MALFORMED, null);
    }
    String rest = line.substring(2);
    int cut = 0;
    while (cut < rest.length() && rest.charAt(cut) != '=' && rest.charAt(cut) != '?') {
      cut++;
    }
    String name = rest.substring(0, cut).toUpperCase(Locale.ROOT);
    String tail = rest.substring(cut);
    if (tail.isEmpty()) {
      return new RecordedCommand(line, name, Form.ACTION, null);
    } else if (tail.equals("?")) {
      return new RecordedCommand(line, name, Form.READ, null);
    } else if (tail.equals("=?")) {
      return new RecordedCommand(line, name, Form.TEST, null);
    } else if (tail.startsWith("=")) {
      return new RecordedCommand(line, name, Form.SET, tail.substring(1));
    }
    return new RecordedCommand(line, name, Form.MALFORMED, null);
  }

  /** Whether the line starts with {@code AT} (any case). */
  public static boolean startsWithAt(String line) {
    return line.length() >= 2 && line.regionMatches(true, 0, "AT", 0, 2);
  }

  /** Whether this is the command {@code name} ({@code "+CSQ"}, {@code "E0"} ...), in any case. */
  public boolean is(String name) {
    return this.name.equalsIgnoreCase(name) && form != Form.MALFORMED;
  }
}
