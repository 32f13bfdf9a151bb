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
}
