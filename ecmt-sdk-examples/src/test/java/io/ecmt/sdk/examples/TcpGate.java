package io.ecmt.sdk.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 (a free port, kept for the gate's life) in front of a server that is
 * killed and restarted during a test, possibly at a new address: clients keep one address, and
 * {@link #upstream(Upstream)} points new connections at the restarted server.
 *
 * <p>Each accepted connection is relayed to a new upstream connection. When the upstream cannot be
 * reached (the server is down), the accepted connection is reset at once, as a serial-to-TCP bridge
 * whose device is gone does; when either end of a relayed pair closes or is reset (a killed
 * process's sockets are), the other end is closed too.
 *
 * <p>The idea comes from the testkit's {@code matrix/BrokerGate}; this one stays bound (a port
 * given up while a server is down could be taken by an outgoing connection) and also relays to a
 * Unix domain socket.
 */
final class TcpGate implements AutoCloseable {

  /** Where relayed connections go. */
  @FunctionalInterface
  interface Upstream {
    SocketChannel connect() throws IOException;

    static Upstream tcp(InetSocketAddress address) {
      return () -> SocketChannel.open(address);
    }

    static Upstream unix(Path socket) {
      return () -> {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
          channel.connect(UnixDomainSocketAddress.of(socket));
          return channel;
        } catch (IOException e) {
          channel.close();
          throw e;
        }
      };
    }
  }

  private final ServerSocketChannel listener;
  private final String name;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger relayed = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile Upstream upstream;

  private TcpGate(ServerSocketChannel listener, String name, Upstream upstream) {
    this.listener = listener;
    this.name = name;
    this.upstream = upstream;
  }

  /** Listens on 127.0.0.1, port 0, and relays to {@code upstream}. */
  static TcpGate open(String name, Upstream upstream) throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    TcpGate gate = new TcpGate(listener, name, upstream);
    Thread accept = new Thread(gate::acceptLoop, name + "-gate-accept");
    accept.setDaemon(true);
    accept.start();
    return gate;
  }

  InetSocketAddress address() {
    try {
      return (InetSocketAddress) listener.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException(name + " gate is closed", e);
    }
  }

  /** {@code host:port}, as the examples' {@code --tcp} and the fake module's {@code --broker} take it. */
  String hostPort() {
    return "127.0.0.1:" + address().getPort();
  }

  /** Where new connections go from now on; connections relayed already stay as they are. */
  void upstream(Upstream upstream) {
    this.upstream = upstream;
  }

  /** How many connections were relayed so far. */
  int relayed() {
    return relayed.get();
  }

  /** How many connections were reset because the upstream could not be reached. */
  int refused() {
    return refused.get();
  }

  @Override
  public void close() {
    closeQuietly(listener);
    open.forEach(TcpGate::reset);
  }

  private void acceptLoop() {
    while (listener.isOpen()) {
      SocketChannel in;
      try {
        in = listener.accept();
      } catch (IOException closed) {
        return;
      }
      SocketChannel out;
      try {
        out = upstream.connect();
      } catch (IOException | RuntimeException down) {
        refused.incrementAndGet();
        reset(in);
        continue;
      }
      relayed.incrementAndGet();
      noDelay(in);
      noDelay(out);
      open.add(in);
      open.add(out);
      pump(in, out, "up");
      pump(out, in, "down");
    }
  }

  private void pump(SocketChannel from, SocketChannel to, String direction) {
    Thread t = new Thread(() -> {
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      try {
        while (from.read(buffer) >= 0) {
          buffer.flip();
          while (buffer.hasRemaining()) {
            to.write(buffer);
          }
          buffer.clear();
        }
      } catch (IOException ended) {
        // either end closed or was reset
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, name + "-gate-" + direction);
    t.setDaemon(true);
    t.start();
  }

  /** Relays each chunk at once: Nagle's algorithm would hold small AT lines and MQTT acks back ~40 ms. */
  private static void noDelay(SocketChannel channel) {
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // a Unix socket has no Nagle
    }
  }

  /** Closes with RST, as a host whose process died would. */
  private static void reset(SocketChannel channel) {
    try {
      channel.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException | UnsupportedOperationException ignored) {
      // closed already, or a Unix socket
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort
    }
  }
}
