package org.framewire.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.ProtocolException;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The inbound state machine of SPEC.md §3.3 and its limits, and outbound id allocation. */
class StreamRegistryTest {

  private static final int BEGIN = StreamFlags.BEGIN;
  private static final int END = StreamFlags.END;
  private static final int ENCODED = StreamFlags.ENCODED;

  static Frame data(int streamId, int streamFlags) {
    return Frame.of(1, streamId, streamFlags, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW, new byte[] {(byte) 0xa0});
  }

  static Frame settings(int streamId, int streamFlags, int flags, byte[] payload) {
    return Frame.of(1, streamId, streamFlags, FrameType.STREAM_SETTINGS, flags, payload);
  }

  static Frame settings(int streamId, int streamFlags, String profile) {
    return settings(streamId, streamFlags, FrameType.FLAG_EOS, new StreamSettings(profile, List.of()).encode());
  }

  static void assertViolates(Requirement r, Executable e) {
    ProtocolException ex = assertThrows(ProtocolException.class, e);
    assertEquals(r, ex.requirement(), ex.getMessage());
  }

  static final PayloadSink IGNORE = (f, b) -> {};

  @Test
  void serverReceivesOnOddStreamsOnly() throws Exception {
    StreamRegistry server = new StreamRegistry(Side.SERVER);
    assertNotNull(server.accept(data(1, BEGIN)));
    assertNotNull(server.accept(data(255, BEGIN)));
    assertViolates(Requirement.STREAM_ID_PARITY, () -> new StreamRegistry(Side.SERVER).accept(data(2, BEGIN)));
    assertViolates(Requirement.STREAM_ID_PARITY, () -> new StreamRegistry(Side.SERVER).accept(data(0, BEGIN)));
  }

  @Test
  void clientReceivesOnEvenStreamsOnly() throws Exception {
    assertNotNull(new StreamRegistry(Side.CLIENT).accept(data(2, BEGIN)));
    assertViolates(Requirement.STREAM_ID_PARITY, () -> new StreamRegistry(Side.CLIENT).accept(data(1, BEGIN)));
    assertViolates(Requirement.STREAM_ID_PARITY, () -> new StreamRegistry(Side.CLIENT).accept(data(0, BEGIN)));
  }

  @Test
  void firstFrameNeedsBegin() {
    assertViolates(Requirement.STREAM_BEGIN_FIRST, () -> new StreamRegistry(Side.SERVER).accept(data(1, 0)));
  }

