package io.ecmt.sdk.testkit.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Strict mode fails a test whose code sent a command the fake module does not understand, even
 * though the test's own assertions passed; relaxed mode lets it pass. The two inner test classes
 * run only inside this test, through the JUnit Platform test kit.
 */
class StrictModeTest {
  private static final String RUN_INNER = "ecmt.strictModeTest.inner";

  @Test
  void anUnexpectedCommandFailsTheTestInStrictModeOnly() {
    System.setProperty(RUN_INNER, "true");
    try {
      EngineTestKit.engine("junit-jupiter").selectors(selectClass(Strict.class)).execute()
          .testEvents().assertThatEvents().haveExactly(1,
              event(test("sendsAnUnknownCommand"), finishedWithFailure(message(m -> m.contains("AT+NOSUCH")))));
      EngineTestKit.engine("junit-jupiter").selectors(selectClass(Relaxed.class)).execute()
          .testEvents().assertThatEvents().haveExactly(1,
              event(test("sendsAnUnknownCommand"), finishedSuccessfully()));
    } finally {
      System.clearProperty(RUN_INNER);
    }
  }

  @EnabledIfSystemProperty(named = RUN_INNER, matches = "true")
  static class Strict {
    @RegisterExtension
    EcmtTestkitExtension testkit = EcmtTestkitExtension.builder().build();

    @Test
    void sendsAnUnknownCommand() {
      // The module answers ERROR; the test itself accepts that, the extension does not.
      testkit.modem().command("AT+NOSUCH").onErrorReturnItem(java.util.List.of())
          .blockingGet();
      assertThat(testkit.module().violations()).isNotEmpty();
    }
  }

  @EnabledIfSystemProperty(named = RUN_INNER, matches = "true")
  static class Relaxed {
    @RegisterExtension
    EcmtTestkitExtension testkit = EcmtTestkitExtension.builder().strict(false).build();

    @Test
    void sendsAnUnknownCommand() {
      testkit.modem().command("AT+NOSUCH").onErrorReturnItem(java.util.List.of())
          .timeout(10, TimeUnit.SECONDS).blockingGet();
    }
  }
}
