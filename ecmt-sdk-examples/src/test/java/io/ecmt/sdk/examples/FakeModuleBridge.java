package io.ecmt.sdk.examples;

import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A tiny in-test stand-in for the testkit's {@code FakeModuleServer} (not on main yet): a TCP
 * server on 127.0.0.1, port 0, that attaches a new {@link FakeModule} to each connection, as a
 * module behind a serial-to-TCP bridge.
 */
final class FakeModuleBridge implements AutoCloseable {
  private final ServerSocket server;
  private final Supplier<FakeModule> modules;
  private final List<FakeModule> started = new CopyOnWriteArrayList<>();

  private FakeModuleBridge(Supplier<FakeModule> modules) throws IOException {
    this.modules = modules;
    this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "fake-module-bridge");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static FakeModuleBridge start(Supplier<FakeModule> modules) throws IOException {
    return new FakeModuleBridge(modules);
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  /** The modules attached so far, in connection order. */
  List<FakeModule> modules() {
    return List.copyOf(started);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        FakeModule module = modules.get();
        started.add(module);
        module.start(new SocketTransport(socket));
      } catch (IOException e) {
        if (!server.isClosed()) {
          System.err.println("[fake-module-bridge] accept failed: " + e);
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    started.forEach(FakeModule::close);
  }

  /** The module's end of an accepted connection. */
  private static final class SocketTransport implements Transport {
    private final Socket socket;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile TransportListener listener;

    SocketTransport(Socket socket) {
      this.socket = socket;
    }

    @Override
    public void open(TransportListener listener) throws IOException {
      this.listener = listener;
      InputStream in = socket.getInputStream();
      Thread reader = new Thread(() -> {
        byte[] buffer = new byte[4096];
        try {
          for (int n; (n = in.read(buffer)) >= 0; ) {
            if (n > 0) {
              listener.onBytes(Arrays.copyOf(buffer, n));
            }
          }
        } catch (IOException e) {
          // the host went away
        } finally {
          close();
        }
      }, "fake-module-bridge-reader");
      reader.setDaemon(true);
      reader.start();
    }

    @Override
    public synchronized void write(byte[] bytes) throws IOException {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
    }

    @Override
    public boolean isOpen() {
      return !closed.get();
    }

    @Override
    public String description() {
      return "socket:" + socket.getRemoteSocketAddress();
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
        TransportListener l = listener;
        if (l != null) {
          l.onClosed();
        }
      }
    }
  }
}
