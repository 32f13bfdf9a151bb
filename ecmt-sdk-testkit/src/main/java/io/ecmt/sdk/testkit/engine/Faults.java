package io.ecmt.sdk.testkit.engine;

import io.ecmt.sdk.testkit.Fault;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * All fault state of one module, in one place: the engine and the dialect ask it what to do
 * instead of keeping flags of their own. {@link #store} takes the faults that change behaviour
 * until replaced or that wait for a matching event; faults that act at once (link drops, reboot,
 * injected lines) are carried out by the engine.
 *
 * <p>Touched only on the module's loop.
 */
public final class Faults {
  private final Deque<Fault.FailNextCommand> failNext = new ArrayDeque<>();
  private final List<Fault.ScriptedReply> scripted = new ArrayList<>();
  private final List<Fault.UrcFault> urcFaults = new ArrayList<>();
  private final Map<Integer, LateReport> lateReports = new HashMap<>();
  private int swallowAcks;
  private int chunkBytes;
  private int baud;
  /** Volatile: netty threads read it to delay what the broker sent. */
  private volatile long latencyNanos;
  private boolean serialize;
  private boolean unresponsive;
  private boolean suppressOutcomes;
  private int contradictions;
  private long contradictionSpacingNanos;

  Faults() {}

  /**
   * Takes {@code fault} if it is one that is stored (armed, or a mode switched on or off);
   * returns false for the ones the engine must carry out now.
   */
  boolean store(Fault fault) {
    // Java 17: no pattern switch, so an instanceof chain over the sealed hierarchy.
    if (fault instanceof Fault.SwallowAcks s) {
      swallowAcks += s.count();
    } else if (fault instanceof Fault.FailNextCommand f) {
      failNext.add(f);
    } else if (fault instanceof Fault.UrcFault u) {
      urcFaults.add(u);
    } else if (fault instanceof Fault.ScriptedReply r) {
      scripted.add(r);
    } else if (fault instanceof Fault.ChunkOutput c) {
      chunkBytes = Math.max(0, c.bytes());
    } else if (fault instanceof Fault.Throttle t) {
      baud = Math.max(0, t.baud());
    } else if (fault instanceof Fault.BrokerLatency l) {
      latencyNanos = Math.max(0, l.latency().toNanos());
    } else if (fault instanceof Fault.SerializeMqtt s) {
      serialize = s.enabled();
    } else if (fault instanceof Fault.Unresponsive u) {
      unresponsive = u.enabled();
    } else if (fault instanceof Fault.SuppressOutcomes o) {
      suppressOutcomes = o.enabled();
    } else if (fault instanceof Fault.ContradictingConnUrcs c) {
      contradictions = (int) Math.min(Integer.MAX_VALUE, (long) contradictions + c.count());
      contradictionSpacingNanos = c.spacing().toNanos();
    } else {
      return false;
    }
    return true;
  }

  /** The next armed {@link Fault.FailNextCommand}, consumed; null if none. */
  public Fault.FailNextCommand takeFailNext() {
    return failNext.poll();
  }

  /** The first armed {@link Fault.ScriptedReply} whose prefix starts {@code line} (any case), consumed. */
  public Fault.ScriptedReply takeScriptedReply(String line) {
    for (Iterator<Fault.ScriptedReply> it = scripted.iterator(); it.hasNext(); ) {
      Fault.ScriptedReply r = it.next();
      if (line.regionMatches(true, 0, r.commandPrefix(), 0, r.commandPrefix().length())) {
        it.remove();
        return r;
      }
    }
    return null;
  }

  /** The first armed {@link Fault.UrcFault} whose prefix starts {@code head}, consumed. */
  public Fault.UrcFault takeUrcFault(String head) {
    for (Iterator<Fault.UrcFault> it = urcFaults.iterator(); it.hasNext(); ) {
      Fault.UrcFault f = it.next();
      if (head.startsWith(f.prefix())) {
        it.remove();
        return f;
      }
    }
    return null;
  }

  /** Whether the next broker acknowledgement is to be ignored ({@link Fault.SwallowAcks}), counting it. */
  public boolean takeSwallowedAck() {
    if (swallowAcks > 0) {
      swallowAcks--;
      return true;
    }
    return false;
  }

  /**
   * For {@link Fault.ContradictingConnUrcs}: the spacing in nanoseconds if this CONNACK is to be
   * reported as a failure first (one of the count consumed), else -1.
   */
  public long takeContradiction() {
    if (contradictions > 0) {
      contradictions--;
      return contradictionSpacingNanos;
    }
    return -1;
  }

  /** Split output writes into chunks of at most this many bytes (0: whole). */
  public int chunkBytes() {
    return chunkBytes;
  }

  /** Pace output at this rate, 10 bits per byte (0: unpaced). */
  public int baud() {
    return baud;
  }

  /** Delay each way between module and broker. */
  public long latencyNanos() {
    return latencyNanos;
  }

  /** Whether MQTT requests run one at a time, each waiting for the previous outcome. */
  public boolean serialize() {
    return serialize;
  }

  /** Whether the module is hung: input ignored, nothing printed. */
  public boolean unresponsive() {
    return unresponsive;
  }

  /** Whether outcome URCs (those ending a two-phase command) are left out. */
  public boolean suppressOutcomes() {
    return suppressOutcomes;
  }

  /** Arms a late report for the link loss of {@code clientId} the engine is about to cause. */
  void armLateReport(int clientId, Fault.LateLinkLoss fault) {
    lateReports.put(clientId, new LateReport(fault.erroredCommands(), fault.statDelay().toNanos()));
  }

  /**
   * The late report armed by {@link Fault.LateLinkLoss} for this link loss of {@code clientId},
   * consumed; null: report the loss at once.
   */
  public LateReport takeLateReport(int clientId) {
    return lateReports.remove(clientId);
  }

  /**
   * A link loss the module reports late ({@link Fault.LateLinkLoss}): after a number of commands
   * refused for it, then a delay. The dialect keeps this with the client until it prints the
   * report or the client is gone.
   */
  public static final class LateReport {
    private int refusalsLeft;
    private final long delayNanos;

    LateReport(int refusals, long delayNanos) {
      this.refusalsLeft = refusals;
      this.delayNanos = delayNanos;
    }

    /** Whether no refused command is awaited: the delay starts at the loss. */
    public boolean startsAtLoss() {
      return refusalsLeft == 0;
    }

    /** Counts one command refused for the lost link; true when that was the last one awaited. */
    public boolean countRefusal() {
      return refusalsLeft > 0 && --refusalsLeft == 0;
    }

    /** How long after the last awaited refusal (or the loss) the report comes. */
    public long delayNanos() {
      return delayNanos;
    }
  }
}
