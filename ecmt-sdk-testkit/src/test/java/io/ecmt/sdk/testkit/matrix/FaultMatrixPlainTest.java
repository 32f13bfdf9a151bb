package io.ecmt.sdk.testkit.matrix;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The fault matrix without a supervisor: the {@code plain} column of {@link FaultMatrix#CELLS}. */
class FaultMatrixPlainTest extends FaultMatrixRun {
  static final Map<String, String> OBSERVED = newObserved();

  @Override
  boolean supervised() {
    return false;
  }

  @Override
  Map<String, String> observed() {
    return OBSERVED;
  }

  @AfterAll
  static void summary() {
    printSummary("without a supervisor", OBSERVED);
  }
}
