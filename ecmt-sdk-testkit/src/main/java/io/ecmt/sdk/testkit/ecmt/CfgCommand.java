package io.ecmt.sdk.testkit.ecmt;

import static io.ecmt.sdk.testkit.engine.AtParams.exactly;
import static io.ecmt.sdk.testkit.engine.AtParams.range;
import static io.ecmt.sdk.testkit.engine.CommandTable.parameters;

import io.ecmt.sdk.testkit.RecordedCommand;
import io.ecmt.sdk.testkit.engine.AtError;
import io.ecmt.sdk.testkit.engine.AtParams;
import java.util.List;
import java.util.Locale;

/**
 * {@code AT+ECMTCFG}: set an option (the first one creates the context), query it (a shadow copy
 * that starts at 0, not the values CONNECT uses); TLS builds also take {@code "ssl"}. The test
 * form is answered from {@link EcmtTestForms}.
 */
final class CfgCommand {
  private final EcmtDialect d;

  CfgCommand(EcmtDialect d) {
    this.d = d;
  }

  void handle(RecordedCommand c) {
    AtParams p = AtParams.parse(parameters(c));
    if (p.size() < 2) {
      throw AtError.syntax("ECMTCFG needs an option and a client id");
    }
    String option = p.get(0).text().toLowerCase(Locale.ROOT);
    if (option.equals("ssl") && d.limits.tls()) {
      ssl(p.from(1));
      return;
    }
    int id = d.clientId(p.get(1));
    List<AtParams.Param> values = p.from(2);
    if (values.isEmpty()) {
      query(id, option);
      return;
    }
    ClientContext ctx = d.contexts[id] != null ? d.contexts[id] : new ClientContext(id);
    set(ctx, option, values);
    d.contexts[id] = ctx; // the first ECMTCFG creates the context
    d.out.ok();
  }

  /**
   * TLS builds: {@code "ssl","psk","<psk>","<psk_id>"} or {@code "ssl","ca","<PEM body base64>"[,"<hostname>"]},
   * no client id; accepted and not used (the fake's links are plain TCP). Builds without TLS do
   * not know the option: {@code "psk"} where the client id should be is a syntax error there.
   */
  private void ssl(List<AtParams.Param> v) {
    String mode = v.get(0).text().toLowerCase(Locale.ROOT);
    boolean ok = switch (mode) {
      case "psk" -> v.size() == 3;
      case "ca" -> v.size() == 2 || v.size() == 3;
      default -> throw AtError.notAllowed("unknown ssl mode " + mode);
    };
    if (!ok) {
      throw AtError.syntax("wrong number of ssl values");
    }
    d.out.ok();
  }

  private void query(int id, String option) {
    ClientContext ctx = d.contexts[id];
    if (ctx == null) {
      throw AtError.notAllowed("no context");
    }
    String shown = ctx.cfgQuery(option);
    if (shown == null) {
      throw AtError.notAllowed("unknown option " + option);
    }
    d.out.info("+ECMTCFG: \"" + option + "\"," + shown);
    d.out.ok();
  }

  /** Checks and stores one option; semantic oddities are accepted silently, as the firmware does. */
  private void set(ClientContext ctx, String option, List<AtParams.Param> v) {
    switch (option) {
      case "keepalive" -> ctx.keepalive = range(exactly(v, 1).get(0), 0, 3600);
      case "session" -> ctx.session = range(exactly(v, 1).get(0), 0, 1);
      case "timeout" -> {
        if (v.size() > 3) {
          throw AtError.syntax("too many values");
        }
        ctx.timeout = new int[] {range(v.get(0), 1, 60),
            v.size() > 1 ? range(v.get(1), 1, 10) : ctx.timeout[1],
            v.size() > 2 ? range(v.get(2), 0, 1) : ctx.timeout[2]};
      }
      case "will" -> will(ctx, v);
      case "version" -> {
        int ver = AtParams.num(exactly(v, 1).get(0));
        if (ver != 3 && ver != 4) {
          throw AtError.notAllowed("version must be 3 or 4");
        }
        ctx.version = ver;
      }
      case "echomode" -> ctx.echomode = range(exactly(v, 1).get(0), 0, 1);
      case "dataformat" -> {
        exactly(v, 2);
        ctx.dataformat = new int[] {range(v.get(0), 0, 1), range(v.get(1), 0, 1)};
      }
      case "cloud" -> {
        exactly(v, 2);
        ctx.cloud = new int[] {range(v.get(0), 0, 255), range(v.get(1), 0, 255)};
      }
      case "aliauth" -> {
        if (v.size() < 3) {
          throw AtError.syntax("aliauth needs three strings");
        }
        ctx.aliauth = v.stream().map(AtParams.Param::text).toList();
      }
      default -> throw AtError.notAllowed("unknown option " + option);
    }
  }

  private void will(ClientContext ctx, List<AtParams.Param> v) {
    if (v.size() != 1 && v.size() != 5) {
      throw AtError.syntax("will takes 1 or 5 values");
    }
    int flag = range(v.get(0), 0, 1);
    if (v.size() == 5) {
      int qos = range(v.get(1), 0, 2);
      int retain = range(v.get(2), 0, 1);
      String topic = AtParams.str(v.get(3), d.limits.willTopicMax());
      String msg = AtParams.str(v.get(4), d.limits.willMessageMax());
      ctx.willQos = qos;
      ctx.willRetain = retain;
      ctx.willTopic = topic;
      ctx.willMessage = msg;
    }
    ctx.willFlag = flag;
  }
}
