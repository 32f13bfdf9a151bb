package io.ecmt.sdk.testkit.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtEventListener;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.Operation;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.exceptions.AtErrorException;
import io.ecmt.sdk.exceptions.LinkLostException;
import io.ecmt.sdk.exceptions.OperationFailedException;
import io.ecmt.sdk.exceptions.UrcTimeoutException;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.PublishResult;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.Fault;
import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.testkit.Transcript;
import io.ecmt.sdk.testkit.junit5.EcmtTestkitExtension;
import io.ecmt.sdk.testkit.matrix.FaultMatrix.Cell;
import io.ecmt.sdk.testkit.matrix.FaultMatrix.FaultKind;
import io.ecmt.sdk.testkit.matrix.FaultMatrix.Op;
import io.ecmt.sdk.testkit.matrix.FaultMatrix.Outcome;
import io.reactivex.rxjava3.core.Single;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs each {@link FaultMatrix} cell on a fresh fake module and modem; subclasses choose supervision. */
abstract class FaultMatrixRun {
  static final Duration WAIT = Duration.ofSeconds(10);
  /** Short outcome timeouts: a UrcTimeoutException cell costs 1.5 s. */
  static final EcmtTimeouts TIMEOUTS = EcmtTimeouts.DEFAULTS
      .withCommand(Duration.ofSeconds(3)).withOpen(Duration.ofSeconds(3)).withConnect(Duration.ofMillis(1500))
      .withSubscribe(Duration.ofMillis(1500)).withPublish(Duration.ofMillis(1500)).withDisconnect(Duration.ofSeconds(3));
  static final ReconnectPolicy POLICY = ReconnectPolicy.DEFAULT
      .withDelays(Duration.ofMillis(50), Duration.ofMillis(500)).withProbeInterval(Duration.ZERO);
  /** How long an ack-less outcome URC is held back to make the operation observably pending. */
  static final Duration HOLD = Duration.ofMillis(400);
  static final String HOST = "broker.example";

  static final BrokerGate GATE = BrokerGate.start();

  final Listener events = new Listener();

  @RegisterExtension
  final EcmtTestkitExtension testkit;

  EcmtRxClient mqtt;
  FakeModule module;
  String topic;
  BrokerClient.Subscription seen;
  ConnectOptions options;

  FaultMatrixRun() {
    EcmtTestkitExtension.Builder b = EcmtTestkitExtension.builder()
        .timeouts(TIMEOUTS)
        .module(m -> m.defaultRoute(GATE.address()))
        // Supervision from the first connect on, as the matrix was drawn; the supervised first
        // open/connect (the default) has its own tests.
        .modem(m -> m.eventListener(events).superviseFirstConnect(false));
    if (supervised()) {
      b.reconnect(POLICY);
    }
    testkit = b.build();
  }

  abstract boolean supervised();

  /** Observed outcomes of this run, for the summary printed after the class. */
  abstract Map<String, String> observed();

  @BeforeEach
  void setUp() throws Exception {
    GATE.target(testkit.broker().address());
    GATE.up();
    mqtt = testkit.client().toRx();
    module = testkit.module();
    long n = System.nanoTime();
    topic = "matrix/" + (supervised() ? "sup" : "plain") + "/" + n;
    options = ConnectOptions.builder().clientId("m" + n).credentials("u", "p").build();
    seen = testkit.brokerClient().subscribe(topic + "/#", 2);
  }

