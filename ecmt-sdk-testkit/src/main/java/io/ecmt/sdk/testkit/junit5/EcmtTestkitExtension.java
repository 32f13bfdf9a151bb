package io.ecmt.sdk.testkit.junit5;

import io.ecmt.sdk.EcmtClient;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.EcmtModemBuilder;
import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.EmbeddedBroker;
import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.testkit.FakeProfile;
import io.ecmt.sdk.transport.InMemoryPipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts an {@link EmbeddedBroker} and a {@link FakeModule} joined to an {@link EcmtModem} by an
 * {@link InMemoryPipe}, and closes them afterwards.
 *
 * <pre>{@code
 * @RegisterExtension
 * static EcmtTestkitExtension testkit = EcmtTestkitExtension.builder().build();
 *
 * @Test
 * void publishes() throws Exception {
 *   EcmtBlockingClient mqtt = testkit.modem().client(0).toBlocking();
 *   BrokerClient.Subscription seen = testkit.brokerClient().subscribe("t", 1);
 *   mqtt.open("test.mosquitto.org", 1883);   // routed to the embedded broker
 *   ...
 * }
 * }</pre>
 *
 * <p>Registered on a {@code static} field, one module and modem serve the whole class (state
 * such as a connected client carries over from test to test); on an instance field, each test
 * gets fresh ones. The broker is shared by the whole test run unless
 * {@link Builder#sharedBroker(boolean) sharedBroker(false)}. Every {@code AT+ECMTOPEN} is routed
 * to the embedded broker. The modem is
 * {@link EcmtModem#start() started} (AT synchronised) before the test runs.
 *
 * <p>Strict mode (default): after each test, unexpected or unknown commands the module recorded
 * during that test fail it, listing them. When a test fails, the module's transcript is printed to
 * standard output as JSON lines. {@link Builder#strict(boolean) strict(false)} relaxes.
 */
public final class EcmtTestkitExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private static final AtomicInteger OBSERVERS = new AtomicInteger();
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EcmtTestkitExtension.class);

  private final FakeProfile profile;
  private final boolean strict;
  private final boolean echo;
  private final boolean sharedBroker;
  private final EcmtTimeouts timeouts;
  private final ReconnectPolicy reconnect;
  private final Consumer<FakeModule.Builder> moduleCustomizer;
  private final Consumer<EcmtModemBuilder> modemCustomizer;

  private boolean perClass;
  private EmbeddedBroker broker;
  private boolean ownBroker;
  private FakeModule module;
  private EcmtModem modem;
  private BrokerClient brokerClient;
  private int violationsSeen;

  private EcmtTestkitExtension(Builder b) {
    profile = b.profile;
    strict = b.strict;
    echo = b.echo;
    sharedBroker = b.sharedBroker;
    timeouts = b.timeouts;
    reconnect = b.reconnect;
    moduleCustomizer = b.moduleCustomizer;
    modemCustomizer = b.modemCustomizer;
  }

  /** Defaults: EC616S, echo off, strict, shared broker, SDK default timeouts, no reconnect supervisor. */
  public static Builder builder() {
    return new Builder();
  }

  /** The started modem (its client 0 is the usual one). */
  public EcmtModem modem() {
    return require(modem, "modem");
  }

  /** Shorthand for {@code modem().client(0)}. */
  public EcmtClient client() {
    return modem().client(0);
  }

  /** The fake module behind the modem: apply faults, read its transcript. */
  public FakeModule module() {
    return require(module, "module");
  }

  /** The embedded broker every open is routed to. */
  public EmbeddedBroker broker() {
    return require(broker, "broker");
  }

  /** A client connected straight to the broker, to publish and observe; connected on first use. */
  public synchronized BrokerClient brokerClient() {
    if (brokerClient == null) {
      try {
        brokerClient = BrokerClient.connect(broker().address(), "testkit-observer-" + OBSERVERS.incrementAndGet());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot connect a BrokerClient to " + broker, e);
      }
    }
    return brokerClient;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    startAll(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      startAll(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (module != null && context != null && context.getExecutionException().isPresent()) {
      // The AT traffic is usually what explains a failure: print it where surefire keeps it.
      System.out.println("--- fake module transcript of failed test " + context.getDisplayName() + " (JSON lines) ---");
      System.out.print(module.transcript().toJsonLines());
    }
    List<String> found = module == null ? List.of() : module.violations();
    List<String> fresh = found.subList(Math.min(violationsSeen, found.size()), found.size());
    violationsSeen = found.size();
    if (!perClass) {
      closeAll();
    }
    if (strict && !fresh.isEmpty()) {
      throw new AssertionError("fake module saw unexpected commands:\n  " + String.join("\n  ", fresh)
          + "\n(EcmtTestkitExtension.builder().strict(false) relaxes this)");
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeAll();
  }

  private synchronized void startAll(ExtensionContext context) {
    try {
      if (sharedBroker && context != null) {
        // Moquette takes seconds to start and stop: one broker serves the whole test run and
        // JUnit closes it (an AutoCloseable in the root store) at the end.
        broker = context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent(EmbeddedBroker.class, k -> EmbeddedBroker.start(), EmbeddedBroker.class);
        ownBroker = false;
      } else {
        broker = EmbeddedBroker.start();
        ownBroker = true;
      }
      FakeModule.Builder mb = FakeModule.builder()
          .profile(profile)
          .echo(echo)
          .printRdy(false)
          .strict(strict)
          .defaultRoute(broker.address());
      moduleCustomizer.accept(mb);
      module = mb.build();
      InMemoryPipe pipe = InMemoryPipe.create();
      module.start(pipe.moduleEnd());
      EcmtModemBuilder eb = EcmtModem.builder()
          .transport(pipe.hostEnd())
          .profile(profile.limits())
          .timeouts(timeouts);
      if (reconnect != null) {
        eb.reconnect(reconnect);
      }
      modemCustomizer.accept(eb);
      modem = eb.build();
      long waitMs = Math.max(10_000, timeouts.command().toMillis() * 6);
      if (!modem.start().blockingAwait(waitMs, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("modem did not start within " + waitMs + " ms");
      }
      violationsSeen = 0;
    } catch (IOException e) {
      closeAll();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      closeAll();
      throw e;
    }
  }

  private synchronized void closeAll() {
    // Reverse order of start; each step independent so one failure does not leak the rest.
    if (modem != null) {
      quietly(modem::close);
      modem = null;
    }
    if (brokerClient != null) {
      quietly(brokerClient::close);
      brokerClient = null;
    }
    if (module != null) {
      quietly(module::close);
      module = null;
    }
    if (broker != null) {
      if (ownBroker) {
        quietly(broker::close);
      }
      broker = null;
    }
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException ignored) {
      // best effort on teardown
    }
  }

  private static <T> T require(T value, String what) {
    if (value == null) {
      throw new IllegalStateException("no " + what + " outside a test: register the extension with @RegisterExtension");
    }
    return value;
  }

  /** Configures an {@link EcmtTestkitExtension}. Not thread-safe. */
  public static final class Builder {
    private FakeProfile profile = FakeProfile.EC616S;
    private boolean strict = true;
    private boolean echo;
    private boolean sharedBroker = true;
    private EcmtTimeouts timeouts = EcmtTimeouts.DEFAULTS;
    private ReconnectPolicy reconnect;
    private Consumer<FakeModule.Builder> moduleCustomizer = b -> { };
    private Consumer<EcmtModemBuilder> modemCustomizer = b -> { };

    private Builder() {}

    /** The module build to imitate; the modem uses the matching SDK profile. */
    public Builder profile(FakeProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** Fail each test whose commands the module did not understand (default true). */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /** Start the module with echo on, as shipped modules do (default off). */
    public Builder echo(boolean echo) {
      this.echo = echo;
      return this;
    }

    /**
     * Whether one broker serves every test of the run that uses a shared-broker extension (default
     * true: Moquette needs seconds to start and stop). Tests then share retained messages and
     * sessions: use distinct topics and client ids. False gives this extension a broker of its own.
     */
    public Builder sharedBroker(boolean shared) {
      this.sharedBroker = shared;
      return this;
    }

    /** The modem's timeouts (short ones make {@code UrcTimeoutException} tests quick). */
    public Builder timeouts(EcmtTimeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /** Turn on the modem's reconnect supervisor. */
    public Builder reconnect(ReconnectPolicy policy) {
      this.reconnect = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Anything else on the module (routes, prompt guard); runs after the extension's settings. */
    public Builder module(Consumer<FakeModule.Builder> customizer) {
      this.moduleCustomizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /** Anything else on the modem (listener, schedulers); runs after the extension's settings. */
    public Builder modem(Consumer<EcmtModemBuilder> customizer) {
      this.modemCustomizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    public EcmtTestkitExtension build() {
      return new EcmtTestkitExtension(this);
    }
  }
}
