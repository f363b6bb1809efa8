package org.framewire.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Coalescing and splitting, raw and encoded frames on one stream, pre-encoded pass-through, stream end. */
class ResponseEmitterTest {

  private final List<Frame> sent = new ArrayList<>();
  private final StreamRegistry server = new StreamRegistry(Side.SERVER);

  private OutboundStream open(EncodingProfile profile, int maxFrameSize) {
    return server.openOutbound(profile, maxFrameSize, sent::add);
  }

  private static ByteBuffer bytes(int n, int fill) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) fill);
    return ByteBuffer.wrap(b);
  }

  private List<Integer> responseSizes() {
    List<Integer> l = new ArrayList<>();
    for (Frame f : sent) {
      if (f.type() == FrameType.COMMAND_RESPONSE) {
        l.add(f.payload().remaining());
      }
    }
    return l;
  }

  /** Decodes everything sent so far with a client registry; decoded bytes per request. */
  private TestSupport.Collector decodeAll() throws Exception {
    TestSupport.Collector c = new TestSupport.Collector();
    try (StreamRegistry client = new StreamRegistry(Side.CLIENT)) {
      for (Frame f : sent) {
        client.receive(f, c);
      }
    }
    return c;
  }

  @Test
  void coalescesSmallChunksAndSplitsLargeOnesLikeMercurial() {
    OutboundStream s = open(null, 10);
    ResponseEmitter e = new ResponseEmitter(s, 1);
    e.begin(bytes(4, 's'));
    e.write(bytes(3, 'a'));
    e.write(bytes(3, 'b'));
    e.write(bytes(3, 'c'));   // 9 buffered
    e.write(bytes(1, 'd'));   // 9 + 1 is not below 10: the 9 go out, 'd' waits
    e.write(bytes(25, 'e'));  // longer than a frame: 'd' goes out, then 10, 10, 5
    e.write(bytes(10, 'f'));  // exactly a frame: buffered alone
    e.write(bytes(2, 'g'));   // 10 + 2: the 10 go out
    e.end(false);
    assertEquals(List.of(4, 9, 1, 10, 10, 5, 10, 2, 0), responseSizes());
    for (int i = 0; i < sent.size() - 1; i++) {
      assertEquals(FrameType.FLAG_CONTINUATION, sent.get(i).flags());
      assertEquals(0, sent.get(i).streamFlags() & StreamFlags.ENCODED);
    }
    assertEquals(FrameType.FLAG_EOS, sent.get(sent.size() - 1).flags());
    assertEquals("616161626262636363", TestSupport.hex(sent.get(1).payloadBytes()));
  }

  @Test
  void identityStreamFlagsDataEncodedButNotTheEmptyEosFrame() throws Exception {
    OutboundStream s = open(EncodingProfiles.IDENTITY, 32768);
    ResponseEmitter e = new ResponseEmitter(s, 1);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e.write(bytes(5, 'x'));
    e.end(false);
    assertEquals(4, sent.size());
    assertEquals(FrameType.STREAM_SETTINGS, sent.get(0).type());
    assertEquals(StreamFlags.BEGIN, sent.get(0).streamFlags());
    assertEquals(StreamFlags.ENCODED, sent.get(1).streamFlags());
    assertEquals(StreamFlags.ENCODED, sent.get(2).streamFlags());
    assertEquals(0, sent.get(3).streamFlags());
    assertArrayEquals("xxxxx".getBytes(), java.util.Arrays.copyOfRange(decodeAll().of(1), 11, 16));
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "zlib", "zstd-8mb"})
  void manyResponsesOnOneStreamDecodeInOrder(String name) throws Exception {
    OutboundStream s = open(EncodingProfiles.defaults().find(name).orElseThrow(), 1024);
    Random rnd = new Random(7);
    List<byte[]> bodies = new ArrayList<>();
    for (int r = 0; r < 40; r++) {
      int requestId = 2 * r + 1;
      ResponseEmitter e = new ResponseEmitter(s, requestId);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] status = TestSupport.okStatus();
      body.writeBytes(status);
      e.begin(ByteBuffer.wrap(status));
      for (int c = rnd.nextInt(6); c >= 0; c--) {
        byte[] chunk = new byte[rnd.nextInt(3000)];
        for (int i = 0; i < chunk.length; i++) {
          chunk[i] = (byte) ("abcdefgh".charAt(rnd.nextInt(8)) + (i % 64 == 0 ? r : 0));
        }
        body.writeBytes(chunk);
        e.write(ByteBuffer.wrap(chunk));
      }
      e.end(false);
      bodies.add(body.toByteArray());
      // ENC-4: after each response, everything sent so far decodes completely
      TestSupport.Collector c = decodeAll();
      assertArrayEquals(body.toByteArray(), c.of(requestId), "response " + requestId);
    }
    for (Frame f : sent) {
      assertTrue(f.payload().remaining() <= 1024);
    }
    TestSupport.Collector c = decodeAll();
    for (int r = 0; r < bodies.size(); r++) {
      assertArrayEquals(bodies.get(r), c.of(2 * r + 1));
    }
  }

  @Test
  void rawAndEncodedFramesMixOnOneStream() throws Exception {
    OutboundStream s = open(EncodingProfiles.ZSTD_8MB, 32768);
    byte[] text = {(byte) 0x80};
    s.sendRaw(1, FrameType.TEXT_OUTPUT, 0, ByteBuffer.wrap(text));   // before the settings
    ResponseEmitter e = new ResponseEmitter(s, 1);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e.write(bytes(3000, 'q'));
    s.sendRaw(3, FrameType.PROGRESS, 0, ByteBuffer.wrap(new byte[] {(byte) 0xa0}));   // mid-response, raw
    e.write(bytes(3000, 'r'));
    e.end(false);
    ResponseEmitter e2 = new ResponseEmitter(s, 5);
    e2.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e2.write(bytes(10, 'z'));
    e2.end(false);

    assertEquals(StreamFlags.BEGIN, sent.get(0).streamFlags());
    int settings = -1;
    int firstEncoded = -1;
    for (int i = 0; i < sent.size(); i++) {
      if (sent.get(i).type() == FrameType.STREAM_SETTINGS) {
        settings = i;
      } else if (firstEncoded < 0 && (sent.get(i).streamFlags() & StreamFlags.ENCODED) != 0) {
        firstEncoded = i;
      }
    }
    // zstd holds its output until the response's flush: the progress frame goes first, raw
    assertEquals(FrameType.PROGRESS, sent.get(1).type());
    assertEquals(0, sent.get(1).streamFlags());
    assertEquals(settings + 1, firstEncoded, "stream settings directly before the first encoded frame");
    TestSupport.Collector c = decodeAll();
    assertArrayEquals(text, c.of(1).length > 0 ? java.util.Arrays.copyOf(c.of(1), 1) : null);
    assertEquals(1 + 11 + 6000, c.of(1).length);
    assertArrayEquals(new byte[] {(byte) 0xa0}, c.of(3));
    assertEquals(11 + 10, c.of(5).length);
  }

  @Test
  void largeIncompressibleChunksSplitIntoFullFrames() throws Exception {
    OutboundStream s = open(EncodingProfiles.ZSTD_8MB, 4096);
    byte[] noise = new byte[100_000];
    new Random(1).nextBytes(noise);
    ResponseEmitter e = new ResponseEmitter(s, 1);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e.write(ByteBuffer.wrap(noise));
    e.end(false);
    List<Integer> sizes = responseSizes();
    assertTrue(sizes.stream().filter(n -> n == 4096).count() >= 20, sizes.toString());
    byte[] decoded = decodeAll().of(1);
    assertArrayEquals(noise, java.util.Arrays.copyOfRange(decoded, 11, decoded.length));
  }

  static byte[] zlibMember(byte[] plain) {
    Deflater d = new Deflater();
    d.setInput(plain);
    d.finish();
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!d.finished()) {
      o.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return o.toByteArray();
  }

  @Test
  void zlibStreamsTakeNoPreEncodedMembers() {
    OutboundStream s = open(EncodingProfiles.ZLIB, 64);
    ResponseEmitter e = new ResponseEmitter(s, 1);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    assertThrows(IllegalStateException.class, () -> e.writePreEncoded(ByteBuffer.wrap(zlibMember(new byte[10]))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "zstd-8mb"})
  void preEncodedMembersPassThroughUntouched(String name) throws Exception {
    OutboundStream s = open(EncodingProfiles.defaults().find(name).orElseThrow(), 64);
    byte[] cachedPlain = "cached response body, encoded once, served many times. ".repeat(20).getBytes();
    byte[] member =
        name.equals("zstd-8mb") ? Zstd.compress(cachedPlain, 3) : cachedPlain.clone();
    byte[] memberCopy = member.clone();

    ResponseEmitter e = new ResponseEmitter(s, 1);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e.write(bytes(100, 'a'));
    int before = sent.size();
    e.writePreEncoded(ByteBuffer.wrap(member));
    e.write(bytes(100, 'b'));
    e.end(false);
    ResponseEmitter e2 = new ResponseEmitter(s, 3);
    e2.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e2.write(bytes(50, 'c'));
    e2.end(false);

    // the member's bytes appear verbatim as consecutive frame payloads, each an encoded frame
    ByteArrayOutputStream spliced = new ByteArrayOutputStream();
    for (Frame f : sent.subList(before, sent.size())) {
      if (f.type() == FrameType.COMMAND_RESPONSE && f.payload().remaining() > 0) {
        spliced.writeBytes(f.payloadBytes());
        assertTrue((f.streamFlags() & StreamFlags.ENCODED) != 0, f.toString());
      }
    }
    assertTrue(TestSupport.hex(spliced.toByteArray()).contains(TestSupport.hex(memberCopy)));

    TestSupport.Collector c = decodeAll();
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    want.writeBytes(TestSupport.okStatus());
    want.writeBytes(bytes(100, 'a').array());
    want.writeBytes(cachedPlain);
    want.writeBytes(bytes(100, 'b').array());
    assertArrayEquals(want.toByteArray(), c.of(1));
    assertEquals(11 + 50, c.of(3).length);

    // no copy: the pass-through frames are views of the caller's array
    List<Frame> before2 = new ArrayList<>(sent);
    member[0] ^= 0x55;
    boolean sawChange = false;
    for (Frame f : before2) {
      byte[] p = f.payloadBytes();
      if (p.length > 0 && p[0] == member[0] && p.length <= 64 && java.util.Arrays.equals(p, 1, p.length, member, 1, p.length)) {
        sawChange = true;
      }
    }
    assertTrue(sawChange, "a pass-through frame should reflect a change to the member's array");
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "zlib", "zstd-8mb"})
  void endingTheStreamFinishesTheMemberAndFreesTheContext(String name) throws Exception {
    OutboundStream s = open(EncodingProfiles.defaults().find(name).orElseThrow(), 32768);
    ResponseEmitter e = new ResponseEmitter(s, 1);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e.write(bytes(1000, 'a'));
    e.end(true);
    Frame last = sent.get(sent.size() - 1);
    assertTrue((last.streamFlags() & StreamFlags.END) != 0);
    assertEquals(FrameType.FLAG_EOS, last.flags());
    assertTrue(s.ended());
    assertEquals(0, server.openOutboundStreams());
    if (name.equals("zlib")) {
      // the zlib trailer is there: a fresh inflater over all encoded payloads reaches the end
      ByteArrayOutputStream z = new ByteArrayOutputStream();
      for (Frame f : sent) {
        if ((f.streamFlags() & StreamFlags.ENCODED) != 0) {
          z.writeBytes(f.payloadBytes());
        }
      }
      java.util.zip.Inflater inf = new java.util.zip.Inflater();
      inf.setInput(z.toByteArray());
      inf.inflate(new byte[2000]);
      assertTrue(inf.finished());
      inf.end();
    }
    StreamRegistry client = new StreamRegistry(Side.CLIENT);
    TestSupport.Collector c = new TestSupport.Collector();
    for (Frame f : sent) {
      client.receive(f, c);
    }
    assertEquals(0, client.liveDecoderContexts());
    assertEquals(0, client.openInboundStreams());
    assertEquals(1011, c.of(1).length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "zlib", "zstd-8mb"})
  void aResponseCutShortFlushesThenSendsARawErrorResponse(String name) throws Exception {
    OutboundStream s = open(EncodingProfiles.defaults().find(name).orElseThrow(), 1024);
    ResponseEmitter e = new ResponseEmitter(s, 1);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e.write(bytes(500, 'a'));
    byte[] error = {(byte) 0xa1, 0x44, 't', 'y', 'p', 'e', 0x46, 's', 'e', 'r', 'v', 'e', 'r'};
    e.fail(ByteBuffer.wrap(error), false);
    Frame last = sent.get(sent.size() - 1);
    assertEquals(FrameType.ERROR_RESPONSE, last.type());
    assertEquals(0, last.streamFlags() & StreamFlags.ENCODED);
    Frame beforeLast = sent.get(sent.size() - 2);
    assertEquals(FrameType.COMMAND_RESPONSE, beforeLast.type());
    assertEquals(FrameType.FLAG_CONTINUATION, beforeLast.flags());
    // everything up to the error decodes (ENC-4), and the stream goes on with the next response
    ResponseEmitter next = new ResponseEmitter(s, 3);
    next.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    next.end(false);
    TestSupport.Collector c = decodeAll();
    byte[] got = c.of(1);
    assertEquals(11 + 500 + error.length, got.length);
    assertArrayEquals(error, java.util.Arrays.copyOfRange(got, 511, got.length));
    assertEquals(11, c.of(3).length);
  }

  @Test
  void responsesDoNotInterleaveInsideAnEncoderContext() {
    OutboundStream z = open(EncodingProfiles.ZSTD_8MB, 1024);
    ResponseEmitter a = new ResponseEmitter(z, 1);
    a.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    ResponseEmitter b = new ResponseEmitter(z, 3);
    assertThrows(IllegalStateException.class, () -> b.begin(ByteBuffer.wrap(TestSupport.okStatus())));
    a.end(false);
    b.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    b.end(false);
    // without a context, responses may interleave frame by frame (CMD-12)
    OutboundStream id = open(EncodingProfiles.IDENTITY, 1024);
    ResponseEmitter c = new ResponseEmitter(id, 5);
    ResponseEmitter d = new ResponseEmitter(id, 7);
    c.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    d.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    c.end(false);
    d.end(false);
  }

  @Test
  void theEncoderIsFlushedEvery2To24InputBytes() throws Exception {
    OutboundStream s = open(EncodingProfiles.ZSTD_8MB, 32768);
    ResponseEmitter e = new ResponseEmitter(s, 1);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    long total = 40L << 20;
    ByteBuffer chunk = ByteBuffer.allocate(3 << 20).asReadOnlyBuffer();   // 3 MiB chunks straddle flush points
    for (long fed = 0; fed < total; fed += chunk.capacity()) {
      e.write(chunk.duplicate());
    }
    e.end(false);
    long written = (total + (3 << 20) - 1) / (3 << 20) * (3 << 20);
    // every encoded frame decodes to at most 2^24 bytes: a receiver with only that bound takes it all
    TestSupport.Collector c = new TestSupport.Collector();
    StreamLimits limits = StreamLimits.DEFAULT.withDecode(DecodeLimits.unbounded(32768).withPerFrame(1L << 24));
    try (StreamRegistry client = new StreamRegistry(Side.CLIENT, limits, EncodingProfiles.defaults())) {
      for (Frame f : sent) {
        client.receive(f, c);
      }
    }
    assertEquals(11 + written, c.of(1).length);
    // and the sender produced flush points inside the response: at least two frames before the eos
    long flushFrames = sent.stream().filter(f -> f.type() == FrameType.COMMAND_RESPONSE && f.flags() == FrameType.FLAG_CONTINUATION).count();
    assertTrue(flushFrames >= 2, flushFrames + " continuation frames");
  }

  @Test
  void misuse() {
    OutboundStream s = open(EncodingProfiles.ZLIB, 100);
    ResponseEmitter e = new ResponseEmitter(s, 1);
    assertThrows(IllegalStateException.class, () -> e.write(bytes(1, 'a')));
    assertThrows(IllegalStateException.class, () -> e.end(false));
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    assertThrows(IllegalStateException.class, () -> e.begin(ByteBuffer.wrap(TestSupport.okStatus())));
    e.end(false);
    assertThrows(IllegalStateException.class, () -> e.write(bytes(1, 'a')));
    assertThrows(IllegalStateException.class, () -> e.writePreEncoded(bytes(1, 'a')));
    assertFalse(s.ended());
  }
}
