package io.ecmt.sdk.testkit.engine;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;

/**
 * An immutable copy of one packet from the broker, made on the netty thread: its type and packet
 * id, and the neutral event it means for the dialect (null for the link's own chores).
 */
record Inbound(MqttMessageType type, int packetId, BrokerEvent event) {

  static Inbound of(MqttMessage msg) {
    MqttMessageType type = msg.fixedHeader().messageType();
    switch (type) {
      case PUBLISH -> {
        MqttPublishMessage p = (MqttPublishMessage) msg;
        // netty reports -1 as the packet id of a QoS 0 PUBLISH; modules print 0.
        int id = Math.max(0, p.variableHeader().packetId());
        return new Inbound(type, id, new BrokerEvent.Received(id, p.variableHeader().topicName(),
            ByteBufUtil.getBytes(p.payload()), p.fixedHeader().qosLevel().value()));
      }
      case CONNACK -> {
        int code = ((MqttConnAckMessage) msg).variableHeader().connectReturnCode().byteValue() & 0xFF;
        return new Inbound(type, 0, new BrokerEvent.ConnAck(code));
      }
      case SUBACK -> {
        MqttSubAckMessage s = (MqttSubAckMessage) msg;
        int id = s.variableHeader().messageId();
        return new Inbound(type, id, new BrokerEvent.SubAck(id, s.payload().reasonCodes()));
      }
      default -> {
        int id = msg.variableHeader() instanceof MqttMessageIdVariableHeader h ? h.messageId() : 0;
        BrokerEvent e = switch (type) {
          case UNSUBACK -> new BrokerEvent.UnsubAck(id);
          case PUBACK, PUBCOMP -> new BrokerEvent.PublishDone(id);
          default -> null; // PUBREC, PUBREL, PINGRESP: the link's business
        };
        return new Inbound(type, id, e);
      }
    }
  }

  /** An acknowledgement {@link io.ecmt.sdk.testkit.Fault.SwallowAcks} may swallow. */
  boolean isAck() {
    return switch (type) {
      case CONNACK, SUBACK, UNSUBACK, PUBACK, PUBREC, PUBCOMP -> true;
      default -> false;
    };
  }
}
