package io.ecmt.sdk.transport;

/** Receives what a {@link Transport} reads. Implementations must return quickly. */
public interface TransportListener {

  /** Bytes received, in order. The array is a fresh copy owned by the listener. */
  void onBytes(byte[] bytes);

  /** The transport closed, locally or by the peer. Called at most once. */
  void onClosed();

  /** A read error; the transport is closed afterwards and {@link #onClosed()} follows. */
  void onError(Throwable error);
}