  @Test
  void beginOnOpenStream() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    r.accept(data(1, BEGIN));
    r.accept(data(1, 0));
    assertViolates(Requirement.STREAM_BEGIN_ONCE, () -> r.accept(data(1, BEGIN)));
  }

  @Test
  void endClosesAndTheIdIsReusedOnlyWithBegin() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    InboundStream first = r.accept(data(3, BEGIN));
    assertSame(first, r.inbound(3));
    assertEquals(1, r.openInboundStreams());
    assertSame(first, r.accept(data(3, END)));
    assertTrue(first.ended());
    assertNull(r.inbound(3));
    assertEquals(0, r.openInboundStreams());

    InboundStream second = r.accept(data(3, BEGIN | END));
    assertNotNull(second);
    assertTrue(second != first);
    assertViolates(Requirement.STREAM_END_CLOSES, () -> r.accept(data(3, 0)));
  }

  @Test
  void reopenedStreamStartsWithoutSettings() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.CLIENT);
    assertNull(r.accept(settings(2, BEGIN, "zstd-8mb")));
    assertEquals(1, r.liveDecoderContexts());
    r.receive(data(2, END), IGNORE);
    assertEquals(0, r.liveDecoderContexts());
    assertNull(r.accept(settings(2, BEGIN, "zlib")));
    assertEquals("zlib", r.inbound(2).profile().orElseThrow().name());
  }

  @Test
  void encodedFlagNeedsCompleteSettings() throws Exception {
    assertViolates(Requirement.STREAM_ENCODED_NEEDS_SETTINGS,
        () -> new StreamRegistry(Side.SERVER).accept(data(1, BEGIN | ENCODED)));
    // a settings frame may not itself be encoded
    assertViolates(Requirement.STREAM_ENCODED_NEEDS_SETTINGS,
        () -> new StreamRegistry(Side.SERVER).accept(settings(1, BEGIN | ENCODED, "zlib")));
    // nor may data follow a settings frame that announced more to come
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    byte[] whole = new StreamSettings("zlib", List.of()).encode();
    r.accept(settings(1, BEGIN, FrameType.FLAG_CONTINUATION, java.util.Arrays.copyOf(whole, 2)));
    assertViolates(Requirement.STREAM_ENCODED_NEEDS_SETTINGS, () -> r.accept(data(1, ENCODED)));
  }

  @Test
  void settingsMaySpanContinuationFramesAndInterleaveWithRawFrames() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    byte[] whole = new StreamSettings("zstd-8mb", List.of()).encode();
    assertNull(r.accept(settings(1, BEGIN, FrameType.FLAG_CONTINUATION, java.util.Arrays.copyOfRange(whole, 0, 3))));
    assertNotNull(r.accept(data(1, 0)));
    assertFalse(r.inbound(1).settingsComplete());
    assertNull(r.accept(settings(1, 0, FrameType.FLAG_EOS, java.util.Arrays.copyOfRange(whole, 3, whole.length))));
    assertTrue(r.inbound(1).settingsComplete());
    assertEquals("zstd-8mb", r.inbound(1).profile().orElseThrow().name());
    assertTrue(r.inbound(1).holdsDecoderContext());
  }

  @Test
  void settingsOnlyOnce() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    r.accept(settings(1, BEGIN, "identity"));
    assertViolates(Requirement.ENC_SETTINGS_ONCE, () -> r.accept(settings(1, 0, "identity")));
  }

  @Test
  void settingsFlagsMustBeContinuationXorEos() {
    byte[] p = new StreamSettings("zlib", List.of()).encode();
    assertViolates(Requirement.ENC_SETTINGS_FORMAT, () -> new StreamRegistry(Side.SERVER)
        .accept(settings(1, BEGIN, FrameType.FLAG_CONTINUATION | FrameType.FLAG_EOS, p)));
    assertViolates(Requirement.ENC_SETTINGS_FORMAT, () -> new StreamRegistry(Side.SERVER)
        .accept(settings(1, BEGIN, 0, p)));
  }

  @Test
  void settingsPayloadFormat() {
    assertViolates(Requirement.ENC_SETTINGS_FORMAT, () -> new StreamRegistry(Side.SERVER)
        .accept(settings(1, BEGIN, FrameType.FLAG_EOS, new byte[0])));
    // a text string is not a byte-string profile name
    assertViolates(Requirement.ENC_SETTINGS_FORMAT, () -> new StreamRegistry(Side.SERVER)
        .accept(settings(1, BEGIN, FrameType.FLAG_EOS, org.framewire.cbor.CborEncoder.encode(new CborValue.Text("zlib")))));
    // the built-ins take no values
    byte[] withValue = new StreamSettings("zlib", List.of(new CborValue.Int(9, null))).encode();
    assertViolates(Requirement.ENC_SETTINGS_FORMAT, () -> new StreamRegistry(Side.SERVER)
        .accept(settings(1, BEGIN, FrameType.FLAG_EOS, withValue)));
    // truncated CBOR is malformed CBOR
    assertViolates(Requirement.CBOR_WELL_FORMED, () -> new StreamRegistry(Side.SERVER)
        .accept(settings(1, BEGIN, FrameType.FLAG_EOS, new byte[] {0x44, 'z', 'l'})));
  }

  @Test
  void unknownProfile() {
    assertViolates(Requirement.ENC_UNKNOWN_PROFILE, () -> new StreamRegistry(Side.SERVER).accept(settings(1, BEGIN, "brotli")));
    StreamRegistry onlyIdentity = new StreamRegistry(Side.SERVER, StreamLimits.DEFAULT, EncodingProfiles.of(EncodingProfiles.IDENTITY));
    assertViolates(Requirement.ENC_UNKNOWN_PROFILE, () -> onlyIdentity.accept(settings(1, BEGIN, "zstd-8mb")));
  }

  @Test
  void settingsSizeIsBounded() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER, StreamLimits.DEFAULT.withMaxSettingsBytes(8), EncodingProfiles.defaults());
    r.accept(settings(1, BEGIN, FrameType.FLAG_CONTINUATION, new byte[] {0x48, 'i', 'd', 'e', 'n'}));
    assertViolates(Requirement.SET_LIMIT, () -> r.accept(settings(1, 0, FrameType.FLAG_EOS, new byte[] {'t', 'i', 't', 'y'})));
  }

  @Test
  void undefinedStreamFlags() {
    assertViolates(Requirement.FRAME_STREAM_FLAGS_DEFINED, () -> new StreamRegistry(Side.SERVER).accept(data(1, BEGIN | 0x08)));
  }

  @Test
  void openStreamsAreBounded() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER, StreamLimits.DEFAULT.withMaxOpenStreams(2), EncodingProfiles.defaults());
    r.accept(data(1, BEGIN));
    r.accept(data(3, BEGIN));
    r.accept(data(3, END));
    r.accept(data(5, BEGIN));
    assertEquals(2, r.openInboundStreams());
    assertViolates(Requirement.STREAM_OPEN_LIMIT, () -> r.accept(data(7, BEGIN)));
  }

  @Test
  void liveDecoderContextsAreBoundedAndIdentityIsFree() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER, StreamLimits.DEFAULT.withMaxDecoderContexts(1), EncodingProfiles.defaults());
    r.accept(settings(1, BEGIN, "zstd-8mb"));
    r.accept(settings(3, BEGIN, "identity"));
    assertEquals(1, r.liveDecoderContexts());
    assertFalse(r.inbound(3).holdsDecoderContext());
    assertViolates(Requirement.STREAM_OPEN_LIMIT, () -> r.accept(settings(5, BEGIN, "zlib")));
  }

  @Test
  void aSettingsFrameEndingItsStreamFreesTheContext() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    r.accept(settings(1, BEGIN | END, "zlib"));
    assertEquals(0, r.liveDecoderContexts());
    assertEquals(0, r.openInboundStreams());
  }

  @Test
  void failureIsSticky() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    ProtocolException first = assertThrows(ProtocolException.class, () -> r.accept(data(1, 0)));
    ProtocolException again = assertThrows(ProtocolException.class, () -> r.accept(data(3, BEGIN)));
    assertSame(first, again);
  }

  @Test
  void closeFreesEveryContext() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    r.accept(settings(1, BEGIN, "zstd-8mb"));
    r.accept(settings(3, BEGIN, "zlib"));
    OutboundStream out = r.openOutbound(EncodingProfiles.ZSTD_8MB, 1024, f -> {});
    assertEquals(2, r.liveDecoderContexts());
    r.close();
    assertEquals(0, r.liveDecoderContexts());
    assertEquals(0, r.openInboundStreams());
    assertEquals(0, r.openOutboundStreams());
    assertThrows(IllegalStateException.class, () -> out.encode(ByteBuffer.allocate(1), ByteBuffer.allocate(64)));
    assertThrows(IllegalStateException.class, () -> r.accept(data(5, BEGIN)));
    assertThrows(IllegalStateException.class, () -> r.openOutbound(null, 1024, f -> {}));
  }

  // ---- outbound ----

  @Test
  void outboundIdsFollowTheSidesParityRoundRobinAndAreReused() {
    StreamRegistry server = new StreamRegistry(Side.SERVER);
    List<OutboundStream> open = new ArrayList<>();
    for (int i = 0; i < 127; i++) {
      open.add(server.openOutbound(null, 1024, f -> {}));
    }
    for (int i = 0; i < 127; i++) {
      assertEquals(2 + 2 * i, open.get(i).streamId());
    }
    assertThrows(IllegalStateException.class, () -> server.openOutbound(null, 1024, f -> {}));
    open.get(5).sendRaw(1, FrameType.TEXT_OUTPUT, 0, ByteBuffer.allocate(0));
    open.get(5).send(1, FrameType.TEXT_OUTPUT, 0, ByteBuffer.allocate(0), false, true);
    assertNull(server.outbound(12));
    assertEquals(12, server.openOutbound(null, 1024, f -> {}).streamId());

    StreamRegistry client = new StreamRegistry(Side.CLIENT);
    assertEquals(1, client.openOutbound(null, 1024, f -> {}).streamId());
    assertEquals(3, client.openOutbound(null, 1024, f -> {}).streamId());
  }

  @Test
  void outboundFlagsSettingsAndEnd() {
    List<Frame> sent = new ArrayList<>();
    StreamRegistry r = new StreamRegistry(Side.CLIENT);
    OutboundStream s = r.openOutbound(EncodingProfiles.IDENTITY, 64, sent::add);
    s.sendRaw(1, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW, ByteBuffer.wrap(new byte[] {(byte) 0xa0}));
    assertFalse(s.settingsSent());
    s.send(1, FrameType.COMMAND_DATA, FrameType.FLAG_CONTINUATION, ByteBuffer.wrap(new byte[] {1}), true, false);
    s.send(1, FrameType.COMMAND_DATA, FrameType.FLAG_EOS, ByteBuffer.wrap(new byte[] {2}), true, true);
    assertEquals(4, sent.size());
    assertEquals(StreamFlags.BEGIN, sent.get(0).streamFlags());
    assertEquals(FrameType.STREAM_SETTINGS, sent.get(1).type());
    assertEquals(0, sent.get(1).streamFlags());
    assertEquals(FrameType.FLAG_EOS, sent.get(1).flags());
    assertEquals("48696465" + "6e74697479", TestSupport.hex(sent.get(1).payloadBytes()));
    assertEquals(StreamFlags.ENCODED, sent.get(2).streamFlags());
    assertEquals(StreamFlags.ENCODED | StreamFlags.END, sent.get(3).streamFlags());
    assertTrue(s.ended());
    assertEquals(0, r.openOutboundStreams());
    assertThrows(IllegalStateException.class, () -> s.sendRaw(1, FrameType.TEXT_OUTPUT, 0, ByteBuffer.allocate(0)));
  }

  @Test
  void outboundMisuse() {
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    OutboundStream plain = r.openOutbound(null, 4, f -> {});
    assertThrows(IllegalStateException.class,
        () -> plain.send(1, FrameType.COMMAND_RESPONSE, FrameType.FLAG_EOS, ByteBuffer.allocate(1), true, false));
    assertThrows(IllegalStateException.class, () -> plain.encode(ByteBuffer.allocate(1), ByteBuffer.allocate(8)));
    assertThrows(IllegalArgumentException.class,
        () -> plain.sendRaw(1, FrameType.COMMAND_RESPONSE, FrameType.FLAG_EOS, ByteBuffer.allocate(5)));

    OutboundStream z = r.openOutbound(EncodingProfiles.ZLIB, 1024, f -> {});
    z.encode(ByteBuffer.wrap(new byte[100]), ByteBuffer.allocate(1024));
    assertThrows(IllegalStateException.class,
        () -> z.send(1, FrameType.COMMAND_RESPONSE, FrameType.FLAG_EOS, ByteBuffer.allocate(0), false, true));
    assertThrows(IllegalStateException.class,
        () -> z.sendPreEncoded(1, FrameType.COMMAND_RESPONSE, 0, ByteBuffer.allocate(1)));
    assertThrows(IllegalArgumentException.class, () -> r.openOutbound(null, 0, f -> {}));
  }

  @Test
  void registryDefaults() {
    StreamRegistry r = new StreamRegistry(Side.CLIENT);
    assertEquals(Side.CLIENT, r.side());
    assertEquals(StreamLimits.DEFAULT, r.limits());
    List<String> names = new ArrayList<>();
    for (EncodingProfile p : r.profiles().inPreferenceOrder()) {
      names.add(p.name());
    }
    assertEquals(List.of("zstd-8mb", "zlib", "identity"), names);
  }
}
