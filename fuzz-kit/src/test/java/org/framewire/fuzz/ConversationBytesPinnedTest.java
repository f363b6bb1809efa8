package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import net.jqwik.api.Example;

/**
 * The conversation model's output, pinned: the same seeds give byte-identical conversations, so a
 * refactoring of {@link ConversationBuilder} (split by violation family) keeps every seed, corpus
 * entry and finding reproducible. The hash covers, for seeds 0..15, a valid conversation and one of
 * every applicable violation kind, under the SPEC.md §10 defaults and under small limits, and the
 * violations' labels. A change to the model that alters them on purpose updates the hash here.
 */
class ConversationBytesPinnedTest {

  static final int SEEDS = 16;

  /** Small limits, two encodings: the limit kinds at other sizes, and no zstd. */
  static final ProtocolLimits SMALL =
      new ProtocolLimits(256, 4096, 8192, 4, 8, 2, 8, 16, java.util.List.of("zlib", "identity"));

  static final String PINNED = "6ea60dbdf7ee77ff2b0a3c2a47c1f7ceb166a5b10c3955ceaed3a83f30f748e3";

  @Example
  void theSameSeedsGiveTheSameBytes() throws NoSuchAlgorithmException {
    assertEquals(PINNED, hash());
  }

  static String hash() throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (ProtocolLimits limits : new ProtocolLimits[] {ProtocolLimits.SPEC_DEFAULTS, SMALL}) {
      for (long seed = 0; seed < SEEDS; seed++) {
        update(sha, ConversationArbitraries.valid(limits, RandomSource.seeded(seed)));
        for (ViolationKind kind : ViolationKind.values()) {
          if (kind.applicable(limits)) {
            update(sha, ConversationArbitraries.violating(kind, limits, RandomSource.seeded(seed, kind.ordinal())));
          }
        }
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void update(MessageDigest sha, Conversation c) {
    sha.update(c.bytes());
    sha.update(String.valueOf(c.violation()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    sha.update(c.completedRequests().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
