package io.ecmt.sdk.benchmarks;

import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.OutboxPolicy;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.EmbeddedBroker;
import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.testkit.FakeProfile;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.core.Flowable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak run: pushes many messages (default one million) through the SDK, the fake module and
 * a real embedded broker, and prints heap and thread counts before, during and after.
 *
 * <pre>
 * mvn -B -q -pl ecmt-sdk-benchmarks -am package -DskipTests
 * java -cp ecmt-sdk-benchmarks/target/ecmt-benchmarks.jar io.ecmt.sdk.benchmarks.SoakRun [count] [qos] [fake|instant]
 * </pre>
 *
 * <p>{@code fake} (default) goes through the fake module and the broker, and a broker subscriber
 * counts what arrived; {@code instant} answers every command in memory, to watch the SDK alone.
 */
public final class SoakRun {
  private SoakRun() {}

  public static void main(String[] args) throws Exception {
    long count = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    Qos qos = Qos.of(args.length > 1 ? Integer.parseInt(args[1]) : 1);
    long report = Math.max(1, count / 10);
    if (args.length > 2 && args[2].equals("instant")) {
      runInstant(count, qos, report);
      return;
    }

    try (EmbeddedBroker broker = EmbeddedBroker.start();
        FakeModule module = FakeModule.builder().profile(FakeProfile.GENERIC).defaultRoute(broker.address())
            .strict(false).transcriptLimit(1000).build()) {
      InMemoryPipe pipe = InMemoryPipe.create();
      module.start(pipe.moduleEnd());
      try (EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).profile(ModuleProfile.GENERIC)
              .publishWindow(16).outbox(new OutboxPolicy(100_000, OutboxPolicy.Overflow.FAIL_NEW, true)).build();
          BrokerClient subscriber = BrokerClient.connect(broker.address(), "soak-subscriber")) {
        AtomicLong delivered = new AtomicLong();
        Thread counter = countDeliveries(subscriber.subscribe("soak/#", 1), delivered);
        EcmtBlockingClient blocking = modem.client(0).toBlocking();
        blocking.open("broker.local", 1883);
        blocking.connect();
        EcmtRxClient client = modem.client(0).toRx();

        snapshot("before", 0, 0);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        publishAll(client, count, qos, report, acked, failed, start);
        long elapsed = System.nanoTime() - start;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (delivered.get() < acked.get() && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // the counter thread catches up
        }
        counter.interrupt();
        System.out.printf("sent %d, acknowledged %d, failed %d, seen by a broker subscriber %d, %.0f msg/s%n",
            count, acked.get(), failed.get(), delivered.get(), acked.get() / (elapsed / 1e9));
        snapshot("after", acked.get(), elapsed);
      }
    }
    snapshot("closed", 0, 0);
  }

  /** A daemon thread that counts what the broker subscriber receives. */
  private static Thread countDeliveries(BrokerClient.Subscription received, AtomicLong delivered) {
    Thread counter = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          if (received.poll(java.time.Duration.ofMillis(500)) != null) {
            delivered.incrementAndGet();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "soak-subscriber-counter");
    counter.setDaemon(true);
    counter.start();
    return counter;
  }

  /** {@code count} publishes, 64 at a time, counted as acknowledged or failed; a snapshot every {@code report}. */
  private static void publishAll(EcmtRxClient client, long count, Qos qos, long report, AtomicLong acked,
      AtomicLong failed, long start) {
    Flowable.rangeLong(0, count)
        .flatMapCompletable(i -> client.publish(Publish.builder().topic("soak/" + (i % 16))
                .payload("{\"seq\":" + i + "}").qos(qos).build())
            .doOnSuccess(r -> {
              long n = acked.incrementAndGet();
              if (n % report == 0) {
                snapshot("progress", n, System.nanoTime() - start);
              }
            })
            .ignoreElement()
            .onErrorComplete(e -> {
              failed.incrementAndGet();
              return true;
            }), false, 64)
        .blockingAwait();
  }

  private static void runInstant(long count, Qos qos, long report) {
    InMemoryPipe pipe = InMemoryPipe.create();
    new PublishBenchmark.InstantModule(pipe.moduleEnd());
    try (EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).profile(ModuleProfile.GENERIC).build()) {
      EcmtBlockingClient blocking = modem.client(0).toBlocking();
      blocking.open("broker", 1883);
      blocking.connect();
      EcmtRxClient client = modem.client(0).toRx();
      snapshot("before", 0, 0);
      AtomicLong acked = new AtomicLong();
      long start = System.nanoTime();
      Flowable.rangeLong(0, count)
          .flatMapSingle(i -> client.publish(Publish.builder().topic("soak/" + (i % 16))
              .payload("{\"seq\":" + i + "}").qos(qos).build()).doOnSuccess(r -> {
                if (acked.incrementAndGet() % report == 0) {
                  snapshot("progress", acked.get(), System.nanoTime() - start);
                }
              }), false, 64)
          .ignoreElements()
          .blockingAwait();
      long elapsed = System.nanoTime() - start;
      System.out.printf("instant module: %d acknowledged, %.0f msg/s%n", acked.get(), acked.get() / (elapsed / 1e9));
      snapshot("after", acked.get(), elapsed);
    }
    snapshot("closed", 0, 0);
  }

  private static void snapshot(String label, long done, long nanos) {
    System.gc();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long heapMb = memory.getHeapMemoryUsage().getUsed() / (1024 * 1024);
    long ecmtThreads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("ecmt-")).count();
    System.out.printf("%-8s messages=%-8d heap-used=%4d MiB threads=%3d (ecmt-*: %d)%s%n", label, done, heapMb,
        Thread.activeCount(), ecmtThreads, nanos > 0 ? String.format(" elapsed=%.1f s", nanos / 1e9) : "");
  }
}
