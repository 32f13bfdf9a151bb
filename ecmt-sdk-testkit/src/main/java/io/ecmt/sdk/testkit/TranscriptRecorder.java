package io.ecmt.sdk.testkit;

import io.ecmt.sdk.testkit.ecmt.Redaction;

import io.ecmt.sdk.testkit.engine.Recorder;
import java.nio.charset.StandardCharsets;

/** The engine's {@link Recorder} on a {@link Transcript}, with {@link Redaction} for quoted commands. */
final class TranscriptRecorder implements Recorder {
  private final Transcript transcript;

  TranscriptRecorder(Transcript transcript) {
    this.transcript = transcript;
  }

  @Override
  public void bytesIn(byte[] bytes) {
    transcript.record(Transcript.Direction.HOST_TO_MODULE, Transcript.Kind.BYTES, bytes);
  }

  @Override
  public void bytesOut(byte[] bytes) {
    transcript.record(Transcript.Direction.MODULE_TO_HOST, Transcript.Kind.BYTES, bytes);
  }

  @Override
  public void command(String line) {
    transcript.record(Transcript.Direction.HOST_TO_MODULE, Transcript.Kind.COMMAND,
        line.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void promptData(byte[] payload) {
    transcript.record(Transcript.Direction.HOST_TO_MODULE, Transcript.Kind.PROMPT_DATA, payload);
  }

  @Override
  public void note(String text) {
    transcript.note(text);
  }

  @Override
  public String redact(String text) {
    return Redaction.redact(text);
  }
}
