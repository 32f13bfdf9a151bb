package io.ecmt.sdk.internal.at;

import io.ecmt.sdk.exceptions.AtErrorException;
import io.ecmt.sdk.exceptions.CmeErrorException;
import io.ecmt.sdk.internal.at.AtChannelListener.BurstVerdict;
import io.reactivex.rxjava3.disposables.Disposable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The receiving side of {@link AtChannel}: routes each line (echo, final result, response, URC).
 *
 * <p>Receive bursts (the trust boundary): a URC that starts a raw payload
 * ({@link AtChannelConfig#burstHeader()}) opens a burst that lasts until the byte stream is idle
 * for {@link AtChannelConfig#burstGap()}. The module prints a whole message in one write, so every
 * line of the burst is payload ({@link AtChannelListener#onPayloadLine}), whatever it looks like:
 * a final result, a prompt or a URC there is content anyone could have published. Only a line
 * that follows an empty line (the module's own framing) is offered to
 * {@link AtChannelListener#classifyInBurst}, which may take it as genuine (an outcome for a msgID in
 * flight) or as the next payload's header. The in-flight command's response lines and final result
 * there are held apart ({@link AtChannelListener#onTentativeLine}) and checked after the burst:
 * {@code AT+CMEE?} is written, and if its answer comes before any final result, the command had
 * ended inside the burst with that result. A prompt there counts only if no byte follows it until
 * the burst ends. Session thread only; shares the channel's in-flight command.
 */
final class AtReceiver {
  private static final byte CTRL_Z = 0x1A;
  private static final Pattern CME = Pattern.compile("^\\+(CME|CMS) ERROR:\\s*(.*)$");
  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,9}");
  private static final String PROBE = "AT+CMEE?";

  private final AtChannel ch;

  // Receive-burst state.
  private boolean inBurst;
  private long lastBytesNanos = Long.MIN_VALUE;
  private long burstEndedNanos = Long.MIN_VALUE;
  private long burstStartedNanos = Long.MIN_VALUE;
  private Disposable burstTimer = Disposable.disposed();
  private boolean previousBlank;
  private boolean promptCandidate;
  // Lines held back from the payload (see AtChannelListener.onTentativeLine): still the payload's
  // last lines (open), or the message is held until the check answers (held).
  private boolean tentativeOpen;
  private boolean tentativeHeld;

  AtReceiver(AtChannel ch) {
    this.ch = ch;
  }

  /** Before feeding bytes received at {@code now}: a gap since the last ones ends an open burst. */
  void beforeBytes(long now) {
    if ((inBurst || promptCandidate) && now - lastBytesNanos >= ch.config.burstGap().toNanos()) {
      endBurst(); // the stream was idle long enough before these bytes
    }
    lastBytesNanos = now;
  }

  /** After feeding: a prompt followed by bytes was text; a burst waits for its gap. */
  void afterBytes() {
    if (promptCandidate && ch.framer.lineInProgress()) {
      cancelPromptCandidate(); // bytes followed the "> ": it was text
    }
    if (inBurst || promptCandidate) {
      armBurstTimer();
    }
  }

  long lastBytesNanos() {
    return lastBytesNanos;
  }

  boolean burstSince(long nanos) {
    return inBurst || burstStartedNanos >= nanos || burstEndedNanos >= nanos;
  }

  boolean nearBurst() {
    return inBurst || (burstEndedNanos != Long.MIN_VALUE
        && ch.scheduler.now(TimeUnit.NANOSECONDS) - burstEndedNanos < ch.config.burstGap().toNanos());
  }

  /** The byte stream restarts: an open burst ends, partial state is forgotten. */
  void reset() {
    if (inBurst) {
      endBurst();
    }
    previousBlank = false;
  }

  /** Everything fails: timers stop, held lines become payload. */
  void stop() {
    burstTimer.dispose();
    promptCandidate = false;
    settleTentative(false);
  }

  void handleLine(String line) {
    boolean blankBefore = previousBlank;
    previousBlank = line.isEmpty();
    if (promptCandidate) {
      cancelPromptCandidate(); // a line followed the "> ": it was text
    }
    if (inBurst) {
      handleBurstLine(line, blankBefore);
      return;
    }
    if (line.isEmpty()) {
      return;
    }
    if (isEcho(line)) {
      // Not remembered: it may hold a password.
      ch.listener.onEcho();
      return;
    }
    ch.remember(line);
    String trimmed = line.strip();
    PendingCommand current = ch.inFlight;
    if (current == null) {
      if (!trimmed.equals("OK") && !trimmed.equals("ERROR")) {
        urc(line);
      }
      return;
    }
    if (current.verifying && trimmed.startsWith("+CMEE:")) {
      // The probe's answer came first: the command had ended inside a burst. With one candidate
      // that was its result; with several, which one is unknown: all stay payload, and an OK among
      // them is taken (the operation's outcome line still decides).
      boolean one = current.candidates == 1;
      settleTentative(one);
      if (one) {
        current.lines.addAll(current.candidateLines);
      }
      resolve(current, one ? current.candidate : current.okCandidate ? "OK" : current.candidate);
      handOverToProbe();
      return;
    }
    if (isFinal(trimmed)) {
      boolean probing = current.verifying;
      resolve(current, trimmed);
      if (probing) {
        handOverToProbe(); // the command's own result came first; the probe's answer follows
      }
      return;
    }
    if (current.request.responseMatcher() != null && current.request.responseMatcher().test(line)) {
      current.lines.add(line);
      return;
    }
    urc(line);
  }

  void urc(String line) {
    ch.listener.onUrcLine(line);
    if (ch.config.burstHeader().test(line)) {
      startBurst();
    }
  }

  /** Inside a receive burst: payload, unless it follows an empty line and is classified otherwise. */
  void handleBurstLine(String line, boolean blankBefore) {
    if (line.isEmpty()) {
      ch.listener.onPayloadLine(line, blankBefore, ch.framer.separatorBefore());
      return;
    }
    BurstVerdict verdict = blankBefore ? ch.listener.classifyInBurst(line) : BurstVerdict.PAYLOAD;
    if (verdict == BurstVerdict.GENUINE) {
      endBurst();
      previousBlank = false;
      handleLine(line);
      return;
    }
    if (verdict == BurstVerdict.NEW_PAYLOAD) {
      tentativeHeld |= tentativeOpen; // the message is held for the check, the next one behind it
      tentativeOpen = false;
      ch.listener.onBurstEnd();
      ch.listener.onNestedHeader(line);
      return;
    }
    PendingCommand current = ch.inFlight;
    String trimmed = line.strip();
    boolean awaiting = blankBefore && current != null && current.phase == PendingCommand.Phase.AWAIT_FINAL && !current.escaped;
    if (awaiting && (isFinal(trimmed) || current.isResponse(line))) {
      if (!tentativeOpen) {
        startTentativeGroup(current);
      }
      if (isFinal(trimmed)) {
        // The module's own result could only be the last one, even one that comes during the check.
        current.candidate = trimmed;
        current.candidates++;
        current.okCandidate |= trimmed.equals("OK");
      } else {
        current.candidateLines.add(line);
      }
      tentativeOpen = true;
      ch.listener.onTentativeLine(line, ch.framer.separatorBefore());
      return;
    }
    if (tentativeOpen) {
      // Text follows them: they were payload, and nothing is left to check.
      if (current != null) {
        current.clearCandidates();
      }
      settleTentative(false);
    }
    ch.listener.onPayloadLine(line, blankBefore, ch.framer.separatorBefore());
  }

  /** The check of a tentative final result ended, or its command did: settles the held line. */
  void settleTentative(boolean genuine) {
    if (tentativeOpen || tentativeHeld) {
      tentativeOpen = false;
      tentativeHeld = false;
      ch.listener.onTentativeResolved(genuine);
    }
  }

  /**
   * A new group of possibly genuine lines: only the latest group can be the module's answer, so
   * lines held for an earlier one are payload (its command, if it had ended there, times out).
   */
  void startTentativeGroup(PendingCommand current) {
    if (tentativeHeld) {
      settleTentative(false);
    }
    if (current != null) {
      current.clearCandidates();
    }
  }

  static boolean isFinal(String trimmed) {
    return trimmed.equals("OK") || trimmed.equals("ERROR") || CME.matcher(trimmed).matches();
  }

  /** Ends {@code pending} with a final result line. */
  void resolve(PendingCommand pending, String finalResult) {
    if (finalResult.equals("OK")) {
      ch.succeed(pending);
    } else if (finalResult.equals("ERROR")) {
      ch.fail(pending, new AtErrorException(pending.request.logText()));
    } else {
      Matcher cme = CME.matcher(finalResult);
      cme.matches();
      ch.fail(pending, cmeError(pending.request.logText(), cme.group(1).equals("CMS"), cme.group(2).strip()));
    }
  }

  static CmeErrorException cmeError(String command, boolean cms, String detail) {
    if (NUMBER.matcher(detail).matches()) {
      return new CmeErrorException(command, Integer.parseInt(detail), null, cms);
    }
    return new CmeErrorException(command, -1, detail.isEmpty() ? null : detail, cms);
  }

  /** The echo of the in-flight command: exactly its text, noise bytes before it ignored, once. */
  boolean isEcho(String line) {
    PendingCommand current = ch.inFlight;
    if (current == null || current.echoed) {
      return false;
    }
    int start = 0;
    while (start < line.length() && (line.charAt(start) < 0x20 || line.charAt(start) >= 0x7F)) {
      start++;
    }
    if (line.length() - start != current.request.command().length()
        || !line.startsWith(current.request.command(), start)) {
      return false;
    }
    current.echoed = true;
    return true;
  }

  void startBurst() {
    inBurst = true;
    burstStartedNanos = ch.scheduler.now(TimeUnit.NANOSECONDS);
    armBurstTimer();
  }

  void armBurstTimer() {
    if (!burstTimer.isDisposed()) {
      return;
    }
    long due = lastBytesNanos + ch.config.burstGap().toNanos() - ch.scheduler.now(TimeUnit.NANOSECONDS);
    burstTimer = ch.scheduler.scheduleDirect(() -> {
      burstTimer = Disposable.disposed();
      if (ch.scheduler.now(TimeUnit.NANOSECONDS) - lastBytesNanos >= ch.config.burstGap().toNanos()) {
        endBurst();
      } else if (inBurst || promptCandidate) {
        armBurstTimer();
      }
    }, Math.max(0, due), TimeUnit.NANOSECONDS);
  }

  void endBurst() {
    burstTimer.dispose();
    burstTimer = Disposable.disposed();
    if (inBurst) {
      inBurst = false;
      burstEndedNanos = ch.scheduler.now(TimeUnit.NANOSECONDS);
      ch.listener.onBurstEnd();
      tentativeHeld |= tentativeOpen;
      tentativeOpen = false;
    }
    if (promptCandidate) {
      // Nothing followed the "> " until the stream went idle: the module is waiting for data.
      promptCandidate = false;
      sendPromptPayload();
    }
    PendingCommand current = ch.inFlight;
    if (current != null && current.candidate != null && !current.verifying) {
      // Give a genuine final result the chance to arrive outside the burst, then ask the module.
      current.verifyTask.dispose();
      current.verifyTask = ch.scheduler.scheduleDirect(() -> verify(current), ch.config.burstGap().toNanos(),
          TimeUnit.NANOSECONDS);
    }
  }

  void verify(PendingCommand pending) {
    if (ch.inFlight != pending || pending.verifying || inBurst) {
      return; // ended meanwhile, or a new burst: checked again at its end
    }
    pending.verifying = true;
    ch.write((PROBE + "\r\n").getBytes(StandardCharsets.US_ASCII), pending);
  }

  /** After the verified command ended: the probe owns the line until its OK, quietly. */
  void handOverToProbe() {
    PendingCommand probe = new PendingCommand(new AtRequest(PROBE, PROBE, l -> l.startsWith("+CMEE:"), null,
        ch.config.resyncTimeout()), null);
    probe.phase = PendingCommand.Phase.AWAIT_FINAL;
    ch.inFlight = probe;
    ch.timeoutTask = ch.scheduler.scheduleDirect(() -> ch.onTimeout(probe), ch.config.resyncTimeout().toNanos(),
        TimeUnit.NANOSECONDS);
  }

  void handlePrompt() {
    PendingCommand current = ch.inFlight;
    if (current == null || current.phase != PendingCommand.Phase.AWAIT_PROMPT) {
      return;
    }
    if (inBurst) {
      promptCandidate = true; // confirmed only by the silence that ends the burst
      armBurstTimer();
      return;
    }
    sendPromptPayload();
  }

  void cancelPromptCandidate() {
    promptCandidate = false;
    PendingCommand current = ch.inFlight;
    if (current != null && current.phase == PendingCommand.Phase.AWAIT_PROMPT) {
      ch.framer.setPromptExpected(true);
    }
  }

  void sendPromptPayload() {
    PendingCommand current = ch.inFlight;
    if (current == null || current.phase != PendingCommand.Phase.AWAIT_PROMPT) {
      return;
    }
    current.phase = PendingCommand.Phase.AWAIT_FINAL;
    byte[] payload = current.request.promptPayload();
    if (current.request.promptEnd() == AtRequest.PromptEnd.EXACT_LENGTH) {
      ch.write(payload, current);
      return;
    }
    byte[] out = new byte[payload.length + 1];
    System.arraycopy(payload, 0, out, 0, payload.length);
    out[payload.length] = CTRL_Z;
    ch.write(out, current);
  }
}
