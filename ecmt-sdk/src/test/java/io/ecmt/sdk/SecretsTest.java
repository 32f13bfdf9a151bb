package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.exceptions.CommandTimeoutException;
import io.ecmt.sdk.message.ConnAck;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The password goes to the module and nowhere else: not into events, exceptions or option strings. */
class SecretsTest {
  private static final String PASSWORD = "pw-9f3b-secret";

  @Test
  void passwordNeverLeavesTheWire() {
    TestScheduler scheduler = new TestScheduler();
    InMemoryPipe pipe = InMemoryPipe.create();
    ScriptedModule module = new ScriptedModule(scheduler, pipe);
    List<String> seen = new ArrayList<>();
    EcmtEventListener recorder = new EcmtEventListener() {
      @Override public void commandStart(String command) { seen.add(command); }
      @Override public void commandEnd(String command) { seen.add(command); }
      @Override public void commandFailed(String command, Throwable error) { seen.add(command); seen.add(describe(error)); }
      @Override public void urcReceived(String line) { seen.add(line); }
      @Override public void lateUrc(String line) { seen.add(line); }
      @Override public void malformedLine(String line, String reason) { seen.add(line); }
      @Override public void stateChanged(ClientStateChange change) { seen.add(change.toString()); }
    };
    ConnectOptions options = ConnectOptions.builder().clientId("dev").credentials("user", PASSWORD).build();
    seen.add(options.toString());
    try (EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).sessionScheduler(scheduler)
        .callbackScheduler(scheduler).eventListener(recorder).build()) {
      EcmtRxClient client = modem.client(0).toRx();
      client.open("broker", 1883, options).test();
      module.takeCommand();
      module.reply("OK", "+ECMTOPEN: 0,0");
      TestObserver<ConnAck> conn = client.connect().test();
      String wire = module.takeCommand();
      assertThat(wire).contains(PASSWORD); // it does reach the module
      // The module echoes the command (a silent reset turned echo on) and never finishes it: the SDK
      // treats the echo as a reboot, and the command's timeout reports the recent lines.
      module.send(wire + "\r\n");
      scheduler.advanceTimeBy(60, TimeUnit.SECONDS);
      conn.assertError(e -> seen.add(describe(e)));
      assertThat(String.join("\n", seen)).contains("CommandTimeoutException");
    }
    scheduler.triggerActions();
    assertThat(seen).isNotEmpty().noneMatch(s -> s.contains(PASSWORD));
    assertThat(String.join("\n", seen)).contains("AT+ECMTCONN=0,\"dev\",\"user\",\"***\"");
  }

  @Test
  void anEchoBehindNoiseOrAMangledOneNeverLeaksThePasswordOrThePsk() {
    TestScheduler scheduler = new TestScheduler();
    InMemoryPipe pipe = InMemoryPipe.create();
    ScriptedModule module = new ScriptedModule(scheduler, pipe);
    List<String> seen = new ArrayList<>();
    EcmtEventListener recorder = new EcmtEventListener() {
      @Override public void commandStart(String command) { seen.add(command); }
      @Override public void commandFailed(String command, Throwable error) { seen.add(describe(error)); }
      @Override public void urcReceived(String line) { seen.add(line); }
      @Override public void malformedLine(String line, String reason) { seen.add(line); }
      @Override public void lateUrc(String line) { seen.add(line); }
      @Override public void securityEvent(SecurityEvent event) { seen.add(event.toString()); }
    };
    String psk = "psk-0a1b2c3d4e";
    ConnectOptions options = ConnectOptions.builder().clientId("dev").credentials("user", PASSWORD)
        .tls(io.ecmt.sdk.message.TlsOptions.psk(psk, "id-7")).build();
    try (EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).profile(ModuleProfile.GENERIC)
        .sessionScheduler(scheduler).callbackScheduler(scheduler).eventListener(recorder).build()) {
      List<String> streamed = new ArrayList<>();
      modem.urcLines().subscribe(streamed::add);
      EcmtRxClient client = modem.client(0).toRx();
      client.open("broker", 1883, options).test();
      assertThat(module.takeCommand()).startsWith("AT+ECMTOPEN");
      String ssl = module.allCommands().stream().filter(c -> c.contains("\"ssl\"")).findFirst().orElseThrow();
      assertThat(ssl).contains(psk);
      module.reply("\0\0" + ssl + "\u00ff", "OK", "+ECMTOPEN: 0,0"); // a mangled echo: not echo, a line
      TestObserver<ConnAck> conn = client.connect().test();
      String wire = module.takeCommand();
      module.send("\0" + wire + "\r\n");         // an echo behind a noise byte
      module.send("~" + wire + "~\r\n");          // and a mangled one
      scheduler.advanceTimeBy(60, TimeUnit.SECONDS);
      conn.assertError(e -> seen.add(describe(e)));
      streamed.forEach(seen::add);
    }
    scheduler.triggerActions();
    assertThat(seen).isNotEmpty().noneMatch(s -> s.contains(PASSWORD) || s.contains(psk));
    assertThat(String.join("\n", seen)).contains("~AT+ECMTCONN=0,\"dev\",\"user\",***");
  }

  private static String describe(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t).append('\n');
      if (t instanceof CommandTimeoutException c) {
        b.append(c.command()).append(c.recentLines());
      }
    }
    return b.toString();
  }
}
