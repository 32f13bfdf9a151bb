package io.ecmt.sdk;

import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.SubAck;

/**
 * Observes a modem: commands, URCs, state changes and traffic. All methods have empty defaults.
 * Called on the modem's session thread: return quickly and never block. Passwords and other
 * secrets are already redacted in every text passed here. Exceptions thrown by a listener are
 * logged and ignored.
 */
public interface EcmtEventListener {

  /** A command was written; {@code command} is redacted. */
  default void commandStart(String command) {}

  /** A command got {@code OK}. */
  default void commandEnd(String command) {}

  /** A command failed (error result, timeout, transport). */
  default void commandFailed(String command, Throwable error) {}

  /** A line that was not a command's own response or final result. */
  default void urcReceived(String line) {}

  /** An outcome URC for which nothing was pending any more (disposed, timed out, or a module's duplicate). */
  default void lateUrc(String line) {}

  /** A line that looked like an ECMT URC but could not be decoded. */
  default void malformedLine(String line, String reason) {}

  /** A client changed state. */
  default void stateChanged(ClientStateChange change) {}

  /** Bytes written to the transport. */
  default void bytesOut(int count) {}

  /** Bytes received from the transport. */
  default void bytesIn(int count) {}

  /** A subscriber's message buffer was full and this message was dropped for it. */
  default void messageDropped(IncomingMessage message) {}

  /** A payload could not be mapped to the requested type. */
  default void payloadMappingFailed(IncomingMessage message, Throwable error) {}

  /** The module rebooted ({@code RDY}, echo back on, or no answer to {@code AT}): all clients are closed. */
  default void moduleRebooted() {}

  /** The supervisor subscribed a remembered filter again after a reconnect. */
  default void subscriptionRestored(int clientId, SubAck ack) {}

  /** The supervisor could not subscribe a remembered filter again. */
  default void subscriptionRestoreFailed(int clientId, String filter, Throwable error) {}

  /** Module output that may have been forged inside a received payload (see {@link SecurityEvent}). */
  default void securityEvent(SecurityEvent event) {}
}
