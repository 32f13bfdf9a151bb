package io.ecmt.sdk.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault effect a test applies to a {@link FakeModule} with {@link FakeModule#apply(Fault)}.
 * One-shot faults ("the next command", "the next URC") are armed and consumed in order; the others
 * act at once or change the module's behaviour until replaced (pass 0 / {@link Duration#ZERO} /
 * {@code false} to turn them off).
 */
public sealed interface Fault {

  /** Close client {@code clientId}'s broker TCP link now, as if the peer reset it: {@code +ECMTSTAT: <id>,1}. */
  record DropBrokerLink(int clientId) implements Fault { }

  /** Ignore the next {@code count} acknowledgements from the broker (CONNACK, SUBACK, UNSUBACK, PUBACK, PUBREC, PUBCOMP): no URC follows. */
  record SwallowAcks(int count) implements Fault { }

  /** Answer the next command with plain {@code ERROR} ({@code cmeCode} &lt; 0) or {@code +CME ERROR: <cmeCode>} instead of executing it. */
  record FailNextCommand(int cmeCode) implements Fault { }

  /** What to do with the next URC whose text starts with {@code prefix}. */
  enum UrcAction { DELAY, DUPLICATE, SWALLOW }

  /** Delay, duplicate or swallow the next URC starting with {@code prefix}. */
  record UrcFault(UrcAction action, String prefix, Duration delay) implements Fault {
    public UrcFault {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(delay, "delay");
    }
  }

  /** Print {@code text} now; framed as {@code \r\n<text>\r\n} when {@code framed}, else raw. */
  record InjectLine(String text, boolean framed) implements Fault {
    public InjectLine {
      Objects.requireNonNull(text, "text");
    }
  }

  /** Reboot now: links closed without {@code +ECMTSTAT}, all MQTT state and config gone, echo on, {@code RDY} printed. */
  record Reboot() implements Fault { }

  /** Split every output write into chunks of at most {@code bytes} bytes, each a separate transport write (0: off). */
  record ChunkOutput(int bytes) implements Fault { }

  /** Pace output at {@code baud} (10 bits per byte) using the module's scheduler (0: off). */
  record Throttle(int baud) implements Fault { }

  /** Add {@code latency} in each direction between the module and the broker. */
  record BrokerLatency(Duration latency) implements Fault {
    public BrokerLatency {
      Objects.requireNonNull(latency, "latency");
    }
  }

  /** Run the module's MQTT work one request at a time, each waiting for the previous one's URC, as EC616S does. */
  record SerializeMqtt(boolean enabled) implements Fault { }

  /**
   * A scripted override: the next command starting with {@code commandPrefix} (case-insensitive)
   * is not executed; the module writes exactly {@code output} instead (frame it yourself, e.g.
   * {@code "\r\n+ECMTOPEN:0,\"h\",1883\r\n\r\nOK\r\n"}).
   */
  record ScriptedReply(String commandPrefix, String output) implements Fault {
    public ScriptedReply {
      Objects.requireNonNull(commandPrefix, "commandPrefix");
      Objects.requireNonNull(output, "output");
    }
  }

  /**
   * A hung module: while {@code enabled}, all input is ignored (recorded in the transcript, never
   * executed, a half-typed line is lost) and nothing is printed: no echo, no results, no URCs,
   * not even injected lines. The broker links stay up. {@code false} makes it answer again.
   */
  record Unresponsive(boolean enabled) implements Fault { }

  /**
   * While {@code enabled}, commands are answered as usual ({@code OK}, errors, read responses)
   * and their MQTT work is done, but no outcome URC is printed: {@code +ECMTOPEN}, {@code
   * +ECMTCONN}, {@code +ECMTSUB}, {@code +ECMTUNS}, {@code +ECMTPUB}, {@code +ECMTDISC},
   * {@code +ECMTCLOSE}. {@code +ECMTRECV} and {@code +ECMTSTAT} still come. Unlike
   * {@link SwallowAcks} it also covers OPEN, CLOSE, DISC, QoS 0 publishes and send failures, and
   * lasts until turned off.
   */
  record SuppressOutcomes(boolean enabled) implements Fault { }

