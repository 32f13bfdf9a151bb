package io.ecmt.sdk.testkit.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a module's open requests go: the host and port the host asks for (host case-insensitive)
 * map to a real broker address. Lookup order: the exact {@code host:port}, the host with port -1
 * (any port), the fallback, and finally {@code 127.0.0.1} / {@code localhost} as themselves. No
 * match: the open fails, as it would offline. Immutable.
 */
public final class Routes {
  /** One route's key. */
  private record Key(String host, int port) {
    static Key of(String host, int port) {
      return new Key(host.toLowerCase(Locale.ROOT), port);
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  private final Map<Key, InetSocketAddress> routes;
  private final InetSocketAddress fallback;

  private Routes(Map<Key, InetSocketAddress> routes, InetSocketAddress fallback) {
    this.routes = Map.copyOf(routes);
    this.fallback = fallback;
  }

  /** No routes: only loopback opens succeed. */
  public static Routes none() {
    return new Routes(Map.of(), null);
  }

  /** These routes plus {@code host:port → target}, replacing an earlier one for the same key. */
  public Routes with(String host, int port, InetSocketAddress target) {
    Map<Key, InetSocketAddress> more = new LinkedHashMap<>(routes);
    more.put(Key.of(Objects.requireNonNull(host, "host"), port), Objects.requireNonNull(target, "target"));
    return new Routes(more, fallback);
  }

  /** These routes with {@code target} for every open no route matches. */
  public Routes withFallback(InetSocketAddress target) {
    return new Routes(routes, Objects.requireNonNull(target, "target"));
  }

  /** Where an open of {@code host:port} goes; null if nowhere. */
  public InetSocketAddress resolve(String host, int port) {
    InetSocketAddress r = routes.get(Key.of(host, port));
    if (r == null) {
      r = routes.get(Key.of(host, -1));
    }
    if (r == null) {
      r = fallback;
    }
    if (r == null && (host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost"))) {
      r = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
    return r;
  }

  /** The specific routes for display, keyed {@code host:port} (host lower case). */
  public Map<String, InetSocketAddress> asMap() {
    Map<String, InetSocketAddress> m = new LinkedHashMap<>();
    routes.forEach((k, v) -> m.put(k.toString(), v));
    return m;
  }

  /** The fallback, or null. */
  public InetSocketAddress fallback() {
    return fallback;
  }
}
