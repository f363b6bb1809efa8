package org.framewire.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.streams.OutboundStream;
import org.framewire.streams.ResponseEmitter;
import org.framewire.streams.Side;
import org.framewire.streams.StreamRegistry;
import org.framewire.streams.encoding.ContentEncoder;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * Encoded sizes of the {@link Corpus} under four strategies (SPEC.md §4.3: the context lives as
 * long as the stream). Sizes are deterministic, so this is measured once, not timed:
 *
 * <ul>
 *   <li>{@code identity}: no compression — the command-response payload bytes of all responses;
 *   <li>{@code per_frame}: each of those identity frame payloads compressed on its own, with a
 *       fresh context per frame (what per-message compression without context takeover does);
 *   <li>{@code per_request}: a fresh stream, hence a fresh context, per response;
 *   <li>{@code one_stream}: one stream whose context spans all responses, flushed per response.
 * </ul>
 *
 * <p>Beside them, the cost of flush points (ENC-4; issue 16's streaming hosts flush whenever their
 * loop goes idle): the corpus sent as the 1000 values of one response, flushed after every value
 * ({@code flush_each_value}) and flushed once at its end ({@code flush_once}), in bytes on the wire
 * (frame headers and payloads of every frame, stream settings included). Their ratio is {@code
 * flush_cost_bytes}; both decode back to the corpus.
 *
 * <p>Each size counts the payload bytes of the command-response frames (stream-settings frames and
 * frame headers aside); {@code SpanningContextTest} checks its {@code contextSpanGain()}. The responses of the two stream
 * strategies are decoded back through a client's stream registry and compared with the corpus;
 * a mismatch fails the measurement.
 */
public final class CompressionSizes {

  /**
   * Sizes of one profile's strategies, in payload bytes.
   *
   * @param identity uncompressed
   * @param perFrame each identity frame payload compressed alone
   * @param perRequest one context (stream) per request
   * @param oneStream one context spanning every request
   * @param flushEachValue wire bytes of the corpus as one response, flushed after each value
   * @param flushOnce wire bytes of the same response flushed once, at its end
   */
  public record Sizes(long identity, long perFrame, long perRequest, long oneStream, long flushEachValue,
      long flushOnce) {

    /** The four context sizes alone; the flush sizes read 0, not measured. */
    public Sizes(long identity, long perFrame, long perRequest, long oneStream) {
      this(identity, perFrame, perRequest, oneStream, 0, 0);
    }

    /** {@code flush_each_value / flush_once}: what a flush after every value costs on the wire; NaN unmeasured. */
    public double flushCost() {
      return flushOnce == 0 ? Double.NaN : (double) flushEachValue / flushOnce;
    }

    /** {@code per_request / one_stream}: the gain of letting the context span requests. */
    public double contextSpanGain() {
      return (double) perRequest / oneStream;
    }

    /** {@code per_frame / one_stream}. */
    public double perFrameVsOneStream() {
      return (double) perFrame / oneStream;
    }
  }

  private CompressionSizes() {}

  /** The sizes for {@code profile}, which must compress (not identity). */
  public static Sizes measure(EncodingProfile profile) {
    if (profile.isIdentity()) {
      throw new IllegalArgumentException("identity does not compress");
    }
    List<Frame> identityFrames = send(EncodingProfiles.IDENTITY, true);
    long identity = payloadBytes(identityFrames);
    long perFrame = 0;
    for (Frame f : identityFrames) {
      if (f.type() == FrameType.COMMAND_RESPONSE && f.payload().hasRemaining()) {
        perFrame += compressAlone(profile, f.payload().duplicate());
      }
    }
    List<Frame> perRequest = send(profile, false);
    List<Frame> oneStream = send(profile, true);
    checkDecodes(perRequest);
    checkDecodes(oneStream);
    return new Sizes(identity, perFrame, payloadBytes(perRequest), payloadBytes(oneStream),
        oneResponse(profile, true), oneResponse(profile, false));
  }