  /**
   * The broker link of client {@code clientId} is lost now, but the module reports it late, as
   * real firmware does: until {@code +ECMTSTAT: <id>,1} is printed, {@code AT+ECMTPUB}, {@code
   * AT+ECMTSUB} and {@code AT+ECMTUNS} for that client get {@code +CME ERROR: 3} (so do they
   * after it). The STAT comes {@code statDelay} after the {@code erroredCommands}-th such error
   * ({@code erroredCommands} 0: {@code statDelay} after the loss). Fewer commands, no STAT; a
   * DISC, CLOSE or reboot before it cancels it.
   *
   * @throws IllegalStateException from {@link FakeModule#apply} if the client has no broker link
   */
  record LateLinkLoss(int clientId, int erroredCommands, Duration statDelay) implements Fault {
    public LateLinkLoss {
      Objects.requireNonNull(statDelay, "statDelay");
      if (erroredCommands < 0 || statDelay.isNegative()) {
        throw new IllegalArgumentException("erroredCommands and statDelay must not be negative");
      }
    }
  }

  /**
   * For the next {@code count} CONNACKs: print {@code +ECMTCONN: <id>,2,2} ("CONNECT could not
   * be sent") first and, {@code spacing} later, the real {@code +ECMTCONN: <id>,0,<rc>}. The
   * module is connected from the CONNACK on, so commands in between succeed. Seen on Neoway
   * EC626 builds with spacings from 2 ms to over 100 ms.
   */
  record ContradictingConnUrcs(Duration spacing, int count) implements Fault {
    public ContradictingConnUrcs {
      Objects.requireNonNull(spacing, "spacing");
      if (spacing.isNegative() || count < 0) {
        throw new IllegalArgumentException("spacing and count must not be negative");
      }
    }
  }

  // ---- shorthands ----

  /** {@link DropBrokerLink}. */
  static Fault dropBrokerLink(int clientId) {
    return new DropBrokerLink(clientId);
  }

  /** {@link SwallowAcks}. */
  static Fault swallowAcks(int count) {
    return new SwallowAcks(count);
  }

  /** {@link FailNextCommand} with plain {@code ERROR}. */
  static Fault errorOnNextCommand() {
    return new FailNextCommand(-1);
  }

  /** {@link FailNextCommand} with {@code +CME ERROR: <code>}. */
  static Fault cmeErrorOnNextCommand(int code) {
    return new FailNextCommand(code);
  }

  /** {@link UrcFault}: the next URC starting with {@code prefix} comes {@code delay} later. */
  static Fault delayUrc(String prefix, Duration delay) {
    return new UrcFault(UrcAction.DELAY, prefix, delay);
  }

  /** {@link UrcFault}: the next URC starting with {@code prefix} is printed twice. */
  static Fault duplicateUrc(String prefix) {
    return new UrcFault(UrcAction.DUPLICATE, prefix, Duration.ZERO);
  }

  /** {@link UrcFault}: the next URC starting with {@code prefix} is never printed. */
  static Fault swallowUrc(String prefix) {
    return new UrcFault(UrcAction.SWALLOW, prefix, Duration.ZERO);
  }

  /** {@link InjectLine} framed as {@code \r\n<text>\r\n}. */
  static Fault injectLine(String text) {
    return new InjectLine(text, true);
  }

  /** {@link InjectLine}: {@code text} written as is. */
  static Fault injectRaw(String text) {
    return new InjectLine(text, false);
  }

  /** {@link Reboot}. */
  static Fault reboot() {
    return new Reboot();
  }

  /** {@link ChunkOutput}. */
  static Fault chunkOutput(int bytes) {
    return new ChunkOutput(bytes);
  }

  /** {@link Throttle}. */
  static Fault throttle(int baud) {
    return new Throttle(baud);
  }

  /** {@link BrokerLatency}. */
  static Fault brokerLatency(Duration latency) {
    return new BrokerLatency(latency);
  }

  /** {@link SerializeMqtt}. */
  static Fault serializeMqtt(boolean enabled) {
    return new SerializeMqtt(enabled);
  }

  /** {@link ScriptedReply}. */
  static Fault scriptedReply(String commandPrefix, String output) {
    return new ScriptedReply(commandPrefix, output);
  }

  /** {@link Unresponsive}: {@code true} hangs the module, {@code false} revives it. */
  static Fault unresponsive(boolean enabled) {
    return new Unresponsive(enabled);
  }

  /** {@link SuppressOutcomes}. */
  static Fault suppressOutcomes(boolean enabled) {
    return new SuppressOutcomes(enabled);
  }

  /** {@link LateLinkLoss}. */
  static Fault lateLinkLoss(int clientId, int erroredCommands, Duration statDelay) {
    return new LateLinkLoss(clientId, erroredCommands, statDelay);
  }

  /** {@link ContradictingConnUrcs} for the next CONNACK only. */
  static Fault contradictingConnUrcs(Duration spacing) {
    return new ContradictingConnUrcs(spacing, 1);
  }
}
