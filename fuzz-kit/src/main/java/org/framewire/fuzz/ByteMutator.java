package org.framewire.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.framewire.frames.FrameHeader;

/**
 * A byte-level mutator for framewire inputs, for coverage-guided fuzzers (Jazzer, libFuzzer) and
 * for properties: bit flips, interesting bytes, insertions, deletions, duplications, truncation,
 * splices, and edits that know the wire format — a frame header's 24-bit length or one of its other
 * fields set to a boundary value (SPEC.md §2.1), a CBOR head's declared length or count rewritten
 * (§5.4). Plain Java without dependencies; every decision comes from a {@link RandomSource}, so a
 * mutation is reproducible from its seed or from the fuzzer's bytes.
 *
 * <pre>{@code
 * // Jazzer: the fuzzer's bytes steer the mutations of a valid conversation.
 * public static void fuzzerTestOneInput(byte[] data) {
 *   byte[] seed = SEEDS.get(Byte.toUnsignedInt(data.length > 0 ? data[0] : 0) % SEEDS.size());
 *   byte[] input = MUTATOR.mutate(seed, 1 << 16, RandomSource.fromBytes(data)).bytes();
 *   myParser.parseAll(input);      // must throw only its own protocol error
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; the random source passed in is not.
 */
public final class ByteMutator {

  /** The kinds of mutation. */
  public enum Mutation {
    /** One bit flipped. */
    BIT_FLIP,
    /** One byte set to 0x00, 0x01, 0x7f, 0x80, 0xfe or 0xff. */
    INTERESTING_BYTE,
    /** A run of 1 to 8 random bytes overwritten. */
    RANDOM_BYTES,
    /** 1 to 16 random bytes inserted. */
    INSERT,
    /** A range of 1 to 16 bytes deleted. */
    DELETE,
    /** A range of the input copied to another position. */
    DUPLICATE,
    /** The input cut short. */
    TRUNCATE,
    /** A range of a corpus entry (or of the input itself) inserted or overwritten at a position. */
    SPLICE,
    /** A frame header's payload length set to a boundary: 0, ±1, 65535, 65536, 2^24-1, the rest. */
    FRAME_LENGTH,
    /** A frame header's request id, stream id, stream flags, type or flags set to a boundary. */
    FRAME_FIELD,
    /** A CBOR head's declared length or count rewritten in place. */
    CBOR_LENGTH
  }

  /**
   * The outcome of one mutation.
   *
   * @param bytes the mutated input, at most the requested maximum size
   * @param mutation what was done
   */
  public record Result(byte[] bytes, Mutation mutation) {}

