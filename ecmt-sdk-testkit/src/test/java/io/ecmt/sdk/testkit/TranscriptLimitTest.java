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
}
