package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Publishes from 8 threads on real SDK threads against a module that acknowledges in random order:
 * every future completes exactly once and no msgID is ever in flight twice.
 */
class ConcurrentPublishTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 150;

  @Test
  void eightThreadsPublishingNeverShareAMsgIdInFlight() throws Exception {
    InMemoryPipe pipe = InMemoryPipe.create();
    ShufflingModule module = new ShufflingModule(pipe.moduleEnd());
    ExecutorService publishers = Executors.newFixedThreadPool(THREADS);
    try (EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).profile(ModuleProfile.GENERIC)
        .outbox(new OutboxPolicy(THREADS * PER_THREAD, OutboxPolicy.Overflow.FAIL_NEW, false)).build()) {
      EcmtBlockingClient blocking = modem.client(0).toBlocking();
      blocking.open("broker", 1883);
      blocking.connect();

      EcmtAsyncClient client = modem.client(0).toAsync();
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<List<CompletableFuture<PublishResult>>>> perThread = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        perThread.add(CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          List<CompletableFuture<PublishResult>> mine = new ArrayList<>();
          for (int i = 0; i < PER_THREAD; i++) {
            mine.add(client.publish(Publish.builder().topic("t/" + thread).payload("m" + i)
                .qos(i % 3 == 0 ? Qos.EXACTLY_ONCE : Qos.AT_LEAST_ONCE).build()));
          }
          return mine;
        }, publishers));
      }
      go.countDown();
      List<CompletableFuture<PublishResult>> all = new ArrayList<>();
      for (CompletableFuture<List<CompletableFuture<PublishResult>>> f : perThread) {
        all.addAll(f.get(30, TimeUnit.SECONDS));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);

      Set<PublishResult> distinct = ConcurrentHashMap.newKeySet();
      for (CompletableFuture<PublishResult> f : all) {
        PublishResult r = f.join();
        assertThat(r.msgId()).isBetween(1, 65535);
        distinct.add(r);
      }
      assertThat(distinct).hasSize(THREADS * PER_THREAD);
      assertThat(module.published.get()).isEqualTo(THREADS * PER_THREAD);
      assertThat(module.duplicateInFlight).isEmpty();
      assertThat(module.maxInFlight.get()).isBetween(2, 8); // the window let several overlap, never more than 8
    } finally {
      publishers.shutdownNow();
      module.stop();
    }
  }
}
