package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.exceptions.LinkLostException;
import io.ecmt.sdk.exceptions.OperationFailedException;
import io.ecmt.sdk.exceptions.ReconnectExhaustedException;
import io.ecmt.sdk.exceptions.TransportException;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One client's reconnect supervisor (see {@link ReconnectPolicy}): once the application connected,
 * a lost link is rebuilt by attempts with backoff, bounded by attempts and total time; the
 * application's first open/connect may be supervised too. Session thread only.
 */
final class Supervisor {
  private final ClientSession client;
  private final ClientContext modem;
  private final ReconnectPolicy policy;
  /** The application connected and has not disconnected since. */
  private boolean desired;
  private boolean reconnecting;
  private int attempt;
  private Disposable attemptTask = Disposable.disposed();
  private Disposable giveUpTask = Disposable.disposed();

  Supervisor(ClientSession client, ClientContext modem) {
    this.client = client;
    this.modem = modem;
    this.policy = modem.config().reconnectPolicy();
  }

  boolean supervising() {
    return policy != null && desired;
  }

  boolean reconnecting() {
    return reconnecting;
  }

  int attempt() {
    return attempt;
  }

  /** The application connected: from now on a lost link is rebuilt. */
  void connected() {
    desired = true;
  }

  /** Whether the application wants the link (connected and not disconnected since). */
  boolean desired() {
    return desired;
  }

  /** Starts rebuilding the session, unless not supervised or already at it. */
  void request(String reason) {
    if (!supervising() || reconnecting || modem.isClosed()) {
      return;
    }
    reconnecting = true;
    attempt = 0;
    attemptTask = modem.schedule(() -> runAttempt(reason), Duration.ZERO);
    Duration budget = policy.maxElapsed();
    if (!budget.isZero()) {
      giveUpTask = modem.schedule(() -> giveUp(new LinkLostException(client.id(), 1), "no link within " + budget),
          budget);
    }
  }

  private void runAttempt(String reason) {
    if (!reconnecting) {
      return;
    }
    attempt++;
    client.setState(ClientState.RECONNECTING, reason, true);
    attemptTask = client.rebuild().subscribe(this::reconnected, this::attemptFailed);
  }

  private void reconnected() {
    giveUpTask.dispose();
    client.setState(ClientState.CONNECTED, "reconnected", true);
    reconnecting = false;
    attempt = 0;
    client.outbox().drain();
  }

  private void attemptFailed(Throwable error) {
    if (!reconnecting) {
      return;
    }
    if (policy.maxAttempts() > 0 && attempt >= policy.maxAttempts()) {
      giveUp(error, null);
      return;
    }
    Duration delay = backoff(attempt + 1);
    client.setState(ClientState.RECONNECTING, "attempt " + attempt + " failed: " + error.getMessage(), true);
    attemptTask = modem.schedule(() -> runAttempt("retry after " + delay.toMillis() + " ms"), delay);
  }

  /** The policy's bound is reached: every waiting publish fails, the client ends LOST. */
  private void giveUp(Throwable lastError, String why) {
    if (!reconnecting) {
      return;
    }
    int attempts = attempt;
    reconnecting = false;
    desired = false;
    attemptTask.dispose();
    giveUpTask.dispose();
    ReconnectExhaustedException exhausted = new ReconnectExhaustedException(client.id(), attempts, lastError);
    client.outbox().failWaiting(exhausted);
    client.setState(ClientState.LOST, why == null ? exhausted.getMessage() : "gave up: " + why);
  }

  /** Disconnect or close by the application: supervision ends, waiting publishes fail. */
  void stop() {
    desired = false;
    reconnecting = false;
    attempt = 0;
    attemptTask.dispose();
    giveUpTask.dispose();
  }

  /**
   * The application's own open/connect: with a supervisor (and {@code superviseFirstConnect}), a
   * failure of the link rather than an answer from the broker is retried with the policy's backoff,
   * the transport reopened and the start-up sequence re-run, until it succeeds or the policy gives up.
   */
  <T> Single<T> supervisedFirst(Supplier<Single<T>> body) {
    if (!firstConnectSupervised()) {
      return Single.defer(body::get);
    }
    long started = modem.session().now(TimeUnit.NANOSECONDS);
    int[] tries = {0};
    Single<T> once = modem.ensureTransport()
        .andThen(Completable.defer(modem::startOnSession))
        .andThen(Single.defer(body::get));
    return once.retryWhen(errors -> errors.flatMap(e -> {
      tries[0]++;
      if (!Outcomes.isLinkTrouble(e) && !(e instanceof TransportException) && !(e instanceof OperationFailedException)
          && !Outcomes.isNotAllowed(e)) {
        return Flowable.error(e);
      }
      long elapsed = modem.session().now(TimeUnit.NANOSECONDS) - started;
      Duration delay = backoff(tries[0] + 1);
      if (policy.maxAttempts() > 0 && tries[0] >= policy.maxAttempts()
          || !policy.maxElapsed().isZero() && elapsed + delay.toNanos() >= policy.maxElapsed().toNanos()) {
        return Flowable.error(new ReconnectExhaustedException(client.id(), tries[0], e));
      }
      client.setState(client.state(), "attempt " + tries[0] + " failed: " + e.getMessage(), true);
      return Flowable.timer(delay.toNanos(), TimeUnit.NANOSECONDS, modem.session());
    }));
  }

  boolean firstConnectSupervised() {
    return policy != null && modem.config().superviseFirstConnect();
  }

  /** The wait before attempt {@code next}, with the policy's jitter. */
  private Duration backoff(int next) {
    Duration base = policy.baseDelay(next);
    double jitter = policy.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    return Duration.ofMillis(Math.max(0, (long) (base.toMillis() * (1 + jitter))));
  }
}
