package io.ecmt.sdk.internal.codec;

import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.message.Will;

/**
 * Argument checks at the API boundary, before any byte is written. Each check returns its
 * argument or throws {@link io.ecmt.sdk.exceptions.InvalidArgumentException} naming the field and
 * the reason (never the value of a secret). Strings that go inside AT quotes must not contain
 * {@code "}, CR, LF or NUL (there is no escaping: they would end the parameter or inject a command)
 * and must fit the profile's length limit in UTF-8 bytes.
 */
public final class Checks {
  private Checks() {}

  /** How a payload is sent. */
  public enum PayloadForm { TEXT, PROMPT }

  /** A connect id allowed by the profile. */
  public static int clientId(int clientId, ModuleProfile profile) { throw new UnsupportedOperationException("TODO"); }

  /** A host name or IP literal: non-empty, no spaces, quotes or control characters, ≤ hostMax. */
  public static String host(String host, ModuleProfile profile) { throw new UnsupportedOperationException("TODO"); }

  /** 1–65535. */
  public static int port(int port) { throw new UnsupportedOperationException("TODO"); }

  /** MQTT client id; null allowed (none). */
  public static String mqttClientId(String clientId, ModuleProfile profile) { throw new UnsupportedOperationException("TODO"); }

  /** User name; null allowed. */
  public static String username(String username, ModuleProfile profile) { throw new UnsupportedOperationException("TODO"); }

  /** Password; null allowed; the message never contains the value. */
  public static String password(String password, ModuleProfile profile) { throw new UnsupportedOperationException("TODO"); }

  /** A topic name for publishing: non-empty, no {@code +} or {@code #}, ≤ topicMax. */
  public static String topicName(String topic, ModuleProfile profile) { throw new UnsupportedOperationException("TODO"); }

  /** A topic filter (MQTT 3.1.1 rules: {@code #} last and alone in its level, {@code +} alone in its level). */
  public static String topicFilter(String filter, ModuleProfile profile) { throw new UnsupportedOperationException("TODO"); }

  /** Keepalive in seconds 0–3600. */
  public static int keepAliveSeconds(java.time.Duration keepAlive) { throw new UnsupportedOperationException("TODO"); }

  /** A will: topic name rules with willTopicMax, message quoted-string rules with willMessageMax. */
  public static Will will(Will will, ModuleProfile profile) { throw new UnsupportedOperationException("TODO"); }

  /**
   * Chooses the form for a payload: TEXT when it is valid UTF-8 without control characters and
   * fits stringPayloadMax; else PROMPT when it has no 0x1A / 0x1B and fits promptPayloadMax; else
   * refuses it.
   */
  public static PayloadForm payload(byte[] payload, ModuleProfile profile) { throw new UnsupportedOperationException("TODO"); }
}
