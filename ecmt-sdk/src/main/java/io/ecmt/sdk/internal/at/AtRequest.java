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
 * @param promptPayload   for prompt-form commands: the bytes to send after the {@code > } prompt
 *                        (the channel appends 0x1A); null for ordinary commands
 * @param timeout         how long to wait for the final result (and for the prompt)
 */
public record AtRequest(
    String command,
    String logText,
    Predicate<String> responseMatcher,
    byte[] promptPayload,
    Duration timeout) {

  public AtRequest {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(logText, "logText");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** A command with no information response, no prompt, logged as is. */
  public static AtRequest simple(String command, Duration timeout) {
    return new AtRequest(command, command, null, null, timeout);
  }
}
