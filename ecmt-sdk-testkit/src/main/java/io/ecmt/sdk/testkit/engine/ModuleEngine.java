package io.ecmt.sdk.testkit.engine;

import io.ecmt.sdk.testkit.Dispatcher;
import io.ecmt.sdk.testkit.Fault;
import io.ecmt.sdk.testkit.RecordedCommand;
import io.ecmt.sdk.testkit.Reply;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialect-neutral part of a fake module: it owns the loop, input, output, URC path, command
 * table, broker links, MQTT task and fault state, and runs each command line through the same
 * pipeline (armed command faults, then the {@link Dispatcher}, then the table). A
 * {@link Dialect} adds a module family's commands and URCs on top, using the services below.
 *
 * <p>The public methods that are not services ({@link #start}, {@link #apply}, {@link #close})
 * may be called from any thread; the services only on the loop.
 */
public final class ModuleEngine {
  private static final Logger LOG = LoggerFactory.getLogger(ModuleEngine.class);

  private final ModuleLoop loop;
  private final Recorder recorder;
  private final Faults faults = new Faults();
  private final Output output;
  private final Urcs urcs;
  private final Input input;
  private final CommandTable commands;
  private final BrokerLinks links;
  private final TaskQueue tasks;
  private final Dispatcher dispatcher;
  private final boolean printRdy;
  private final java.util.concurrent.atomic.AtomicBoolean rdyPending = new java.util.concurrent.atomic.AtomicBoolean();
  private final Dialect dialect;
  private Transport transport;

  /** An engine with {@code dialect} on top; nothing runs until {@link #start}. */
  public ModuleEngine(ModuleSettings settings, ModuleLoop loop, Recorder recorder, Dialect.Factory dialect) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    output = new Output(loop, faults, recorder, settings.cmee());
    urcs = new Urcs(output, faults, recorder, loop);
    input = new Input(output, faults, recorder, loop, this::execute, settings.echo(), settings.promptGuard().toNanos());
    commands = new CommandTable(output, recorder, settings.strict());
    links = new BrokerLinks(loop, faults, recorder, settings.routes());
    tasks = new TaskQueue(faults);
    dispatcher = settings.dispatcher();
    printRdy = settings.printRdy();
    this.dialect = dialect.create(this);
    BasicCommands.register(commands, output, input, this.dialect);
    this.dialect.register(commands);
  }

  // -------------------------------------------------------------------------------- lifecycle

  /**
   * Opens {@code transport} and starts answering; prints {@code RDY} first if configured.
   *
   * @throws IOException if the transport cannot be opened
   * @throws IllegalStateException if already started
   */
  public void start(Transport transport) throws IOException {
    Objects.requireNonNull(transport, "transport");
    loop.call(() -> {
      if (this.transport != null) {
        throw new IllegalStateException("already started");
      }
      this.transport = transport;
      output.attach(transport);
      return null;
    });
    rdyPending.set(printRdy); // before open: the host's first bytes may come at once
    transport.open(new TransportListener() {
      @Override
      public void onBytes(byte[] bytes) {
        if (loop.handlesInputInline()) {
          loop.runGuarded(() -> {
            if (!loop.isClosed()) {
              rdyIfPending();
              input.onBytes(bytes);
            }
          });
        } else {
          loop.execute(() -> {
            rdyIfPending();
            input.onBytes(bytes);
          });
        }
      }

      @Override
      public void onClosed() {
        LOG.debug("transport {} closed", transport.description());
      }

      @Override
      public void onError(Throwable error) {
        LOG.debug("transport {} failed", transport.description(), error);
      }
    });
    loop.execute(this::rdyIfPending);
  }

  /**
   * Prints the start-up {@code RDY} once, before anything else the module prints: called ahead
   * of the first input too, which may be handled before the task queued after the open.
   */
  private void rdyIfPending() {
    if (rdyPending.compareAndSet(true, false)) {
      output.info("RDY");
    }
  }

  /** Carries out {@code fault} now or arms it; returns once done. */
  public void apply(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    loop.call(() -> {
      applyNow(fault);
      return null;
    });
  }

  private void applyNow(Fault fault) {
    recorder.note("fault " + fault);
    if (faults.store(fault)) {
      if (fault instanceof Fault.SerializeMqtt s && !s.enabled()) {
        tasks.reset();
      } else if (fault instanceof Fault.Unresponsive) {
        input.dropLine(); // what was typed before the hang is lost with it
      }
    } else if (fault instanceof Fault.DropBrokerLink d) {
      links.live(client(d.clientId())).drop(); // the link reports it as a loss
    } else if (fault instanceof Fault.InjectLine l) {
      output.write(l.framed() ? Output.frame(l.text()) : l.text().getBytes(StandardCharsets.UTF_8));
    } else if (fault instanceof Fault.Reboot) {
      reboot();
    } else if (fault instanceof Fault.LateLinkLoss l) {
      BrokerLink link = links.live(client(l.clientId()));
      faults.armLateReport(l.clientId(), l);
      try {
        link.loseNow(); // at once, so the very next command already finds the link gone
      } finally {
        faults.takeLateReport(l.clientId()); // unclaimed by the dialect: gone with this loss
      }
    }
  }

  private int client(int clientId) {
    if (clientId < 0 || clientId >= dialect.clientSlots()) {
      throw new IllegalArgumentException("no client " + clientId);
    }
    return clientId;
  }

  private void reboot() {
    dialect.reset();
    tasks.reset();
    input.reboot();
    output.reboot();
    output.info("RDY");
  }

  /** Closes all broker links (no URC), the transport and the loop. Idempotent; any thread. */
  public void close() {
    if (loop.isClosed()) {
      return;
    }
    try {
      loop.call(() -> {
        if (!loop.isClosed()) {
          dialect.reset();
          tasks.reset();
          input.endEntry();
          output.close();
          if (transport != null) {
            transport.close();
          }
          loop.markClosed();
        }
        return null;
      });
    } catch (RuntimeException e) {
      LOG.debug("closing fake module", e);
    }
    loop.close();
  }

  /** The strict-mode violations recorded so far. */
  public List<String> violations() {
    return commands.violations();
  }

  /** Whether strict mode is on. */
  public boolean strict() {
    return commands.strict();
  }

  /** How many clients the dialect's module has. */
  public int clientSlots() {
    return dialect.clientSlots();
  }

  // ------------------------------------------------------------------------------- the pipeline

  private void execute(String line) {
    recorder.command(line);
    Fault.FailNextCommand fail = faults.takeFailNext();
    if (fail != null) {
      recorder.note("fault: failing " + recorder.redact(line));
      if (fail.cmeCode() < 0) {
        output.error();
      } else {
        output.cmeErrorNumeric(fail.cmeCode());
      }
      return;
    }
    Fault.ScriptedReply scripted = faults.takeScriptedReply(line);
    if (scripted != null) {
      output.write(scripted.output().getBytes(StandardCharsets.UTF_8));
      return;
    }
    RecordedCommand command = RecordedCommand.parse(line);
    if (!dispatched(command)) {
      commands.run(command);
    }
  }

  private boolean dispatched(RecordedCommand command) {
    Reply reply;
    try {
      reply = dispatcher.dispatch(command);
    } catch (RuntimeException e) {
      LOG.warn("dispatcher failed on {}", recorder.redact(command.line()), e);
      commands.violation(command.line(), "dispatcher threw " + e);
      output.error();
      return true;
    }
    if (reply == null || reply.isDeclined()) {
      return false;
    }
    for (Reply.Part p : reply.parts()) {
      switch (p.kind()) {
        case LINE -> output.info(p.text());
        case OK -> output.ok();
        case ERROR -> output.error();
        case CME_ERROR -> output.cmeError(p.code());
        case RAW -> {
          if (!p.text().isEmpty()) {
            output.write(p.text().getBytes(StandardCharsets.UTF_8));
          }
        }
        case URC -> urcs.unsolicited(p.text());
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------- services for dialects

  /** The module's thread and clock. */
  public ModuleLoop loop() {
    return loop;
  }

  /** Where notes go. */
  public Recorder recorder() {
    return recorder;
  }

  /** All fault state. */
  public Faults faults() {
    return faults;
  }

  /** Framed lines and result codes. */
  public Output output() {
    return output;
  }

  /** The URC path. */
  public Urcs urcs() {
    return urcs;
  }

  /** The input side, for prompts. */
  public Input input() {
    return input;
  }

  /** Broker links. */
  public BrokerLinks links() {
    return links;
  }

  /** The MQTT task. */
  public TaskQueue tasks() {
    return tasks;
  }
}
