package io.ecmt.sdk.internal.dialect.ecmt;

/**
 * Every AT+ECMT* command as a typed value, encoded to exact AT text (no line end).
 *
 * <p>Values are built from already validated arguments (see {@link io.ecmt.sdk.ArgumentChecks}); encoding never
 * validates again and never throws. Booleans are written as {@code 0} / {@code 1}; string
 * parameters are written inside one pair of double quotes, verbatim (AT has no escaping).
 *
 * <p>Records carrying secrets ({@link Connect}, {@link CfgAliAuth}, {@link CfgSslPsk}) also
 * redact them in {@code toString()}, so a command that ends up in a log never leaks them.
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

  /** The placeholder written instead of a secret by {@link #redacted()}. */
  String REDACTED = "***";

  // --- AT+ECMTCFG (set forms) -----------------------------------------------------------------

  /** {@code AT+ECMTCFG="keepalive",<id>,<seconds>}, 0–3600. */
  record CfgKeepAlive(int clientId, int seconds) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTCFG=\"keepalive\"," + clientId + "," + seconds;
    }
  }

  /** {@code AT+ECMTCFG="session",<id>,<0|1>}. */
  record CfgSession(int clientId, boolean cleanSession) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTCFG=\"session\"," + clientId + "," + Enc.bit(cleanSession);
    }
  }

  /** {@code AT+ECMTCFG="timeout",<id>,<pkt_timeout>,<retry_times>,<timeout_notice>}. */
  record CfgTimeout(int clientId, int packetTimeout, int retryTimes, boolean timeoutNotice) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTCFG=\"timeout\"," + clientId + "," + packetTimeout + "," + retryTimes + ","
          + Enc.bit(timeoutNotice);
    }
  }

  /** {@code AT+ECMTCFG="will",<id>,1,<qos>,<retain>,"<topic>","<message>"}, or {@code ...,0} when disabled. */
  record CfgWill(int clientId, boolean enabled, int qos, boolean retain, String topic, String message)
      implements EcmtCommand {
    @Override
    public String encode() {
      if (!enabled) {
        // The firmware accepts the flag alone; topic and message would only be stored, unused.
        return "AT+ECMTCFG=\"will\"," + clientId + ",0";
      }
      return "AT+ECMTCFG=\"will\"," + clientId + ",1," + qos + "," + Enc.bit(retain) + ","
          + Enc.q(topic) + "," + Enc.q(message);
    }
  }

  /** {@code AT+ECMTCFG="version",<id>,<3|4>}. */
  record CfgVersion(int clientId, int version) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTCFG=\"version\"," + clientId + "," + version;
    }
  }

  /** {@code AT+ECMTCFG="echomode",<id>,<0|1>}. */
  record CfgEchoMode(int clientId, boolean echo) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTCFG=\"echomode\"," + clientId + "," + Enc.bit(echo);
    }
  }

  /** {@code AT+ECMTCFG="dataformat",<id>,<send>,<recv>} (0 text, 1 hex). */
  record CfgDataFormat(int clientId, int sendFormat, int recvFormat) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTCFG=\"dataformat\"," + clientId + "," + sendFormat + "," + recvFormat;
    }
  }

  /** {@code AT+ECMTCFG="aliauth",<id>,"<productKey>","<deviceName>","<deviceSecret>"}; the secret is redacted. */
  record CfgAliAuth(int clientId, String productKey, String deviceName, String deviceSecret) implements EcmtCommand {
    @Override
    public String encode() {
      return text(deviceSecret);
    }

    @Override
    public String redacted() {
      return text(REDACTED);
    }

    @Override
    public String toString() {
      return "CfgAliAuth[clientId=" + clientId + ", productKey=" + productKey + ", deviceName="
          + deviceName + ", deviceSecret=" + REDACTED + "]";
    }

    private String text(String secret) {
      return "AT+ECMTCFG=\"aliauth\"," + clientId + "," + Enc.q(productKey) + "," + Enc.q(deviceName)
          + "," + Enc.q(secret);
    }
  }

  /** {@code AT+ECMTCFG="cloud",<id>,<cloud_type>,<data_type>}. */
  record CfgCloud(int clientId, int cloudType, int dataType) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTCFG=\"cloud\"," + clientId + "," + cloudType + "," + dataType;
    }
  }

  /** {@code AT+ECMTCFG="ssl","psk","<psk>","<psk_id>"}; the PSK is redacted. */
  record CfgSslPsk(String psk, String pskId) implements EcmtCommand {
    @Override
    public String encode() {
      return text(psk);
    }

    @Override
    public String redacted() {
      return text(REDACTED);
    }

    @Override
    public String toString() {
      return "CfgSslPsk[psk=" + REDACTED + ", pskId=" + pskId + "]";
    }

    private String text(String secret) {
      return "AT+ECMTCFG=\"ssl\",\"psk\"," + Enc.q(secret) + "," + Enc.q(pskId);
    }
  }

  /** {@code AT+ECMTCFG="ssl","ca","<PEM body base64>"[,"<hostname>"]}; hostname may be null. */
  record CfgSslCa(String caBase64, String hostname) implements EcmtCommand {
    @Override
    public String encode() {
      String s = "AT+ECMTCFG=\"ssl\",\"ca\"," + Enc.q(caBase64);
      return hostname == null ? s : s + "," + Enc.q(hostname);
    }
  }

  /** Query {@code AT+ECMTCFG="<option>",<id>}; response lines {@code +ECMTCFG: "<option>",...}. */
  record CfgQuery(String option, int clientId) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTCFG=" + Enc.q(option) + "," + clientId;
    }

    @Override
    public boolean isResponseLine(String line) {
      return Enc.hasPrefix(line, "+ECMTCFG:");
    }
  }

  /** Test form {@code AT+ECMTCFG=?}; response lines {@code +ECMTCFG:"<option>",(...)...}. */
  record CfgTest() implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTCFG=?";
    }

    @Override
    public boolean isResponseLine(String line) {
      return Enc.hasPrefix(line, "+ECMTCFG:");
    }
  }

  // --- link and session -------------------------------------------------------------------------

  /** {@code AT+ECMTOPEN=<id>,"<host>",<port>}. */
  record Open(int clientId, String host, int port) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTOPEN=" + clientId + "," + Enc.q(host) + "," + port;
    }
  }

  /** Read {@code AT+ECMTOPEN?}; response {@code +ECMTOPEN:0,"<host>",<port>} (2 fields after the id). */
  record OpenRead() implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTOPEN?";
    }

    /** Only the read form with host and port: the outcome URC {@code +ECMTOPEN: 0,0} is not ours. */
    @Override
    public boolean isResponseLine(String line) {
      return Enc.hasPrefix(line, "+ECMTOPEN:") && EcmtDecoder.decode(line) instanceof Urc.OpenRead;
    }
  }

  /** {@code AT+ECMTCLOSE=<id>}. */
  record Close(int clientId) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTCLOSE=" + clientId;
    }
  }

  /**
   * {@code AT+ECMTCONN=<id>[,"<clientID>"[,"<username>"[,"<password>"]]]}: trailing null fields are
   * omitted; a null before a non-null is written as {@code ""}. The password is redacted.
   */
  record Connect(int clientId, String mqttClientId, String username, String password) implements EcmtCommand {
    @Override
    public String encode() {
      return text(password);
    }

    @Override
    public String redacted() {
      return text(password == null ? null : REDACTED);
    }

    @Override
    public String toString() {
      return "Connect[clientId=" + clientId + ", mqttClientId=" + mqttClientId + ", username="
          + username + ", password=" + (password == null ? null : REDACTED) + "]";
    }

    private String text(String pw) {
      String[] fields = {mqttClientId, username, pw};
      int last = -1;
      for (int i = 0; i < fields.length; i++) {
        if (fields[i] != null) {
          last = i;
        }
      }
      StringBuilder sb = new StringBuilder("AT+ECMTCONN=").append(clientId);
      for (int i = 0; i <= last; i++) {
        sb.append(',').append(Enc.q(fields[i] == null ? "" : fields[i]));
      }
      return sb.toString();
    }
  }

  /** Read {@code AT+ECMTCONN?}; response {@code +ECMTCONN:0,<state>} (one field after the id, unlike the URC). */
  record ConnectRead() implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTCONN?";
    }

    /**
     * Exactly {@code <id>,<state>}, with or without a space after the colon (builds differ): the
     * three-field outcome URC {@code +ECMTCONN: 0,0,0} is not ours.
     */
    @Override
    public boolean isResponseLine(String line) {
      return Enc.hasPrefix(line, "+ECMTCONN:") && EcmtDecoder.decodeRead(line) instanceof Urc.ConnRead;
    }
  }

  /** {@code AT+ECMTDISC=<id>}. */
  record Disconnect(int clientId) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTDISC=" + clientId;
    }
  }

  /** {@code AT+ECMTSUB=<id>,<msgID>,"<topic>",<qos>}. */
  record Subscribe(int clientId, int msgId, String topicFilter, int qos) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTSUB=" + clientId + "," + msgId + "," + Enc.q(topicFilter) + "," + qos;
    }
  }

  /** {@code AT+ECMTUNS=<id>,<msgID>,"<topic>"}. */
  record Unsubscribe(int clientId, int msgId, String topicFilter) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTUNS=" + clientId + "," + msgId + "," + Enc.q(topicFilter);
    }
  }

  /**
   * String form {@code AT+ECMTPUB=<id>,<msgID>,<qos>,<retain>,"<topic>","<payload>"}: the payload
   * is always wrapped in one pair of quotes (the module strips one leading and one trailing quote
   * and keeps inner ones).
   */
  record PublishText(int clientId, int msgId, int qos, boolean retain, String topic, String payload)
      implements EcmtCommand {
    @Override
    public String encode() {
      // Always quoted: an unquoted payload that itself starts and ends with '"' would lose them.
      return "AT+ECMTPUB=" + clientId + "," + msgId + "," + qos + "," + Enc.bit(retain) + ","
          + Enc.q(topic) + "," + Enc.q(payload);
    }
  }

  /** Prompt form {@code AT+ECMTPUB=<id>,<msgID>,<qos>,<retain>,"<topic>"}; the payload follows the {@code > } prompt. */
  record PublishPrompt(int clientId, int msgId, int qos, boolean retain, String topic) implements EcmtCommand {
    @Override
    public String encode() {
      return "AT+ECMTPUB=" + clientId + "," + msgId + "," + qos + "," + Enc.bit(retain) + ","
          + Enc.q(topic);
    }
  }
}
