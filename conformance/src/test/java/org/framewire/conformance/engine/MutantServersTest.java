package org.framewire.conformance.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.target.Transport;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.conformance.target.SelfTarget;
import org.framewire.fuzz.ReferenceServerAdapter;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.ServerConnection;
import org.framewire.session.ServerConfig;
import org.framewire.streams.DecodeLimits;
import org.framewire.streams.StreamLimits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each mutant of the reference server injects one protocol bug; at least one case must fail on it. */
class MutantServersTest {

  enum Mutant {
    MISSING_BEGIN(f -> f.type() == FrameType.ERROR_RESPONSE ? f : with(f, f.requestId(), f.streamId(), f.streamFlags() & ~0x1, f.flags())),
    ODD_SERVER_STREAM(f -> with(f, f.requestId(), f.streamId() | 1, f.streamFlags(), f.flags())),
    WRONG_REQUEST_ID(f -> f.type() == FrameType.COMMAND_RESPONSE ? with(f, f.requestId() + 2, f.streamId(), f.streamFlags(), f.flags()) : f),
    MISSING_EOS(f -> f.type() == FrameType.COMMAND_RESPONSE && (f.flags() & 0x2) != 0 ? with(f, f.requestId(), f.streamId(), f.streamFlags(), 0x1) : f),
    ERROR_NOT_NAMING_REQUIREMENT(f -> f.type() == FrameType.ERROR_RESPONSE
        ? Frame.of(0, f.streamId(), f.streamFlags(), FrameType.ERROR_RESPONSE, 0,
            org.framewire.frames.FrameNotation.parse("0 2 0 error-response 0 cbor:{b'type': b'server', b'message': []}").payloadBytes())
        : f),
    ECHO_LOSES_DATA(f -> f.type() == FrameType.COMMAND_RESPONSE && f.payload().remaining() > 12
        ? Frame.of(f.requestId(), f.streamId(), f.streamFlags(), f.type(), f.flags(), java.util.Arrays.copyOf(f.payloadBytes(), f.payload().remaining() - 1))
        : f),
    /** Reads encoded request frames as if they were not encoded (ENC-10, ENC-3). */
    IGNORES_ENCODED_BIT(f -> with(f, f.requestId(), f.streamId(), f.streamFlags() & ~ENCODED, f.flags()), UnaryOperator.identity(),
        ServerConfig.DEFAULTS, "encoding/zstd-context-spans-requests"),
    /** Sends its zstd-encoded responses without the encoded flag: the runner must decode by the flag. */
    UNFLAGGED_ENCODED_OUTPUT(null, f -> f.type() == FrameType.COMMAND_RESPONSE && f.payload().remaining() > 0
        ? with(f, f.requestId(), f.streamId(), f.streamFlags() & ~ENCODED, f.flags()) : f,
        ServerConfig.DEFAULTS, "encoding/zlib-context-spans-requests"),
    /** Sends its protocol error-responses on request id 1 instead of 0 (ERR-3). */
    PROTOCOL_ERROR_ON_REQUEST_ONE(null, f -> f.type() == FrameType.ERROR_RESPONSE && f.requestId() == 0
        ? with(f, 1, f.streamId(), f.streamFlags(), f.flags()) : f, ServerConfig.DEFAULTS, "command/error-frame-shape"),
    /** Sends the message of a server error-response as a bare byte string, not an array of atoms (ERR-1). */
    SERVER_ERROR_MESSAGE_NOT_ATOMS(null, f -> f.type() == FrameType.ERROR_RESPONSE && f.requestId() != 0
        ? Frame.of(f.requestId(), f.streamId(), f.streamFlags(), FrameType.ERROR_RESPONSE, 0,
            org.framewire.frames.FrameNotation.parse("1 2 0 error-response 0 cbor:{b'type': b'server', b'message': b'boom'}").payloadBytes())
        : f, ServerConfig.DEFAULTS, "command/failafter-ends-request"),
    /** Counts identity streams as decoder contexts (ENC-12; SPEC.md §4.4): reads their settings as zlib. */
    IDENTITY_AS_CONTEXT(f -> f.type() == FrameType.STREAM_SETTINGS ? payload(f, "cbor:b'zlib'") : f, UnaryOperator.identity(),
        ServerConfig.DEFAULTS, "encoding/identity-holds-no-context"),
    /** Sends the optional say command's text output as a bare byte string, not an array of atoms (TEXT-1). */
    TEXT_NOT_ATOMS(null, f -> f.type() == FrameType.TEXT_OUTPUT ? payload(f, "cbor:b'50% done'") : f,
        ServerConfig.DEFAULTS, "text/say"),
    /** Sends text output of the right shape but not the message say was given: the case compares it. */
    TEXT_OTHER_MESSAGE(null, f -> f.type() == FrameType.TEXT_OUTPUT ? payload(f, "cbor:[{b'msg': b'%s', b'args': [b'other']}]") : f,
        ServerConfig.DEFAULTS, "text/say"),
    /** Sends progress whose pos is a byte string, not an integer (PROG-1). */
    PROGRESS_POS_NOT_INT(null, f -> f.type() == FrameType.PROGRESS ? payload(f, "cbor:{b'topic': b'files', b'pos': b'0'}") : f,
        ServerConfig.DEFAULTS, "progress/count-to-total"),
    /** Decodes without bounds and buffers up to 64 MiB per request: no ENC-6, no CMD-6 in reach of a bomb. */
    NO_DECODE_LIMITS(null, UnaryOperator.identity(),
        ServerConfig.DEFAULTS.withMaxRequestBytes(64 << 20).withMaxBufferedDataBytes(64 << 20)
            .withStreamLimits(StreamLimits.DEFAULT.withDecode(DecodeLimits.unbounded(DecodeLimits.DEFAULT_BUFFER_SIZE))),
        "encoding/zlib-bomb-command-data");

