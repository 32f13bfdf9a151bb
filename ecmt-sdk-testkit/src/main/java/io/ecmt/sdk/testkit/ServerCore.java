package io.ecmt.sdk.testkit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link FakeModuleServer} does, apart from its options: binds, accepts connections up to the
 * limit, gives each a {@link ServerSession}, knows the modules served and closes it all. Its
 * public methods are {@link FakeModuleServer}'s: javadoc lists them there, as for any public
 * class with a package-private superclass.
 */
abstract class ServerCore implements AutoCloseable {

  /** Makes the public server once its broker is known. */
  @FunctionalInterface
  interface Factory<S extends ServerCore> {
    S make(FakeModuleServer.Options options, EmbeddedBroker broker, InetSocketAddress brokerAddress);
  }

  private final FakeModuleServer.Options options;
  private final EmbeddedBroker broker;
  private final InetSocketAddress brokerAddress;
  /** Accepts and serves every session: no thread per connection. */
  private final EventLoopGroup loops;
  private Channel serverChannel;
  private final List<FakeModule> modules = new CopyOnWriteArrayList<>();
  /** With {@link FakeModuleServer.Options#keepClosedModules()}: every module so far, open or closed. */
  private final List<FakeModule> allModules = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean closed;

  ServerCore(FakeModuleServer.Options options, EmbeddedBroker broker, InetSocketAddress brokerAddress) {
    this.options = options;
    this.broker = broker;
    this.brokerAddress = brokerAddress;
    int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    this.loops = new NioEventLoopGroup(threads, new DefaultThreadFactory("fake-module-server", true));
  }

  /** {@link FakeModuleServer#start}: the server {@code factory} makes, bound and accepting. */
  static <S extends ServerCore> S start(FakeModuleServer.Options options, Factory<S> factory) throws IOException {
    Objects.requireNonNull(options, "options");
    InetAddress listenHost = InetAddress.getByName(options.listen().getHostString());
    if (!listenHost.isLoopbackAddress()) {
      throw new IllegalArgumentException("refusing to listen on non-loopback " + listenHost.getHostAddress());
    }
    EmbeddedBroker broker = null;
    InetSocketAddress brokerAddress = options.broker().orElse(null);
    if (brokerAddress == null) {
      broker = EmbeddedBroker.start();
      brokerAddress = broker.address();
    }
    S server = factory.make(options, broker, brokerAddress);
    ServerCore core = server; // private members are reached through the declaring type
    try {
      core.bind(new InetSocketAddress(listenHost, options.listen().getPort()));
    } catch (IOException | RuntimeException e) {
      core.close();
      throw e;
    }
    return server;
  }

  private void bind(InetSocketAddress address) throws IOException {
    long limit = options.outputBufferLimit();
    ServerBootstrap b = new ServerBootstrap()
        .group(loops)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 64)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark((int) Math.max(1, limit / 2), (int) limit))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            accept(ch);
          }
        });
    ChannelFuture f = b.bind(address).awaitUninterruptibly();
    if (!f.isSuccess()) {
      Throwable cause = f.cause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot listen on " + address + ": " + cause, cause);
    }
    serverChannel = f.channel();
  }

  /** The address clients connect to (with the real port when 0 was asked for). */
  public InetSocketAddress address() {
    InetSocketAddress a = (InetSocketAddress) serverChannel.localAddress();
    return new InetSocketAddress(a.getAddress().getHostAddress(), a.getPort());
  }

  /** The embedded broker, if this server started one (no {@code --broker}). */
  public Optional<EmbeddedBroker> broker() {
    return Optional.ofNullable(broker);
  }

  /** Where OPENs go by default: the embedded broker or {@link FakeModuleServer.Options#broker()}. */
  public InetSocketAddress brokerAddress() {
    return brokerAddress;
  }

  /**
   * The modules of the connections still open, oldest first; with
   * {@link FakeModuleServer.Options#keepClosedModules()}, those of closed connections too.
   */
  public List<FakeModule> modules() {
    return List.copyOf(options.keepClosedModules() ? allModules : modules);
  }

  /** The module of the newest connection in {@link #modules()}, if any. */
  public Optional<FakeModule> lastModule() {
    List<FakeModule> now = modules();
    return now.isEmpty() ? Optional.empty() : Optional.of(now.get(now.size() - 1));
  }

  /** How many connections were accepted so far (refused ones not counted). */
  public int connectionCount() {
    return connections.get();
  }

  /**
   * Stops accepting, closes every module (and its connection), the event loops and the embedded
   * broker. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    for (FakeModule m : modules) {
      m.close();
    }
    modules.clear();
    allModules.clear();
    io.netty.util.concurrent.Future<?> stopped = loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    if (!onOurLoop()) {
      stopped.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    if (broker != null) {
      broker.close();
    }
  }

  private boolean onOurLoop() {
    for (io.netty.util.concurrent.EventExecutor e : loops) {
      if (e.inEventLoop()) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------- sessions

  /** A new connection, on its event loop, before anything is read from it. */
  private void accept(SocketChannel ch) {
    if (closed) {
      ch.close();
      return;
    }
    if (open.incrementAndGet() > options.maxConnections()) {
      open.decrementAndGet();
      log("refused connection from " + ch.remoteAddress() + ": limit of " + options.maxConnections()
          + " open connections reached (--max-connections)");
      ch.close();
      return;
    }
    String tag = "[" + connections.incrementAndGet() + "]";
    ServerSession session = new ServerSession(this, ch, tag);
    modules.add(session.module());
    if (options.keepClosedModules()) {
      allModules.add(session.module());
    }
    log("connection " + tag + " from " + ch.remoteAddress());
    session.start();
  }

  FakeModuleServer.Options options() {
    return options;
  }

  /** Whether {@code module}'s connection is still served (open, and the server too). */
  boolean serves(FakeModule module) {
    return modules.contains(module);
  }

  /** A session's connection closed; on its event loop, which is also its module's thread. */
  void ended(String tag, FakeModule module) {
    // While the server closes, close() closes the modules itself.
    if (!closed && modules.remove(module)) {
      open.decrementAndGet();
      log("connection " + tag + " closed");
      module.close();
    }
  }

  void log(String text) {
    options.trafficLog().ifPresent(l -> {
      try {
        l.accept(text);
      } catch (RuntimeException ignored) {
        // a broken log must not break the server
      }
    });
  }
}
