package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.internal.at.LineFramer;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import io.reactivex.rxjava3.core.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module and broker simulated on a (virtual-time) scheduler for long runs: client 0 only, the
 * reference's command forms and URCs with cellular-like delays, a link that can be dropped (the
 * module prints {@code +ECMTSTAT: 0,1} and refuses to open while the network is down), and a
 * ledger of what the broker really received. A publish whose link drops after the broker got it
 * but before the acknowledgement came back is in the ledger without a {@code +ECMTPUB}: the
 * at-least-once case.
 */
final class SimulatedModule implements TransportListener {
  private static final Pattern PUB = Pattern.compile("AT\\+ECMTPUB=0,(\\d+),(\\d),(\\d),\"([^\"]*)\",\"(.*)\"");
  private static final Pattern SUB = Pattern.compile("AT\\+ECMTSUB=0,(\\d+),\"([^\"]*)\",(\\d)");

  private final Scheduler scheduler;
  private final Transport end;
  // A real module answers after it read the line, never inside the host's write.
  private final LineFramer lines = new LineFramer(8192, LineFramer.FramerSink.ofLines(
      line -> schedulerRun(() -> handle(line))));

  private boolean networkUp = true;
  private String state = "closed"; // closed, opening, open, connected
  private int linkGeneration;
  private final Set<String> subscriptions = new HashSet<>();

  /** Every payload the broker received, with how many times. */
  final Map<String, Integer> brokerReceived = new HashMap<>();
  final List<String> commands = new ArrayList<>();
  int linkDrops;

  SimulatedModule(Scheduler scheduler, Transport end) {
    this.scheduler = scheduler;
    this.end = end;
    try {
      end.open(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onBytes(byte[] bytes) {
    lines.feed(bytes);
  }

  @Override
  public void onClosed() {}

  @Override
  public void onError(Throwable error) {}

  private void handle(String command) {
    commands.add(command);
    if (command.startsWith("AT+ECMTOPEN=")) {
      if (!state.equals("closed")) {
        ok(); // the quirk: OK and no URC
        return;
      }
      ok();
      state = "opening";
      int generation = linkGeneration;
      later(5000, () -> {
        if (generation != linkGeneration || !state.equals("opening")) {
          return;
        }
        state = networkUp ? "open" : "closed";
        urc("+ECMTOPEN: 0," + (networkUp ? 0 : -1));
      });
    } else if (command.startsWith("AT+ECMTCONN=")) {
      if (!state.equals("open")) {
        error();
        return;
      }
      ok();
      int generation = linkGeneration;
      later(1000, () -> {
        if (generation == linkGeneration) {
          state = "connected";
          urc("+ECMTCONN: 0,0,0");
        }
      });
    } else if (command.startsWith("AT+ECMTSUB=")) {
      Matcher m = SUB.matcher(command);
      if (!state.equals("connected") || !m.matches()) {
        error();
        return;
      }
      ok();
      int generation = linkGeneration;
      later(300, () -> {
        if (generation == linkGeneration) {
          subscriptions.add(m.group(2));
          urc("+ECMTSUB: 0," + m.group(1) + ",0,1");
        }
      });
    } else if (command.startsWith("AT+ECMTPUB=")) {
      Matcher m = PUB.matcher(command);
      if (!state.equals("connected") || !m.matches()) {
        error();
        return;
      }
      ok();
      int generation = linkGeneration;
      later(150, () -> {
        if (generation == linkGeneration) {
          brokerReceived.merge(m.group(5), 1, Integer::sum);
        }
      });
      later(300, () -> {
        if (generation == linkGeneration) {
          urc("+ECMTPUB: 0," + m.group(1) + ",0");
        }
      });
    } else if (command.startsWith("AT+ECMTDISC=") || command.startsWith("AT+ECMTCLOSE=")) {
      if (state.equals("closed")) {
        error();
        return;
      }
      ok();
      dropContext();
      urc((command.startsWith("AT+ECMTDISC") ? "+ECMTDISC" : "+ECMTCLOSE") + ": 0,0");
    } else {
      ok(); // AT, ATE0, ATQ0, AT+CMEE=1, AT+ECMTCFG=...
    }
  }

  /** The broker publishes to the module; printed only when subscribed (and connected). */
  boolean brokerPublish(String topic, String payload) {
    if (!state.equals("connected") || !subscriptions.contains(topic)) {
      return false;
    }
    urc("+ECMTRECV: 0,0,\"" + topic + "\"," + payload);
    return true;
  }

  /** The network goes away for {@code downMillis}: +ECMTSTAT now, opens fail meanwhile. */
  void dropLink(long downMillis) {
    linkDrops++;
    networkUp = false;
    if (!state.equals("closed")) {
      urc("+ECMTSTAT: 0,1");
    }
    dropContext();
    later(downMillis, () -> networkUp = true);
  }

  private void dropContext() {
    linkGeneration++;
    state = "closed";
    subscriptions.clear();
  }

  private void schedulerRun(Runnable r) {
    scheduler.scheduleDirect(r);
  }

  private void later(long millis, Runnable r) {
    scheduler.scheduleDirect(r, millis, TimeUnit.MILLISECONDS);
  }

  private void ok() {
    write("\r\nOK\r\n");
  }

  private void error() {
    write("\r\n+CME ERROR: 3\r\n");
  }

  private void urc(String line) {
    write("\r\n" + line + "\r\n");
  }

  private void write(String s) {
    try {
      end.write(s.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the host closed
    }
  }
}
