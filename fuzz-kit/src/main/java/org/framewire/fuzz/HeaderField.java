package org.framewire.fuzz;

/**
 * The six fields of the frame header (SPEC.md §2.1), each of which {@link
 * FrameArbitraries#boundaryHeaders(int)} pushes to and past its bounds.
 */
public enum HeaderField {
  /** Bytes 0 to 2: the 24-bit payload length; bounded by the receiver's maximum frame size (FRAME-2). */
  PAYLOAD_LENGTH,
  /** Bytes 3 and 4: the 16-bit request id; every value is a valid header, sessions judge it (FRAME-7). */
  REQUEST_ID,
  /** Byte 5: the stream id; every value is a valid header, sessions judge it (STREAM-1). */
  STREAM_ID,
  /** Byte 6: the stream flags; bits 0x08 to 0x80 are undefined (FRAME-5). */
  STREAM_FLAGS,
  /** High nibble of byte 7: the frame type; codes 0, 4 and 10 to 15 are reserved (FRAME-3). */
  TYPE,
  /** Low nibble of byte 7: the frame flags; bits the type does not define are undefined (FRAME-4). */
  FLAGS
}
