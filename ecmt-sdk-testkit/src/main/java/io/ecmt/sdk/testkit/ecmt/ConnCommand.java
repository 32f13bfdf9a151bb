package io.ecmt.sdk.testkit.ecmt;

import static io.ecmt.sdk.testkit.engine.CommandTable.parameters;

import io.ecmt.sdk.testkit.RecordedCommand;
import io.ecmt.sdk.testkit.engine.AtError;
import io.ecmt.sdk.testkit.engine.AtParams;
import io.ecmt.sdk.testkit.engine.BrokerLink;
import io.ecmt.sdk.testkit.engine.ConnectRequest;
import java.nio.charset.StandardCharsets;

/** {@code AT+ECMTCONN} and its read form: MQTT CONNECT with the context's configuration. */
final class ConnCommand {
  private final EcmtDialect d;

  ConnCommand(EcmtDialect d) {
    this.d = d;
  }

  void handle(RecordedCommand c) {
    if (c.form() == RecordedCommand.Form.READ) {
      read();
      return;
    }
    AtParams p = AtParams.parse(parameters(c));
    if (p.size() < 1 || p.size() > 4) {
      throw AtError.syntax("ECMTCONN takes 1 to 4 parameters");
    }
    ClientContext ctx = d.contexts[d.clientId(p.get(0))];
    String cid = p.size() > 1 ? AtParams.str(p.get(1), d.limits.clientIdMax()) : null;
    String user = p.size() > 2 ? AtParams.str(p.get(2), d.limits.usernameMax()) : null;
    String pass = p.size() > 3 ? AtParams.str(p.get(3), d.limits.passwordMax()) : null;
    if (ctx != null && ctx.state.connectedish()) {
      d.out.ok(); // already connecting or connected: accepted, no URC
      return;
    }
    if (ctx == null || ctx.state != ClientContext.State.OPEN) {
      throw AtError.notAllowed("not open");
    }
    ctx.state = ClientContext.State.CONNECT_QUEUED;
    d.out.ok();
    d.tasks.submit(done -> send(ctx, cid, user, pass, done));
  }

  private void send(ClientContext ctx, String cid, String user, String pass, Runnable done) {
    BrokerLink link = ctx.link;
    if (ctx.state != ClientContext.State.CONNECT_QUEUED || link == null) {
      done.run();
      return;
    }
    link.connect(request(ctx, cid, user, pass), written -> {
      if (written) {
        ctx.state = ClientContext.State.CONNECTING; // reads back as 3 from here on, before CONNACK
        ctx.connDone = done;
        link.startKeepAlive(ctx.effectiveKeepalive());
      } else {
        ctx.state = ClientContext.State.OPEN;
        d.urcs.conn(ctx.id, 2, 2);
        done.run();
      }
    });
  }

  private ConnectRequest request(ClientContext ctx, String cid, String user, String pass) {
    String clientId = cid == null ? "" : cid;
    if (d.profile.credentialsAllOrNothing() && (isEmpty(cid) || isEmpty(user) || isEmpty(pass))) {
      // EC616S quirk: unless all three are non-empty, the broker sees an empty client id and no
      // credentials (an empty string counts as not given).
      clientId = "";
      user = null;
      pass = null;
    }
    ConnectRequest.Will will = ctx.willFlag == 1 && ctx.willTopic != null
        ? new ConnectRequest.Will(ctx.willTopic, ctx.willMessage.getBytes(StandardCharsets.UTF_8),
            ctx.willQos, ctx.willRetain == 1)
        : null;
    return new ConnectRequest(clientId, user, pass == null ? null : pass.getBytes(StandardCharsets.UTF_8),
        ctx.effectiveVersion(), ctx.effectiveSession() == 1, ctx.effectiveKeepalive(), will);
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  /** {@code +ECMTCONN:<id>,<state>} (no space) per client with a state, then {@code OK}. */
  private void read() {
    for (ClientContext ctx : d.contexts) {
      if (ctx != null && ctx.state.readState() > 0) {
        d.out.info("+ECMTCONN:" + ctx.id + "," + ctx.state.readState());
      }
    }
    d.out.ok();
  }
}
