package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.EcmtEventListener;
import io.ecmt.sdk.SecurityEvent;
import io.ecmt.sdk.internal.at.AtChannelListener;
import io.ecmt.sdk.internal.at.AtRequest;
import io.ecmt.sdk.internal.at.AtResponse;
import io.ecmt.sdk.internal.codec.Secrets;
import io.ecmt.sdk.internal.dialect.ModuleDecoder;
import io.ecmt.sdk.internal.dialect.ModuleEvent;
import io.reactivex.rxjava3.processors.PublishProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the AT channel reports, on the session thread: received lines go through the
 * dialect's decoder and the resulting events to the clients; lines inside a receive burst are
 * payload (reported when they look like module output); every line is logged, reported and
 * streamed with secrets redacted.
 */
final class LineRouter implements AtChannelListener {
  private static final Logger AT_LOG = LoggerFactory.getLogger("io.ecmt.sdk.at");

  private final ModemSession modem;
  private final EcmtEventListener events;
  private final Secrets secrets;
  private final PublishProcessor<String> lines;
  private ModuleDecoder decoder;
  private ModuleCheck check;
  /** A sign of a lost link or reboot was seen inside the current receive burst: check after it. */
  private String checkAfterBurst;

  LineRouter(ModemSession modem, EcmtEventListener events, Secrets secrets, PublishProcessor<String> lines) {
    this.modem = modem;
    this.events = events;
    this.secrets = secrets;
    this.lines = lines;
  }

  /** Wired after construction: the decoder's sink and the check need the router. */
  void wire(ModuleDecoder decoder, ModuleCheck check) {
    this.decoder = decoder;
    this.check = check;
  }

  private void report(String line) {
    String shown = secrets.redact(line);
    AT_LOG.trace("<< {}", shown);
    events.urcReceived(shown);
    lines.onNext(shown);
  }

  @Override
  public void onUrcLine(String line) {
    report(line);
    decoder.onLine(line);
  }

  @Override
  public void onNestedHeader(String line) {
    modem.security(SecurityEvent.Kind.NESTED_MESSAGE, -1, line, "delivered as a suspect message");
    report(line);
    decoder.onNestedHeader(line);
  }

  @Override
  public void onPayloadLine(String line, boolean blankBefore, String separator) {
    report(line);
    decoder.onPayloadLine(line, separator);
    if (!line.isEmpty() && decoder.looksLikeModuleLine(line)) {
      modem.security(SecurityEvent.Kind.MODULE_LINE_IN_PAYLOAD, -1, line, "kept as payload");
      if (blankBefore && isLinkSign(line)) {
        checkAfterBurst = line; // framed like the module's own: if it was real, the module will say so
      }
    }
  }

  private boolean isLinkSign(String line) {
    ModuleEvent e = decoder.peek(line);
    return e instanceof ModuleEvent.Booted || e instanceof ModuleEvent.LinkDown
        || line.regionMatches(true, 0, "AT", 0, 2);
  }

  @Override
  public void onTentativeLine(String line, String separator) {
    report(line);
    decoder.onTentativeLine(line, separator);
  }

  @Override
  public void onTentativeResolved(boolean genuine) {
    decoder.resolveTentative(genuine);
  }

  @Override
  public void onBurstEnd() {
    decoder.endPayload();
    String sign = checkAfterBurst;
    checkAfterBurst = null;
    if (sign != null) {
      check.verify(sign);
    }
  }

  @Override
  public BurstVerdict classifyInBurst(String line) {
    ModuleEvent event = decoder.peek(line);
    if (event instanceof ModuleEvent.Message) {
      return BurstVerdict.NEW_PAYLOAD;
    }
    int id = event.client();
    if (id >= 0 && id < modem.clientCount() && modem.clientAt(id).awaitsOutcome(event)) {
      modem.security(SecurityEvent.Kind.OUTCOME_IN_BURST_ACCEPTED, id, line, "matched an operation in flight");
      return BurstVerdict.GENUINE;
    }
    return BurstVerdict.PAYLOAD;
  }

  /** The decoder's sink: what a module line means. */
  void onEvent(ModuleEvent event) {
    if (event instanceof ModuleEvent.Booted) {
      check.verify("RDY");
    } else if (event instanceof ModuleEvent.Malformed m) {
      events.malformedLine(secrets.redact(m.line()), m.reason());
    } else if (event instanceof ModuleEvent.Other || event instanceof ModuleEvent.LinkState) {
      // Not ours (+CEREG, banners) or a read answered outside its command: only reported as a line.
    } else if (event instanceof ModuleEvent.LinkDown d && modem.nearBurst()) {
      // Right after a payload whose end may have been misjudged: believe it once the module does.
      check.verify("link down on client " + d.client() + " (code " + d.code() + ")");
    } else if (event.client() >= 0 && event.client() < modem.clientCount()) {
      modem.clientAt(event.client()).onEvent(event);
    } else {
      events.lateUrc(secrets.redact(event.toString()));
    }
  }

  @Override
  public void onCommandStart(AtRequest request) {
    AT_LOG.trace(">> {}", request.logText());
    events.commandStart(request.logText());
  }

  @Override
  public void onCommandEnd(AtRequest request, AtResponse response) {
    events.commandEnd(request.logText());
  }

  @Override
  public void onCommandFailed(AtRequest request, Throwable error) {
    AT_LOG.debug("!! {} failed: {}", request.logText(), error.toString());
    events.commandFailed(request.logText(), error);
  }

  @Override
  public void onBytesOut(byte[] bytes) {
    events.bytesOut(bytes.length);
  }

  @Override
  public void onBytesIn(byte[] bytes) {
    events.bytesIn(bytes.length);
  }

  @Override
  public void onLineOverflow(int discardedBytes) {
    events.malformedLine("<" + discardedBytes + " bytes>", "line longer than the limit, discarded");
  }

  @Override
  public void onUnresponsive() {
    modem.onModuleRebooted("no answer to AT");
  }

  @Override
  public void onEcho() {
    if (!check.echoSeen() && modem.echoOff()) {
      check.verify("echo is on again");
    }
  }
}
