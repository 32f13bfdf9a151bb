package io.ecmt.sdk;

/**
 * A client operation, as named in exceptions and events. The AT command each one sends depends on
 * the module's command set (see {@link ModuleProfile}); the README's tables list them.
 */
public enum Operation {
  /** Open the TCP (or TLS) link to the broker. */
  OPEN,
  /** MQTT CONNECT. */
  CONNECT,
  /** MQTT SUBSCRIBE. */
  SUBSCRIBE,
  /** MQTT UNSUBSCRIBE. */
  UNSUBSCRIBE,
  /** MQTT PUBLISH. */
  PUBLISH,
  /** MQTT DISCONNECT, which also closes the link and the module's context. */
  DISCONNECT,
  /** Close the link (after a DISCONNECT when connected). */
  CLOSE
}
