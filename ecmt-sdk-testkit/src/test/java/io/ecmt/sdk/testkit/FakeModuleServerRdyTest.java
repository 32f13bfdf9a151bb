package io.ecmt.sdk.testkit;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 12: a host that sends {@code AT} the moment it connects still sees {@code RDY} first. */
class FakeModuleServerRdyTest {
  private FakeModuleServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void rdyPrecedesTheAnswerToACommandSentAtOnce() throws IOException {
    server = FakeModuleServer.start(FakeModuleServer.Options.builder().build());
    // Many hosts at once, each writing before the server has even accepted it: the command's
    // bytes are there when the module starts.
    java.util.List<FakeModuleServerTest.Wire> wires = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 30; i++) {
        FakeModuleServerTest.Wire w = new FakeModuleServerTest.Wire(server.address());
        w.send("AT\r\n");
        wires.add(w);
      }
      for (FakeModuleServerTest.Wire w : wires) {
        w.expect("\r\nRDY\r\n\r\nOK\r\n");
      }
    } finally {
      for (FakeModuleServerTest.Wire w : wires) {
        w.close();
      }
    }
  }
}
