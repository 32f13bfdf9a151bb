package io.ecmt.sdk.internal.codec;

import io.ecmt.sdk.exceptions.InvalidArgumentException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides which commands {@code EcmtModem.command(..)} may pass to the module: exactly one command
 * that cannot change what the SDK relies on (echo, result codes and their format, line
 * terminators, baud rate, client contexts). Checked before any byte is written.
 *
 * <ul>
 *   <li>one command line: no control characters, no {@code ;} (a module runs {@code AT+CSQ;+XCLOSE=0}
 *       as two commands);</li>
 *   <li>basic commands (no {@code +}, {@code &}, {@code $} or {@code ^} after {@code AT}) may be
 *       chained without separators ({@code ATIE1} is {@code ATI} then {@code ATE1}): only {@code AT}
 *       and {@code ATI[n]} are allowed;</li>
 *   <li>the dialect's MQTT commands ({@code clientPrefix}): only the read form {@code ...?} and the
 *       test form {@code ...=?}; {@code AT+CMEE} and {@code AT+IPR}: the same;</li>
 *   <li>{@code AT&F}, {@code AT&W}-style settings are refused except {@code AT&V}.</li>
 * </ul>
 */
public final class PassthroughGuard {
  private final String[] readOnlyPrefixes;

  /** @param clientPrefix the start of the dialect's MQTT commands, upper case */
  public PassthroughGuard(String clientPrefix) {
    this.readOnlyPrefixes = new String[] {clientPrefix, "AT+CMEE", "AT+IPR", "AT+ICF", "AT+IFC"};
  }

  private static final Pattern BASIC_ALLOWED = Pattern.compile("AT(I\\d{0,3})?");
  private static final Pattern READ_OR_TEST = Pattern.compile("AT[+][A-Z0-9]+(\\?|=\\?)");

  /** @throws InvalidArgumentException if {@code command} may not be passed through */
  public void check(String command) {
    if (command == null || command.length() < 2 || !command.regionMatches(true, 0, "AT", 0, 2)) {
      throw refuse("must start with AT");
    }
    if (command.length() > 1000) {
      throw refuse("longer than 1000 characters");
    }
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw refuse("contains control character 0x" + Integer.toHexString(c) + " at index " + i
            + ": one command line only");
      }
      if (c == ';') {
        throw refuse("contains ';': one command per call (the module would run each part)");
      }
    }
    // Modules ignore spaces between the parts of a command: judge what they will run.
    String upper = command.replace(" ", "").toUpperCase(Locale.ROOT);
    char kind = upper.length() > 2 ? upper.charAt(2) : ' ';
    if (kind != '+' && kind != '&' && kind != '$' && kind != '^') {
      if (!BASIC_ALLOWED.matcher(upper).matches()) {
        throw refuse("basic commands other than AT and ATI would change what the SDK relies on "
            + "(echo, result codes, line terminators)");
      }
      return;
    }
    if (kind == '&' && !upper.equals("AT&V")) {
      throw refuse(upper + " changes or resets the module's settings");
    }
    for (String prefix : readOnlyPrefixes) {
      if (upper.startsWith(prefix) && !READ_OR_TEST.matcher(upper).matches()) {
        throw refuse(prefix + " set commands change client state or the line the SDK relies on: use "
            + "EcmtModem.client(id) (only the read form ...? and the test form ...=? are allowed)");
      }
    }
  }

  private static InvalidArgumentException refuse(String why) {
    return new InvalidArgumentException("command", why);
  }
}
