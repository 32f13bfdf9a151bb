package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The module on a {@link TestScheduler}: nothing happens until the test moves virtual time, and
 * timers (throttled output, delayed URCs) fire exactly when it says. No thread, no waiting: the
 * in-memory pipe delivers on the calling thread, and so does the module.
 */
class FakeModuleVirtualTimeTest {
  private final TestScheduler time = new TestScheduler();
  private RawHost host;
  private FakeModule module;

  @BeforeEach
  void start() throws IOException {
    module = FakeModule.builder()
        .scheduler(time)
        .dispatcher(cmd -> cmd.is("+XOPEN") ? Reply.ok().thenUrc("+XOPEN: 0,0") : Reply.decline())
        .build();
    InMemoryPipe pipe = InMemoryPipe.create();
    host = new RawHost(pipe);
    module.start(pipe.moduleEnd());
  }

  @AfterEach
  void close() {
    module.close();
  }

  private void send(String line) throws IOException {
    host.at(line);
  }

  /** What arrived since the last call. */
  private String take() {
    return host.take();
  }

  @Test
  void aCommandIsAnsweredOnlyWhenTheSchedulerRuns() throws IOException {
    assertThat(take()).isEmpty(); // RDY is queued, not printed
    time.triggerActions();
    assertThat(take()).isEqualTo("\r\nRDY\r\n");

    send("AT+CSQ");
    assertThat(take()).isEmpty();
    time.triggerActions();
    assertThat(take()).isEqualTo("\r\n+CSQ: 25,99\r\n\r\nOK\r\n");
    assertThat(module.transcript().commands()).containsExactly("AT+CSQ");
    assertThat(time.now(TimeUnit.NANOSECONDS)).isZero(); // no time passed at all
  }

  @Test
  void throttledOutputTakesItsTimeInVirtualTime() throws IOException {
    time.triggerActions();
    take();
    module.apply(Fault.throttle(1200)); // 120 bytes per second: "\r\nOK\r\n" takes 50 ms
    send("AT");
    time.triggerActions();
    assertThat(take()).isEmpty();
    time.advanceTimeBy(49, TimeUnit.MILLISECONDS);
    assertThat(take()).isEmpty();
    time.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    assertThat(take()).isEqualTo("\r\nOK\r\n");
  }

  @Test
  void aDelayedUrcComesWhenVirtualTimeReachesIt() throws IOException {
    time.triggerActions();
    take();
    module.apply(Fault.delayUrc("+XOPEN", Duration.ofSeconds(30)));
    send("AT+XOPEN");
    time.triggerActions();
    assertThat(take()).isEqualTo("\r\nOK\r\n");
    time.advanceTimeBy(29_999, TimeUnit.MILLISECONDS);
    assertThat(take()).isEmpty();
    time.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    assertThat(take()).isEqualTo("\r\n+XOPEN: 0,0\r\n");
  }

  @Test
  void nothingRunsAfterClose() throws IOException {
    time.triggerActions();
    take();
    send("AT");
    module.close();
    time.advanceTimeBy(1, TimeUnit.HOURS);
    assertThat(take()).isEmpty();
  }
}
