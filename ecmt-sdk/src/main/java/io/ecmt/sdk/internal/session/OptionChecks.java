package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.internal.codec.Checks;
import io.ecmt.sdk.internal.codec.Secrets;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.TlsOptions;
import java.util.Objects;

/** Connect options: checked against the profile before any byte is written; their secrets remembered for redaction. */
final class OptionChecks {
  private OptionChecks() {}

  static void check(ConnectOptions options, ModuleProfile profile, Secrets secrets) {
    Objects.requireNonNull(options, "options");
    Checks.mqttClientId(options.clientId().orElse(null), profile);
    Checks.username(options.username().orElse(null), profile);
    Checks.password(options.password().orElse(null), profile);
    Checks.keepAliveSeconds(options.keepAlive());
    options.will().ifPresent(w -> Checks.will(w, profile));
    options.tls().ifPresent(t -> Checks.tls(t, profile));
    options.packetTimeout().ifPresent(t -> Checks.packetTimeoutSeconds(t, options.packetRetries()));
    options.password().ifPresent(secrets::add);
    options.tls().flatMap(TlsOptions::psk).ifPresent(secrets::add);
  }

  /** Whether {@code a} needs no new configuration commands after {@code b} was written. */
  static boolean sameSessionConfig(ConnectOptions a, ConnectOptions b) {
    return b != null
        && a.keepAlive().equals(b.keepAlive())
        && a.cleanSession() == b.cleanSession()
        && a.version() == b.version()
        && a.will().equals(b.will())
        && a.tls().equals(b.tls())
        && a.packetTimeout().equals(b.packetTimeout())
        && a.packetRetries() == b.packetRetries();
  }
}
