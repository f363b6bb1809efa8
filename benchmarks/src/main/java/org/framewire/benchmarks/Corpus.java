package org.framewire.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;

/**
 * The deterministic response corpus of the compression benchmarks: 1000 small, similar command
 * responses, each the CBOR of one changeset-like map of about 1 KB — 20-byte random hashes (node,
 * parents, manifest, an extra source) beside recurring keys, users, paths and words. It is also
 * the corpus of {@code SpanningContextTest} (this module's tests), which checks ENC-3's gain on it.
 */
public final class Corpus {

  /** Responses in the corpus. */
  public static final int RESPONSES = 1000;

  /** The CBOR of the status map {@code {b'status': b'ok'}} that opens every ok response (SPEC.md §6.3). */
  public static final byte[] OK_STATUS =
      CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("status"), CborValue.Bytes.of("ok")));

  private static final String[] USERS = {
    "Alice Example <alice@example.org>", "Bob Builder <bob@builder.example>",
    "Carol Contributor <carol@contrib.example>", "Dave Developer <dave@dev.example>",
  };
  private static final String[] WORDS = {
    "fix", "stream", "encoding", "frame", "decoder", "limit", "window", "context", "request",
    "response", "flush", "zstd", "zlib", "registry", "emitter", "settings", "profile", "test",
  };

  private static final List<byte[]> RESPONSE_BYTES = build();

  private Corpus() {}

  /** The CBOR bytes of each response value, in order; the arrays are shared: do not modify them. */
  public static List<byte[]> responses() {
    return RESPONSE_BYTES;
  }

  /** Bytes of all response values together (status maps not counted). */
  public static long totalBytes() {
    long n = 0;
    for (byte[] r : RESPONSE_BYTES) {
      n += r.length;
    }
    return n;
  }

  private static CborValue b(String s) {
    return CborValue.Bytes.of(s);
  }

  private static CborValue hash(Random rnd) {
    byte[] h = new byte[20];
    rnd.nextBytes(h);
    return new CborValue.Bytes(h);
  }

  private static List<byte[]> build() {
    Random rnd = new Random(20260101);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      paths.add("src/main/java/org/example/" + WORDS[i % WORDS.length] + "/" + WORDS[(i * 7) % WORDS.length]
          + WORDS[(i * 5 + 3) % WORDS.length] + ".java");
    }
    List<byte[]> out = new ArrayList<>(RESPONSES);
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
      out.add(CborEncoder.encode(map));
      previous = node;
    }
    return List.copyOf(out);
  }
}
