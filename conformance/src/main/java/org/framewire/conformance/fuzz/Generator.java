package org.framewire.conformance.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.framewire.frames.FrameType;
import org.framewire.fuzz.ByteMutator;
import org.framewire.fuzz.Conversation;
import org.framewire.fuzz.ConversationArbitraries;
import org.framewire.fuzz.ProtocolLimits;
import org.framewire.fuzz.RandomSource;
import org.framewire.fuzz.ViolationKind;

/**
 * The inputs of a fuzz run. Sequence {@code i} of a run with seed {@code s} is a function of {@code
 * s} and {@code i} alone: about one in three a valid conversation of fuzz-kit's model, the rest a
 * conversation valid up to one violation of a kind drawn uniformly from those the target's limits
 * allow ({@link ViolationKind#applicable}); each kind draws its conversation from its own stream of
 * decisions ({@link RandomSource#seeded(long, long)}), so kinds do not share their valid prefix.
 * On top, a share of the sequences carries a second violation (the violating frame of another
 * kind's conversation appended), and a share is mutated byte-wise by the kit's {@link ByteMutator}.
 *
 * <p>A corpus directory keeps inputs that showed a new signature, one file each ({@code
 * LABEL--DIGEST.bin}, the raw client bytes, the label with {@code ~} for {@code /}); a run replays it before generating, under the labels it was saved with.
 */
final class Generator {
  private static final ByteMutator MUTATOR = new ByteMutator();

  private final long seed;
  private final ProtocolLimits limits;
  private final int maxFrames;
  private final int mutatePercent;
  private final int multiPercent;
  private final List<ViolationKind> kinds;

  Generator(long seed, ProtocolLimits limits, int maxFrames, int mutatePercent, int multiPercent) {
    this.seed = seed;
    this.limits = limits;
    this.maxFrames = maxFrames;
    this.mutatePercent = mutatePercent;
    this.multiPercent = multiPercent;
    this.kinds = Arrays.stream(ViolationKind.values()).filter(k -> k.applicable(limits)).toList();
  }

  /** Sequence {@code index} of the run. */
  Input generate(long index) {
    RandomSource pick = RandomSource.seeded(seed, index);
    int choice = pick.nextInt(kinds.size() + kinds.size() / 2); // about one in three valid
    if (choice >= kinds.size()) {
      Conversation c = conversation(null, index);
      return maybeMutated(pick, index, new Input(label(c), frames(c), c.trailing()), c);
    }
    ViolationKind kind = kinds.get(choice);
    Conversation c = conversation(kind, index);
    String label = label(c);
    if (c.trailing().length == 0 && pick.chance(multiPercent)) {
      Conversation second = conversation(kinds.get(pick.nextInt(kinds.size())), index ^ 0x5DEECE66DL);
      List<byte[]> frames = new ArrayList<>(frames(c));
      int at = second.violation().frameIndex();
      List<byte[]> more = frames(second);
      if (at < more.size() && frames.size() < maxFrames) {
        frames.add(more.get(at));
        return new Input(label, frames, second.trailing()); // the first violation decides the reference's verdict
      }
    }
    return maybeMutated(pick, index, new Input(label, frames(c), c.trailing()), c);
  }

  private Input maybeMutated(RandomSource pick, long index, Input in, Conversation c) {
    if (!pick.chance(mutatePercent)) {
      return in;
    }
    byte[] bytes = c.bytes();
    byte[] mutated = MUTATOR.mutate(bytes, bytes.length + 1024, seed * 0x9E3779B97F4A7C15L + index, 4);
    Input out = Input.of("mutated", mutated);
    return out.frames().size() <= maxFrames ? out : in; // a mutated length can cut the rest into many tiny frames
  }

  /** A conversation of at most {@code maxFrames} frames when one is found in 50 attempts, else the smallest. */
  private Conversation conversation(ViolationKind kind, long index) {
    long stream = kind == null ? 0 : kind.ordinal() + 1L;
    Conversation smallest = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      RandomSource r = RandomSource.seeded(seed + 0x632BE59BD9B4E019L * stream, index * 64 + attempt);
      Conversation c = kind == null ? ConversationArbitraries.valid(limits, r)
          : ConversationArbitraries.violating(kind, limits, r);
      if (c.frames().size() <= maxFrames) {
        return c;
      }
      if (smallest == null || c.frames().size() < smallest.frames().size()) {
        smallest = c;
      }
      if (attempt >= 2 && smallest.frames().size() > 2 * maxFrames) {
        break; // a size violation (CMD-6 with the §10 bounds) needs its frames: more attempts would not help
      }
    }
    return smallest;
  }

  /** A valid conversation that sends stream settings for its own streams (ENC-10). */
  static final String VALID_WITH_STREAM_SETTINGS = "valid+stream-settings";

  /**
   * How a conversation was generated: {@code KIND/REQUIREMENT} for a violation; for a valid one
   * {@code valid}, or {@link #VALID_WITH_STREAM_SETTINGS} when the client sends stream settings
   * (SPEC.md §4.1, which a server must accept, ENC-10), so that a target refusing only those gets a
   * signature of its own (Mercurial 6.3.2's server, interop/mercurial-server.deviations).
   */
  static String label(Conversation c) {
    if (!c.valid()) {
      return c.kind().orElseThrow() + "/" + c.expected().orElseThrow().id();
    }
    boolean settings = c.frames().stream().anyMatch(f -> f.type() == FrameType.STREAM_SETTINGS);
    return settings ? VALID_WITH_STREAM_SETTINGS : "valid";
  }

  private static List<byte[]> frames(Conversation c) {
    return c.frames().stream().map(f -> f.toBytes()).toList();
  }

  /** The corpus's inputs, in file-name order; none when {@code dir} does not exist. */
  static List<Input> readCorpus(Path dir) throws IOException {
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    List<Input> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".bin")).sorted().toList()) {
        String name = f.getFileName().toString();
        int sep = name.indexOf("--");
        String label = sep > 0 ? name.substring(0, sep).replace('~', '/') : "corpus";
        out.add(Input.of(label, Files.readAllBytes(f)));
      }
    }
    return out;
  }

  /** Saves {@code input} in the corpus (once: the file is named by its digest). */
  static void save(Path dir, Input input) throws IOException {
    Files.createDirectories(dir);
    String label = input.generated().replace('/', '~').replaceAll("[^A-Za-z0-9+~_-]", "");
    byte[] bytes = input.bytes();
    Files.write(dir.resolve(label + "--" + digest(bytes) + ".bin"), bytes);
  }

  static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
