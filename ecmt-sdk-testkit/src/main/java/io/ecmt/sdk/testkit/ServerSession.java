package io.ecmt.sdk.testkit;

import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One accepted connection of a {@link FakeModuleServer}: its own module (built from the options'
 * customiser, on the connection's event loop), the connection as the module's transport, and the
 * session's fault timers, which run on that loop too, so a slow or stalled session delays nobody
 * else's faults.
 */
final class ServerSession {
  private final ServerCore server;
  private final FakeModuleServer.Options options;
  private final SocketChannel channel;
  private final String tag;
  private final FakeModule module;
  private final SessionChannel transport;
  private final List<Future<?>> timers = new ArrayList<>();

  ServerSession(ServerCore server, SocketChannel channel, String tag) {
    this.server = server;
    this.options = server.options();
    this.channel = channel;
    this.tag = tag;
    FakeModule.Builder b = FakeModule.builder().defaultRoute(server.brokerAddress());
    options.module().accept(b);
    this.module = b.eventLoop(channel.eventLoop()).build();
    this.transport = new SessionChannel(channel, tag, options.outputBufferLimit(),
        options.trafficLog().orElse(null), options.logLineLimit(), server::log, this::disconnected);
    channel.pipeline().addLast(transport);
  }

  FakeModule module() {
    return module;
  }

  /** Starts the module on the connection, then the session's faults; closes the connection if that fails. */
  void start() {
    try {
      module.start(transport);
    } catch (IOException | RuntimeException e) {
      server.log("cannot serve " + tag + ": " + e);
      channel.close();
      return;
    }
    EventLoop loop = channel.eventLoop();
    options.contradictingConn().ifPresent(spacing ->
        module.apply(new Fault.ContradictingConnUrcs(spacing, Integer.MAX_VALUE)));
    options.dropLinkEvery().ifPresent(d -> timers.add(loop.scheduleAtFixedRate(
        this::dropLinks, d.toNanos(), d.toNanos(), TimeUnit.NANOSECONDS)));
    options.rebootAfter().ifPresent(d -> timers.add(schedule(loop, d, "reboot", Fault.reboot())));
    options.hangAfter().ifPresent(d -> timers.add(schedule(loop, d, "stops answering", Fault.unresponsive(true))));
  }

  private Future<?> schedule(EventLoop loop, Duration delay, String what, Fault fault) {
    return loop.schedule(() -> {
      if (server.serves(module)) {
        server.log("fault " + tag + ": " + what);
        module.apply(fault);
      }
    }, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void dropLinks() {
    if (!server.serves(module)) {
      return;
    }
    for (int id = 0; id < module.clientSlots(); id++) {
      Fault drop = options.statDelay().isPresent()
          ? Fault.lateLinkLoss(id, 0, options.statDelay().get())
          : Fault.dropBrokerLink(id);
      try {
        module.apply(drop);
        server.log("fault " + tag + ": dropped broker link of client " + id);
      } catch (RuntimeException notOpen) {
        // that client has no broker link now
      }
    }
  }

  /** On the session's event loop, which is also its module's thread. */
  private void disconnected() {
    timers.forEach(t -> t.cancel(false));
    server.ended(tag, module);
  }
}
