package io.ecmt.sdk;

/**
 * The family of AT commands a module's MQTT client speaks, named in its {@link ModuleProfile}.
 * The SDK picks the matching dialect (how intents become AT commands and how the module's lines
 * are read) from it; everything above the dialect — clients, views, supervision, the outbox — is
 * the same for every command set.
 *
 * <p>Today there is one: {@link #ECMT}. Quectel's {@code AT+QMT*} command set ({@code QMT}, connect
 * ids 0–5) is planned; code that switches over this enum should expect more constants.
 */
public enum CommandSet {
  /**
   * Eigencomm's {@code AT+ECMT*} commands (EC616 / EC616S and modules built on them): connect ids
   * start at 0; the documented command set has 5 of them, EC616S builds 1.
   */
  ECMT
}
