package io.ecmt.sdk.internal.codec;

/**
 * Decodes one received line (ISO-8859-1: one char per byte, as the framer produces it) into a
 * {@link Urc}. Pure and total: never throws, garbage becomes {@link Urc.Malformed} or
 * {@link Urc.Other}. The space after the colon is optional everywhere.
 */
public final class EcmtDecoder {
  private EcmtDecoder() {}

  public static Urc decode(String line) {
    throw new UnsupportedOperationException("TODO");
  }
}
