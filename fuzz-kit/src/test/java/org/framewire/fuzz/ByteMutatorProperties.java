package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborLimits;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.spec.ProtocolException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The byte mutator: deterministic, bounded, every mutation reachable; and framewire under it. */
class ByteMutatorProperties {

  static final ProtocolLimits LIMITS = ConversationProperties.LIMITS;
  static final ByteMutator MUTATOR = new ByteMutator();

  @Property(tries = 600)
  void mutationsAreDeterministicBoundedAndAllReachable(
      @ForAll("conversationBytes") byte[] input, @ForAll long seed, @ForAll("maxSizes") int maxSize) {
    ByteMutator.Result a = MUTATOR.mutate(input, maxSize, RandomSource.seeded(seed));
    ByteMutator.Result b = MUTATOR.mutate(input, maxSize, RandomSource.seeded(seed));
    assertArrayEquals(a.bytes(), b.bytes());
    assertEquals(a.mutation(), b.mutation());
    assertTrue(a.bytes().length <= maxSize);
    Statistics.label("mutation").collect(a.mutation());
    Statistics.label("mutation").coverage(k -> {
      for (ByteMutator.Mutation m : ByteMutator.Mutation.values()) {
        k.check(m).count(n -> n > 0);
      }
    });
  }

  @Property(tries = 200)
  void aFuzzersBytesSteerTheMutationsReproducibly(@ForAll("conversationBytes") byte[] input, @ForAll byte[] fuzzerInput) {
    byte[] a = MUTATOR.mutate(input, 1 << 16, RandomSource.fromBytes(fuzzerInput)).bytes();
    byte[] b = MUTATOR.mutate(input, 1 << 16, RandomSource.fromBytes(fuzzerInput)).bytes();
    assertArrayEquals(a, b);
  }

  @Property(tries = 300)
  void frameEditsTouchOnlyHeaderFields(@ForAll("conversationBytes") byte[] input, @ForAll long seed) {
    ByteMutator frameOnly = new ByteMutator(EnumSet.of(ByteMutator.Mutation.FRAME_LENGTH), List.of());
    byte[] out = frameOnly.mutate(input, input.length, RandomSource.seeded(seed)).bytes();
    assertEquals(input.length, out.length);
    List<Integer> headers = ByteMutator.frameHeaders(input);
    for (int i = 0; i < input.length; i++) {
      if (input[i] != out[i]) {
        int at = i;
        assertTrue(headers.stream().anyMatch(h -> at >= h && at < h + 3), "only length bytes change");
      }
    }
  }

  @Example
  void simpleMutationsDoWhatTheySay() {
    byte[] input = new byte[64];
    for (int i = 0; i < input.length; i++) {
      input[i] = (byte) i;
    }
    for (long seed = 0; seed < 50; seed++) {
      byte[] flipped = only(ByteMutator.Mutation.BIT_FLIP).mutate(input, 100, RandomSource.seeded(seed)).bytes();
      int bits = 0;
      for (int i = 0; i < input.length; i++) {
        bits += Integer.bitCount((input[i] ^ flipped[i]) & 0xFF);
      }
      assertEquals(1, bits);
      byte[] cut = only(ByteMutator.Mutation.TRUNCATE).mutate(input, 100, RandomSource.seeded(seed)).bytes();
      assertTrue(cut.length < input.length);
      assertArrayEquals(java.util.Arrays.copyOf(input, cut.length), cut);
      assertTrue(only(ByteMutator.Mutation.DELETE).mutate(input, 100, RandomSource.seeded(seed)).bytes().length < 64);
      assertTrue(only(ByteMutator.Mutation.INSERT).mutate(input, 100, RandomSource.seeded(seed)).bytes().length > 64);
    }
    // Nothing to truncate in an empty input: the mutator inserts instead.
    assertEquals(ByteMutator.Mutation.INSERT,
        only(ByteMutator.Mutation.TRUNCATE).mutate(new byte[0], 10, RandomSource.seeded(3)).mutation());
  }

  @Property(tries = 300)
  void framewireMeetsMutatedConversationsWithProtocolErrorsOnly(@ForAll("mutated") byte[] input) throws IOException {
    // The frame decoder: frames or a ProtocolException, nothing else.
    try {
      for (Frame f : FrameDecoder.decodeAll(input, FrameHeader.MAX_PAYLOAD_LENGTH)) {
        try {
          CborDecoder.decodeAll(ByteBuffer.wrap(f.payloadBytes()), CborLimits.DEFAULT);
        } catch (ProtocolException expected) {
          assertNotNull(expected.requirement());
        }
      }
    } catch (ProtocolException expected) {
      assertNotNull(expected.requirement());
    }
    // The server session: a verdict, closed in the end, never an exception.
    Transcript t = Oracle.run(ConversationProperties.REFERENCE, input, List.of());
    assertTrue(t.outputWellFramed(), t::toString);
    Statistics.label("verdict").collect(t.verdict().rejected() ? t.verdict().requirement().map(r -> r.id()).orElse("?") : "accepted");
  }

  private static ByteMutator only(ByteMutator.Mutation m) {
    return new ByteMutator(EnumSet.of(m), List.of());
  }

  @Provide
  Arbitrary<byte[]> conversationBytes() {
    return ConversationArbitraries.valid(LIMITS).map(Conversation::bytes);
  }

  @Provide
  Arbitrary<Integer> maxSizes() {
    return net.jqwik.api.Arbitraries.integers().between(0, 1 << 16).edgeCases(c -> c.add(0, 1, 8));
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    return ConversationArbitraries.mutated(LIMITS, MUTATOR);
  }
}
