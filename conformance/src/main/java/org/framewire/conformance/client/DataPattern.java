package org.framewire.conformance.client;

import java.nio.ByteBuffer;

/**
 * The command data a {@code call} op asks for with {@code dataBytes} instead of passing it through
 * JSON (docs/conformance/control-channel.md): byte {@code i} is {@code i mod 251}. It is cheap to
 * make and to check in any language (in Python, {@code (bytes(range(251)) * (n // 251 +
 * 1))[:n]}), and it compresses to almost nothing, which the case on flush points needs: a sender
 * that does not flush every 2^24 input bytes puts more than that into one small frame (ENC-11).
 */
public final class DataPattern {

  /** The period, a prime: no power-of-two frame or buffer size lines up with it. */
  public static final int PERIOD = 251;

  /** The most {@code dataBytes} may ask for, 1 GiB: the adapter holds the data in memory. */
  public static final int MAX_BYTES = 1 << 30;

  private DataPattern() {}

  /**
   * The first {@code n} bytes of the pattern.
   *
   * @throws IllegalArgumentException when {@code n} is outside 0..{@link #MAX_BYTES}
   */
  public static ByteBuffer of(long n) {
    if (n < 0 || n > MAX_BYTES) {
      throw new IllegalArgumentException("dataBytes " + n + " outside 0.." + MAX_BYTES);
    }
    byte[] b = new byte[(int) n];
    for (int i = 0, v = 0; i < b.length; i++) {
      b[i] = (byte) v;
      v = v + 1 == PERIOD ? 0 : v + 1;
    }
    return ByteBuffer.wrap(b);
  }

  /** One request's command data checked against the pattern as it arrives, chunk by chunk. */
  static final class Check {
    private long received;
    private int next;
    private long firstDifference = -1;

    /** Takes the next chunk (its position does not move). */
    void accept(ByteBuffer chunk) {
      for (int i = chunk.position(); i < chunk.limit(); i++) {
        if (firstDifference < 0 && chunk.get(i) != (byte) next) {
          firstDifference = received + i - chunk.position();
        }
        next = next + 1 == PERIOD ? 0 : next + 1;
      }
      received += chunk.remaining();
    }

    /** Why the data is not the pattern's first {@code expected} bytes; null when it is. */
    String problem(long expected) {
      if (received != expected) {
        return received + " bytes of command data arrived, not " + expected;
      }
      if (firstDifference >= 0) {
        return "byte " + firstDifference + " of the command data is not the pattern's (i mod " + PERIOD + ")";
      }
      return null;
    }
  }
}
