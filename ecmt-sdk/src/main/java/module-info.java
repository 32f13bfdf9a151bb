/**
 * A typed, reactive client for the MQTT client built into cellular modules, driven by AT commands.
 * Start with {@link io.ecmt.sdk.EcmtModem#builder()}.
 *
 * <p>Only the API packages are exported; {@code io.ecmt.sdk.internal.*} is not API and is
 * exported to nobody but our own test kit, which shares one codec helper.
 */
module io.ecmt.sdk {
  // The API returns Single / Completable / Flowable and takes Schedulers.
  requires transitive io.reactivex.rxjava3;
  // EcmtModemBuilder.objectMapper(..) and io.ecmt.sdk.json take an ObjectMapper.
  requires transitive com.fasterxml.jackson.databind;
  // Used inside io.ecmt.sdk.serial only; no jSerialComm type appears in the API.
  requires com.fazecast.jSerialComm;
  // Trace logging of AT traffic (internal only).
  requires org.slf4j;

  exports io.ecmt.sdk;
  exports io.ecmt.sdk.message;
  exports io.ecmt.sdk.exceptions;
  exports io.ecmt.sdk.transport;
  exports io.ecmt.sdk.serial;
  exports io.ecmt.sdk.json;

  // The fake module's broker client matches topic filters with the SDK's own matcher.
  exports io.ecmt.sdk.internal.codec to io.ecmt.sdk.testkit;
}
