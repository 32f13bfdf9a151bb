package io.ecmt.sdk.testkit.matrix;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The fault matrix with the reconnect supervisor: the {@code supervised} column of {@link FaultMatrix#CELLS}. */
class FaultMatrixSupervisedTest extends FaultMatrixRun {
  static final Map<String, String> OBSERVED = newObserved();

  @Override
  boolean supervised() {
    return true;
  }

  @Override
  Map<String, String> observed() {
    return OBSERVED;
  }

  @AfterAll
  static void summary() {
    printSummary("with the reconnect supervisor", OBSERVED);
  }
}
