package io.ecmt.sdk.testkit.engine;

import static io.ecmt.sdk.testkit.engine.CommandTable.plain;
import static io.ecmt.sdk.testkit.engine.CommandTable.readOnly;

import io.ecmt.sdk.testkit.RecordedCommand;

/**
 * The 3GPP TS 27.007 basics every dialect's module answers alike: {@code AT}, echo
 * ({@code ATE0/1}), quiet ({@code ATQ0/1}), identification ({@code ATI}, {@code AT+CGMR}, from the
 * dialect), error mode ({@code AT+CMEE}) and a module that is registered, attached, on and
 * hearing a fair signal.
 */
final class BasicCommands {
  private final Output out;
  private final Input in;
  private final Dialect dialect;

  private BasicCommands(Output out, Input in, Dialect dialect) {
    this.out = out;
    this.in = in;
    this.dialect = dialect;
  }

  static void register(CommandTable table, Output out, Input in, Dialect dialect) {
    new BasicCommands(out, in, dialect).register(table);
  }

  private void register(CommandTable t) {
    t.add("", c -> plain(c, out::ok));
    t.add("E0", c -> plain(c, () -> echo(false)));
    t.add("E1", c -> plain(c, () -> echo(true)));
    t.add("Q0", c -> plain(c, () -> quiet(false)));
    t.add("Q1", c -> plain(c, () -> quiet(true)));
    t.add("I", c -> plain(c, () -> {
      dialect.identification().forEach(out::info);
      out.ok();
    }));
    t.add("+CGMR", c -> plain(c, () -> {
      out.info(dialect.revision());
      out.ok();
    }));
    t.add("+CMEE", this::cmee);
    t.add("+CEREG", c -> readOnly(c, () -> answer("+CEREG: 0,1")));
    t.add("+CGATT", c -> readOnly(c, () -> answer("+CGATT: 1")));
    t.add("+CFUN", c -> readOnly(c, () -> answer("+CFUN: 1")));
    t.add("+CSQ", c -> plain(c, () -> answer("+CSQ: 25,99")));
  }

  private void answer(String line) {
    out.info(line);
    out.ok();
  }

  private void echo(boolean on) {
    in.echo(on);
    out.ok();
  }

  private void quiet(boolean on) {
    out.quiet(false); // ATQ1's own OK is still printed
    out.ok();
    out.quiet(on);
  }

  private void cmee(RecordedCommand c) {
    switch (c.form()) {
      case READ -> answer("+CMEE: " + out.cmee());
      case TEST -> answer("+CMEE: (0-2)");
      case SET -> {
        int v = AtParams.num(AtParams.one(c.parameters()));
        if (v < 0 || v > 2) {
          throw AtError.notAllowed("CMEE out of range");
        }
        out.cmee(v);
        out.ok();
      }
      default -> throw AtError.syntax("AT+CMEE needs a value");
    }
  }
}
