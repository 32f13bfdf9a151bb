package io.ecmt.sdk.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Dispatcher} answers a command with: information lines, a final result, raw bytes
 * and URCs, printed in order. Immutable: each {@code then...} returns a new reply.
 *
 * <p>Lines are framed {@code \r\n<line>\r\n}. Final results follow the module's current modes as
 * its own answers do: {@code ATQ1} prints none, and {@link #cmeError(int)} is printed as
 * {@code AT+CMEE} says (plain {@code ERROR}, the number or the text). Raw text is written as is
 * (UTF-8). URCs go through the module's URC path, so {@link Fault.UrcFault}s apply to them.
 *
 * <pre>{@code
 * Reply.lines("+CSQ: 20,99").thenOk()                    // \r\n+CSQ: 20,99\r\n\r\nOK\r\n
 * Reply.ok().thenUrc("+ECMTOPEN: 0,0")                   // accepted, then the outcome
 * Reply.raw("")                                          // no answer at all
 * Reply.decline()                                        // let the module answer
 * }</pre>
 */
public final class Reply {
  private static final Reply DECLINE = new Reply(List.of(), true);

  /** What one part of a reply prints. */
  public enum Kind {
    /** An information line, framed. */
    LINE,
    /** The final result {@code OK}. */
    OK,
    /** The final result {@code ERROR}. */
    ERROR,
    /** The final result {@code +CME ERROR: <code>} in the current CMEE mode. */
    CME_ERROR,
    /** Bytes written exactly as given. */
    RAW,
    /** A URC, framed, through the URC faults. */
    URC
  }

  /**
   * One part of a reply.
   *
   * @param kind what it prints
   * @param text the line, raw text or URC (empty for final results)
   * @param code the CME code for {@link Kind#CME_ERROR} (else 0)
   */
  public record Part(Kind kind, String text, int code) {
    public Part {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(text, "text");
    }
  }

  private final List<Part> parts;
  private final boolean declined;

  private Reply(List<Part> parts, boolean declined) {
    this.parts = List.copyOf(parts);
    this.declined = declined;
  }

  /** No answer from the dispatcher: the module handles the command itself. */
  public static Reply decline() {
    return DECLINE;
  }

  /** Just {@code OK}. */
  public static Reply ok() {
    return new Reply(List.of(new Part(Kind.OK, "", 0)), false);
  }

  /** Just {@code ERROR}. */
  public static Reply error() {
    return new Reply(List.of(new Part(Kind.ERROR, "", 0)), false);
  }

  /** Just {@code +CME ERROR: <code>}, in the current CMEE mode. */
  public static Reply cmeError(int code) {
    return new Reply(List.of(new Part(Kind.CME_ERROR, "", code)), false);
  }

  /** Information lines, each framed; add a final result with {@link #thenOk()} and the like. */
  public static Reply lines(String... lines) {
    Reply r = new Reply(List.of(), false);
    for (String line : lines) {
      r = r.thenLine(line);
    }
    return r;
  }

  /** Exactly {@code text} (UTF-8), nothing added; {@code ""} answers nothing at all. */
  public static Reply raw(String text) {
    return new Reply(List.of(), false).thenRaw(text);
  }

  /** This reply, then one more information line. */
  public Reply thenLine(String line) {
    return then(new Part(Kind.LINE, Objects.requireNonNull(line, "line"), 0));
  }

  /** This reply, then {@code OK}. */
  public Reply thenOk() {
    return then(new Part(Kind.OK, "", 0));
  }

  /** This reply, then {@code ERROR}. */
  public Reply thenError() {
    return then(new Part(Kind.ERROR, "", 0));
  }

  /** This reply, then {@code +CME ERROR: <code>}. */
  public Reply thenCmeError(int code) {
    return then(new Part(Kind.CME_ERROR, "", code));
  }

  /** This reply, then {@code text} as is. */
  public Reply thenRaw(String text) {
    return then(new Part(Kind.RAW, Objects.requireNonNull(text, "text"), 0));
  }

  /** This reply, then the URC {@code text} (framed by the module). */
  public Reply thenUrc(String text) {
    return then(new Part(Kind.URC, Objects.requireNonNull(text, "text"), 0));
  }

  private Reply then(Part part) {
    if (declined) {
      throw new IllegalStateException("a declined reply prints nothing");
    }
    List<Part> more = new ArrayList<>(parts);
    more.add(part);
    return new Reply(more, false);
  }

  /** Whether this is {@link #decline()}. */
  public boolean isDeclined() {
    return declined;
  }

  /** What this reply prints, in order. */
  public List<Part> parts() {
    return parts;
  }

  @Override
  public String toString() {
    return declined ? "Reply[declined]" : "Reply" + parts;
  }
}
