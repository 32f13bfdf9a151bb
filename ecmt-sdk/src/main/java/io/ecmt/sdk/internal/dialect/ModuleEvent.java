package io.ecmt.sdk.internal.dialect;

import io.ecmt.sdk.Operation;
import java.util.Objects;

/**
 * What a module line means, in no dialect's terms: the session acts on these only. Produced by a
 * {@link ModuleDecoder}; never an exception.
 */
public sealed interface ModuleEvent {

  /** The client index the event is about, or -1 for the whole module. */
  int client();

  /**
   * The outcome of a two-phase operation.
   *
   * @param msgId 0 for operations without one (open, connect, disconnect, close, QoS 0 publish)
   */
  record Outcome(int client, Operation operation, int msgId, Result result) implements ModuleEvent {
    public Outcome {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * What an outcome says.
   *
   * @param kind   the neutral meaning
   * @param code   the dialect's own number (result, CONNACK return code, ...), for exceptions
   * @param value  a second number where the line has one (granted QoS, SUBACK value), or -1
   * @param detail for {@link Kind#UNREADABLE}: why the line could not be read
   */
  record Result(Kind kind, int code, int value, String detail) {
    /** The neutral meanings. */
    public enum Kind {
      /** Done; {@code value} may carry what the broker granted. */
      SUCCESS,
      /** The broker refused the connection; {@code code} is the CONNACK return code. */
      REFUSED,
      /** The broker rejected the subscription (SUBACK 0x80). */
      REJECTED,
      /** The packet could not be sent: the link is in trouble. */
      SEND_FAILED,
      /** The broker's acknowledgement was malformed. */
      MALFORMED_ACK,
      /** Any other failure, with the dialect's {@code code}. */
      FAILED,
      /** The line named the operation but could not be read: it failed, cause unknown. */
      UNREADABLE
    }

    public Result {
      Objects.requireNonNull(kind, "kind");
    }

    public static Result success(int value) {
      return new Result(Kind.SUCCESS, 0, value, null);
    }

    public static Result of(Kind kind, int code) {
      return new Result(kind, code, -1, null);
    }
  }

  /**
   * A message arrived; the payload array is owned by the event. {@code alternatives}: other readings
   * of an ambiguous line (a topic with {@code ",} in it), for the client to choose by its subscriptions.
   */
  record Message(int client, int msgId, String topic, byte[] payload, boolean reassembled, boolean suspect,
      java.util.List<TopicReading> alternatives) implements ModuleEvent {}

  /** Another reading of a message line: {@code topic}, the payload starting {@code payloadOffset} bytes later. */
  record TopicReading(String topic, int payloadOffset) {}

  /** The module reports the client's link closed ({@code code} in the dialect's numbering). */
  record LinkDown(int client, int code) implements ModuleEvent {}

  /** The module booted: every client context is gone. */
  record Booted() implements ModuleEvent {
    @Override
    public int client() {
      return -1;
    }
  }

  /** A read of a client's link state: {@code connected} when the module holds an MQTT connection. */
  record LinkState(int client, boolean connected, int raw) implements ModuleEvent {}

  /** A line that looks like the dialect's but cannot be read, without an operation to fail. */
  record Malformed(String line, String reason) implements ModuleEvent {
    @Override
    public int client() {
      return -1;
    }
  }

  /** Any other line (other command sets' URCs, banners). */
  record Other(String line) implements ModuleEvent {
    @Override
    public int client() {
      return -1;
    }
  }
}
