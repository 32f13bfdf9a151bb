package io.ecmt.sdk.testkit.ecmt;

import static io.ecmt.sdk.testkit.engine.CommandTable.parameters;

import io.ecmt.sdk.testkit.RecordedCommand;
import io.ecmt.sdk.testkit.engine.AtError;
import io.ecmt.sdk.testkit.engine.AtParams;
import io.ecmt.sdk.testkit.engine.DataEntry;
import io.ecmt.sdk.testkit.engine.Input;
import java.nio.charset.StandardCharsets;

/**
 * {@code AT+ECMTPUB}: the string form (payload = the rest of the line, one leading and one
 * trailing quote stripped) and the prompt form ({@code \r\n> }, raw bytes up to Ctrl+Z, ESC
 * cancels, guarded by the prompt timer).
 */
final class PublishCommand {
  private static final byte[] PROMPT = "\r\n> ".getBytes(StandardCharsets.US_ASCII);

  /** What the command line asked for. */
  private record Request(int id, int msgId, int qos, boolean retain, String topic) { }

  private final EcmtDialect d;

  PublishCommand(EcmtDialect d) {
    this.d = d;
  }

  void handle(RecordedCommand c) {
    AtParams p = AtParams.parse(parameters(c), 5);
    if (p.size() != 5) {
      throw AtError.syntax("ECMTPUB needs id, msgID, qos, retain, topic");
    }
    int id = d.clientId(p.get(0));
    int msgId = AtParams.range(p.get(1), 0, 65535);
    int qos = AtParams.range(p.get(2), 0, 2);
    int retainRai = AtParams.num(p.get(3));
    if (!retainAccepted(retainRai)) {
      throw AtError.notAllowed("retain out of range");
    }
    String topic = AtParams.str(p.get(4), d.limits.topicMax());
    if (topic.isEmpty() || topic.contains("#") || topic.contains("+")) {
      throw AtError.notAllowed("bad topic");
    }
    // msgID 0 with QoS 1 or 2 is not checked: the PUBLISH goes out with packet id 0.
    ClientContext ctx = d.contexts[id];
    d.requireConnected(ctx);
    Request r = new Request(id, msgId, qos, retainRai % 10 == 1, topic);
    if (p.rest() == null) {
      // Prompt form: raw bytes until Ctrl+Z, guarded by the prompt timer.
      d.input.beginEntry(DataEntry.ctrlZ(Input.BUFFER_BYTES), (payload, cancelled) -> entered(r, payload, cancelled));
      d.out.write(PROMPT);
      return;
    }
    byte[] payload = stringPayload();
    if (payload.length > d.limits.stringPayloadMax()) {
      throw AtError.notAllowed("payload too long");
    }
    d.out.ok();
    publish(ctx, r, payload);
  }

  /**
   * The string form's payload as the host's raw bytes (not UTF-8 checked, counted in bytes): the
   * rest of the line after the fifth comma, one leading and one trailing quote stripped. The
   * line is read again as ISO-8859-1, which maps each byte to one char and back.
   */
  private byte[] stringPayload() {
    String raw = new String(d.input.lineBytes(), StandardCharsets.ISO_8859_1);
    String payload = AtParams.parse(parameters(RecordedCommand.parse(raw)), 5).rest();
    if (payload.startsWith("\"")) {
      payload = payload.substring(1);
    }
    if (payload.endsWith("\"")) {
      payload = payload.substring(0, payload.length() - 1);
    }
    return payload.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Retain 0/1; builds that take an NB-IoT release-assistance hint also {@code retain + 10*RAI}. */
  private boolean retainAccepted(int retainRai) {
    return d.profile.retainCarriesRai()
        ? retainRai >= 0 && retainRai <= 31 && retainRai % 10 <= 1
        : retainRai == 0 || retainRai == 1;
  }

  private void entered(Request r, byte[] payload, boolean cancelled) {
    if (cancelled) {
      d.out.ok(); // ESC: nothing is published
      return;
    }
    if (payload.length > d.limits.promptPayloadMax()) {
      d.out.cmeError(AtError.OPERATION_NOT_ALLOWED);
      return;
    }
    ClientContext ctx = d.contexts[r.id()];
    if (ctx == null || !ctx.connectedish()) {
      d.out.cmeError(AtError.OPERATION_NOT_ALLOWED);
      return;
    }
    d.out.ok();
    publish(ctx, r, payload);
  }

  private void publish(ClientContext ctx, Request r, byte[] payload) {
    d.tasks.submit(done -> {
      if (r.qos() > 0) {
        ctx.pendingPub.put(r.msgId(), done);
      }
      d.link(ctx).publish(r.msgId(), r.qos(), r.retain(), r.topic(), payload, written -> {
        if (!written) {
          ctx.pendingPub.remove(r.msgId());
          d.urcs.pub(ctx.id, r.msgId(), 2);
          done.run();
        } else if (r.qos() == 0) {
          d.urcs.pub(ctx.id, r.msgId(), 0);
          done.run();
        }
      });
    });
  }
}
