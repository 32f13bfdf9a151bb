package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.exceptions.TransportException;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport a modem uses now, replaced when a supervised modem reopens it. As a
 * {@link Transport} it is what the AT channel writes to. Bytes and the close of the current
 * transport are handed to the session thread; those of an old one are ignored.
 */
final class TransportSlot implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(TransportSlot.class);

  private final Supplier<Transport> factory;
  private final Consumer<Runnable> onSession;
  private final Consumer<byte[]> bytes;
  private final Runnable closed;
  private volatile Transport current;
  private volatile boolean up;

  /**
   * @param onSession runs a task on the session thread
   * @param bytes     receives bytes on the session thread
   * @param closed    runs on the session thread when the current transport closes
   */
  TransportSlot(Supplier<Transport> factory, Consumer<Runnable> onSession, Consumer<byte[]> bytes, Runnable closed) {
    this.factory = factory;
    this.onSession = onSession;
    this.bytes = bytes;
    this.closed = closed;
  }

  /** Opens a transport from the factory and makes it current. @throws TransportException */
  void openNew() {
    Transport t = factory.get();
    try {
      t.open(new Events(t));
    } catch (IOException | RuntimeException e) {
      t.close();
      throw new TransportException("cannot open " + t.description() + ": " + e.getMessage(), e);
    }
    current = t;
    up = true;
  }

  /** The current transport closed (or is being given up): writes fail until {@link #openNew()}. */
  void markDown() {
    up = false;
  }

  boolean isUp() {
    return up;
  }

  @Override
  public void open(TransportListener listener) {
    throw new UnsupportedOperationException("opened by the modem");
  }

  @Override
  public void write(byte[] data) throws IOException {
    if (!up) {
      throw new IOException("transport " + current.description() + " is closed");
    }
    current.write(data);
  }

  @Override
  public boolean isOpen() {
    return up;
  }

  @Override
  public String description() {
    return current.description();
  }

  @Override
  public void close() {
    up = false;
    current.close();
  }

  /** Reader thread → session thread: only copies are handed over. */
  private final class Events implements TransportListener {
    private final Transport source;

    Events(Transport source) {
      this.source = source;
    }

    @Override
    public void onBytes(byte[] data) {
      onSession.accept(() -> {
        if (source == current) {
          bytes.accept(data);
        }
      });
    }

    @Override
    public void onClosed() {
      onSession.accept(() -> {
        if (source == current && up) {
          closed.run();
        }
      });
    }

    @Override
    public void onError(Throwable error) {
      LOG.warn("transport {} failed: {}", source.description(), error.toString());
    }
  }
}
