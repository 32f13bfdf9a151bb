package io.ecmt.sdk;

import io.ecmt.sdk.exceptions.InvalidArgumentException;
import io.ecmt.sdk.message.Will;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks the SDK runs at the API boundary, before any byte is written; applications
 * may call them to refuse bad input early (see also {@link ModuleProfile#checkPublish}). Each check returns its
 * argument or throws {@link io.ecmt.sdk.exceptions.InvalidArgumentException} naming the field and
 * the reason (never the value of a secret). Strings that go inside AT quotes must not contain
 * {@code "}, CR, LF or NUL (there is no escaping: they would end the parameter or inject a command)
 * and must fit the profile's length limit in UTF-8 bytes.
 *
 * <p>Messages name the offending character and its index but never echo any value, so they are
 * safe to log for secrets as well.
 */
public final class ArgumentChecks {
  private ArgumentChecks() {}

  /** How a payload is sent: one line of text in the command, or after the data prompt. */
  public enum PayloadForm {
    /** In the command line itself. */
    TEXT,
    /** After the {@code > } prompt. */
    PROMPT
  }

  /** Largest keepalive the module accepts, in seconds. */
  public static final int KEEPALIVE_MAX = 3600;

  /** A connect id allowed by the profile. */
  public static int clientId(int clientId, ModuleProfile profile) {
    Objects.requireNonNull(profile, "profile");
    if (!profile.isClientId(clientId)) {
      throw new InvalidArgumentException("clientId", "must be 0.." + (profile.maxClients() - 1)
          + " for module profile " + profile.name() + ", was " + clientId);
    }
    return clientId;
  }

  /** A host name or IP literal: non-empty, no spaces, quotes or control characters, ≤ hostMax. */
  public static String host(String host, ModuleProfile profile) {
    quoted("host", host, profile.hostMax());
    if (host.isEmpty()) {
      throw new InvalidArgumentException("host", "must not be empty");
    }
    int sp = host.indexOf(' ');
    if (sp >= 0) {
      throw new InvalidArgumentException("host", "contains a space at index " + sp);
    }
    return host;
  }

  /** 1–65535. */
  public static int port(int port) {
    if (port < 1 || port > 65535) {
      throw new InvalidArgumentException("port", "must be 1..65535, was " + port);
    }
    return port;
  }

  /** MQTT client id; null allowed (none). */
  public static String mqttClientId(String clientId, ModuleProfile profile) {
    return clientId == null ? null : quoted("mqttClientId", clientId, profile.clientIdMax());
  }

  /** User name; null allowed. */
  public static String username(String username, ModuleProfile profile) {
    return username == null ? null : quoted("username", username, profile.usernameMax());
  }

  /** Password; null allowed; the message never contains the value. */
  public static String password(String password, ModuleProfile profile) {
    return password == null ? null : quoted("password", password, profile.passwordMax());
  }

  /** A topic name for publishing: non-empty, no {@code +} or {@code #}, ≤ topicMax. */
  public static String topicName(String topic, ModuleProfile profile) {
    return topicName("topic", topic, profile.topicMax());
  }

  /** A topic filter (MQTT 3.1.1 rules: {@code #} last and alone in its level, {@code +} alone in its level). */
  public static String topicFilter(String filter, ModuleProfile profile) {
    String field = "topicFilter";
    quoted(field, filter, profile.topicMax());
    if (filter.isEmpty()) {
      throw new InvalidArgumentException(field, "must not be empty");
    }
    int levelStart = 0;
    for (int i = 0; i <= filter.length(); i++) {
      if (i == filter.length() || filter.charAt(i) == '/') {
        levelStart = i + 1;
        continue;
      }
      char c = filter.charAt(i);
      boolean alone = i == levelStart && (i + 1 == filter.length() || filter.charAt(i + 1) == '/');
      if (c == '+' && !alone) {
        throw new InvalidArgumentException(field, "'+' at index " + i + " must fill a whole level");
      }
      if (c == '#' && !(alone && i + 1 == filter.length())) {
        throw new InvalidArgumentException(field, "'#' at index " + i + " must be the whole last level");
      }
    }
    return filter;
  }

  /** Keepalive in seconds 0–3600. */
  public static int keepAliveSeconds(Duration keepAlive) {
    if (keepAlive == null) {
      throw new InvalidArgumentException("keepAlive", "must not be null");
    }
    if (keepAlive.isNegative() || keepAlive.getNano() != 0) {
      throw new InvalidArgumentException("keepAlive", "must be whole seconds 0.." + KEEPALIVE_MAX
          + ", was " + keepAlive);
    }
    if (keepAlive.getSeconds() > KEEPALIVE_MAX) {
      throw new InvalidArgumentException("keepAlive", "must be at most " + KEEPALIVE_MAX
          + " s, was " + keepAlive.getSeconds() + " s");
    }
    return (int) keepAlive.getSeconds();
  }

  /** A will: topic name rules with willTopicMax, message quoted-string rules with willMessageMax. */
  public static Will will(Will will, ModuleProfile profile) {
    if (will == null) {
      throw new InvalidArgumentException("will", "must not be null");
    }
    topicName("willTopic", will.topic(), profile.willTopicMax());
    quoted("willMessage", will.message(), profile.willMessageMax());
    return will;
  }

  /**
   * Chooses the form for a payload: TEXT when it is valid UTF-8 without control characters and
   * fits stringPayloadMax; else PROMPT when it has no 0x1A / 0x1B and fits promptPayloadMax; else
   * refuses it.
   */
  public static PayloadForm payload(byte[] payload, ModuleProfile profile) {
    if (payload == null) {
      throw new InvalidArgumentException("payload", "must not be null");
    }
    if (payload.length <= profile.stringPayloadMax() && isPlainText(payload)) {
      return PayloadForm.TEXT;
    }
    // Prompt mode ends at Ctrl+Z and cancels at ESC: those two bytes cannot be inside.
    for (int i = 0; i < payload.length; i++) {
      if (payload[i] == 0x1A || payload[i] == 0x1B) {
        throw new InvalidArgumentException("payload", "contains byte 0x"
            + (payload[i] == 0x1A ? "1A (Ctrl+Z)" : "1B (ESC)") + " at index " + i
            + ", which ends prompt mode, and is not plain text for the string form");
      }
    }
    if (payload.length > profile.promptPayloadMax()) {
      throw new InvalidArgumentException("payload", "is " + payload.length
          + " bytes, more than " + profile.promptPayloadMax() + " allowed by module profile "
          + profile.name());
    }
    return PayloadForm.PROMPT;
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** Valid UTF-8 (strict) with no C0 control character and no DEL. */
  private static boolean isPlainText(byte[] payload) {
    for (byte b : payload) {
      if ((b >= 0 && b < 0x20) || b == 0x7F) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String topicName(String field, String topic, int max) {
    quoted(field, topic, max);
    if (topic.isEmpty()) {
      throw new InvalidArgumentException(field, "must not be empty");
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      if (c == '+' || c == '#') {
        throw new InvalidArgumentException(field, "contains wildcard '" + c + "' at index " + i
            + " (not allowed in a topic name)");
      }
    }
    return topic;
  }

  /**
   * TLS options: only on profiles with TLS; every string AT-safe (the key never echoed), at most
   * 255 bytes each, the CA body at most 4096 bytes (the module's input buffer).
   */
  public static io.ecmt.sdk.message.TlsOptions tls(io.ecmt.sdk.message.TlsOptions tls, ModuleProfile profile) {
    if (!profile.tls()) {
      throw new InvalidArgumentException("tls", "module profile " + profile.name() + " has no TLS");
    }
    if (tls.isPsk()) {
      quoted("psk", tls.psk().orElseThrow(), 255);
      quoted("pskId", tls.pskId().orElseThrow(), 255);
    } else {
      quoted("caBase64", tls.caBase64().orElseThrow(), 4000);
      tls.hostname().ifPresent(h -> quoted("tlsHostname", h, profile.hostMax()));
    }
    return tls;
  }

  /** {@code AT+ECMTCFG="timeout"} values: 1–60 s (whole seconds) and 1–10 retries. */
  public static int packetTimeoutSeconds(Duration timeout, int retries) {
    long s = timeout.getSeconds();
    if (timeout.getNano() != 0 || s < 1 || s > 60) {
      throw new InvalidArgumentException("packetTimeout", "must be 1–60 whole seconds, was " + timeout);
    }
    if (retries < 1 || retries > 10) {
      throw new InvalidArgumentException("packetRetries", "must be 1–10, was " + retries);
    }
    return (int) s;
  }

  /**
   * Rules for any string written inside AT quotes: not null, no {@code "}, no C0 control
   * character (CR, LF, NUL, Ctrl+Z ...), no DEL, no lone surrogate, ≤ {@code max} UTF-8 bytes.
   * Never echoes the value.
   */
  static String quoted(String field, String value, int max) {
    if (value == null) {
      throw new InvalidArgumentException(field, "must not be null");
    }
    long bytes = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        throw new InvalidArgumentException(field, "contains a double quote (\") at index " + i
            + ": AT strings cannot carry it");
      }
      if (c < 0x20 || c == 0x7F) {
        throw new InvalidArgumentException(field, "contains control character " + describe(c)
            + " at index " + i + ": AT strings cannot carry it");
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidArgumentException(field, "contains an unpaired surrogate at index " + i);
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    if (bytes > max) {
      throw new InvalidArgumentException(field, "is " + bytes + " UTF-8 bytes, more than " + max);
    }
    return value;
  }

  private static String describe(char c) {
    String name = switch (c) {
      case '\r' -> "CR";
      case '\n' -> "LF";
      case 0 -> "NUL";
      case '\t' -> "TAB";
      case 0x1A -> "Ctrl+Z";
      case 0x1B -> "ESC";
      case 0x7F -> "DEL";
      default -> null;
    };
    String code = String.format("U+%04X", (int) c);
    return name == null ? code : name + " (" + code + ")";
  }
}
