package io.ecmt.sdk.internal.at;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One AT command for {@link AtChannel}.
 *
 * @param command         the command text without line end, e.g. {@code AT+ECMTOPEN=0,"h",1883};
 *                        written as UTF-8 followed by CR LF
 * @param logText         the same text with secrets replaced, for logs, events and exceptions
 * @param responseMatcher which received lines are this command's information response (read,
 *                        query and test forms); null when the command has none. Every other line
 *                        received while it is in flight is routed as a URC.
 * @param promptPayload   for prompt-form commands: the bytes to send after the {@code > } prompt;
 *                        null for ordinary commands
 * @param timeout         how long to wait for the final result (and for the prompt)
 * @param promptEnd       how the module knows the payload ended
 */
public record AtRequest(
    String command,
    String logText,
    Predicate<String> responseMatcher,
    byte[] promptPayload,
    Duration timeout,
    PromptEnd promptEnd) {

  /** How the module knows a prompt payload ended. */
  public enum PromptEnd {
    /** The channel writes Ctrl+Z (0x1A) after the payload; ESC (0x1B) would cancel it. */
    CTRL_Z,
    /** The command announced the length: exactly the payload bytes are written. */
    EXACT_LENGTH
  }

  public AtRequest {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(logText, "logText");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(promptEnd, "promptEnd");
  }

  /** A request whose prompt payload (if any) ends with Ctrl+Z. */
  public AtRequest(String command, String logText, Predicate<String> responseMatcher, byte[] promptPayload,
      Duration timeout) {
    this(command, logText, responseMatcher, promptPayload, timeout, PromptEnd.CTRL_Z);
  }

  /** The same request with another timeout. */
  public AtRequest withTimeout(Duration newTimeout) {
    return new AtRequest(command, logText, responseMatcher, promptPayload, newTimeout, promptEnd);
  }

  /** A command with no information response, no prompt, logged as is. */
  public static AtRequest simple(String command, Duration timeout) {
    return new AtRequest(command, command, null, null, timeout);
  }
}
