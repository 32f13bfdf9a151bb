package io.ecmt.sdk.testkit.ecmt;

import io.ecmt.sdk.testkit.engine.Urcs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Every {@code +ECMT...} URC the module prints, byte for byte: one space after the colon, none
 * after commas. Outcomes (they end a two-phase command) and unsolicited codes go to the engine's
 * URC path as such, so outcome suppression and URC faults apply.
 */
final class EcmtUrcs {
  private final Urcs urcs;

  EcmtUrcs(Urcs urcs) {
    this.urcs = urcs;
  }

  /** {@code +ECMTOPEN: <id>,<result>}: 0 opened, -1 failed. */
  void open(int id, int result) {
    urcs.outcome("+ECMTOPEN: " + id + "," + result);
  }

  /** {@code +ECMTCLOSE: <id>,<result>}. */
  void close(int id, int result) {
    urcs.outcome("+ECMTCLOSE: " + id + "," + result);
  }

  /** {@code +ECMTDISC: <id>,<result>}. */
  void disc(int id, int result) {
    urcs.outcome("+ECMTDISC: " + id + "," + result);
  }

  /** {@code +ECMTCONN: <id>,<result>,<ret_code>}: {@code 0,<rc>} CONNACK, {@code 2,2} not sent. */
  void conn(int id, int result, int retCode) {
    urcs.outcome("+ECMTCONN: " + id + "," + result + "," + retCode);
  }

  /** {@code +ECMTSUB: <id>,<msgID>,0,<value>}: SUBACK received. */
  void subAcked(int id, int msgId, int value) {
    urcs.outcome("+ECMTSUB: " + id + "," + msgId + ",0," + value);
  }

  /** {@code +ECMTSUB: <id>,<msgID>,2,0}: SUBSCRIBE not sent (the value field is still printed, 0). */
  void subFailed(int id, int msgId) {
    urcs.outcome("+ECMTSUB: " + id + "," + msgId + ",2,0");
  }

  /** {@code +ECMTUNS: <id>,<msgID>,<result>}. */
  void uns(int id, int msgId, int result) {
    urcs.outcome("+ECMTUNS: " + id + "," + msgId + "," + result);
  }

  /** {@code +ECMTPUB: <id>,<msgID>,<result>}: 0 done, 2 not sent. */
  void pub(int id, int msgId, int result) {
    urcs.outcome("+ECMTPUB: " + id + "," + msgId + "," + result);
  }

  /** {@code +ECMTSTAT: <id>,<err_code>}: EC616S only ever prints 1, closed or reset by peer. */
  void stat(int id, int code) {
    urcs.unsolicited("+ECMTSTAT: " + id + "," + code);
  }

  /** {@code +ECMTRECV: <id>,<msgID>,"<topic>",<raw payload>}. */
  void recv(int id, int msgId, String topic, byte[] payload) {
    urcs.unsolicited(recvLine(id, msgId, topic, payload));
  }

  /**
   * The RECV line: payload raw, leading NULs skipped, then cut at the next NUL, up to two
   * trailing CR/LF dropped.
   */
  static byte[] recvLine(int clientId, int msgId, String topic, byte[] p) {
    int start = 0;
    while (start < p.length && p[start] == 0) {
      start++;
    }
    int end = p.length;
    for (int i = start; i < p.length; i++) {
      if (p[i] == 0) {
        end = i;
        break;
      }
    }
    for (int k = 0; k < 2 && end > start && (p[end - 1] == '\r' || p[end - 1] == '\n'); k++) {
      end--;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("+ECMTRECV: " + clientId + "," + msgId + ",\"" + topic + "\",").getBytes(StandardCharsets.UTF_8));
    b.write(p, start, end - start);
    return b.toByteArray();
  }
}
