package org.framewire.benchmarks;

import java.nio.ByteBuffer;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.streams.OutboundStream;
import org.framewire.streams.ResponseEmitter;
import org.framewire.streams.Side;
import org.framewire.streams.StreamRegistry;
import org.framewire.streams.encoding.EncodingProfile;

/**
 * Sends the {@link Corpus} responses one after another on one outbound stream of a server's
 * {@link StreamRegistry}, each through a {@link ResponseEmitter} — status map, value, end with
 * {@code eos}, so the encoder is flushed once per response (SPEC.md §4.3, {@code ENC-4}) and its
 * context spans them all ({@code ENC-3}). The frames are counted and dropped. Confined to one
 * thread, like the stream.
 */
final class ResponseWorkload implements AutoCloseable {

  private final StreamRegistry registry = new StreamRegistry(Side.SERVER);
  private final OutboundStream stream;
  private final ByteBuffer[] responses;
  private final ByteBuffer status = ByteBuffer.wrap(Corpus.OK_STATUS);
  private int next;
  private int requestId = 1;
  private long frames;
  private long payloadBytes;

  ResponseWorkload(EncodingProfile profile) {
    stream = registry.openOutbound(profile, OutboundStream.DEFAULT_MAX_FRAME_SIZE, this::sent);
    List<byte[]> corpus = Corpus.responses();
    responses = new ByteBuffer[corpus.size()];
    for (int i = 0; i < responses.length; i++) {
      responses[i] = ByteBuffer.wrap(corpus.get(i));
    }
  }

  private void sent(Frame f) {
    frames++;
    payloadBytes += f.payload().remaining();
  }

  /** Sends the next response of the corpus (wrapping around), with a fresh odd request id. */
  void respond() {
    ResponseEmitter e = new ResponseEmitter(stream, requestId);
    e.begin(status.clear());
    e.write(responses[next].clear());
    e.end(false);
    next = next + 1 == responses.length ? 0 : next + 1;
    requestId = requestId >= 0xFFFD ? 1 : requestId + 2;
  }

  /** Frames sent so far (stream settings included). */
  long frames() {
    return frames;
  }

  /** Payload bytes of the frames sent so far. */
  long payloadBytes() {
    return payloadBytes;
  }

  @Override
  public void close() {
    stream.close();
    registry.close();
  }
}
