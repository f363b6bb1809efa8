package org.framewire.cbor;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What {@link CborDecoder#pollEvent()} hands out, in input order (SPEC.md §5).
 *
 * <p>A decoder that assembles values yields only {@link Item}s. A {@linkplain
 * CborDecoder#streaming(CborLimits) streaming} decoder yields a top-level indefinite-length byte
 * string — the form servers use for large data — as {@link BytesStart}, one {@link BytesChunk} per
 * chunk as soon as that chunk's last byte arrives, then {@link BytesEnd}, without ever holding the
 * whole string.
 */
public sealed interface CborEvent
    permits CborEvent.Item, CborEvent.BytesStart, CborEvent.BytesChunk, CborEvent.BytesEnd {

  /** The {@link BytesStart} event; it carries nothing, so one instance serves. */
  BytesStart BYTES_START = new BytesStart();
  /** The {@link BytesEnd} event. */
  BytesEnd BYTES_END = new BytesEnd();

  /**
   * Emitted when the last byte of a complete top-level value arrives.
   *
   * @param value the value
   */
  record Item(CborValue value) implements CborEvent {
    public Item {
      Objects.requireNonNull(value);
    }
  }

  /** Emitted by a streaming decoder when the head of a top-level indefinite byte string arrives. */
  record BytesStart() implements CborEvent {}

  /**
   * Emitted by a streaming decoder when the last byte of one chunk of the current top-level
   * indefinite byte string arrives; chunks may be empty.
   *
   * @param chunk the chunk's bytes, owned by the receiver of the event
   */
  record BytesChunk(byte[] chunk) implements CborEvent {
    public BytesChunk {
      Objects.requireNonNull(chunk);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesChunk c && Arrays.equals(chunk, c.chunk);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(chunk);
    }

    @Override
    public String toString() {
      return "BytesChunk[h'" + HexFormat.of().formatHex(chunk) + "']";
    }
  }

  /** Emitted by a streaming decoder when the break ending the top-level byte string arrives. */
  record BytesEnd() implements CborEvent {}
}
