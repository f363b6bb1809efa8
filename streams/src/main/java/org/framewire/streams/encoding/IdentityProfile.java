package org.framewire.streams.encoding;

import java.nio.ByteBuffer;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;

/**
 * The {@code identity} profile (SPEC.md §4.2): payload bytes travel unchanged. It takes no
 * settings values.
 *
 * <p>Streams recognise it by {@link #isIdentity()} and pass payloads through without creating a
 * context or copying; the encoder and decoder here exist so that the profile is a complete {@link
 * EncodingProfile} for code that drives contexts directly. They copy {@code src} to {@code dst}.
 */
public final class IdentityProfile implements EncodingProfile {

  /** The wire name. */
  public static final String NAME = "identity";

  /** The one instance. */
  public static final IdentityProfile INSTANCE = new IdentityProfile();

  private IdentityProfile() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isIdentity() {
    return true;
  }

  /** Any bytes are complete members of identity. */
  @Override
  public boolean supportsMembers() {
    return true;
  }

  @Override
  public ContentEncoder newEncoder() {
    return new ContentEncoder() {
      @Override
      public void encode(ByteBuffer src, ByteBuffer dst) {
        copy(src, dst);
      }

      @Override
      public boolean flush(ByteBuffer dst) {
        return true;
      }

      @Override
      public boolean endMember(ByteBuffer dst) {
        return true;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public ContentDecoder newDecoder(List<CborValue> values) throws ProtocolException {
    Profiles.requireNoValues(NAME, values);
    return new ContentDecoder() {
      @Override
      public void decode(ByteBuffer src, ByteBuffer dst) {
        copy(src, dst);
      }

      @Override
      public void close() {}
    };
  }

  private static void copy(ByteBuffer src, ByteBuffer dst) {
    int n = Math.min(src.remaining(), dst.remaining());
    ByteBuffer part = src.slice();
    part.limit(n);
    dst.put(part);
    src.position(src.position() + n);
  }

  @Override
  public String toString() {
    return NAME;
  }
}
