package io.ecmt.sdk.testkit.matrix;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the shared {@link io.ecmt.sdk.testkit.EmbeddedBroker}, standing in for a
 * broker restart: {@link #down()} resets every relayed connection and stops listening (connects
 * are refused), {@link #up()} listens again on the same address. {@code EmbeddedBroker} itself
 * cannot restart: {@code stop()} is final and its port is chosen at start.
 */
final class BrokerGate implements AutoCloseable {
  private final InetSocketAddress address;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile InetSocketAddress target;
  private ServerSocket listener;
  private Thread acceptThread;

  private BrokerGate(int port) {
    address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /**
   * Listens on a free loopback port below the ephemeral range (an outgoing connection could
   * otherwise take the port while the gate is down); relays to {@link #target} once set.
   */
  static BrokerGate start() {
    java.util.Random rnd = new java.util.Random();
    for (int i = 0; ; i++) {
      BrokerGate gate = new BrokerGate(20_000 + rnd.nextInt(12_000));
      try {
        gate.up();
        return gate;
      } catch (UncheckedIOException taken) {
        if (i == 50) {
          throw taken;
        }
      }
    }
  }

  InetSocketAddress address() {
    return address;
  }

  void target(InetSocketAddress broker) {
    target = broker;
  }

  synchronized boolean isUp() {
    return listener != null;
  }

  /** Listens again on the same address. Idempotent. */
  synchronized void up() {
    if (listener != null) {
      return;
    }
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(address, 50);
      listener = s;
      Thread t = new Thread(() -> acceptLoop(s), "broker-gate-accept");
      t.setDaemon(true);
      acceptThread = t;
      t.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen again on " + address, e);
    }
  }

  /** The "broker" goes away: every link reset, new connects refused. Idempotent. */
  void down() {
    Thread accepting;
    synchronized (this) {
      accepting = acceptThread;
      acceptThread = null;
      if (listener != null) {
        closeQuietly(listener);
        listener = null;
      }
      for (Socket s : open) {
        try {
          s.setSoLinger(true, 0); // RST, as a crashed broker's host would send
        } catch (IOException ignored) {
          // closed already
        }
        closeQuietly(s);
      }
      open.clear();
    }
    // The kernel keeps the listening socket (accepting connects!) until the thread blocked in
    // accept() has left it: only then is the broker really gone and the port free to bind again.
    if (accepting != null) {
      try {
        accepting.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (accepting.isAlive()) {
        throw new IllegalStateException("broker gate accept thread did not stop");
      }
    }
  }

  @Override
  public void close() {
    down();
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      Socket in;
      try {
        in = s.accept();
      } catch (IOException closed) {
        return;
      }
      try {
        Socket out = new Socket(target.getAddress(), target.getPort());
        synchronized (this) {
          if (listener != s) { // went down meanwhile
            closeQuietly(in);
            closeQuietly(out);
            continue;
          }
          open.add(in);
          open.add(out);
        }
        pump(in, out);
        pump(out, in);
      } catch (IOException | RuntimeException e) {
        closeQuietly(in);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
        int n;
        while ((n = i.read(buf)) >= 0) {
          o.write(buf, 0, n);
          o.flush();
        }
      } catch (IOException ended) {
        // either side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "broker-gate-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort
    }
  }
}
