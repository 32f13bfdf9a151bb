package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.ArgumentChecks;
import io.ecmt.sdk.internal.codec.Secrets;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.TlsOptions;
import java.util.Objects;

/** Connect options: checked against the profile before any byte is written; their secrets remembered for redaction. */
final class OptionChecks {
  private OptionChecks() {}

  static void check(ConnectOptions options, ModuleProfile profile, Secrets secrets) {
    Objects.requireNonNull(options, "options");
    ArgumentChecks.mqttClientId(options.clientId().orElse(null), profile);
    ArgumentChecks.username(options.username().orElse(null), profile);
    ArgumentChecks.password(options.password().orElse(null), profile);
    ArgumentChecks.keepAliveSeconds(options.keepAlive());
    options.will().ifPresent(w -> ArgumentChecks.will(w, profile));
    options.tls().ifPresent(t -> ArgumentChecks.tls(t, profile));
    options.packetTimeout().ifPresent(t -> ArgumentChecks.packetTimeoutSeconds(t, options.packetRetries()));
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
