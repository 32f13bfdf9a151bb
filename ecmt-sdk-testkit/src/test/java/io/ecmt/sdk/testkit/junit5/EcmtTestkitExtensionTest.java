package io.ecmt.sdk.testkit.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.testkit.BrokerClient;
import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.testkit.FakeProfile;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension's life cycle: per class on a static field, per test on an instance field. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcmtTestkitExtensionTest {

  @RegisterExtension
  static EcmtTestkitExtension perClass = EcmtTestkitExtension.builder().profile(FakeProfile.GENERIC).build();

  @RegisterExtension
  EcmtTestkitExtension perTest = EcmtTestkitExtension.builder().build();

  static EcmtModem firstClassModem;
  static EcmtModem firstTestModem;
  static FakeModule firstTestModule;

  @Test
  @Order(1)
  void handsOutAStartedModemAModuleAndABrokerClient() throws Exception {
    firstClassModem = perClass.modem();
    firstTestModem = perTest.modem();
    firstTestModule = perTest.module();
    assertThat(perClass.modem().profile().name()).isEqualTo("generic");
    assertThat(perClass.module().profile()).isEqualTo(FakeProfile.GENERIC);
    assertThat(perTest.module().transcript().commands()).startsWith("AT").contains("ATE0");
    // The per-class client connects here and stays connected into the next test.
    perClass.client().toBlocking().open("anywhere.example", 1883);
    perClass.client().toBlocking().connect();
    BrokerClient.Subscription seen = perClass.brokerClient().subscribe("ext/" + System.identityHashCode(this), 0);
    perClass.client().toBlocking().publish(Publish.of(seen.filter(), "x"));
    assertThat(seen.poll(Duration.ofSeconds(10)).payloadUtf8()).isEqualTo("x");
    assertThat(perClass.broker()).isSameAs(perTest.broker()); // one shared broker
  }

  @Test
  @Order(2)
  void staticFieldKeepsItsModemInstanceFieldGetsAFreshOne() {
    assertThat(perClass.modem()).isSameAs(firstClassModem);
    assertThat(perClass.client().state()).isEqualTo(ClientState.CONNECTED);
    assertThat(perTest.modem()).isNotSameAs(firstTestModem);
    assertThat(firstTestModem.isClosed()).isTrue();
    assertThat(perTest.module()).isNotSameAs(firstTestModule);
    assertThat(perTest.client().state()).isEqualTo(ClientState.CLOSED);
  }

  @Test
  @Order(3)
  void outsideALifecycleNothingIsHandedOut() {
    EcmtTestkitExtension unused = EcmtTestkitExtension.builder().build();
    assertThatThrownBy(unused::modem).isInstanceOf(IllegalStateException.class).hasMessageContaining("RegisterExtension");
  }

  @Test
  @Order(4)
  void afterEachPassesWhenTheModuleSawNothingUnexpected() {
    EcmtTestkitExtension manual = EcmtTestkitExtension.builder().sharedBroker(false).build();
    manual.beforeEach(null);
    assertThat(manual.module().violations()).isEmpty();
    manual.afterEach(null); // strict, no violations: no AssertionError
    assertThatThrownBy(manual::module).isInstanceOf(IllegalStateException.class);
  }
}
