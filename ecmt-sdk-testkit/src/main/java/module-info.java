/**
 * The ecmt-sdk test kit: a fake module with real MQTT, an embedded broker, faults and a JUnit 5
 * extension. New public packages of the test kit must be exported here.
 */
module io.ecmt.sdk.testkit {
  // FakeModule, the extension and the helpers take and return SDK types.
  requires transitive io.ecmt.sdk;
  // EcmtTestkitExtension implements JUnit Jupiter's extension callbacks.
  requires transitive org.junit.jupiter.api;
  // EmbeddedBroker.server() returns Moquette's Server (an automatic module named after its jar).
  requires transitive moquette.broker;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.mqtt;
  requires io.netty.common;
  requires io.netty.transport;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.ecmt.sdk.testkit;
  exports io.ecmt.sdk.testkit.junit5;
  // Payloads that embed the module's own line forms, for hostile-publisher tests of a gateway.
  exports io.ecmt.sdk.testkit.ecmt.hostile;
}
