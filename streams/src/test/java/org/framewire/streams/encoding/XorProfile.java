package org.framewire.streams.encoding;

import java.nio.ByteBuffer;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;

/**
 * A test profile as a user would write one: it takes a settings value (a one-byte key) and XORs
 * every byte with it. It shows that profiles are open, that their settings values travel in the
 * stream-settings frame, and that a decoder rejects values it does not understand.
 */
public class XorProfile implements EncodingProfile {

  public static final int KEY = 0x5a;

  @Override
  public String name() {
    return "xor-test";
  }

  @Override
  public List<CborValue> settingsValues() {
    return List.of(new CborValue.Int(KEY, null));
  }

  @Override
  public ContentEncoder newEncoder() {
    return new Codec(KEY);
  }

  @Override
  public ContentDecoder newDecoder(List<CborValue> values) throws ProtocolException {
    if (values.size() != 1 || !(values.get(0) instanceof CborValue.Int i) || !i.fitsLong() || i.value() < 0 || i.value() > 255) {
      throw new ProtocolException(Requirement.ENC_SETTINGS_FORMAT, "xor-test takes one key byte");
    }
    return new Codec((int) i.value());
  }

  private static final class Codec implements ContentEncoder, ContentDecoder {
    private final byte key;

    Codec(int key) {
      this.key = (byte) key;
    }

    @Override
    public void encode(ByteBuffer src, ByteBuffer dst) {
      while (src.hasRemaining() && dst.hasRemaining()) {
        dst.put((byte) (src.get() ^ key));
      }
    }

    @Override
    public void decode(ByteBuffer src, ByteBuffer dst) {
      encode(src, dst);
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
  }
}
