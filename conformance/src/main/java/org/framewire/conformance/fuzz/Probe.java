package org.framewire.conformance.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.frames.FrameHeader;
import org.framewire.fuzz.FramedRequest;

/**
 * The request sent after each fuzz input, on the same session, so that the fuzzer knows when the
 * server is done instead of waiting for it to fall silent: a one-frame {@code echo} (SPEC.md
 * Appendix A) with a request id and a stream the input does not use, the stream opened with
 * stream-begin (identity). A server that accepted the input answers it; one that rejected the
 * input sends an error frame and closes; one that crashed closes without either. An input ending
 * in a partial frame gets no probe (the probe's bytes would complete the frame): the half-close
 * alone ends it.
 *
 * @param requestId the probe's request id: the highest odd id the input does not use
 * @param streamId the probe's stream: the highest odd stream id the input does not use
 * @param bytes the probe's frame
 */
public record Probe(int requestId, int streamId, byte[] bytes) {

  /** The probe for {@code input}, or {@code null} when it ends in a partial frame. */
  public static Probe after(Input input) {
    if (input.trailing().length > 0) {
      return null;
    }
    boolean[] ids = new boolean[1 << 16];
    boolean[] streams = new boolean[256];
    for (byte[] f : input.frames()) {
      FrameHeader h = FrameHeader.parse(f, 0);
      ids[h.requestId()] = true;
      streams[h.streamId()] = true;
    }
    int id = 0xFFFF;
    while (id > 1 && ids[id]) {
      id -= 2;
    }
    int stream = 0xFF;
    while (stream > 1 && streams[stream]) {
      stream -= 2;
    }
    return echo(id, stream);
  }

  /** A one-frame {@code echo} on request 1, stream 1: the canary on a fresh session. */
  static Probe canary() {
    return echo(1, 1);
  }

  private static Probe echo(int id, int stream) {
    CborValue.MapValue map = CborValue.MapValue.of(
        new CborValue.Bytes("name".getBytes(StandardCharsets.US_ASCII)),
        new CborValue.Bytes("echo".getBytes(StandardCharsets.US_ASCII)));
    return new Probe(id, stream, FramedRequest.of(id, stream, true, map, null, List.of(), List.of()).bytes());
  }
}
