package org.framewire.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;

/**
 * One server stream carrying complete responses one after another (SPEC.md §6.3), in one content
 * encoding whose single context spans them all (§4.3, ENC-3), as framewire's {@code
 * ResponseEmitter} frames them, and where its bytes are cut on their way to the client.
 *
 * @param encoding the stream's profile name ({@code identity}, {@code zlib}, {@code zstd-8mb}), or
 *     {@code null} for a stream without stream settings, which encodes nothing
 * @param streamId the server stream id (even)
 * @param maxFrameSize the largest payload the emitter put in a frame
 * @param responses the responses, in the order they were sent
 * @param frames every frame of the stream, stream settings included
 * @param cuts where the stream's bytes are cut into the chunks the client receives
 */
public record ResponseStream(
    String encoding, int streamId, int maxFrameSize, List<Response> responses, List<Frame> frames, List<Integer> cuts) {

  public ResponseStream {
    responses = List.copyOf(responses);
    frames = List.copyOf(frames);
    cuts = List.copyOf(cuts);
  }

  /**
   * One response.
   *
   * @param requestId the request it answers
   * @param values for an ok response, the values after the status map, as a decoder yields them
   *     (maps in deterministic key order); empty for an error
   * @param errorMessage for a command error response (CMD-10), its message; {@code null} for ok
   */
  public record Response(int requestId, List<CborValue> values, String errorMessage) {
    public Response {
      values = List.copyOf(values);
    }

    /** Whether this is an ok response. */
    public boolean ok() {
      return errorMessage == null;
    }
  }

  /** The stream's frames encoded back to back. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Frame f : frames) {
      out.writeBytes(f.toBytes());
    }
    return out.toByteArray();
  }

  /** The bytes as the client receives them: cut at {@link #cuts()}. */
  public List<ByteBuffer> chunks() {
    return Chunking.split(bytes(), cuts);
  }

  /** This stream cut elsewhere. */
  public ResponseStream withCuts(List<Integer> newCuts) {
    return new ResponseStream(encoding, streamId, maxFrameSize, responses, frames, Objects.requireNonNull(newCuts));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ResponseStream[").append(encoding).append(", max frame ")
        .append(maxFrameSize).append(", cuts ").append(cuts);
    for (Frame f : frames) {
      String line = f.toString();
      sb.append("\n  < ").append(line.length() > 160 ? line.substring(0, 160) + "..." : line);
    }
    return sb.append(']').toString();
  }
}
