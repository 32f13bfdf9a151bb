package io.ecmt.sdk.testkit.engine;

import io.ecmt.sdk.testkit.Fault;
import java.nio.charset.StandardCharsets;

/**
 * Prints unsolicited result codes framed {@code \r\n<urc>\r\n}, through the URC faults: outcome
 * suppression, then the first armed {@link Fault.UrcFault} whose prefix matches (delay,
 * duplicate, swallow). {@code ATQ1} suppresses URCs. The dialect says which of its URCs are
 * outcomes (they end a two-phase command) and which can come at any time.
 *
 * <p>Touched only on the module's loop.
 */
public final class Urcs {
  private final Output out;
  private final Faults faults;
  private final Recorder recorder;
  private final ModuleLoop loop;

  Urcs(Output out, Faults faults, Recorder recorder, ModuleLoop loop) {
    this.out = out;
    this.faults = faults;
    this.recorder = recorder;
    this.loop = loop;
  }

  /** A URC that ends a two-phase command; left out under {@link Fault.SuppressOutcomes}. */
  public void outcome(String text) {
    urc(text.getBytes(StandardCharsets.UTF_8), true);
  }

  /** A URC that can come at any time (a message, a status change). */
  public void unsolicited(String text) {
    unsolicited(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A URC that can come at any time, as raw bytes (a payload need not be text). */
  public void unsolicited(byte[] body) {
    urc(body, false);
  }

  private void urc(byte[] body, boolean outcome) {
    String head = new String(body, 0, Math.min(body.length, 64), StandardCharsets.ISO_8859_1);
    if (outcome && faults.suppressOutcomes()) {
      recorder.note("fault: suppressed " + head);
      return;
    }
    Fault.UrcFault f = faults.takeUrcFault(head);
    if (f == null) {
      emit(body);
      return;
    }
    recorder.note("fault " + f.action() + " on URC " + head);
    switch (f.action()) {
      case SWALLOW -> { }
      case DUPLICATE -> {
        emit(body);
        emit(body);
      }
      case DELAY -> loop.schedule(() -> emit(body), f.delay().toNanos());
    }
  }

  private void emit(byte[] body) {
    if (out.quiet()) {
      return;
    }
    byte[] framed = new byte[body.length + 4];
    framed[0] = '\r';
    framed[1] = '\n';
    System.arraycopy(body, 0, framed, 2, body.length);
    framed[framed.length - 2] = '\r';
    framed[framed.length - 1] = '\n';
    out.write(framed);
  }
}
