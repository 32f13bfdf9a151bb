package io.ecmt.sdk.testkit;

import io.ecmt.sdk.internal.codec.TopicFilter;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal blocking MQTT 3.1.1 client (netty codec-mqtt) for tests: lets a test publish to and
 * subscribe on any broker directly, to assert what really crossed it. Works against Moquette,
 * Mosquitto or any other 3.1.1 broker. Acknowledges incoming QoS 1 and 2 itself.
 *
 * <pre>{@code
 * try (BrokerClient client = BrokerClient.connect(broker.address(), "observer")) {
 *   BrokerClient.Subscription sub = client.subscribe("test", 1);
 *   ...
 *   ReceivedMessage m = sub.poll(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class BrokerClient implements AutoCloseable {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Map<Integer, CompletableFuture<MqttMessage>> pending = new ConcurrentHashMap<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextId = new AtomicInteger(1);
  private final CompletableFuture<MqttConnAckMessage> connAck = new CompletableFuture<>();
  private Channel channel;

  private BrokerClient() {}

  /** Connects with a clean session and keepalive 60 s; blocks until CONNACK accepted. */
  public static BrokerClient connect(InetSocketAddress broker, String clientId) throws IOException {
    // Moquette 0.17 marks a connection connected only after its CONNACK write completes, on
    // another thread; a SUBSCRIBE that overtakes that is answered by dropping the connection
    // ("SUBSCRIBE received on already closed connection"). A probe subscription absorbs the race:
    // once it is acknowledged the connection is fully up; if it is dropped, connect again.
    IOException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      BrokerClient client = new BrokerClient();
      try {
        client.doConnect(broker, clientId);
        client.subscribe("testkit/ready/" + clientId.replaceAll("[+#]", "_"), 0);
        client.subscriptions.clear();
        return client;
      } catch (IOException e) {
        client.close();
        last = e;
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
    }
    throw last;
  }

  private void doConnect(InetSocketAddress broker, String clientId) throws IOException {
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, new Handler());
          }
        });
    try {
      channel = b.connect(broker).sync().channel();
    } catch (Exception e) {
      throw new IOException("cannot connect to " + broker, e);
    }
    channel.writeAndFlush(MqttMessageBuilders.connect()
        .clientId(clientId)
        .protocolVersion(MqttVersion.MQTT_3_1_1)
        .cleanSession(true)
        .keepAlive(60)
        .build());
    MqttConnAckMessage ack = await(connAck, "CONNACK");
    MqttConnectReturnCode rc = ack.variableHeader().connectReturnCode();
    if (rc != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
      throw new IOException("broker refused connection: " + rc);
    }
  }

  /**
   * Subscribes to {@code filter} and blocks until SUBACK. Messages matching the filter are
   * queued on the returned handle (also those that match other subscriptions of this client).
   *
   * @throws IOException if the broker rejects the subscription (0x80) or does not answer
   */
  public Subscription subscribe(String filter, int qos) throws IOException {
    Subscription sub = new Subscription(filter);
    subscriptions.add(sub);
    int id = nextId();
    CompletableFuture<MqttMessage> f = expect(id);
    channel.writeAndFlush(MqttMessageBuilders.subscribe()
        .messageId(id)
        .addSubscription(MqttQoS.valueOf(qos), filter)
        .build());
    MqttSubAckMessage ack = (MqttSubAckMessage) await(f, "SUBACK");
    int granted = ack.payload().grantedQoSLevels().get(0);
    if (granted == 0x80) {
      subscriptions.remove(sub);
      throw new IOException("broker rejected subscription to " + filter);
    }
    return sub;
  }

  /** Publishes a UTF-8 payload; see {@link #publish(String, byte[], int, boolean)}. */
  public void publish(String topic, String payload, int qos, boolean retain) throws IOException {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
  }

  /**
   * Publishes and, for QoS 1 / 2, blocks until PUBACK / PUBCOMP.
   *
   * @throws IOException if the write fails or the broker does not acknowledge in time
   */
  public void publish(String topic, byte[] payload, int qos, boolean retain) throws IOException {
    int id = qos == 0 ? 0 : nextId();
    CompletableFuture<MqttMessage> f = qos == 0 ? null : expect(id);
    MqttPublishMessage msg = MqttMessageBuilders.publish()
        .topicName(topic)
        .qos(MqttQoS.valueOf(qos))
        .retained(retain)
        .messageId(id)
        .payload(Unpooled.wrappedBuffer(payload))
        .build();
    try {
      channel.writeAndFlush(msg).sync();
    } catch (Exception e) {
      throw new IOException("publish failed", e);
    }
    if (f != null) {
      await(f, qos == 1 ? "PUBACK" : "PUBCOMP");
    }
  }

  /** Whether the TCP connection is still up. */
  public boolean isConnected() {
    return channel != null && channel.isActive();
  }

  /** Sends DISCONNECT, closes the connection and stops the client's thread. */
  @Override
  public void close() {
    if (channel != null && channel.isActive()) {
      channel.writeAndFlush(new MqttMessage(new MqttFixedHeader(
          MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0)));
      channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private int nextId() {
    return nextId.getAndUpdate(i -> i >= 65535 ? 1 : i + 1);
  }

  private CompletableFuture<MqttMessage> expect(int id) {
    CompletableFuture<MqttMessage> f = new CompletableFuture<>();
    pending.put(id, f);
    return f;
  }

  private static <T> T await(CompletableFuture<T> f, String what) throws IOException {
    try {
      return f.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException("no " + what + " within " + ACK_TIMEOUT);
    } catch (ExecutionException e) {
      throw new IOException(what + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for " + what);
    }
  }

  private static MqttMessage ack(MqttMessageType type, int id) {
    return new MqttMessage(
        new MqttFixedHeader(type, false,
            type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE, false, 0),
        MqttMessageIdVariableHeader.from(id));
  }

  private final class Handler extends SimpleChannelInboundHandler<MqttMessage> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
      switch (msg.fixedHeader().messageType()) {
        case CONNACK -> connAck.complete((MqttConnAckMessage) msg);
        case PUBLISH -> {
          MqttPublishMessage p = (MqttPublishMessage) msg;
          int qos = p.fixedHeader().qosLevel().value();
          ReceivedMessage m = new ReceivedMessage(p.variableHeader().topicName(),
              ByteBufUtil.getBytes(p.payload()), qos, p.fixedHeader().isRetain());
          for (Subscription s : subscriptions) {
            if (TopicFilter.matches(s.filter, m.topic())) {
              s.queue.add(m);
            }
          }
          int id = p.variableHeader().packetId();
          if (qos == 1) {
            ctx.writeAndFlush(ack(MqttMessageType.PUBACK, id));
          } else if (qos == 2) {
            ctx.writeAndFlush(ack(MqttMessageType.PUBREC, id));
          }
        }
        case PUBREL -> ctx.writeAndFlush(ack(MqttMessageType.PUBCOMP, idOf(msg)));
        case PUBREC -> ctx.writeAndFlush(ack(MqttMessageType.PUBREL, idOf(msg)));
        case PUBACK, PUBCOMP, SUBACK, UNSUBACK -> {
          CompletableFuture<MqttMessage> f = pending.remove(idOf(msg));
          if (f != null) {
            f.complete(msg);
          }
        }
        default -> { }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      IOException closed = new IOException("connection closed");
      connAck.completeExceptionally(closed);
      pending.values().forEach(f -> f.completeExceptionally(closed));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static int idOf(MqttMessage msg) {
    Object vh = msg.variableHeader();
    if (vh instanceof MqttMessageIdVariableHeader h) {
      return h.messageId();
    }
    return -1;
  }

  /** Messages received for one subscription, in arrival order. */
  public static final class Subscription {
    private final String filter;
    private final BlockingQueue<ReceivedMessage> queue = new LinkedBlockingQueue<>();

    Subscription(String filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** The topic filter. */
    public String filter() {
      return filter;
    }

    /** The next message, waiting up to {@code timeout}; {@code null} if none came. */
    public ReceivedMessage poll(Duration timeout) throws InterruptedException {
      return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The next message already received, or {@code null}. */
    public ReceivedMessage poll() {
      return queue.poll();
    }
  }
}
