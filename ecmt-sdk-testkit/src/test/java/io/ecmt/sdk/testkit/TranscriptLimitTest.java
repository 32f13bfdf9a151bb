package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A bounded transcript keeps the newest entries and commands, for long runs. */
class TranscriptLimitTest {

  @Test
  void keepsOnlyTheNewestEntriesAndUntakenCommands() throws InterruptedException {
    Transcript transcript = new Transcript(3);
    for (int i = 1; i <= 5; i++) {
      transcript.record(Transcript.Direction.HOST_TO_MODULE, Transcript.Kind.COMMAND,
          ("AT+N=" + i).getBytes(StandardCharsets.UTF_8));
    }
    assertThat(transcript.commands()).containsExactly("AT+N=3", "AT+N=4", "AT+N=5");
    assertThat(transcript.takeCommand(Duration.ZERO)).isEqualTo("AT+N=3");
    transcript.note("a note");
    assertThat(transcript.entries()).hasSize(3);
    assertThat(transcript.entries().get(2).text()).isEqualTo("a note");
  }

  @Test
  void aByteLimitKeepsTheNewestEntriesThatFitAndTheNewestCommands() throws InterruptedException {
    Transcript transcript = new Transcript(Integer.MAX_VALUE, 1000);
    byte[] big = new byte[300];
    for (int i = 0; i < 10; i++) {
      transcript.record(Transcript.Direction.MODULE_TO_HOST, Transcript.Kind.BYTES, big);
      transcript.record(Transcript.Direction.HOST_TO_MODULE, Transcript.Kind.COMMAND,
          ("AT+N=" + i + ",\"" + "x".repeat(200) + "\"").getBytes(StandardCharsets.UTF_8));
    }
    assertThat(transcript.retainedBytes()).isLessThanOrEqualTo(1000);
    assertThat(transcript.entries()).hasSizeBetween(2, 4).last().satisfies(e -> assertThat(e.text()).startsWith("AT+N=9,"));
    java.util.List<String> untaken = new java.util.ArrayList<>();
    for (String c; (c = transcript.takeCommand(Duration.ZERO)) != null; ) {
      untaken.add(c.substring(0, 6));
    }
    assertThat(untaken).hasSizeBetween(1, 3).endsWith("AT+N=9"); // the oldest untaken went first
    transcript.record(Transcript.Direction.MODULE_TO_HOST, Transcript.Kind.BYTES, new byte[5000]);
    assertThat(transcript.entries()).hasSize(1); // one entry over the limit alone is still kept
  }
}
