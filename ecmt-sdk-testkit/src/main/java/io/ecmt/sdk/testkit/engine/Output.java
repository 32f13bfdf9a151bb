package io.ecmt.sdk.testkit.engine;

import io.ecmt.sdk.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the module prints goes through here: information text framed {@code \r\n<text>\r\n},
 * final results in the current {@code ATQ} / {@code AT+CMEE} mode, then the output faults
 * (chunked writes, a baud-rate throttle on the loop's clock, a hung module), then the transcript
 * and the transport: through a bounded {@link OutputBuffer} when the module has a thread of its
 * own, so that a host that does not read never stalls the module (see there for what happens
 * when it fills).
 *
 * <p>Touched only on the module's loop.
 */
public final class Output {
  private static final Logger LOG = LoggerFactory.getLogger(Output.class);

  private final ModuleLoop loop;
  private final Faults faults;
  private final Recorder recorder;
  private final int initialCmee;
  private Transport transport;
  /** With a loop of the module's own: the bounded buffer between the loop and a blocking host. */
  private OutputBuffer buffer;
  private boolean quiet;
  private int cmee;
  /** When the throttled line is free again, on the loop's clock. */
  private long outputFreeAt;

  Output(ModuleLoop loop, Faults faults, Recorder recorder, int cmee) {
    this.loop = loop;
    this.faults = faults;
    this.recorder = recorder;
    this.initialCmee = cmee;
    this.cmee = cmee;
  }

  /** {@code \r\n<text>\r\n} in UTF-8. */
  public static byte[] frame(String text) {
    return ("\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** An information line: {@code \r\n<text>\r\n}, printed even in quiet mode. */
  public void info(String text) {
    write(frame(text));
  }

  /** The final result {@code OK} (nothing under {@code ATQ1}). */
  public void ok() {
    if (!quiet) {
      write(frame("OK"));
    }
  }

  /** The final result {@code ERROR} (nothing under {@code ATQ1}). */
  public void error() {
    if (!quiet) {
      write(frame("ERROR"));
    }
  }

  /** {@code +CME ERROR} as {@code AT+CMEE} says: 0 plain {@code ERROR}, 1 the number, 2 the text. */
  public void cmeError(int code) {
    if (quiet) {
      return;
    }
    switch (cmee) {
      case 0 -> write(frame("ERROR"));
      case 2 -> write(frame("+CME ERROR: " + cmeText(code)));
      default -> write(frame("+CME ERROR: " + code));
    }
  }

  /** {@code +CME ERROR: <code>} as a number whatever the CMEE mode: an injected test value. */
  public void cmeErrorNumeric(int code) {
    if (!quiet) {
      write(frame("+CME ERROR: " + code));
    }
  }

  /** 3GPP TS 27.007 verbose texts for the codes the fake uses. */
  static String cmeText(int code) {
    return switch (code) {
      case 3 -> "operation not allowed";
      case 4 -> "operation not supported";
      case 50 -> "Incorrect parameters";
      default -> "unknown";
    };
  }

  /** Writes {@code bytes} as they are, through the output faults. */
  public void write(byte[] bytes) {
    int chunk = faults.chunkBytes();
    if (chunk > 0 && bytes.length > chunk) {
      for (int i = 0; i < bytes.length; i += chunk) {
        writeChunk(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)));
      }
    } else {
      writeChunk(bytes);
    }
  }

  private void writeChunk(byte[] chunk) {
    long now = loop.nanoTime();
    int baud = faults.baud();
    if (baud > 0) {
      // 10 bits per byte on the wire: the chunk is "sent" when its last bit left.
      long start = Math.max(now, outputFreeAt);
      outputFreeAt = start + chunk.length * 10L * 1_000_000_000L / baud;
      loop.schedule(() -> rawWrite(chunk), outputFreeAt - now);
    } else if (outputFreeAt > now) {
      // Throttling was just switched off: keep order behind what is still scheduled.
      loop.schedule(() -> rawWrite(chunk), outputFreeAt - now);
    } else {
      rawWrite(chunk);
    }
  }

  private void rawWrite(byte[] chunk) {
    if (transport == null || faults.unresponsive()) {
      return;
    }
    if (buffer != null) {
      if (!buffer.fits(chunk.length)) {
        recorder.note("output buffer full (" + OutputBuffer.LIMIT_BYTES + " bytes unsent, the host is not reading): "
            + chunk.length + " bytes dropped");
        return;
      }
      recorder.bytesOut(chunk); // before the host can see them: the transcript never lags the host
      buffer.offer(chunk);
      return;
    }
    recorder.bytesOut(chunk);
    try {
      transport.write(chunk);
    } catch (IOException e) {
      LOG.debug("write to host failed: {}", e.toString());
    }
  }

  /** Whether result codes and URCs are suppressed ({@code ATQ1}). */
  public boolean quiet() {
    return quiet;
  }

  /** {@code ATQ0} / {@code ATQ1}. */
  public void quiet(boolean on) {
    quiet = on;
  }

  /** The {@code AT+CMEE} mode, 0..2. */
  public int cmee() {
    return cmee;
  }

  /** Sets the {@code AT+CMEE} mode. */
  public void cmee(int mode) {
    cmee = mode;
  }

  void attach(Transport transport) {
    this.transport = transport;
    if (loop.ownsThread()) {
      // Only a loop of the module's own may be stalled by a host that does not read: a driven loop
      // writes at once for determinism, a shared netty loop writes to a non-blocking channel.
      buffer = new OutputBuffer(transport, "fake-module");
    }
  }

  /** Stops the output buffer's writer, if any. */
  void close() {
    if (buffer != null) {
      buffer.close();
    }
  }

  /** After a reboot: result codes on, CMEE back to its start value. */
  void reboot() {
    quiet = false;
    cmee = initialCmee;
  }
}
