package org.framewire.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;

/**
 * One command request (SPEC.md §6.1, §6.2) cut into frames at chosen positions: its request map in
 * command-request frames, then its command data, if any, in command-data frames.
 *
 * <p>The flags follow CMD-2, CMD-14 and CMD-5: the first command-request frame carries {@code new},
 * later ones {@code continuation}; all but the last carry {@code more}; all carry {@code have-data}
 * when data follows; data frames carry {@code continuation}, the last one {@code eos}. Only the
 * first frame may carry stream flags ({@code stream-begin} when the stream is not open yet).
 *
 * @param requestId the request id
 * @param streamId the stream all frames travel on
 * @param map the request map
 * @param mapBytes the encoded request map, cut at {@code requestCuts}
 * @param data the command data, or {@code null} for a request without data
 * @param requestCuts where the encoded map is cut into frames
 * @param dataCuts where the data is cut into frames
 * @param frames the frames, in order
 */
public record FramedRequest(
    int requestId,
    int streamId,
    CborValue.MapValue map,
    byte[] mapBytes,
    byte[] data,
    List<Integer> requestCuts,
    List<Integer> dataCuts,
    List<Frame> frames) {

  public FramedRequest {
    requestCuts = List.copyOf(requestCuts);
    dataCuts = List.copyOf(dataCuts);
    frames = List.copyOf(frames);
  }

  /**
   * Frames {@code map} (encoded deterministically) and {@code data}.
   *
   * @param beginStream whether the first frame opens the stream ({@code stream-begin})
   * @param data the command data, {@code null} for none; empty data is one empty {@code eos} frame
   * @param requestCuts positions inside the encoded map where a frame ends
   * @param dataCuts positions inside the data where a frame ends
   */
  public static FramedRequest of(int requestId, int streamId, boolean beginStream, CborValue.MapValue map,
      byte[] data, List<Integer> requestCuts, List<Integer> dataCuts) {
    byte[] mapBytes = CborEncoder.encode(map);
    List<ByteBuffer> requestChunks = Chunking.split(mapBytes, requestCuts);
    List<ByteBuffer> dataChunks = data == null ? List.of() : Chunking.split(data, dataCuts);
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < requestChunks.size(); i++) {
      frames.add(Frame.of(requestId, streamId, i == 0 && beginStream ? StreamFlags.BEGIN : 0,
          FrameType.COMMAND_REQUEST, requestFlags(i, requestChunks.size(), data != null), requestChunks.get(i)));
    }
    for (int i = 0; i < dataChunks.size(); i++) {
      frames.add(Frame.of(requestId, streamId, 0, FrameType.COMMAND_DATA,
          dataFlags(i, dataChunks.size()), dataChunks.get(i)));
    }
    return new FramedRequest(requestId, streamId, map, mapBytes, data, requestCuts, dataCuts, frames);
  }

  /** The flags of command-request frame {@code index} of {@code count} (CMD-2, CMD-14). */
  static int requestFlags(int index, int count, boolean haveData) {
    int flags = index == 0 ? FrameType.FLAG_NEW : FrameType.FLAG_REQUEST_CONTINUATION;
    if (index < count - 1) {
      flags |= FrameType.FLAG_MORE;
    }
    if (haveData) {
      flags |= FrameType.FLAG_HAVE_DATA;
    }
    return flags;
  }

  /** The flags of command-data frame {@code index} of {@code count} (CMD-5). */
  static int dataFlags(int index, int count) {
    return index < count - 1 ? FrameType.FLAG_CONTINUATION : FrameType.FLAG_EOS;
  }

  /** Whether the request carries command data. */
  public boolean hasData() {
    return data != null;
  }

  /** The frames, encoded back to back. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Frame f : frames) {
      out.writeBytes(f.toBytes());
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("FramedRequest[");
    for (Frame f : frames) {
      sb.append("\n  ").append(f);
    }
    return sb.append("]").toString();
  }
}
