package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.streams.OutboundStream;
import org.framewire.streams.Side;
import org.framewire.streams.StreamRegistry;
import org.framewire.streams.encoding.EncodingProfiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A client session and a server session back to back, in memory: every content encoding,
 * interleaved requests and responses, command data both ways of buffering, large responses, and
 * input cut into small pieces.
 */
class SessionPairTest {

  /** Echoes a request: its args map, then its command data as a byte string when there is some. */
  static final BiConsumer<ServerEvent, ServerSession> ECHO = (e, s) -> {
    if (e instanceof ServerEvent.RunCommand run) {
      ServerResponse r = s.response(run.requestId()).writeObject(run.args());
      if (run.data() != null) {
        r.writeObject(new CborValue.Bytes(run.dataBytes()));
      }
      r.end();
    }
  };

  private static ClientConfig advertising(String encoding) {
    return encoding.equals("none")
        ? ClientConfig.DEFAULTS.withContentEncodings(List.of())
        : ClientConfig.DEFAULTS.withContentEncodings(List.of(encoding));
  }

  private static CborValue.MapValue args(String k, String v) {
    return CborValue.MapValue.of(CborValue.bytes(k), CborValue.bytes(v));
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void sequentialCallsOverEachEncoding(String encoding) {
    Pair p = new Pair(advertising(encoding), ServerConfig.DEFAULTS, ECHO);
    for (int i = 0; i < 5; i++) {
      p.client.sendCommand(CommandRequest.of("echo", args("i", "v" + i)));
    }
    p.pump();
    for (int i = 0; i < 5; i++) {
      int id = 2 * i + 1;
      assertEquals(List.of(new ClientEvent.ResponseObject(id, args("i", "v" + i)), new ClientEvent.ResponseComplete(id)),
          p.eventsOf(id));
    }
    Frame settings = p.serverFrames.get(0);
    assertEquals(FrameType.STREAM_SETTINGS, settings.type());
    String expected = encoding.equals("none") ? "identity" : encoding;
    assertArrayEquals(CborEncoder.encode(CborValue.bytes(expected)), settings.payloadBytes(), "SET-3");
    assertTrue(p.serverFrames.stream().anyMatch(f -> f.header().hasStreamFlag(StreamFlags.ENCODED)));
  }

  /** Two responses written alternately, in chunks, on one encoded stream, decode into their own bytes. */
  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity"})
  void interleavedResponses(String encoding) {
    Map<Integer, ServerResponse> open = new HashMap<>();
    Pair p = new Pair(advertising(encoding), ServerConfig.DEFAULTS, (e, s) -> {
      if (e instanceof ServerEvent.RunCommand run) {
        open.put(run.requestId(), s.response(run.requestId()));
      }
    });
    for (int i = 0; i < 3; i++) {
      p.client.sendCommand(CommandRequest.of("stream"));
    }
    p.pump();
    assertEquals(3, open.size());
    Random random = new Random(42);
    Map<Integer, List<CborValue>> written = new HashMap<>();
    for (int round = 0; round < 40; round++) {
      for (int id : new int[] {1, 3, 5}) {
        byte[] chunk = new byte[1000 + random.nextInt(20_000)];
        for (int k = 0; k < chunk.length; k++) {
          chunk[k] = (byte) ('a' + (round + id + k / 100) % 26);
        }
        CborValue v = new CborValue.Bytes(chunk);
        open.get(id).writeObject(v);
        written.computeIfAbsent(id, k -> new ArrayList<>()).add(v);
      }
      if (round % 7 == 0) {
        p.pump();
      }
    }
    open.get(3).end();
    open.get(1).end();
    open.get(5).end();
    p.pump();
    for (int id : new int[] {1, 3, 5}) {
      List<ClientEvent> expected = new ArrayList<>();
      for (CborValue v : written.get(id)) {
        expected.add(new ClientEvent.ResponseObject(id, v));
      }
      expected.add(new ClientEvent.ResponseComplete(id));
      List<ClientEvent> got = p.eventsOf(id);
      assertTrue(expected.equals(got), "request " + id + ": " + got.size() + " events, " + expected.size() + " expected");
    }
    for (Frame f : p.serverFrames) {
      assertTrue(f.header().payloadLength() <= ServerConfig.DEFAULTS.maxFrameSize(), "FRAME-8");
    }
    // Three overlapping responses: two encoded streams (maxEncodedStreams), the third unencoded.
    java.util.Set<Integer> encodedStreams = new java.util.TreeSet<>();
    java.util.Set<Integer> streams = new java.util.TreeSet<>();
    for (Frame f : p.serverFrames) {
      streams.add(f.streamId());
      if (f.header().hasStreamFlag(StreamFlags.ENCODED)) {
        encodedStreams.add(f.streamId());
      }
    }
    if (encoding.equals("identity")) {
      assertEquals(java.util.Set.of(2), streams, "identity holds nothing back: one shared stream");
    } else {
      assertEquals(java.util.Set.of(2, 4, 6), streams);
      assertEquals(java.util.Set.of(2, 4), encodedStreams);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"BUFFER", "STREAM"})
  void commandData(String mode) {
    ServerConfig config = ServerConfig.DEFAULTS.withDataMode(ServerConfig.DataMode.valueOf(mode));
    Map<Integer, ByteBuffer> gathered = new HashMap<>();
    Pair p = new Pair(ClientConfig.DEFAULTS, config, (e, s) -> {
      if (e instanceof ServerEvent.RunCommand run && !run.dataFollows()) {
        ECHO.accept(e, s);
      } else if (e instanceof ServerEvent.RunCommand run) {
        gathered.put(run.requestId(), ByteBuffer.allocate(1 << 20));
      } else if (e instanceof ServerEvent.CommandData d) {
        gathered.get(d.requestId()).put(d.chunk());
        if (d.eos()) {
          ByteBuffer all = gathered.get(d.requestId()).flip();
          byte[] b = new byte[all.remaining()];
          all.get(b);
          s.response(d.requestId()).writeObject(new CborValue.Bytes(b)).end();
        }
      }
    }).chunked(4096);
    byte[] data = new byte[200_000];
    new Random(1).nextBytes(data);
    int id = p.client.sendCommand(CommandRequest.of("put"), ByteBuffer.wrap(data));
    p.pump();
    List<ClientEvent> events = p.eventsOf(id);
    CborValue last = ((ClientEvent.ResponseObject) events.get(events.size() - 2)).value();
    assertArrayEquals(data, ((CborValue.Bytes) last).value());
    assertEquals(new ClientEvent.ResponseComplete(id), events.get(events.size() - 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity"})
  void largeStreamedResponseCutIntoSmallReads(String encoding) {
    int chunks = 300;
    Pair p = new Pair(advertising(encoding).withByteStrings(ClientConfig.ByteStringMode.STREAM), ServerConfig.DEFAULTS,
        (e, s) -> {
          if (e instanceof ServerEvent.RunCommand run) {
            ServerResponse r = s.response(run.requestId()).beginBytes();
            for (int i = 0; i < chunks; i++) {
              byte[] c = new byte[10_000];
              java.util.Arrays.fill(c, (byte) i);
              r.writeBytesChunk(ByteBuffer.wrap(c));
            }
            r.endBytes().end();
          }
        }).chunked(1500);
    int id = p.client.sendCommand(CommandRequest.of("bundle"));
    p.pump();
    List<ClientEvent> events = p.eventsOf(id);
    assertEquals(chunks + 2, events.size());
    for (int i = 0; i < chunks; i++) {
      ClientEvent.ResponseChunk c = (ClientEvent.ResponseChunk) events.get(i);
      assertEquals(10_000, c.chunk().length);
      assertEquals((byte) i, c.chunk()[9_999]);
    }
    assertEquals(new ClientEvent.ResponseChunk(id, new byte[0], true), events.get(chunks));
    assertEquals(new ClientEvent.ResponseComplete(id), events.get(chunks + 1));
    long wire = p.serverFrames.stream().mapToLong(f -> f.header().payloadLength()).sum();
    if (!encoding.equals("identity")) {
      assertTrue(wire < 300_000, "3 MB of runs compress: " + wire + " bytes on the wire");
    }
  }

  static final CborValue.MapValue LOCATION = CborValue.MapValue.of(
      CborValue.bytes("mediatype"), CborValue.bytes("application/x"), CborValue.bytes("url"), CborValue.bytes("https://x"));

  /**
   * A long-lived connection: the client goes round its request ids (40 000 requests, past the
   * wrap at 65535) with many in flight, and the server answers them in reverse order of arrival,
   * so its request table holds up to {@code inFlight} ids at once as they move along and wrap —
   * in a window of entries (16) and in pages (400: more than a window of 256 holds). Every answer
   * must reach the request it answers.
   */
  @ParameterizedTest
  @ValueSource(ints = {16, 400})
  void aClientGoingRoundItsIdsIsAnsweredRequestByRequest(int inFlight) {
    List<ServerEvent.RunCommand> held = new ArrayList<>();
    Pair p = new Pair(ClientConfig.DEFAULTS, ServerConfig.DEFAULTS.withMaxConcurrentRequests(inFlight), (e, s) -> {
      if (e instanceof ServerEvent.RunCommand run) {
        held.add(run);
      }
    });
    int sent = 0;
    int wraps = 0;
    int lastId = 0;
    while (sent < 40_000) {
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < inFlight; i++, sent++) {
        int id = p.client.sendCommand(CommandRequest.of("which"));
        wraps += id < lastId ? 1 : 0;
        lastId = id;
        ids.add(id);
      }
      p.pump();
      while (!held.isEmpty()) {
        for (int i = held.size() - 1; i >= 0; i--) {
          int id = held.get(i).requestId();
          p.server.response(id).writeObject(CborValue.of(id)).end();
        }
        held.clear();
        p.pump();
      }
      for (int id : ids) {
        assertEquals(List.of(new ClientEvent.ResponseObject(id, CborValue.of(id)), new ClientEvent.ResponseComplete(id)),
            p.eventsOf(id), "request " + id + " after " + sent + " requests");
      }
      p.clientEvents.clear();
      p.serverEvents.clear();
      p.clientFrames.clear();
      p.serverFrames.clear();
    }
    assertEquals(1, wraps, "the ids wrapped after 65535");
    assertEquals(0, p.client.requestCount());
    assertEquals(0, p.server.requestCount());
  }

  @Test
  void everyKindOfAnswerThroughBothSessions() {
    Pair p = new Pair(ClientConfig.DEFAULTS, ServerConfig.DEFAULTS, (e, s) -> {
      if (e instanceof ServerEvent.RunCommand run) {
        ServerResponse r = s.response(run.requestId());
        switch (run.command()) {
          case "fail" -> r.commandError("no such %s", List.of(CborValue.bytes("thing")));
          case "crash" -> r.writeObject(CborValue.of(1)).serverError("crashed");
          case "redirect" -> r.redirect(LOCATION).end();
          default -> r.textOutput(List.of(TextAtom.of("working\n")))
              .progress(ProgressUpdate.of("t", 1)).end();
        }
      }
    });
    int fail = p.client.sendCommand(CommandRequest.of("fail"));
    int crash = p.client.sendCommand(CommandRequest.of("crash"));
    int redirect = p.client.sendCommand(CommandRequest.of("redirect")
        .withRedirect(CborValue.MapValue.of(CborValue.bytes("targets"), CborValue.Array.of(CborValue.bytes("cdn")))));
    int plain = p.client.sendCommand(CommandRequest.of("plain"));
    p.pump();
    assertEquals(List.of(new ClientEvent.CommandError(fail, "no such %s", List.of(CborValue.bytes("thing")))),
        p.eventsOf(fail));
    assertEquals(List.of(new ClientEvent.ResponseObject(crash, CborValue.of(1)),
        new ClientEvent.ErrorResponse(crash, "server", List.of(TextAtom.of("crashed")), null)), p.eventsOf(crash));
    assertEquals(List.of(new ClientEvent.Redirect(redirect, LOCATION), new ClientEvent.ResponseComplete(redirect)),
        p.eventsOf(redirect));
    assertEquals(List.of(new ClientEvent.TextOutput(plain, List.of(TextAtom.of("working\n"))),
        new ClientEvent.Progress(plain, ProgressUpdate.of("t", 1)), new ClientEvent.ResponseComplete(plain)),
        p.eventsOf(plain));
    assertEquals(0, p.client.requestCount());
    assertEquals(0, p.server.requestCount());
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity"})
  void aFailedResponseLeavesTheEncodedStreamUsable(String encoding) {
    Pair p = new Pair(advertising(encoding), ServerConfig.DEFAULTS, (e, s) -> {
      if (e instanceof ServerEvent.RunCommand run) {
        ServerResponse r = s.response(run.requestId()).writeObject(CborValue.bytes("x".repeat(5000)));
        if (run.command().equals("crash")) {
          r.serverError("crashed");
        } else {
          r.end();
        }
      }
    });
    int crash = p.client.sendCommand(CommandRequest.of("crash"));
    int fine = p.client.sendCommand(CommandRequest.of("fine"));
    p.pump();
    assertEquals(new ClientEvent.ErrorResponse(crash, "server", List.of(TextAtom.of("crashed")), null),
        p.eventsOf(crash).get(p.eventsOf(crash).size() - 1));
    assertEquals(List.of(new ClientEvent.ResponseObject(fine, CborValue.bytes("x".repeat(5000))),
        new ClientEvent.ResponseComplete(fine)), p.eventsOf(fine));
    assertTrue(p.serverFrames.stream().allMatch(f -> f.streamId() == 2), "one stream served both, in turn");
  }

  /** A client that encodes its own frames: Mercurial's server cannot decode them; this one does. */
  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib"})
  void encodedFramesFromAClient(String encoding) {
    List<Frame> frames = new ArrayList<>();
    StreamRegistry clientStreams = new StreamRegistry(Side.CLIENT);
    OutboundStream out = clientStreams.openOutbound(EncodingProfiles.defaults().find(encoding).orElseThrow(), 32768,
        frames::add);
    byte[] request = CommandRequest.of("put", args("k", "v")).encode();
    sendEncoded(out, 1, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW | FrameType.FLAG_HAVE_DATA, request);
    byte[] data = "data ".repeat(1000).getBytes();
    sendEncoded(out, 1, FrameType.COMMAND_DATA, FrameType.FLAG_EOS, data);
    clientStreams.close();

    ServerSession server = new ServerSession(ServerConfig.DEFAULTS, new FakeClock());
    List<ServerEvent> events = new ArrayList<>();
    for (Frame f : frames) {
      events.addAll(server.receiveFrame(f));
    }
    assertEquals(List.of(new ServerEvent.RunCommand(1, "put", args("k", "v"), List.of(), null, ByteBuffer.wrap(data), false)), events);
    assertTrue(frames.stream().anyMatch(f -> f.header().hasStreamFlag(StreamFlags.ENCODED)));
  }

  private static void sendEncoded(OutboundStream out, int requestId, FrameType type, int flags, byte[] payload) {
    ByteBuffer dst = ByteBuffer.allocate(32768);
    out.encode(ByteBuffer.wrap(payload), dst);
    while (!out.flush(dst)) {
      throw new AssertionError("test payloads fit one frame");
    }
    out.send(requestId, type, flags, dst.flip(), true, false);
  }
}
