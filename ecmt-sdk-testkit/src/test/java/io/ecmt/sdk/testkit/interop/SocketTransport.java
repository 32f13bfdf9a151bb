package io.ecmt.sdk.testkit.interop;

import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Transport} over an already connected (accepted) socket: the module's end of a TCP serial bridge. */
final class SocketTransport implements Transport {
  private final Socket socket;
  private final Object writeLock = new Object();
  private final AtomicBoolean opened = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean closedReported = new AtomicBoolean();
  private volatile TransportListener listener;

  SocketTransport(Socket socket) {
    this.socket = Objects.requireNonNull(socket, "socket");
  }

  @Override
  public void open(TransportListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    if (closed.get() || !opened.compareAndSet(false, true)) {
      throw new IllegalStateException(description() + " already opened or closed");
    }
    this.listener = listener;
    InputStream in = socket.getInputStream();
    Thread reader = new Thread(() -> readLoop(in), "socket-transport-" + socket.getPort());
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
    } finally {
      close();
    }
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    if (!isOpen()) {
      throw new IOException(description() + " is not open");
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
    return "socket:" + socket.getRemoteSocketAddress();
  }

  @Override
  public void close() {
    closed.set(true);
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    TransportListener l = listener;
    if (l != null && closedReported.compareAndSet(false, true)) {
      l.onClosed();
    }
  }
}
