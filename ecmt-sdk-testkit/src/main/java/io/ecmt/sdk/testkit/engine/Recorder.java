package io.ecmt.sdk.testkit.engine;

/**
 * Where the engine records what crossed the serial side and what it did about it: the public
 * {@code Transcript} behind an adapter, so the engine needs none of its internals.
 */
public interface Recorder {

  /** Bytes exactly as one transport read delivered them. */
  void bytesIn(byte[] bytes);

  /** Bytes exactly as one transport write sent them. */
  void bytesOut(byte[] bytes);

  /** One complete command line, without its line end. */
  void command(String line);

  /** The data entered after a prompt, without its terminator. */
  void promptData(byte[] payload);

  /** A remark (routing, faults, pings), not bytes on the wire. */
  void note(String text);

  /** {@code text} with secrets masked, for notes and violations that quote a command. */
  String redact(String text);
}
