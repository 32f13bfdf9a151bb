package io.ecmt.sdk.examples;

import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * An interactive AT console, the first thing one needs on a new board: each line typed is written
 * to the module as is, with CR LF, and everything the module prints is shown line by line
 * ({@code << OK}, {@code << +ECMTOPEN: 0,0}, the {@code > } prompt). It uses the raw
 * {@link Transport}, not the SDK session, so nothing is sent that the user did not type.
 *
 * <p>After a {@code > } prompt ({@code AT+ECMTPUB} without payload), type the payload and end the
 * line with {@code ^Z} to send Ctrl+Z (or {@code ^[} for ESC, which cancels). {@code exit} or end
 * of input quits.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
    description = {"Interactive AT console: type AT commands, see responses and URCs.",
        "End a payload line with ^Z to send Ctrl+Z after a '> ' prompt; 'exit' or end of input quits."})
final class ConsoleCommand implements Callable<Integer> {
  private static final long QUIET_MILLIS = 300;
  private static final long DRAIN_MAX_MILLIS = 2_000;

  @Spec
  CommandSpec spec;

  @Mixin
  ModemOptions modemOptions;

  private InputStream input = System.in;

  /** Reads commands from {@code input} instead of standard input (tests). */
  void input(InputStream input) {
    this.input = input;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try (ModemOptions.Target target = modemOptions.target();
        Transport transport = target.transports().get()) {
      Printer printer = new Printer(out);
      transport.open(printer);
      out.println("connected to " + target.description());
      if (target.fake()) {
        out.println("(no --serial or --tcp: this is the in-process fake module; try AT, ATI, "
            + "AT+ECMTOPEN=0,\"test.mosquitto.org\",1883)");
      }
      out.println("type AT commands; 'exit' or end of input quits");
      out.flush();

      BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null && !line.trim().equalsIgnoreCase("exit")) {
        if (!transport.isOpen()) {
          break;
        }
        transport.write(encode(line));
      }
      printer.awaitQuiet();
      printer.closing();
      return transport.isOpen() || target.fake() ? 0 : Errors.FAILED;
    }
  }

  /** The bytes for one typed line: CR LF appended, or a trailing ^Z / ^[ turned into Ctrl+Z / ESC. */
  static byte[] encode(String line) {
    if (line.endsWith("^Z")) {
      return (line.substring(0, line.length() - 2) + "\u001a").getBytes(StandardCharsets.UTF_8);
    }
    if (line.endsWith("^[")) {
      return (line.substring(0, line.length() - 2) + "\u001b").getBytes(StandardCharsets.UTF_8);
    }
    return (line + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Splits what the module prints into lines; shows the prompt at once (it has no line end). */
  private static final class Printer implements TransportListener {
    private final PrintWriter out;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition quiet = lock.newCondition();
    private long lastInput = System.nanoTime();
    private boolean closed;
    private boolean closing;

    Printer(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void onBytes(byte[] bytes) {
      lock.lock();
      try {
        lastInput = System.nanoTime();
        for (byte b : bytes) {
          if (b == '\r' || b == '\n') {
            flushLine();
          } else {
            partial.write(b);
          }
        }
        if (partial.toString(StandardCharsets.UTF_8).equals("> ")) {
          flushLine(); // the data prompt: waiting for the payload
        }
        out.flush();
      } finally {
        lock.unlock();
      }
    }

    private void flushLine() {
      if (partial.size() > 0) {
        out.println("<< " + partial.toString(StandardCharsets.UTF_8));
        partial.reset();
      }
    }

    @Override
    public void onClosed() {
      lock.lock();
      try {
        flushLine();
        if (!closing) {
          out.println("(the module closed the connection)");
        }
        out.flush();
        closed = true;
        quiet.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onError(Throwable error) {
      out.println("error: " + Errors.describe(error));
      out.flush();
    }

    /** We are closing the transport ourselves: no notice. */
    void closing() {
      lock.lock();
      try {
        closing = true;
      } finally {
        lock.unlock();
      }
    }

    /** Waits until the module has printed nothing for a moment, so piped input sees its answers. */
    void awaitQuiet() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MAX_MILLIS);
      lock.lock();
      try {
        while (!closed) {
          long quietUntil = lastInput + TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
          long now = System.nanoTime();
          if (now >= quietUntil || now >= deadline) {
            break;
          }
          quiet.awaitNanos(Math.min(quietUntil, deadline) - now);
        }
        flushLine();
        out.flush();
      } finally {
        lock.unlock();
      }
    }
  }
}
