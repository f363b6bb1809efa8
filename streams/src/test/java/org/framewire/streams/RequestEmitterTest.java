package org.framewire.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.streams.encoding.EncodingProfiles;
import org.junit.jupiter.api.Test;

/** A client's requests in its stream's encoding: frame flags, stream settings, flush points. */
class RequestEmitterTest {

  private final List<Frame> sent = new ArrayList<>();
  private final StreamRegistry client = new StreamRegistry(Side.CLIENT);

  private List<String> notation() {
    List<String> out = new ArrayList<>();
    for (Frame f : sent) {
      out.add(FrameNotation.format(f));
    }
    return out;
  }

  private static List<String> frames(String... lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(FrameNotation.format(FrameNotation.parse(l)));
    }
    return out;
  }

  @Test
  void aMapLongerThanAFrameIsFlaggedAsCommandFramerFlagsIt() {
    OutboundStream s = client.openOutbound(EncodingProfiles.IDENTITY, 4, sent::add);
    RequestEmitter.send(s, 1, "0123456789".getBytes(), ByteBuffer.wrap("abcdef".getBytes()));
    RequestEmitter.send(s, 3, "xyz".getBytes(), null);
    assertEquals(frames(
        "1 1 stream-begin stream-settings continuation \\x48ide",
        "1 1 0 stream-settings continuation ntit",
        "1 1 0 stream-settings eos y",
        "1 1 encoded command-request new|more|have-data 0123",
        "1 1 encoded command-request continuation|more|have-data 4567",
        "1 1 encoded command-request continuation|have-data 89",
        "1 1 encoded command-data continuation abcd",
        "1 1 encoded command-data continuation ef",
        "1 1 0 command-data eos",
        "3 1 encoded command-request new xyz"), notation());
  }

  @Test
  void aStreamWithoutProfileIsCommandFramersNotMine() {
    OutboundStream s = client.openOutbound(null, 100, sent::add);
    assertThrows(IllegalArgumentException.class, () -> RequestEmitter.send(s, 1, new byte[] {(byte) 0xa0}, null));
    assertEquals(List.of(), sent);
  }

  /** ENC-11 for the request map too: 2^24 + 10 bytes go in two parts, a flush point ending a frame after the first. */
  @Test
  void aMapOfMoreThan2To24BytesReachesAFlushPoint() throws Exception {
    OutboundStream s = client.openOutbound(EncodingProfiles.ZLIB, 32768, sent::add);
    byte[] map = new byte[(1 << 24) + 10];
    map[map.length - 1] = 7;
    byte[] data = new byte[3 << 20];
    data[1] = 9;
    RequestEmitter.send(s, 1, map, ByteBuffer.wrap(data));
    StreamLimits limits = StreamLimits.DEFAULT.withDecode(DecodeLimits.unbounded(32768).withPerFrame(1L << 24));
    List<Long> ends = new ArrayList<>();
    long[] total = {0};
    try (StreamRegistry server = new StreamRegistry(Side.SERVER, limits, EncodingProfiles.defaults())) {
      for (Frame f : sent) {
        server.receive(f, (frame, bytes) -> total[0] += bytes.remaining());
        if (f.type() == FrameType.COMMAND_REQUEST) {
          ends.add(total[0]);
        }
      }
    }
    assertTrue(ends.contains(1L << 24), "a command-request frame ends at 2^24 decoded bytes: " + ends);
    assertEquals(map.length, ends.get(ends.size() - 1));
    assertEquals(map.length + data.length, total[0]);
    Frame last = sent.get(sent.size() - 1);
    assertEquals(FrameType.COMMAND_DATA, last.type());
    assertEquals(FrameType.FLAG_EOS, last.flags());
  }

  @Test
  void zstdRequestsRoundTripInOneContext() throws Exception {
    OutboundStream s = client.openOutbound(EncodingProfiles.ZSTD_8MB, 1000, sent::add);
    byte[] data = new byte[50_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 >> 5);
    }
    RequestEmitter.send(s, 1, "request one".getBytes(), ByteBuffer.wrap(data));
    RequestEmitter.send(s, 3, "request two".getBytes(), null);
    TestSupport.Collector c = new TestSupport.Collector();
    try (StreamRegistry server = new StreamRegistry(Side.SERVER)) {
      for (Frame f : sent) {
        server.receive(f, c);
      }
    }
    byte[] one = c.of(1);
    assertArrayEquals("request one".getBytes(), java.util.Arrays.copyOf(one, 11));
    assertArrayEquals(data, java.util.Arrays.copyOfRange(one, 11, one.length));
    assertArrayEquals("request two".getBytes(), c.of(3));
    assertEquals(1, sent.stream().filter(f -> f.type() == FrameType.STREAM_SETTINGS).count(), "one context (ENC-3)");
  }
}
