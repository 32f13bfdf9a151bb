package io.ecmt.sdk.transport;

import java.io.IOException;

/**
 * A byte pipe to one module: a serial port, a TCP socket to a serial bridge, or an in-memory pipe.
 *
 * <p>A transport knows nothing about AT commands. It writes bytes and delivers the bytes it
 * receives, its closure and its errors to exactly one {@link TransportListener}. Listener
 * callbacks come from the transport's own reader thread (or, for {@link InMemoryPipe}, from the
 * writer's thread); listeners must hand the bytes off and return quickly.
 *
 * <p>Implementations are thread-safe: {@link #write(byte[])} may be called from any thread.
 */
public interface Transport extends AutoCloseable {

  /**
   * Opens the underlying channel and starts delivering received bytes to {@code listener}.
   *
   * @throws IOException if the port or socket cannot be opened
   * @throws IllegalStateException if the transport is already open or was closed
   */
  void open(TransportListener listener) throws IOException;

  /**
   * Writes all of {@code bytes} before returning.
   *
   * @throws IOException if the transport is not open or the write fails
   */
  void write(byte[] bytes) throws IOException;

  /** Whether {@link #open} succeeded and the transport has not been closed since. */
  boolean isOpen();

  /** A short human-readable name such as {@code serial:/dev/ttyUSB0@115200} or {@code tcp:127.0.0.1:5000}. */
  String description();

  /**
   * Closes the channel. Idempotent. The listener's {@link TransportListener#onClosed()} is called
   * once, unless it was already called because the peer closed first.
   */
  @Override
  void close();
}
