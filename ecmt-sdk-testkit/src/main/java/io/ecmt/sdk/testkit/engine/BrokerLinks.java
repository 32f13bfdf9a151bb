package io.ecmt.sdk.testkit.engine;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Opens broker links where the {@link Routes} say, noting each route in the transcript, and
 * knows each client's live link (connected, not given up) for faults that act on it.
 *
 * <p>Touched only on the module's loop.
 */
public final class BrokerLinks {
  private final ModuleLoop loop;
  private final Faults faults;
  private final Recorder recorder;
  private final Routes routes;
  private final Map<Integer, BrokerLink> live = new HashMap<>();
  private final BrokerLink unlinked;

  BrokerLinks(ModuleLoop loop, Faults faults, Recorder recorder, Routes routes) {
    this.loop = loop;
    this.faults = faults;
    this.recorder = recorder;
    this.routes = routes;
    this.unlinked = new BrokerLink(this, loop, faults, recorder, -1, event -> { });
  }

  /**
   * Opens a link for client {@code clientId} to wherever {@code host:port} is routed. Events go to
   * {@code listener}; {@code opened} gets the connected link, or null if there is no route (at
   * once) or the connection failed (later).
   */
  public void open(int clientId, String host, int port, BrokerLink.Listener listener, Consumer<BrokerLink> opened) {
    InetSocketAddress target = routes.resolve(host, port);
    if (target == null) {
      recorder.note("route " + host + ":" + port + " -> none (offline)");
      opened.accept(null);
      return;
    }
    recorder.note("route " + host + ":" + port + " -> " + target.getHostString() + ":" + target.getPort());
    new BrokerLink(this, loop, faults, recorder, clientId, listener).connect(target, loop.brokerGroup(), opened);
  }

  /** A stand-in for a client without a link: everything sent on it fails, after the latency. */
  public BrokerLink unlinked() {
    return unlinked;
  }

  /** The client's live link, for a fault. */
  BrokerLink live(int clientId) {
    BrokerLink link = live.get(clientId);
    if (link == null) {
      throw new IllegalStateException("client " + clientId + " has no broker link");
    }
    return link;
  }

  void register(BrokerLink link) {
    live.put(link.clientId(), link);
  }

  void unregister(BrokerLink link) {
    live.remove(link.clientId(), link);
  }
}
