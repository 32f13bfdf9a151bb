package io.ecmt.sdk.serial;

import java.util.Objects;

/**
 * Immutable serial line settings for {@link SerialTransport}. Defaults: 115200 baud, 8 data bits,
 * no parity, one stop bit, no flow control (8N1, what Eigencomm modules ship with).
 *
 * <pre>{@code
 * SerialSettings s = SerialSettings.builder("/dev/ttyUSB0").baudRate(9600).build();
 * }</pre>
 */
public final class SerialSettings {

  /** Parity bit. */
  public enum Parity { NONE, ODD, EVEN, MARK, SPACE }

  /** Number of stop bits. */
  public enum StopBits { ONE, ONE_POINT_FIVE, TWO }

  /** Flow control. */
  public enum FlowControl { NONE, RTS_CTS }

  private final String portName;
  private final int baudRate;
  private final int dataBits;
  private final Parity parity;
  private final StopBits stopBits;
  private final FlowControl flowControl;

  private SerialSettings(Builder b) {
    this.portName = b.portName;
    this.baudRate = b.baudRate;
    this.dataBits = b.dataBits;
    this.parity = b.parity;
    this.stopBits = b.stopBits;
    this.flowControl = b.flowControl;
  }

  /** A builder for {@code portName} ({@code /dev/ttyUSB0}, {@code /dev/pts/3}, {@code COM3}). */
  public static Builder builder(String portName) {
    return new Builder(portName);
  }

  /** 8N1 at 115200 baud, no flow control. */
  public static SerialSettings of(String portName) {
    return builder(portName).build();
  }

  public String portName() {
    return portName;
  }

  public int baudRate() {
    return baudRate;
  }

  public int dataBits() {
    return dataBits;
  }

  public Parity parity() {
    return parity;
  }

  public StopBits stopBits() {
    return stopBits;
  }

  public FlowControl flowControl() {
    return flowControl;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SerialSettings s
        && portName.equals(s.portName) && baudRate == s.baudRate && dataBits == s.dataBits
        && parity == s.parity && stopBits == s.stopBits && flowControl == s.flowControl;
  }

  @Override
  public int hashCode() {
    return Objects.hash(portName, baudRate, dataBits, parity, stopBits, flowControl);
  }

  @Override
  public String toString() {
    return portName + "@" + baudRate + " " + dataBits + parity.name().charAt(0)
        + switch (stopBits) {
          case ONE -> "1";
          case ONE_POINT_FIVE -> "1.5";
          case TWO -> "2";
        }
        + (flowControl == FlowControl.NONE ? "" : " " + flowControl);
  }

  /** Builds {@link SerialSettings}; every setter checks its argument at once. */
  public static final class Builder {
    private final String portName;
    private int baudRate = 115200;
    private int dataBits = 8;
    private Parity parity = Parity.NONE;
    private StopBits stopBits = StopBits.ONE;
    private FlowControl flowControl = FlowControl.NONE;

    private Builder(String portName) {
      Objects.requireNonNull(portName, "portName");
      if (portName.isBlank()) {
        throw new IllegalArgumentException("portName is blank");
      }
      this.portName = portName;
    }

    /** Baud rate, positive; default 115200. */
    public Builder baudRate(int baudRate) {
      if (baudRate <= 0) {
        throw new IllegalArgumentException("baudRate must be > 0: " + baudRate);
      }
      this.baudRate = baudRate;
      return this;
    }

    /** Data bits, 5 to 8; default 8. */
    public Builder dataBits(int dataBits) {
      if (dataBits < 5 || dataBits > 8) {
        throw new IllegalArgumentException("dataBits must be 5..8: " + dataBits);
      }
      this.dataBits = dataBits;
      return this;
    }

    /** Default {@link Parity#NONE}. */
    public Builder parity(Parity parity) {
      this.parity = Objects.requireNonNull(parity, "parity");
      return this;
    }

    /** Default {@link StopBits#ONE}. */
    public Builder stopBits(StopBits stopBits) {
      this.stopBits = Objects.requireNonNull(stopBits, "stopBits");
      return this;
    }

    /** Default {@link FlowControl#NONE}. */
    public Builder flowControl(FlowControl flowControl) {
      this.flowControl = Objects.requireNonNull(flowControl, "flowControl");
      return this;
    }

    public SerialSettings build() {
      return new SerialSettings(this);
    }
  }
}
