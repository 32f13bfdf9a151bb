package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtEventListener;
import io.ecmt.sdk.SecurityEvent;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.SubAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a throwing user listener from breaking the session: its exceptions are logged. */
final class SafeListener implements EcmtEventListener {
  private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
  private final EcmtEventListener d;

  SafeListener(EcmtEventListener delegate) {
    this.d = delegate;
  }

  private static void guard(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("event listener threw", e);
    }
  }

  @Override public void commandStart(String c) { guard(() -> d.commandStart(c)); }
  @Override public void commandEnd(String c) { guard(() -> d.commandEnd(c)); }
  @Override public void commandFailed(String c, Throwable e) { guard(() -> d.commandFailed(c, e)); }
  @Override public void urcReceived(String l) { guard(() -> d.urcReceived(l)); }
  @Override public void lateUrc(String l) { guard(() -> d.lateUrc(l)); }
  @Override public void malformedLine(String l, String r) { guard(() -> d.malformedLine(l, r)); }
  @Override public void stateChanged(ClientStateChange c) { guard(() -> d.stateChanged(c)); }
  @Override public void bytesOut(int n) { guard(() -> d.bytesOut(n)); }
  @Override public void bytesIn(int n) { guard(() -> d.bytesIn(n)); }
  @Override public void messageDropped(IncomingMessage m) { guard(() -> d.messageDropped(m)); }
  @Override public void payloadMappingFailed(IncomingMessage m, Throwable e) { guard(() -> d.payloadMappingFailed(m, e)); }
  @Override public void moduleRebooted() { guard(d::moduleRebooted); }
  @Override public void subscriptionRestored(int id, SubAck a) { guard(() -> d.subscriptionRestored(id, a)); }
  @Override public void subscriptionRestoreFailed(int id, String f, Throwable e) {
    guard(() -> d.subscriptionRestoreFailed(id, f, e));
  }
  @Override public void securityEvent(SecurityEvent e) { guard(() -> d.securityEvent(e)); }
}
