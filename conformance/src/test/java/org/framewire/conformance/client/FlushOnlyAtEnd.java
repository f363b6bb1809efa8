package org.framewire.conformance.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.ProtocolException;
import org.framewire.streams.encoding.ContentDecoder;
import org.framewire.streams.encoding.ContentEncoder;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * A broken sender, as an outbound rewrite of what framewire's client sends: it decodes the
 * client's encoded stream and encodes it again with one flush point per message, at its end. So
 * ENC-4 holds, but a message of more than 2^24 bytes breaks ENC-11: the command data is held back
 * until its {@code eos} frame, then goes out as continuation frames of the new encoding (of at most
 * 32768 bytes), from which all of it decodes at once, and an empty raw {@code eos} frame.
 * Command-request frames are encoded again one by one, each flushed.
 */
final class FlushOnlyAtEnd implements FrameFilter.Rewrite {
  private static final int MAX_FRAME_SIZE = 32768;

  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
  /** The new encoding's output for the command data held back. */
  private final ByteArrayOutputStream held = new ByteArrayOutputStream();
  private ContentDecoder decoder;
  private ContentEncoder encoder;
  /** Command data went into the new encoder and its message has not ended. */
  private boolean dataOpen;

  @Override
  public List<Frame> frame(Frame f) {
    try {
      if (f.type() == FrameType.STREAM_SETTINGS) {
        String name = ((CborValue.Bytes) CborDecoder.decodeOne(f.payloadBytes())).latin1();
        EncodingProfile profile = EncodingProfiles.defaults().find(name).orElseThrow();
        decoder = profile.newDecoder(List.of());
        encoder = profile.newEncoder();
        return List.of(f);
      }
    } catch (ProtocolException e) {
      throw new IllegalStateException("framewire's client sent stream settings it cannot read", e);
    }
    boolean encoded = (f.streamFlags() & StreamFlags.ENCODED) != 0;
    if (encoder == null || !encoded && !(f.type() == FrameType.COMMAND_DATA && dataOpen)) {
      return List.of(f);
    }
    if (encoded) {
      encodeAgain(f.payload());
    }
    if (f.type() == FrameType.COMMAND_REQUEST) {
      flush();
      return List.of(frame(f, f.streamFlags(), f.flags(), take()));
    }
    dataOpen = true; // the client encodes command-request and command-data frames only
    if ((f.flags() & FrameType.FLAG_EOS) == 0) {
      return List.of();
    }
    dataOpen = false;
    flush();
    byte[] all = take();
    List<Frame> out = new ArrayList<>();
    for (int at = 0; at < all.length; at += MAX_FRAME_SIZE) {
      byte[] part = java.util.Arrays.copyOfRange(all, at, Math.min(all.length, at + MAX_FRAME_SIZE));
      out.add(frame(f, StreamFlags.ENCODED, FrameType.FLAG_CONTINUATION, part));
    }
    out.add(frame(f, 0, FrameType.FLAG_EOS, new byte[0]));
    return out;
  }

  /** Decodes {@code payload} with the client's context and feeds the result to the new one, unflushed. */
  private void encodeAgain(ByteBuffer payload) {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    try {
      do {
        buffer.clear();
        decoder.decode(payload, buffer);
        plain.write(buffer.array(), 0, buffer.position());
      } while (!buffer.hasRemaining());
    } catch (ProtocolException e) {
      throw new IllegalStateException("framewire's client sent encoded bytes it cannot decode", e);
    }
    ByteBuffer src = ByteBuffer.wrap(plain.toByteArray());
    while (src.hasRemaining()) {
      buffer.clear();
      encoder.encode(src, buffer);
      held.write(buffer.array(), 0, buffer.position());
    }
  }

  private void flush() {
    boolean done;
    do {
      buffer.clear();
      done = encoder.flush(buffer);
      held.write(buffer.array(), 0, buffer.position());
    } while (!done);
  }

  private byte[] take() {
    byte[] b = held.toByteArray();
    held.reset();
    return b;
  }

  private static Frame frame(Frame like, int streamFlags, int flags, byte[] payload) {
    return Frame.of(like.requestId(), like.streamId(), streamFlags, like.type(), flags, payload);
  }
}
