package io.ecmt.sdk.testkit;

import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The module's side of an already connected socket (one accepted by {@link FakeModuleServer}):
 * a {@link Transport} a {@link FakeModule} can {@link FakeModule#start(Transport) start} on.
 *
 * <p>A daemon reader thread copies each read into a fresh array and hands it to the listener;
 * it does nothing else. Writes may come from any thread.
 */
public final class SocketTransport implements Transport {
  private final Socket socket;
  private final String name;
  private final Object writeLock = new Object();
  private final AtomicBoolean opened = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile TransportListener listener;

  /** Wraps {@code socket}, which must be connected; the transport owns and closes it. */
  public SocketTransport(Socket socket) {
    this.socket = Objects.requireNonNull(socket, "socket");
    if (!socket.isConnected()) {
      throw new IllegalArgumentException("socket is not connected");
    }
    this.name = "socket:" + socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
  }

  @Override
  public void open(TransportListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new IllegalStateException(name + " is closed");
    }
    if (!opened.compareAndSet(false, true)) {
      throw new IllegalStateException(name + " is already open");
    }
    this.listener = listener;
    socket.setTcpNoDelay(true);
    InputStream in = socket.getInputStream();
    Thread reader = new Thread(() -> readLoop(in), "fake-module-reader-" + socket.getPort());
    reader.setDaemon(true);
    reader.start();
  }

  private void readLoop(InputStream in) {
    byte[] buf = new byte[4096];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n > 0) {
          listener.onBytes(Arrays.copyOf(buf, n));
        }
      }
    } catch (IOException e) {
      if (!closed.get()) {
        listener.onError(e);
      }
    }
    close();
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    if (!isOpen()) {
      throw new IOException(name + " is not open");
    }
    synchronized (writeLock) {
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
    }
  }

  @Override
  public boolean isOpen() {
    return opened.get() && !closed.get();
  }

  @Override
  public String description() {
    return name;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    TransportListener l = listener;
    if (l != null) {
      l.onClosed();
    }
  }
}
