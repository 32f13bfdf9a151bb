package io.ecmt.sdk;

import io.ecmt.sdk.internal.codec.Checks;
import java.util.Objects;

/**
 * What one module build accepts: which connect ids exist and how long each field may be. The SDK
 * checks every argument against the profile before any byte is written.
 *
 * @param name              a short name such as {@code ec616s}
 * @param maxClients        connect ids are 0 .. maxClients-1 (EC616S: 1, documented: 5)
 * @param hostMax           longest host name
 * @param clientIdMax       longest MQTT client id
 * @param usernameMax       longest user name
 * @param passwordMax       longest password
 * @param topicMax          longest topic or filter
 * @param willTopicMax      longest will topic
 * @param willMessageMax    longest will message
 * @param stringPayloadMax  longest payload in the one-line string form of {@code AT+ECMTPUB}
 * @param promptPayloadMax  longest payload in the {@code > } prompt form
 * @param tls               whether the build supports {@code AT+ECMTCFG="ssl"}
 */
public record ModuleProfile(
    String name,
    int maxClients,
    int hostMax,
    int clientIdMax,
    int usernameMax,
    int passwordMax,
    int topicMax,
    int willTopicMax,
    int willMessageMax,
    int stringPayloadMax,
    int promptPayloadMax,
    boolean tls) {

  /** EC616S open-SDK firmware (Ai-Thinker EC-01G/EC-01F, AirM2M Air302 ...): client 0 only. */
  public static final ModuleProfile EC616S =
      new ModuleProfile("ec616s", 1, 127, 48, 48, 128, 255, 255, 255, 1024, 1024, false);

  /** Older EC616 builds: shorter fields. */
  public static final ModuleProfile EC616 =
      new ModuleProfile("ec616", 1, 127, 31, 31, 63, 127, 127, 127, 1023, 1023, false);

  /** The documented command set: clients 0–4, manual limits, TLS. */
  public static final ModuleProfile GENERIC =
      new ModuleProfile("generic", 5, 100, 48, 48, 96, 255, 255, 255, 700, 1024, true);

  public ModuleProfile {
    Objects.requireNonNull(name, "name");
    if (maxClients < 1 || maxClients > 5) {
      throw new IllegalArgumentException("maxClients must be 1..5, was " + maxClients);
    }
  }

  /** The built-in profile with this name ({@code ec616s}, {@code ec616}, {@code generic}), case-insensitive. */
  public static ModuleProfile named(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "ec616s" -> EC616S;
      case "ec616" -> EC616;
      case "generic" -> GENERIC;
      default -> throw new IllegalArgumentException(
          "unknown module profile '" + name + "' (known: ec616s, ec616, generic)");
    };
  }

  /**
   * Checks a message before anything is sent, as {@code publish} will: the topic is a name (no
   * wildcards) without {@code "}, CR, LF or control characters and fits {@link #topicMax}; the
   * payload fits one of the two publish forms. Useful to refuse bad input before opening a link.
   *
   * @throws io.ecmt.sdk.exceptions.InvalidArgumentException naming the field and the reason
   */
  public void checkPublish(io.ecmt.sdk.message.Publish publish) {
    Checks.topicName(publish.topic(), this);
    Checks.payload(publish.payload(), this);
  }

  /**
   * Checks a topic filter as {@code subscribe} will (MQTT 3.1.1 wildcard rules, AT-safe characters,
   * {@link #topicMax}).
   *
   * @throws io.ecmt.sdk.exceptions.InvalidArgumentException naming the field and the reason
   */
  public void checkTopicFilter(String filter) {
    Checks.topicFilter(filter, this);
  }

  /** Whether {@code clientId} is a connect id of this module. */
  public boolean isClientId(int clientId) {
    return clientId >= 0 && clientId < maxClients;
  }
}
