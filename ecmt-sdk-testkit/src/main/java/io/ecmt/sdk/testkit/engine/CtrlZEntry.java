package io.ecmt.sdk.testkit.engine;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** {@link DataEntry#ctrlZ}: Ctrl+Z sends, ESC cancels, each only as the last byte of a chunk. */
final class CtrlZEntry implements DataEntry {
  static final byte CTRL_Z = 0x1A;
  static final byte ESC = 0x1B;

  private final int maxBytes;
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private byte[] payload = new byte[0];

  CtrlZEntry(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public Step feed(byte[] chunk) {
    data.writeBytes(chunk);
    byte last = chunk[chunk.length - 1];
    if (last != CTRL_Z && last != ESC) {
      return data.size() > maxBytes ? Step.OVERFLOW : Step.MORE;
    }
    byte[] all = data.toByteArray();
    payload = Arrays.copyOf(all, all.length - 1);
    return last == ESC ? Step.CANCEL : Step.SEND;
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }
}
