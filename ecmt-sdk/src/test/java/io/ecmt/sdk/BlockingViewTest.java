package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.exceptions.InvalidArgumentException;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.transport.InMemoryPipe;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The blocking view on real SDK threads. */
class BlockingViewTest {

  @Test
  void blockingOnTheCallbackThreadFailsFastInsteadOfDeadlocking() throws Exception {
    InMemoryPipe pipe = InMemoryPipe.create();
    ShufflingModule module = new ShufflingModule(pipe.moduleEnd());
    try (EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).build()) {
      EcmtClient client = modem.client(0);
      CompletableFuture<Throwable> onCallbackThread = client.toAsync().open("broker", 1883)
          .handle((ok, error) -> {
            try {
              client.toBlocking().connect();
              return null;
            } catch (Throwable t) {
              return t;
            }
          });
      Throwable thrown = onCallbackThread.get(10, TimeUnit.SECONDS);
      assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("deadlock")
          .hasMessageContaining("ecmt-callbacks-");
      // From an application thread the same call works.
      assertThat(client.toBlocking().connect().clientId()).isZero();
    } finally {
      module.stop();
    }
  }

  @Test
  void blockingRethrowsTheTypedExceptionWithTheCallersStack() {
    InMemoryPipe pipe = InMemoryPipe.create();
    ShufflingModule module = new ShufflingModule(pipe.moduleEnd());
    try (EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).build()) {
      assertThatThrownBy(() -> modem.client(0).toBlocking().publish(Publish.of("a/#", "x")))
          .isInstanceOf(InvalidArgumentException.class)
          .satisfies(e -> assertThat(e.getSuppressed()).anySatisfy(s ->
              assertThat(s.getStackTrace()).anyMatch(f -> f.getMethodName().contains("blockingRethrows"))));
    } finally {
      module.stop();
    }
  }
}