  @AfterEach
  void gateBackUp() {
    GATE.up();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.ecmt.sdk.testkit.matrix.FaultMatrix#cells")
  void cell(Cell c) throws Exception {
    // -Dmatrix.runKnownBugs=true runs them anyway, to see them fail.
    String bug = c.knownBug(supervised());
    assumeTrue(bug == null || Boolean.getBoolean("matrix.runKnownBugs"), () -> "known bug: " + bug);
    Outcome expected = c.expected(supervised());
    prepare(c.op());
    Result r = switch (c.fault()) {
      case LINK_DROP, BROKER_RESTART, REBOOT -> linkFault(c);
      case NO_ACK -> {
        module.apply(Fault.swallowAcks(1));
        yield await(start(c.op(), "p"));
      }
      case ERROR_STORM -> storm(c);
      case GARBAGE -> garbage(c);
      case CHUNKED -> {
        module.apply(Fault.chunkOutput(1));
        yield await(start(c.op(), "p"));
      }
      case SLOW_BAUD -> {
        module.apply(Fault.throttle(9600));
        yield await(start(c.op(), "p"));
      }
    };
    observed().put(c.fault() + "|" + c.op(), r.describe());

    assertOutcome(c, expected, r);
    stillWorks(c);
  }

  // ---- the operation under test --------------------------------------------------------------

  void prepare(Op op) {
    if (op == Op.OPEN) {
      return;
    }
    mqtt.open(HOST, 1883, options).blockingAwait(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (op == Op.CONNECT) {
      return;
    }
    mqtt.connect().timeout(WAIT.toSeconds(), TimeUnit.SECONDS).blockingGet();
    if (op == Op.UNSUBSCRIBE) {
      mqtt.subscribe(topic + "/sub", Qos.AT_LEAST_ONCE).timeout(WAIT.toSeconds(), TimeUnit.SECONDS).blockingGet();
    }
  }

  /** Subscribes now: the operation is under way when this returns. */
  CompletableFuture<Object> start(Op op, String payload) {
    Single<Object> s = switch (op) {
      case OPEN -> mqtt.open(HOST, 1883, options).toSingleDefault("opened");
      case CONNECT -> mqtt.connect().cast(Object.class);
      case SUBSCRIBE -> mqtt.subscribe(topic + "/sub", Qos.AT_LEAST_ONCE).cast(Object.class);
      case UNSUBSCRIBE -> mqtt.unsubscribe(topic + "/sub").toSingleDefault("unsubscribed");
      case PUB_QOS0 -> publish(payload, Qos.AT_MOST_ONCE);
      case PUB_QOS1 -> publish(payload, Qos.AT_LEAST_ONCE);
      case PUB_QOS2 -> publish(payload, Qos.EXACTLY_ONCE);
      case DISCONNECT -> mqtt.disconnect().toSingleDefault("disconnected");
    };
    return s.toCompletionStage().toCompletableFuture();
  }

  private Single<Object> publish(String payload, Qos qos) {
    return mqtt.publish(Publish.builder().topic(topic + "/pub").payload(payload).qos(qos).build()).cast(Object.class);
  }

  /** The first attempt's outcome; a storm's ERROR count and last attempt; the state a disconnect left. */
  record Result(Object value, Throwable error, int atErrors, Throwable lastError, ClientState stateAfter) {
    Result(Object value, Throwable error) {
      this(value, error, 0, null, null);
    }

    Result withStateAfter(ClientState s) {
      return new Result(value, error, atErrors, lastError, s);
    }

    String describe() {
      String s = error == null ? "ok" : error.getClass().getSimpleName().replace("Exception", "");
      if (atErrors > 0) {
        s += " x" + atErrors + (lastError == null ? ", then ok" : ", then " + lastError.getClass().getSimpleName());
      }
      return stateAfter != null && stateAfter != ClientState.CLOSED ? s + ", " + stateAfter : s;
    }
  }

  static Result await(CompletableFuture<Object> f) throws InterruptedException {
    try {
      return new Result(f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), null);
    } catch (ExecutionException e) {
      return new Result(null, e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no outcome within " + WAIT);
    }
  }

  // ---- the faults ----------------------------------------------------------------------------

  /** Link drop, broker restart, reboot: hit while pending (or just before disconnect). */
  private Result linkFault(Cell c) throws Exception {
    Runnable hit = switch (c.fault()) {
      case LINK_DROP -> () -> module.apply(Fault.dropBrokerLink(0));
      case BROKER_RESTART -> GATE::down;
      default -> () -> module.apply(Fault.reboot());
    };
    boolean restart = c.fault() == FaultKind.BROKER_RESTART;
    Op op = c.op();
    if (op == Op.OPEN && restart) {
      GATE.down(); // the broker is away when the open is sent
      Result r = await(start(op, "p"));
      GATE.up();
      return r;
    }
    if (op == Op.DISCONNECT) {
      if (supervised()) {
        module.apply(Fault.delayUrc("+ECMTOPEN", Duration.ofSeconds(1))); // holds the re-open pending
      }
      int lates = events.lateUrcs.size();
      int mark = module.transcript().entries().size();
      hit.run();
      if (supervised()) {
        // OPENING is set as the rebuild starts; after a reboot the open itself comes later.
        awaitUntil("supervisor re-opening", () -> mqtt.state() == ClientState.OPENING);
        awaitNote(mark, "fault DELAY on URC +ECMTOPEN");
      } else {
        ClientState after = c.fault() == FaultKind.REBOOT ? ClientState.CLOSED : ClientState.LOST;
        awaitUntil("state " + after, () -> mqtt.state() == after);
      }
      Result r = await(start(op, "p"));
      GATE.up();
      if (supervised()) {
        awaitUntil("late +ECMTOPEN", () -> events.lateUrcs.size() > lates);
      }
      return r.withStateAfter(mqtt.state());
    }
    boolean ackless = op == Op.OPEN || op == Op.PUB_QOS0;
    int mark = module.transcript().entries().size();
    int lates = events.lateUrcs.size();
    CompletableFuture<Object> f;
    if (ackless) {
      String prefix = outcomePrefix(op);
      module.apply(Fault.delayUrc(prefix, HOLD));
      f = start(op, "p-" + c.fault());
      awaitNote(mark, "fault DELAY on URC " + prefix);
    } else {
      module.apply(Fault.swallowAcks(1));
      f = start(op, "p-" + c.fault());
      awaitNote(mark, "fault: swallowed " + ackOf(op));
    }
    hit.run();
    if (restart) {
      if (supervised() && active(op)) {
        awaitUntil("a failed reconnect attempt", () -> events.states.stream()
            .anyMatch(s -> s.reason() != null && s.reason().startsWith("attempt ") && s.reason().contains("failed")));
      } else {
        f.handle((v, e) -> null).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
      GATE.up();
    }
    Result r = await(f);
    if (ackless) {
      awaitUntil("the held-back outcome URC, late", () -> events.lateUrcs.size() > lates);
    }
    return r;
  }

  /** Three commands in a row answered ERROR: the operation is retried until it succeeds. */
  private Result storm(Cell c) throws Exception {
    for (int i = 0; i < 3; i++) {
      module.apply(Fault.errorOnNextCommand());
    }
    Result first = await(start(c.op(), "p-storm"));
    int errors = first.error() instanceof AtErrorException ? 1 : 0;
    Result last = first;
    for (int attempt = 2; attempt <= 4 && last.error() instanceof AtErrorException; attempt++) {
      last = await(start(c.op(), "p-storm"));
      if (last.error() instanceof AtErrorException) {
        errors++;
      }
    }
    return new Result(first.value(), first.error(), errors, last.error(), null);
  }

  /** Random and mutated lines while the operation's outcome URC is held back. */
  private Result garbage(Cell c) throws Exception {
    String prefix = outcomePrefix(c.op());
    int mark = module.transcript().entries().size();
    module.apply(Fault.delayUrc(prefix, HOLD));
    CompletableFuture<Object> f = start(c.op(), "p-garbage");
    awaitNote(mark, "fault DELAY on URC " + prefix);
    Random rnd = new Random(c.op().ordinal() * 31L + (supervised() ? 7 : 0));
    for (String line : garbageLines(rnd)) {
      module.apply(Fault.injectLine(line));
    }
    module.apply(Fault.injectRaw("noise without a line end"));
    return await(f);
  }

  static final String[] REAL_LINES = {
      "+ECMTPUB: 0,%d,0", "+ECMTSUB: 0,%d,0,1", "+ECMTUNS: 0,%d,0", "+ECMTOPEN: 0,0", "+ECMTCONN: 0,0,0",
      "+ECMTSTAT: 0,1", "+ECMTDISC: 0,0", "+ECMTCLOSE: 0,0", "+ECMTRECV: 0,%d,\"x/y\",hello", "+CEREG: 1,5"};

  /**
   * Lines no sane parser may act on: printable noise, control bytes, a huge line, and real lines
   * mutated so they are no longer valid (a field made non-numeric, a prefix letter changed, or cut
   * with a trailing comma). Message ids ≥ 60000 cannot hit a pending operation's.
   */
  static List<String> garbageLines(Random rnd) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String real = String.format(REAL_LINES[rnd.nextInt(REAL_LINES.length)], 60000 + rnd.nextInt(5000));
      String mutated = switch (rnd.nextInt(3)) {
        case 0 -> real.replaceFirst("(\\d)(?!.*\\d)", "$1x"); // last number gets a letter
        case 1 -> real.substring(0, 3) + "@" + real.substring(4); // prefix letter changed
        default -> real.substring(0, 1 + rnd.nextInt(real.length() - 1)) + ",";
      };
      out.add(mutated);
    }
    for (int i = 0; i < 4; i++) {
      StringBuilder sb = new StringBuilder("#");
      for (int k = rnd.nextInt(80); k > 0; k--) {
        sb.append((char) (0x20 + rnd.nextInt(0x5F)));
      }
      out.add(sb.toString());
    }
    out.add("\u0001\u0002\u0003bin\u007f\u0000ary");
    out.add("Z".repeat(3000));
    out.add("   ");
    java.util.Collections.shuffle(out, rnd);
    return out;
  }

  // ---- assertions ----------------------------------------------------------------------------

  private void assertOutcome(Cell c, Outcome expected, Result r) throws InterruptedException {
    switch (expected.kind()) {
      case SUCCEEDS, SUCCEEDS_AFTER_RECONNECT -> assertThat(r.error())
          .as("%s: expected %s", c, expected).isNull();
      case FAILS -> assertThat(r.error()).as("%s: expected %s", c, expected).isInstanceOf(expected.error());
    }
    if (c.fault() == FaultKind.ERROR_STORM) {
      assertThat(r.atErrors()).as("attempts refused with ERROR before " + c.op() + " went through").isEqualTo(3);
      assertThat(r.lastError()).as("attempt 4").isNull();
      if (c.op() == Op.DISCONNECT) {
        awaitModuleOutput("+ECMTDISC: 0,0"); // the module really closed its context
      }
    }
    if (r.stateAfter() != null) {
      // Supervision stopped: nothing reopens. The module may still finish the open it had under
      // way (its late +ECMTOPEN: 0,0 was awaited); then the SDK says LOST, and the next open
      // clears the module's context first (the follow-up open in this cell proves it works).
      assertThat(r.stateAfter()).as("disconnect during the re-open stops supervision")
          .isIn(ClientState.CLOSED, ClientState.LOST);
    }
    if (r.error() instanceof LinkLostException l && c.fault() == FaultKind.REBOOT) {
      assertThat(l.statusCode()).isEqualTo(LinkLostException.MODULE_REBOOTED);
    }
    if (r.error() instanceof UrcTimeoutException t) {
      assertThat(t.operation()).isEqualTo(operation(c.op()));
    }
    if (r.error() instanceof OperationFailedException o && c.op() == Op.OPEN) {
      assertThat(o.result()).isEqualTo(-1);
    }
    if (expected.kind() == Outcome.Kind.SUCCEEDS_AFTER_RECONNECT) {
      assertThat(events.states).as("went through RECONNECTING")
          .anyMatch(s -> s.current() == ClientState.RECONNECTING);
    }
    if (r.value() instanceof PublishResult) {
      String payload = ((PublishResult) r.value()).publish().payloadAsString();
      awaitReceived(payload);
    }
  }

  /** After the cell: the client still works, continuing its session when supervised. */
  private void stillWorks(Cell c) throws Exception {
    boolean leftoverSwallow = c.fault() == FaultKind.NO_ACK
        && (c.op() == Op.OPEN || c.op() == Op.PUB_QOS0 || c.op() == Op.DISCONNECT);
    boolean continuing = supervised() && active(c.op()) && c.op() != Op.DISCONNECT;
    if (supervised() && continuing && expectsReconnect(c)) {
      awaitUntil("a reconnect", () -> events.states.stream().anyMatch(s -> s.current() == ClientState.RECONNECTING));
    }
    if (leftoverSwallow) {
      eatArmedSwallow();
    }
    if (continuing) {
      awaitUntil("CONNECTED", () -> mqtt.state() == ClientState.CONNECTED);
    } else {
      ClientState s = mqtt.state();
      if (s == ClientState.OPEN || s == ClientState.CONNECTED) {
        mqtt.disconnect().blockingAwait(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
      mqtt.open(HOST, 1883, options).blockingAwait(WAIT.toSeconds(), TimeUnit.SECONDS);
      mqtt.connect().timeout(WAIT.toSeconds(), TimeUnit.SECONDS).blockingGet();
    }
    String check = "check-" + c.fault() + "-" + c.op();
    Result r = await(start(Op.PUB_QOS1, check));
    assertThat(r.error()).as("publish after the cell").isNull();
    awaitReceived(check);
    if (supervised() && continuing) {
      assertThat(mqtt.state()).isEqualTo(ClientState.CONNECTED);
    }
  }

  /** The no-ack fault found no ack in its own operation: it eats the next one, asserted here. */
  private void eatArmedSwallow() throws Exception {
    int mark = module.transcript().entries().size();
    if (mqtt.state() == ClientState.CLOSED) {
      mqtt.open(HOST, 1883, options).blockingAwait(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    if (mqtt.state() == ClientState.OPEN) {
      Result r = await(start(Op.CONNECT, "-"));
      assertThat(r.error()).as("the CONNACK after an armed no-ack").isInstanceOf(UrcTimeoutException.class);
    } else {
      Result r = await(start(Op.PUB_QOS1, "eaten"));
      if (supervised()) {
        assertThat(r.error()).as("supervised: re-sent after the reconnect").isNull();
      } else {
        assertThat(r.error()).as("the PUBACK after an armed no-ack").isInstanceOf(UrcTimeoutException.class);
      }
    }
    awaitNote(mark, "fault: swallowed ");
  }

  private boolean expectsReconnect(Cell c) {
    return switch (c.fault()) {
      case LINK_DROP, BROKER_RESTART, REBOOT -> true;
      case NO_ACK -> c.op() != Op.PUB_QOS0;
      default -> false;
    };
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Supervision runs once the client was connected before the operation. */
  static boolean active(Op op) {
    return op != Op.OPEN && op != Op.CONNECT;
  }

  static String outcomePrefix(Op op) {
    return switch (op) {
      case OPEN -> "+ECMTOPEN";
      case CONNECT -> "+ECMTCONN";
      case SUBSCRIBE -> "+ECMTSUB";
      case UNSUBSCRIBE -> "+ECMTUNS";
      case PUB_QOS0, PUB_QOS1, PUB_QOS2 -> "+ECMTPUB";
      case DISCONNECT -> "+ECMTDISC";
    };
  }

  static String ackOf(Op op) {
    return switch (op) {
      case CONNECT -> "CONNACK";
      case SUBSCRIBE -> "SUBACK";
      case UNSUBSCRIBE -> "UNSUBACK";
      case PUB_QOS1 -> "PUBACK";
      case PUB_QOS2 -> "PUBREC";
      default -> throw new IllegalArgumentException(op + " has no ack");
    };
  }

  static Operation operation(Op op) {
    return switch (op) {
      case OPEN -> Operation.OPEN;
      case CONNECT -> Operation.CONNECT;
      case SUBSCRIBE -> Operation.SUBSCRIBE;
      case UNSUBSCRIBE -> Operation.UNSUBSCRIBE;
      case PUB_QOS0, PUB_QOS1, PUB_QOS2 -> Operation.PUBLISH;
      case DISCONNECT -> Operation.DISCONNECT;
    };
  }

  /** Waits for a transcript note, written after entry {@code mark}, so the armed fault is known to have acted. */
  void awaitNote(int mark, String prefix) {
    awaitUntil("module note '" + prefix + "'", () -> {
      List<Transcript.Entry> all = module.transcript().entries();
      return all.subList(Math.min(mark, all.size()), all.size()).stream()
          .anyMatch(e -> e.kind() == Transcript.Kind.NOTE && e.text().startsWith(prefix));
    });
  }

  void awaitModuleOutput(String text) {
    awaitUntil("module output '" + text + "'", () -> {
      StringBuilder sb = new StringBuilder();
      for (Transcript.Entry e : module.transcript().entries()) {
        if (e.kind() == Transcript.Kind.BYTES && e.direction() == Transcript.Direction.MODULE_TO_HOST) {
          sb.append(new String(e.bytes(), StandardCharsets.ISO_8859_1));
        }
      }
      return sb.indexOf(text) >= 0;
    });
  }

  /** A subscriber on the broker got {@code payload} (at least once; other messages skipped). */
  void awaitReceived(String payload) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      io.ecmt.sdk.testkit.ReceivedMessage m = seen.poll(Duration.ofMillis(200));
      if (m != null && m.payloadUtf8().equals(payload)) {
        return;
      }
    }
    throw new AssertionError("the broker subscriber never got '" + payload + "'");
  }

  static void awaitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + WAIT.toMillis() + " ms waiting for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos()); // poll interval, not a fixed wait
    }
  }

  /** Prints the observed matrix: rows faults, columns operations; a cell is "ok" or the exception. */
  static void printSummary(String title, Map<String, String> seen) {
    StringBuilder sb = new StringBuilder("\n--- fault matrix, " + title + " ---\n");
    sb.append(String.format("%-15s", "fault"));
    for (Op op : Op.values()) {
      sb.append(String.format("| %-24s", op));
    }
    sb.append('\n');
    for (FaultKind f : FaultKind.values()) {
      sb.append(String.format("%-15s", f));
      for (Op op : Op.values()) {
        sb.append(String.format("| %-24s", seen.getOrDefault(f + "|" + op, "-")));
      }
      sb.append('\n');
    }
    System.out.print(sb);
  }

  static Map<String, String> newObserved() {
    return new ConcurrentHashMap<>();
  }

  /** Listener events a cell waits on. */
  static final class Listener implements EcmtEventListener {
    final List<String> lateUrcs = new CopyOnWriteArrayList<>();
    final List<ClientStateChange> states = new CopyOnWriteArrayList<>();

    @Override
    public void lateUrc(String line) {
      lateUrcs.add(line);
    }

    @Override
    public void stateChanged(ClientStateChange change) {
      states.add(change);
    }
  }
}
