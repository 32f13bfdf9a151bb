package io.ecmt.sdk.testkit.interop;

import java.util.ArrayDeque;
import java.util.Deque;

/** Closes what a test started, newest first, even when some close fails. */
final class AutoCloseables implements AutoCloseable {
  private final Deque<AutoCloseable> stack = new ArrayDeque<>();

  synchronized <T extends AutoCloseable> T add(T resource) {
    stack.push(resource);
    return resource;
  }

  @Override
  public synchronized void close() {
    RuntimeException first = null;
    while (!stack.isEmpty()) {
      try {
        stack.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("closing test resources", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
