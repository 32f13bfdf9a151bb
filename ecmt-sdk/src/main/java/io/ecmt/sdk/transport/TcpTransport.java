package io.ecmt.sdk.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP socket to a serial-over-TCP bridge (ser2net, a module test rig, a fake module).
 *
 * <p>{@link #open} connects (with TCP_NODELAY, since AT traffic is small and latency-bound) and
 * starts a daemon reader thread named {@code ecmt-tcp-reader-<address>} that only reads and hands
 * copies of the bytes to the listener. End of stream calls {@link TransportListener#onClosed()};
 * a read error calls {@link TransportListener#onError} then {@code onClosed()}. A local
 * {@link #close()} calls {@code onClosed()} once and no {@code onError}. Thread-safe.
 *
 * <p>{@link #wrap(Socket)} gives the same transport over a socket that is already connected, for
 * servers that accept connections (e.g. the testkit's fake module server).
 */
public final class TcpTransport implements Transport {
  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final InetSocketAddress address;
  private final Duration connectTimeout;
  /** {@link #wrap}: the connected socket, owned by this transport; null when {@link #open} connects. */
  private final Socket accepted;
  private final Object writeLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean closedReported = new AtomicBoolean();
  private volatile Socket socket;
  private volatile OutputStream out;
  private volatile TransportListener listener;

  /** A transport to {@code host:port}, connect timeout 10 s; nothing happens before {@link #open}. */
  public TcpTransport(String host, int port) {
    this(new InetSocketAddress(Objects.requireNonNull(host, "host"), port), DEFAULT_CONNECT_TIMEOUT);
  }

  /** A transport to {@code address} with the given connect timeout (zero = the OS default). */
  public TcpTransport(InetSocketAddress address, Duration connectTimeout) {
    this(address, connectTimeout, null);
    if (connectTimeout.isNegative()) {
      throw new IllegalArgumentException("negative connectTimeout: " + connectTimeout);
    }
  }

  private TcpTransport(InetSocketAddress address, Duration connectTimeout, Socket accepted) {
    this.address = Objects.requireNonNull(address, "address");
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.accepted = accepted;
  }

  /**
   * A transport over {@code socket}, which is already connected: for servers that accept
   * connections, e.g. the fake module server. {@link #open} sets TCP_NODELAY and starts the reader
   * thread without connecting; the description names the remote end. The transport owns the
   * socket: {@link #close()} closes it, even before {@code open}.
   *
   * @throws IllegalArgumentException if the socket is not connected or already closed
   */
  public static TcpTransport wrap(Socket socket) {
    Objects.requireNonNull(socket, "socket");
    if (!socket.isConnected() || socket.isClosed()) {
      throw new IllegalArgumentException("socket is not connected");
    }
    return new TcpTransport((InetSocketAddress) socket.getRemoteSocketAddress(), Duration.ZERO, socket);
  }

  /**
   * Connects (unless {@linkplain #wrap wrapped}) and starts the reader thread. Blocks for at most
   * the connect timeout.
   *
   * @throws IOException if the connection fails
   * @throws IllegalStateException if already open or closed
   */
  @Override
  public synchronized void open(TransportListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new IllegalStateException(description() + " is closed");
    }
    if (socket != null) {
      throw new IllegalStateException(description() + " is already open");
    }
    Socket s = accepted != null ? accepted : connect();
    if (accepted != null) {
      s.setTcpNoDelay(true);
    }
    InputStream in = s.getInputStream();
    this.out = s.getOutputStream();
    this.listener = listener;
    this.socket = s;
    Thread reader = new Thread(() -> readLoop(in), "ecmt-tcp-reader-" + addressText());
    reader.setDaemon(true);
    reader.start();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(address, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    } catch (IOException e) {
      s.close();
      throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
    }
    return s;
  }

  private void readLoop(InputStream in) {
    byte[] buffer = new byte[4096];
    try {
      while (true) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        if (n > 0) {
          listener.onBytes(Arrays.copyOf(buffer, n));
        }
      }
    } catch (IOException e) {
      // A local close() makes read() throw: that is not an error worth reporting.
      if (!closed.get()) {
        listener.onError(e);
      }
    } finally {
      shutdownSocket();
      reportClosed();
    }
  }

  /** Writes and flushes all bytes. */
  @Override
  public void write(byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    OutputStream o = out;
    if (o == null || closed.get()) {
      throw new IOException(description() + " is not open");
    }
    synchronized (writeLock) {
      o.write(bytes);
      o.flush();
    }
  }

  @Override
  public boolean isOpen() {
    return socket != null && !closed.get();
  }

  @Override
  public String description() {
    return "tcp:" + addressText();
  }

  private String addressText() {
    return address.getHostString() + ":" + address.getPort();
  }

  /** Closes the socket; idempotent. The listener hears {@code onClosed()} once. */
  @Override
  public void close() {
    shutdownSocket();
    reportClosed();
  }

  private void shutdownSocket() {
    closed.set(true);
    Socket s = socket != null ? socket : accepted;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing left to do with a socket that will not close
      }
    }
  }

  private void reportClosed() {
    TransportListener l = listener;
    if (l != null && closedReported.compareAndSet(false, true)) {
      l.onClosed();
    }
  }
}
