package org.framewire.streams.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Windows (ENC-5), corrupt input (ENC-8), settings values (ENC-1), profile parameters. */
class CodecErrorsTest {

  static void assertViolates(Requirement r, Executable e) {
    ProtocolException ex = assertThrows(ProtocolException.class, e);
    assertEquals(r, ex.requirement(), ex.getMessage());
  }

  static byte[] decodeAll(EncodingProfile p, byte[] wire) throws ProtocolException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ContentDecoder d = p.newDecoder(List.of())) {
      ByteBuffer src = ByteBuffer.wrap(wire).asReadOnlyBuffer();
      while (true) {
        ByteBuffer dst = ByteBuffer.allocate(4096);
        d.decode(src, dst);
        out.write(dst.array(), 0, dst.position());
        if (dst.hasRemaining()) {
          return out.toByteArray();
        }
      }
    }
  }

  /** A zstd frame with window descriptor {@code wd} and one raw block holding {@code "hi"}. */
  static byte[] zstdFrame(int windowDescriptor) {
    // magic, frame header descriptor 0 (no content size, not single-segment, no checksum),
    // window descriptor, then a last raw block of 2 bytes: header (2 << 3) | 1 = 0x11
    return HexFormat.of().parseHex(String.format("28b52ffd00%02x110000%s", windowDescriptor, "6869"));
  }

  @Test
  void zstdWindowUpTo8MiBIsAccepted() throws Exception {
    // window descriptor (23 - 10) << 3 = 0x68: exactly 8 MiB
    assertArrayEquals("hi".getBytes(), decodeAll(EncodingProfiles.ZSTD_8MB, zstdFrame(0x68)));
    assertArrayEquals("hi".getBytes(), decodeAll(EncodingProfiles.ZSTD_8MB, zstdFrame(0x00)));
  }

  @Test
  void zstdWindowAbove8MiBIsEnc5() {
    // 0x69: 8 MiB + 1/8 (mantissa 1); 0x70: 16 MiB; 0xf8: 2 GiB
    for (int wd : new int[] {0x69, 0x70, 0xf8}) {
      assertViolates(Requirement.ENC_ZSTD_WINDOW, () -> decodeAll(EncodingProfiles.ZSTD_8MB, zstdFrame(wd)));
    }
  }

  @Test
  void singleSegmentZstdFramesAreBoundedByTheirContentSize() throws Exception {
    // single-segment frame (descriptor 0x20), content size 2 in one byte: the window is 2 bytes
    byte[] small = HexFormat.of().parseHex("28b52ffd2002110000" + "6869");
    assertArrayEquals("hi".getBytes(), decodeAll(EncodingProfiles.ZSTD_8MB, small));
    // single-segment frame (0xa0) declaring 9 MiB of content in four bytes: a 9 MiB window
    byte[] large = HexFormat.of().parseHex("28b52ffda0" + "00009000" + "110000" + "6869");
    assertViolates(Requirement.ENC_ZSTD_WINDOW, () -> decodeAll(EncodingProfiles.ZSTD_8MB, large));
  }

  @Test
  void zstdFrameMadeWithA16MiBWindowIsEnc5() {
    ByteBuffer out = ByteBuffer.allocate(4096);
    try (ZstdCompressCtx c = new ZstdCompressCtx()) {
      c.setLevel(3).setWindowLog(24);
      c.compressByteBufferStream(out, ByteBuffer.wrap(new byte[1000]), EndDirective.CONTINUE);
      c.compressByteBufferStream(out, ByteBuffer.allocate(0), EndDirective.END);
    }
    byte[] wire = java.util.Arrays.copyOf(out.array(), out.position());
    assertEquals(0x70, wire[5] & 0xff, "the frame declares a 16 MiB window");
    assertViolates(Requirement.ENC_ZSTD_WINDOW, () -> decodeAll(EncodingProfiles.ZSTD_8MB, wire));
  }

  @Test
  void zstdEncoderDeclaresTheConfiguredWindow() {
    for (int log : new int[] {10, 21, 23}) {
      ByteBuffer out = ByteBuffer.allocate(1 << 16);
      try (ContentEncoder e = new ZstdProfile(19, log).newEncoder()) {
        e.encode(ByteBuffer.wrap(new byte[50_000]), out);
        e.endMember(out);
      }
      assertEquals((log - 10) << 3, out.get(5) & 0xff, "window log " + log);
    }
  }

  @Test
  void corruptInputIsEnc8() {
    byte[] garbage = "this is not compressed".getBytes();
    assertViolates(Requirement.ENC_CORRUPT, () -> decodeAll(EncodingProfiles.ZSTD_8MB, garbage));
    assertViolates(Requirement.ENC_CORRUPT, () -> decodeAll(EncodingProfiles.ZLIB, garbage));
    // a valid zlib header, then a block of reserved type 3
    assertViolates(Requirement.ENC_CORRUPT, () -> decodeAll(EncodingProfiles.ZLIB, new byte[] {0x78, (byte) 0x9c, 0x07}));
    // a zlib stream asking for a preset dictionary
    Deflater d = new Deflater();
    d.setDictionary("dict".getBytes());
    d.setInput("data".getBytes());
    d.finish();
    byte[] buf = new byte[100];
    int n = d.deflate(buf);
    d.end();
    byte[] withDict = java.util.Arrays.copyOf(buf, n);
    assertViolates(Requirement.ENC_CORRUPT, () -> decodeAll(EncodingProfiles.ZLIB, withDict));
  }

  static byte[] members(EncodingProfile p, String... parts) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (String part : parts) {
      try (ContentEncoder e = p.newEncoder()) {
        ByteBuffer dst = ByteBuffer.allocate(1000);
        e.encode(ByteBuffer.wrap(part.getBytes()), dst);
        e.endMember(dst);
        wire.write(dst.array(), 0, dst.position());
      }
    }
    return wire.toByteArray();
  }

  @Test
  void zstdAndIdentityDecodersReadOneMemberAfterAnother() throws Exception {
    for (EncodingProfile p : List.of(EncodingProfiles.ZSTD_8MB, EncodingProfiles.IDENTITY)) {
      assertEquals(true, p.supportsMembers());
      byte[] wire = members(p, "first member ", "second member ", "third");
      assertEquals("first member second member third", new String(decodeAll(p, wire)), p.name());
    }
    // skippable zstd frames carry nothing
    byte[] skippable = HexFormat.of().parseHex("502a4d1803000000616263");
    byte[] withSkippable = java.nio.ByteBuffer.allocate(skippable.length + zstdFrame(0).length)
        .put(skippable).put(zstdFrame(0)).array();
    assertArrayEquals("hi".getBytes(), decodeAll(EncodingProfiles.ZSTD_8MB, withSkippable));
  }

  @Test
  void bytesAfterAFinishedZlibStreamAreEnc8() {
    assertEquals(false, EncodingProfiles.ZLIB.supportsMembers());
    byte[] wire = members(EncodingProfiles.ZLIB, "only member", "x");
    assertViolates(Requirement.ENC_CORRUPT, () -> decodeAll(EncodingProfiles.ZLIB, wire));
  }

  @Test
  void aFinishedZlibEncoderTakesNoMoreInput() {
    try (ContentEncoder e = EncodingProfiles.ZLIB.newEncoder()) {
      ByteBuffer dst = ByteBuffer.allocate(100);
      e.encode(ByteBuffer.wrap("abc".getBytes()), dst);
      e.endMember(dst);
      assertThrows(IllegalStateException.class, () -> e.encode(ByteBuffer.wrap("d".getBytes()), dst));
      assertThrows(IllegalStateException.class, () -> e.flush(dst));
    }
  }

  @Test
  void builtInsTakeNoSettingsValues() {
    List<CborValue> one = List.of(new CborValue.Int(1, null));
    for (EncodingProfile p : EncodingProfiles.defaults().inPreferenceOrder()) {
      assertViolates(Requirement.ENC_SETTINGS_FORMAT, () -> p.newDecoder(one));
      assertEquals(List.of(), p.settingsValues());
    }
  }

  @Test
  void profileParametersAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new ZstdProfile(3, 24));
    assertThrows(IllegalArgumentException.class, () -> new ZstdProfile(3, 9));
    assertThrows(IllegalArgumentException.class, () -> new ZstdProfile(23, 20));
    assertThrows(IllegalArgumentException.class, () -> new ZlibProfile(10));
    assertEquals(21, ZstdProfile.DEFAULT.windowLog());
    assertEquals(3, ZstdProfile.DEFAULT.level());
    assertEquals(-1, ZlibProfile.DEFAULT.level());
  }

  @Test
  void closedContextsRefuseWork() {
    for (EncodingProfile p : List.of(EncodingProfiles.ZLIB, EncodingProfiles.ZSTD_8MB)) {
      ContentEncoder e = p.newEncoder();
      e.close();
      e.close();
      assertThrows(IllegalStateException.class, () -> e.encode(ByteBuffer.allocate(1), ByteBuffer.allocate(10)));
    }
  }
}
