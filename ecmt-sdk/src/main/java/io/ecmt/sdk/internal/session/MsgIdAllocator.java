package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.exceptions.MsgIdsExhaustedException;
import java.security.SecureRandom;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * msgIDs 1–65535 of one client: never one in flight or quarantined (its outcome may still come).
 *
 * <p>Random by default: an acknowledgement forged inside a received payload must guess an id in
 * flight (about window / 65535 per forged line), and every wrong guess is reported. Sequential
 * order is for tests and transcripts only. Session thread only.
 */
final class MsgIdAllocator {
  private static final int MAX = 65535;

  private final int clientId;
  private final SplittableRandom random;
  private final BitSet inUse = new BitSet(MAX + 1);
  private final BitSet quarantined = new BitSet(MAX + 1);
  private int taken;
  private int next = 1;
  /** The last ids released, so that a module's duplicate outcome is told from a forged one. */
  private final int[] recent = new int[64];
  private int recentNext;

  /** @param random whether ids are drawn at random (else 1, 2, 3 ...) */
  MsgIdAllocator(int clientId, boolean random) {
    this.clientId = clientId;
    this.random = random ? new SplittableRandom(new SecureRandom().nextLong()) : null;
  }

  /** A free id, now in use. @throws MsgIdsExhaustedException if none is free */
  int allocate() {
    if (taken >= MAX) {
      throw new MsgIdsExhaustedException(clientId);
    }
    int start = random != null ? 1 + random.nextInt(MAX) : next;
    int id = firstFree(start);
    if (id < 0) {
      id = firstFree(1);
    }
    inUse.set(id);
    taken++;
    next = id == MAX ? 1 : id + 1;
    return id;
  }

  /** The first id ≥ {@code from} neither in use nor quarantined, or -1. */
  private int firstFree(int from) {
    int id = from;
    while (id <= MAX) {
      int free = inUse.nextClearBit(id);
      int clear = quarantined.nextClearBit(free);
      if (clear == free) {
        return free <= MAX ? free : -1;
      }
      id = clear;
    }
    return -1;
  }

  /** Whether {@code msgId} belongs to an operation in flight. */
  boolean isInUse(int msgId) {
    return msgId > 0 && msgId <= MAX && inUse.get(msgId);
  }

  /** Whether {@code msgId} was given up on and may still get a late outcome. */
  boolean isQuarantined(int msgId) {
    return msgId > 0 && msgId <= MAX && quarantined.get(msgId);
  }

  void release(int msgId) {
    if (isInUse(msgId)) {
      inUse.clear(msgId);
      taken--;
      recent[recentNext] = msgId;
      recentNext = (recentNext + 1) % recent.length;
    }
  }

  /** Whether {@code msgId} was one of the last 64 released. */
  boolean wasRecentlyUsed(int msgId) {
    for (int used : recent) {
      if (used == msgId) {
        return true;
      }
    }
    return false;
  }

  /** A msgID whose outcome may still arrive: not reused until it does or the link is rebuilt. */
  void quarantine(int msgId) {
    if (isInUse(msgId)) {
      inUse.clear(msgId);
      quarantined.set(msgId);
    }
  }

  void releaseQuarantined(int msgId) {
    if (isQuarantined(msgId)) {
      quarantined.clear(msgId);
      taken--;
    }
  }

  void releaseQuarantine() {
    taken -= quarantined.cardinality();
    quarantined.clear();
  }

  int inFlight() {
    return taken;
  }
}