    /** Applied to each whole frame the server receives; null leaves the input alone. */
    final UnaryOperator<Frame> in;
    final UnaryOperator<Frame> change;
    final ServerConfig config;
    /** A case this mutant must fail, or null when any will do. */
    final String mustFail;

    Mutant(UnaryOperator<Frame> change) {
      this(null, change, ServerConfig.DEFAULTS, null);
    }

    Mutant(UnaryOperator<Frame> in, UnaryOperator<Frame> change, ServerConfig config, String mustFail) {
      this.in = in;
      this.change = change;
      this.config = config;
      this.mustFail = mustFail;
    }
  }

  private static final int ENCODED = 0x4;

  /** {@code f} with the payload of the frame-notation payload {@code notation} (e.g. {@code cbor:b'x'}). */
  private static Frame payload(Frame f, String notation) {
    return Frame.of(f.requestId(), f.streamId(), f.streamFlags(), f.type(), f.flags(),
        org.framewire.frames.FrameNotation.parse("1 2 0 text-output 0 " + notation).payloadBytes());
  }

  private static Frame with(Frame f, int requestId, int streamId, int streamFlags, int flags) {
    return new Frame(FrameHeader.of(f.payload().remaining(), requestId, streamId, streamFlags, f.type(), flags), f.payload());
  }

  /** The reference server with every output frame passed through {@code change}. */
  static ServerAdapter mutant(Mutant m) {
    return rewriting(new ReferenceServerAdapter(m.config), "mutant-" + m, m.in, m.change);
  }

