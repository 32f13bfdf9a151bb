package io.ecmt.sdk.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs: the running JDK, small heap, quick start-up. */
final class ChildJvm {
  private ChildJvm() { }

  /**
   * {@code java <flags> -cp <this test's class path> <mainClass> <args>}: the examples and the
   * testkit as this build compiled them.
   */
  static List<String> mainClass(String mainClass, List<String> args) {
    List<String> command = java();
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    return command;
  }

  /** {@code java <flags> -jar <jar> <args>}. */
  static List<String> jar(Path jar, List<String> args) {
    List<String> command = java();
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    return command;
  }

  private static List<String> java() {
    // Two shared cores: the C1 compiler only and a serial collector keep a child's start-up cheap.
    return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
  }
}
