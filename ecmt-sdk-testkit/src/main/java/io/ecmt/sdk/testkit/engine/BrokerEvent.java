package io.ecmt.sdk.testkit.engine;

import java.util.List;

/**
 * What happened on a broker link, in MQTT terms and nothing else: a dialect turns these into its
 * own URCs. Delivered on the module's loop, after the configured broker latency, only while the
 * link is attached. Protocol chores (PUBREL, PUBCOMP, acking inbound messages, pings) are done by
 * the link itself.
 */
public sealed interface BrokerEvent {

  /** CONNACK with its return code (0 accepted, 1–5 refused). */
  record ConnAck(int returnCode) implements BrokerEvent { }

  /**
   * What came instead of the CONNACK could not be one: a CONNACK of the wrong length or with an
   * unknown code, or another packet type. The link stays up.
   */
  record ConnAckMalformed() implements BrokerEvent { }

  /** SUBACK: one return code per filter (granted QoS, or 0x80 for a refusal); may be empty if malformed. */
  record SubAck(int packetId, List<Integer> returnCodes) implements BrokerEvent {
    /** Copies the codes. */
    public SubAck {
      returnCodes = List.copyOf(returnCodes);
    }
  }

  /** UNSUBACK. */
  record UnsubAck(int packetId) implements BrokerEvent { }

  /** An outgoing QoS 1 publish got its PUBACK, or a QoS 2 one its PUBCOMP. */
  record PublishDone(int packetId) implements BrokerEvent { }

  /**
   * An incoming PUBLISH (packet id 0 for QoS 0). The link acknowledges it (PUBACK or PUBREC)
   * right after this event.
   */
  record Received(int packetId, String topic, byte[] payload, int qos) implements BrokerEvent {
    /** Copies the payload. */
    public Received {
      payload = payload.clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
      return payload.clone();
    }
  }

  /** The TCP link is gone (peer closed or reset, or a fault dropped it); no more events follow. */
  record LinkDown() implements BrokerEvent { }
}
