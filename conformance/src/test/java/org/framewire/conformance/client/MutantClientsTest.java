package org.framewire.conformance.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.session.ClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutant clients: framewire's client with one protocol bug injected each, through its
 * configuration or a filter on the frames it receives or sends. Every mutant must fail the client case that
 * targets its bug (the unmutated client passes them all: {@link SelfClientCasesTest}).
 */
class MutantClientsTest {
  private static final String FLUSH_CASE = "client/enc/flush-every-2-24";

  /** Re-encodes the client's stream with one flush point per message (ENC-11 broken, ENC-4 kept). */
  private static final ClientHooks FLUSH_ONLY_AT_END = new ClientHooks() {
    @Override
    public OutputStream outbound(OutputStream out, OutboundTap tap) {
      return new OutboundFrameFilter(out, new FlushOnlyAtEnd());
    }
  };

  static Stream<Arguments> mutants() {
    return Stream.of(
        Arguments.of("accepts an odd server stream id", "client/stream/odd-server-stream", filter(() -> f -> List.of(
            f.streamId() % 2 == 1 || f.streamId() == 0 ? with(f, f.requestId(), f.streamId() + 1 & 0xFE | 2) : f))),
        Arguments.of("accepts frames after eos", "client/cmd/frame-after-eos", filter(AfterEos::new)),
        Arguments.of("decodes an encoded frame without stream settings", "client/stream/encoded-without-settings", filter(NoSettings::new)),
        Arguments.of("ignores frames of unknown request ids", "client/cmd/unknown-request-id", (ClientHooks) new ClientHooks() {
          @Override
          public InputStream inbound(InputStream in, OutboundTap tap) {
            return new FrameFilter(in, f -> f.requestId() == 0 || f.requestId() % 2 == 0 || tap.isOpened(f.requestId())
                || f.type() == FrameType.STREAM_SETTINGS ? List.of(f) : List.of());
          }

          @Override
          public OutputStream outbound(OutputStream out, OutboundTap tap) {
            return new OutputStream() {
              @Override
              public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
              }

              @Override
              public void write(byte[] b, int off, int len) throws java.io.IOException {
                // framewire's client writes whole frames; a header starts each write it makes here
                if (len >= FrameHeader.SIZE) {
                  tap.opened(FrameHeader.parse(b, off).requestId());
                }
                out.write(b, off, len);
              }

              @Override
              public void flush() throws java.io.IOException {
                out.flush();
              }

              @Override
              public void close() throws java.io.IOException {
                out.close();
              }
            };
          }
        }),
        Arguments.of("loses a byte of a value split across frames", "client/cbor/split-every-byte", filter(() -> new FrameFilter.Rewrite() {
          int ones;

          @Override
          public List<Frame> frame(Frame f) {
            if (f.type() == FrameType.COMMAND_RESPONSE && f.header().payloadLength() == 1 && ++ones == 20) {
              return List.of(Frame.of(f.requestId(), f.streamId(), f.streamFlags(), f.type(), f.flags(), new byte[0]));
            }
            return List.of(f);
          }
        })),
        Arguments.of("ignores text-output and progress frames, valid or not", "client/text/not-array", filter(() -> f ->
            f.type() == FrameType.TEXT_OUTPUT || f.type() == FrameType.PROGRESS ? List.of() : List.of(f))),
        Arguments.of("ignores error-response frames", "client/err/server-error", filter(() -> f ->
            f.type() == FrameType.ERROR_RESPONSE ? List.of() : List.of(f))),
        Arguments.of("ends a response without eos when the connection ends", "client/cmd/missing-eos", filter(MissingEos::new)),
        Arguments.of("accepts oversized frames", "client/frame/oversized", (ClientHooks) new ClientHooks() {
          @Override
          public ClientConfig config(ClientConfig requested) {
            return requested.withMaxInboundFrameSize(FrameHeader.MAX_PAYLOAD_LENGTH);
          }
        }),
        Arguments.of("sends frames above the server's maximum frame size", "client/request/well-formed", (ClientHooks) new ClientHooks() {
          @Override
          public ClientConfig config(ClientConfig requested) {
            return requested.withMaxFrameSize(100_000);
          }
        }),
        Arguments.of("accepts unbounded empty frames", "client/cmd/too-many-empty-frames", (ClientHooks) new ClientHooks() {
          @Override
          public ClientConfig config(ClientConfig requested) {
            return requested.withMaxEmptyFrames(100_000);
          }
        }),
        Arguments.of("accepts unbounded stream churn", "client/limit/stream-churn", (ClientHooks) new ClientHooks() {
          @Override
          public ClientConfig config(ClientConfig requested) {
            return requested.withStreamLimits(requested.streamLimits().withMaxEmptyStreams(1 << 16));
          }
        }),
        Arguments.of("declares a frame-read timeout it does not apply", "client/frame/read-timeout", (ClientHooks) new ClientHooks() {
          @Override
          public ClientConfig config(ClientConfig requested) {
            return requested.withTimeouts(requested.requestTimeout(), requested.idleTimeout(), java.time.Duration.ZERO);
          }
        }),
        Arguments.of("stops reading while a write of its own is blocked", "client/limit/reads-while-writing",
            stopsReadingWhileItOwes()),
        Arguments.of("bounds stream churn one below the default", "client/limit/stream-churn-at-limit", (ClientHooks) new ClientHooks() {
          @Override
          public ClientConfig config(ClientConfig requested) {
            return requested.withStreamLimits(requested.streamLimits().withMaxEmptyStreams(63));
          }
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutants")
  void mutantFailsItsCase(String name, String caseId, ClientHooks hooks) {
    ClientCase c = ClientCases.bundled().stream().filter(x -> x.id().equals(caseId)).findFirst().orElseThrow();
    CaseReport r = new ClientSuite(ControlChannel.Launcher.inProcess(hooks), Duration.ofSeconds(3)).runOnce(c, "");
    assertEquals(Grade.FAIL, r.grade(), "mutant '" + name + "' on " + caseId + ": " + r.detail());
  }

  /** The ENC-11 case fails the sender that flushes only at the end of a message for ENC-11, its data intact. */
  @Test
  void flushingOnlyAtTheEndFailsForEnc11() {
    ClientCase c = ClientCases.bundled().stream().filter(x -> x.id().equals(FLUSH_CASE)).findFirst().orElseThrow();
    CaseReport r = new ClientSuite(ControlChannel.Launcher.inProcess(FLUSH_ONLY_AT_END), Duration.ofSeconds(10)).runOnce(c, "");
    assertEquals(Grade.FAIL, r.grade(), r.detail());
    assertTrue(r.detail().startsWith("the client's own frames broke ENC-11: a command-data frame of request 1 decodes to "),
        r.detail());
    assertFalse(r.detail().contains("call 1:"), "the data arrived intact and was answered: " + r.detail());
  }

  /**
   * The broken client of LIMIT-8: it reads nothing while it owes the server bytes, from the first
   * write of a batch to the flush after it (framewire's writer flushes after each batch, so a
   * writer thread that is slow between two writes still owes); bytes a read already under way
   * brings wait too. Each connection's two streams share the state through their {@link
   * ClientHooks.OutboundTap}.
   */
  private static ClientHooks stopsReadingWhileItOwes() {
    Map<ClientHooks.OutboundTap, Owed> owed = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    return new ClientHooks() {
      @Override
      public InputStream inbound(InputStream in, OutboundTap tap) {
        Owed o = owed.computeIfAbsent(tap, t -> new Owed());
        return new java.io.FilterInputStream(in) {
          @Override
          public int read(byte[] b, int off, int len) throws java.io.IOException {
            o.awaitNone();
            int n = super.read(b, off, len);
            o.awaitNone();
            return n;
          }
        };
      }

      @Override
      public OutputStream outbound(OutputStream out, OutboundTap tap) {
        Owed o = owed.computeIfAbsent(tap, t -> new Owed());
        return new java.io.FilterOutputStream(out) {
          /** Whether a batch is being written: from its first write to the flush after it (writer thread only). */
          private boolean owing;

          @Override
          public void write(byte[] b, int off, int len) throws java.io.IOException {
            if (!owing) {
              owing = true;
              o.begin();
            }
            try {
              out.write(b, off, len);
            } catch (java.io.IOException e) {
              settled();
              throw e;
            }
          }

          @Override
          public void flush() throws java.io.IOException {
            try {
              out.flush();
            } finally {
              settled();
            }
          }

          private void settled() {
            if (owing) {
              owing = false;
              o.end();
            }
          }
        };
      }
    };
  }

  /** Batches of one connection being written. */
  private static final class Owed {
    private int writes;

    synchronized void begin() {
      writes++;
    }

    synchronized void end() {
      writes--;
      notifyAll();
    }

    synchronized void awaitNone() throws java.io.InterruptedIOException {
      while (writes > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while a write is under way");
        }
      }
    }
  }

  private static ClientHooks filter(Supplier<FrameFilter.Rewrite> rewrite) {
    return new ClientHooks() {
      @Override
      public InputStream inbound(InputStream in, OutboundTap tap) {
        return new FrameFilter(in, rewrite.get());
      }
    };
  }

  private static Frame with(Frame f, int requestId, int streamId) {
    return new Frame(new FrameHeader(f.header().payloadLength(), requestId, streamId, f.streamFlags(), f.header().typeCode(),
        f.flags()), ByteBuffer.wrap(f.payloadBytes()));
  }

  /** Drops what arrives for a request after its response ended. */
  private static final class AfterEos implements FrameFilter.Rewrite {
    private final Set<Integer> ended = new HashSet<>();

    @Override
    public List<Frame> frame(Frame f) {
      if (f.requestId() != 0 && ended.contains(f.requestId()) && f.type() != FrameType.STREAM_SETTINGS) {
        return List.of();
      }
      if ((f.type() == FrameType.COMMAND_RESPONSE && (f.flags() & 0x2) != 0) || f.type() == FrameType.ERROR_RESPONSE) {
        ended.add(f.requestId());
      }
      return List.of(f);
    }
  }

  /** Clears the encoded flag on streams that have no stream settings. */
  private static final class NoSettings implements FrameFilter.Rewrite {
    private final Set<Integer> settled = new HashSet<>();

    @Override
    public List<Frame> frame(Frame f) {
      if ((f.streamFlags() & 0x1) != 0) {
        settled.remove(f.streamId());
      }
      if (f.type() == FrameType.STREAM_SETTINGS) {
        settled.add(f.streamId());
      }
      if ((f.streamFlags() & 0x4) != 0 && !settled.contains(f.streamId())) {
        return List.of(new Frame(new FrameHeader(f.header().payloadLength(), f.requestId(), f.streamId(), f.streamFlags() & ~0x4,
            f.header().typeCode(), f.flags()), ByteBuffer.wrap(f.payloadBytes())));
      }
      return List.of(f);
    }
  }

  /** When the connection ends, finishes every response still open with an empty eos frame. */
  private static final class MissingEos implements FrameFilter.Rewrite {
    private final Map<Integer, Integer> open = new HashMap<>();

    @Override
    public List<Frame> frame(Frame f) {
      if (f.type() == FrameType.COMMAND_RESPONSE) {
        if ((f.flags() & 0x2) != 0) {
          open.remove(f.requestId());
        } else {
          open.put(f.requestId(), f.streamId());
        }
      }
      return List.of(f);
    }

    @Override
    public List<Frame> end() {
      List<Frame> l = new ArrayList<>();
      open.forEach((id, stream) -> l.add(Frame.of(id, stream, 0, FrameType.COMMAND_RESPONSE, 0x2, new byte[0])));
      return l;
    }
  }
}
