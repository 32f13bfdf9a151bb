package io.ecmt.sdk.message;

import java.util.Objects;

/**
 * A successful connect: the broker accepted the CONNECT.
 *
 * @param clientId the module's connect id (0–4)
 * @param code     always {@link ConnAckCode#ACCEPTED}; refusals are reported as
 *                 {@link io.ecmt.sdk.exceptions.ConnectionRefusedException}
 */
public record ConnAck(int clientId, ConnAckCode code) {
  public ConnAck {
    Objects.requireNonNull(code, "code");
  }
}
