package io.ecmt.sdk.testkit.ecmt;

import static io.ecmt.sdk.testkit.engine.CommandTable.parameters;

import io.ecmt.sdk.testkit.RecordedCommand;
import io.ecmt.sdk.testkit.engine.AtError;
import io.ecmt.sdk.testkit.engine.AtParams;
import io.ecmt.sdk.testkit.engine.BrokerLink;

/**
 * {@code AT+ECMTOPEN} (and its read form), {@code AT+ECMTCLOSE} and {@code AT+ECMTDISC}: the TCP
 * link. DISC closes the link and destroys the context just as CLOSE does; both send DISCONNECT
 * first when connected.
 */
final class LinkCommands {
  /** Prints a close-type outcome: {@code +ECMTCLOSE} or {@code +ECMTDISC}. */
  @FunctionalInterface
  private interface Outcome {
    void print(int id, int result);
  }

  private final EcmtDialect d;

  LinkCommands(EcmtDialect d) {
    this.d = d;
  }

  void open(RecordedCommand c) {
    if (c.form() == RecordedCommand.Form.READ) {
      openRead();
      return;
    }
    AtParams p = AtParams.parse(parameters(c));
    if (p.size() != 3) {
      throw AtError.syntax("ECMTOPEN needs id, host, port");
    }
    int id = d.clientId(p.get(0));
    String host = AtParams.str(p.get(1), d.limits.hostMax());
    int port = AtParams.range(p.get(2), 1, 65535);
    if (host.isEmpty()) {
      throw AtError.notAllowed("empty host");
    }
    ClientContext existing = d.contexts[id];
    if (existing != null && existing.state.linked()) {
      d.out.ok(); // the quirk: accepted, and no URC will ever follow
      return;
    }
    ClientContext ctx = existing != null ? existing : new ClientContext(id);
    d.contexts[id] = ctx;
    ctx.host = host;
    ctx.port = port;
    ctx.state = ClientContext.State.OPENING;
    d.out.ok();
    d.tasks.submit(done -> d.links.open(ctx.id, ctx.host, ctx.port, d.listener(ctx), link -> opened(ctx, link, done)));
  }

  /** The open's outcome: {@code link} connected, or null. */
  private void opened(ClientContext ctx, BrokerLink link, Runnable done) {
    if (d.contexts[ctx.id] != ctx || ctx.state != ClientContext.State.OPENING) {
      if (link != null) {
        link.close(); // rebooted or closed meanwhile
      }
      done.run();
      return;
    }
    if (link != null) {
      ctx.link = link;
      ctx.state = ClientContext.State.OPEN;
      d.urcs.open(ctx.id, 0);
    } else {
      d.destroy(ctx); // a failed open destroys the context
      d.urcs.open(ctx.id, -1);
    }
    done.run();
  }

  /** {@code +ECMTOPEN:<id>,"<host>",<port>} (no space) per open client, then {@code OK}. */
  private void openRead() {
    for (ClientContext ctx : d.contexts) {
      if (ctx != null && ctx.host != null && ctx.state != ClientContext.State.IDLE) {
        d.out.info("+ECMTOPEN:" + ctx.id + ",\"" + ctx.host + "\"," + ctx.port);
      }
    }
    d.out.ok();
  }

  void close(RecordedCommand c) {
    ClientContext ctx = closable(c, "ECMTCLOSE needs an id", "not open");
    d.out.ok();
    d.tasks.submit(done -> shutdownLink(ctx, d.urcs::close, done));
  }

  void disc(RecordedCommand c) {
    ClientContext ctx = closable(c, "ECMTDISC needs an id", "nothing open");
    d.out.ok();
    d.tasks.submit(done -> shutdownLink(ctx, d.urcs::disc, done));
  }

  private ClientContext closable(RecordedCommand c, String syntax, String refusal) {
    AtParams p = AtParams.parse(parameters(c));
    if (p.size() != 1) {
      throw AtError.syntax(syntax);
    }
    ClientContext ctx = d.contexts[d.clientId(p.get(0))];
    if (ctx == null || !ctx.state.closable()) {
      throw AtError.notAllowed(refusal);
    }
    return ctx;
  }

  private void shutdownLink(ClientContext ctx, Outcome outcome, Runnable done) {
    BrokerLink link = ctx.link;
    boolean connected = ctx.state.connectedish();
    d.destroy(ctx);
    if (link == null) {
      outcome.print(ctx.id, 0);
      done.run();
      return;
    }
    link.shutdown(connected, closed -> {
      outcome.print(ctx.id, closed ? 0 : -1);
      done.run();
    });
  }
}
