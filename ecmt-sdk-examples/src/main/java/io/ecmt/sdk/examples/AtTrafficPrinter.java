package io.ecmt.sdk.examples;

import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtEventListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints the AT exchange as it happens, one line per event, with the seconds since start:
 *
 * <pre>
 *   0.004 &gt;&gt; AT+ECMTOPEN=0,"test.mosquitto.org",1883
 *   0.005 &lt;&lt; OK
 *   0.031 &lt;&lt; +ECMTOPEN: 0,0
 * </pre>
 *
 * <p>{@code >>} is what the host wrote, {@code <<} what the module printed: {@code OK}, the final
 * error of a failed command, and every unsolicited line ({@code +ECMT...} outcomes, {@code +ECMTRECV}
 * messages). Passwords are already redacted by the SDK; every printed line also goes through a
 * {@link Redactor} that masks the password the command was given. The SDK calls this on its
 * session thread, so it only formats and prints.
 */
final class AtTrafficPrinter implements EcmtEventListener {
  private final PrintWriter out;
  private final boolean states;
  private final boolean publishes;
  private final Redactor redactor;
  private final long startNanos = System.nanoTime();

  /**
   * Prints everything.
   *
   * @param out      where to print
   * @param states   whether to print client state changes too ({@code --verbose})
   * @param redactor masks the password in every line
   */
  AtTrafficPrinter(PrintWriter out, boolean states, Redactor redactor) {
    this(out, states, true, redactor);
  }

  private AtTrafficPrinter(PrintWriter out, boolean states, boolean publishes, Redactor redactor) {
    this.out = out;
    this.states = states;
    this.publishes = publishes;
    this.redactor = redactor;
  }

  /** The same printer without successful {@code AT+ECMTPUB} exchanges (they would drown a progress line). */
  AtTrafficPrinter withoutPublishes() {
    return new AtTrafficPrinter(out, states, false, redactor);
  }

  @Override
  public void commandStart(String command) {
    if (publishes || !command.startsWith("AT+ECMTPUB=")) {
      print(">> " + command);
    }
  }

  @Override
  public void commandEnd(String command) {
    if (publishes || !command.startsWith("AT+ECMTPUB=")) {
      print("<< OK");
    }
  }

  @Override
  public void commandFailed(String command, Throwable error) {
    print("<< " + Errors.describe(error));
  }

  @Override
  public void urcReceived(String line) {
    if (publishes || !line.matches("\\+ECMTPUB: ?\\d+,\\d+,0")) {
      print("<< " + line);
    }
  }

  @Override
  public void malformedLine(String line, String reason) {
    print("!! unreadable line (" + reason + "): " + line);
  }

  @Override
  public void moduleRebooted() {
    print("!! the module rebooted");
  }

  @Override
  public void stateChanged(ClientStateChange change) {
    if (states) {
      print("-- " + change);
    }
  }

  private void print(String text) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    synchronized (out) {
      out.println(String.format(Locale.ROOT, "%8.3f %s", seconds, redactor.apply(text)));
      out.flush();
    }
  }
}
