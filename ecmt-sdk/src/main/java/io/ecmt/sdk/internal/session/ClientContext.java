package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.EcmtEventListener;
import io.ecmt.sdk.SecurityEvent;
import io.ecmt.sdk.internal.at.AtRequest;
import io.ecmt.sdk.internal.at.AtResponse;
import io.ecmt.sdk.internal.codec.Secrets;
import io.ecmt.sdk.internal.dialect.Dialect;
import io.ecmt.sdk.json.JsonPayloads;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What a client session needs from its modem: the narrow view, so that neither knows the other's class. */
interface ClientContext {

  ModemConfig config();

  Dialect dialect();

  /** The session thread's scheduler: every client method runs there. */
  Scheduler session();

  /** Where results and stream items are delivered. */
  Scheduler callbacks();

  EcmtEventListener events();

  Secrets secrets();

  JsonPayloads json();

  /** Queues one AT command; its single emits on the session thread. */
  Single<AtResponse> execute(AtRequest request);

  /** A timer on the session thread. */
  Disposable schedule(Runnable task, Duration delay);

  /**
   * An operation for the application: checks on the caller's thread before anything is sent, then
   * (when {@code needsLink}) the transport and start-up, then the body on the session thread;
   * results on the callback scheduler; a closed modem fails at once.
   */
  <T> Single<T> operation(Runnable checks, Supplier<Single<T>> body, BooleanSupplier needsLink);

  /** Opens a new transport if the last one closed (supervised modems). */
  Completable ensureTransport();

  /** The start-up sequence, run once and cached. */
  Completable startOnSession();

  /** The start-up sequence again, for a supervisor after a lost link. */
  Completable restartOnSession();

  void security(SecurityEvent.Kind kind, int clientId, String line, String detail);

  void stateChanged(ClientStateChange change);

  boolean isClosed();

  /** Whether the current thread is one the SDK owns (blocking there would deadlock). */
  boolean isOwnThread();
}
