package io.ecmt.sdk.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A serial port (USB adapter, on-board UART, or a pseudo-terminal) through jSerialComm.
 *
 * <p>{@link #open} opens the port with the {@link SerialSettings} and starts a daemon reader
 * thread named {@code ecmt-serial-reader-<port>}. It reads in jSerialComm's semi-blocking mode
 * (returns as soon as at least one byte arrived, or after 100 ms) and hands a copy of each read to
 * the listener. jSerialComm's delimiter/message listeners are deliberately not used: they cannot
 * see the {@code "> "} prompt, which has no line end. A failed read (port unplugged) calls
 * {@link TransportListener#onError} then {@link TransportListener#onClosed()}; a local
 * {@link #close()} calls only {@code onClosed()}, once. Thread-safe.
 */
public final class SerialTransport implements Transport {
  private static final int READ_TIMEOUT_MS = 100;

  private final SerialSettings settings;
  private final Object writeLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean closedReported = new AtomicBoolean();
  private volatile SerialPort port;
  private volatile TransportListener listener;
  private volatile Thread reader;

  public SerialTransport(SerialSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The settings this transport opens the port with. */
  public SerialSettings settings() {
    return settings;
  }

  /**
   * Opens and configures the port and starts the reader thread.
   *
   * @throws IOException if the port does not exist, is busy or cannot be configured; the message
   *     lists the ports jSerialComm can see
   * @throws IllegalStateException if already open or closed
   */
  @Override
  public synchronized void open(TransportListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new IllegalStateException(description() + " is closed");
    }
    if (port != null) {
      throw new IllegalStateException(description() + " is already open");
    }
    SerialPort p;
    try {
      p = SerialPort.getCommPort(settings.portName());
    } catch (SerialPortInvalidPortException e) {
      throw new IOException("no serial port " + settings.portName() + "; available: " + availablePorts(), e);
    }
    // Applied by jSerialComm when the port opens.
    p.setComPortParameters(settings.baudRate(), settings.dataBits(), stopBits(settings.stopBits()),
        parity(settings.parity()));
    p.setFlowControl(settings.flowControl() == SerialSettings.FlowControl.RTS_CTS
        ? SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED
        : SerialPort.FLOW_CONTROL_DISABLED);
    p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_TIMEOUT_MS, 0);
    if (!p.openPort()) {
      throw new IOException("cannot open serial port " + settings.portName() + " (error "
          + p.getLastErrorCode() + " at " + p.getLastErrorLocation() + "); available: " + availablePorts());
    }
    this.listener = listener;
    this.port = p;
    Thread t = new Thread(() -> readLoop(p), "ecmt-serial-reader-" + settings.portName());
    t.setDaemon(true);
    reader = t;
    t.start();
  }

  private static String availablePorts() {
    String names = Arrays.stream(SerialPort.getCommPorts())
        .map(SerialPort::getSystemPortPath)
        .collect(Collectors.joining(", "));
    return names.isEmpty() ? "none" : names;
  }

  private static int parity(SerialSettings.Parity parity) {
    return switch (parity) {
      case NONE -> SerialPort.NO_PARITY;
      case ODD -> SerialPort.ODD_PARITY;
      case EVEN -> SerialPort.EVEN_PARITY;
      case MARK -> SerialPort.MARK_PARITY;
      case SPACE -> SerialPort.SPACE_PARITY;
    };
  }

  private static int stopBits(SerialSettings.StopBits stopBits) {
    return switch (stopBits) {
      case ONE -> SerialPort.ONE_STOP_BIT;
      case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
      case TWO -> SerialPort.TWO_STOP_BITS;
    };
  }

  private void readLoop(SerialPort p) {
    byte[] buffer = new byte[4096];
    try {
      while (!closed.get()) {
        int n = p.readBytes(buffer, buffer.length);
        if (n < 0) {
          if (!closed.get()) {
            listener.onError(new IOException("read from " + description() + " failed (error "
                + p.getLastErrorCode() + " at " + p.getLastErrorLocation() + ")"));
          }
          break;
        }
        // n == 0: the 100 ms semi-blocking timeout passed with no data; check closed and go on.
        if (n > 0) {
          listener.onBytes(Arrays.copyOf(buffer, n));
        }
      }
    } catch (RuntimeException e) {
      if (!closed.get()) {
        listener.onError(e);
      }
    } finally {
      closePort();
      reportClosed();
    }
  }

  /** Writes all bytes (blocking until the OS accepted them). */
  @Override
  public void write(byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    SerialPort p = port;
    if (p == null || closed.get()) {
      throw new IOException(description() + " is not open");
    }
    synchronized (writeLock) {
      int offset = 0;
      while (offset < bytes.length) {
        int n = p.writeBytes(bytes, bytes.length - offset, offset);
        if (n < 0) {
          throw new IOException("write to " + description() + " failed (error " + p.getLastErrorCode() + ")");
        }
        offset += n;
      }
    }
  }

  @Override
  public boolean isOpen() {
    return port != null && !closed.get();
  }

  /** {@code serial:<port>@<baud>}. */
  @Override
  public String description() {
    return "serial:" + settings.portName() + "@" + settings.baudRate();
  }

  /** Closes the port; idempotent. The listener hears {@code onClosed()} once. */
  @Override
  public void close() {
    closePort();
    reportClosed();
  }

  private void closePort() {
    closed.set(true);
    SerialPort p = port;
    if (p != null) {
      // Not under writeLock: a write blocked by flow control must not keep the port from closing.
      p.closePort();
    }
  }

  private void reportClosed() {
    TransportListener l = listener;
    if (l != null && closedReported.compareAndSet(false, true)) {
      l.onClosed();
    }
  }
}
