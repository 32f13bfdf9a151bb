package io.ecmt.sdk.testkit.matrix;

import io.ecmt.sdk.exceptions.AtErrorException;
import io.ecmt.sdk.exceptions.LinkLostException;
import io.ecmt.sdk.exceptions.OperationFailedException;
import io.ecmt.sdk.exceptions.UrcTimeoutException;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fault × operation matrix: for each cell, the expected typed outcome of the operation
 * without a supervisor and with one. Moments (how {@link FaultMatrixRun} applies each fault):
 * <ul>
 *   <li>pending, ack-bearing operations (connect, subscribe, unsubscribe, publish QoS 1/2): the
 *       broker's ack is swallowed, the fault applied once the module noted the swallow;
 *   <li>pending, ack-less operations (open, publish QoS 0): the outcome URC is delayed 400 ms and
 *       the fault applied inside that window (a late URC follows; it must be harmless);
 *   <li>disconnect: the module destroys the context at once, so link faults come just before it;
 *       supervised, the disconnect is sent while the supervisor's re-open is held pending;
 *   <li>modes (chunked output, slow baud) and arms (no ack, ERROR storm): just before, left on.
 * </ul>
 * "broker restart" is {@link BrokerGate}: every broker link reset and connects refused until the
 * broker is back (plain: after the outcome; supervised: after a reconnect attempt failed).
 */
final class FaultMatrix {
  private FaultMatrix() {}

  enum FaultKind { LINK_DROP, BROKER_RESTART, REBOOT, NO_ACK, ERROR_STORM, GARBAGE, CHUNKED, SLOW_BAUD }

  enum Op { OPEN, CONNECT, SUBSCRIBE, UNSUBSCRIBE, PUB_QOS0, PUB_QOS1, PUB_QOS2, DISCONNECT }

  /** What the operation's caller sees. */
  record Outcome(Kind kind, Class<? extends Throwable> error) {
    enum Kind {
      /** Succeeds; no reconnect. */
      SUCCEEDS,
      /** Fails with {@code error}; a supervised, connected client stays or comes back CONNECTED. */
      FAILS,
      /** Supervised: succeeds once the supervisor rebuilt the session. */
      SUCCEEDS_AFTER_RECONNECT
    }

    @Override
    public String toString() {
      return switch (kind) {
        case SUCCEEDS -> "succeeds";
        case FAILS -> "fails with " + error.getSimpleName();
        case SUCCEEDS_AFTER_RECONNECT -> "succeeds after reconnect";
      };
    }
  }

  static final Outcome OK = new Outcome(Outcome.Kind.SUCCEEDS, null);
  static final Outcome AFTER_RECONNECT = new Outcome(Outcome.Kind.SUCCEEDS_AFTER_RECONNECT, null);
  static final Outcome LINK_LOST = fails(LinkLostException.class);
  static final Outcome URC_TIMEOUT = fails(UrcTimeoutException.class);
  static final Outcome AT_ERROR = fails(AtErrorException.class);
  static final Outcome OPEN_FAILED = fails(OperationFailedException.class);

  static Outcome fails(Class<? extends Throwable> error) {
    return new Outcome(Outcome.Kind.FAILS, error);
  }

  /**
   * One cell. A known bug (per run, null: none) means the expectation is right and the SDK is not:
   * the cell is skipped with the bug as reason ({@code -Dmatrix.runKnownBugs=true} runs it).
   */
  record Cell(FaultKind fault, Op op, Outcome plain, Outcome supervised, String note,
      String plainBug, String supervisedBug) {
    Outcome expected(boolean supervisedRun) {
      return supervisedRun ? supervised : plain;
    }

    String knownBug(boolean supervisedRun) {
      return supervisedRun ? supervisedBug : plainBug;
    }

    @Override
    public String toString() {
      return fault + " x " + op;
    }
  }

  private static Cell cell(FaultKind f, Op op, Outcome plain, Outcome supervised, String note) {
    return new Cell(f, op, plain, supervised, note, null, null);
  }

