package io.ecmt.sdk;

import io.ecmt.sdk.ArgumentChecks;
import java.util.Objects;

/**
 * What one module build accepts: which command set it speaks, which connect ids exist and how long
 * each field may be. The SDK checks every argument against the profile before any byte is written.
 *
 * <p>Start from a built-in profile and change what differs, or build one from scratch:
 *
 * <pre>{@code
 * ModuleProfile mine = ModuleProfile.EC616S.toBuilder().name("ec616s-long-topics").topicMax(511).build();
 * ModuleProfile other = ModuleProfile.builder("my-module").maxClients(2).tls(false).build();
 * }</pre>
 *
 * <p>Every component is checked when the profile is made (by the constructor or
 * {@link Builder#build()}): the name and command set are present, {@code maxClients} is 1–6 and
 * every length is at least 1; otherwise {@link IllegalArgumentException} (or
 * {@link NullPointerException} for a missing name or command set).
 *
 * @param name              a short name such as {@code ec616s}
 * @param commandSet        the AT command family the module speaks
 * @param maxClients        connect ids are 0 .. maxClients-1, 1–6 (EC616S: 1, documented ECMT: 5,
 *                          Quectel {@code AT+QMT*}: 6)
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
    CommandSet commandSet,
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

  /** The most connect ids any supported command set has (Quectel: 0–5). */
  private static final int CLIENTS_LIMIT = 6;

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
    Objects.requireNonNull(commandSet, "commandSet");
    if (maxClients < 1 || maxClients > CLIENTS_LIMIT) {
      throw new IllegalArgumentException("maxClients must be 1.." + CLIENTS_LIMIT + ", was " + maxClients);
    }
    atLeastOne("hostMax", hostMax);
    atLeastOne("clientIdMax", clientIdMax);
    atLeastOne("usernameMax", usernameMax);
    atLeastOne("passwordMax", passwordMax);
    atLeastOne("topicMax", topicMax);
    atLeastOne("willTopicMax", willTopicMax);
    atLeastOne("willMessageMax", willMessageMax);
    atLeastOne("stringPayloadMax", stringPayloadMax);
    atLeastOne("promptPayloadMax", promptPayloadMax);
  }

  /**
   * An {@link CommandSet#ECMT} profile: the form written before profiles named their command set.
   * Prefer {@link #builder(String)} or {@link #toBuilder()}, which name every value.
   */
  public ModuleProfile(String name, int maxClients, int hostMax, int clientIdMax, int usernameMax,
      int passwordMax, int topicMax, int willTopicMax, int willMessageMax, int stringPayloadMax,
      int promptPayloadMax, boolean tls) {
    this(name, CommandSet.ECMT, maxClients, hostMax, clientIdMax, usernameMax, passwordMax, topicMax,
        willTopicMax, willMessageMax, stringPayloadMax, promptPayloadMax, tls);
  }

  private static void atLeastOne(String component, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(component + " must be at least 1, was " + value);
    }
  }

  /**
   * A builder named {@code name} that starts from the limits of {@link #GENERIC} (the documented
   * {@code AT+ECMT*} command set: clients 0–4, TLS); set what differs.
   */
  public static Builder builder(String name) {
    return GENERIC.toBuilder().name(name);
  }

  /** A builder holding every value of this profile, to make a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
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
    ArgumentChecks.topicName(publish.topic(), this);
    ArgumentChecks.payload(publish.payload(), this);
  }

  /**
   * Checks a topic filter as {@code subscribe} will (MQTT 3.1.1 wildcard rules, AT-safe characters,
   * {@link #topicMax}).
   *
   * @throws io.ecmt.sdk.exceptions.InvalidArgumentException naming the field and the reason
   */
  public void checkTopicFilter(String filter) {
    ArgumentChecks.topicFilter(filter, this);
  }

  /** Whether {@code clientId} is a connect id of this module. */
  public boolean isClientId(int clientId) {
    return clientId >= 0 && clientId < maxClients;
  }

  /**
   * Builds a {@link ModuleProfile}; start from {@link ModuleProfile#builder(String)} or
   * {@link ModuleProfile#toBuilder()}. Values are checked by {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private String name;
    private CommandSet commandSet;
    private int maxClients;
    private int hostMax;
    private int clientIdMax;
    private int usernameMax;
    private int passwordMax;
    private int topicMax;
    private int willTopicMax;
    private int willMessageMax;
    private int stringPayloadMax;
    private int promptPayloadMax;
    private boolean tls;

    private Builder(ModuleProfile from) {
      name = from.name;
      commandSet = from.commandSet;
      maxClients = from.maxClients;
      hostMax = from.hostMax;
      clientIdMax = from.clientIdMax;
      usernameMax = from.usernameMax;
      passwordMax = from.passwordMax;
      topicMax = from.topicMax;
      willTopicMax = from.willTopicMax;
      willMessageMax = from.willMessageMax;
      stringPayloadMax = from.stringPayloadMax;
      promptPayloadMax = from.promptPayloadMax;
      tls = from.tls;
    }

    /** A short name such as {@code ec616s}, used in messages. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The AT command family the module speaks. */
    public Builder commandSet(CommandSet commandSet) {
      this.commandSet = Objects.requireNonNull(commandSet, "commandSet");
      return this;
    }

    /** How many connect ids the module has (ids 0 .. n-1), 1–6. */
    public Builder maxClients(int maxClients) {
      this.maxClients = maxClients;
      return this;
    }

    /** Longest host name, in UTF-8 bytes. */
    public Builder hostMax(int hostMax) {
      this.hostMax = hostMax;
      return this;
    }

    /** Longest MQTT client id, in UTF-8 bytes. */
    public Builder clientIdMax(int clientIdMax) {
      this.clientIdMax = clientIdMax;
      return this;
    }

    /** Longest user name, in UTF-8 bytes. */
    public Builder usernameMax(int usernameMax) {
      this.usernameMax = usernameMax;
      return this;
    }

    /** Longest password, in UTF-8 bytes. */
    public Builder passwordMax(int passwordMax) {
      this.passwordMax = passwordMax;
      return this;
    }

    /** Longest topic or topic filter, in UTF-8 bytes. */
    public Builder topicMax(int topicMax) {
      this.topicMax = topicMax;
      return this;
    }

    /** Longest will topic, in UTF-8 bytes. */
    public Builder willTopicMax(int willTopicMax) {
      this.willTopicMax = willTopicMax;
      return this;
    }

    /** Longest will message, in UTF-8 bytes. */
    public Builder willMessageMax(int willMessageMax) {
      this.willMessageMax = willMessageMax;
      return this;
    }

    /** Longest payload of the one-line string publish form. */
    public Builder stringPayloadMax(int stringPayloadMax) {
      this.stringPayloadMax = stringPayloadMax;
      return this;
    }

    /** Longest payload of the {@code > } prompt publish form. */
    public Builder promptPayloadMax(int promptPayloadMax) {
      this.promptPayloadMax = promptPayloadMax;
      return this;
    }

    /** Whether the module supports TLS for its link. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /**
     * The profile.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public ModuleProfile build() {
      return new ModuleProfile(name, commandSet, maxClients, hostMax, clientIdMax, usernameMax, passwordMax,
          topicMax, willTopicMax, willMessageMax, stringPayloadMax, promptPayloadMax, tls);
    }
  }
}
