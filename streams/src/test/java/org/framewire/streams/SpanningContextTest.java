package org.framewire.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Why the context spans requests (ENC-3): on a deterministic corpus of 1000 small, similar CBOR
 * responses — changeset-like maps of about 1 KB with 20-byte hashes from a seeded {@link Random},
 * the same keys, recurring users, paths and words — one context for the whole stream sends at
 * least 1.4 times fewer bytes than a fresh context per request. Sizes are deterministic: this is
 * a size test, not a timing test.
 */
class SpanningContextTest {

  private static final int RESPONSES = 1000;
  private static final double REQUIRED_RATIO = 1.4;
  private static final List<byte[]> CORPUS = new ArrayList<>();

  private static final String[] USERS = {
    "Alice Example <alice@example.org>", "Bob Builder <bob@builder.example>",
    "Carol Contributor <carol@contrib.example>", "Dave Developer <dave@dev.example>",
  };
  private static final String[] WORDS = {
    "fix", "stream", "encoding", "frame", "decoder", "limit", "window", "context", "request",
    "response", "flush", "zstd", "zlib", "registry", "emitter", "settings", "profile", "test",
  };

  static CborValue b(String s) {
    return CborValue.Bytes.of(s);
  }

  static CborValue hash(Random rnd) {
    byte[] h = new byte[20];
    rnd.nextBytes(h);
    return new CborValue.Bytes(h);
  }

  @BeforeAll
  static void corpus() {
    Random rnd = new Random(20260101);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      paths.add("src/main/java/org/example/" + WORDS[i % WORDS.length] + "/" + WORDS[(i * 7) % WORDS.length]
          + WORDS[(i * 5 + 3) % WORDS.length] + ".java");
    }
    CborValue previous = hash(rnd);
    long date = 1_700_000_000L;
    for (int r = 0; r < RESPONSES; r++) {
      CborValue node = hash(rnd);
      StringBuilder description = new StringBuilder();
      for (int w = 8 + rnd.nextInt(12); w > 0; w--) {
        description.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
      }
      List<CborValue> files = new ArrayList<>();
      for (int f = 4 + rnd.nextInt(8); f > 0; f--) {
        files.add(b(paths.get(rnd.nextInt(paths.size()))));
      }
      date += rnd.nextInt(100_000);
      CborValue map = CborValue.MapValue.of(
          b("node"), node,
          b("parents"), CborValue.Array.of(previous, new CborValue.Bytes(new byte[20])),
          b("manifest"), hash(rnd),
          b("user"), b(USERS[rnd.nextInt(USERS.length)]),
          b("date"), CborValue.Array.of(new CborValue.Int(date, null), new CborValue.Int(0, null)),
          b("branch"), b("default"),
          b("phase"), b(r < RESPONSES - 50 ? "public" : "draft"),
          b("description"), b(description.toString().trim()),
          b("files"), new CborValue.Array(files),
          b("extra"), CborValue.MapValue.of(b("branch"), b("default"), b("source"), hash(rnd)));
      CORPUS.add(CborEncoder.encode(map));
      previous = node;
    }
    int total = CORPUS.stream().mapToInt(a -> a.length).sum();
    assertTrue(total > 700 * RESPONSES && total < 1300 * RESPONSES, "corpus of " + total + " bytes");
  }

  /** Bytes of command-response payloads for the corpus sent on one stream, or on a fresh stream per request. */
  static long wireBytes(EncodingProfile profile, boolean spanning) {
    List<Frame> frames = new ArrayList<>();
    try (StreamRegistry server = new StreamRegistry(Side.SERVER)) {
      OutboundStream shared = spanning ? server.openOutbound(profile, 32768, frames::add) : null;
      for (int r = 0; r < RESPONSES; r++) {
        OutboundStream s = spanning ? shared : server.openOutbound(profile, 32768, frames::add);
        ResponseEmitter e = new ResponseEmitter(s, 2 * r + 1);
        e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
        e.write(ByteBuffer.wrap(CORPUS.get(r)));
        e.end(!spanning);
      }
    }
    // every response decodes, in order
    TestSupport.Collector c = new TestSupport.Collector();
    try (StreamRegistry client = new StreamRegistry(Side.CLIENT)) {
      for (Frame f : frames) {
        client.receive(f, c);
      }
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
    for (int r = 0; r < RESPONSES; r += 97) {
      byte[] got = c.of(2 * r + 1);
      assertArrayEquals(CORPUS.get(r), java.util.Arrays.copyOfRange(got, 11, got.length));
    }
    return frames.stream()
        .filter(f -> f.type() == FrameType.COMMAND_RESPONSE)
        .mapToLong(f -> f.payload().remaining())
        .sum();
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib"})
  void oneContextPerStreamBeatsOnePerRequest(String name) {
    EncodingProfile profile = EncodingProfiles.defaults().find(name).orElseThrow();
    long spanning = wireBytes(profile, true);
    long perRequest = wireBytes(profile, false);
    double ratio = (double) perRequest / spanning;
    System.out.printf("%s: one context %d bytes, one per request %d bytes, ratio %.2f%n", name, spanning, perRequest, ratio);
    assertTrue(ratio >= REQUIRED_RATIO, name + " ratio " + ratio + " below " + REQUIRED_RATIO);
  }
}
