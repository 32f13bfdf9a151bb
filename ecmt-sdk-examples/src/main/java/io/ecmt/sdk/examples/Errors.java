package io.ecmt.sdk.examples;

import io.ecmt.sdk.Operation;
import io.ecmt.sdk.exceptions.CommandTimeoutException;
import io.ecmt.sdk.exceptions.ConnectionRefusedException;
import io.ecmt.sdk.exceptions.EcmtException;
import io.ecmt.sdk.exceptions.InvalidArgumentException;
import io.ecmt.sdk.exceptions.OperationFailedException;
import io.ecmt.sdk.exceptions.ReconnectExhaustedException;
import io.ecmt.sdk.exceptions.TransportException;
import io.ecmt.sdk.exceptions.UrcTimeoutException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into one line a user can act on. The SDK's exceptions carry their data (field
 * and reason, the command that timed out, the CONNACK code), so the line can say what went wrong
 * and what to check; the stack trace is printed only with {@code --verbose}.
 */
final class Errors implements IExecutionExceptionHandler {

  /** Exit code for input the SDK refused before sending anything (a bad topic, a too long client id). */
  static final int INVALID_INPUT = 2;
  /** Exit code for anything else that failed. */
  static final int FAILED = 1;

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
    Throwable cause = unwrap(ex);
    PrintWriter err = commandLine.getErr();
    err.println("error: " + describe(cause));
    if (verbose(parseResult)) {
      cause.printStackTrace(err);
    }
    err.flush();
    return cause instanceof InvalidArgumentException || cause instanceof IllegalArgumentException
        ? INVALID_INPUT : FAILED;
  }

  /** One line, no stack trace. */
  static String describe(Throwable error) {
    Throwable e = unwrap(error);
    String text;
    if (e instanceof InvalidArgumentException invalid) {
      text = "invalid " + invalid.field() + ": " + invalid.reason() + " (nothing was sent)";
    } else if (e instanceof TransportException) {
      text = e.getMessage();
    } else if (e instanceof ConnectionRefusedException refused) {
      text = "the broker refused the connection: " + refused.code() + " (check --client-id, --username, --password)";
    } else if (e instanceof CommandTimeoutException timeout) {
      text = "the module did not answer " + timeout.command() + " within " + timeout.timeout().toMillis()
          + " ms (check power, port, --baud and that nothing else uses the port)";
    } else if (e instanceof UrcTimeoutException timeout) {
      text = e.getMessage() + (timeout.operation() == Operation.OPEN
          ? " (can the module reach the broker? is it attached to the network?)"
          : " (the broker did not answer)");
    } else if (e instanceof OperationFailedException failed && failed.operation() == Operation.OPEN) {
      text = "the module could not open the link to the broker: " + e.getMessage()
          + " (check --host, --port and the module's network)";
    } else if (e instanceof ReconnectExhaustedException && e.getCause() != null) {
      text = e.getMessage() + " (last: " + describe(e.getCause()) + ")";
    } else if (e instanceof EcmtException) {
      text = e.getMessage();
    } else if (e instanceof InterruptedException) {
      text = "interrupted";
    } else {
      text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    return text.replace('\r', ' ').replace('\n', ' ');
  }

  /** Why a file could not be read or written, in a few words; never the file's content. */
  static String ioReason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Strips the wrappers futures and RxJava add around the real cause. */
  static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException
        || (e.getClass() == RuntimeException.class && e.getCause() != null)) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
