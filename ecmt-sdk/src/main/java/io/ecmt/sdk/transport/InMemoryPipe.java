package io.ecmt.sdk.transport;

import java.io.IOException;
import java.util.Objects;

/**
 * Two connected in-memory transports: bytes written to one end are delivered to the listener of
 * the other end, synchronously on the writer's thread, in order. Used to join an {@code EcmtModem}
 * to a fake module or a scripted peer in tests, with no threads of its own.
 *
 * <p>Closing either end closes both. Bytes written before the other end is opened are buffered
 * and delivered when it opens.
 */
public final class InMemoryPipe {
  private final End host;
  private final End module;

  private InMemoryPipe() {
    host = new End("memory:host");
    module = new End("memory:module");
    host.peer = module;
    module.peer = host;
  }

  /** A new connected pair. */
  public static InMemoryPipe create() {
    return new InMemoryPipe();
  }

  /** The end an {@code EcmtModem} uses. */
  public Transport hostEnd() {
    return host;
  }

  /** The end a (fake) module uses. */
  public Transport moduleEnd() {
    return module;
  }

  private static final class End implements Transport {
    private final String name;
    private End peer;
    private TransportListener listener;
    private boolean closed;
    private final java.io.ByteArrayOutputStream early = new java.io.ByteArrayOutputStream();

    End(String name) {
      this.name = name;
    }

    @Override
    public void open(TransportListener listener) throws IOException {
      Objects.requireNonNull(listener, "listener");
      byte[] buffered;
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException(name + " is closed");
        }
        if (this.listener != null) {
          throw new IllegalStateException(name + " is already open");
        }
        this.listener = listener;
        buffered = early.toByteArray();
        early.reset();
      }
      if (buffered.length > 0) {
        listener.onBytes(buffered);
      }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
      Objects.requireNonNull(bytes, "bytes");
      synchronized (this) {
        if (closed || listener == null) {
          throw new IOException(name + " is not open");
        }
      }
      peer.deliver(bytes.clone());
    }

    private void deliver(byte[] bytes) throws IOException {
      TransportListener target;
      synchronized (this) {
        if (closed) {
          throw new IOException("peer of " + name + " is closed");
        }
        target = listener;
        if (target == null) {
          early.writeBytes(bytes);
          return;
        }
      }
      // Deliveries are serialised per receiving end so that bytes keep their order.
      synchronized (target) {
        target.onBytes(bytes);
      }
    }

    @Override
    public synchronized boolean isOpen() {
      return listener != null && !closed;
    }

    @Override
    public String description() {
      return name;
    }

    @Override
    public void close() {
      closeOne();
      peer.closeOne();
    }

    private void closeOne() {
      TransportListener target;
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        target = listener;
      }
      if (target != null) {
        target.onClosed();
      }
    }
  }
}
