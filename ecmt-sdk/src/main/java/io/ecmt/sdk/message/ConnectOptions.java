package io.ecmt.sdk.message;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code connect} sends: the identity for {@code AT+ECMTCONN} and the session settings the
 * SDK writes with {@code AT+ECMTCFG} before every open (the module forgets them with its context).
 * Immutable, with value equality over every setting (the password and TLS key included);
 * {@link #toString()} never shows the password or the key.
 *
 * <p>EC616S quirk: the module copies the client id, user name and password into CONNECT only when
 * all three are given; with a client id alone the broker sees an empty client id.
 */
public final class ConnectOptions {
  private final String clientId;
  private final String username;
  private final String password;
  private final Duration keepAlive;
  private final boolean cleanSession;
  private final MqttVersion version;
  private final Will will;
  private final TlsOptions tls;
  private final Duration packetTimeout;
  private final int packetRetries;

  private ConnectOptions(Builder b) {
    this.clientId = b.clientId;
    this.username = b.username;
    this.password = b.password;
    this.keepAlive = b.keepAlive;
    this.cleanSession = b.cleanSession;
    this.version = b.version;
    this.will = b.will;
    this.tls = b.tls;
    this.packetTimeout = b.packetTimeout;
    this.packetRetries = b.packetRetries;
  }

  /** Defaults: no client id, no credentials, keepalive 120 s, clean session, MQTT 3.1.1, no will. */
  public static ConnectOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<String> clientId() {
    return Optional.ofNullable(clientId);
  }

  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** The password; never logged by the SDK. */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** The keepalive; zero disables PINGREQ. Whole seconds, 0–3600. */
  public Duration keepAlive() {
    return keepAlive;
  }

  public boolean cleanSession() {
    return cleanSession;
  }

  public MqttVersion version() {
    return version;
  }

  public Optional<Will> will() {
    return Optional.ofNullable(will);
  }

  /** TLS for the link, if any (needs a module profile with TLS). */
  public Optional<TlsOptions> tls() {
    return Optional.ofNullable(tls);
  }

  /**
   * The {@code AT+ECMTCFG="timeout"} packet timeout, if set. EC616S stores it without effect (the
   * firmware never retransmits); other builds may use it. The SDK's own timeouts are in
   * {@link io.ecmt.sdk.EcmtTimeouts}.
   */
  public Optional<Duration> packetTimeout() {
    return Optional.ofNullable(packetTimeout);
  }

  /** The retry count written with {@link #packetTimeout()} (1–10). */
  public int packetRetries() {
    return packetRetries;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.clientId = clientId;
    b.username = username;
    b.password = password;
    b.keepAlive = keepAlive;
    b.cleanSession = cleanSession;
    b.version = version;
    b.will = will;
    b.tls = tls;
    b.packetTimeout = packetTimeout;
    b.packetRetries = packetRetries;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectOptions c
        && Objects.equals(clientId, c.clientId)
        && Objects.equals(username, c.username)
        && Objects.equals(password, c.password)
        && keepAlive.equals(c.keepAlive)
        && cleanSession == c.cleanSession
        && version == c.version
        && Objects.equals(will, c.will)
        && Objects.equals(tls, c.tls)
        && Objects.equals(packetTimeout, c.packetTimeout)
        && packetRetries == c.packetRetries;
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientId, username, password, keepAlive, cleanSession, version, will, tls, packetTimeout,
        packetRetries);
  }

  @Override
  public String toString() {
    return "ConnectOptions{clientId=" + clientId + ", username=" + username
        + ", password=" + (password == null ? "none" : "<redacted>")
        + ", keepAlive=" + keepAlive.toSeconds() + "s, cleanSession=" + cleanSession
        + ", version=" + version + ", will=" + (will == null ? "none" : will.topic())
        + ", tls=" + (tls == null ? "none" : tls)
        + (packetTimeout == null ? "" : ", packetTimeout=" + packetTimeout.toSeconds() + "s x" + packetRetries)
        + "}";
  }

  /** Builds {@link ConnectOptions}. Not thread-safe. */
  public static final class Builder {
    private String clientId;
    private String username;
    private String password;
    private Duration keepAlive = Duration.ofSeconds(120);
    private boolean cleanSession = true;
    private MqttVersion version = MqttVersion.MQTT_3_1_1;
    private Will will;
    private TlsOptions tls;
    private Duration packetTimeout;
    private int packetRetries = 3;

    private Builder() {}

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** User name and password; either may be null. */
    public Builder credentials(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    /** Keepalive in whole seconds, 0–3600 (checked when used). */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
      return this;
    }

    public Builder cleanSession(boolean cleanSession) {
      this.cleanSession = cleanSession;
      return this;
    }

    public Builder version(MqttVersion version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /** The last will, or null for none. */
    public Builder will(Will will) {
      this.will = will;
      return this;
    }

    /** TLS for the link, or null for plain TCP. */
    public Builder tls(TlsOptions tls) {
      this.tls = tls;
      return this;
    }

    /** Writes {@code AT+ECMTCFG="timeout"} with these values (1–60 s, 1–10 retries; checked when used). */
    public Builder packetTimeout(Duration timeout, int retries) {
      this.packetTimeout = Objects.requireNonNull(timeout, "timeout");
      this.packetRetries = retries;
      return this;
    }

    public ConnectOptions build() {
      return new ConnectOptions(this);
    }
  }
}
