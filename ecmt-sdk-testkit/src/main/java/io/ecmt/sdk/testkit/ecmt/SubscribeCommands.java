package io.ecmt.sdk.testkit.ecmt;

import static io.ecmt.sdk.testkit.engine.CommandTable.parameters;

import io.ecmt.sdk.testkit.RecordedCommand;
import io.ecmt.sdk.testkit.engine.AtError;
import io.ecmt.sdk.testkit.engine.AtParams;

/** {@code AT+ECMTSUB} and {@code AT+ECMTUNS}: one topic filter per command, msgID as packet id. */
final class SubscribeCommands {
  private final EcmtDialect d;

  SubscribeCommands(EcmtDialect d) {
    this.d = d;
  }

  void sub(RecordedCommand c) {
    AtParams p = AtParams.parse(parameters(c));
    if (p.size() != 4) {
      throw AtError.syntax("ECMTSUB needs id, msgID, topic, qos");
    }
    ClientContext ctx = d.contexts[d.clientId(p.get(0))];
    int msgId = AtParams.range(p.get(1), 1, 65535);
    String filter = AtParams.str(p.get(2), d.limits.topicMax());
    int qos = AtParams.range(p.get(3), 0, 2);
    if (filter.isEmpty()) {
      throw AtError.notAllowed("empty topic");
    }
    d.requireConnected(ctx);
    d.out.ok();
    d.tasks.submit(done -> {
      ctx.pendingSub.put(msgId, done);
      d.link(ctx).subscribe(msgId, filter, qos, written -> {
        if (!written) {
          ctx.pendingSub.remove(msgId);
          d.urcs.subFailed(ctx.id, msgId);
          done.run();
        }
      });
    });
  }

  void uns(RecordedCommand c) {
    AtParams p = AtParams.parse(parameters(c));
    if (p.size() != 3) {
      throw AtError.syntax("ECMTUNS needs id, msgID, topic");
    }
    ClientContext ctx = d.contexts[d.clientId(p.get(0))];
    int msgId = AtParams.range(p.get(1), 1, 65535);
    String filter = AtParams.str(p.get(2), d.limits.topicMax());
    if (filter.isEmpty()) {
      throw AtError.notAllowed("empty topic");
    }
    d.requireConnected(ctx);
    d.out.ok();
    d.tasks.submit(done -> {
      ctx.pendingUns.put(msgId, done);
      d.link(ctx).unsubscribe(msgId, filter, written -> {
        if (!written) {
          ctx.pendingUns.remove(msgId);
          d.urcs.uns(ctx.id, msgId, 2);
          done.run();
        }
      });
    });
  }
}
