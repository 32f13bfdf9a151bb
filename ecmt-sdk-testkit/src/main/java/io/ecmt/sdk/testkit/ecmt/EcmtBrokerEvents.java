package io.ecmt.sdk.testkit.ecmt;

import io.ecmt.sdk.testkit.engine.BrokerEvent;
import io.ecmt.sdk.testkit.engine.Faults;
import java.util.List;

/** Turns what a client's broker link reports into the URCs an ECMT module prints. */
final class EcmtBrokerEvents {
  private final EcmtDialect d;

  EcmtBrokerEvents(EcmtDialect d) {
    this.d = d;
  }

  void on(ClientContext ctx, BrokerEvent e) {
    // Java 17: no pattern switch, so an instanceof chain over the sealed events.
    if (e instanceof BrokerEvent.ConnAck c) {
      connAck(ctx, c.returnCode());
    } else if (e instanceof BrokerEvent.ConnAckMalformed) {
      connAckMalformed(ctx);
    } else if (e instanceof BrokerEvent.SubAck s) {
      subAck(ctx, s);
    } else if (e instanceof BrokerEvent.UnsubAck u) {
      d.urcs.uns(ctx.id, u.packetId(), 0);
      finish(ctx.pendingUns.remove(u.packetId()));
    } else if (e instanceof BrokerEvent.PublishDone p) {
      d.urcs.pub(ctx.id, p.packetId(), 0);
      finish(ctx.pendingPub.remove(p.packetId()));
    } else if (e instanceof BrokerEvent.Received r) {
      d.urcs.recv(ctx.id, r.packetId(), r.topic(), r.payload());
    } else if (e instanceof BrokerEvent.LinkDown) {
      linkDown(ctx);
    }
  }

  private void connAck(ClientContext ctx, int code) {
    ctx.state = ClientContext.State.CONNECTED;
    Runnable done = ctx.connDone;
    ctx.connDone = null;
    long spacing = d.faults.takeContradiction();
    if (spacing >= 0) {
      // Neoway EC626 builds: a "send failed" outcome first, then the real one.
      d.urcs.conn(ctx.id, 2, 2);
      d.loop.schedule(() -> {
        if (d.contexts[ctx.id] == ctx) {
          d.urcs.conn(ctx.id, 0, code);
        }
        finish(done);
      }, spacing);
      return;
    }
    d.urcs.conn(ctx.id, 0, code);
    finish(done);
  }

  /** {@code +ECMTCONN: <id>,0,6}: 6 is the module's own code for a CONNACK it cannot read. */
  private void connAckMalformed(ClientContext ctx) {
    if (ctx.state == ClientContext.State.CONNECTING) {
      ctx.state = ClientContext.State.OPEN;
    }
    Runnable done = ctx.connDone;
    ctx.connDone = null;
    d.urcs.conn(ctx.id, 0, 6);
    finish(done);
  }

  private void subAck(ClientContext ctx, BrokerEvent.SubAck s) {
    List<Integer> codes = s.returnCodes();
    int first = codes.isEmpty() ? 0x80 : codes.get(0);
    // EC616S prints the number of return codes and misses a 0x80 refusal; others the granted QoS.
    int value = d.profile.subAckPrintsGrantedQos() ? (first == 0x80 ? 128 : first) : codes.size();
    d.urcs.subAcked(ctx.id, s.packetId(), value);
    finish(ctx.pendingSub.remove(s.packetId()));
  }

  private void linkDown(ClientContext ctx) {
    d.linkLost(ctx);
    Faults.LateReport late = d.faults.takeLateReport(ctx.id);
    if (late == null) {
      d.urcs.stat(ctx.id, 1);
      return;
    }
    ctx.heldStat = late; // until then PUB / SUB / UNS just get +CME ERROR: 3
    if (late.startsAtLoss()) {
      d.releaseStat(ctx);
    }
  }

  private static void finish(Runnable done) {
    if (done != null) {
      done.run();
    }
  }
}
