package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.exceptions.ModemClosedException;
import io.ecmt.sdk.exceptions.MsgIdsExhaustedException;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.ecmt.sdk.transport.TcpTransport;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every call ends: on a closed modem at once, and with a typed error when msgIDs run out. */
class EveryCallEndsTest {
  private final List<Throwable> undeliverable = new CopyOnWriteArrayList<>();

  @BeforeEach
  void catchUndeliverable() {
    RxJavaPlugins.setErrorHandler(undeliverable::add);
  }

  @AfterEach
  void reset() {
    RxJavaPlugins.setErrorHandler(null);
  }

  /** Every operation of every view, each expected to fail at once with ModemClosedException. */
  private static List<Supplier<Object>> everyCall(EcmtModem modem) {
    EcmtClient client = modem.client(0);
    Publish publish = Publish.of("t", "x");
    List<Supplier<Object>> calls = new ArrayList<>();
    calls.add(() -> modem.start().blockingAwait(2, TimeUnit.SECONDS));
    calls.add(() -> modem.command("AT+CSQ").timeout(2, TimeUnit.SECONDS).blockingGet());
    calls.add(() -> client.toRx().open("h", 1883).blockingAwait(2, TimeUnit.SECONDS));
    calls.add(() -> client.toRx().connect().timeout(2, TimeUnit.SECONDS).blockingGet());
    calls.add(() -> client.toRx().subscribe("t", Qos.AT_MOST_ONCE).timeout(2, TimeUnit.SECONDS).blockingGet());
    calls.add(() -> client.toRx().unsubscribe("t").blockingAwait(2, TimeUnit.SECONDS));
    calls.add(() -> client.toRx().publish(publish).timeout(2, TimeUnit.SECONDS).blockingGet());
    calls.add(() -> client.toRx().disconnect().blockingAwait(2, TimeUnit.SECONDS));
    calls.add(() -> join(client.toAsync().publish(publish)));
    calls.add(() -> join(client.toAsync().open("h", 1883)));
    calls.add(() -> client.toBlocking().publish(publish));
    calls.add(() -> {
      client.toBlocking().connect();
      return null;
    });
    return calls;
  }

  private static Object join(CompletableFuture<?> future) {
    try {
      return future.get(2, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError("did not end within 2 s", e);
    }
  }

  @Test
  void everyCallOnAModemClosedByTheApplicationFailsAtOnce() {
    InMemoryPipe pipe = InMemoryPipe.create();
    EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).build();
    modem.close();
    for (Supplier<Object> call : everyCall(modem)) {
      assertThatThrownBy(call::get).isInstanceOf(ModemClosedException.class);
    }
    assertThat(undeliverable).isEmpty();
  }

  @Test
  void everyCallAfterTheBridgeDiedFailsAtOnce() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      EcmtModem modem = EcmtModem.builder()
          .transport(new TcpTransport("127.0.0.1", server.getLocalPort())).build();
      try (Socket bridge = server.accept()) {
        bridge.getOutputStream().flush();
      } // the bridge dies
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!modem.isClosed() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(modem.isClosed()).isTrue();
      for (Supplier<Object> call : everyCall(modem)) {
        assertThatThrownBy(call::get).isInstanceOf(ModemClosedException.class);
      }
    }
    assertThat(undeliverable).isEmpty();
  }

  @Test
  void runningOutOfMsgIdsIsATypedErrorAndTheNextPublishStillEnds() {
    TestScheduler scheduler = new TestScheduler();
    InMemoryPipe pipe = InMemoryPipe.create();
    ScriptedModule module = new ScriptedModule(scheduler, pipe)
        .autoOk(c -> !c.startsWith("AT+ECMTOPEN") && !c.startsWith("AT+ECMTCONN="));
    EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).profile(ModuleProfile.GENERIC)
        .sessionScheduler(scheduler).callbackScheduler(scheduler).publishWindow(64).build();
    EcmtRxClient client = modem.client(0).toRx();
    module.openAndConnect(client);
    // Callers that give up after the module said OK: each id stays out of use until its outcome.
    Publish qos1 = Publish.builder().topic("t").payload("x").qos(Qos.AT_LEAST_ONCE).build();
    for (int i = 0; i < 65535; i++) {
      TestObserver<PublishResult> abandoned = client.publish(qos1).test();
      scheduler.triggerActions(); // written and answered OK, then the caller disposes
      abandoned.dispose();
    }
    scheduler.triggerActions();
    TestObserver<PublishResult> exhausted = client.publish(qos1).test();
    scheduler.triggerActions();
    exhausted.assertError(MsgIdsExhaustedException.class);
    assertThat(undeliverable).isEmpty();
    // Ids come back with a rebuilt link; QoS 0 needs none.
    TestObserver<PublishResult> qos0 = client.publish(Publish.of("t", "y")).test();
    scheduler.triggerActions();
    module.reply("+ECMTPUB: 0,0,0");
    qos0.assertValueCount(1);
    modem.close();
    scheduler.triggerActions();
  }
}