  /**
   * Wire bytes of the corpus as the values of one response (request 1), flushed after each value
   * or only at the end; the response is decoded back and compared with the corpus.
   */
  static long oneResponse(EncodingProfile profile, boolean flushEachValue) {
    List<Frame> frames = new ArrayList<>();
    List<byte[]> corpus = Corpus.responses();
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    want.writeBytes(Corpus.OK_STATUS);
    try (StreamRegistry server = new StreamRegistry(Side.SERVER)) {
      OutboundStream s = server.openOutbound(profile, OutboundStream.DEFAULT_MAX_FRAME_SIZE, frames::add);
      ResponseEmitter e = new ResponseEmitter(s, 1);
      e.begin(ByteBuffer.wrap(Corpus.OK_STATUS));
      for (byte[] value : corpus) {
        e.write(ByteBuffer.wrap(value));
        want.writeBytes(value);
        if (flushEachValue) {
          e.flush();
        }
      }
      e.end(true);
    }
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    long wire = 0;
    try (StreamRegistry client = new StreamRegistry(Side.CLIENT)) {
      for (Frame f : frames) {
        wire += 8 + f.payload().remaining();
        client.receive(f, (frame, bytes) -> {
          byte[] b = new byte[bytes.remaining()];
          bytes.get(b);
          got.writeBytes(b);
        });
      }
    } catch (ProtocolException e) {
      throw new IllegalStateException("the flushed response does not decode", e);
    }
    if (!Arrays.equals(got.toByteArray(), want.toByteArray())) {
      throw new IllegalStateException("the " + (flushEachValue ? "flushed" : "unflushed") + " response decodes to other bytes");
    }
    return wire;
  }

  /** The corpus' responses on one stream ({@code spanning}) or on a fresh stream each. */
  private static List<Frame> send(EncodingProfile profile, boolean spanning) {
    List<Frame> frames = new ArrayList<>();
    List<byte[]> corpus = Corpus.responses();
    try (StreamRegistry server = new StreamRegistry(Side.SERVER)) {
      OutboundStream shared = spanning ? server.openOutbound(profile, OutboundStream.DEFAULT_MAX_FRAME_SIZE, frames::add) : null;
      for (int r = 0; r < corpus.size(); r++) {
        OutboundStream s =
            spanning ? shared : server.openOutbound(profile, OutboundStream.DEFAULT_MAX_FRAME_SIZE, frames::add);
        ResponseEmitter e = new ResponseEmitter(s, 2 * r + 1);
        e.begin(ByteBuffer.wrap(Corpus.OK_STATUS));
        e.write(ByteBuffer.wrap(corpus.get(r)));
        e.end(!spanning);
      }
    }
    return frames;
  }

  private static long payloadBytes(List<Frame> frames) {
    long n = 0;
    for (Frame f : frames) {
      if (f.type() == FrameType.COMMAND_RESPONSE) {
        n += f.payload().remaining();
      }
    }
    return n;
  }

  private static long compressAlone(EncodingProfile profile, ByteBuffer payload) {
    ByteBuffer out = ByteBuffer.allocate(2 * payload.remaining() + 256);
    try (ContentEncoder encoder = profile.newEncoder()) {
      encoder.encode(payload, out);
      if (payload.hasRemaining() || !encoder.endMember(out)) {
        throw new IllegalStateException("compressed frame larger than " + out.capacity() + " bytes");
      }
    }
    return out.position();
  }

  /** Every response decodes, through a client's registry, to its status map and its corpus value. */
  private static void checkDecodes(List<Frame> frames) {
    Map<Integer, ByteArrayOutputStream> decoded = new HashMap<>();
    try (StreamRegistry client = new StreamRegistry(Side.CLIENT)) {
      for (Frame f : frames) {
        client.receive(f, (frame, bytes) -> {
          ByteArrayOutputStream o = decoded.computeIfAbsent(frame.requestId(), k -> new ByteArrayOutputStream());
          byte[] b = new byte[bytes.remaining()];
          bytes.get(b);
          o.writeBytes(b);
        });
      }
    } catch (ProtocolException e) {
      throw new IllegalStateException("the encoded corpus does not decode", e);
    }
    List<byte[]> corpus = Corpus.responses();
    for (int r = 0; r < corpus.size(); r++) {
      byte[] got = decoded.get(2 * r + 1).toByteArray();
      byte[] want = new byte[Corpus.OK_STATUS.length + corpus.get(r).length];
      System.arraycopy(Corpus.OK_STATUS, 0, want, 0, Corpus.OK_STATUS.length);
      System.arraycopy(corpus.get(r), 0, want, Corpus.OK_STATUS.length, corpus.get(r).length);
      if (!Arrays.equals(got, want)) {
        throw new IllegalStateException("response " + r + " decodes to other bytes");
      }
    }
  }
}
