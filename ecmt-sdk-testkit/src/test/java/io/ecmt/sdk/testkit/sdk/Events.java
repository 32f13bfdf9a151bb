package io.ecmt.sdk.testkit.sdk;

import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtEventListener;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Records listener events in queues a test can poll. */
final class Events implements EcmtEventListener {
  final BlockingQueue<String> lateUrcs = new LinkedBlockingQueue<>();
  final BlockingQueue<String> malformed = new LinkedBlockingQueue<>();
  final BlockingQueue<String> urcs = new LinkedBlockingQueue<>();
  final BlockingQueue<ClientStateChange> states = new LinkedBlockingQueue<>();
  final BlockingQueue<String> reboots = new LinkedBlockingQueue<>();
  final BlockingQueue<String> restored = new LinkedBlockingQueue<>();

  @Override
  public void subscriptionRestored(int clientId, io.ecmt.sdk.message.SubAck ack) {
    restored.add(ack.filter());
  }

  @Override
  public void lateUrc(String line) {
    lateUrcs.add(line);
  }

  @Override
  public void malformedLine(String line, String reason) {
    malformed.add(line + " (" + reason + ")");
  }

  @Override
  public void urcReceived(String line) {
    urcs.add(line);
  }

  @Override
  public void stateChanged(ClientStateChange change) {
    states.add(change);
  }

  @Override
  public void moduleRebooted() {
    reboots.add("rebooted");
  }
}
