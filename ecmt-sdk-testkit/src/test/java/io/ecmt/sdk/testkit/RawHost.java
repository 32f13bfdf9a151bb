package io.ecmt.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.ecmt.sdk.transport.InMemoryPipe;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A tiny raw AT host for tests: writes bytes, reads the module's output byte for byte (ISO-8859-1 text). */
final class RawHost implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final Transport end;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private int cursor;

  RawHost(InMemoryPipe pipe) throws IOException {
    end = pipe.hostEnd();
    end.open(new TransportListener() {
      @Override
      public void onBytes(byte[] bytes) {
        synchronized (received) {
          received.writeBytes(bytes);
          received.notifyAll();
        }
      }

      @Override
      public void onClosed() { }

      @Override
      public void onError(Throwable error) { }
    });
  }

  /** Converts a UTF-8 string to the ISO-8859-1 view this host compares with. */
  static String latin(String utf8) {
    return new String(utf8.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  void send(String text) throws IOException {
    end.write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  void sendUtf8(String text) throws IOException {
    end.write(text.getBytes(StandardCharsets.UTF_8));
  }

  void sendBytes(byte[] bytes) throws IOException {
    end.write(bytes);
  }

  /** Sends {@code command + "\r\n"}. */
  void at(String command) throws IOException {
    send(command + "\r\n");
  }

  /** The output not yet consumed, without waiting (for tests on virtual time). */
  String output() {
    synchronized (received) {
      return pending();
    }
  }

  /** Consumes and returns the output not yet consumed, without waiting. */
  String take() {
    synchronized (received) {
      String p = pending();
      cursor += p.length();
      return p;
    }
  }

  private String pending() {
    return new String(received.toByteArray(), StandardCharsets.ISO_8859_1).substring(cursor);
  }

  /** The next output bytes must be exactly {@code expected}. */
  void expect(String expected) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (received) {
      while (received.size() - cursor < expected.length()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          fail("timed out waiting for " + show(expected) + ", got " + show(pending()));
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
      String got = pending().substring(0, expected.length());
      assertEquals(show(expected), show(got));
      cursor += expected.length();
    }
  }

  /** Consumes output up to and including {@code marker}; returns what was consumed. */
  String readUntil(String marker) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (received) {
      while (true) {
        String p = pending();
        int at = p.indexOf(marker);
        if (at >= 0) {
          cursor += at + marker.length();
          return p.substring(0, at + marker.length());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          fail("timed out waiting for " + show(marker) + ", got " + show(p));
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** No output at all arrives within {@code quiet}. */
  void expectNothing(Duration quiet) throws InterruptedException {
    long deadline = System.nanoTime() + quiet.toNanos();
    synchronized (received) {
      while (true) {
        if (received.size() > cursor) {
          fail("expected silence, got " + show(pending()));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  static String show(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n").replace("\u001a", "^Z").replace("\u001b", "^[");
  }

  @Override
  public void close() {
    end.close();
  }
}
