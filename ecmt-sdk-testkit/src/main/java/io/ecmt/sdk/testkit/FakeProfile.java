package io.ecmt.sdk.testkit;

import io.ecmt.sdk.ModuleProfile;
import java.util.List;

/**
 * Which module build a {@link FakeModule} imitates, with the quirks that differ between builds.
 */
public enum FakeProfile {
  /**
   * EC616S open-SDK firmware: client 0 only; client id, user and password reach CONNECT only when
   * all three are given; {@code +ECMTSUB} prints the number of SUBACK return codes (always 1);
   * the publish retain flag may carry an NB-IoT release-assistance hint ({@code retain + 10*RAI}).
   */
  EC616S(ModuleProfile.EC616S, true, false, true,
      List.of("Eigencomm", "EC616S", "Revision: EC616S_V1.0_SP1"), "EC616S_V1.0_SP1"),

  /**
   * The documented command set: clients 0–4; credentials copied as given; {@code +ECMTSUB} prints
   * the granted QoS (128 on rejection); retain is 0 or 1.
   */
  GENERIC(ModuleProfile.GENERIC, false, true, false,
      List.of("Eigencomm", "EC616", "Revision: GENERIC_V1.0"), "GENERIC_V1.0");

  private final ModuleProfile limits;
  private final boolean credentialsAllOrNothing;
  private final boolean subAckPrintsGrantedQos;
  private final boolean retainCarriesRai;
  private final List<String> identification;
  private final String revision;

  FakeProfile(ModuleProfile limits, boolean credentialsAllOrNothing, boolean subAckPrintsGrantedQos,
      boolean retainCarriesRai, List<String> identification, String revision) {
    this.limits = limits;
    this.credentialsAllOrNothing = credentialsAllOrNothing;
    this.subAckPrintsGrantedQos = subAckPrintsGrantedQos;
    this.retainCarriesRai = retainCarriesRai;
    this.identification = identification;
    this.revision = revision;
  }

  /** The SDK's limits record for this build (client count, field lengths). */
  public ModuleProfile limits() {
    return limits;
  }

  /** Whether CONNECT carries client id, user and password only when all three were given. */
  public boolean credentialsAllOrNothing() {
    return credentialsAllOrNothing;
  }

  /** Whether {@code +ECMTSUB}'s last value is the granted QoS (else the return-code count). */
  public boolean subAckPrintsGrantedQos() {
    return subAckPrintsGrantedQos;
  }

  /**
   * Whether the publish retain value may be {@code retain + 10*RAI} (RAI 0–3, an NB-IoT
   * release-assistance hint), as EC616S accepts; else only 0 or 1.
   */
  public boolean retainCarriesRai() {
    return retainCarriesRai;
  }

  /** The information lines {@code ATI} prints before {@code OK}. */
  public List<String> identification() {
    return identification;
  }

  /** The line {@code AT+CGMR} prints before {@code OK}. */
  public String revision() {
    return revision;
  }

  /** {@code ec616s} or {@code generic}, case-insensitive. */
  public static FakeProfile named(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }
}
