package io.ecmt.sdk.testkit.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Finding the external programs the interop and serial suites run, the CI availability rule, and
 * waiting on conditions with a deadline (never a fixed sleep).
 */
final class Tools {
  private Tools() { }

  /** Whether the build runs in CI, where a missing tool is a failure instead of a skip. */
  static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** An executable named {@code name} on the PATH or in one of {@code extraDirs}. */
  static Optional<Path> find(String name, String... extraDirs) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(List.of(extraDirs));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/opt/homebrew/sbin"));
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The tool's path. Missing outside CI: the test is skipped (aborted) with the reason printed;
   * missing with {@code CI=true}: the test fails, since CI must run these suites.
   */
  static Path require(String name, String packageHint) {
    return require(name, packageHint, inCi());
  }

  /** {@link #require(String, String)} with the CI flag given (tests of the rule itself). */
  static Path require(String name, String packageHint, boolean ci) {
    Optional<Path> p = find(name);
    if (p.isPresent()) {
      return p.get();
    }
    String reason = name + " not installed (apt-get install -y " + packageHint + ")";
    if (ci) {
      fail("CI=true and " + reason + ": the interop/serial suites are mandatory in CI");
    }
    System.out.println("[interop] skipping: " + reason);
    Assumptions.assumeTrue(false, reason);
    throw new AssertionError("unreachable");
  }

  /** A port that was free on 127.0.0.1 a moment ago (bound to port 0, then closed). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** Re-checks {@code condition} until it holds; fails after {@code timeout} with {@code what()}. */
  static void await(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseNanos = 2_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + timeout + " waiting for " + what.get());
      }
      // Park (not sleep) with a small growing back-off; the condition is re-checked each time.
      java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
      pauseNanos = Math.min(pauseNanos * 2, 50_000_000);
    }
  }

  static void await(Duration timeout, BooleanSupplier condition, String what) {
    await(timeout, condition, () -> what);
  }

  /** Destroys {@code p} and its children, waiting for them to end. */
  static void destroy(Process p) {
    if (p == null) {
      return;
    }
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, java.nio.charset.StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "<cannot read " + file + ": " + e + ">";
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp dir: best effort
    }
  }
}