  // @formatter:off
  static final List<Cell> CELLS = List.of(
      //   fault                  operation        no supervisor    supervised        note
      cell(FaultKind.LINK_DROP,      Op.OPEN,        LINK_LOST,       LINK_LOST,       "supervision starts with the first connect"),
      cell(FaultKind.LINK_DROP,      Op.CONNECT,     LINK_LOST,       LINK_LOST,       "CONNACK swallowed, then +ECMTSTAT"),
      cell(FaultKind.LINK_DROP,      Op.SUBSCRIBE,   LINK_LOST,       LINK_LOST,       "supervised: back CONNECTED"),
      cell(FaultKind.LINK_DROP,      Op.UNSUBSCRIBE, LINK_LOST,       LINK_LOST,       "supervised: back CONNECTED"),
      cell(FaultKind.LINK_DROP,      Op.PUB_QOS0,    LINK_LOST,       LINK_LOST,       "QoS 0 is never re-sent"),
      cell(FaultKind.LINK_DROP,      Op.PUB_QOS1,    LINK_LOST,       AFTER_RECONNECT, "re-sent after the reconnect"),
      cell(FaultKind.LINK_DROP,      Op.PUB_QOS2,    LINK_LOST,       AFTER_RECONNECT, "re-sent after the reconnect"),
      new Cell(FaultKind.LINK_DROP, Op.DISCONNECT,  OK,              OK,              "after the drop; supervised: during the re-open",
          null, null),

      cell(FaultKind.BROKER_RESTART, Op.OPEN,        OPEN_FAILED,     OPEN_FAILED,     "broker down: +ECMTOPEN: 0,-1"),
      cell(FaultKind.BROKER_RESTART, Op.CONNECT,     LINK_LOST,       LINK_LOST,       "CONNACK swallowed, then the restart"),
      cell(FaultKind.BROKER_RESTART, Op.SUBSCRIBE,   LINK_LOST,       LINK_LOST,       "supervised: back CONNECTED once the broker is"),
      cell(FaultKind.BROKER_RESTART, Op.UNSUBSCRIBE, LINK_LOST,       LINK_LOST,       "supervised: back CONNECTED once the broker is"),
      cell(FaultKind.BROKER_RESTART, Op.PUB_QOS0,    LINK_LOST,       LINK_LOST,       "QoS 0 is never re-sent"),
      cell(FaultKind.BROKER_RESTART, Op.PUB_QOS1,    LINK_LOST,       AFTER_RECONNECT, "attempts fail while the broker is down"),
      cell(FaultKind.BROKER_RESTART, Op.PUB_QOS2,    LINK_LOST,       AFTER_RECONNECT, "attempts fail while the broker is down"),
      new Cell(FaultKind.BROKER_RESTART, Op.DISCONNECT,  OK,              OK,              "while the broker is down",
          null, null),

      cell(FaultKind.REBOOT,         Op.OPEN,        LINK_LOST,       LINK_LOST,       "statusCode MODULE_REBOOTED"),
      cell(FaultKind.REBOOT,         Op.CONNECT,     LINK_LOST,       LINK_LOST,       "statusCode MODULE_REBOOTED"),
      cell(FaultKind.REBOOT,         Op.SUBSCRIBE,   LINK_LOST,       LINK_LOST,       "supervised: back CONNECTED"),
      cell(FaultKind.REBOOT,         Op.UNSUBSCRIBE, LINK_LOST,       LINK_LOST,       "supervised: back CONNECTED"),
      cell(FaultKind.REBOOT,         Op.PUB_QOS0,    LINK_LOST,       LINK_LOST,       "QoS 0 is never re-sent"),
      cell(FaultKind.REBOOT,         Op.PUB_QOS1,    LINK_LOST,       AFTER_RECONNECT, "start-up sequence re-run first"),
      cell(FaultKind.REBOOT,         Op.PUB_QOS2,    LINK_LOST,       AFTER_RECONNECT, "start-up sequence re-run first"),
      new Cell(FaultKind.REBOOT, Op.DISCONNECT,  OK,              OK,              "plain: CLOSED already, no command",
          null, null),

      cell(FaultKind.NO_ACK,         Op.OPEN,        OK,              OK,              "no MQTT ack in open: the armed fault eats the next CONNACK"),
      cell(FaultKind.NO_ACK,         Op.CONNECT,     URC_TIMEOUT,     URC_TIMEOUT,     "client LOST; the next open clears the context"),
      cell(FaultKind.NO_ACK,         Op.SUBSCRIBE,   URC_TIMEOUT,     URC_TIMEOUT,     "supervised: the timeout triggers a reconnect"),
      new Cell(FaultKind.NO_ACK,     Op.UNSUBSCRIBE, URC_TIMEOUT,     URC_TIMEOUT,     "supervised: the timeout triggers a reconnect",
          null, null),
      cell(FaultKind.NO_ACK,         Op.PUB_QOS0,    OK,              OK,              "no ack in QoS 0: the armed fault eats the next ack"),
      cell(FaultKind.NO_ACK,         Op.PUB_QOS1,    URC_TIMEOUT,     AFTER_RECONNECT, "PUBACK swallowed"),
      cell(FaultKind.NO_ACK,         Op.PUB_QOS2,    URC_TIMEOUT,     AFTER_RECONNECT, "PUBREC swallowed"),
      cell(FaultKind.NO_ACK,         Op.DISCONNECT,  OK,              OK,              "no ack in DISCONNECT: the armed fault eats the next CONNACK"),

      cell(FaultKind.ERROR_STORM,    Op.OPEN,        AT_ERROR,        AT_ERROR,        "3 ERRORs: attempts 1-3 fail, the 4th succeeds"),
      cell(FaultKind.ERROR_STORM,    Op.CONNECT,     AT_ERROR,        AT_ERROR,        "3 ERRORs: attempts 1-3 fail, the 4th succeeds"),
      cell(FaultKind.ERROR_STORM,    Op.SUBSCRIBE,   AT_ERROR,        AT_ERROR,        "3 ERRORs: attempts 1-3 fail, the 4th succeeds"),
      cell(FaultKind.ERROR_STORM,    Op.UNSUBSCRIBE, AT_ERROR,        AT_ERROR,        "3 ERRORs: attempts 1-3 fail, the 4th succeeds"),
      cell(FaultKind.ERROR_STORM,    Op.PUB_QOS0,    AT_ERROR,        AT_ERROR,        "3 ERRORs: attempts 1-3 fail, the 4th succeeds"),
      cell(FaultKind.ERROR_STORM,    Op.PUB_QOS1,    AT_ERROR,        AT_ERROR,        "a refused command is not link trouble: no re-send"),
      cell(FaultKind.ERROR_STORM,    Op.PUB_QOS2,    AT_ERROR,        AT_ERROR,        "a refused command is not link trouble: no re-send"),
      new Cell(FaultKind.ERROR_STORM, Op.DISCONNECT, AT_ERROR,        AT_ERROR,        "3 ERRORs: attempts 1-3 fail, the 4th really disconnects",
          null, null),

      cell(FaultKind.GARBAGE,        Op.OPEN,        OK,              OK,              "random and mutated lines while the outcome is pending"),
      cell(FaultKind.GARBAGE,        Op.CONNECT,     OK,              OK,              "random and mutated lines while the outcome is pending"),
      cell(FaultKind.GARBAGE,        Op.SUBSCRIBE,   OK,              OK,              "random and mutated lines while the outcome is pending"),
      cell(FaultKind.GARBAGE,        Op.UNSUBSCRIBE, OK,              OK,              "random and mutated lines while the outcome is pending"),
      cell(FaultKind.GARBAGE,        Op.PUB_QOS0,    OK,              OK,              "random and mutated lines while the outcome is pending"),
      cell(FaultKind.GARBAGE,        Op.PUB_QOS1,    OK,              OK,              "random and mutated lines while the outcome is pending"),
      cell(FaultKind.GARBAGE,        Op.PUB_QOS2,    OK,              OK,              "random and mutated lines while the outcome is pending"),
      cell(FaultKind.GARBAGE,        Op.DISCONNECT,  OK,              OK,              "random and mutated lines while the outcome is pending"),

      cell(FaultKind.CHUNKED,        Op.OPEN,        OK,              OK,              "one byte per write"),
      cell(FaultKind.CHUNKED,        Op.CONNECT,     OK,              OK,              "one byte per write"),
      cell(FaultKind.CHUNKED,        Op.SUBSCRIBE,   OK,              OK,              "one byte per write"),
      cell(FaultKind.CHUNKED,        Op.UNSUBSCRIBE, OK,              OK,              "one byte per write"),
      cell(FaultKind.CHUNKED,        Op.PUB_QOS0,    OK,              OK,              "one byte per write"),
      cell(FaultKind.CHUNKED,        Op.PUB_QOS1,    OK,              OK,              "one byte per write"),
      cell(FaultKind.CHUNKED,        Op.PUB_QOS2,    OK,              OK,              "one byte per write"),
      cell(FaultKind.CHUNKED,        Op.DISCONNECT,  OK,              OK,              "one byte per write"),

      cell(FaultKind.SLOW_BAUD,      Op.OPEN,        OK,              OK,              "output paced at 9600 baud"),
      cell(FaultKind.SLOW_BAUD,      Op.CONNECT,     OK,              OK,              "output paced at 9600 baud"),
      cell(FaultKind.SLOW_BAUD,      Op.SUBSCRIBE,   OK,              OK,              "output paced at 9600 baud"),
      cell(FaultKind.SLOW_BAUD,      Op.UNSUBSCRIBE, OK,              OK,              "output paced at 9600 baud"),
      cell(FaultKind.SLOW_BAUD,      Op.PUB_QOS0,    OK,              OK,              "output paced at 9600 baud"),
      cell(FaultKind.SLOW_BAUD,      Op.PUB_QOS1,    OK,              OK,              "output paced at 9600 baud"),
      cell(FaultKind.SLOW_BAUD,      Op.PUB_QOS2,    OK,              OK,              "output paced at 9600 baud"),
      cell(FaultKind.SLOW_BAUD,      Op.DISCONNECT,  OK,              OK,              "output paced at 9600 baud"));
  // @formatter:on

  static Stream<Cell> cells() {
    return CELLS.stream();
  }
}
