package io.ecmt.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecmt.sdk.exceptions.TransportException;
import io.ecmt.sdk.internal.session.ModemConfig;
import io.ecmt.sdk.internal.session.ModemSession;
import io.ecmt.sdk.serial.SerialSettings;
import io.ecmt.sdk.serial.SerialTransport;
import io.ecmt.sdk.transport.TcpTransport;
import io.ecmt.sdk.transport.Transport;
import io.reactivex.rxjava3.core.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/** Builds an {@link EcmtModem}. Not thread-safe. Every setting but the transport has a default. */
public final class EcmtModemBuilder {
  private Supplier<Transport> transportFactory;
  private boolean transportReopenable;
  private ModuleProfile profile = ModuleProfile.EC616S;
  private EcmtTimeouts timeouts = EcmtTimeouts.DEFAULTS;
  private Scheduler sessionScheduler;
  private Scheduler callbackScheduler;
  private EcmtEventListener listener = new EcmtEventListener() {};
  private ObjectMapper objectMapper;
  private NetworkWait networkWait = NetworkWait.NONE;
  private Duration networkTimeout = Duration.ofSeconds(60);
  private int syncAttempts = 5;
  private int publishWindow = 8;
  private int messageBufferSize = 1024;
  private Duration guardTime = Duration.ZERO;
  private ReconnectPolicy reconnectPolicy;
  private OutboxPolicy outboxPolicy = OutboxPolicy.DEFAULT;
  private Duration deliveryTimeout = Duration.ofMinutes(10);
  private boolean superviseFirstConnect = true;
  private boolean sequentialMsgIds;

  EcmtModemBuilder() {}

  /**
   * Any transport (an {@link io.ecmt.sdk.transport.InMemoryPipe} end in tests). It cannot be
   * reopened: when it closes, the modem closes.
   */
  public EcmtModemBuilder transport(Transport transport) {
    Objects.requireNonNull(transport, "transport");
    this.transportFactory = () -> transport;
    this.transportReopenable = false;
    return this;
  }

  /**
   * A factory of transports: the modem opens one now and, with a {@link #reconnect supervisor},
   * a new one whenever the current one closes (a USB adapter unplugged and plugged back, a TCP
   * bridge restarted). Each call must return a new, unopened transport.
   */
  public EcmtModemBuilder transport(Supplier<Transport> factory) {
    this.transportFactory = Objects.requireNonNull(factory, "factory");
    this.transportReopenable = true;
    return this;
  }

  /** A serial port, 8N1, no flow control. */
  public EcmtModemBuilder serial(String portName, int baudRate) {
    return serial(SerialSettings.builder(portName).baudRate(baudRate).build());
  }

  /** A serial port with full settings; reopened by a supervisor when it closes. */
  public EcmtModemBuilder serial(SerialSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return transport(() -> new SerialTransport(settings));
  }

  /** A module behind a serial-to-TCP bridge (or {@code FakeModuleServer}); reconnected by a supervisor. */
  public EcmtModemBuilder tcp(String host, int port) {
    Objects.requireNonNull(host, "host");
    return transport(() -> new TcpTransport(host, port));
  }

  /** The module profile (default {@link ModuleProfile#EC616S}). */
  public EcmtModemBuilder profile(ModuleProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
    return this;
  }

  /** Timeouts (default {@link EcmtTimeouts#DEFAULTS}). */
  public EcmtModemBuilder timeouts(EcmtTimeouts timeouts) {
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    return this;
  }

