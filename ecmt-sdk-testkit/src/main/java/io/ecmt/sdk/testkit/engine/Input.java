package io.ecmt.sdk.testkit.engine;

import io.reactivex.rxjava3.disposables.Disposable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The host's bytes: assembled into command lines (CR, LF or CR LF end one; empty lines are
 * ignored), echoed when echo is on (printable bytes only, as the firmware does), bounded by the
 * module's input buffer, or handed to a {@link DataEntry} while a prompt waits for data.
 *
 * <p>Touched only on the module's loop.
 */
public final class Input {
  /** The module's input buffer: beyond it all pending input is discarded and {@code ERROR} printed. */
  public static final int BUFFER_BYTES = 4096;

  /** What the dialect does when a prompt's data entry ends. */
  @FunctionalInterface
  public interface EntryHandler {
    /** The entry ended with {@code payload} (no terminator): sent, or cancelled by the host. */
    void ended(byte[] payload, boolean cancelled);
  }

  private final Output out;
  private final Faults faults;
  private final Recorder recorder;
  private final ModuleLoop loop;
  private final Consumer<String> commands;
  private final long guardNanos;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean lastWasCr;
  private boolean echo;
  private Entry entry;
  private byte[] lineBytes = new byte[0];

  Input(Output out, Faults faults, Recorder recorder, ModuleLoop loop, Consumer<String> commands,
      boolean echo, long guardNanos) {
    this.out = out;
    this.faults = faults;
    this.recorder = recorder;
    this.loop = loop;
    this.commands = commands;
    this.echo = echo;
    this.guardNanos = guardNanos;
  }

  /** Bytes from the host, in order. */
  void onBytes(byte[] bytes) {
    recorder.bytesIn(bytes);
    if (faults.unresponsive()) {
      return; // a hung module: the bytes are gone
    }
    ByteArrayOutputStream echoed = new ByteArrayOutputStream();
    int i = 0;
    while (i < bytes.length) {
      if (entry != null) {
        flushEcho(echoed);
        feedEntry(Arrays.copyOfRange(bytes, i, bytes.length));
        return;
      }
      byte c = bytes[i++];
      if (c == '\r' || c == '\n') {
        boolean crlf = c == '\n' && lastWasCr;
        lastWasCr = c == '\r';
        if (crlf || line.size() == 0) {
          continue;
        }
        flushEcho(echoed);
        lineBytes = line.toByteArray();
        String cmd = line.toString(StandardCharsets.UTF_8);
        line.reset();
        commands.accept(cmd);
        if (entry != null && i < bytes.length && bytes[i] == '\n' && c == '\r') {
          i++; // the LF of a CR LF ending the command that opened a prompt is not data
          lastWasCr = false;
        }
        continue;
      }
      lastWasCr = false;
      if (echo && c >= 0x20 && c <= 0x7E) {
        echoed.write(c);
      }
      if (c == CtrlZEntry.CTRL_Z || c == CtrlZEntry.ESC) {
        continue; // outside a prompt these mean nothing
      }
      line.write(c);
      if (line.size() > BUFFER_BYTES) {
        // Overflow: all pending input is discarded, as the firmware does.
        flushEcho(echoed);
        line.reset();
        out.error();
        return;
      }
    }
    flushEcho(echoed);
  }

  private void flushEcho(ByteArrayOutputStream echoed) {
    if (echoed.size() > 0) {
      out.write(echoed.toByteArray());
      echoed.reset();
    }
  }

  /**
   * From now on the host's bytes are {@code data} for a prompt the dialect prints, until it ends
   * or the prompt guard timer expires ({@code ERROR}, the data dropped).
   */
  public void beginEntry(DataEntry data, EntryHandler handler) {
    Entry e = new Entry(data, handler);
    entry = e;
    e.guard = loop.schedule(() -> {
      if (entry == e) {
        entry = null;
        recorder.note("prompt guard timer expired");
        out.error();
      }
    }, guardNanos);
  }

  private void feedEntry(byte[] chunk) {
    Entry e = entry;
    if (e.fed == 0 && lastWasCr && chunk.length > 0 && chunk[0] == '\n') {
      // The LF of the command's CR LF arrived in its own chunk: not data.
      lastWasCr = false;
      chunk = Arrays.copyOfRange(chunk, 1, chunk.length);
    }
    if (chunk.length == 0) {
      return;
    }
    e.fed += chunk.length;
    echoData(chunk);
    DataEntry.Step step = e.data.feed(chunk);
    switch (step) {
      case MORE -> { }
      case OVERFLOW -> {
        endEntry();
        out.error();
      }
      case SEND, CANCEL -> {
        endEntry();
        byte[] payload = e.data.payload();
        recorder.promptData(payload);
        e.handler.ended(payload, step == DataEntry.Step.CANCEL);
      }
    }
  }

  /**
   * The raw bytes of the command line being handled (as the host sent them, without CR/LF): the
   * command text handlers get is this line decoded as UTF-8, where bytes that are not UTF-8 became
   * U+FFFD; a handler that passes bytes on unchanged (a payload) takes them from here.
   */
  public byte[] lineBytes() {
    return lineBytes.clone();
  }

  /** With echo on, prompt-mode data is echoed too: bytes 0x20–0x7F, as the firmware does. */
  private void echoData(byte[] chunk) {
    if (!echo) {
      return;
    }
    ByteArrayOutputStream echoed = new ByteArrayOutputStream();
    for (byte c : chunk) {
      if (c >= 0x20) { // signed: 0x20..0x7F
        echoed.write(c);
      }
    }
    flushEcho(echoed);
  }

  /** Drops a pending data entry, if any, with its guard timer. */
  public void endEntry() {
    if (entry != null) {
      entry.guard.dispose();
    }
    entry = null;
  }

  /** {@code ATE0} / {@code ATE1}. */
  public void echo(boolean on) {
    echo = on;
  }

  /** Forgets a half-typed line (the module hung, or rebooted). */
  void dropLine() {
    line.reset();
    lastWasCr = false;
  }

  /** After a reboot: no line, no entry, echo on (whatever it was). */
  void reboot() {
    endEntry();
    dropLine();
    echo = true;
  }

  /** A pending prompt's data entry. */
  private static final class Entry {
    final DataEntry data;
    final EntryHandler handler;
    int fed;
    Disposable guard = Disposable.disposed();

    Entry(DataEntry data, EntryHandler handler) {
      this.data = data;
      this.handler = handler;
    }
  }
}
