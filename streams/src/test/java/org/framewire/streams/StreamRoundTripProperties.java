package org.framewire.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.streams.encoding.ContentEncoder;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.framewire.streams.encoding.XorProfile;

/**
 * Whole streams round-trip for every profile, a user-added one included: several responses on
 * one stream, response bytes in random chunks, random maximum frame sizes (down to one byte) and
 * decode buffer sizes, raw frames and pre-encoded members mixed in, the stream ended or not.
 */
class StreamRoundTripProperties {

  private static final EncodingProfiles PROFILES = EncodingProfiles.defaults().with(new XorProfile());

  @Provide
  Arbitrary<EncodingProfile> profiles() {
    List<EncodingProfile> all = new ArrayList<>(PROFILES.inPreferenceOrder());
    all.add(null);   // a stream without encoding
    return Arbitraries.of(all);
  }

  static byte[] chunk(Random rnd, int n) {
    byte[] b = new byte[n];
    int mode = rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) switch (mode) {
        case 0 -> "response ".charAt(i % 9);
        case 1 -> rnd.nextInt();
        default -> i % 3 == 0 ? rnd.nextInt() : 'x';
      };
    }
    return b;
  }

  /** A complete member of {@code profile}'s format, made by a context of its own (as a cache would). */
  static byte[] member(EncodingProfile profile, byte[] plain) {
    if (profile == null || profile.isIdentity()) {
      return plain.clone();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ContentEncoder e = profile.newEncoder()) {
      ByteBuffer src = ByteBuffer.wrap(plain);
      ByteBuffer dst = ByteBuffer.allocate(plain.length + 1024);
      e.encode(src, dst);
      while (!e.endMember(dst)) {
        throw new AssertionError("member larger than its buffer");
      }
      out.write(dst.array(), 0, dst.position());
    }
    return out.toByteArray();
  }

  @Property(tries = 150)
  void responsesRoundTrip(
      @ForAll("profiles") EncodingProfile profile,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3000) int maxFrameSize,
      @ForAll @IntRange(min = 64, max = 5000) int decodeBuffer,
      @ForAll @IntRange(min = 1, max = 6) int responses,
      @ForAll boolean endStream) throws Exception {
    Random rnd = new Random(seed);
    List<Frame> frames = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    List<byte[]> rawPayloads = new ArrayList<>();
    try (StreamRegistry server = new StreamRegistry(Side.SERVER, StreamLimits.DEFAULT, PROFILES)) {
      OutboundStream s = server.openOutbound(profile, maxFrameSize, frames::add);
      for (int r = 0; r < responses; r++) {
        int requestId = 2 * r + 1;
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        ResponseEmitter e = new ResponseEmitter(s, requestId);
        byte[] status = TestSupport.okStatus();
        e.begin(ByteBuffer.wrap(status));
        want.writeBytes(status);
        for (int c = rnd.nextInt(8); c > 0; c--) {
          int action = rnd.nextInt(10);
          byte[] plain = chunk(rnd, rnd.nextInt(rnd.nextBoolean() ? 50 : 6000));
          if (action == 0 && s.acceptsPreEncoded()) {
            e.writePreEncoded(ByteBuffer.wrap(member(profile, plain)));
          } else if (action == 1) {
            byte[] raw = chunk(rnd, 1 + rnd.nextInt(Math.min(maxFrameSize, 40)));
            rawPayloads.add(raw);
            s.sendRaw(1000 + rawPayloads.size(), FrameType.TEXT_OUTPUT, 0, ByteBuffer.wrap(raw));
            e.write(ByteBuffer.wrap(plain));
          } else {
            e.write(ByteBuffer.wrap(plain));
          }
          want.writeBytes(plain);
        }
        e.end(endStream && r == responses - 1);
        expected.add(want.toByteArray());
      }
      assertEquals(endStream ? 0 : 1, server.openOutboundStreams());
    }

    TestSupport.Collector got = new TestSupport.Collector();
    StreamLimits limits = StreamLimits.DEFAULT.withDecode(DecodeLimits.unbounded(decodeBuffer));
    try (StreamRegistry client = new StreamRegistry(Side.CLIENT, limits, PROFILES)) {
      for (Frame f : frames) {
        assertTrue(f.payload().remaining() <= maxFrameSize);
        client.receive(f, got);
      }
      assertEquals(endStream ? 0 : 1, client.openInboundStreams());
    }
    for (int r = 0; r < responses; r++) {
      assertArrayEquals(expected.get(r), got.of(2 * r + 1), "response " + r);
    }
    for (int k = 0; k < rawPayloads.size(); k++) {
      assertArrayEquals(rawPayloads.get(k), got.of(1001 + k));
    }
  }
}
