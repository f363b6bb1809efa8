package org.framewire.streams.encoding;

import java.nio.ByteBuffer;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;

/** Helpers shared by the built-in profiles. */
final class Profiles {

  /** Bytes of the staging buffer through which read-only heap input reaches zstd-jni. */
  static final int STAGING_SIZE = 32 * 1024;

  private Profiles() {}

  /**
   * The one check of every built-in context before it works: a closed encoder or decoder has freed
   * its context (native memory included), so using it is a caller's bug.
   *
   * @param what {@code "encoder"} or {@code "decoder"}, for the message
   */
  static void ensureOpen(boolean closed, String what) {
    if (closed) {
      throw new IllegalStateException(what + " closed");
    }
  }

  /** The built-in profiles take no settings values; any value breaks {@code ENC-1}. */
  static void requireNoValues(String profile, List<CborValue> values) throws ProtocolException {
    if (!values.isEmpty()) {
      throw ProtocolException.violation(Requirement.ENC_SETTINGS_FORMAT,
          "profile %s takes no settings values, got %d", profile, values.size());
    }
  }

  /** Whether zstd-jni can read {@code b} in place: direct, or heap with an accessible array. */
  static boolean nativeReadable(ByteBuffer b) {
    return b.isDirect() || b.hasArray();
  }

  /**
   * Copies as much of {@code src} as fits into {@code staging} (which must be empty, in read
   * mode), leaving {@code staging} in read mode over the copied bytes.
   */
  static void stage(ByteBuffer src, ByteBuffer staging) {
    int n = Math.min(src.remaining(), staging.capacity());
    staging.clear();
    ByteBuffer part = src.slice();
    part.limit(n);
    staging.put(part);
    staging.flip();
    src.position(src.position() + n);
  }
}
