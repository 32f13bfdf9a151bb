package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.NetworkWait;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.exceptions.CommandTimeoutException;
import io.ecmt.sdk.exceptions.NetworkNotReadyException;
import io.ecmt.sdk.internal.at.AtChannel;
import io.ecmt.sdk.internal.at.AtRequest;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Bringing the module to a known state and keeping an eye on it: the start-up sequence (sync,
 * echo off, result codes on, verbose errors off, network wait), run once and cached, again after a
 * reboot; and, with a supervisor, a periodic liveness probe ({@code AT}, registration). Session
 * thread only.
 */
final class StartUp {
  static final Duration SYNC_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration NETWORK_POLL = Duration.ofSeconds(2);

  private final ModemConfig config;
  private final AtChannel channel;
  private final Scheduler session;
  private Completable started;
  /** ATE0 was confirmed: an echo from now on means the module reset itself. */
  private boolean echoOff;
  private Disposable probe = Disposable.disposed();

  StartUp(ModemConfig config, AtChannel channel, Scheduler session) {
    this.config = config;
    this.channel = channel;
    this.session = session;
  }

  /** The cached start-up sequence; a failed start is retried by the next call. */
  Completable start() {
    if (started == null) {
      Completable sequence = sync(config.syncAttempts())
          .andThen(simple("ATE0"))
          .andThen(simple("ATQ0"))
          .andThen(simple("AT+CMEE=1"))
          .andThen(waitForNetwork());
      Completable[] self = {null};
      self[0] = sequence
          .doOnComplete(() -> echoOff = true)
          .doOnError(e -> {
            if (started == self[0]) {
              started = null;
            }
          })
          .cache();
      started = self[0];
      echoOff = false;
    }
    return started;
  }

  /** The sequence again, for a supervisor after a lost link (the module may have been reset). */
  Completable restart() {
    if (started != null && echoOff) {
      started = null; // completed before: run it again
    }
    return start();
  }

  /** The module rebooted, or a new transport leads somewhere else: the next operation starts it up. */
  void forget() {
    started = null;
    echoOff = false;
  }

  boolean echoOff() {
    return echoOff;
  }

  private Completable simple(String command) {
    return channel.execute(AtRequest.simple(command, config.timeouts().command())).ignoreElement();
  }

  private Completable sync(int attempts) {
    Completable at = channel.execute(AtRequest.simple("AT", SYNC_TIMEOUT)).ignoreElement();
    return attempts <= 1 ? at : at.onErrorResumeNext(e -> sync(attempts - 1));
  }

  private Completable waitForNetwork() {
    NetworkWait wait = config.networkWait();
    if (wait == NetworkWait.NONE) {
      return Completable.complete();
    }
    long polls = Math.max(1, config.networkTimeout().toMillis() / NETWORK_POLL.toMillis());
    String[] last = {"none"};
    return Single.defer(this::registration)
        .map(line -> {
          last[0] = line;
          return isRegistered(wait, line);
        })
        .onErrorReturnItem(false)
        .repeatWhen(done -> done.delay(NETWORK_POLL.toMillis(), TimeUnit.MILLISECONDS, session))
        .takeUntil(Boolean::booleanValue)
        .take(polls)
        .lastOrError()
        .flatMapCompletable(ok -> ok
            ? Completable.complete()
            : Completable.error(new NetworkNotReadyException(last[0], config.networkTimeout())));
  }

  /** {@code +CEREG: <n>,<stat>} registered when stat is 1 (home) or 5 (roaming); {@code +CGATT: 1}. */
  static boolean isRegistered(NetworkWait wait, String line) {
    String[] fields = line.substring(line.indexOf(':') + 1).trim().split(",");
    try {
      if (wait == NetworkWait.CGATT) {
        return Integer.parseInt(fields[0].trim()) == 1;
      }
      int stat = Integer.parseInt(fields[fields.length > 1 ? 1 : 0].trim());
      return stat == 1 || stat == 5;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The registration status line ({@code +CEREG: 0,1}); only with a network wait configured. */
  private Single<String> registration() {
    NetworkWait wait = config.networkWait();
    String command = wait == NetworkWait.CEREG ? "AT+CEREG?" : "AT+CGATT?";
    String prefix = wait == NetworkWait.CEREG ? "+CEREG:" : "+CGATT:";
    return channel.execute(new AtRequest(command, command, l -> l.startsWith(prefix), null, config.timeouts().command()))
        .map(r -> r.lines().isEmpty() ? prefix + " none" : r.lines().get(0));
  }

  /**
   * With a supervisor, an {@code AT} now and then notices a module that died quietly, and the
   * registration query one that left the network.
   *
   * @param offNetwork  receives the status line when the module is not registered
   * @param unresponsive runs when {@code AT} is not answered
   */
  void startProbe(Consumer<String> offNetwork, Runnable unresponsive) {
    ReconnectPolicy policy = config.reconnectPolicy();
    if (policy == null || policy.probeInterval().isZero()) {
      return;
    }
    long every = policy.probeInterval().toNanos();
    NetworkWait wait = config.networkWait();
    probe = session.schedulePeriodicallyDirect(() -> {
      if (!echoOff) {
        return;
      }
      channel.execute(AtRequest.simple("AT", SYNC_TIMEOUT))
          .flatMapMaybe(ok -> wait == NetworkWait.NONE ? Maybe.<String>empty() : registration().toMaybe())
          .subscribe(status -> {
            if (!isRegistered(wait, status)) {
              offNetwork.accept(status);
            }
          }, e -> {
            if (e instanceof CommandTimeoutException) {
              unresponsive.run();
            }
          });
    }, every, every, TimeUnit.NANOSECONDS);
  }

  void stopProbe() {
    probe.dispose();
  }
}
