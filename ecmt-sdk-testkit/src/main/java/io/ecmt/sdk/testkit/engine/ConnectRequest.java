package io.ecmt.sdk.testkit.engine;

import java.util.Objects;

/**
 * An MQTT CONNECT as a dialect asks for it, in neutral terms.
 *
 * @param clientId the client id ({@code ""} for none)
 * @param username the user name, or null for none
 * @param password the password, or null for none
 * @param protocolLevel 3 (MQTT 3.1) or 4 (MQTT 3.1.1)
 * @param cleanSession the clean-session flag
 * @param keepAliveSeconds the keep-alive (0: no PINGREQ)
 * @param will the last will, or null for none
 */
public record ConnectRequest(String clientId, String username, byte[] password, int protocolLevel,
    boolean cleanSession, int keepAliveSeconds, Will will) {

  public ConnectRequest {
    Objects.requireNonNull(clientId, "clientId");
    password = password == null ? null : password.clone();
  }

  @Override
  public byte[] password() {
    return password == null ? null : password.clone();
  }

  /** A last will: where and what the broker publishes if the link dies. */
  public record Will(String topic, byte[] message, int qos, boolean retain) {
    public Will {
      Objects.requireNonNull(topic, "topic");
      message = message.clone();
    }

    @Override
    public byte[] message() {
      return message.clone();
    }
  }
}
