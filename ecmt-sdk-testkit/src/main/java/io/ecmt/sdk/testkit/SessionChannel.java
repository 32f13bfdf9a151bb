package io.ecmt.sdk.testkit;

import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One accepted connection of a {@link FakeModuleServer} as its module's {@link Transport}.
 *
 * <p>Writes never block: they go to netty's outbound buffer. When the host leaves more than the
 * channel's high water mark ({@code outputLimit}) unread, the connection is closed with a log
 * line, so a host that stops reading costs at most that much memory and never stalls the module
 * or the event loop it shares with other sessions. Received bytes are handed to the listener on
 * the channel's event loop, which is also the module's thread.
 */
final class SessionChannel extends ChannelInboundHandlerAdapter implements Transport {
  private final Channel channel;
  private final String tag;
  private final long outputLimit;
  private final Consumer<String> log;
  private final TrafficLog in;
  private final TrafficLog out;
  private final Runnable onClosed;
  private final AtomicBoolean closedReported = new AtomicBoolean();
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private volatile TransportListener listener;

  /**
   * @param trafficLog where AT lines go, or null for none
   * @param log where the overflow line goes (never null)
   */
  SessionChannel(Channel channel, String tag, long outputLimit, Consumer<String> trafficLog, int maxLogLine,
      Consumer<String> log, Runnable onClosed) {
    this.channel = channel;
    this.tag = tag;
    this.outputLimit = outputLimit;
    this.log = log;
    this.in = trafficLog == null ? null : new TrafficLog(tag + " > ", trafficLog, maxLogLine);
    this.out = trafficLog == null ? null : new TrafficLog(tag + " < ", trafficLog, maxLogLine);
    this.onClosed = onClosed;
  }

  // ------------------------------------------------------------------------------ Transport

  @Override
  public void open(TransportListener listener) {
    this.listener = listener;
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    if (!channel.isActive()) {
      throw new IOException(description() + " is closed");
    }
    if (out != null) {
      out.accept(bytes);
    }
    channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    if (!channel.isWritable()) {
      overflow();
    }
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public String description() {
    InetSocketAddress a = (InetSocketAddress) channel.remoteAddress();
    return a == null ? "tcp:closed" : "tcp:" + a.getHostString() + ":" + a.getPort();
  }

  @Override
  public void close() {
    channel.close();
  }

  // -------------------------------------------------------------------------- netty handler

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    byte[] bytes;
    ByteBuf buf = (ByteBuf) msg;
    try {
      bytes = ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
    if (in != null) {
      in.accept(bytes);
    }
    TransportListener l = listener;
    if (l != null) {
      l.onBytes(bytes);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!channel.isWritable()) {
      overflow();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (closedReported.compareAndSet(false, true)) {
      TransportListener l = listener;
      if (l != null) {
        l.onClosed();
      }
      onClosed.run();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    TransportListener l = listener;
    if (l != null) {
      l.onError(cause);
    }
    ctx.close();
  }

  private void overflow() {
    if (overflowed.compareAndSet(false, true)) {
      log.accept("connection " + tag + ": host is not reading, more than " + outputLimit
          + " bytes unsent; closing it");
      channel.close();
    }
  }
}
