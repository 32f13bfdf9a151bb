package io.ecmt.sdk.exceptions;

/** The supervisor gave up after {@code maxAttempts}; publishes still waiting fail with this. */
public final class ReconnectExhaustedException extends EcmtException {
  private final int clientId;
  private final int attempts;

  public ReconnectExhaustedException(int clientId, int attempts, Throwable lastError) {
    super("gave up reconnecting client " + clientId + " after " + attempts + " attempts", lastError);
    this.clientId = clientId;
    this.attempts = attempts;
  }

  public int clientId() {
    return clientId;
  }

  public int attempts() {
    return attempts;
  }
}
