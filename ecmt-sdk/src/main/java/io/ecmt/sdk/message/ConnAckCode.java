package io.ecmt.sdk.message;

/** The CONNACK return code reported in {@code +ECMTCONN: <id>,0,<ret_code>}. */
public enum ConnAckCode {
  ACCEPTED(0),
  UNACCEPTABLE_PROTOCOL_VERSION(1),
  IDENTIFIER_REJECTED(2),
  SERVER_UNAVAILABLE(3),
  BAD_USER_NAME_OR_PASSWORD(4),
  NOT_AUTHORIZED(5),
  /** Module-made code 6: the CONNACK packet was malformed. */
  MALFORMED_CONNACK(6),
  /** Any other number a module build may print. */
  UNKNOWN(-1);

  private final int code;

  ConnAckCode(int code) {
    this.code = code;
  }

  /** The numeric code as printed by the module; -1 for {@link #UNKNOWN}. */
  public int code() {
    return code;
  }

  /** The constant for a printed number; {@link #UNKNOWN} for numbers outside 0–6. */
  public static ConnAckCode of(int code) {
    for (ConnAckCode c : values()) {
      if (c.code == code && c != UNKNOWN) {
        return c;
      }
    }
    return UNKNOWN;
  }
}
