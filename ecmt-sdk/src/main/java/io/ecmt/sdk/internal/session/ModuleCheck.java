package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.SecurityEvent;
import io.ecmt.sdk.exceptions.CommandTimeoutException;
import io.ecmt.sdk.internal.at.AtChannel;
import io.ecmt.sdk.internal.dialect.ModuleDecoder;
import io.ecmt.sdk.internal.dialect.ModuleEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Before a destructive reaction to a sign the module may not have given ({@code RDY}, echo back
 * on, a status line near a payload), asks the module: the dialect's read of its links lists the
 * contexts it holds, and the module echoes the read if echo came back on. Only what the module
 * confirms is torn down. Session thread only.
 */
final class ModuleCheck {
  private final ModemSession modem;
  private final AtChannel channel;
  private final ModuleDecoder decoder;
  private boolean checking;
  private boolean echoSeen;

  ModuleCheck(ModemSession modem, AtChannel channel, ModuleDecoder decoder) {
    this.modem = modem;
    this.channel = channel;
    this.decoder = decoder;
  }

  /** An echo of the command in flight was seen; returns whether a check is under way (it counts there). */
  boolean echoSeen() {
    if (checking) {
      echoSeen = true;
    }
    return checking;
  }

  void verify(String sign) {
    if (checking || modem.isClosed()) {
      return;
    }
    checking = true;
    echoSeen = false;
    long asked = modem.session().now(TimeUnit.NANOSECONDS);
    channel.execute(modem.dialect().readLinks(), true).subscribe(response -> {
      checking = false;
      // A line of the answer may have been taken for payload: an absent context proves nothing then.
      confirm(sign, response.lines(), !channel.burstSince(asked));
    }, error -> {
      checking = false;
      if (!(error instanceof CommandTimeoutException) || modem.isClosed()) {
        return;
      }
      if (channel.lastBytesNanos() >= asked) {
        // It kept printing (messages): alive, its answer lost among them. Nothing is torn down.
        modem.security(SecurityEvent.Kind.UNCONFIRMED_LINK_EVENT, -1, sign,
            "the check went unanswered while the module kept printing: nothing torn down");
      } else {
        modem.onModuleRebooted(sign + ", and the module does not answer");
      }
    });
  }

  private void confirm(String sign, List<String> lines, boolean complete) {
    Boolean[] connected = new Boolean[modem.clientCount()];
    for (String line : lines) {
      if (decoder.peekAnswer(line) instanceof ModuleEvent.LinkState s && s.client() >= 0 && s.client() < connected.length) {
        connected[s.client()] = s.connected();
      }
    }
    boolean rebootSign = sign.equals("RDY") || sign.startsWith("echo");
    boolean noContext = true;
    for (Boolean c : connected) {
      noContext &= c == null;
    }
    if (echoSeen || (complete && rebootSign && noContext && modem.anyClientOpen())) {
      modem.onModuleRebooted(sign + " (confirmed by the module)");
      return;
    }
    boolean torn = false;
    for (int i = 0; i < connected.length && complete; i++) {
      torn |= modem.clientAt(i).confirmLink(connected[i], sign);
    }
    if (!torn) {
      modem.security(SecurityEvent.Kind.UNCONFIRMED_LINK_EVENT, -1, sign,
          "the module holds its links: nothing torn down");
    }
  }
}
