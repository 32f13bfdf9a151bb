package io.ecmt.sdk.testkit;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;

/**
 * An in-memory Moquette MQTT 3.1.1 broker bound to {@code 127.0.0.1} on a free port: no files, no
 * authentication, no telemetry.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start()) {
 *   FakeModule module = FakeModule.builder().defaultRoute(broker.address()).build();
 * }
 * }</pre>
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final String HOST = "127.0.0.1";

  private Server server = new Server();
  private int port = -1;
  private boolean running;

  private EmbeddedBroker() {}

  /** Creates and starts a broker on 127.0.0.1 and a free port. */
  public static EmbeddedBroker start() {
    EmbeddedBroker broker = new EmbeddedBroker();
    broker.startServer();
    return broker;
  }

  private void startServer() {
    // Port 0 first; Moquette records the bound port from a bind listener. If it reports none,
    // fall back to a port probed free just before (a small race, acceptable in tests).
    startOn(0);
    int bound = boundPort();
    if (bound > 0) {
      port = bound;
    } else {
      server.stopServer();
      server = new Server();
      int chosen = freePort();
      startOn(chosen);
      bound = boundPort();
      port = bound > 0 ? bound : chosen;
    }
    running = true;
  }

  /**
   * The port Moquette's bind listener recorded, or -1. The listener runs on a netty thread and
   * writes a plain HashMap that {@code getPort()} reads: poll briefly and retry on the
   * {@link java.util.ConcurrentModificationException} that race can throw.
   */
  private int boundPort() {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
    while (true) {
      try {
        int p = server.getPort();
        if (p > 0) {
          return p;
        }
      } catch (java.util.ConcurrentModificationException race) {
        // the bind listener was writing: read again
      }
      if (System.nanoTime() - deadline > 0) {
        return -1;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
    }
  }

  private void startOn(int chosen) {
    Properties p = new Properties();
    p.setProperty("host", HOST);
    p.setProperty("port", Integer.toString(chosen));
    p.setProperty("websocket_port", "disabled");
    p.setProperty("allow_anonymous", "true");
    p.setProperty("allow_zero_byte_client_id", "true");
    p.setProperty("persistence_enabled", "false");
    p.setProperty("telemetry_enabled", "false");
    p.setProperty("immediate_buffer_flush", "true");
    try {
      server.startServer(new MemoryConfig(p));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded broker on " + HOST + ":" + chosen, e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Always {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  /** The TCP port MQTT clients connect to. */
  public int port() {
    return port;
  }

  /** {@link #host()} and {@link #port()} together, ready for {@link FakeModule.Builder#defaultRoute}. */
  public InetSocketAddress address() {
    return new InetSocketAddress(HOST, port);
  }

  /** The underlying Moquette server, for {@code internalPublish} or interceptors. */
  public Server server() {
    return server;
  }

  /** Stops the broker. Idempotent. */
  public synchronized void stop() {
    if (running) {
      running = false;
      server.stopServer();
    }
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "EmbeddedBroker[" + HOST + ":" + port + "]";
  }
}