  /**
   * The scheduler that owns the session: it must run tasks one at a time (default: a new
   * single thread {@code ecmt-session-N}). Timeouts run on it too, so a {@code TestScheduler}
   * gives virtual time.
   */
  public EcmtModemBuilder sessionScheduler(Scheduler scheduler) {
    this.sessionScheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /** Where results and stream items are delivered (default: a new single thread {@code ecmt-callbacks-N}). */
  public EcmtModemBuilder callbackScheduler(Scheduler scheduler) {
    this.callbackScheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  public EcmtModemBuilder eventListener(EcmtEventListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** The Jackson mapper for JSON payloads (default: a plain {@code ObjectMapper} with modules found on the class path). */
  public EcmtModemBuilder objectMapper(ObjectMapper objectMapper) {
    this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
    return this;
  }

  /** Whether and how {@link EcmtModem#start()} waits for the network (default {@link NetworkWait#NONE}). */
  public EcmtModemBuilder networkWait(NetworkWait wait, Duration timeout) {
    this.networkWait = Objects.requireNonNull(wait, "wait");
    this.networkTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** How many {@code AT} to send at start-up before giving up (default 5). */
  public EcmtModemBuilder syncAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("syncAttempts must be ≥ 1");
    }
    this.syncAttempts = attempts;
    return this;
  }

  /** How many publishes per client may wait for their outcome URC at once (default 8). */
  public EcmtModemBuilder publishWindow(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("publishWindow must be ≥ 1");
    }
    this.publishWindow = window;
    return this;
  }

  /** Per-subscriber buffer of {@code messages()} (default 1024); beyond it the oldest is dropped. */
  public EcmtModemBuilder messageBufferSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("messageBufferSize must be ≥ 1");
    }
    this.messageBufferSize = size;
    return this;
  }

  /** A pause between a final result and the next command, for modules that need it (default 0). */
  public EcmtModemBuilder guardTime(Duration guardTime) {
    this.guardTime = Objects.requireNonNull(guardTime, "guardTime");
    return this;
  }

  /**
   * Turns on the session supervisor (off by default): see {@link ReconnectPolicy} for what it
   * does and when.
   */
  public EcmtModemBuilder reconnect(ReconnectPolicy policy) {
    this.reconnectPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * With a supervisor: how long a publish may take in all, from acceptance to its acknowledgement,
   * across reconnects (default 10 minutes). A publish still not acknowledged then fails with
   * {@link io.ecmt.sdk.exceptions.DeliveryTimeoutException}, so that every call ends.
   */
  public EcmtModemBuilder deliveryTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("deliveryTimeout must be positive: " + timeout);
    }
    this.deliveryTimeout = timeout;
    return this;
  }

  /**
   * With a supervisor: whether the application's first {@code open}/{@code connect} is supervised
   * too (default true). Then a link lost between or during them (a transport that closed,
   * {@code +ECMTSTAT}, a missing outcome) is recovered by the supervisor's attempts and the call
   * completes when connected, or fails with
   * {@link io.ecmt.sdk.exceptions.ReconnectExhaustedException}; a broker's refusal (a CONNACK
   * code) still fails at once. False: the first open/connect fail on any error, as without a
   * supervisor.
   */
  public EcmtModemBuilder superviseFirstConnect(boolean supervise) {
    this.superviseFirstConnect = supervise;
    return this;
  }

  /**
   * msgIDs in order (1, 2, 3 ...) instead of at random (the default), for tests that compare
   * transcripts. Do not use in production: with predictable ids, an acknowledgement forged inside a
   * received payload is easy to aim at a publish in flight.
   */
  public EcmtModemBuilder sequentialMsgIds(boolean sequential) {
    this.sequentialMsgIds = sequential;
    return this;
  }

  /** Capacity and overflow of each client's outbox (default {@link OutboxPolicy#DEFAULT}). */
  public EcmtModemBuilder outbox(OutboxPolicy policy) {
    this.outboxPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Opens the transport and returns the modem. Nothing is sent until {@link EcmtModem#start()}
   * or a client operation.
   *
   * @throws TransportException if the transport cannot be opened
   * @throws IllegalStateException if no transport was set
   */
  public EcmtModem build() {
    if (transportFactory == null) {
      throw new IllegalStateException("no transport: call serial(..), tcp(..) or transport(..)");
    }
    return ModemSession.create(new ModemConfig(transportFactory, transportReopenable, profile, timeouts, sessionScheduler,
        callbackScheduler, listener, objectMapper, networkWait, networkTimeout, syncAttempts,
        publishWindow, messageBufferSize, guardTime, reconnectPolicy, outboxPolicy, deliveryTimeout,
        superviseFirstConnect, sequentialMsgIds));
  }
}
