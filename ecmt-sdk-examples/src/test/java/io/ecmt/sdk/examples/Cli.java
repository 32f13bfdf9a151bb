package io.ecmt.sdk.examples;

import io.ecmt.sdk.testkit.FakeModule;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;

/**
 * Runs the examples in-process with captured output and a given environment, and exposes the
 * in-process fake modules.
 */
final class Cli {
  private final List<FakeModule> fakeModules = new CopyOnWriteArrayList<>();
  private final AwaitableWriter out = new AwaitableWriter();
  private final AwaitableWriter err = new AwaitableWriter();
  private final Map<String, String> environment = new HashMap<>();
  private InputStream input;

  /** Sets an environment variable as the command sees it (it sees no others). */
  Cli env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Feeds {@code console} from {@code input}. */
  Cli input(InputStream input) {
    this.input = input;
    return this;
  }

  /** Runs a command to the end. */
  int run(String... args) {
    CommandLine cli = EcmtExamples.commandLine(new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K made = CommandLine.defaultFactory().create(type);
        if (made instanceof ModemOptions options) {
          options.observeFakeModule(fakeModules::add);
        }
        if (made instanceof SessionOptions session) {
          session.environment(environment::get);
        }
        if (made instanceof ConsoleCommand console && input != null) {
          console.input(input);
        }
        return made;
      }
    });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** Runs a command on a thread of its own; {@link #await(Running, Duration)} gets its exit code. */
  Running start(String... args) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        exit.complete(run(args));
      } catch (Throwable t) {
        exit.completeExceptionally(t);
      }
    }, "cli-" + (args.length > 0 ? args[0] : "run"));
    thread.setDaemon(true);
    thread.start();
    return new Running(this, thread, exit);
  }

  /** A command running on its own thread. */
  record Running(Cli cli, Thread thread, CompletableFuture<Integer> exit) {
    boolean isDone() {
      return exit.isDone();
    }
  }

  String out() {
    return out.text();
  }

  String err() {
    return err.text();
  }

  /** Waits until standard output contains {@code text}. */
  void awaitOut(String text, Duration timeout) throws InterruptedException {
    out.await(text, timeout);
  }

  /** The in-process fake modules the command started (one per command run). */
  List<FakeModule> fakeModules() {
    return fakeModules;
  }

  /** Every command the fake modules received, in order. */
  List<String> moduleCommands() {
    return fakeModules.stream().flatMap(m -> m.transcript().commands().stream()).toList();
  }

  static int await(Running running) throws Exception {
    return await(running, Duration.ofSeconds(60));
  }

  /**
   * The exit code of a command started with {@link #start}; when it has not ended within
   * {@code timeout}, its thread is interrupted (so it does not run on behind the next tests) and
   * the test fails.
   */
  static int await(Running running, Duration timeout) throws Exception {
    try {
      return running.exit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      String stack = java.util.Arrays.stream(running.thread().getStackTrace())
          .map(f -> "\tat " + f).collect(java.util.stream.Collectors.joining("\n"));
      running.thread().interrupt();
      throw new AssertionError("the command did not end within " + timeout + "; it was at\n" + stack
          + "\nits output so far:\n" + withoutProgress(running.cli().out()) + running.cli().err(), e);
    }
  }

  /** Output without the progress lines that telemetry rewrites in place. */
  static String withoutProgress(String out) {
    return out.lines().filter(l -> !l.matches("sent \\d+/\\d+ .*")).collect(java.util.stream.Collectors.joining("\n"));
  }

  /** A writer whose text can be awaited. */
  static final class AwaitableWriter extends Writer {
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(char[] chars, int off, int len) {
      text.append(chars, off, len);
      notifyAll();
    }

    @Override
    public void flush() { }

    @Override
    public void close() { }

    synchronized String text() {
      return text.toString();
    }

    synchronized void await(String wanted, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (text.indexOf(wanted) < 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no '" + wanted + "' within " + timeout + " in:\n" + text);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }
}
