package io.ecmt.sdk.internal.at;

import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.ArrayList;
import java.util.List;

/**
 * A queued or in-flight command of {@link AtChannel}; {@code emitter == null} marks one of the
 * channel's own ({@code AT} to resynchronise, {@code AT+CMEE?} to check a result). Session thread only.
 */
final class PendingCommand {
  enum Phase { AWAIT_PROMPT, AWAIT_FINAL }

  final AtRequest request;
  final SingleEmitter<AtResponse> emitter;
  final List<String> lines = new ArrayList<>();
  Phase phase;
  // Disposed after being written: finish it, but emit nothing.
  boolean silent;
  // Prompt timed out and ESC was sent: only the module's answer to the ESC is awaited.
  boolean escaped;
  // Its echo was seen (only one echo per command is dropped).
  boolean echoed;
  // A final result seen inside a receive burst: maybe this command's, maybe payload.
  String candidate;
  // How many such lines there were, and whether one of them was OK.
  int candidates;
  boolean okCandidate;
  // Its response lines seen inside a receive burst, kept if its result there proves genuine.
  final List<String> candidateLines = new ArrayList<>();
  // AT+CMEE? was written to learn whether the candidate was genuine.
  boolean verifying;
  Disposable verifyTask = Disposable.disposed();

  PendingCommand(AtRequest request, SingleEmitter<AtResponse> emitter) {
    this.request = request;
    this.emitter = emitter;
  }

  boolean isResync() {
    return emitter == null;
  }

  boolean isResponse(String line) {
    return request.responseMatcher() != null && request.responseMatcher().test(line);
  }

  void clearCandidates() {
    candidate = null;
    candidates = 0;
    okCandidate = false;
    candidateLines.clear();
  }
}
