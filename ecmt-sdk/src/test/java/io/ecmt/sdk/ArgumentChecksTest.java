package io.ecmt.sdk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.exceptions.InvalidArgumentException;
import io.ecmt.sdk.ArgumentChecks.PayloadForm;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.Will;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArgumentChecksTest {
  static final ModuleProfile P = ModuleProfile.EC616S;

  static AbstractThrowableAssert<?, ? extends Throwable> refused(ThrowingCallable call, String field) {
    return assertThatThrownBy(call)
        .isInstanceOf(InvalidArgumentException.class)
        .satisfies(e -> assertThat(((InvalidArgumentException) e).field()).isEqualTo(field));
  }

  @Test
  void clientIdFollowsTheProfile() {
    assertThat(ArgumentChecks.clientId(0, P)).isZero();
    refused(() -> ArgumentChecks.clientId(1, P), "clientId").hasMessageContaining("0..0");
    refused(() -> ArgumentChecks.clientId(-1, ModuleProfile.GENERIC), "clientId");
    assertThat(ArgumentChecks.clientId(4, ModuleProfile.GENERIC)).isEqualTo(4);
    refused(() -> ArgumentChecks.clientId(5, ModuleProfile.GENERIC), "clientId");
  }

  @Test
  void host() {
    assertThat(ArgumentChecks.host("test.mosquitto.org", P)).isEqualTo("test.mosquitto.org");
    assertThat(ArgumentChecks.host("192.168.1.10", P)).isEqualTo("192.168.1.10");
    assertThat(ArgumentChecks.host("h".repeat(127), P)).hasSize(127);
    refused(() -> ArgumentChecks.host("h".repeat(128), P), "host").hasMessageContaining("127");
    refused(() -> ArgumentChecks.host("h".repeat(101), ModuleProfile.GENERIC), "host");
    refused(() -> ArgumentChecks.host("", P), "host").hasMessageContaining("empty");
    refused(() -> ArgumentChecks.host(null, P), "host");
    refused(() -> ArgumentChecks.host("my host", P), "host").hasMessageContaining("space at index 2");
    refused(() -> ArgumentChecks.host("h\"x", P), "host").hasMessageContaining("index 1");
    refused(() -> ArgumentChecks.host("h\tx", P), "host").hasMessageContaining("TAB");
  }

  @Test
  void port() {
    assertThat(ArgumentChecks.port(1)).isEqualTo(1);
    assertThat(ArgumentChecks.port(65535)).isEqualTo(65535);
    refused(() -> ArgumentChecks.port(0), "port");
    refused(() -> ArgumentChecks.port(65536), "port");
    refused(() -> ArgumentChecks.port(-1883), "port");
  }

  @Test
  void credentialsAllowNullAndEmpty() {
    assertThat(ArgumentChecks.mqttClientId(null, P)).isNull();
    assertThat(ArgumentChecks.username(null, P)).isNull();
    assertThat(ArgumentChecks.password(null, P)).isNull();
    assertThat(ArgumentChecks.mqttClientId("", P)).isEmpty();
    assertThat(ArgumentChecks.mqttClientId("c".repeat(48), P)).hasSize(48);
    refused(() -> ArgumentChecks.mqttClientId("c".repeat(49), P), "mqttClientId");
    refused(() -> ArgumentChecks.mqttClientId("c".repeat(32), ModuleProfile.EC616), "mqttClientId");
    refused(() -> ArgumentChecks.username("u".repeat(49), P), "username");
    assertThat(ArgumentChecks.password("p,;".repeat(42), P)).hasSize(126);
    refused(() -> ArgumentChecks.password("p".repeat(129), P), "password");
  }

  @Test
  void lengthsAreUtf8Bytes() {
    // 16 × 3-byte chars = 48 bytes fits, 17 does not
    assertThat(ArgumentChecks.mqttClientId("温".repeat(16), P)).hasSize(16);
    refused(() -> ArgumentChecks.mqttClientId("温".repeat(17), P), "mqttClientId").hasMessageContaining("51 UTF-8 bytes");
    assertThat(ArgumentChecks.mqttClientId("😀".repeat(12), P)).hasSize(24);
    refused(() -> ArgumentChecks.mqttClientId("😀".repeat(13), P), "mqttClientId");
  }

  @Test
  void passwordMessagesNeverEchoTheValue() {
    String secret = "hunter2\"\r\nAT+CFUN=0";
    refused(() -> ArgumentChecks.password(secret, P), "password")
        .message().doesNotContain("hunter2").contains("double quote").contains("index 7");
    refused(() -> ArgumentChecks.password("hunter2\r", P), "password")
        .message().doesNotContain("hunter2").contains("CR").contains("index 7");
    refused(() -> ArgumentChecks.password("hunter2".repeat(20), P), "password")
        .message().doesNotContain("hunter2");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 9, 10, 13, 0x1A, 0x1B, 0x1F, 0x7F})
  void controlCharactersAreRefusedWithTheirPosition(int c) {
    String s = "ab" + (char) c + "cd";
    refused(() -> ArgumentChecks.username(s, P), "username")
        .hasMessageContaining("index 2")
        .hasMessageContaining(String.format("U+%04X", c));
  }

  @Test
  void unpairedSurrogateIsRefused() {
    refused(() -> ArgumentChecks.username("a\uD800b", P), "username").hasMessageContaining("surrogate");
  }

  @Test
  void topicNames() {
    assertThat(ArgumentChecks.topicName("a/b/c", P)).isEqualTo("a/b/c");
    assertThat(ArgumentChecks.topicName("/", P)).isEqualTo("/");
    assertThat(ArgumentChecks.topicName("t".repeat(255), P)).hasSize(255);
    refused(() -> ArgumentChecks.topicName("t".repeat(256), P), "topic");
    refused(() -> ArgumentChecks.topicName("", P), "topic");
    refused(() -> ArgumentChecks.topicName(null, P), "topic");
    refused(() -> ArgumentChecks.topicName("a/+/b", P), "topic").hasMessageContaining("'+' at index 2");
    refused(() -> ArgumentChecks.topicName("a/#", P), "topic").hasMessageContaining("'#'");
    refused(() -> ArgumentChecks.topicName("x\"\r\nAT+CFUN=0", P), "topic");
  }

  @ParameterizedTest
  @ValueSource(strings = {"#", "+", "a/#", "a/+", "+/+", "+/a/#", "/#", "a//b", "/", "a/+/c", "sport/tennis/+", "$SYS/#"})
  void validFilters(String f) {
    assertThat(ArgumentChecks.topicFilter(f, P)).isEqualTo(f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a#", "a/#/b", "#/a", "a+", "+a", "a/b+/c", "##", "++", "a/#/"})
  void invalidFilters(String f) {
    refused(() -> ArgumentChecks.topicFilter(f, P), "topicFilter");
  }

  @Test
  void keepAlive() {
    assertThat(ArgumentChecks.keepAliveSeconds(Duration.ZERO)).isZero();
    assertThat(ArgumentChecks.keepAliveSeconds(Duration.ofSeconds(120))).isEqualTo(120);
    assertThat(ArgumentChecks.keepAliveSeconds(Duration.ofHours(1))).isEqualTo(3600);
    refused(() -> ArgumentChecks.keepAliveSeconds(Duration.ofSeconds(3601)), "keepAlive");
    refused(() -> ArgumentChecks.keepAliveSeconds(Duration.ofSeconds(-1)), "keepAlive");
    refused(() -> ArgumentChecks.keepAliveSeconds(Duration.ofMillis(1500)), "keepAlive").hasMessageContaining("whole seconds");
    refused(() -> ArgumentChecks.keepAliveSeconds(null), "keepAlive");
  }

  @Test
  void will() {
    Will ok = new Will("dev/last", "gone, bye", Qos.AT_LEAST_ONCE, true);
    assertThat(ArgumentChecks.will(ok, P)).isSameAs(ok);
    assertThat(ArgumentChecks.will(new Will("t", "", Qos.AT_MOST_ONCE, false), P)).isNotNull();
    refused(() -> ArgumentChecks.will(new Will("a/#", "m", Qos.AT_MOST_ONCE, false), P), "willTopic");
    refused(() -> ArgumentChecks.will(new Will("", "m", Qos.AT_MOST_ONCE, false), P), "willTopic");
    refused(() -> ArgumentChecks.will(new Will("t", "m\r\nAT", Qos.AT_MOST_ONCE, false), P), "willMessage");
    refused(() -> ArgumentChecks.will(new Will("t", "m".repeat(256), Qos.AT_MOST_ONCE, false), P), "willMessage");
    refused(() -> ArgumentChecks.will(null, P), "will");
  }

  @Test
  void payloadForms() {
    assertThat(ArgumentChecks.payload("hello".getBytes(UTF_8), P)).isEqualTo(PayloadForm.TEXT);
    assertThat(ArgumentChecks.payload(new byte[0], P)).isEqualTo(PayloadForm.TEXT);
    assertThat(ArgumentChecks.payload("{\"a\":1,\"b\":\"x\"}".getBytes(UTF_8), P)).isEqualTo(PayloadForm.TEXT);
    assertThat(ArgumentChecks.payload("温度 ✓ 😀".getBytes(UTF_8), P)).isEqualTo(PayloadForm.TEXT);
    assertThat(ArgumentChecks.payload("x".repeat(1024).getBytes(UTF_8), P)).isEqualTo(PayloadForm.TEXT);
    // line ends, DEL, control chars, invalid UTF-8 → prompt
    assertThat(ArgumentChecks.payload("a\r\nb".getBytes(UTF_8), P)).isEqualTo(PayloadForm.PROMPT);
    assertThat(ArgumentChecks.payload(new byte[] {'a', 0x7F}, P)).isEqualTo(PayloadForm.PROMPT);
    assertThat(ArgumentChecks.payload(new byte[] {0}, P)).isEqualTo(PayloadForm.PROMPT);
    assertThat(ArgumentChecks.payload(new byte[] {(byte) 0xC3}, P)).isEqualTo(PayloadForm.PROMPT);
    assertThat(ArgumentChecks.payload(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, P)).isEqualTo(PayloadForm.PROMPT);
    // too long for the string form of the generic profile (700), fits the prompt (1024)
    assertThat(ArgumentChecks.payload("x".repeat(701).getBytes(UTF_8), ModuleProfile.GENERIC)).isEqualTo(PayloadForm.PROMPT);
    assertThat(ArgumentChecks.payload("x".repeat(700).getBytes(UTF_8), ModuleProfile.GENERIC)).isEqualTo(PayloadForm.TEXT);
  }

  @Test
  void payloadRefusals() {
    refused(() -> ArgumentChecks.payload(new byte[] {'a', 0x1A}, P), "payload").hasMessageContaining("1A").hasMessageContaining("index 1");
    refused(() -> ArgumentChecks.payload(new byte[] {0x1B}, P), "payload").hasMessageContaining("1B");
    refused(() -> ArgumentChecks.payload(new byte[1025], P), "payload").hasMessageContaining("1025");
    refused(() -> ArgumentChecks.payload("x".repeat(1025).getBytes(UTF_8), P), "payload");
    refused(() -> ArgumentChecks.payload(null, P), "payload");
  }
}
