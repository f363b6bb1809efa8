package org.framewire.session;

import static org.framewire.frames.FrameNotation.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.streams.DecodeLimits;
import org.framewire.streams.OutboundStream;
import org.framewire.streams.StreamLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that sends its requests encoded ({@link ClientConfig#sendEncoding()}, SPEC.md §4): the
 * frames it sends, and framewire's server session decoding them (ENC-10), flush points included
 * (ENC-4, ENC-11).
 */
class ClientEncodingTest {

  private static final ClientConfig PLAIN = ClientConfig.DEFAULTS.withContentEncodings(List.of());

  private static List<String> notation(List<Frame> frames) {
    List<String> out = new ArrayList<>();
    for (Frame f : frames) {
      out.add(FrameNotation.format(f));
    }
    return out;
  }

  private static List<String> frames(String... lines) {
    List<Frame> out = new ArrayList<>();
    for (String l : lines) {
      out.add(parse(l));
    }
    return notation(out);
  }

  /** Bytes that compress to almost nothing, so that one frame could hold megabytes of them. */
  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  @Test
  void identityShowsTheFramesStreamSettingsFirst() {
    ClientSession client = new ClientSession(PLAIN.withSendEncoding("identity"), new FakeClock());
    client.sendCommand(CommandRequest.of("put"), ByteBuffer.wrap("payload".getBytes()));
    client.sendCommand(CommandRequest.of("heads"));
    assertEquals(frames(
        "1 1 stream-begin stream-settings eos cbor:b'identity'",
        "1 1 encoded command-request new|have-data cbor:{b'name': b'put'}",
        "1 1 encoded command-data continuation payload",
        "1 1 0 command-data eos",
        "3 1 encoded command-request new cbor:{b'name': b'heads'}"), notation(client.pollFrames()));
  }

  @Test
  void senderSettingsStillComeFirstAndBeginTheStream() {
    ClientSession client = new ClientSession(ClientConfig.DEFAULTS.withSendEncoding("zlib"), new FakeClock());
    client.sendCommand(CommandRequest.of("heads"));
    List<Frame> sent = client.pollFrames();
    assertEquals(frames(
        "1 1 stream-begin sender-protocol-settings eos cbor:{b'contentencodings': [b'zstd-8mb', b'zlib', b'identity']}",
        "1 1 0 stream-settings eos cbor:b'zlib'"), notation(sent.subList(0, 2)), "SET-1, then ENC-7");
    assertEquals(3, sent.size());
    Frame request = sent.get(2);
    assertEquals(FrameType.COMMAND_REQUEST, request.type());
    assertEquals(StreamFlags.ENCODED, request.streamFlags());
    assertEquals(FrameType.FLAG_NEW, request.flags());
  }

  @Test
  void theSendEncodingIsOneOfTheProfilesAndOptIn() {
    assertNull(ClientConfig.DEFAULTS.sendEncoding(), "requests go out unencoded by default, as Mercurial's");
    assertThrows(IllegalArgumentException.class, () -> ClientConfig.DEFAULTS.withSendEncoding("brotli"));
    assertEquals("zstd-8mb", ClientConfig.DEFAULTS.withSendEncoding("zstd-8mb").withMaxFrameSize(1000).sendEncoding(),
        "withers keep it");
  }

  /** Requests with and without data, one encoder context across them (ENC-3), decoded by the server (ENC-10). */
  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity"})
  void theServerSessionDecodesEncodedRequests(String encoding) {
    Pair p = new Pair(ClientConfig.DEFAULTS.withSendEncoding(encoding).withMaxFrameSize(1000), ServerConfig.DEFAULTS,
        SessionPairTest.ECHO).chunked(777);
    CborValue.MapValue args = CborValue.MapValue.of(CborValue.bytes("k"), new CborValue.Bytes(pattern(3000)));
    byte[][] data = {pattern(5), null, pattern(100_000), new byte[0]};
    List<Integer> ids = new ArrayList<>();
    for (byte[] d : data) {
      ids.add(d == null ? p.client.sendCommand(CommandRequest.of("echo", args))
          : p.client.sendCommand(CommandRequest.of("echodata", args), ByteBuffer.wrap(d)));
    }
    p.pump();
    for (int i = 0; i < data.length; i++) {
      List<ClientEvent> events = p.eventsOf(ids.get(i));
      assertEquals(new ClientEvent.ResponseObject(ids.get(i), args), events.get(0), encoding + " request " + i);
      if (data[i] != null) {
        assertArrayEquals(data[i], ((CborValue.Bytes) ((ClientEvent.ResponseObject) events.get(1)).value()).value());
      }
      assertEquals(new ClientEvent.ResponseComplete(ids.get(i)), events.get(events.size() - 1));
    }
    long settings = p.clientFrames.stream().filter(f -> f.type() == FrameType.STREAM_SETTINGS).count();
    assertEquals(1, settings, "one stream, one context, one stream-settings frame");
    for (Frame f : p.clientFrames) {
      assertTrue(f.header().payloadLength() <= 1000, "FRAME-8");
      if (f.type() == FrameType.COMMAND_REQUEST) {
        assertEquals(StreamFlags.ENCODED, f.streamFlags() & StreamFlags.ENCODED, "command-request frames are encoded");
      }
    }
    if (!encoding.equals("identity")) {
      long wire = p.clientFrames.stream().mapToLong(f -> f.header().payloadLength()).sum();
      assertTrue(wire < 20_000, "the patterns compress: " + wire + " bytes sent");
    }
  }

  /**
   * ENC-11: 2^24 + 1 MiB + 1 KiB of command data reaches a flush point, ending a frame, after
   * exactly 2^24 input bytes, so a server with the 2^24 bound per frame takes all of it.
   */
  @Test
  void aFlushPointEndsAFrameEvery2To24InputBytes() throws Exception {
    int n = OutboundStream.MAX_INPUT_BETWEEN_FLUSHES + (1 << 20) + 1024;
    DecodeLimits decode = DecodeLimits.DEFAULT.withPerMessage(64L << 20);
    assertEquals(1L << 24, decode.perFrame());
    ServerConfig streaming = ServerConfig.DEFAULTS.withDataMode(ServerConfig.DataMode.STREAM)
        .withStreamLimits(StreamLimits.DEFAULT.withDecode(decode));
    Pair p = new Pair(PLAIN.withSendEncoding("zstd-8mb"), streaming, (e, s) -> { });
    byte[] data = pattern(n);
    int id = p.client.sendCommand(CommandRequest.of("put"), ByteBuffer.wrap(data));
    p.pump();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    List<Long> frameEnds = new ArrayList<>();
    for (ServerEvent e : p.serverEvents) {
      assertTrue(!(e instanceof ServerEvent.ProtocolFailure), e.toString());
      if (e instanceof ServerEvent.CommandData d && d.requestId() == id) {
        assertTrue(d.chunk().remaining() <= 1 << 24, "a frame decodes to " + d.chunk().remaining() + " bytes");
        byte[] chunk = new byte[d.chunk().remaining()];
        d.chunk().get(chunk);
        received.writeBytes(chunk);
        frameEnds.add((long) received.size());
      }
    }
    assertArrayEquals(data, received.toByteArray());
    assertTrue(frameEnds.contains(1L << 24), "a frame ends at the flush point after 2^24 input bytes: " + frameEnds);
    long wire = p.clientFrames.stream().mapToLong(f -> f.header().payloadLength()).sum();
    assertTrue(wire < 100_000, "17 MiB of the pattern compress: " + wire + " bytes sent");
  }
}
