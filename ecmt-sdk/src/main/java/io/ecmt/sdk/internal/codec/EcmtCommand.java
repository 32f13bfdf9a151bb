package io.ecmt.sdk.internal.codec;

/**
 * Every AT+ECMT* command as a typed value, encoded to exact AT text (no line end).
 *
 * <p>Values are built from already validated arguments (see {@link Checks}); encoding never
 * validates again and never throws.
 */
public sealed interface EcmtCommand {

  /** The exact AT text without line end, e.g. {@code AT+ECMTOPEN=0,"broker",1883}. */
  String encode();

  /** The text for logs, events and exceptions: secrets (passwords, device secrets, PSKs) replaced by {@code ***}. */
  default String redacted() {
    return encode();
  }

  /** Whether a received line is this command's information response (read, query, test forms). */
  default boolean isResponseLine(String line) {
    return false;
  }

  // --- AT+ECMTCFG (set forms) -----------------------------------------------------------------

  /** {@code AT+ECMTCFG="keepalive",<id>,<seconds>}, 0–3600. */
  record CfgKeepAlive(int clientId, int seconds) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTCFG="session",<id>,<0|1>}. */
  record CfgSession(int clientId, boolean cleanSession) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTCFG="timeout",<id>,<pkt_timeout>,<retry_times>,<timeout_notice>}. */
  record CfgTimeout(int clientId, int packetTimeout, int retryTimes, boolean timeoutNotice) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTCFG="will",<id>,1,<qos>,<retain>,"<topic>","<message>"}, or {@code ...,0} when disabled. */
  record CfgWill(int clientId, boolean enabled, int qos, boolean retain, String topic, String message)
      implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTCFG="version",<id>,<3|4>}. */
  record CfgVersion(int clientId, int version) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTCFG="echomode",<id>,<0|1>}. */
  record CfgEchoMode(int clientId, boolean echo) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTCFG="dataformat",<id>,<send>,<recv>} (0 text, 1 hex). */
  record CfgDataFormat(int clientId, int sendFormat, int recvFormat) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTCFG="aliauth",<id>,"<productKey>","<deviceName>","<deviceSecret>"}; the secret is redacted. */
  record CfgAliAuth(int clientId, String productKey, String deviceName, String deviceSecret) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTCFG="cloud",<id>,<cloud_type>,<data_type>}. */
  record CfgCloud(int clientId, int cloudType, int dataType) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTCFG="ssl","psk","<psk>","<psk_id>"}; the PSK is redacted. */
  record CfgSslPsk(String psk, String pskId) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTCFG="ssl","ca","<PEM body base64>"[,"<hostname>"]}; hostname may be null. */
  record CfgSslCa(String caBase64, String hostname) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** Query {@code AT+ECMTCFG="<option>",<id>}; response lines {@code +ECMTCFG: "<option>",...}. */
  record CfgQuery(String option, int clientId) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** Test form {@code AT+ECMTCFG=?}; response lines {@code +ECMTCFG:"<option>",(...)...}. */
  record CfgTest() implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  // --- link and session -------------------------------------------------------------------------

  /** {@code AT+ECMTOPEN=<id>,"<host>",<port>}. */
  record Open(int clientId, String host, int port) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** Read {@code AT+ECMTOPEN?}; response {@code +ECMTOPEN:0,"<host>",<port>} (2 fields after the id). */
  record OpenRead() implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTCLOSE=<id>}. */
  record Close(int clientId) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /**
   * {@code AT+ECMTCONN=<id>[,"<clientID>"[,"<username>"[,"<password>"]]]}: trailing null fields are
   * omitted; a null before a non-null is written as {@code ""}. The password is redacted.
   */
  record Connect(int clientId, String mqttClientId, String username, String password) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** Read {@code AT+ECMTCONN?}; response {@code +ECMTCONN:0,<state>} (one field after the id, unlike the URC). */
  record ConnectRead() implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTDISC=<id>}. */
  record Disconnect(int clientId) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTSUB=<id>,<msgID>,"<topic>",<qos>}. */
  record Subscribe(int clientId, int msgId, String topicFilter, int qos) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** {@code AT+ECMTUNS=<id>,<msgID>,"<topic>"}. */
  record Unsubscribe(int clientId, int msgId, String topicFilter) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /**
   * String form {@code AT+ECMTPUB=<id>,<msgID>,<qos>,<retain>,"<topic>","<payload>"}: the payload
   * is always wrapped in one pair of quotes (the module strips one leading and one trailing quote
   * and keeps inner ones).
   */
  record PublishText(int clientId, int msgId, int qos, boolean retain, String topic, String payload)
      implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }

  /** Prompt form {@code AT+ECMTPUB=<id>,<msgID>,<qos>,<retain>,"<topic>"}; the payload follows the {@code > } prompt. */
  record PublishPrompt(int clientId, int msgId, int qos, boolean retain, String topic) implements EcmtCommand {
    public String encode() { throw new UnsupportedOperationException("TODO"); }
  }
}
