package io.ecmt.sdk.testkit;

import io.ecmt.sdk.testkit.ecmt.Redaction;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One direction of a session's traffic as log lines: split at CR / LF, after a {@code > } prompt
 * and at Ctrl+Z / ESC, secrets {@linkplain Redaction redacted}. A line longer than {@code maxLine}
 * bytes is logged as its first {@code maxLine} bytes plus a count of the rest, so a host that
 * never sends a line end cannot grow the buffer. Thread-safe.
 */
final class TrafficLog {
  private final String prefix;
  private final Consumer<String> log;
  private final int maxLine;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  /** Bytes of the current line beyond {@code maxLine}, not kept; -1 while the line is short. */
  private long dropped = -1;

  TrafficLog(String prefix, Consumer<String> log, int maxLine) {
    if (maxLine < 1) {
      throw new IllegalArgumentException("maxLine must be ≥ 1");
    }
    this.prefix = prefix;
    this.log = log;
    this.maxLine = maxLine;
  }

  synchronized void accept(byte[] bytes) {
    List<String> lines = new ArrayList<>();
    for (byte c : bytes) {
      if (c == '\r' || c == '\n') {
        endLine(lines);
      } else if (dropped >= 0) {
        dropped++;
        if (c == 0x1A || c == 0x1B) {
          endLine(lines);
        }
      } else {
        pending.write(c);
        if (c == 0x1A || c == 0x1B || (pending.size() == 2 && isPrompt())) {
          endLine(lines);
        } else if (pending.size() >= maxLine) {
          lines.add(prefix + shown() + " [line truncated]");
          pending.reset();
          dropped = 0;
        }
      }
    }
    for (String l : lines) {
      try {
        log.accept(l);
      } catch (RuntimeException ignored) {
        // a broken log must not break the module
      }
    }
  }

  private boolean isPrompt() {
    return pending.toString(StandardCharsets.ISO_8859_1).equals("> ");
  }

  private void endLine(List<String> lines) {
    if (dropped >= 0) {
      lines.add(prefix + "[" + dropped + " more bytes of that line not logged]");
      dropped = -1;
    } else if (pending.size() > 0) {
      lines.add(prefix + shown());
    }
    pending.reset();
  }

  private String shown() {
    String text = pending.toString(StandardCharsets.UTF_8)
        .replace("\u001a", "<Ctrl+Z>").replace("\u001b", "<ESC>");
    return Redaction.redact(text);
  }
}
