package io.ecmt.sdk.exceptions;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.Operation;

/**
 * An operation is not possible in the client's current state (connect before open, publish when
 * not connected, open while already open). Raised locally, before any byte is written: the module
 * would answer {@code +CME ERROR: 3}, or worse {@code OK} with no URC ever.
 */
public final class ClientStateException extends EcmtException {
  private final int clientId;
  private final ClientState state;
  private final Operation operation;

  public ClientStateException(int clientId, ClientState state, Operation operation) {
    super(operation + " is not possible on client " + clientId + " in state " + state);
    this.clientId = clientId;
    this.state = state;
    this.operation = operation;
  }

  public int clientId() {
    return clientId;
  }

  public ClientState state() {
    return state;
  }

  public Operation operation() {
    return operation;
  }
}
