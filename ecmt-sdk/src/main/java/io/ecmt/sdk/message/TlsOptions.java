package io.ecmt.sdk.message;

import java.util.Objects;
import java.util.Optional;

/**
 * TLS for the module's link ({@code AT+ECMTCFG="ssl",...}), on builds that have it (the module
 * profile's {@code tls()}). Either a pre-shared key or a CA certificate. The syntax of this option
 * differs between vendors; the SDK writes the form of the reference. {@link #toString()} never
 * shows the key.
 */
public final class TlsOptions {
  private final String psk;
  private final String pskId;
  private final String caBase64;
  private final String hostname;

  private TlsOptions(String psk, String pskId, String caBase64, String hostname) {
    this.psk = psk;
    this.pskId = pskId;
    this.caBase64 = caBase64;
    this.hostname = hostname;
  }

  /** TLS-PSK: {@code AT+ECMTCFG="ssl","psk","<psk>","<psk_id>"}. */
  public static TlsOptions psk(String psk, String pskId) {
    return new TlsOptions(Objects.requireNonNull(psk, "psk"), Objects.requireNonNull(pskId, "pskId"), null, null);
  }

  /**
   * A CA certificate: {@code AT+ECMTCFG="ssl","ca","<PEM body base64>"[,"<hostname>"]}.
   *
   * @param caBase64 the base64 body of the PEM certificate (no header lines, no line breaks)
   * @param hostname the name to verify the server certificate against, or null
   */
  public static TlsOptions ca(String caBase64, String hostname) {
    return new TlsOptions(null, null, Objects.requireNonNull(caBase64, "caBase64"), hostname);
  }

  /** Whether this is the PSK form (else the CA form). */
  public boolean isPsk() {
    return psk != null;
  }

  /** The pre-shared key (PSK form); never logged by the SDK. */
  public Optional<String> psk() {
    return Optional.ofNullable(psk);
  }

  public Optional<String> pskId() {
    return Optional.ofNullable(pskId);
  }

  public Optional<String> caBase64() {
    return Optional.ofNullable(caBase64);
  }

  public Optional<String> hostname() {
    return Optional.ofNullable(hostname);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsOptions t && Objects.equals(psk, t.psk) && Objects.equals(pskId, t.pskId)
        && Objects.equals(caBase64, t.caBase64) && Objects.equals(hostname, t.hostname);
  }

  @Override
  public int hashCode() {
    return Objects.hash(psk, pskId, caBase64, hostname);
  }

  @Override
  public String toString() {
    return isPsk() ? "TlsOptions{psk=<redacted>, pskId=" + pskId + "}"
        : "TlsOptions{ca=" + caBase64.length() + " chars, hostname=" + hostname + "}";
  }
}
