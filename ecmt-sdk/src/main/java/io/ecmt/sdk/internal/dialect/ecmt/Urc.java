package io.ecmt.sdk.internal.dialect.ecmt;

import java.util.List;

/**
 * A decoded line from the module that is not a final result: outcome URCs, unsolicited codes and
 * read / query / test responses. Produced by {@link EcmtDecoder}; never an exception.
 *
 * <p>Numbers absent from a line are -1.
 */
public sealed interface Urc {

  /** {@code +ECMTOPEN: <id>,<result>}: 0 opened, -1 failed. */
  record OpenResult(int clientId, int result) implements Urc {}

  /** {@code +ECMTCLOSE: <id>,<result>}. */
  record CloseResult(int clientId, int result) implements Urc {}

  /** {@code +ECMTCONN: <id>,<result>,<ret_code>}; result 0 CONNACK (ret_code its code), 2 send failed. */
  record ConnResult(int clientId, int result, int returnCode) implements Urc {}

  /** {@code +ECMTDISC: <id>,<result>}. */
  record DiscResult(int clientId, int result) implements Urc {}

  /** {@code +ECMTSUB: <id>,<msgID>,<result>[,<value>]}; value 128 = rejected. */
  record SubResult(int clientId, int msgId, int result, int value) implements Urc {}

  /** {@code +ECMTUNS: <id>,<msgID>,<result>}. */
  record UnsResult(int clientId, int msgId, int result) implements Urc {}

  /** {@code +ECMTPUB: <id>,<msgID>,<result>[,<value>]}. */
  record PubResult(int clientId, int msgId, int result) implements Urc {}

  /**
   * {@code +ECMTRECV: <id>,<msgID>,"<topic>",<raw payload>}: topic decoded as UTF-8, payload the
   * raw bytes after the fourth field separator (quotes and commas kept).
   *
   * @param reassembled whether continuation lines were appended (see {@link UrcAssembler})
   * @param nested      whether its header arrived inside the previous payload's receive burst
   */
  record Recv(int clientId, int msgId, String topic, byte[] payload, boolean reassembled, boolean nested,
      List<Alternative> alternatives) implements Urc {
    /**
     * Another place the quoted topic could end: {@code topic}, with the payload starting
     * {@code payloadOffset} bytes later.
     */
    public record Alternative(String topic, int payloadOffset) {}

    /** A null payload becomes empty; the array is not copied (internal value, owned by the decoder). */
    public Recv {
      payload = payload == null ? new byte[0] : payload;
      alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
    }

    /** A message whose topic reading is unambiguous. */
    public Recv(int clientId, int msgId, String topic, byte[] payload, boolean reassembled, boolean nested) {
      this(clientId, msgId, topic, payload, reassembled, nested, List.of());
    }

    /** A message that is not nested. */
    public Recv(int clientId, int msgId, String topic, byte[] payload, boolean reassembled) {
      this(clientId, msgId, topic, payload, reassembled, false);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Recv r
          && clientId == r.clientId
          && msgId == r.msgId
          && reassembled == r.reassembled
          && nested == r.nested
          && alternatives.equals(r.alternatives)
          && java.util.Objects.equals(topic, r.topic)
          && java.util.Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
      int h = java.util.Objects.hash(clientId, msgId, topic, reassembled, nested);
      return 31 * h + java.util.Arrays.hashCode(payload);
    }

    /** Shows at most the first 64 payload bytes, non-printable ones as {@code \xNN}. */
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("Recv[clientId=").append(clientId)
          .append(", msgId=").append(msgId)
          .append(", topic=").append(topic)
          .append(", payload=").append(payload.length).append(" bytes \"");
      int n = Math.min(payload.length, 64);
      for (int i = 0; i < n; i++) {
        int b = payload[i] & 0xFF;
        if (b >= 0x20 && b < 0x7F && b != '\\') {
          sb.append((char) b);
        } else {
          sb.append(String.format("\\x%02X", b));
        }
      }
      if (n < payload.length) {
        sb.append("...");
      }
      return sb.append("\", reassembled=").append(reassembled).append(", nested=").append(nested).append(']')
          .toString();
    }
  }

  /** {@code +ECMTSTAT: <id>,<err_code>} (1–8 as in Quectel's +QMTSTAT). */
  record Stat(int clientId, int code) implements Urc {}

  /** {@code RDY}: the module (re)booted; echo is on again and all MQTT state is gone. */
  record Ready() implements Urc {}

  /** Read response {@code +ECMTOPEN:<id>,"<host>",<port>}. */
  record OpenRead(int clientId, String host, int port) implements Urc {}

  /** Read response {@code +ECMTCONN:<id>,<state>}: 1 initializing, 2 connecting, 3 connected, 4 disconnected. */
  record ConnRead(int clientId, int state) implements Urc {}

  /**
   * Query or test response {@code +ECMTCFG: "<option>",<values...>}: the option without quotes and
   * the remaining fields as printed (quotes removed, parentheses kept).
   */
  record CfgRead(String option, List<String> values) implements Urc {
    public CfgRead {
      values = values == null ? List.of() : List.copyOf(values);
    }
  }

  /** A test-form answer ({@code AT+ECMTOPEN=?} → {@code +ECMTOPEN: (0),<host_name>,<port>}): the fields as printed. */
  record TestForm(String code, List<String> fields) implements Urc {
    public TestForm {
      fields = List.copyOf(fields);
    }
  }

  /** Any other line that is not ECMT: {@code +CEREG: 0,1}, banners, continuation text. */
  record Other(String line) implements Urc {}

  /** A line that starts like an ECMT URC but cannot be parsed. */
  record Malformed(String line, String reason) implements Urc {}
}
