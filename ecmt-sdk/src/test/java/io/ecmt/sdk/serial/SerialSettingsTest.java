package io.ecmt.sdk.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.transport.TransportListener;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class SerialSettingsTest {

  @Test
  void defaultsAre115200EightNoneOne() {
    SerialSettings s = SerialSettings.of("/dev/ttyUSB0");
    assertThat(s.portName()).isEqualTo("/dev/ttyUSB0");
    assertThat(s.baudRate()).isEqualTo(115200);
    assertThat(s.dataBits()).isEqualTo(8);
    assertThat(s.parity()).isEqualTo(SerialSettings.Parity.NONE);
    assertThat(s.stopBits()).isEqualTo(SerialSettings.StopBits.ONE);
    assertThat(s.flowControl()).isEqualTo(SerialSettings.FlowControl.NONE);
    assertThat(s).hasToString("/dev/ttyUSB0@115200 8N1");
  }

  @Test
  void builderSetsEverything() {
    SerialSettings s = SerialSettings.builder("COM3").baudRate(9600).dataBits(7)
        .parity(SerialSettings.Parity.EVEN).stopBits(SerialSettings.StopBits.TWO)
        .flowControl(SerialSettings.FlowControl.RTS_CTS).build();
    assertThat(s).hasToString("COM3@9600 7E2 RTS_CTS");
    assertThat(s).isEqualTo(SerialSettings.builder("COM3").baudRate(9600).dataBits(7)
        .parity(SerialSettings.Parity.EVEN).stopBits(SerialSettings.StopBits.TWO)
        .flowControl(SerialSettings.FlowControl.RTS_CTS).build());
  }

  @Test
  void badArgumentsAreRejectedAtOnce() {
    assertThatThrownBy(() -> SerialSettings.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SerialSettings.builder("x").baudRate(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SerialSettings.builder("x").dataBits(9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SerialSettings.builder("x").parity(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void openingANonexistentPortFailsWithAClearMessage() {
    SerialTransport t = new SerialTransport(SerialSettings.of("/dev/ecmt-no-such-port-4711"));
    TransportListener ignored = new TransportListener() {
      @Override
      public void onBytes(byte[] bytes) {}

      @Override
      public void onClosed() {}

      @Override
      public void onError(Throwable error) {}
    };
    assertThatThrownBy(() -> t.open(ignored))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/dev/ecmt-no-such-port-4711")
        .hasMessageContaining("available: ");
    assertThat(t.isOpen()).isFalse();
    assertThat(t.description()).isEqualTo("serial:/dev/ecmt-no-such-port-4711@115200");
  }
}
