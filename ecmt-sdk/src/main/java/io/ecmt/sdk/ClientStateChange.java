package io.ecmt.sdk;

import java.util.Objects;

/**
 * One transition of a client's state, as emitted by {@code states()}.
 *
 * @param clientId the connect id
 * @param previous the state before
 * @param current  the state now
 * @param reason   why, in a few words (the URC or operation that caused it)
 * @param attempt  the reconnect attempt number while reconnecting, else 0
 */
public record ClientStateChange(int clientId, ClientState previous, ClientState current, String reason, int attempt) {
  public ClientStateChange {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(reason, "reason");
  }
}
