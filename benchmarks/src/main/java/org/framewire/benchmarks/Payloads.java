package org.framewire.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameEncoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;

/**
 * The frame workloads shared by the codec benchmarks: the same payload bytes as framewire
 * command-response frames (8-byte header, SPEC.md §2.1) and as HTTP/2 DATA frames (9-byte header,
 * RFC 9113 §6.1), so both codecs see identical payloads.
 */
public final class Payloads {

  /** The payload sizes every codec benchmark is run at. */
  public static final String[] SIZES = {"0", "64", "1024", "32768"};

  /** Frames in one benchmark invocation; the scores are per frame ({@code @OperationsPerInvocation}). */
  public static final int FRAMES = 128;

  /** The HTTP/2 stream the DATA frames travel on. */
  public static final int HTTP2_STREAM_ID = 3;

  /** The HTTP/2 frame header length (RFC 9113 §4.1). */
  public static final int HTTP2_HEADER_LENGTH = 9;

  private Payloads() {}

  /** {@code size} deterministic pseudo-random bytes (seeded by the size). */
  public static byte[] payload(int size) {
    byte[] b = new byte[size];
    new SplittableRandom(0x5EED + size).nextBytes(b);
    return b;
  }

  /** A command-response frame with {@code continuation} on request 1, server stream 2, over {@code payload}. */
  public static Frame frame(byte[] payload) {
    return Frame.of(1, 2, 0, FrameType.COMMAND_RESPONSE, FrameType.FLAG_CONTINUATION, payload);
  }

  /** {@code count} framewire frames of {@code size}-byte payloads, back to back, in a writable heap buffer (as a socket read fills one). */
  public static ByteBuffer framewireWire(int size, int count) {
    Frame f = frame(payload(size));
    ByteBuffer wire = ByteBuffer.allocate(count * FrameEncoder.encodedSize(f));
    for (int i = 0; i < count; i++) {
      FrameEncoder.encode(f, wire);
    }
    return wire.flip();
  }

  /** {@code count} HTTP/2 DATA frames (no flags, no padding) of {@code size}-byte payloads, back to back. */
  public static ByteBuf http2Wire(int size, int count) {
    byte[] p = payload(size);
    ByteBuf wire = Unpooled.buffer(count * (HTTP2_HEADER_LENGTH + size));
    for (int i = 0; i < count; i++) {
      wire.writeMedium(size).writeByte(0x0).writeByte(0).writeInt(HTTP2_STREAM_ID).writeBytes(p);
    }
    return wire;
  }

  /** The framewire encoded size of one frame of {@code size} payload bytes. */
  public static int framewireFrameSize(int size) {
    return FrameHeader.SIZE + size;
  }
}
