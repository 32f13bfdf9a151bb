package io.ecmt.sdk.testkit.interop;

import io.ecmt.sdk.testkit.FakeModule;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A tiny in-test stand-in for {@code FakeModuleServer}: a TCP server on 127.0.0.1 (port 0) that
 * attaches a new {@link FakeModule} to each accepted connection, as a module behind a TCP serial
 * bridge.
 */
final class FakeModuleTcpServer implements AutoCloseable {
  private final ServerSocket server;
  private final Supplier<FakeModule> modules;
  private final List<FakeModule> started = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private FakeModuleTcpServer(Supplier<FakeModule> modules) throws IOException {
    this.modules = modules;
    this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "fake-module-tcp-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static FakeModuleTcpServer start(Supplier<FakeModule> modules) throws IOException {
    return new FakeModuleTcpServer(modules);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        FakeModule m = modules.get();
        started.add(m);
        m.start(new SocketTransport(s));
      } catch (IOException e) {
        if (!server.isClosed()) {
          System.err.println("[fake-module-tcp-server] accept failed: " + e);
        }
      }
    }
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  /** The modules attached so far, in connection order. */
  List<FakeModule> modules() {
    return List.copyOf(started);
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
}
