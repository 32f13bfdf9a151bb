package io.ecmt.sdk.testkit.engine;

import io.ecmt.sdk.testkit.RecordedCommand;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The commands a module knows, by name, and how their failures are printed. A handler throws
 * {@link AtError}: a syntax error prints {@code ERROR} and, in strict mode, is recorded as a
 * violation (the host sent something a module would not understand, including an unknown
 * command); a refusal prints {@code +CME ERROR}.
 *
 * <p>Registration happens before the module starts; running happens on the module's loop.
 */
public final class CommandTable {

  /** Runs one command; throws {@link AtError} to fail it. */
  @FunctionalInterface
  public interface Handler {
    /** Handles {@code command}, whose name this handler was registered for. */
    void handle(RecordedCommand command);
  }

  private final Map<String, Handler> handlers = new HashMap<>();
  private final Output out;
  private final Recorder recorder;
  private final boolean strict;
  private final List<String> violations = new CopyOnWriteArrayList<>();

  CommandTable(Output out, Recorder recorder, boolean strict) {
    this.out = out;
    this.recorder = recorder;
    this.strict = strict;
  }

  /** Registers {@code handler} for the command {@code name} ({@code "+CSQ"}, {@code "E0"}, any case). */
  public void add(String name, Handler handler) {
    if (handlers.putIfAbsent(name.toUpperCase(Locale.ROOT), handler) != null) {
      throw new IllegalStateException("command registered twice: AT" + name);
    }
  }

  /** Runs the handler for {@code command}, printing its failure if it fails. */
  void run(RecordedCommand command) {
    try {
      handlerFor(command).handle(command);
    } catch (AtError e) {
      if (e.isSyntax()) {
        violation(command.line(), e.getMessage());
        out.error();
      } else {
        out.cmeError(e.cmeCode());
      }
    }
  }

  private Handler handlerFor(RecordedCommand command) {
    if (command.form() == RecordedCommand.Form.MALFORMED) {
      throw AtError.syntax(RecordedCommand.startsWithAt(command.line()) ? "bad command form" : "not an AT command");
    }
    Handler h = handlers.get(command.name());
    if (h == null) {
      throw AtError.syntax("unknown command");
    }
    return h;
  }

  /** Records that the host sent {@code line}, which a module would not understand ({@code why}). */
  void violation(String line, String why) {
    if (strict) {
      violations.add(recorder.redact(line) + "  (" + why + ")");
    }
  }

  /** Whether violations are recorded. */
  public boolean strict() {
    return strict;
  }

  /** The violations recorded so far. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  // ------------------------------------------------------------------ form helpers for handlers

  /** The parameters of a {@link RecordedCommand.Form#SET} command; other forms are syntax errors. */
  public static String parameters(RecordedCommand command) {
    if (command.form() != RecordedCommand.Form.SET) {
      throw AtError.syntax("parameters required");
    }
    return command.parameters();
  }

  /** Runs {@code action} for the plain form; any suffix is a syntax error. */
  public static void plain(RecordedCommand command, Runnable action) {
    if (command.form() != RecordedCommand.Form.ACTION) {
      throw AtError.syntax("no parameters expected");
    }
    action.run();
  }

  /** Runs {@code action} for the read form; other forms are syntax errors. */
  public static void readOnly(RecordedCommand command, Runnable action) {
    if (command.form() != RecordedCommand.Form.READ) {
      throw AtError.syntax("only the read form is supported");
    }
    action.run();
  }
}
