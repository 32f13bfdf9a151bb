package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.testkit.engine.AtParams;
import io.ecmt.sdk.testkit.engine.BrokerEvent;
import io.ecmt.sdk.testkit.engine.BrokerLink;
import io.ecmt.sdk.testkit.engine.CommandTable;
import io.ecmt.sdk.testkit.engine.ConnectRequest;
import io.ecmt.sdk.testkit.engine.Dialect;
import io.ecmt.sdk.testkit.engine.ModuleEngine;
import io.ecmt.sdk.testkit.engine.ModuleLoop;
import io.ecmt.sdk.testkit.engine.ModuleSettings;
import io.ecmt.sdk.testkit.engine.Routes;
import io.ecmt.sdk.transport.InMemoryPipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine carries a dialect that is not ECMT: a made-up {@code AT+X*} set of a few lines is
 * enough for a module that opens, connects, publishes and reports link loss and messages, with
 * the engine's basics, strict mode, faults and URC path for free. This is the seam a QMT part
 * plugs into.
 */
class ToyDialectTest extends FakeModuleTestBase {

  /** {@code AT+XOPEN=<host>,<port>}, {@code AT+XPUB=<topic>,<payload>}; URCs {@code +XOPEN}, {@code +XPUB}, {@code +XSTAT}, {@code +XRECV}. */
  static final class ToyDialect implements Dialect {
    private final ModuleEngine e;
    private BrokerLink link;

    ToyDialect(ModuleEngine e) {
      this.e = e;
    }

    @Override
    public void register(CommandTable table) {
      table.add("+XOPEN", c -> {
        AtParams p = AtParams.parse(CommandTable.parameters(c));
        e.output().ok();
        e.links().open(0, p.get(0).text(), AtParams.num(p.get(1)), this::on, l -> opened(l));
      });
      table.add("+XPUB", c -> {
        AtParams p = AtParams.parse(CommandTable.parameters(c));
        e.output().ok();
        link.publish(0, 0, false, p.get(0).text(), p.get(1).text().getBytes(StandardCharsets.UTF_8),
            written -> e.urcs().outcome("+XPUB: " + (written ? 0 : 2)));
      });
    }

    private void opened(BrokerLink l) {
      link = l;
      if (l == null) {
        e.urcs().outcome("+XOPEN: 1");
        return;
      }
      l.connect(new ConnectRequest("toy", null, null, 4, true, 0, null), written -> { });
    }

    private void on(BrokerEvent event) {
      if (event instanceof BrokerEvent.ConnAck c) {
        e.urcs().outcome("+XOPEN: 0," + c.returnCode());
      } else if (event instanceof BrokerEvent.Received r) {
        e.urcs().unsolicited("+XRECV: \"" + r.topic() + "\"," + new String(r.payload(), StandardCharsets.UTF_8));
      } else if (event instanceof BrokerEvent.LinkDown) {
        link = null;
        e.urcs().unsolicited("+XSTAT: 1");
      }
    }

    @Override
    public List<String> identification() {
      return List.of("Toy");
    }

    @Override
    public String revision() {
      return "TOY_1";
    }

    @Override
    public int clientSlots() {
      return 1;
    }

    @Override
    public void reset() {
      if (link != null) {
        link.close();
      }
    }
  }

  @Test
  void aSecondDialectRunsOnTheSameEngine() throws Exception {
    ModuleSettings settings = new ModuleSettings(false, false, 1, true, Duration.ofSeconds(20),
        Routes.none().withFallback(broker.address()), Dispatcher.BUILT_IN);
    Transcript transcript = new Transcript(1000);
    ModuleEngine engine = new ModuleEngine(settings, ModuleLoop.ownThread("toy-module"),
        new TranscriptRecorder(transcript), ToyDialect::new);
    InMemoryPipe pipe = InMemoryPipe.create();
    try (RawHost h = new RawHost(pipe)) {
      engine.start(pipe.moduleEnd());
      BrokerClient.Subscription seen = observer("toy-obs").subscribe("toy/#", 0);
      h.at("ATI");
      h.expect("\r\nToy\r\n\r\nOK\r\n");
      h.at("AT+XOPEN=\"anywhere.example\",1883");
      h.expect("\r\nOK\r\n\r\n+XOPEN: 0,0\r\n");
      h.at("AT+XPUB=\"toy/a\",\"hello\"");
      h.expect("\r\nOK\r\n\r\n+XPUB: 0\r\n");
      assertThat(seen.poll(WAIT).payloadUtf8()).isEqualTo("hello");
      engine.apply(Fault.dropBrokerLink(0));
      h.expect("\r\n+XSTAT: 1\r\n");
      h.at("AT+ECMTOPEN=0,\"h\",1883"); // not this dialect's
      h.expect("\r\nERROR\r\n");
      assertThat(engine.violations()).singleElement().asString().contains("unknown command");
      assertThat(transcript.toString()).contains("route anywhere.example:1883 -> ");
    } finally {
      engine.close();
    }
  }
}
