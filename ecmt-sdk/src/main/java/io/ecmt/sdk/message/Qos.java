package io.ecmt.sdk.message;

/** MQTT quality of service. */
public enum Qos {
  AT_MOST_ONCE(0),
  AT_LEAST_ONCE(1),
  EXACTLY_ONCE(2);

  private final int code;

  Qos(int code) {
    this.code = code;
  }

  /** The numeric QoS as written in AT commands (0, 1 or 2). */
  public int code() {
    return code;
  }

  /**
   * The QoS for a numeric code.
   *
   * @throws IllegalArgumentException if {@code code} is not 0, 1 or 2
   */
  public static Qos of(int code) {
    return switch (code) {
      case 0 -> AT_MOST_ONCE;
      case 1 -> AT_LEAST_ONCE;
      case 2 -> EXACTLY_ONCE;
      default -> throw new IllegalArgumentException("QoS must be 0, 1 or 2, was " + code);
    };
  }
}
