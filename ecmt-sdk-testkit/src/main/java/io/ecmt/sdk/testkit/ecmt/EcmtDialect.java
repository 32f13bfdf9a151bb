package io.ecmt.sdk.testkit.ecmt;

import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.testkit.FakeProfile;
import io.ecmt.sdk.testkit.engine.AtError;
import io.ecmt.sdk.testkit.engine.AtParams;
import io.ecmt.sdk.testkit.engine.BrokerLink;
import io.ecmt.sdk.testkit.engine.BrokerLinks;
import io.ecmt.sdk.testkit.engine.CommandTable;
import io.ecmt.sdk.testkit.engine.Dialect;
import io.ecmt.sdk.testkit.engine.Faults;
import io.ecmt.sdk.testkit.engine.Input;
import io.ecmt.sdk.testkit.engine.ModuleEngine;
import io.ecmt.sdk.testkit.engine.ModuleLoop;
import io.ecmt.sdk.testkit.engine.Output;
import io.ecmt.sdk.testkit.engine.TaskQueue;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Eigencomm {@code AT+ECMT*} command set on the shared engine, as the protocol reference says
 * real modules answer, quirks included. The build's quirks are flags of its {@link FakeProfile}.
 *
 * <p>This class holds the client contexts and what the command handlers share; each command (or
 * pair) has its own handler class, the URC texts are in {@link EcmtUrcs} and the broker events
 * are turned into URCs by {@link EcmtBrokerEvents}.
 */
public final class EcmtDialect implements Dialect {
  final FakeProfile profile;
  final ModuleProfile limits;
  final Output out;
  final Input input;
  final EcmtUrcs urcs;
  final TaskQueue tasks;
  final BrokerLinks links;
  final ModuleLoop loop;
  final Faults faults;
  final ClientContext[] contexts;
  private final EcmtBrokerEvents events;

  private EcmtDialect(ModuleEngine engine, FakeProfile profile) {
    this.profile = profile;
    this.limits = profile.limits();
    this.out = engine.output();
    this.input = engine.input();
    this.urcs = new EcmtUrcs(engine.urcs());
    this.tasks = engine.tasks();
    this.links = engine.links();
    this.loop = engine.loop();
    this.faults = engine.faults();
    this.contexts = new ClientContext[limits.maxClients()];
    this.events = new EcmtBrokerEvents(this);
  }

  /** Makes the ECMT part of an engine, imitating {@code profile}. */
  public static Dialect.Factory factory(FakeProfile profile) {
    Objects.requireNonNull(profile, "profile");
    return engine -> new EcmtDialect(engine, profile);
  }

  @Override
  public void register(CommandTable table) {
    EcmtTestForms test = new EcmtTestForms(out, limits.maxClients());
    table.add("+ECMTCFG", test.with("+ECMTCFG", new CfgCommand(this)::handle));
    LinkCommands link = new LinkCommands(this);
    table.add("+ECMTOPEN", test.with("+ECMTOPEN", link::open));
    table.add("+ECMTCLOSE", test.with("+ECMTCLOSE", link::close));
    table.add("+ECMTDISC", test.with("+ECMTDISC", link::disc));
    table.add("+ECMTCONN", test.with("+ECMTCONN", new ConnCommand(this)::handle));
    SubscribeCommands subscribe = new SubscribeCommands(this);
    table.add("+ECMTSUB", test.with("+ECMTSUB", subscribe::sub));
    table.add("+ECMTUNS", test.with("+ECMTUNS", subscribe::uns));
    table.add("+ECMTPUB", test.with("+ECMTPUB", new PublishCommand(this)::handle));
  }

  @Override
  public List<String> identification() {
    return profile.identification();
  }

  @Override
  public String revision() {
    return profile.revision();
  }

  @Override
  public int clientSlots() {
    return limits.maxClients();
  }

  @Override
  public void reset() {
    for (ClientContext ctx : contexts) {
      if (ctx != null && ctx.link != null) {
        ctx.link.close();
      }
    }
    Arrays.fill(contexts, null);
  }

  // ------------------------------------------------------------------ shared by the handlers

  /** A client id the build has; others are refused. */
  int clientId(AtParams.Param p) {
    int id = AtParams.num(p);
    if (!limits.isClientId(id)) {
      throw AtError.notAllowed("no client " + id);
    }
    return id;
  }

  /** For PUB, SUB and UNS: refused unless connected (which may release a held link report). */
  void requireConnected(ClientContext ctx) {
    if (ctx == null || !ctx.connectedish()) {
      if (ctx != null && ctx.heldStat != null && ctx.heldStat.countRefusal()) {
        releaseStat(ctx); // scheduled, so it follows this command's +CME ERROR
      }
      throw AtError.notAllowed("not connected");
    }
  }

  /** The context's link, or a stand-in on which every send fails. */
  BrokerLink link(ClientContext ctx) {
    return ctx.link != null ? ctx.link : links.unlinked();
  }

  /** What a context's broker link reports goes to {@link EcmtBrokerEvents}. */
  BrokerLink.Listener listener(ClientContext ctx) {
    return event -> {
      if (contexts[ctx.id] == ctx) {
        events.on(ctx, event);
      }
    };
  }

  void destroy(ClientContext ctx) {
    if (contexts[ctx.id] == ctx) {
      contexts[ctx.id] = null;
    }
  }

  /** The broker link is gone: state and pending work, but no URC yet. */
  void linkLost(ClientContext ctx) {
    ctx.link = null;
    ctx.state = ClientContext.State.LOST;
    ctx.pendingPub.clear();
    ctx.pendingSub.clear();
    ctx.pendingUns.clear();
    ctx.connDone = null;
    tasks.linkLost();
  }

  /** Prints the held-back {@code +ECMTSTAT} after its delay, unless the context is gone by then. */
  void releaseStat(ClientContext ctx) {
    loop.schedule(() -> {
      if (contexts[ctx.id] == ctx && ctx.heldStat != null) {
        ctx.heldStat = null;
        urcs.stat(ctx.id, 1);
      }
    }, ctx.heldStat.delayNanos());
  }
}
