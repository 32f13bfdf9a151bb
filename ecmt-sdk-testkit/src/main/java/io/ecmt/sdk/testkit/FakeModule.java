package io.ecmt.sdk.testkit;

import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process Eigencomm module: an AT interpreter for the {@code AT+ECMT*} command set with a
 * real MQTT 3.1.1 client (netty codec-mqtt) behind it, answering byte for byte as the protocol
 * reference says real modules do, quirks included.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start();
 *      FakeModule module = FakeModule.builder().defaultRoute(broker.address()).build()) {
 *   InMemoryPipe pipe = InMemoryPipe.create();
 *   module.start(pipe.moduleEnd());
 *   // drive pipe.hostEnd() with an EcmtModem or raw AT bytes ...
 *   module.assertNoViolations();
 * }
 * }</pre>
 *
 * <p>Threading: all module state lives on one single-thread scheduler owned by this instance; the
 * transport listener and the netty handlers only hand events to it. Public methods are
 * thread-safe; {@link #apply(Fault)} returns once the fault took effect (or was armed).
 *
 * <p>Strict mode (the default): every command the fake answers with {@code ERROR} because it did
 * not understand it (unknown command, syntax error) is recorded as a violation;
 * {@link #assertNoViolations()} fails with the list.
 */
public final class FakeModule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FakeModule.class);
  private static final int INPUT_MAX = 4096;
  private static final byte CTRL_Z = 0x1A;
  private static final byte ESC = 0x1B;

  private static final String CFG_TEST = String.join("\r\n",
      "+ECMTCFG:\"keepalive\",(0),(0-3600),",
      "+ECMTCFG:\"session\",(0),(0,1)",
      "+ECMTCFG:\"timeout\",(0),(1-60),(1-10),(0,1)",
      "+ECMTCFG:\"will\",(0),(0,1),(0-2),(0,1),\"will_topic\",\"will_msg\"",
      "+ECMTCFG:\"version\",(0),(3,4)",
      "+ECMTCFG:\"aliauth\",(0),\"productkey\",\"devicename\",\"devicesecret\"",
      "+ECMTCFG:\"cloud\",(0-255),(0-255)");

  // ---- configuration (immutable after build) ----
  private final FakeProfile profile;
  private final ModuleProfile limits;
  private final boolean initialEcho;
  private final boolean printRdy;
  private final int initialCmee;
  private final Map<String, InetSocketAddress> routes;
  private final InetSocketAddress defaultRoute;
  private final boolean strict;
  private final Duration promptGuard;

  // ---- threads ----
  /** The one thread that owns all state: the module's own, or an event loop it shares. */
  private final ScheduledExecutorService exec;
  /** Where broker links live: the module's own group, or the shared event loop. */
  private final EventLoopGroup group;
  /** False when {@link Builder#eventLoop} lent both: close() must not shut them down. */
  private final boolean ownThreads;
  private volatile Thread execThread;
  private volatile boolean closed;
  private final Transcript transcript;
  private final List<String> violations = new CopyOnWriteArrayList<>();

  // ---- state: touched only on exec ----
  private Transport transport;
  private boolean echo;
  private boolean quiet;
  private int cmee;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean lastWasCr;
  private PromptPub prompt;
  private final Ctx[] contexts;
  private final Deque<Fault.FailNextCommand> failNext = new ArrayDeque<>();
  private final List<Fault.ScriptedReply> scripted = new ArrayList<>();
  private final List<Fault.UrcFault> urcFaults = new ArrayList<>();
  private int swallowAcks;
  private int chunkBytes;
  private int baud;
  private long latencyNanos;
  private long outputFreeAt;
  private boolean serialize;
  private boolean unresponsive;
  private boolean suppressOutcomes;
  private int contradictConns;
  private long contradictSpacingNanos;
  private final Deque<Consumer<Runnable>> mqttQueue = new ArrayDeque<>();
  private boolean mqttBusy;
  private long mqttGeneration;

  private FakeModule(Builder b) {
    transcript = new Transcript(b.transcriptLimit, b.transcriptBytes);
    profile = b.profile;
    limits = b.profile.limits();
    initialEcho = b.echo;
    printRdy = b.rdy;
    initialCmee = b.cmee;
    routes = Map.copyOf(b.routes);
    defaultRoute = b.defaultRoute;
    strict = b.strict;
    promptGuard = b.promptGuard;
    echo = initialEcho;
    cmee = initialCmee;
    contexts = new Ctx[limits.maxClients()];
    if (b.eventLoop != null) {
      exec = b.eventLoop;
      group = b.eventLoop;
      ownThreads = false;
    } else {
      exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-module-" + profile.name().toLowerCase(Locale.ROOT));
        t.setDaemon(true);
        execThread = t;
        return t;
      });
      group = new NioEventLoopGroup(1);
      ownThreads = true;
    }
  }

  /** A builder with the defaults: EC616S, echo off, {@code RDY} printed, CMEE 1, strict, 20 s prompt guard. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens {@code transport} (the module's end of an {@code InMemoryPipe}, or a TCP connection)
   * and starts answering; prints {@code RDY} first if configured. One transport per module.
   *
   * @throws IOException if the transport cannot be opened
   */
  public void start(Transport transport) throws IOException {
    Objects.requireNonNull(transport, "transport");
    call(() -> {
      if (this.transport != null) {
        throw new IllegalStateException("already started");
      }
      this.transport = transport;
      return null;
    });
    transport.open(new TransportListener() {
      @Override
      public void onBytes(byte[] bytes) {
        if (!ownThreads && inExec()) {
          // The transport reads on our own event loop: handle input before reading more, so a
          // host that sends faster than the module works is held back instead of queued.
          guarded(() -> {
            if (!closed) {
              onInput(bytes);
            }
          });
        } else {
          post(() -> onInput(bytes));
        }
      }

      @Override
      public void onClosed() {
        LOG.debug("transport {} closed", transport.description());
      }

      @Override
      public void onError(Throwable error) {
        LOG.debug("transport {} failed", transport.description(), error);
      }
    });
    if (printRdy) {
      post(() -> out(frame("RDY")));
    }
  }

  /** The profile this module imitates. */
  public FakeProfile profile() {
    return profile;
  }

  /** Everything that crossed the serial side so far. */
  public Transcript transcript() {
    return transcript;
  }

  /** Shorthand for {@code transcript().takeCommand(timeout)}. */
  public String takeCommand(Duration timeout) throws InterruptedException {
    return transcript.takeCommand(timeout);
  }

  /** Applies {@code fault} now or arms it for the next matching event; returns once done. */
  public void apply(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    call(() -> {
      applyNow(fault);
      return null;
    });
  }

  /** The strict-mode violations recorded so far. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** Fails with every violation recorded, if strict mode is on and there are any. */
  public void assertNoViolations() {
    if (strict && !violations.isEmpty()) {
      throw new AssertionError("fake module saw unexpected commands:\n  " + String.join("\n  ", violations));
    }
  }

  /**
   * Closes all broker links (no URC), the transport, and the module's threads. Idempotent; may be
   * called from any thread, including the module's own.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      call(() -> {
        if (!closed) {
          dropAllContexts();
          endPrompt();
          if (transport != null) {
            transport.close();
          }
          closed = true;
        }
        return null;
      });
    } catch (RuntimeException e) {
      LOG.debug("closing fake module", e);
    }
    closed = true;
    if (ownThreads) {
      exec.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  // ===================================================================================== threads

  private void post(Runnable r) {
    if (closed) {
      return;
    }
    try {
      exec.execute(task(r));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.trace("fake module closed, event dropped");
    }
  }

  private void schedule(Runnable r, long nanos) {
    if (nanos <= 0) {
      post(r);
      return;
    }
    scheduleTask(r, nanos);
  }

  /** Runs {@code r} on the module thread after {@code nanos}, unless the module closed meanwhile. */
  private ScheduledFuture<?> scheduleTask(Runnable r, long nanos) {
    if (closed) {
      return null;
    }
    try {
      return exec.schedule(task(r), nanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.trace("fake module closed, event dropped");
      return null;
    }
  }

  /** On a shared event loop nothing stops our tasks at close: each checks for itself. */
  private Runnable task(Runnable r) {
    return () -> {
      if (!closed) {
        guarded(r);
      }
    };
  }

  private boolean inExec() {
    return exec instanceof io.netty.util.concurrent.EventExecutor loop
        ? loop.inEventLoop()
        : Thread.currentThread() == execThread;
  }

  private static void guarded(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("fake module internal error", e);
    }
  }

  private <T> T call(java.util.concurrent.Callable<T> c) {
    if (inExec()) {
      // Already on the module thread (a server timer, a close from a transport callback):
      // waiting for ourselves would deadlock.
      try {
        return c.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    exec.execute(() -> {
      try {
        f.complete(c.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("fake module thread did not answer", e);
    }
  }

  // ====================================================================================== output

  private static byte[] frame(String text) {
    return ("\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private void out(byte[] bytes) {
    if (chunkBytes > 0 && bytes.length > chunkBytes) {
      for (int i = 0; i < bytes.length; i += chunkBytes) {
        writeChunk(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunkBytes)));
      }
    } else {
      writeChunk(bytes);
    }
  }

  private void writeChunk(byte[] chunk) {
    long now = System.nanoTime();
    if (baud > 0) {
      // 10 bits per byte on the wire: the chunk is "sent" when its last bit left.
      long start = Math.max(now, outputFreeAt);
      outputFreeAt = start + chunk.length * 10L * 1_000_000_000L / baud;
      schedule(() -> rawWrite(chunk), outputFreeAt - now);
    } else if (outputFreeAt > now) {
      // Throttling was just switched off: keep order behind what is still scheduled.
      schedule(() -> rawWrite(chunk), outputFreeAt - now);
    } else {
      rawWrite(chunk);
    }
  }

  private void rawWrite(byte[] chunk) {
    if (transport == null || unresponsive) {
      return;
    }
    transcript.record(Transcript.Direction.MODULE_TO_HOST, Transcript.Kind.BYTES, chunk);
    try {
      transport.write(chunk);
    } catch (IOException e) {
      LOG.debug("write to host failed: {}", e.toString());
    }
  }

  private void ok() {
    if (!quiet) {
      out(frame("OK"));
    }
  }

  private void error() {
    if (!quiet) {
      out(frame("ERROR"));
    }
  }

  private void cmeError(int code) {
    if (quiet) {
      return;
    }
    switch (cmee) {
      case 0 -> out(frame("ERROR"));
      case 2 -> out(frame("+CME ERROR: " + cmeText(code)));
      default -> out(frame("+CME ERROR: " + code));
    }
  }

  private static String cmeText(int code) {
    return switch (code) {
      case 3 -> "operation not allowed";
      case 4 -> "operation not supported";
      case 50 -> "Incorrect parameters";
      default -> "unknown";
    };
  }

  private void info(String text) {
    out(frame(text));
  }

  private void urc(String text) {
    urc(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Emits {@code \r\n<body>\r\n} through the URC faults; ATQ1 suppresses it. */
  private void urc(byte[] body) {
    String head = new String(body, 0, Math.min(body.length, 64), StandardCharsets.ISO_8859_1);
    if (suppressOutcomes && isOutcome(head)) {
      transcript.note("fault: suppressed " + head);
      return;
    }
    for (Iterator<Fault.UrcFault> it = urcFaults.iterator(); it.hasNext(); ) {
      Fault.UrcFault f = it.next();
      if (head.startsWith(f.prefix())) {
        it.remove();
        transcript.note("fault " + f.action() + " on URC " + head);
        switch (f.action()) {
          case SWALLOW -> {
            return;
          }
          case DUPLICATE -> {
            emitUrc(body);
            emitUrc(body);
            return;
          }
          case DELAY -> {
            schedule(() -> emitUrc(body), f.delay().toNanos());
            return;
          }
        }
      }
    }
    emitUrc(body);
  }

  private static final List<String> OUTCOME_PREFIXES = List.of("+ECMTOPEN:", "+ECMTCONN:", "+ECMTSUB:",
      "+ECMTUNS:", "+ECMTPUB:", "+ECMTDISC:", "+ECMTCLOSE:");

  /** The URC that finishes a two-phase command (not +ECMTRECV / +ECMTSTAT). */
  private static boolean isOutcome(String head) {
    for (String p : OUTCOME_PREFIXES) {
      if (head.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private void emitUrc(byte[] body) {
    if (quiet) {
      return;
    }
    byte[] framed = new byte[body.length + 4];
    framed[0] = '\r';
    framed[1] = '\n';
    System.arraycopy(body, 0, framed, 2, body.length);
    framed[framed.length - 2] = '\r';
    framed[framed.length - 1] = '\n';
    out(framed);
  }

  // ======================================================================================= input

  private void onInput(byte[] bytes) {
    transcript.record(Transcript.Direction.HOST_TO_MODULE, Transcript.Kind.BYTES, bytes);
    if (unresponsive) {
      return; // a hung module: the bytes are gone
    }
    int i = 0;
    ByteArrayOutputStream echoed = new ByteArrayOutputStream();
    while (i < bytes.length) {
      if (prompt != null) {
        flushEcho(echoed);
        onPromptData(Arrays.copyOfRange(bytes, i, bytes.length));
        return;
      }
      byte c = bytes[i++];
      if (c == '\r' || c == '\n') {
        boolean crlf = c == '\n' && lastWasCr;
        lastWasCr = c == '\r';
        if (crlf || line.size() == 0) {
          continue;
        }
        flushEcho(echoed);
        String cmd = line.toString(StandardCharsets.UTF_8);
        line.reset();
        execute(cmd);
        if (prompt != null && i < bytes.length && bytes[i] == '\n' && c == '\r') {
          i++; // the LF of a CR LF ending the AT+ECMTPUB line is not payload
          lastWasCr = false;
        }
        continue;
      }
      lastWasCr = false;
      if (c >= 0x20 && c <= 0x7E) {
        if (echo) {
          echoed.write(c);
        }
      }
      if (c == CTRL_Z || c == ESC) {
        continue; // outside a prompt these mean nothing
      }
      line.write(c);
      if (line.size() > INPUT_MAX) {
        // Overflow: all pending input is discarded, as the firmware does.
        flushEcho(echoed);
        line.reset();
        error();
        return;
      }
    }
    flushEcho(echoed);
  }

  private void flushEcho(ByteArrayOutputStream echoed) {
    if (echoed.size() > 0) {
      out(echoed.toByteArray());
      echoed.reset();
    }
  }

  private void onPromptData(byte[] chunk) {
    PromptPub p = prompt;
    if (p.data.size() == 0 && lastWasCr && chunk.length > 0 && chunk[0] == '\n') {
      // The LF of the command's CR LF arrived in its own chunk: not payload.
      lastWasCr = false;
      chunk = Arrays.copyOfRange(chunk, 1, chunk.length);
    }
    p.data.writeBytes(chunk);
    if (chunk.length == 0) {
      return;
    }
    // The firmware only looks at the last byte of each chunk it receives.
    byte last = chunk[chunk.length - 1];
    if (last != CTRL_Z && last != ESC) {
      if (p.data.size() > INPUT_MAX) {
        endPrompt();
        error();
      }
      return;
    }
    endPrompt();
    byte[] all = p.data.toByteArray();
    byte[] payload = Arrays.copyOf(all, all.length - 1);
    transcript.record(Transcript.Direction.HOST_TO_MODULE, Transcript.Kind.PROMPT_DATA, payload);
    if (last == ESC) {
      ok();
      return;
    }
    if (payload.length > limits.promptPayloadMax()) {
      cmeError(3);
      return;
    }
    Ctx ctx = contexts[p.id];
    if (ctx == null || !ctx.connectedish()) {
      cmeError(3);
      return;
    }
    ok();
    publish(ctx, p.msgId, p.qos, p.retain, p.topic, payload);
  }

  private void endPrompt() {
    if (prompt != null && prompt.guard != null) {
      prompt.guard.cancel(false);
    }
    prompt = null;
  }

  // ==================================================================================== commands

  /** A command-level failure: plain ERROR (syntax) or +CME ERROR. */
  private static final class AtError extends RuntimeException {
    final int cme; // < 0: syntax error

    AtError(int cme, String why) {
      super(why, null, false, false);
      this.cme = cme;
    }
  }

  private static AtError syntax(String why) {
    return new AtError(-1, why);
  }

  private static AtError notAllowed(String why) {
    return new AtError(3, why);
  }

  private void execute(String cmd) {
    transcript.record(Transcript.Direction.HOST_TO_MODULE, Transcript.Kind.COMMAND,
        cmd.getBytes(StandardCharsets.UTF_8));
    Fault.FailNextCommand fail = failNext.poll();
    if (fail != null) {
      transcript.note("fault: failing " + Redaction.redact(cmd));
      if (fail.cmeCode() < 0) {
        error();
      } else {
        // The injected code is printed as a number whatever the CMEE mode: it is a test value.
        if (!quiet) {
          out(frame("+CME ERROR: " + fail.cmeCode()));
        }
      }
      return;
    }
    for (Iterator<Fault.ScriptedReply> it = scripted.iterator(); it.hasNext(); ) {
      Fault.ScriptedReply r = it.next();
      if (cmd.regionMatches(true, 0, r.commandPrefix(), 0, r.commandPrefix().length())) {
        it.remove();
        out(r.output().getBytes(StandardCharsets.UTF_8));
        return;
      }
    }
    try {
      dispatch(cmd);
    } catch (AtError e) {
      if (e.cme < 0) {
        if (strict) {
          violations.add(Redaction.redact(cmd) + "  (" + e.getMessage() + ")");
        }
        error();
      } else {
        cmeError(e.cme);
      }
    }
  }

  private void dispatch(String cmd) {
    if (cmd.length() < 2 || !cmd.substring(0, 2).equalsIgnoreCase("AT")) {
      throw syntax("not an AT command");
    }
    String rest = cmd.substring(2);
    int cut = indexOfAny(rest, '=', '?');
    String name = (cut < 0 ? rest : rest.substring(0, cut)).toUpperCase(Locale.ROOT);
    String tail = cut < 0 ? "" : rest.substring(cut);
    boolean read = tail.equals("?");
    boolean test = tail.equals("=?");
    String args = tail.startsWith("=") ? tail.substring(1) : null;
    if (!tail.isEmpty() && !read && args == null) {
      throw syntax("bad command form");
    }
    switch (name) {
      case "" -> noArgs(tail, this::ok);
      case "E0", "E1" -> noArgs(tail, () -> {
        echo = name.equals("E1");
        ok();
      });
      case "Q0", "Q1" -> noArgs(tail, () -> {
        quiet = false;
        ok();
        quiet = name.equals("Q1");
      });
      case "I" -> noArgs(tail, () -> {
        profile.identification().forEach(this::info);
        ok();
      });
      case "+CGMR" -> noArgs(tail, () -> {
        info(profile.revision());
        ok();
      });
      case "+CMEE" -> {
        if (read) {
          info("+CMEE: " + cmee);
          ok();
        } else if (test) {
          info("+CMEE: (0-2)");
          ok();
        } else if (args != null) {
          int v = num(one(args));
          if (v < 0 || v > 2) {
            throw notAllowed("CMEE out of range");
          }
          cmee = v;
          ok();
        } else {
          throw syntax("AT+CMEE needs a value");
        }
      }
      case "+CEREG" -> readOnly(read, "+CEREG: 0,1");
      case "+CGATT" -> readOnly(read, "+CGATT: 1");
      case "+CFUN" -> readOnly(read, "+CFUN: 1");
      case "+CSQ" -> noArgs(tail, () -> {
        info("+CSQ: 25,99");
        ok();
      });
      case "+ECMTCFG" -> {
        if (test) {
          out(("\r\n" + CFG_TEST + "\r\n").getBytes(StandardCharsets.US_ASCII));
          ok();
        } else {
          cfg(need(args));
        }
      }
      case "+ECMTOPEN" -> {
        if (read) {
          openRead();
        } else {
          open(need(args));
        }
      }
      case "+ECMTCLOSE" -> close(need(args));
      case "+ECMTCONN" -> {
        if (read) {
          connRead();
        } else {
          conn(need(args));
        }
      }
      case "+ECMTDISC" -> disc(need(args));
      case "+ECMTSUB" -> sub(need(args));
      case "+ECMTUNS" -> uns(need(args));
      case "+ECMTPUB" -> pub(need(args));
      default -> throw syntax("unknown command");
    }
  }

  private static String need(String args) {
    if (args == null || args.equals("?")) {
      throw syntax("parameters required");
    }
    return args;
  }

  private static void noArgs(String tail, Runnable r) {
    if (!tail.isEmpty()) {
      throw syntax("no parameters expected");
    }
    r.run();
  }

  private void readOnly(boolean read, String answer) {
    if (!read) {
      throw syntax("only the read form is supported");
    }
    info(answer);
    ok();
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == a || s.charAt(i) == b) {
        return i;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------------------------- parameters

  /** One parameter: its text without quotes, and whether it was quoted. */
  private record Param(String text, boolean quoted) { }

  /** Parameters plus, when {@code limit} was reached, the raw rest of the line after the next comma. */
  private record Params(List<Param> list, String rest) {
    int size() {
      return list.size();
    }

    Param get(int i) {
      return list.get(i);
    }
  }

  private static Params params(String s, int limit) {
    List<Param> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (true) {
      if (limit > 0 && out.size() == limit) {
        return new Params(out, s.substring(i));
      }
      if (i < n && s.charAt(i) == '"') {
        int close = s.indexOf('"', i + 1);
        if (close < 0) {
          throw syntax("unterminated quote");
        }
        out.add(new Param(s.substring(i + 1, close), true));
        i = close + 1;
        if (i < n && s.charAt(i) != ',') {
          throw syntax("quote inside a quoted parameter");
        }
      } else {
        int comma = s.indexOf(',', i);
        String t = comma < 0 ? s.substring(i) : s.substring(i, comma);
        if (t.indexOf('"') >= 0) {
          throw syntax("stray quote");
        }
        out.add(new Param(t.trim(), false));
        i = comma < 0 ? n : comma;
      }
      if (i >= n) {
        return new Params(out, null);
      }
      i++; // the comma
    }
  }

  private static Params params(String s) {
    return params(s, 0);
  }

  private static String one(String args) {
    Params p = params(args);
    if (p.size() != 1) {
      throw syntax("one parameter expected");
    }
    return p.get(0).text();
  }

  private static int num(String t) {
    if (t.isEmpty() || !t.matches("-?\\d{1,9}")) {
      throw syntax("not a number: " + t);
    }
    return Integer.parseInt(t);
  }

  private static int num(Param p) {
    if (p.quoted()) {
      throw syntax("number expected, got a string");
    }
    return num(p.text());
  }

  private static int range(Param p, int min, int max) {
    int v = num(p);
    if (v < min || v > max) {
      throw notAllowed(v + " out of range " + min + ".." + max);
    }
    return v;
  }

  private int clientId(Param p) {
    int id = num(p);
    if (!limits.isClientId(id)) {
      throw notAllowed("no client " + id);
    }
    return id;
  }

  private static String str(Param p, int max) {
    if (p.text().length() > max) {
      throw notAllowed("string longer than " + max);
    }
    return p.text();
  }

  // ------------------------------------------------------------------------------------ ECMTCFG

  private void cfg(String args) {
    Params p = params(args);
    if (p.size() < 2) {
      throw syntax("ECMTCFG needs an option and a client id");
    }
    String option = p.get(0).text().toLowerCase(Locale.ROOT);
    int id = clientId(p.get(1));
    List<Param> v = p.list().subList(2, p.size());
    if (v.isEmpty()) {
      Ctx ctx = contexts[id];
      if (ctx == null) {
        throw notAllowed("no context");
      }
      String shown = ctx.cfgQuery(option);
      if (shown == null) {
        throw notAllowed("unknown option " + option);
      }
      info("+ECMTCFG: \"" + option + "\"," + shown);
      ok();
      return;
    }
    Ctx ctx = contexts[id] != null ? contexts[id] : new Ctx(id);
    switch (option) {
      case "keepalive" -> ctx.keepalive = range(exactly(v, 1).get(0), 0, 3600);
      case "session" -> ctx.session = range(exactly(v, 1).get(0), 0, 1);
      case "timeout" -> {
        if (v.size() > 3) {
          throw syntax("too many values");
        }
        int[] t = {range(v.get(0), 1, 60),
            v.size() > 1 ? range(v.get(1), 1, 10) : ctx.timeout[1],
            v.size() > 2 ? range(v.get(2), 0, 1) : ctx.timeout[2]};
        ctx.timeout = t;
      }
      case "will" -> {
        if (v.size() != 1 && v.size() != 5) {
          throw syntax("will takes 1 or 5 values");
        }
        int flag = range(v.get(0), 0, 1);
        if (v.size() == 5) {
          int qos = range(v.get(1), 0, 2);
          int retain = range(v.get(2), 0, 1);
          String topic = str(v.get(3), limits.willTopicMax());
          String msg = str(v.get(4), limits.willMessageMax());
          ctx.willQos = qos;
          ctx.willRetain = retain;
          ctx.willTopic = topic;
          ctx.willMessage = msg;
        }
        ctx.willFlag = flag;
      }
      case "version" -> {
        int ver = num(exactly(v, 1).get(0));
        if (ver != 3 && ver != 4) {
          throw notAllowed("version must be 3 or 4");
        }
        ctx.version = ver;
      }
      case "echomode" -> ctx.echomode = range(exactly(v, 1).get(0), 0, 1);
      case "dataformat" -> {
        exactly(v, 2);
        ctx.dataformat = new int[] {range(v.get(0), 0, 1), range(v.get(1), 0, 1)};
      }
      case "cloud" -> {
        exactly(v, 2);
        ctx.cloud = new int[] {range(v.get(0), 0, 255), range(v.get(1), 0, 255)};
      }
      case "aliauth" -> {
        if (v.size() < 3) {
          throw syntax("aliauth needs three strings");
        }
        ctx.aliauth = v.stream().map(Param::text).toList();
      }
      default -> throw notAllowed("unknown option " + option);
    }
    contexts[id] = ctx; // the first ECMTCFG creates the context
    ok();
  }

  private static List<Param> exactly(List<Param> v, int n) {
    if (v.size() != n) {
      throw syntax("expected " + n + " values");
    }
    return v;
  }

  // ----------------------------------------------------------------------------------- ECMTOPEN

  private void openRead() {
    for (Ctx ctx : contexts) {
      if (ctx != null && ctx.host != null && ctx.state != State.IDLE) {
        info("+ECMTOPEN:" + ctx.id + ",\"" + ctx.host + "\"," + ctx.port);
      }
    }
    ok();
  }

  private void open(String args) {
    Params p = params(args);
    if (p.size() != 3) {
      throw syntax("ECMTOPEN needs id, host, port");
    }
    int id = clientId(p.get(0));
    String host = str(p.get(1), limits.hostMax());
    int port = range(p.get(2), 1, 65535);
    if (host.isEmpty()) {
      throw notAllowed("empty host");
    }
    Ctx existing = contexts[id];
    if (existing != null && existing.state.linked()) {
      ok(); // the quirk: accepted, and no URC will ever follow
      return;
    }
    Ctx ctx = existing != null ? existing : new Ctx(id);
    contexts[id] = ctx;
    ctx.host = host;
    ctx.port = port;
    ctx.state = State.OPENING;
    ok();
    mqtt(done -> connectTcp(ctx, done));
  }

  private void connectTcp(Ctx ctx, Runnable done) {
    InetSocketAddress target = route(ctx.host, ctx.port);
    if (target == null) {
      transcript.note("route " + ctx.host + ":" + ctx.port + " -> none (offline)");
      openFailed(ctx, done);
      return;
    }
    transcript.note("route " + ctx.host + ":" + ctx.port + " -> " + target.getHostString() + ":" + target.getPort());
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, new BrokerHandler(ctx));
          }
        });
    ChannelFuture f = b.connect(target);
    f.addListener(r -> post(() -> {
      if (contexts[ctx.id] != ctx || ctx.state != State.OPENING) {
        f.channel().close(); // rebooted or closed meanwhile
        done.run();
        return;
      }
      if (r.isSuccess()) {
        ctx.channel = f.channel();
        ctx.state = State.OPEN;
        urc("+ECMTOPEN: " + ctx.id + ",0");
        done.run();
      } else {
        openFailed(ctx, done);
      }
    }));
  }

  private void openFailed(Ctx ctx, Runnable done) {
    destroy(ctx);
    urc("+ECMTOPEN: " + ctx.id + ",-1");
    done.run();
  }

  private InetSocketAddress route(String host, int port) {
    InetSocketAddress r = routes.get(routeKey(host, port));
    if (r == null) {
      r = routes.get(routeKey(host, -1));
    }
    if (r == null) {
      r = defaultRoute;
    }
    if (r == null && (host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost"))) {
      r = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
    return r;
  }

  private static String routeKey(String host, int port) {
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  // ---------------------------------------------------------------------------------- ECMTCLOSE

  private void close(String args) {
    Params p = params(args);
    if (p.size() != 1) {
      throw syntax("ECMTCLOSE needs an id");
    }
    Ctx ctx = contexts[clientId(p.get(0))];
    if (ctx == null || !(ctx.state == State.OPEN || ctx.state.connectedish() || ctx.state == State.LOST)) {
      throw notAllowed("not open");
    }
    ok();
    mqtt(done -> shutdownLink(ctx, "+ECMTCLOSE: ", done));
  }

  private void shutdownLink(Ctx ctx, String urcPrefix, Runnable done) {
    Channel ch = ctx.channel;
    ctx.closing = true;
    ctx.cancelPing();
    destroy(ctx);
    if (ch == null || !ch.isActive()) {
      urc(urcPrefix + ctx.id + ",0");
      done.run();
      return;
    }
    Runnable closeIt = () -> ch.close().addListener(c -> post(() -> {
      urc(urcPrefix + ctx.id + "," + (c.isSuccess() ? 0 : -1));
      done.run();
    }));
    if (ctx.state.connectedish()) {
      sendToBroker(ctx, new MqttMessage(fixed(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE)),
          ok -> closeIt.run(), ch);
    } else {
      closeIt.run();
    }
  }

  // ----------------------------------------------------------------------------------- ECMTCONN

  private void connRead() {
    for (Ctx ctx : contexts) {
      if (ctx != null && ctx.state.readState() > 0) {
        info("+ECMTCONN:" + ctx.id + "," + ctx.state.readState());
      }
    }
    ok();
  }

  private void conn(String args) {
    Params p = params(args);
    if (p.size() < 1 || p.size() > 4) {
      throw syntax("ECMTCONN takes 1 to 4 parameters");
    }
    Ctx ctx = contexts[clientId(p.get(0))];
    String cid = p.size() > 1 ? str(p.get(1), limits.clientIdMax()) : null;
    String user = p.size() > 2 ? str(p.get(2), limits.usernameMax()) : null;
    String pass = p.size() > 3 ? str(p.get(3), limits.passwordMax()) : null;
    if (ctx != null && ctx.state.connectedish()) {
      ok(); // already connecting or connected: accepted, no URC
      return;
    }
    if (ctx == null || ctx.state != State.OPEN) {
      throw notAllowed("not open");
    }
    ctx.state = State.CONNECT_QUEUED;
    ok();
    mqtt(done -> {
      if (ctx.state != State.CONNECT_QUEUED || ctx.channel == null) {
        done.run();
        return;
      }
      MqttMessageBuilders.ConnectBuilder cb = MqttMessageBuilders.connect()
          .protocolVersion(ctx.effectiveVersion() == 3 ? MqttVersion.MQTT_3_1 : MqttVersion.MQTT_3_1_1)
          .cleanSession(ctx.effectiveSession() == 1)
          .keepAlive(ctx.effectiveKeepalive());
      boolean all = cid != null && user != null && pass != null;
      if (profile.credentialsAllOrNothing()) {
        // EC616S quirk: anything less than all three reaches the broker as an empty client id.
        cb.clientId(all ? cid : "");
        if (all) {
          cb.hasUser(true).username(user).hasPassword(true).password(pass.getBytes(StandardCharsets.UTF_8));
        }
      } else {
        cb.clientId(cid == null ? "" : cid);
        if (user != null) {
          cb.hasUser(true).username(user);
        }
        if (pass != null) {
          cb.hasPassword(true).password(pass.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (ctx.willFlag == 1 && ctx.willTopic != null) {
        cb.willFlag(true)
            .willQoS(MqttQoS.valueOf(ctx.willQos))
            .willRetain(ctx.willRetain == 1)
            .willTopic(ctx.willTopic)
            .willMessage(ctx.willMessage.getBytes(StandardCharsets.UTF_8));
      }
      sendToBroker(ctx, cb.build(), written -> {
        if (written) {
          ctx.state = State.CONNECTING; // reads back as 3 from here on, before CONNACK
          ctx.connDone = done;
          ctx.startPing();
        } else {
          ctx.state = State.OPEN;
          urc("+ECMTCONN: " + ctx.id + ",2,2");
          done.run();
        }
      });
    });
  }

  // ----------------------------------------------------------------------------------- ECMTDISC

  private void disc(String args) {
    Params p = params(args);
    if (p.size() != 1) {
      throw syntax("ECMTDISC needs an id");
    }
    Ctx ctx = contexts[clientId(p.get(0))];
    if (ctx == null || !(ctx.state == State.OPEN || ctx.state.connectedish() || ctx.state == State.LOST)) {
      throw notAllowed("nothing open");
    }
    ok();
    mqtt(done -> shutdownLink(ctx, "+ECMTDISC: ", done));
  }

  // ------------------------------------------------------------------------------ ECMTSUB / UNS

  private void sub(String args) {
    Params p = params(args);
    if (p.size() != 4) {
      throw syntax("ECMTSUB needs id, msgID, topic, qos");
    }
    Ctx ctx = contexts[clientId(p.get(0))];
    int msgId = range(p.get(1), 1, 65535);
    String filter = str(p.get(2), limits.topicMax());
    int qos = range(p.get(3), 0, 2);
    if (filter.isEmpty()) {
      throw notAllowed("empty topic");
    }
    requireConnected(ctx);
    ok();
    mqtt(done -> {
      ctx.pendingSub.put(msgId, done);
      sendToBroker(ctx, MqttMessageBuilders.subscribe().messageId(msgId)
          .addSubscription(MqttQoS.valueOf(qos), filter).build(), written -> {
            if (!written) {
              ctx.pendingSub.remove(msgId);
              urc("+ECMTSUB: " + ctx.id + "," + msgId + ",2");
              done.run();
            }
          });
    });
  }

  private void uns(String args) {
    Params p = params(args);
    if (p.size() != 3) {
      throw syntax("ECMTUNS needs id, msgID, topic");
    }
    Ctx ctx = contexts[clientId(p.get(0))];
    int msgId = range(p.get(1), 1, 65535);
    String filter = str(p.get(2), limits.topicMax());
    if (filter.isEmpty()) {
      throw notAllowed("empty topic");
    }
    requireConnected(ctx);
    ok();
    mqtt(done -> {
      ctx.pendingUns.put(msgId, done);
      sendToBroker(ctx, MqttMessageBuilders.unsubscribe().messageId(msgId).addTopicFilter(filter).build(),
          written -> {
            if (!written) {
              ctx.pendingUns.remove(msgId);
              urc("+ECMTUNS: " + ctx.id + "," + msgId + ",2");
              done.run();
            }
          });
    });
  }

  /** For PUB, SUB and UNS. */
  private void requireConnected(Ctx ctx) {
    if (ctx == null || !ctx.connectedish()) {
      if (ctx != null && ctx.statHeld && ctx.statErrorsLeft > 0 && --ctx.statErrorsLeft == 0) {
        releaseStat(ctx); // scheduled, so it follows this command's +CME ERROR
      }
      throw notAllowed("not connected");
    }
  }

  // ------------------------------------------------------------------------------------ ECMTPUB

  private void pub(String args) {
    Params p = params(args, 5);
    if (p.size() != 5) {
      throw syntax("ECMTPUB needs id, msgID, qos, retain, topic");
    }
    int id = clientId(p.get(0));
    int msgId = range(p.get(1), 0, 65535);
    int qos = range(p.get(2), 0, 2);
    int retainRai = num(p.get(3));
    boolean retainOk = profile == FakeProfile.EC616S
        ? retainRai >= 0 && retainRai <= 31 && retainRai % 10 <= 1
        : retainRai == 0 || retainRai == 1;
    if (!retainOk) {
      throw notAllowed("retain out of range");
    }
    String topic = str(p.get(4), limits.topicMax());
    if (topic.isEmpty() || topic.contains("#") || topic.contains("+")) {
      throw notAllowed("bad topic");
    }
    if (qos > 0 && msgId == 0) {
      throw notAllowed("msgID 0 with QoS > 0");
    }
    Ctx ctx = contexts[id];
    requireConnected(ctx);
    boolean retain = retainRai % 10 == 1;
    if (p.rest() == null) {
      // Prompt form: raw bytes until Ctrl+Z, guarded by the 20 s timer.
      PromptPub pp = new PromptPub(id, msgId, qos, retain, topic);
      prompt = pp;
      pp.guard = scheduleTask(() -> {
        if (prompt == pp) {
          prompt = null;
          transcript.note("prompt guard timer expired");
          error();
        }
      }, promptGuard.toNanos());
      out("\r\n> ".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    String payload = p.rest();
    if (payload.startsWith("\"")) {
      payload = payload.substring(1);
    }
    if (payload.endsWith("\"")) {
      payload = payload.substring(0, payload.length() - 1);
    }
    if (payload.length() > limits.stringPayloadMax()) {
      throw notAllowed("payload too long");
    }
    ok();
    publish(ctx, msgId, qos, retain, topic, payload.getBytes(StandardCharsets.UTF_8));
  }

  private void publish(Ctx ctx, int msgId, int qos, boolean retain, String topic, byte[] payload) {
    mqtt(done -> {
      if (qos > 0) {
        ctx.pendingPub.put(msgId, done);
      }
      MqttPublishMessage m = MqttMessageBuilders.publish()
          .topicName(topic)
          .qos(MqttQoS.valueOf(qos))
          .retained(retain)
          .messageId(msgId)
          .payload(Unpooled.wrappedBuffer(payload))
          .build();
      sendToBroker(ctx, m, written -> {
        if (!written) {
          ctx.pendingPub.remove(msgId);
          urc("+ECMTPUB: " + ctx.id + "," + msgId + ",2");
          done.run();
        } else if (qos == 0) {
          urc("+ECMTPUB: " + ctx.id + "," + msgId + ",0");
          done.run();
        }
      });
    });
  }

  // ================================================================================== MQTT side

  /** Runs one MQTT request, or queues it behind the current one when serialised (EC616S). */
  private void mqtt(Consumer<Runnable> op) {
    if (!serialize) {
      op.accept(() -> { });
      return;
    }
    mqttQueue.add(op);
    pumpMqtt();
  }

  private void pumpMqtt() {
    if (mqttBusy || mqttQueue.isEmpty()) {
      return;
    }
    mqttBusy = true;
    long gen = mqttGeneration;
    Consumer<Runnable> op = mqttQueue.poll();
    boolean[] finished = {false};
    op.accept(() -> {
      if (!finished[0] && gen == mqttGeneration) {
        finished[0] = true;
        mqttBusy = false;
        pumpMqtt();
      }
    });
  }

  private void resetMqttQueue() {
    mqttGeneration++;
    mqttQueue.clear();
    mqttBusy = false;
  }

  private static MqttFixedHeader fixed(MqttMessageType type, MqttQoS qos) {
    return new MqttFixedHeader(type, false, qos, false, 0);
  }

  private static MqttMessage idMessage(MqttMessageType type, int id) {
    MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
    return new MqttMessage(fixed(type, qos), MqttMessageIdVariableHeader.from(id));
  }

  private void sendToBroker(Ctx ctx, MqttMessage msg, Consumer<Boolean> written) {
    sendToBroker(ctx, msg, written, ctx.channel);
  }

  /** Writes after the configured latency; {@code written} runs on the module thread. */
  private void sendToBroker(Ctx ctx, MqttMessage msg, Consumer<Boolean> written, Channel ch) {
    schedule(() -> {
      if (ch == null || !ch.isActive()) {
        io.netty.util.ReferenceCountUtil.release(msg);
        written.accept(false);
        return;
      }
      ch.writeAndFlush(msg).addListener(f -> post(() -> written.accept(f.isSuccess())));
    }, latencyNanos);
  }

  /** An immutable copy of what the broker sent, made on the netty thread. */
  private record Inbound(MqttMessageType type, int packetId, String topic, byte[] payload, int qos,
      int code) { }

  private final class BrokerHandler extends SimpleChannelInboundHandler<MqttMessage> {
    private final Ctx ctx;

    BrokerHandler(Ctx ctx) {
      this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext chc, MqttMessage msg) {
      if (msg.decoderResult().isFailure()) {
        LOG.debug("undecodable packet from broker", msg.decoderResult().cause());
        return;
      }
      MqttMessageType type = msg.fixedHeader().messageType();
      Inbound in;
      switch (type) {
        case PUBLISH -> {
          MqttPublishMessage p = (MqttPublishMessage) msg;
          // netty reports -1 as the packet id of a QoS 0 PUBLISH; the module prints 0.
          in = new Inbound(type, Math.max(0, p.variableHeader().packetId()), p.variableHeader().topicName(),
              ByteBufUtil.getBytes(p.payload()), p.fixedHeader().qosLevel().value(), 0);
        }
        case CONNACK -> in = new Inbound(type, 0, null, null, 0,
            ((MqttConnAckMessage) msg).variableHeader().connectReturnCode().byteValue() & 0xFF);
        case SUBACK -> {
          MqttSubAckMessage s = (MqttSubAckMessage) msg;
          List<Integer> codes = s.payload().reasonCodes();
          in = new Inbound(type, s.variableHeader().messageId(), null, null, codes.size(),
              codes.isEmpty() ? 0x80 : codes.get(0));
        }
        default -> {
          int id = msg.variableHeader() instanceof MqttMessageIdVariableHeader h ? h.messageId() : 0;
          in = new Inbound(type, id, null, null, 0, 0);
        }
      }
      Channel ch = chc.channel();
      schedule(() -> onBroker(ctx, ch, in), latencyNanos);
    }

    @Override
    public void channelInactive(ChannelHandlerContext chc) {
      Channel ch = chc.channel();
      schedule(() -> onLinkDown(ctx, ch), latencyNanos);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext chc, Throwable cause) {
      LOG.debug("broker link error", cause);
      chc.close();
    }
  }

  private void onBroker(Ctx ctx, Channel ch, Inbound in) {
    if (ctx.channel != ch || contexts[ctx.id] != ctx) {
      return; // a link we already gave up (DISC, CLOSE, reboot)
    }
    switch (in.type()) {
      case CONNACK, SUBACK, UNSUBACK, PUBACK, PUBREC, PUBCOMP -> {
        if (swallowAcks > 0) {
          swallowAcks--;
          transcript.note("fault: swallowed " + in.type() + " " + in.packetId());
          return;
        }
      }
      default -> { }
    }
    String id = ctx.id + ",";
    switch (in.type()) {
      case CONNACK -> {
        ctx.state = State.CONNECTED;
        Runnable d = ctx.connDone;
        ctx.connDone = null;
        if (contradictConns > 0) {
          // Neoway EC626 builds: a "send failed" outcome first, then the real one.
          contradictConns--;
          urc("+ECMTCONN: " + id + "2,2");
          schedule(() -> {
            if (contexts[ctx.id] == ctx) {
              urc("+ECMTCONN: " + id + "0," + in.code());
            }
            finish(d);
          }, contradictSpacingNanos);
          return;
        }
        urc("+ECMTCONN: " + id + "0," + in.code());
        finish(d);
      }
      case SUBACK -> {
        int value;
        if (profile.subAckPrintsGrantedQos()) {
          value = in.code() == 0x80 ? 128 : in.code();
        } else {
          value = in.qos(); // EC616S prints the count of return codes and misses 0x80
        }
        urc("+ECMTSUB: " + id + in.packetId() + ",0," + value);
        finish(ctx.pendingSub.remove(in.packetId()));
      }
      case UNSUBACK -> {
        urc("+ECMTUNS: " + id + in.packetId() + ",0");
        finish(ctx.pendingUns.remove(in.packetId()));
      }
      case PUBACK, PUBCOMP -> {
        urc("+ECMTPUB: " + id + in.packetId() + ",0");
        finish(ctx.pendingPub.remove(in.packetId()));
      }
      case PUBREC -> sendToBroker(ctx, idMessage(MqttMessageType.PUBREL, in.packetId()), ok -> { });
      case PUBREL -> sendToBroker(ctx, idMessage(MqttMessageType.PUBCOMP, in.packetId()), ok -> { });
      case PUBLISH -> {
        urc(recvLine(ctx.id, in));
        if (in.qos() == 1) {
          sendToBroker(ctx, idMessage(MqttMessageType.PUBACK, in.packetId()), ok -> { });
        } else if (in.qos() == 2) {
          sendToBroker(ctx, idMessage(MqttMessageType.PUBREC, in.packetId()), ok -> { });
        }
      }
      case PINGRESP -> transcript.note("mqtt PINGRESP on client " + ctx.id); // proof the broker saw PINGREQ
      default -> { } // anything else: nothing to print
    }
  }

  private static void finish(Runnable done) {
    if (done != null) {
      done.run();
    }
  }

  /** {@code +ECMTRECV: <id>,<msgID>,"<topic>",<raw payload>}: cut at NUL, up to two trailing CR/LF dropped. */
  static byte[] recvLine(int clientId, Inbound in) {
    byte[] p = in.payload();
    int end = p.length;
    for (int i = 0; i < p.length; i++) {
      if (p[i] == 0) {
        end = i;
        break;
      }
    }
    for (int k = 0; k < 2 && end > 0 && (p[end - 1] == '\r' || p[end - 1] == '\n'); k++) {
      end--;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("+ECMTRECV: " + clientId + "," + in.packetId() + ",\"" + in.topic() + "\",")
        .getBytes(StandardCharsets.UTF_8));
    b.write(p, 0, end);
    return b.toByteArray();
  }

  private void onLinkDown(Ctx ctx, Channel ch) {
    if (ctx.channel != ch || ctx.closing || contexts[ctx.id] != ctx) {
      return;
    }
    linkLost(ctx);
    urc("+ECMTSTAT: " + ctx.id + ",1");
  }

  /** The broker link is gone: state and pending work, but no URC yet. */
  private void linkLost(Ctx ctx) {
    ctx.channel = null;
    ctx.cancelPing();
    ctx.state = State.LOST;
    ctx.pendingPub.clear();
    ctx.pendingSub.clear();
    ctx.pendingUns.clear();
    ctx.connDone = null;
    if (serialize) {
      // The request waiting for an ack on this link will never finish: free the MQTT task.
      resetMqttQueue();
    }
  }

  /** {@link Fault.LateLinkLoss}: prints the held-back {@code +ECMTSTAT} after its delay. */
  private void releaseStat(Ctx ctx) {
    schedule(() -> {
      if (contexts[ctx.id] == ctx && ctx.statHeld) {
        ctx.statHeld = false;
        urc("+ECMTSTAT: " + ctx.id + ",1");
      }
    }, ctx.statDelayNanos);
  }

  private void destroy(Ctx ctx) {
    if (contexts[ctx.id] == ctx) {
      contexts[ctx.id] = null;
    }
  }

  private void dropAllContexts() {
    for (Ctx ctx : contexts) {
      if (ctx != null) {
        ctx.closing = true;
        ctx.cancelPing();
        if (ctx.channel != null) {
          ctx.channel.close();
        }
      }
    }
    Arrays.fill(contexts, null);
    resetMqttQueue();
  }

  // ====================================================================================== faults

  private void applyNow(Fault fault) {
    transcript.note("fault " + fault);
    // Java 17: no pattern switch, so an instanceof chain over the sealed hierarchy.
    if (fault instanceof Fault.DropBrokerLink d) {
      linkedContext(d.clientId()).channel.close(); // channelInactive reports it as a link loss
    } else if (fault instanceof Fault.SwallowAcks s) {
      swallowAcks += s.count();
    } else if (fault instanceof Fault.FailNextCommand f) {
      failNext.add(f);
    } else if (fault instanceof Fault.UrcFault u) {
      urcFaults.add(u);
    } else if (fault instanceof Fault.InjectLine l) {
      out(l.framed() ? frame(l.text()) : l.text().getBytes(StandardCharsets.UTF_8));
    } else if (fault instanceof Fault.Reboot) {
      reboot();
    } else if (fault instanceof Fault.ChunkOutput c) {
      chunkBytes = Math.max(0, c.bytes());
    } else if (fault instanceof Fault.Throttle t) {
      baud = Math.max(0, t.baud());
    } else if (fault instanceof Fault.BrokerLatency l) {
      latencyNanos = Math.max(0, l.latency().toNanos());
    } else if (fault instanceof Fault.ScriptedReply r) {
      scripted.add(r);
    } else if (fault instanceof Fault.SerializeMqtt s) {
      serialize = s.enabled();
      if (!serialize) {
        resetMqttQueue();
      }
    } else if (fault instanceof Fault.Unresponsive u) {
      unresponsive = u.enabled();
      line.reset(); // what was typed before the hang is lost with it
      lastWasCr = false;
    } else if (fault instanceof Fault.SuppressOutcomes o) {
      suppressOutcomes = o.enabled();
    } else if (fault instanceof Fault.LateLinkLoss l) {
      Ctx ctx = linkedContext(l.clientId());
      Channel ch = ctx.channel;
      ctx.statHeld = true;
      ctx.statErrorsLeft = l.erroredCommands();
      ctx.statDelayNanos = l.statDelay().toNanos();
      linkLost(ctx); // at once, so the very next command already finds the link gone
      ch.close();
      if (l.erroredCommands() == 0) {
        releaseStat(ctx);
      }
    } else if (fault instanceof Fault.ContradictingConnUrcs c) {
      contradictConns = (int) Math.min(Integer.MAX_VALUE, (long) contradictConns + c.count());
      contradictSpacingNanos = c.spacing().toNanos();
    }
  }

  private Ctx linkedContext(int clientId) {
    if (!limits.isClientId(clientId)) {
      throw new IllegalArgumentException("no client " + clientId);
    }
    Ctx ctx = contexts[clientId];
    if (ctx == null || ctx.channel == null) {
      throw new IllegalStateException("client " + clientId + " has no broker link");
    }
    return ctx;
  }

  private void reboot() {
    dropAllContexts();
    endPrompt();
    line.reset();
    lastWasCr = false;
    echo = true;
    quiet = false;
    cmee = initialCmee;
    out(frame("RDY"));
  }

  // ================================================================================ client state

  /** Client context states; {@link #readState()} is what {@code AT+ECMTCONN?} prints (0: nothing). */
  private enum State {
    IDLE(0), OPENING(0), OPEN(1), CONNECT_QUEUED(2), CONNECTING(3), CONNECTED(3), LOST(4);

    private final int read;

    State(int read) {
      this.read = read;
    }

    int readState() {
      return read;
    }

    boolean linked() {
      return this == OPENING || this == OPEN || connectedish();
    }

    boolean connectedish() {
      return this == CONNECT_QUEUED || this == CONNECTING || this == CONNECTED;
    }
  }

  /** One client context: its configuration (query shadow and effective values) and link. */
  private final class Ctx {
    final int id;
    State state = State.IDLE;
    // null / 0 = never set: queries print 0, CONNECT uses the firmware defaults.
    Integer keepalive;
    Integer session;
    Integer version;
    int[] timeout = {0, 0, 0};
    int willFlag;
    int willQos;
    int willRetain;
    String willTopic;
    String willMessage;
    int echomode;
    int[] dataformat = {0, 0};
    int[] cloud = {0, 0};
    List<String> aliauth;
    String host;
    int port;
    Channel channel;
    boolean closing;
    ScheduledFuture<?> ping;
    Runnable connDone;
    /** {@link Fault.LateLinkLoss}: the link is gone but {@code +ECMTSTAT} is not printed yet. */
    boolean statHeld;
    int statErrorsLeft;
    long statDelayNanos;
    final Map<Integer, Runnable> pendingPub = new HashMap<>();
    final Map<Integer, Runnable> pendingSub = new HashMap<>();
    final Map<Integer, Runnable> pendingUns = new HashMap<>();

    Ctx(int id) {
      this.id = id;
    }

    boolean connectedish() {
      return state.connectedish();
    }

    int effectiveKeepalive() {
      return keepalive == null ? 120 : keepalive;
    }

    int effectiveSession() {
      return session == null ? 1 : session;
    }

    int effectiveVersion() {
      return version == null ? 4 : version;
    }

    String cfgQuery(String option) {
      return switch (option) {
        case "keepalive" -> Integer.toString(keepalive == null ? 0 : keepalive);
        case "session" -> Integer.toString(session == null ? 0 : session);
        case "version" -> Integer.toString(version == null ? 0 : version);
        case "timeout" -> timeout[0] + "," + timeout[1] + "," + timeout[2];
        case "will" -> willFlag + "," + willQos + "," + willRetain + ","
            + (willTopic == null ? "" : willTopic) + "," + (willMessage == null ? "" : willMessage);
        case "echomode" -> Integer.toString(echomode);
        case "dataformat" -> dataformat[0] + "," + dataformat[1];
        case "cloud" -> cloud[0] + "," + cloud[1];
        case "aliauth" -> aliauth == null ? "\"\",\"\",\"\""
            : String.join(",", aliauth.stream().map(s -> "\"" + s + "\"").toList());
        default -> null;
      };
    }

    void startPing() {
      int ka = effectiveKeepalive();
      if (ka > 0 && ping == null) {
        ping = exec.scheduleAtFixedRate(task(() -> {
          if (channel != null) {
            transcript.note("mqtt PINGREQ on client " + id);
            sendToBroker(this, new MqttMessage(fixed(MqttMessageType.PINGREQ, MqttQoS.AT_MOST_ONCE)), ok -> { });
          }
        }), ka, ka, TimeUnit.SECONDS);
      }
    }

    void cancelPing() {
      if (ping != null) {
        ping.cancel(false);
        ping = null;
      }
    }
  }

  /** A publish waiting for its prompt payload. */
  private static final class PromptPub {
    final int id;
    final int msgId;
    final int qos;
    final boolean retain;
    final String topic;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    ScheduledFuture<?> guard;

    PromptPub(int id, int msgId, int qos, boolean retain, String topic) {
      this.id = id;
      this.msgId = msgId;
      this.qos = qos;
      this.retain = retain;
      this.topic = topic;
    }
  }

  // ===================================================================================== builder

  /** Configures a {@link FakeModule}. */
  public static final class Builder {
    private FakeProfile profile = FakeProfile.EC616S;
    private boolean echo;
    private boolean rdy = true;
    private int cmee = 1;
    private final Map<String, InetSocketAddress> routes = new HashMap<>();
    private InetSocketAddress defaultRoute;
    private boolean strict = true;
    private Duration promptGuard = Duration.ofSeconds(20);
    private int transcriptLimit = Integer.MAX_VALUE;
    private long transcriptBytes = Long.MAX_VALUE;
    private io.netty.channel.EventLoop eventLoop;

    private Builder() {}

    /**
     * Keeps only about the last {@code bytes} bytes of transcript entries (each entry also
     * counts a small fixed overhead; the newest entry is always kept). Default: no byte limit.
     * For servers and long runs, where a host could otherwise fill the heap through the transcript.
     */
    public Builder transcriptByteLimit(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("transcriptByteLimit must be ≥ 1");
      }
      this.transcriptBytes = bytes;
      return this;
    }

    /**
     * Runs the module's state and its broker links on {@code loop} instead of its own threads
     * (the server shares a few loops among all its sessions). {@link #close()} leaves the loop
     * running. Nothing on the module thread may block, so the transport must not either.
     */
    Builder eventLoop(io.netty.channel.EventLoop loop) {
      this.eventLoop = Objects.requireNonNull(loop, "loop");
      return this;
    }

    /**
     * Keeps only the last {@code entries} transcript entries (default: all). For long runs such as
     * soak tests, where a full transcript would be most of the heap.
     */
    public Builder transcriptLimit(int entries) {
      if (entries < 1) {
        throw new IllegalArgumentException("transcriptLimit must be ≥ 1");
      }
      this.transcriptLimit = entries;
      return this;
    }

    /** The build to imitate (default {@link FakeProfile#EC616S}). */
    public Builder profile(FakeProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** Echo at start ({@code ATE1} state); default off. A reboot turns it on regardless. */
    public Builder echo(boolean echo) {
      this.echo = echo;
      return this;
    }

    /** Whether {@code RDY} is printed when the module starts; default true. */
    public Builder printRdy(boolean rdy) {
      this.rdy = rdy;
      return this;
    }

    /** The {@code AT+CMEE} mode at start: 0, 1 (default) or 2. */
    public Builder cmee(int mode) {
      if (mode < 0 || mode > 2) {
        throw new IllegalArgumentException("CMEE mode must be 0..2");
      }
      this.cmee = mode;
      return this;
    }

    /** Sends {@code AT+ECMTOPEN=<id>,"<host>",<port>} to {@code target} instead (host case-insensitive). */
    public Builder route(String host, int port, InetSocketAddress target) {
      routes.put(routeKey(Objects.requireNonNull(host, "host"), port), Objects.requireNonNull(target, "target"));
      return this;
    }

    /** Sends every open no {@link #route} matches to {@code target}. Without it, unrouted opens fail ({@code ,-1}) except to 127.0.0.1 / localhost. */
    public Builder defaultRoute(InetSocketAddress target) {
      this.defaultRoute = Objects.requireNonNull(target, "target");
      return this;
    }

    /** Strict mode (default true): commands answered with {@code ERROR} as not understood are violations. */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /** How long the {@code > } prompt waits for Ctrl+Z before {@code ERROR} (default 20 s, as the firmware). */
    public Builder promptGuardTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.promptGuard = timeout;
      return this;
    }

    /** A new, not yet started module. */
    public FakeModule build() {
      return new FakeModule(this);
    }
  }
}
