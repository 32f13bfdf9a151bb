package io.ecmt.sdk.testkit.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The availability rule: a missing tool skips outside CI and fails inside CI. */
@Tag("interop")
class ToolAvailabilityTest {
  private static final String MISSING = "ecmt-no-such-tool-4711";

  @Test
  void missingToolOutsideCiSkipsWithReason() {
    assertThatThrownBy(() -> Tools.require(MISSING, "nothing", false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(MISSING + " not installed");
  }

  @Test
  void missingToolInCiFails() {
    assertThatThrownBy(() -> Tools.require(MISSING, "nothing", true))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("CI=true")
        .hasMessageContaining(MISSING);
  }

  @Test
  void presentToolIsFoundOnPath() {
    // "sh" exists on every machine these suites run on.
    assertThat(Tools.find("sh")).isPresent();
  }
}