  private static final int[] INTERESTING = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};

  private final List<Mutation> enabled;
  private final List<byte[]> corpus;

  /** A mutator with every mutation and no corpus (splices take from the input itself). */
  public ByteMutator() {
    this(EnumSet.allOf(Mutation.class), List.of());
  }

  /**
   * A mutator with the given mutations, splicing from {@code corpus} (may be empty).
   *
   * @throws IllegalArgumentException when {@code enabled} is empty
   */
  public ByteMutator(Set<Mutation> enabled, List<byte[]> corpus) {
    if (enabled.isEmpty()) {
      throw new IllegalArgumentException("no mutation enabled");
    }
    this.enabled = List.copyOf(EnumSet.copyOf(enabled));
    List<byte[]> copies = new ArrayList<>();
    for (byte[] c : corpus) {
      copies.add(c.clone());
    }
    this.corpus = List.copyOf(copies);
  }

  /** This mutator, splicing from {@code corpus}. */
  public ByteMutator withCorpus(List<byte[]> corpus) {
    return new ByteMutator(EnumSet.copyOf(enabled), corpus);
  }

  /** The enabled mutations. */
  public List<Mutation> mutations() {
    return enabled;
  }

  /**
   * One mutation of {@code input}, chosen by {@code random}; the result is cut to {@code maxSize}
   * bytes. A mutation that does not apply to this input (a frame edit without a frame header) falls
   * back to a bit flip, or, for an empty input, to an insertion.
   */
  public Result mutate(byte[] input, int maxSize, RandomSource random) {
    Objects.requireNonNull(input, "input");
    if (maxSize < 0) {
      throw new IllegalArgumentException("maxSize " + maxSize + " is negative");
    }
    Mutation m = enabled.get(random.nextInt(enabled.size()));
    byte[] out = apply(m, input, random);
    if (out == null) {
      m = input.length == 0 ? Mutation.INSERT : Mutation.BIT_FLIP;
      out = apply(m, input, random);
    }
    return new Result(out.length > maxSize ? Arrays.copyOf(out, maxSize) : out, m);
  }

  /**
   * One to {@code maxStack} mutations in a row, every decision from {@code seed}: the form a
   * custom-mutator hook ({@code (data, maxSize, seed) -> data}) wants.
   */
  public byte[] mutate(byte[] input, int maxSize, long seed, int maxStack) {
    RandomSource random = RandomSource.seeded(seed);
    byte[] out = input;
    for (int n = 1 + random.nextInt(Math.max(1, maxStack)); n > 0; n--) {
      out = mutate(out, maxSize, random).bytes();
    }
    return out;
  }

  /**
   * The start of {@code a} up to a random point followed by the rest of {@code b} from a random
   * point, cut to {@code maxSize}: a custom cross-over.
   */
  public byte[] crossOver(byte[] a, byte[] b, int maxSize, RandomSource random) {
    int cutA = random.nextInt(a.length + 1);
    int cutB = random.nextInt(b.length + 1);
    byte[] out = new byte[Math.min(maxSize, cutA + b.length - cutB)];
    System.arraycopy(a, 0, out, 0, Math.min(cutA, out.length));
    if (out.length > cutA) {
      System.arraycopy(b, cutB, out, cutA, out.length - cutA);
    }
    return out;
  }

  /** Applies {@code m}; {@code null} when it does not apply to {@code in}. */
  private byte[] apply(Mutation m, byte[] in, RandomSource r) {
    int n = in.length;
    switch (m) {
      case BIT_FLIP -> {
        if (n == 0) {
          return null;
        }
        byte[] out = in.clone();
        int bit = r.nextInt(n * 8);
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
      }
      case INTERESTING_BYTE -> {
        if (n == 0) {
          return null;
        }
        byte[] out = in.clone();
        out[r.nextInt(n)] = (byte) INTERESTING[r.nextInt(INTERESTING.length)];
        return out;
      }
      case RANDOM_BYTES -> {
        if (n == 0) {
          return null;
        }
        byte[] out = in.clone();
        int at = r.nextInt(n);
        for (int i = at, end = Math.min(n, at + 1 + r.nextInt(8)); i < end; i++) {
          out[i] = (byte) r.nextInt(256);
        }
        return out;
      }
      case INSERT -> {
        byte[] extra = new byte[1 + r.nextInt(16)];
        r.nextBytes(extra);
        return insert(in, r.nextInt(n + 1), extra);
      }
      case DELETE -> {
        if (n == 0) {
          return null;
        }
        int at = r.nextInt(n);
        int len = Math.min(n - at, 1 + r.nextInt(16));
        return delete(in, at, len);
      }
      case DUPLICATE -> {
        if (n == 0) {
          return null;
        }
        int from = r.nextInt(n);
        int len = Math.min(n - from, 1 + r.nextInt(32));
        return insert(in, r.nextInt(n + 1), Arrays.copyOfRange(in, from, from + len));
      }
      case TRUNCATE -> {
        return n == 0 ? null : Arrays.copyOf(in, r.nextInt(n));
      }
      case SPLICE -> {
        byte[] source = corpus.isEmpty() ? in : corpus.get(r.nextInt(corpus.size()));
        if (source.length == 0) {
          return null;
        }
        int from = r.nextInt(source.length);
        byte[] piece = Arrays.copyOfRange(source, from, from + Math.min(source.length - from, 1 + r.nextInt(64)));
        int at = r.nextInt(n + 1);
        if (r.chance(50) || at + piece.length > n) {
          return insert(in, at, piece);
        }
        byte[] out = in.clone();
        System.arraycopy(piece, 0, out, at, piece.length);
        return out;
      }
      case FRAME_LENGTH -> {
        int at = anyFrameHeader(in, r);
        if (at < 0) {
          return null;
        }
        FrameHeader h = FrameHeader.parse(in, at);
        int length = h.payloadLength();
        int rest = n - at - FrameHeader.SIZE;
        int[] choices = {0, Math.max(0, length - 1), length + 1, 0xFFFF, 0x10000, FrameHeader.MAX_PAYLOAD_LENGTH,
            Math.max(0, rest), rest + 1, r.nextInt(FrameHeader.MAX_PAYLOAD_LENGTH + 1)};
        int v = Math.min(choices[r.nextInt(choices.length)], FrameHeader.MAX_PAYLOAD_LENGTH);
        byte[] out = in.clone();
        new FrameHeader(v, h.requestId(), h.streamId(), h.streamFlags(), h.typeCode(), h.flags()).writeTo(out, at);
        return out;
      }
      case FRAME_FIELD -> {
        int at = anyFrameHeader(in, r);
        if (at < 0) {
          return null;
        }
        FrameHeader h = FrameHeader.parse(in, at);
        int length = h.payloadLength();
        int requestId = h.requestId();
        int streamId = h.streamId();
        int streamFlags = h.streamFlags();
        int typeCode = h.typeCode();
        int flags = h.flags();
        switch (r.nextInt(5)) {
          case 0 -> requestId = new int[] {0, 1, 2, 0xFFFE, 0xFFFF, r.nextInt(0x10000)}[r.nextInt(6)];
          case 1 -> streamId = new int[] {0, 1, 2, 0xFE, 0xFF, r.nextInt(256)}[r.nextInt(6)];
          case 2 -> streamFlags = r.chance(50) ? r.nextInt(8) : 0x08 << r.nextInt(5) | r.nextInt(8);
          case 3 -> typeCode = r.nextInt(16);
          default -> flags = r.nextInt(16);
        }
        byte[] out = in.clone();
        new FrameHeader(length, requestId, streamId, streamFlags, typeCode, flags).writeTo(out, at);
        return out;
      }
      case CBOR_LENGTH -> {
        int from = 0;
        int to = n;
        List<Integer> headers = frameHeaders(in);
        if (!headers.isEmpty()) {
          int at = headers.get(r.nextInt(headers.size()));
          int length = FrameHeader.parse(in, at).payloadLength();
          from = at + FrameHeader.SIZE;
          to = Math.min(n, from + length);
        }
        List<int[]> heads = HeadWalker.sizedHeads(in, from, to);
        if (heads.isEmpty()) {
          return null;
        }
        int[] head = heads.get(r.nextInt(heads.size()));
        byte[] out = in.clone();
        int p = head[0];
        int width = head[2];
        if (width == 0) {
          out[p] = (byte) (head[1] << 5 | r.nextInt(28)); // 24..27 make the next bytes the argument
        } else {
          boolean max = r.chance(30);
          for (int i = 1; i <= width; i++) {
            out[p + i] = (byte) (max ? 0xFF : r.nextInt(256));
          }
        }
        return out;
      }
      default -> throw new AssertionError(m);
    }
  }

  /** The offset of one of {@code in}'s {@link #frameHeaders}, drawn from {@code r}; -1 for none. */
  private static int anyFrameHeader(byte[] in, RandomSource r) {
    List<Integer> headers = frameHeaders(in);
    return headers.isEmpty() ? -1 : headers.get(r.nextInt(headers.size()));
  }

  /**
   * The offsets of the frame headers in {@code in}, read as frames back to back from offset 0:
   * every header that lies wholly inside the input, up to the first frame whose payload overruns it.
   */
  static List<Integer> frameHeaders(byte[] in) {
    List<Integer> out = new ArrayList<>();
    int p = 0;
    while (p + FrameHeader.SIZE <= in.length) {
      out.add(p);
      p += FrameHeader.SIZE + FrameHeader.lengthOf(FrameHeader.read(in, p));
    }
    return out;
  }

  private static byte[] insert(byte[] in, int at, byte[] extra) {
    byte[] out = new byte[in.length + extra.length];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(extra, 0, out, at, extra.length);
    System.arraycopy(in, at, out, at + extra.length, in.length - at);
    return out;
  }

  private static byte[] delete(byte[] in, int at, int len) {
    byte[] out = new byte[in.length - len];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(in, at + len, out, at, in.length - at - len);
    return out;
  }
}
