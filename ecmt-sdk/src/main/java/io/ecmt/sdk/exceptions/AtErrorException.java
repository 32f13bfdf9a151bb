package io.ecmt.sdk.exceptions;

/** The module answered a command with plain {@code ERROR} (syntax error, guard timer, input overflow). */
public final class AtErrorException extends EcmtException {
  private final String command;

  public AtErrorException(String command) {
    super("ERROR from module for " + command);
    this.command = command;
  }

  /** The command as logged (passwords redacted). */
  public String command() {
    return command;
  }
}
