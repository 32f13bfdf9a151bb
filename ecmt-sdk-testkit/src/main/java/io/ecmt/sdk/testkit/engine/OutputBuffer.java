package io.ecmt.sdk.testkit.engine;

import io.ecmt.sdk.transport.Transport;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module's output buffer towards the host (its UART buffer): the module's loop puts bytes
 * here and goes on; one writer thread of the buffer's own hands them to the transport, and only
 * it waits when the host does not read. So a host that stops reading never stalls the MQTT side:
 * pings, acknowledgements and publishes carry on.
 *
 * <p>When the buffer is full ({@link #LIMIT_BYTES} unsent), a chunk that does not fit is dropped
 * whole, as a UART ring buffer overruns: the host loses that output (a result code, a URC), and
 * the loss is noted in the transcript. Nothing already queued is lost; once the host reads again,
 * output resumes with the next chunk that fits.
 */
final class OutputBuffer {
  /** How many unsent bytes the buffer holds. */
  static final int LIMIT_BYTES = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(OutputBuffer.class);

  private final Transport transport;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private final Thread writer;
  private int queued;
  private boolean closed;

  OutputBuffer(Transport transport, String name) {
    this.transport = transport;
    this.writer = new Thread(this::drain, name + "-output");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Whether {@code length} more bytes fit now. Only the module's loop offers, and the writer only
   * frees space, so a chunk that fits still fits when the loop offers it right after.
   */
  synchronized boolean fits(int length) {
    return !closed && queued + length <= LIMIT_BYTES;
  }

  /** Queues {@code chunk}; false (nothing queued) if it does not fit. */
  synchronized boolean offer(byte[] chunk) {
    if (closed || queued + chunk.length > LIMIT_BYTES) {
      return false;
    }
    queue.add(chunk);
    queued += chunk.length;
    notifyAll();
    return true;
  }

  /** How many bytes wait for the host. */
  synchronized int queued() {
    return queued;
  }

  /** Stops the writer; what is still queued is dropped. */
  void close() {
    synchronized (this) {
      closed = true;
      queue.clear();
      queued = 0;
      notifyAll();
    }
    writer.interrupt();
  }

  private void drain() {
    while (true) {
      byte[] chunk;
      synchronized (this) {
        while (queue.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        chunk = queue.peek();
      }
      try {
        transport.write(chunk);
      } catch (IOException e) {
        LOG.debug("write to host failed: {}", e.toString());
      }
      synchronized (this) {
        if (!queue.isEmpty() && queue.peek() == chunk) {
          queue.poll();
          queued -= chunk.length;
        }
      }
    }
  }
}
