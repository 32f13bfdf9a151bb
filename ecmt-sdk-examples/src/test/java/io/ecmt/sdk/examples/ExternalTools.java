package io.ecmt.sdk.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs (mosquitto, mosquitto_sub) and waiting on conditions. The availability rule is
 * the testkit's: a missing tool skips the test with the reason, except under {@code CI=true}, where
 * it fails.
 */
final class ExternalTools {
  private ExternalTools() { }

  /** The tool's path; skips (or, in CI, fails) the test when it is not installed. */
  static Path require(String name, String packageHint) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/opt/homebrew/sbin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (!dir.isEmpty() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String reason = name + " not installed (apt-get install -y " + packageHint + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true and " + reason + ": this suite is mandatory in CI");
    }
    Assumptions.assumeTrue(false, reason);
    throw new AssertionError("unreachable");
  }

  /** Re-checks {@code condition} (a few ms apart, growing to 50 ms) until it holds; fails after {@code timeout}. */
  static void await(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 2_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + timeout + " waiting for " + what.get());
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, 50_000_000);
    }
  }

  /** Destroys {@code process} (SIGTERM, then SIGKILL after 10 s) and waits for it to end. */
  static void stop(Process process) throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
