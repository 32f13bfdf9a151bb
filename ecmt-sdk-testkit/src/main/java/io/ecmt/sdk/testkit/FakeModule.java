package io.ecmt.sdk.testkit;

import io.ecmt.sdk.testkit.ecmt.EcmtDialect;
import io.ecmt.sdk.testkit.engine.ModuleEngine;
import io.ecmt.sdk.testkit.engine.ModuleLoop;
import io.ecmt.sdk.testkit.engine.ModuleSettings;
import io.ecmt.sdk.testkit.engine.Routes;
import io.ecmt.sdk.transport.Transport;
import io.netty.channel.EventLoop;
import io.reactivex.rxjava3.core.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
 * <p>Inside, a dialect-neutral engine (input, output, the command table, broker links, faults)
 * carries the ECMT command set. A {@link Dispatcher} set with {@link Builder#dispatcher} may
 * answer any command before the built-in handlers.
 *
 * <p>Threading: all module state lives on one thread owned by this instance (or a scheduler given
 * with {@link Builder#scheduler}); the transport listener and the netty handlers only hand events
 * to it. Public methods are thread-safe; {@link #apply(Fault)} returns once the fault took
 * effect (or was armed).
 *
 * <p>Strict mode (the default): every command the fake answers with {@code ERROR} because it did
 * not understand it (unknown command, syntax error) is recorded as a violation;
 * {@link #assertNoViolations()} fails with the list.
 */
public final class FakeModule implements AutoCloseable {
  private final FakeProfile profile;
  private final Transcript transcript;
  private final ModuleEngine engine;

  private FakeModule(Builder b) {
    profile = b.profile;
    transcript = new Transcript(b.transcriptLimit, b.transcriptBytes);
    ModuleLoop loop;
    if (b.eventLoop != null) {
      loop = ModuleLoop.shared(b.eventLoop);
    } else if (b.scheduler != null) {
      loop = ModuleLoop.driven(b.scheduler);
    } else {
      loop = ModuleLoop.ownThread("fake-module-" + profile.name().toLowerCase(Locale.ROOT));
    }
    ModuleSettings settings = new ModuleSettings(b.echo, b.rdy, b.cmee, b.strict, b.promptGuard, b.routes, b.dispatcher);
    engine = new ModuleEngine(settings, loop, new TranscriptRecorder(transcript), EcmtDialect.factory(profile));
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
   * @throws IllegalStateException if the module was started before
   */
  public void start(Transport transport) throws IOException {
    engine.start(transport);
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

  /**
   * Applies {@code fault} now or arms it for the next matching event; returns once done.
   *
   * @throws IllegalArgumentException for a client id the module does not have
   * @throws IllegalStateException for a link fault on a client without a broker link
   */
  public void apply(Fault fault) {
    engine.apply(fault);
  }

  /** The strict-mode violations recorded so far. */
  public List<String> violations() {
    return engine.violations();
  }

  /** Fails with every violation recorded, if strict mode is on and there are any. */
  public void assertNoViolations() {
    List<String> found = engine.violations();
    if (engine.strict() && !found.isEmpty()) {
      throw new AssertionError("fake module saw unexpected commands:\n  " + String.join("\n  ", found));
    }
  }

  /**
   * Closes all broker links (no URC), the transport, and the module's threads. Idempotent; may be
   * called from any thread, including the module's own.
   */
  @Override
  public void close() {
    engine.close();
  }

  /** How many clients the module has (ids 0 .. n-1). */
  int clientSlots() {
    return engine.clientSlots();
  }

  /** Configures a {@link FakeModule}. Fields are read by {@link FakeModuleServer.Options}' views. */
  public static final class Builder {
    FakeProfile profile = FakeProfile.EC616S;
    boolean echo;
    boolean rdy = true;
    int cmee = 1;
    Routes routes = Routes.none();
    boolean strict = true;
    Duration promptGuard = Duration.ofSeconds(20);
    int transcriptLimit = Integer.MAX_VALUE;
    long transcriptBytes = Long.MAX_VALUE;
    Dispatcher dispatcher = Dispatcher.BUILT_IN;
    private EventLoop eventLoop;
    private Scheduler scheduler;

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
    Builder eventLoop(EventLoop loop) {
      this.eventLoop = Objects.requireNonNull(loop, "loop");
      return this;
    }

    /**
     * Runs the module on {@code scheduler} instead of a thread of its own, for virtual time: with
     * RxJava's {@code TestScheduler} nothing the module does (answering, printing, throttled
     * output, prompt and fault timers) happens until the test calls {@code triggerActions()} or
     * {@code advanceTimeBy(...)}. The module's methods then run at once on the calling thread:
     * drive the scheduler and call the module from one thread. Broker links still use real
     * sockets (on a netty thread of their own). Default: a thread of the module's own, wall clock.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Asks {@code dispatcher} first about every command (after armed command faults); what it
     * declines the module answers itself. Default: {@link Dispatcher#BUILT_IN}.
     */
    public Builder dispatcher(Dispatcher dispatcher) {
      this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
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
      routes = routes.with(host, port, target);
      return this;
    }

    /** Sends every open no {@link #route} matches to {@code target}. Without it, unrouted opens fail ({@code ,-1}) except to 127.0.0.1 / localhost. */
    public Builder defaultRoute(InetSocketAddress target) {
      routes = routes.withFallback(target);
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

    /**
     * A new, not yet started module.
     *
     * @throws IllegalStateException if both a scheduler and a shared event loop were given
     */
    public FakeModule build() {
      if (eventLoop != null && scheduler != null) {
        throw new IllegalStateException("a module runs on a scheduler or on a shared event loop, not both");
      }
      return new FakeModule(this);
    }
  }
}
