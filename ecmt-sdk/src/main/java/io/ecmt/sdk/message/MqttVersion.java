package io.ecmt.sdk.message;

/** The MQTT protocol level the module puts into CONNECT ({@code AT+ECMTCFG="version"}). */
public enum MqttVersion {
  /** MQTT 3.1 (protocol level 3). */
  MQTT_3_1(3),
  /** MQTT 3.1.1 (protocol level 4), the module's default. */
  MQTT_3_1_1(4);

  private final int code;

  MqttVersion(int code) {
    this.code = code;
  }

  /** The value written in {@code AT+ECMTCFG="version",<id>,<code>}. */
  public int code() {
    return code;
  }
}
