package io.ecmt.sdk.testkit.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.reactivex.rxjava3.disposables.Disposable;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's MQTT 3.1.1 connection to the broker (netty codec-mqtt), spoken in neutral terms:
 * the dialect sends CONNECT, SUBSCRIBE, PUBLISH ... and hears {@link BrokerEvent}s. Writes wait
 * for the {@linkplain Faults#latencyNanos() broker latency}, as do events; the link answers
 * PUBREC, PUBREL and inbound publishes itself and sends PINGREQ when asked to keep alive.
 *
 * <p>Every callback ({@code written}, events) runs on the module's loop. Once detached (the dialect
 * gave it up, or it went down) no more events are delivered.
 */
public final class BrokerLink {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerLink.class);
  /** The firmware gives the link up when a keepalive period ends with more than this many pings unanswered. */
  static final int MAX_UNANSWERED_PINGS = 3;

  /** Hears what happens on a link. */
  @FunctionalInterface
  public interface Listener {
    /** One event, on the module's loop. */
    void onEvent(BrokerEvent event);
  }

  private final BrokerLinks links;
  private final ModuleLoop loop;
  private final Faults faults;
  private final Recorder recorder;
  private final int clientId;
  private final Listener listener;
  private Channel channel;
  private boolean detached;
  private Disposable ping;
  private int unansweredPings;
  private boolean connAckPending;

  BrokerLink(BrokerLinks links, ModuleLoop loop, Faults faults, Recorder recorder, int clientId, Listener listener) {
    this.links = links;
    this.loop = loop;
    this.faults = faults;
    this.recorder = recorder;
    this.clientId = clientId;
    this.listener = listener;
  }

  /** Connects; {@code opened} gets this link once connected, or null if that failed. */
  void connect(InetSocketAddress target, EventLoopGroup group, Consumer<BrokerLink> opened) {
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, new Handler());
          }
        });
    ChannelFuture f = b.connect(target);
    f.addListener(r -> loop.execute(() -> {
      if (r.isSuccess()) {
        channel = f.channel();
        links.register(this);
        opened.accept(this);
      } else {
        f.channel().close();
        opened.accept(null);
      }
    }));
  }

  /** The client this link belongs to (-1 for the unlinked placeholder). */
  public int clientId() {
    return clientId;
  }

  // ------------------------------------------------------------------------------------ sending

  /** Sends CONNECT; after it is written, {@code written} learns whether that worked. */
  public void connect(ConnectRequest req, Consumer<Boolean> written) {
    MqttMessageBuilders.ConnectBuilder cb = MqttMessageBuilders.connect()
        .protocolVersion(req.protocolLevel() == 3 ? MqttVersion.MQTT_3_1 : MqttVersion.MQTT_3_1_1)
        .cleanSession(req.cleanSession())
        .keepAlive(req.keepAliveSeconds())
        .clientId(req.clientId());
    if (req.username() != null) {
      cb.hasUser(true).username(req.username());
    }
    if (req.password() != null) {
      cb.hasPassword(true).password(req.password());
    }
    ConnectRequest.Will will = req.will();
    if (will != null) {
      cb.willFlag(true).willQoS(MqttQoS.valueOf(will.qos())).willRetain(will.retain())
          .willTopic(will.topic()).willMessage(will.message());
    }
    connAckPending = true; // before the write: the answer may overtake the write's completion
    write(cb.build(), ok -> {
      if (!ok) {
        connAckPending = false;
      }
      written.accept(ok);
    });
  }

  /** Sends SUBSCRIBE for one filter. */
  public void subscribe(int packetId, String filter, int qos, Consumer<Boolean> written) {
    write(MqttMessageBuilders.subscribe().messageId(packetId)
        .addSubscription(MqttQoS.valueOf(qos), filter).build(), written);
  }

  /** Sends UNSUBSCRIBE for one filter. */
  public void unsubscribe(int packetId, String filter, Consumer<Boolean> written) {
    write(MqttMessageBuilders.unsubscribe().messageId(packetId).addTopicFilter(filter).build(), written);
  }

  /** Sends PUBLISH ({@code packetId} 0 for QoS 0). */
  public void publish(int packetId, int qos, boolean retain, String topic, byte[] payload, Consumer<Boolean> written) {
    write(MqttMessageBuilders.publish()
        .topicName(topic)
        .qos(MqttQoS.valueOf(qos))
        .retained(retain)
        .messageId(packetId)
        .payload(Unpooled.wrappedBuffer(payload.clone()))
        .build(), written);
  }

  /**
   * Sends PINGREQ every {@code seconds} (0: never) until the link is detached. When a period ends
   * with more than {@value #MAX_UNANSWERED_PINGS} pings unanswered the link is lost (closed, and a
   * {@link BrokerEvent.LinkDown} reported), as the firmware does.
   */
  public void startKeepAlive(int seconds) {
    if (seconds > 0 && ping == null) {
      schedulePing(TimeUnit.SECONDS.toNanos(seconds));
    }
  }

  private void schedulePing(long nanos) {
    ping = loop.schedule(() -> {
      if (!detached) {
        if (unansweredPings > MAX_UNANSWERED_PINGS) {
          recorder.note("mqtt " + unansweredPings + " PINGREQs unanswered on client " + clientId + ": link given up");
          loseNow();
          return;
        }
        unansweredPings++;
        recorder.note("mqtt PINGREQ on client " + clientId);
        write(new MqttMessage(fixed(MqttMessageType.PINGREQ, MqttQoS.AT_MOST_ONCE)), ok -> { });
        schedulePing(nanos);
      }
    }, nanos);
  }

  /**
   * Detaches, sends DISCONNECT first if asked, and closes the TCP link; {@code closed} learns
   * whether the close worked. A link that is already down counts as closed at once.
   */
  public void shutdown(boolean sendDisconnect, Consumer<Boolean> closed) {
    detach();
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      closed.accept(true);
      return;
    }
    Runnable closeIt = () -> ch.close().addListener(c -> loop.execute(() -> closed.accept(c.isSuccess())));
    if (sendDisconnect) {
      write(new MqttMessage(fixed(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE)), ok -> closeIt.run());
    } else {
      closeIt.run();
    }
  }

  /** Detaches and closes the TCP link without a word: a reboot, or an open nobody waits for. */
  public void close() {
    detach();
    if (channel != null) {
      channel.close();
    }
  }

  /** No more events from this link, no more pings; it is no longer the client's live link. */
  public void detach() {
    detached = true;
    if (ping != null) {
      ping.dispose();
    }
    links.unregister(this);
  }

  /** Fault: close the TCP link as if the peer reset it; the {@link BrokerEvent.LinkDown} follows. */
  void drop() {
    channel.close();
  }

  /** Fault: the link is lost now, reported at once (synchronously), the TCP close follows. */
  void loseNow() {
    Channel ch = channel;
    detach();
    listener.onEvent(new BrokerEvent.LinkDown());
    ch.close();
  }

  /** Writes after the broker latency; {@code written} runs on the module's loop. */
  private void write(MqttMessage msg, Consumer<Boolean> written) {
    Channel ch = channel;
    loop.schedule(() -> {
      if (ch == null || !ch.isActive()) {
        ReferenceCountUtil.release(msg);
        written.accept(false);
        return;
      }
      ch.writeAndFlush(msg).addListener(f -> loop.execute(() -> written.accept(f.isSuccess())));
    }, faults.latencyNanos());
  }

  private static MqttFixedHeader fixed(MqttMessageType type, MqttQoS qos) {
    return new MqttFixedHeader(type, false, qos, false, 0);
  }

  private static MqttMessage idMessage(MqttMessageType type, int id) {
    MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
    return new MqttMessage(fixed(type, qos), MqttMessageIdVariableHeader.from(id));
  }

  // ---------------------------------------------------------------------------------- receiving

  /** What the broker sent, on the module's loop. */
  private void onInbound(Inbound in) {
    if (detached) {
      return; // a link we already gave up (DISC, CLOSE, reboot) or that went down
    }
    if (in.isAck() && faults.takeSwallowedAck()) {
      recorder.note("fault: swallowed " + in.type() + " " + in.packetId());
      return;
    }
    if (connAckPending) {
      connAckPending = false;
      if (in.type() != MqttMessageType.CONNACK) {
        recorder.note("mqtt " + in.type() + " instead of CONNACK on client " + clientId);
        listener.onEvent(new BrokerEvent.ConnAckMalformed());
        return;
      }
    }
    switch (in.type()) {
      case PUBREC -> write(idMessage(MqttMessageType.PUBREL, in.packetId()), ok -> { });
      case PUBREL -> write(idMessage(MqttMessageType.PUBCOMP, in.packetId()), ok -> { });
      case PINGRESP -> {
        unansweredPings = 0;
        recorder.note("mqtt PINGRESP on client " + clientId); // proof the broker saw PINGREQ
      }
      case PUBLISH -> {
        listener.onEvent(in.event());
        int qos = ((BrokerEvent.Received) in.event()).qos();
        if (qos == 1) {
          write(idMessage(MqttMessageType.PUBACK, in.packetId()), ok -> { });
        } else if (qos == 2) {
          write(idMessage(MqttMessageType.PUBREC, in.packetId()), ok -> { });
        }
      }
      default -> {
        if (in.event() != null) {
          listener.onEvent(in.event());
        }
      }
    }
  }

  /**
   * A packet the decoder refused ({@code type} null if not even its fixed header was read): in
   * place of the CONNACK a malformed CONNACK, else a fatal read error that ends the link. Either
   * way the decoder reads nothing more on this link.
   */
  private void onUndecodable(MqttMessageType type, String why) {
    if (detached) {
      return;
    }
    recorder.note("mqtt undecodable " + type + " on client " + clientId + ": " + why);
    if (connAckPending || type == MqttMessageType.CONNACK) {
      connAckPending = false;
      listener.onEvent(new BrokerEvent.ConnAckMalformed());
    } else {
      loseNow();
    }
  }

  private void onInactive() {
    if (!detached) {
      detach();
      listener.onEvent(new BrokerEvent.LinkDown());
    }
  }

  /** On the netty thread: copy what arrived, then hand it to the module's loop after the latency. */
  private final class Handler extends SimpleChannelInboundHandler<MqttMessage> {
    @Override
    protected void channelRead0(ChannelHandlerContext chc, MqttMessage msg) {
      if (msg.decoderResult().isFailure()) {
        LOG.debug("undecodable packet from broker", msg.decoderResult().cause());
        MqttMessageType type = msg.fixedHeader() == null ? null : msg.fixedHeader().messageType();
        String why = String.valueOf(msg.decoderResult().cause());
        loop.schedule(() -> onUndecodable(type, why), faults.latencyNanos());
        return;
      }
      Inbound in = Inbound.of(msg);
      loop.schedule(() -> onInbound(in), faults.latencyNanos());
    }

    @Override
    public void channelInactive(ChannelHandlerContext chc) {
      loop.schedule(BrokerLink.this::onInactive, faults.latencyNanos());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext chc, Throwable cause) {
      LOG.debug("broker link error", cause);
      chc.close();
    }
  }
}