  /** {@code ref} with every output frame passed through {@code change} (and input frames through {@code in} unless null). */
  static ServerAdapter rewriting(ServerAdapter ref, String name, UnaryOperator<Frame> in, UnaryOperator<Frame> change) {
    return new ServerAdapter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ServerConnection connect() throws IOException {
        ServerConnection inner = ref.connect();
        FrameDecoder input = new FrameDecoder(new FrameDecoder.Options(FrameHeader.MAX_PAYLOAD_LENGTH, false));
        return new ServerConnection() {
          private boolean unframed;

          @Override
          public Output send(ByteBuffer bytes) throws IOException {
            if (in == null || unframed) {
              return rewrite(inner.send(bytes));
            }
            // whole frames pass through m.in; a frame cut between sends waits for its rest
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
              input.feed(bytes);
              for (Frame f; (f = input.next()) != null; ) {
                b.writeBytes(in.apply(f).toBytes());
              }
            } catch (ProtocolException e) {
              unframed = true;
            }
            return rewrite(inner.send(ByteBuffer.wrap(b.toByteArray())));
          }

          @Override
          public Output endInput() throws IOException {
            return rewrite(inner.endInput());
          }

          @Override
          public void close() throws IOException {
            inner.close();
          }

          private Output rewrite(Output out) {
            try {
              ByteArrayOutputStream b = new ByteArrayOutputStream();
              for (Frame f : FrameDecoder.decodeAll(out.bytes(), FrameHeader.MAX_PAYLOAD_LENGTH)) {
                b.writeBytes(change.apply(f).toBytes());
              }
              return new Output(b.toByteArray(), out.closed());
            } catch (ProtocolException e) {
              throw new IllegalStateException(e);
            }
          }
        };
      }
    };
  }

  /** The server cases an in-process target plays (the HTTP-only ones are not-applicable in process). */
  private static List<ConformanceCase> serverCases() throws IOException {
    return CaseLoader.loadBundled().stream().filter(c -> c.role() == Role.SERVER)
        .filter(c -> Transport.IN_PROCESS.notApplicable(c) == null).toList();
  }

  @ParameterizedTest
  @EnumSource(Mutant.class)
  void everyMutantFailsACase(Mutant m) throws IOException {
    // the default capabilities and the optional commands the reference mounts (say, progress)
    CaseRunner runner = new CaseRunner(mutant(m), Duration.ofMillis(150), "test",
        Capabilities.DEFAULTS.withCommands(Capabilities.OPTIONAL_COMMANDS));
    List<String> failed = serverCases().stream().map(runner::runOnce).filter(r -> r.grade() == Grade.FAIL)
        .map(CaseReport::id).toList();
    assertTrue(!failed.isEmpty(), m + " made no case fail");
    if (m.mustFail != null) {
      assertTrue(failed.contains(m.mustFail), m + " passed " + m.mustFail + "; failed: " + failed);
    }
  }

  /**
   * The reference session with one limit loosened or tightened against what it declares (the
   * capabilities of --self): the case sized from that limit must fail.
   */
  enum WrongLimit {
    OVERSIZED_RESPONSE_FRAMES("frame/large-response-frames", c -> c.withMaxFrameSize(1 << 20)),
    NO_STREAM_LIMIT("stream/open-limit", c -> c.withStreamLimits(c.streamLimits().withMaxOpenStreams(128))),
    STREAM_LIMIT_ONE_SHORT("stream/open-limit-reached",
        c -> c.withStreamLimits(c.streamLimits().withMaxOpenStreams(c.streamLimits().maxOpenStreams() - 1))),
    NO_DECODER_CONTEXT_LIMIT("encoding/decoder-context-limit", c -> c.withStreamLimits(c.streamLimits().withMaxDecoderContexts(64))),
    NO_REQUEST_BYTES_LIMIT("command/request-bytes-limit", c -> c.withMaxRequestBytes(64 << 20)),
    NO_DATA_BYTES_LIMIT("command/data-bytes-limit", c -> c.withMaxBufferedDataBytes(64 << 20)),
    NO_IN_FLIGHT_LIMIT("command/requests-in-flight-limit", c -> c.withMaxConcurrentRequests(1024).withMaxPartialRequests(1024)),
    NO_SETTINGS_LIMIT("settings/sender-settings-bytes-limit", c -> c.withMaxSettingsBytes(1 << 20)),
    NO_STREAM_SETTINGS_LIMIT("settings/stream-settings-bytes-limit", c -> c.withStreamLimits(c.streamLimits().withMaxSettingsBytes(1 << 20))),
    NO_EMPTY_FRAME_LIMIT("limit/empty-frame-flood", c -> c.withMaxEmptyFrames(1 << 20)),
    EMPTY_FRAME_LIMIT_ONE_SHORT("limit/empty-frames-reset", c -> c.withMaxEmptyFrames(c.maxEmptyFrames() - 1)),
    NO_CHURN_LIMIT("limit/stream-churn", c -> c.withStreamLimits(c.streamLimits().withMaxEmptyStreams(1 << 16))),
    NO_OUTBOUND_LIMIT("limit/outbound-queue", c -> c.withMaxOutboundBytes(1L << 40)),
    NO_FRAME_READ_TIMEOUT("limit/frame-read-timeout", c -> c.withTimeouts(c.requestTimeout(), Duration.ZERO, Duration.ZERO)),
    NO_SEND_TIMEOUT("limit/send-timeout", c -> c.withSendTimeout(Duration.ZERO));

    final String caseId;
    final UnaryOperator<ServerConfig> change;

    WrongLimit(String caseId, UnaryOperator<ServerConfig> change) {
      this.caseId = caseId;
      this.change = change;
    }
  }

  @ParameterizedTest
  @EnumSource(WrongLimit.class)
  void aWrongLimitFailsItsCase(WrongLimit m) throws IOException {
    ServerAdapter target = new ReferenceServerAdapter(m.change.apply(SelfTarget.config()), System::nanoTime);
    CaseRunner runner = new CaseRunner(target, Duration.ofMillis(600), "test", SelfTarget.selfCapabilities());
    ConformanceCase c = serverCases().stream().filter(x -> x.id().equals(m.caseId)).findFirst().orElseThrow();
    CaseReport r = runner.runOnce(c);
    assertEquals(Grade.FAIL, r.grade(), m + ": " + r.detail());
  }

  /**
   * A reference session that never closes an idle session, though it declares the idle timeout of
   * --self: the LIMIT-5 case misses, and grades non-strict (a SHOULD), not fail, while the unmutated
   * session passes it.
   */
  @org.junit.jupiter.api.Test
  void noIdleTimeoutIsNonStrict() throws IOException {
    ServerConfig c = SelfTarget.config();
    ServerAdapter target = new ReferenceServerAdapter(c.withTimeouts(c.requestTimeout(), Duration.ZERO, c.frameReadTimeout()), System::nanoTime);
    ConformanceCase idle = serverCases().stream().filter(x -> x.id().equals("limit/idle-timeout")).findFirst().orElseThrow();
    CaseReport r = new CaseRunner(target, Duration.ofSeconds(3), "test", SelfTarget.selfCapabilities()).runOnce(idle);
    assertEquals(Grade.NON_STRICT, r.grade(), r.detail());
    assertEquals(Grade.PASS, new CaseRunner(SelfTarget.adapter(), Duration.ofSeconds(3), "test", SelfTarget.selfCapabilities())
        .runOnce(idle).grade());
  }

  /**
   * Re-encodes unencoded response payloads the way CBOR-3 says not to: map keys in reverse order and
   * every integer in an 8-byte head. The objects are the same, so only the CBOR-3 case can tell, and
   * it grades non-strict (a SHOULD), not fail.
   */
  @org.junit.jupiter.api.Test
  void nonDeterministicResponsesAreNonStrict() throws IOException {
    ServerAdapter target = rewriting(new ReferenceServerAdapter(ServerConfig.DEFAULTS), "non-deterministic", null, f ->
        f.type() == FrameType.COMMAND_RESPONSE && f.payload().hasRemaining()
            ? Frame.of(f.requestId(), f.streamId(), f.streamFlags(), f.type(), f.flags(), sloppy(f.payloadBytes())) : f);
    CaseRunner runner = new CaseRunner(target, Duration.ofSeconds(3), "test");
    ConformanceCase c = serverCases().stream().filter(x -> x.id().equals("cbor/deterministic-responses")).findFirst().orElseThrow();
    CaseReport r = runner.runOnce(c);
    assertEquals(Grade.NON_STRICT, r.grade(), r.detail() + " " + r.wire());
    assertTrue(r.detail().contains("CBOR-3"), r.detail());
    assertEquals(Grade.PASS, new CaseRunner(SelfTarget.adapter(), Duration.ofSeconds(5), "test").runOnce(c).grade());
  }

  /** Every item of a CBOR sequence written with reversed map keys and 8-byte integer heads. */
  private static byte[] sloppy(byte[] sequence) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (org.framewire.cbor.CborValue v : org.framewire.cbor.CborDecoder.decodeAll(sequence)) {
        sloppy(v, out);
      }
    } catch (ProtocolException e) {
      return sequence; // part of an item: left alone
    }
    return out.toByteArray();
  }

  private static void sloppy(org.framewire.cbor.CborValue v, ByteArrayOutputStream out) throws ProtocolException {
    if (v instanceof org.framewire.cbor.CborValue.Int i && i.fitsLong() && i.value() >= 0) {
      out.write(0x1b);
      out.writeBytes(ByteBuffer.allocate(8).putLong(i.value()).array());
    } else if (v instanceof org.framewire.cbor.CborValue.MapValue m) {
      byte[] sorted = org.framewire.cbor.CborEncoder.encode(m);
      out.write(sorted[0]); // a small map: the head is one byte
      List<org.framewire.cbor.CborValue.Entry> entries = new java.util.ArrayList<>(
          ((org.framewire.cbor.CborValue.MapValue) org.framewire.cbor.CborDecoder.decodeAll(sorted).get(0)).entries());
      java.util.Collections.reverse(entries);
      for (org.framewire.cbor.CborValue.Entry e : entries) {
        sloppy(e.key(), out);
        sloppy(e.value(), out);
      }
    } else {
      org.framewire.cbor.CborEncoder.encode(v, out);
    }
  }

  @org.junit.jupiter.api.Test
  void unmutatedWrapperPassesEverything() throws IOException {
    CaseRunner runner = new CaseRunner(SelfTarget.adapter(), Duration.ofSeconds(5), "test", SelfTarget.selfCapabilities());
    List<String> notPass = serverCases().stream().map(runner::runOnce).filter(r -> r.grade() != Grade.PASS).map(CaseReport::id).toList();
    assertEquals(List.of(), notPass);
  }
}
