package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Received messages as the reference prints them, fed as bytes in 1–8 byte pieces through the
 * real pipeline (transport → framer → channel → decoder → client): payloads come back byte for
 * byte, line ends (CR LF, lone CR, lone LF) and inner empty lines included.
 */
class ReferenceTranscriptTest {

  /** Each: what the module prints after the header's comma, and the payload the app must see. */
  private static final String[][] CASES = {
      {"{\r\n            \"command\": \"putdown\"\r\n    }", "{\r\n            \"command\": \"putdown\"\r\n    }"},
      {"hello", "hello"},
      {"a\rb\nc\r\nd", "a\rb\nc\r\nd"},
      {"x\n\n\ny", "x\n\n\ny"},
      {"{\"a\":1,\"b\":\"x\"}", "{\"a\":1,\"b\":\"x\"}"},
  };

  @Property(tries = 200)
  void referenceMessagesSurviveAnyFragmentation(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int which) {
    TestScheduler scheduler = new TestScheduler();
    InMemoryPipe pipe = InMemoryPipe.create();
    ScriptedModule module = new ScriptedModule(scheduler, pipe);
    try (EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).sessionScheduler(scheduler)
        .callbackScheduler(scheduler).build()) {
      EcmtRxClient client = modem.client(0).toRx();
      TestSubscriber<IncomingMessage> messages = client.messages().test();
      module.openAndConnect(client);

      String printed = "\r\n+ECMTRECV: 0,0,\"ESP32/common\"," + CASES[which][0] + "\r\n";
      Random random = new Random(seed);
      for (int i = 0; i < printed.length(); ) {
        int n = Math.min(printed.length() - i, 1 + random.nextInt(8));
        module.send(printed.substring(i, i + n));
        i += n;
      }
      scheduler.advanceTimeBy(60, TimeUnit.MILLISECONDS);
      assertThat(messages.values()).singleElement().satisfies(m -> {
        assertThat(m.topic()).isEqualTo("ESP32/common");
        assertThat(new String(m.payload(), StandardCharsets.ISO_8859_1)).isEqualTo(CASES[which][1]);
        assertThat(m.suspect()).isFalse();
      });
    }
    scheduler.triggerActions();
  }
}
