package org.framewire.streams.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ordered, immutable profile registry (SPEC.md §4.2, §8.2, SET-3). */
class EncodingProfilesTest {

  @Test
  void defaultsInMercurialsPreferenceOrder() {
    EncodingProfiles d = EncodingProfiles.defaults();
    assertEquals(List.of("zstd-8mb", "zlib", "identity"), d.names());
    assertSame(EncodingProfiles.ZLIB, d.find("zlib").orElseThrow());
    assertEquals(Optional.empty(), d.find("gzip"));
    assertTrue(d.find("identity").orElseThrow().isIdentity());
  }

  @Test
  void chooseTakesOurFavouriteAmongThePeers() {
    EncodingProfiles d = EncodingProfiles.defaults();
    assertEquals("zstd-8mb", d.choose(List.of("identity", "zlib", "zstd-8mb")).orElseThrow().name());
    assertEquals("zlib", d.choose(List.of("identity", "zlib")).orElseThrow().name());
    assertEquals("identity", d.choose(List.of("identity")).orElseThrow().name());
    assertEquals(Optional.empty(), d.choose(List.of("brotli")));
  }

  @Test
  void userProfilesJoinAtEitherEnd() {
    EncodingProfile xor = new XorProfile();
    EncodingProfiles least = EncodingProfiles.defaults().with(xor);
    EncodingProfiles most = EncodingProfiles.defaults().withPreferred(xor);
    assertEquals(List.of("zstd-8mb", "zlib", "identity", "xor-test"), least.names());
    assertEquals(List.of("xor-test", "zstd-8mb", "zlib", "identity"), most.names());
    assertEquals("xor-test", most.choose(List.of("zlib", "xor-test")).orElseThrow().name());
    assertEquals(List.of("zstd-8mb", "zlib", "identity"), EncodingProfiles.defaults().names());
  }

  @Test
  void namesAreUniqueAndPrintableAscii() {
    assertThrows(IllegalArgumentException.class, () -> EncodingProfiles.defaults().with(ZlibProfile.DEFAULT));
    assertThrows(IllegalArgumentException.class, () -> EncodingProfiles.of(named("")));
    assertThrows(IllegalArgumentException.class, () -> EncodingProfiles.of(named("has space")));
    assertThrows(IllegalArgumentException.class, () -> EncodingProfiles.of(named("caf\u00e9")));
  }

  private static EncodingProfile named(String name) {
    return new XorProfile() {
      @Override
      public String name() {
        return name;
      }
    };
  }
}
