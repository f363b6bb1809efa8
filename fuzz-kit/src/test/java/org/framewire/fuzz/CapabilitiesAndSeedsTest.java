package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Limits with fewer encodings, decision streams per kind, and the oracle over raw bytes. */
class CapabilitiesAndSeedsTest {
  static final ProtocolLimits IDENTITY_ONLY = ProtocolLimits.SPEC_DEFAULTS.withEncodings(List.of("identity"));

  @Test
  void aReceiverWithoutCompressionIsOfferedNoProfileAndNoKindThatNeedsOne() {
    for (long s = 0; s < 200; s++) {
      Conversation c = ConversationArbitraries.valid(IDENTITY_ONLY, RandomSource.seeded(s));
      String text = new String(c.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertFalse(text.contains("zlib") || text.contains("zstd-8mb"), c::toString);
    }
    for (ViolationKind k : List.of(ViolationKind.ZSTD_WINDOW_TOO_LARGE, ViolationKind.DECODE_BOMB,
        ViolationKind.ENCODED_CORRUPT, ViolationKind.TOO_MANY_DECODERS)) {
      assertFalse(k.applicable(IDENTITY_ONLY), k::toString);
      assertTrue(k.applicable(ProtocolLimits.SPEC_DEFAULTS), k::toString);
    }
    assertFalse(ViolationKind.ZSTD_WINDOW_TOO_LARGE.applicable(ProtocolLimits.SPEC_DEFAULTS.withEncodings(List.of("identity", "zlib"))));
    assertThrows(IllegalArgumentException.class, () -> ProtocolLimits.SPEC_DEFAULTS.withEncodings(List.of("zlib")));
  }

  @Test
  void eachStreamOfASeedHasItsOwnDecisions() {
    int same = 0;
    for (long s = 0; s < 50; s++) {
      Conversation a = ConversationArbitraries.violating(ViolationKind.EVEN_REQUEST_ID, ProtocolLimits.SPEC_DEFAULTS,
          RandomSource.seeded(s, ViolationKind.EVEN_REQUEST_ID.ordinal()));
      Conversation b = ConversationArbitraries.violating(ViolationKind.RESERVED_TYPE, ProtocolLimits.SPEC_DEFAULTS,
          RandomSource.seeded(s, ViolationKind.RESERVED_TYPE.ordinal()));
      int prefix = Math.min(a.violation().frameIndex(), b.violation().frameIndex());
      if (prefix > 0 && a.frames().subList(0, prefix).equals(b.frames().subList(0, prefix))) {
        same++;
      }
    }
    assertTrue(same < 5, same + " of 50 seeds gave two kinds the same prefix");
    RandomSource x = RandomSource.seeded(7, 1);
    RandomSource y = RandomSource.seeded(7, 1);
    for (int i = 0; i < 20; i++) {
      assertEquals(x.nextInt(1000), y.nextInt(1000));
    }
    assertNotEquals(RandomSource.seeded(7, 1).nextInt(1 << 30), RandomSource.seeded(7, 2).nextInt(1 << 30));
  }

  @Test
  void theOracleComparesRawBytes() throws IOException {
    ServerAdapter ref = ReferenceServerAdapter.forLimits(ProtocolLimits.SPEC_DEFAULTS);
    byte[] bytes = ConversationArbitraries.violating(ViolationKind.EVEN_REQUEST_ID, ProtocolLimits.SPEC_DEFAULTS,
        RandomSource.seeded(3)).bytes();
    Oracle.Comparison c = Oracle.compare(ref, ref, bytes, List.of());
    assertTrue(c.agree());
    assertNull(c.conversation());
    assertThrows(IllegalStateException.class, c::candidateMatchesLabel);
    assertTrue(c.toString().contains("(raw bytes)"));
  }
}
