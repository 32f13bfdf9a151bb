package io.ecmt.sdk.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Value equality of the connect settings, and a string form that never shows a secret. */
class ConnectOptionsTest {
  private static final String PASSWORD = "pw-5e1f-secret";
  private static final String PSK = "psk-77aa-secret";

  private static ConnectOptions full() {
    return ConnectOptions.builder().clientId("dev-1").credentials("user", PASSWORD)
        .keepAlive(Duration.ofSeconds(60)).cleanSession(false).version(MqttVersion.MQTT_3_1)
        .will(new Will("dev/1/status", "gone", Qos.AT_LEAST_ONCE, true)).tls(TlsOptions.psk(PSK, "id-1"))
        .packetTimeout(Duration.ofSeconds(10), 5).build();
  }

  @Test
  void equalSettingsAreEqualOptions() {
    assertThat(full()).isEqualTo(full()).hasSameHashCodeAs(full());
    assertThat(ConnectOptions.defaults()).isEqualTo(ConnectOptions.builder().build())
        .hasSameHashCodeAs(ConnectOptions.builder().build());
    assertThat(full().toBuilder().build()).isEqualTo(full());
  }

  @Test
  void everySettingTakesPartInEquality() {
    List<UnaryOperator<ConnectOptions.Builder>> changes = List.of(
        b -> b.clientId("dev-2"),
        b -> b.clientId(null),
        b -> b.credentials("other", PASSWORD),
        b -> b.credentials("user", "other-password"),
        b -> b.credentials("user", null),
        b -> b.keepAlive(Duration.ofSeconds(61)),
        b -> b.cleanSession(true),
        b -> b.version(MqttVersion.MQTT_3_1_1),
        b -> b.will(new Will("dev/1/status", "gone", Qos.AT_MOST_ONCE, true)),
        b -> b.will(null),
        b -> b.tls(TlsOptions.psk("another-key", "id-1")),
        b -> b.tls(TlsOptions.ca("QUJD", "broker.example")),
        b -> b.tls(null),
        b -> b.packetTimeout(Duration.ofSeconds(11), 5),
        b -> b.packetTimeout(Duration.ofSeconds(10), 4));
    for (UnaryOperator<ConnectOptions.Builder> change : changes) {
      ConnectOptions changed = change.apply(full().toBuilder()).build();
      assertThat(changed).isNotEqualTo(full());
      assertThat(full()).isNotEqualTo(changed);
    }
    assertThat(ConnectOptions.defaults()).isNotEqualTo(
        ConnectOptions.builder().packetTimeout(Duration.ofSeconds(10), 3).build());
    assertThat(full()).isNotEqualTo(null).isNotEqualTo("ConnectOptions");
  }

  @Test
  void theStringFormShowsNoSecret() {
    String text = full().toString();
    assertThat(text).doesNotContain(PASSWORD).doesNotContain(PSK).contains("dev-1").contains("<redacted>")
        .contains("packetTimeout=10s");
    assertThat(ConnectOptions.defaults().toString()).contains("password=none").doesNotContain("packetTimeout");
  }

  @Test
  void tlsOptionsAndWillAreValues() {
    assertThat(TlsOptions.psk(PSK, "id")).isEqualTo(TlsOptions.psk(PSK, "id"))
        .hasSameHashCodeAs(TlsOptions.psk(PSK, "id"));
    assertThat(TlsOptions.ca("QUJD", null)).isEqualTo(TlsOptions.ca("QUJD", null))
        .isNotEqualTo(TlsOptions.ca("QUJD", "h"));
    assertThat(TlsOptions.psk(PSK, "id").toString()).doesNotContain(PSK);
    assertThat(new Will("t", "m", Qos.EXACTLY_ONCE, false)).isEqualTo(new Will("t", "m", Qos.EXACTLY_ONCE, false));
  }
}
