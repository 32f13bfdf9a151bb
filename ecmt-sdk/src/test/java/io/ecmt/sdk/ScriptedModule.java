package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.message.ConnAck;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A module double for virtual-time client tests: records every command the host writes and lets the
 * test answer with exact module output. Start-up commands ({@code AT}, {@code ATE0}, {@code ATQ0},
 * {@code AT+CMEE=1}) and {@code AT+ECMTCFG} set forms are answered {@code OK} automatically; every
 * other command waits in {@link #commands} for the test. Everything runs on the test thread through
 * the {@link TestScheduler}.
 */
public final class ScriptedModule implements TransportListener {
  private final TestScheduler scheduler;
  private final Transport end;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final Deque<String> commands = new ArrayDeque<>();
  private final List<String> all = new ArrayList<>();
  private final List<byte[]> promptPayloads = new ArrayList<>();
  private Predicate<String> autoOk = c -> c.equals("AT") || c.equals("ATE0") || c.equals("ATQ0")
      || c.equals("AT+CMEE=1") || (c.startsWith("AT+ECMTCFG=") && !c.endsWith("?"));
  private boolean inPrompt;

  public ScriptedModule(TestScheduler scheduler, InMemoryPipe pipe) {
    this.scheduler = scheduler;
    this.end = pipe.moduleEnd();
    try {
      end.open(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces which commands get an automatic OK. */
  public ScriptedModule autoOk(Predicate<String> predicate) {
    this.autoOk = predicate;
    return this;
  }

  @Override
  public void onBytes(byte[] bytes) {
    for (byte b : bytes) {
      if (inPrompt) {
        if (b == 0x1A || b == 0x1B) {
          promptPayloads.add(b == 0x1A ? partial.toByteArray() : null);
          partial.reset();
          inPrompt = false;
          commands.add(b == 0x1A ? "<payload>" : "<esc>");
        } else {
          partial.write(b);
        }
        continue;
      }
      if (b == '\r' || b == '\n') {
        if (partial.size() > 0) {
          String line = partial.toString(StandardCharsets.UTF_8);
          partial.reset();
          all.add(line);
          if (autoOk.test(line)) {
            // Answer on the scheduler, as a real module answers later than the write.
            scheduler.scheduleDirect(() -> send("\r\nOK\r\n"));
          } else {
            commands.add(line);
          }
        }
      } else {
        partial.write(b);
      }
    }
  }

  @Override
  public void onClosed() {}

  @Override
  public void onError(Throwable error) {}

  /** Writes module output to the host and runs everything that became due. */
  public void send(String output) {
    try {
      end.write(output.getBytes(StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code \r\n<line>\r\n} for each line and runs the scheduler. */
  public void reply(String... lines) {
    for (String line : lines) {
      send("\r\n" + line + "\r\n");
    }
    scheduler.triggerActions();
  }

  /** Opens and connects {@code client} as client 0 of a module whose broker accepts, checking both complete. */
  public void openAndConnect(EcmtRxClient client) {
    TestObserver<Void> open = client.open("broker", 1883).test();
    assertThat(takeCommand()).startsWith("AT+ECMTOPEN=");
    reply("OK", "+ECMTOPEN: 0,0");
    open.assertComplete();
    TestObserver<ConnAck> conn = client.connect().test();
    assertThat(takeCommand()).startsWith("AT+ECMTCONN=");
    reply("OK", "+ECMTCONN: 0,0,0");
    conn.assertValueCount(1);
  }

  /**
   * Answers the SDK's check after a sign of a reboot ({@code AT+ECMTCONN?}) as a rebooted module
   * does: echo is on again and no context is left.
   */
  public void confirmReboot() {
    String check = takeCommand();
    if (!check.equals("AT+ECMTCONN?")) {
      throw new AssertionError("expected the SDK to ask AT+ECMTCONN?, got " + check);
    }
    reply(check, "OK");
  }

  /** Answers the SDK's {@code AT+ECMTCONN?} check as a module whose client 0 is still connected. */
  public void denyReboot() {
    String check = takeCommand();
    if (!check.equals("AT+ECMTCONN?")) {
      throw new AssertionError("expected the SDK to ask AT+ECMTCONN?, got " + check);
    }
    reply("+ECMTCONN:0,3", "OK");
  }

  /** Sends the {@code > } prompt and enters payload mode. */
  public void prompt() {
    inPrompt = true;
    send("\r\n> ");
    scheduler.triggerActions();
  }

  /** The next command the host wrote that was not answered automatically. */
  public String takeCommand() {
    scheduler.triggerActions();
    String c = commands.poll();
    if (c == null) {
      throw new AssertionError("no command was written; all so far: " + all);
    }
    return c;
  }

  /** Whether the host wrote nothing that waits for an answer. */
  public boolean noPendingCommand() {
    scheduler.triggerActions();
    return commands.isEmpty();
  }

  /** Every line the host wrote, in order. */
  public List<String> allCommands() {
    return all;
  }

  public List<byte[]> promptPayloads() {
    return promptPayloads;
  }

  public void advance(long amount, TimeUnit unit) {
    scheduler.advanceTimeBy(amount, unit);
  }

  /** Closes the module's end (as if the cable were pulled). */
  public void disconnectCable() {
    end.close();
    scheduler.triggerActions();
  }
}
