package io.ecmt.sdk.internal.dialect.ecmt;

import io.ecmt.sdk.Operation;
import io.ecmt.sdk.internal.dialect.ModuleEvent;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Outcome;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Result;
import io.ecmt.sdk.internal.dialect.ModuleEvent.Result.Kind;
import java.util.Map;

/** ECMT's decoded lines ({@link Urc}) in neutral terms ({@link ModuleEvent}). */
final class EcmtEvents {
  private EcmtEvents() {}

  /** The outcome URCs, by code: which operation, and whether a msgID follows the client id. */
  private record Form(Operation operation, boolean hasMsgId) {}

  private static final Map<String, Form> OUTCOMES = Map.of(
      "+ECMTOPEN", new Form(Operation.OPEN, false),
      "+ECMTCLOSE", new Form(Operation.CLOSE, false),
      "+ECMTCONN", new Form(Operation.CONNECT, false),
      "+ECMTDISC", new Form(Operation.DISCONNECT, false),
      "+ECMTSUB", new Form(Operation.SUBSCRIBE, true),
      "+ECMTUNS", new Form(Operation.UNSUBSCRIBE, true),
      "+ECMTPUB", new Form(Operation.PUBLISH, true));

  static ModuleEvent toEvent(Urc urc) {
    if (urc instanceof Urc.OpenResult o) {
      return new Outcome(o.clientId(), Operation.OPEN, 0, zeroIsSuccess(o.result()));
    } else if (urc instanceof Urc.CloseResult c) {
      return new Outcome(c.clientId(), Operation.CLOSE, 0, zeroIsSuccess(c.result()));
    } else if (urc instanceof Urc.DiscResult d) {
      return new Outcome(d.clientId(), Operation.DISCONNECT, 0, zeroIsSuccess(d.result()));
    } else if (urc instanceof Urc.ConnResult c) {
      return new Outcome(c.clientId(), Operation.CONNECT, 0, connect(c.result(), c.returnCode()));
    } else if (urc instanceof Urc.SubResult s) {
      Result r = s.result() == 0 && s.value() == 128 ? Result.of(Kind.REJECTED, 0)
          : s.result() == 0 ? Result.success(s.value()) : failure(s.result());
      return new Outcome(s.clientId(), Operation.SUBSCRIBE, s.msgId(), r);
    } else if (urc instanceof Urc.UnsResult u) {
      return new Outcome(u.clientId(), Operation.UNSUBSCRIBE, u.msgId(), zeroIsSuccess(u.result()));
    } else if (urc instanceof Urc.PubResult p) {
      return new Outcome(p.clientId(), Operation.PUBLISH, p.msgId(), zeroIsSuccess(p.result()));
    } else if (urc instanceof Urc.Recv r) {
      return new ModuleEvent.Message(r.clientId(), r.msgId(), r.topic(), r.payload(), r.reassembled(), r.nested(),
          r.alternatives().stream().map(a -> new ModuleEvent.TopicReading(a.topic(), a.payloadOffset())).toList());
    } else if (urc instanceof Urc.Stat s) {
      return new ModuleEvent.LinkDown(s.clientId(), s.code());
    } else if (urc instanceof Urc.Ready) {
      return new ModuleEvent.Booted();
    } else if (urc instanceof Urc.ConnRead c) {
      return new ModuleEvent.LinkState(c.clientId(), c.state() == 3, c.state());
    } else if (urc instanceof Urc.Malformed m) {
      return malformed(m);
    }
    return new ModuleEvent.Other(urc.toString());
  }

  /** ECMT results: 0 ok, 1 malformed ack, 2 send failed, anything else (-1) failed. */
  private static Result zeroIsSuccess(int result) {
    return result == 0 ? Result.success(-1) : failure(result);
  }

  private static Result failure(int result) {
    return switch (result) {
      case 1 -> Result.of(Kind.MALFORMED_ACK, 1);
      case 2 -> Result.of(Kind.SEND_FAILED, 2);
      default -> Result.of(Kind.FAILED, result);
    };
  }

  /** {@code +ECMTCONN: <id>,<result>,<ret_code>}: ret_code is a CONNACK code only with result 0. */
  private static Result connect(int result, int returnCode) {
    if (result == 0) {
      return returnCode == 0 ? Result.success(-1) : Result.of(Kind.REFUSED, returnCode);
    }
    return failure(result);
  }

  /**
   * A garbled outcome that still shows its identity (client, operation and a msgID) fails that
   * operation now instead of leaving it to its timeout. Without a msgID (open, connect, ...) the
   * identity is too weak to act on: it is reported as malformed only.
   */
  private static ModuleEvent malformed(Urc.Malformed m) {
    String line = m.line().strip();
    int colon = line.indexOf(':');
    Form form = colon > 0 ? OUTCOMES.get(line.substring(0, colon).strip()) : null;
    if (form != null && form.hasMsgId()) {
      String[] fields = line.substring(colon + 1).split(",", -1);
      int client = leadingInt(fields, 0);
      int msgId = leadingInt(fields, 1);
      if (client >= 0 && msgId > 0) {
        return new Outcome(client, form.operation(), msgId, new Result(Kind.UNREADABLE, -1, -1, m.reason()));
      }
    }
    return new ModuleEvent.Malformed(m.line(), m.reason());
  }

  private static int leadingInt(String[] fields, int index) {
    if (index >= fields.length) {
      return -1;
    }
    String f = fields[index].strip();
    if (f.isEmpty() || f.length() > 5) {
      return -1;
    }
    for (int i = 0; i < f.length(); i++) {
      if (f.charAt(i) < '0' || f.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(f);
  }
}
