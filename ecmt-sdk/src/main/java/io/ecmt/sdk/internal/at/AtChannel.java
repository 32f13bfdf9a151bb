package io.ecmt.sdk.internal.at;

import io.ecmt.sdk.transport.Transport;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;

/**
 * The AT command pipeline over one transport: one command in flight, a FIFO queue behind it.
 *
 * <p>Not thread-safe: every method, and every subscription to {@link #execute}, must happen on the
 * session thread, which is the thread {@code scheduler} runs its tasks on (a single-threaded
 * scheduler, or a {@code TestScheduler} in tests). Timeouts and guard times are scheduled on it.
 *
 * <p>Routing: a received line is, in this order, an echo of a command (starts with {@code AT},
 * dropped), the in-flight command's final result ({@code OK}, {@code ERROR},
 * {@code +CME ERROR: <n|text>}, {@code +CMS ERROR: <n|text>}), a response line of the in-flight
 * command (its matcher accepts it), or else a URC for {@link AtChannelListener#onUrcLine}.
 *
 * <p>Prompt commands: after the command, wait for {@code > }, write the payload then 0x1A and wait
 * for the final result. If the prompt does not come in time, write ESC (0x1B) and fail.
 *
 * <p>A command without a final result in time fails with
 * {@link io.ecmt.sdk.exceptions.CommandTimeoutException}; then the channel resynchronises by
 * sending {@code AT} until {@code OK} before the next queued command.
 */
public final class AtChannel {

  public AtChannel(Transport transport, Scheduler scheduler, AtChannelConfig config, AtChannelListener listener) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Feeds received bytes; call on the session thread. */
  public void onBytes(byte[] bytes) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * A cold single: on subscription the request joins the queue; it is written when all before it
   * have finished (and the guard time passed). Succeeds with the response on {@code OK}; fails with
   * {@link io.ecmt.sdk.exceptions.AtErrorException}, {@link io.ecmt.sdk.exceptions.CmeErrorException},
   * {@link io.ecmt.sdk.exceptions.CommandTimeoutException} or
   * {@link io.ecmt.sdk.exceptions.TransportException}. Disposing before it was written removes it
   * from the queue; disposing after lets it finish silently.
   */
  public Single<AtResponse> execute(AtRequest request) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Fails the in-flight and every queued command with {@code error}; later executes fail at once. */
  public void shutdown(Throwable error) {
    throw new UnsupportedOperationException("TODO");
  }
}
