package io.ecmt.sdk.testkit.engine;

/**
 * How the data a host types after a prompt ends. The engine feeds each received chunk until the
 * entry says it is over; the dialect decides what to do with the payload.
 *
 * <p>ECMT (and Quectel's variable-length form) ends at Ctrl+Z or ESC: {@link #ctrlZ}. A
 * fixed-length entry (Quectel's {@code ,<len>} forms) would be another implementation.
 */
public interface DataEntry {

  /** What a chunk did to the entry. */
  enum Step {
    /** More data is expected. */
    MORE,
    /** The entry ended: send {@link #payload()}. */
    SEND,
    /** The entry was cancelled; {@link #payload()} is what had been typed. */
    CANCEL,
    /** Too much data without an end: all of it is discarded and {@code ERROR} printed. */
    OVERFLOW
  }

  /** Takes one non-empty chunk as the transport delivered it. */
  Step feed(byte[] chunk);

  /** The data entered, without its terminator; meaningful after {@link Step#SEND} or {@link Step#CANCEL}. */
  byte[] payload();

  /**
   * Ends when a received chunk's last byte is Ctrl+Z (0x1A, send) or ESC (0x1B, cancel): the
   * firmware looks at nothing else, so those bytes inside a chunk are payload. More than
   * {@code maxBytes} without an end is an overflow.
   */
  static DataEntry ctrlZ(int maxBytes) {
    return new CtrlZEntry(maxBytes);
  }
}
