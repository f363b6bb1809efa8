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
import org.framewire.spec.ProtocolException;
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
    assertEquals(InboundStream.State.CLOSED, first.state());
    assertNull(r.inbound(3));
    assertEquals(0, r.openInboundStreams());

    InboundStream second = r.accept(data(3, BEGIN | END));
    assertNotNull(second);
    assertTrue(second != first);
    // closed again: a frame without stream-begin is a STREAM-2 violation (SPEC.md 3.3 table)
    assertViolates(Requirement.STREAM_BEGIN_FIRST, () -> r.accept(data(3, 0)));
  }

  @Test
  void streamsOfAnyIdAreKeptApartAndAnEndedOneIsNamedSo() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    int[] ids = {1, 255, 7, 129, 3};
    List<InboundStream> open = new ArrayList<>();
    for (int id : ids) {
      open.add(r.accept(data(id, BEGIN)));
    }
    for (int i = 0; i < ids.length; i++) {
      assertSame(open.get(i), r.inbound(ids[i]), "stream " + ids[i]);
      assertSame(open.get(i), r.accept(data(ids[i], 0)), "a frame on stream " + ids[i] + " reaches it");
    }
    assertNull(r.inbound(5), "never opened");
    assertNull(r.inbound(256), "no such id");
    assertSame(open.get(1), r.accept(data(255, END)));
    assertNull(r.inbound(255));
    assertEquals(4, r.openInboundStreams());
    StreamRegistry other = new StreamRegistry(Side.SERVER);
    other.accept(data(201, BEGIN | END));
    ProtocolException ended = assertThrows(ProtocolException.class, () -> other.accept(data(201, 0)));
    assertEquals(Requirement.STREAM_BEGIN_FIRST, ended.requirement());
    assertTrue(ended.getMessage().contains("stream 201 lacks stream-begin (it ended before)"), ended.getMessage());
    ProtocolException never = assertThrows(ProtocolException.class, () -> r.accept(data(203, 0)));
    assertFalse(never.getMessage().contains("ended before"), never.getMessage());
  }

  @Test
  void sharedBudgetBoundsContextsAcrossRegistries() throws Exception {
    DecoderBudget budget = new DecoderBudget(3);
    StreamLimits limits = StreamLimits.DEFAULT.withProcessBudget(budget);
    StreamRegistry a = new StreamRegistry(Side.SERVER, limits, EncodingProfiles.defaults());
    StreamRegistry b = new StreamRegistry(Side.SERVER, limits, EncodingProfiles.defaults());
    a.accept(settings(1, BEGIN, "zstd-8mb"));
    a.accept(settings(3, BEGIN, "zstd-8mb"));
    b.accept(settings(1, BEGIN, "zstd-8mb"));
    assertEquals(3, budget.inUse());
    assertViolates(Requirement.ENC_CONTEXT_LIMIT, () -> b.accept(settings(3, BEGIN, "zlib")));
    assertEquals(3, budget.inUse());
    assertEquals(1, b.liveDecoderContexts());
    a.close();
    assertEquals(1, budget.inUse());
    b.close();
    assertEquals(0, budget.inUse());
  }

  /** LIMIT-6: empty begin/end churn with a decoder context each time (HTTP/2 Rapid Reset), per window. */
  @Test
  void emptyStreamChurnIsBoundedPerWindowOfFrames() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER, StreamLimits.DEFAULT.withMaxEmptyStreams(4), EncodingProfiles.defaults());
    for (int i = 0; i < 100; i++) {
      r.accept(data(5, BEGIN | END)); // streams that carry a frame are never counted
    }
    for (int i = 0; i < 4; i++) {
      assertNull(r.accept(settings(3, BEGIN | END, "zstd-8mb")));
      assertEquals(0, r.liveDecoderContexts());
    }
    assertViolates(Requirement.LIMIT_STREAM_CHURN, () -> r.accept(settings(3, BEGIN | END, "zstd-8mb")));

    // a new window of 1024 frames allows 4 more
    StreamRegistry w = new StreamRegistry(Side.SERVER, StreamLimits.DEFAULT.withMaxEmptyStreams(4), EncodingProfiles.defaults());
    for (int i = 0; i < 4; i++) {
      w.accept(settings(3, BEGIN | END, "identity"));
    }
    w.accept(data(5, BEGIN));
    for (int i = 5; i < StreamLimits.CHURN_WINDOW_FRAMES; i++) {
      w.accept(data(5, 0));
    }
    for (int i = 0; i < 4; i++) {
      w.accept(settings(3, BEGIN | END, "identity"));
    }
    assertViolates(Requirement.LIMIT_STREAM_CHURN, () -> w.accept(settings(3, BEGIN | END, "identity")));
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
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    byte[] whole = new StreamSettings("zlib", List.of()).encode();
    r.accept(settings(1, BEGIN, FrameType.FLAG_CONTINUATION, java.util.Arrays.copyOf(whole, 2)));
    assertViolates(Requirement.STREAM_ENCODED_NEEDS_SETTINGS, () -> r.accept(data(1, ENCODED)));
  }

  @Test
  void onlyCommandFramesMayBeEncoded() throws Exception {
    for (FrameType t : List.of(FrameType.ERROR_RESPONSE, FrameType.TEXT_OUTPUT, FrameType.PROGRESS,
        FrameType.SENDER_PROTOCOL_SETTINGS, FrameType.STREAM_SETTINGS)) {
      StreamRegistry r = new StreamRegistry(Side.SERVER);
      r.accept(settings(1, BEGIN, "zlib"));
      assertViolates(Requirement.STREAM_ENCODED_TYPES,
          () -> r.accept(Frame.of(1, 1, ENCODED, t, 0, new byte[] {(byte) 0xa0})));
    }
    // STREAM-7 is checked before STREAM-5: an encoded settings frame on a fresh stream
    assertViolates(Requirement.STREAM_ENCODED_TYPES,
        () -> new StreamRegistry(Side.SERVER).accept(settings(1, BEGIN | ENCODED, "zlib")));
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    r.accept(settings(1, BEGIN, "zlib"));
    for (FrameType t : List.of(FrameType.COMMAND_REQUEST, FrameType.COMMAND_DATA, FrameType.COMMAND_RESPONSE)) {
      assertSame(r.inbound(1), r.accept(Frame.of(1, 1, ENCODED, t, FrameType.FLAG_CONTINUATION, new byte[0])));
    }
  }

  @Test
  void settingsMaySpanContinuationFrames() throws Exception {
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    byte[] whole = new StreamSettings("zstd-8mb", List.of()).encode();
    assertNotNull(r.accept(data(1, BEGIN)));
    assertEquals(InboundStream.State.OPEN, r.inbound(1).state());
    assertNull(r.accept(settings(1, 0, FrameType.FLAG_CONTINUATION, java.util.Arrays.copyOfRange(whole, 0, 3))));
    assertEquals(InboundStream.State.SETTINGS, r.inbound(1).state());
    assertNull(r.accept(settings(1, 0, FrameType.FLAG_CONTINUATION, java.util.Arrays.copyOfRange(whole, 3, 5))));
    assertNull(r.accept(settings(1, 0, FrameType.FLAG_EOS, java.util.Arrays.copyOfRange(whole, 5, whole.length))));
    assertEquals(InboundStream.State.ENCODING, r.inbound(1).state());
    assertEquals("zstd-8mb", r.inbound(1).profile().orElseThrow().name());
    assertTrue(r.inbound(1).holdsDecoderContext());
  }

  @Test
  void nothingButSettingsMayFollowSettingsWithContinuation() throws Exception {
    byte[] whole = new StreamSettings("zlib", List.of()).encode();
    StreamRegistry r = new StreamRegistry(Side.SERVER);
    r.accept(settings(1, BEGIN, FrameType.FLAG_CONTINUATION, java.util.Arrays.copyOf(whole, 2)));
    assertViolates(Requirement.ENC_SETTINGS_CONTIGUOUS, () -> r.accept(data(1, 0)));
    // settings announcing more on the stream's last frame could never complete
    assertViolates(Requirement.ENC_SETTINGS_CONTIGUOUS, () -> new StreamRegistry(Side.SERVER)
        .accept(settings(1, BEGIN | END, FrameType.FLAG_CONTINUATION, java.util.Arrays.copyOf(whole, 2))));
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
        .accept(settings(1, BEGIN, FrameType.FLAG_EOS, new byte[] {0x44, 'z', 'l', 'i', 'b', (byte) 0xff})));
  }

  @Test
  void userProfilesCarryTheirSettingsValues() throws Exception {
    EncodingProfiles profiles = EncodingProfiles.defaults().with(new org.framewire.streams.encoding.XorProfile());
    List<Frame> sent = new ArrayList<>();
    StreamRegistry server = new StreamRegistry(Side.SERVER, StreamLimits.DEFAULT, profiles);
    OutboundStream out = server.openOutbound(profiles.find("xor-test").orElseThrow(), 100, sent::add);
    ResponseEmitter e = new ResponseEmitter(out, 1);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e.end(false);
    // name, then the profile's value: the key byte 0x5a
    assertEquals("4878" + "6f722d74657374" + "185a", TestSupport.hex(sent.get(0).payloadBytes()));
    StreamRegistry client = new StreamRegistry(Side.CLIENT, StreamLimits.DEFAULT, profiles);
    TestSupport.Collector c = new TestSupport.Collector();
    for (Frame f : sent) {
      client.receive(f, c);
    }
    assertEquals(TestSupport.hex(TestSupport.okStatus()), TestSupport.hex(c.of(1)));
    assertTrue(client.inbound(2).holdsDecoderContext());
    // the same profile without its value is refused by the profile itself
    assertViolates(Requirement.ENC_SETTINGS_FORMAT,
        () -> new StreamRegistry(Side.CLIENT, StreamLimits.DEFAULT, profiles).accept(settings(2, BEGIN, "xor-test")));
    assertEquals(0, new StreamRegistry(Side.CLIENT, StreamLimits.DEFAULT, profiles).liveDecoderContexts());
  }

  @Test
  void aDecoderThatStopsWithInputLeftIsEnc8() throws Exception {
    EncodingProfile stuck = new EncodingProfile() {
      @Override
      public String name() {
        return "stuck";
      }

      @Override
      public org.framewire.streams.encoding.ContentEncoder newEncoder() {
        throw new UnsupportedOperationException();
      }

      @Override
      public org.framewire.streams.encoding.ContentDecoder newDecoder(List<CborValue> values) {
        return new org.framewire.streams.encoding.ContentDecoder() {
          @Override
          public void decode(ByteBuffer src, ByteBuffer dst) {}

          @Override
          public void close() {}
        };
      }
    };
    StreamRegistry r = new StreamRegistry(Side.SERVER, StreamLimits.DEFAULT, EncodingProfiles.of(stuck));
    r.accept(settings(1, BEGIN, "stuck"));
    Frame encoded = Frame.of(1, 1, ENCODED, FrameType.COMMAND_DATA, FrameType.FLAG_EOS, new byte[] {1, 2, 3});
    assertViolates(Requirement.ENC_CORRUPT, () -> r.receive(encoded, IGNORE));
    assertEquals(0, r.liveDecoderContexts());
  }

  @Test
  void settingsPayloadRoundTrips() throws Exception {
    StreamSettings s = new StreamSettings("zstd-8mb", List.of(new CborValue.Int(5, null), CborValue.Bytes.of("x")));
    assertEquals("487a7374642d386d62" + "05" + "4178", TestSupport.hex(s.encode()));
    assertEquals(s, StreamSettings.parse(ByteBuffer.wrap(s.encode())));
    assertEquals(new StreamSettings("identity", List.of()), StreamSettings.of(EncodingProfiles.IDENTITY));
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
    assertViolates(Requirement.ENC_CONTEXT_LIMIT, () -> r.accept(settings(5, BEGIN, "zlib")));
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
    r.accept(settings(255, BEGIN, "zlib")); // beyond the stream table's first entries
    OutboundStream out = r.openOutbound(EncodingProfiles.ZSTD_8MB, 1024, f -> {});
    assertEquals(3, r.liveDecoderContexts());
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
    OutboundStream identity = r.openOutbound(EncodingProfiles.IDENTITY, 4, f -> {});
    assertThrows(IllegalArgumentException.class,
        () -> identity.send(1, FrameType.TEXT_OUTPUT, 0, ByteBuffer.allocate(1), true, false));
    assertThrows(IllegalArgumentException.class,
        () -> identity.send(1, FrameType.ERROR_RESPONSE, 0, ByteBuffer.allocate(1), true, false));
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

    // ENC-11: no more than 2^24 input bytes between flush points
    OutboundStream zs = r.openOutbound(EncodingProfiles.ZSTD_8MB, 1024, f -> {});
    assertEquals(1 << 24, zs.inputAllowance());
    ByteBuffer big = ByteBuffer.allocate((1 << 24) + 1);
    assertThrows(IllegalArgumentException.class, () -> zs.encode(big, ByteBuffer.allocate(1 << 16)));
    zs.encode(ByteBuffer.allocate(1000), ByteBuffer.allocate(1 << 16));
    assertEquals((1 << 24) - 1000, zs.inputAllowance());
    assertTrue(zs.flush(ByteBuffer.allocate(1 << 16)));
    assertEquals(1 << 24, zs.inputAllowance());

    // zlib has one member: once finished, only the stream's end may follow
    OutboundStream zl = r.openOutbound(EncodingProfiles.ZLIB, 1024, f -> {});
    zl.encode(ByteBuffer.allocate(10), ByteBuffer.allocate(1024));
    assertTrue(zl.endMember(ByteBuffer.allocate(1024)));
    assertThrows(IllegalStateException.class, () -> zl.encode(ByteBuffer.allocate(1), ByteBuffer.allocate(1024)));
    zl.send(1, FrameType.COMMAND_RESPONSE, FrameType.FLAG_EOS, ByteBuffer.allocate(0), false, true);
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
