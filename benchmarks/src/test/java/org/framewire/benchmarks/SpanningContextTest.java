package org.framewire.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Why the context spans requests (ENC-3): on the deterministic {@link Corpus} of 1000 small,
 * similar CBOR responses, one context for the whole stream sends at least 1.4 times fewer
 * command-response payload bytes than a fresh context per request, as {@link CompressionSizes}
 * measures them (both decoded back to the corpus). Sizes are deterministic: this is a size test,
 * not a timing test. It lives beside the corpus and the measurement so that both exist once.
 */
class SpanningContextTest {

  private static final double REQUIRED_RATIO = 1.4;

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib"})
  void oneContextPerStreamBeatsOnePerRequest(String name) {
    EncodingProfile profile = EncodingProfiles.defaults().find(name).orElseThrow();
    CompressionSizes.Sizes sizes = CompressionSizes.measure(profile);
    System.out.printf("%s: one context %d bytes, one per request %d bytes, ratio %.2f%n", name,
        sizes.oneStream(), sizes.perRequest(), sizes.contextSpanGain());
    assertTrue(sizes.contextSpanGain() >= REQUIRED_RATIO,
        name + " ratio " + sizes.contextSpanGain() + " below " + REQUIRED_RATIO);
  }
}
