package org.framewire.transport;

import static org.framewire.transport.Attack.cited;
import static org.framewire.transport.Attack.flood;
import static org.framewire.transport.Attack.report;
import static org.framewire.transport.Attack.secondConnectionServed;
import static org.framewire.transport.Attack.selectorAllocated;
import static org.framewire.transport.Fixture.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientSession;
import org.framewire.session.ServerConfig;
import org.framewire.spec.Requirement;
import org.framewire.streams.StreamSettings;
import org.framewire.streams.encoding.EncodingProfiles;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The multiplexed-protocol DoS catalogue (issue 7, docs/reliability.md): each attack is named after
 * its HTTP/2 analogue and runs against a real {@link TcpServer} on loopback. Each asserts the typed
 * protocol error (or the documented back-pressure), a bound on what the server's selector thread
 * allocated during the attack, and that a second connection is served meanwhile. Every flood runs
 * twice from a fresh source of its {@link Attack.Recipe}: over plain TCP and over TLS
 * ({@link TlsWire}), answered alike within the same bound.
 */
@Timeout(30)
class DosCatalogueTest {

  static final long MIB = 1 << 20;

  /** Flags of a command-request frame continuing a request, more to follow. */
  static final int CONT = FrameType.FLAG_REQUEST_CONTINUATION | FrameType.FLAG_MORE;

  /** Defaults, with a short linger so attackers' connections close promptly. */
  static final TransportConfig CONFIG = TransportConfig.DEFAULTS.withCloseLinger(Duration.ofMillis(100));

  static byte[] frame(int requestId, int streamId, int streamFlags, FrameType type, int flags, byte[] payload) {
    return Frame.of(requestId, streamId, streamFlags, type, flags, payload).toBytes();
  }

  static byte[] notation(String line) {
    return org.framewire.frames.FrameNotation.parse(line).toBytes();
  }

  /**
   * Runs a flood on one connection, checks a second connection is served while it runs, and
   * returns the requirement the server cited; prints and bounds the selector's allocation. The
   * attack runs twice from fresh sources of {@code recipe}: over plain TCP, then over TLS
   * ({@link TlsWire}, SPEC.md §9.3) against the same bound, and both
   * runs must cite the same requirement: the layer below the session changes nothing above it.
   */
  static Requirement underFlood(String name, TransportConfig config, byte[] prologue, Attack.Recipe recipe,
      long allocationBound) throws Throwable {
    Requirement plain = underFlood(name, config, null, null, prologue, recipe.start(), allocationBound);
    TestPki pki = pki();
    Requirement tls = underFlood(name + " over TLS", config, pki.serverTls(false), pki.clientTls(), prologue,
        recipe.start(), allocationBound);
    assertEquals(plain, tls, name + ": the same attack over TLS was answered otherwise");
    return plain;
  }

  private static TestPki pki;

  /** Certificates for the attacks over TLS, made once per run. */
  static synchronized TestPki pki() throws IOException {
    if (pki == null) {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("framewire-dos-pki");
      pki = TestPki.create(dir);
      for (java.io.File file : dir.toFile().listFiles()) {
        file.deleteOnExit();
      }
      dir.toFile().deleteOnExit();
    }
    return pki;
  }

  /** One run of a flood; over TLS when {@code tls} is not null, trusted with {@code clientTls}. */
  private static Requirement underFlood(String name, TransportConfig config, org.framewire.transport.tls.ServerTls tls,
      org.framewire.transport.tls.ClientTls clientTls, byte[] prologue, Attack.FrameSource source, long allocationBound)
      throws Throwable {
    try (Fixture f = new Fixture()) {
      TcpServer server = tls == null ? f.tcp(config, CommandRegistry.conformance())
          : f.tls(tls, config, CommandRegistry.conformance());
      long before = selectorAllocated(server);
      try (RawPeer peer = tls == null ? new RawPeer(server.localAddress())
          : RawPeer.tls(server.localAddress(), clientTls, 0)) {
        AtomicLong written = new AtomicLong();
        if (prologue.length > 0) {
          peer.send(prologue);
        }
        Thread attacker = flood(peer, source, written);
        secondConnectionServed(server, clientTls);
        List<Frame> answer = peer.readToEnd();
        attacker.join(10_000);
        long allocated = selectorAllocated(server) - before;
        Requirement r = cited(answer);
        report(name, "attacker wrote " + written.get() + " bytes, server cited " + r.id(), allocated, allocationBound);
        secondConnectionServed(server, clientTls);
        assertTrue(f.recorder.internalErrors.isEmpty(), f.recorder.internalErrors.toString());
        return r;
      }
    }
  }

  static byte[] settingsPrologue() {
    return notation("1 1 stream-begin sender-protocol-settings eos cbor:{b'contentencodings': [b'zstd-8mb', b'zlib', b'identity']}");
  }

  /** One frame, then nothing more. */
  static Attack.Recipe once(byte[] frame) {
    return Attack.Recipe.of(i -> i == 0 ? frame : null);
  }

  static Attack.Recipe sequence(List<byte[]> frames) {
    return Attack.Recipe.of(i -> i < frames.size() ? frames.get((int) i) : null);
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("CVE-2019-9511 data dribble and CVE-2019-9517 internal data buffering")
  class Cve2019_9511_9517 {
    @Test
    @DisplayName("a client that never reads huge stream responses stops the server reading at the outbound bound (LIMIT-3)")
    void neverReadingClientIsBackpressured() throws Throwable {
      long limit = 1 * MIB;
      TransportConfig config = CONFIG.withSession(ServerConfig.DEFAULTS.withMaxOutboundBytes(limit));
      try (Fixture f = new Fixture()) {
        TcpServer server = f.tcp(config, CommandRegistry.conformance());
        long before = selectorAllocated(server);
        try (RawPeer peer = new RawPeer(server.localAddress(), 8 << 10)) {
          ClientSession session = new ClientSession(ClientConfig.DEFAULTS.withContentEncodings(List.of()));
          for (int i = 0; i < 8; i++) {
            session.sendCommand(CommandRequest.of("stream", args("count", 256, "size", 1 << 20)));
          }
          peer.send(session.pollOutbound());
          TcpTransportTest.eventually(
              () -> !server.connections().isEmpty() && server.connections().get(0).readingPaused());
          secondConnectionServed(server);
          // Reading may resume for a moment while the kernel's socket buffers still take bytes:
          // take the stalled connection once it is paused again rather than at one instant.
          AtomicReference<ConnectionStats> paused = new AtomicReference<>();
          TcpTransportTest.eventually(() -> {
            server.connections().stream().filter(ConnectionStats::readingPaused).findFirst().ifPresent(paused::set);
            return paused.get() != null;
          });
          ConnectionStats stalled = paused.get();
          long allocated = selectorAllocated(server) - before;
          report("CVE-2019-9511/9517", "reading paused, peak queued " + stalled.peakQueuedBytes()
              + " bytes of 2 GiB requested", allocated, 64 * MIB);
          assertTrue(stalled.peakQueuedBytes() < limit + 512 * 1024, stalled.toString());
        }
      }
    }
  }

  @Nested
  @DisplayName("CVE-2019-9512 ping flood / CVE-2019-9515 settings flood")
  class Cve2019_9512_9515 {
    @Test
    @DisplayName("endless sender-protocol-settings continuation frames end at 16 KiB (SET-4)")
    void settingsFlood() throws Throwable {
      byte[] chunk = new byte[1000];
      Arrays.fill(chunk, (byte) 0x40);
      Requirement r = underFlood("CVE-2019-9512/9515 settings flood", CONFIG, new byte[0],
          Attack.Recipe.of(i -> frame(1, 1, i == 0 ? StreamFlags.BEGIN : 0, FrameType.SENDER_PROTOCOL_SETTINGS, FrameType.FLAG_CONTINUATION,
              chunk)), 16 * MIB);
      assertEquals(Requirement.SET_LIMIT, r);
    }

    @Test
    @DisplayName("settings repeated after the first are a violation at once (SET-1)")
    void settingsRepeated() throws Throwable {
      Requirement r = underFlood("CVE-2019-9515 repeated settings", CONFIG, settingsPrologue(),
          Attack.Recipe.of(i -> notation("1 1 0 sender-protocol-settings eos cbor:{b'contentencodings': [b'identity']}")), 16 * MIB);
      assertEquals(Requirement.SET_FIRST, r);
    }
  }

  @Nested
  @DisplayName("CVE-2019-9514 reset flood and CVE-2023-44487 Rapid Reset")
  class Cve2019_9514_2023_44487 {
    @Test
    @DisplayName("streams opened with zstd stream settings and never closed end at 8 decoder contexts (ENC-12)")
    void zstdContextsPerConnection() throws Throwable {
      byte[] settings = new StreamSettings(EncodingProfiles.ZSTD_8MB.name(), List.of()).encode();
      Requirement r = underFlood("CVE-2023-44487 stream churn, zstd contexts", CONFIG, settingsPrologue(),
          Attack.Recipe.of(i -> frame(1, (int) (3 + 2 * i), StreamFlags.BEGIN, FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS, settings)),
          16 * MIB);
      assertTrue(r == Requirement.ENC_CONTEXT_LIMIT || r == Requirement.STREAM_OPEN_LIMIT, r.toString());
    }

    @Test
    @DisplayName("empty streams begun and ended at once, each with zstd stream settings, end at 64 per 1024 frames (LIMIT-6)")
    void rapidReset() throws Throwable {
      byte[] settings = new StreamSettings(EncodingProfiles.ZSTD_8MB.name(), List.of()).encode();
      byte[] churn = frame(1, 3, StreamFlags.BEGIN | StreamFlags.END, FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS,
          settings);
      Requirement r = underFlood("CVE-2023-44487 Rapid Reset", CONFIG, settingsPrologue(), Attack.Recipe.of(i -> churn), 16 * MIB);
      assertEquals(Requirement.LIMIT_STREAM_CHURN, r);
    }

    @Test
    @DisplayName("zstd contexts over many connections end at the server's shared budget (ENC-12); all freed on close")
    void zstdContextsPerServer() throws Throwable {
      byte[] settings = new StreamSettings(EncodingProfiles.ZSTD_8MB.name(), List.of()).encode();
      try (Fixture f = new Fixture()) {
        TcpServer server = f.tcp(CONFIG.withMaxDecoderContexts(12), CommandRegistry.conformance());
        long before = selectorAllocated(server);
        List<RawPeer> holders = new ArrayList<>();
        try {
          for (int c = 0; c < 2; c++) {
            RawPeer p = new RawPeer(server.localAddress());
            holders.add(p);
            p.send(settingsPrologue());
            for (int s = 0; s < 6; s++) {
              p.send(frame(1, 3 + 2 * s, StreamFlags.BEGIN, FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS, settings));
            }
          }
          TcpTransportTest.eventually(() -> server.liveDecoderContexts() == 12);
          try (RawPeer third = new RawPeer(server.localAddress())) {
            third.send(settingsPrologue());
            third.send(frame(1, 3, StreamFlags.BEGIN, FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS, settings));
            assertEquals(Requirement.ENC_CONTEXT_LIMIT, cited(third.readToEnd()));
          }
          secondConnectionServed(server);
          assertEquals(12, server.liveDecoderContexts());
        } finally {
          for (RawPeer p : holders) {
            p.close();
          }
        }
        TcpTransportTest.eventually(() -> server.liveDecoderContexts() == 0);
        report("zstd contexts per server", "13th context refused with ENC-12, 0 live after the holders left",
            selectorAllocated(server) - before, 16 * MIB);
      }
    }

    @Test
    @DisplayName("identity streams opened and never closed end at 32 open streams (STREAM-6)")
    void openStreams() throws Throwable {
      byte[] settings = new StreamSettings("identity", List.of()).encode();
      Requirement r = underFlood("CVE-2019-9514 open streams", CONFIG, settingsPrologue(),
          Attack.Recipe.of(i -> frame(1, (int) (3 + 2 * i), StreamFlags.BEGIN, FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS, settings)),
          16 * MIB);
      assertEquals(Requirement.STREAM_OPEN_LIMIT, r);
    }
  }

  @Nested
  @DisplayName("CVE-2025-8671 MadeYouReset: violations that make the server emit errors")
  class Cve2025_8671 {
    @Test
    @DisplayName("300 connections each earn an error-response; none is left open, others are served")
    void violationsAcrossConnections() throws Throwable {
      try (Fixture f = new Fixture()) {
        TcpServer server = f.tcp(CONFIG, CommandRegistry.conformance());
        long before = selectorAllocated(server);
        for (int c = 0; c < 300; c++) {
          try (RawPeer peer = new RawPeer(server.localAddress())) {
            peer.send("1 1 stream-begin 10 0 ");
            assertEquals(Requirement.FRAME_TYPE_KNOWN, cited(peer.readToEnd()));
          }
          if (c % 100 == 0) {
            secondConnectionServed(server);
          }
        }
        TcpTransportTest.eventually(() -> server.connections().isEmpty());
        long allocated = selectorAllocated(server) - before;
        report("CVE-2025-8671", "300 error-responses, 0 connections left", allocated, 64 * MIB);
        secondConnectionServed(server);
      }
    }
  }

  @Nested
  @DisplayName("CVE-2019-9516 0-length headers leak: thousands of empty CBOR entries")
  class Cve2019_9516 {
    @Test
    @DisplayName("a command request followed by 500 000 empty byte strings ends at the request bound (CMD-6)")
    void emptyEntries() throws Throwable {
      byte[] empties = new byte[60_000];
      Arrays.fill(empties, (byte) 0x40);
      byte[] first = notation("1 1 0 command-request new|more cbor:{b'name': b'echo'}");
      Requirement r = underFlood("CVE-2019-9516 empty CBOR entries", CONFIG, settingsPrologue(),
          Attack.Recipe.of(i -> i == 0 ? first : frame(1, 1, 0, FrameType.COMMAND_REQUEST, CONT, empties)),
          32 * MIB);
      assertEquals(Requirement.CMD_REQUEST_LIMIT, r);
    }
  }

  @Nested
  @DisplayName("CVE-2019-9518 empty frames flood")
  class Cve2019_9518 {
    @Test
    @DisplayName("endless empty command-request continuation frames end after 256 (LIMIT-2)")
    void emptyFrames() throws Throwable {
      byte[] first = notation("1 1 0 command-request new|more cbor:{b'name': b'echo'}");
      byte[] empty = frame(1, 1, 0, FrameType.COMMAND_REQUEST, CONT, new byte[0]);
      Requirement r = underFlood("CVE-2019-9518 empty frames", CONFIG, settingsPrologue(),
          Attack.Recipe.of(i -> i == 0 ? first : empty), 16 * MIB);
      assertEquals(Requirement.LIMIT_EMPTY_FRAMES, r);
    }
  }

  @Nested
  @DisplayName("CVE-2024-27316 CONTINUATION flood")
  class Cve2024_27316 {
    @Test
    @DisplayName("endless command-request continuation frames end at 1 MiB (CMD-6)")
    void continuationFlood() throws Throwable {
      byte[] chunk = new byte[32768];
      Requirement r = underFlood("CVE-2024-27316 continuation flood", CONFIG, settingsPrologue(),
          Attack.Recipe.of(i -> frame(1, 1, 0, FrameType.COMMAND_REQUEST, i == 0 ? FrameType.FLAG_NEW | FrameType.FLAG_MORE : CONT, chunk)),
          32 * MIB);
      assertEquals(Requirement.CMD_REQUEST_LIMIT, r);
    }
  }

  @Nested
  @DisplayName("Decompression bombs")
  class DecompressionBombs {
    /** An encoded stream carrying an endless command request of zeros: a 1 GiB bomb, cut short by the server. */
    Attack.Recipe zeros(org.framewire.streams.encoding.EncodingProfile profile) {
      return () -> zerosOnce(profile);
    }

    /** One run's frames: a compression context of its own, fed from the start. */
    private Attack.FrameSource zerosOnce(org.framewire.streams.encoding.EncodingProfile profile) {
      List<Frame> pending = new ArrayList<>();
      org.framewire.streams.StreamRegistry client =
          new org.framewire.streams.StreamRegistry(org.framewire.streams.Side.CLIENT);
      org.framewire.streams.OutboundStream s = client.openOutbound(profile, 32768, pending::add);
      ByteBuffer mib = ByteBuffer.allocate((int) MIB);
      long[] fed = {0};
      return i -> {
        while (pending.isEmpty()) {
          if (fed[0] >= 1024 * MIB) {
            return null;
          }
          ByteBuffer out = ByteBuffer.allocate(32768);
          s.encode(mib.duplicate(), out);
          s.flush(out);
          out.flip();
          int flags = fed[0] == 0 ? FrameType.FLAG_NEW | FrameType.FLAG_MORE : CONT;
          s.send(1, FrameType.COMMAND_REQUEST, flags, out, true, false);
          fed[0] += MIB;
        }
        return pending.remove(0).toBytes();
      };
    }

    @Test
    @DisplayName("zlib: 1 GiB of zeros in a command request ends at the decoded bound (ENC-6 / CMD-6)")
    void zlib() throws Throwable {
      Requirement r = underFlood("zlib bomb", CONFIG, new byte[0],
          zeros(new org.framewire.streams.encoding.ZlibProfile(1)), 64 * MIB);
      assertTrue(r == Requirement.ENC_DECODED_LIMIT || r == Requirement.CMD_REQUEST_LIMIT, r.toString());
    }

    @Test
    @DisplayName("zstd: 1 GiB of zeros in a command request ends at the decoded bound (ENC-6 / CMD-6)")
    void zstd() throws Throwable {
      Requirement r = underFlood("zstd bomb", CONFIG, new byte[0], zeros(EncodingProfiles.ZSTD_8MB), 64 * MIB);
      assertTrue(r == Requirement.ENC_DECODED_LIMIT || r == Requirement.CMD_REQUEST_LIMIT, r.toString());
    }

    @Test
    @DisplayName("zstd: a frame header demanding a 16 MiB window is refused before the window is allocated")
    void zstdWindowAboveEightMebibytes() throws Throwable {
      byte[] settings = new StreamSettings(EncodingProfiles.ZSTD_8MB.name(), List.of()).encode();
      // zstd magic, frame header descriptor 0 (window descriptor present), window log 10 + 14 = 24
      byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, 0x70, 0x01, 0x00, 0x00};
      ByteArrayOutputStream prologue = new ByteArrayOutputStream();
      prologue.writeBytes(settingsPrologue());
      prologue.writeBytes(frame(1, 3, StreamFlags.BEGIN, FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS, settings));
      Requirement r = underFlood("zstd window above 8 MiB", CONFIG, prologue.toByteArray(),
          once(frame(1, 3, StreamFlags.ENCODED, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW, zstd)), 16 * MIB);
      assertEquals(Requirement.ENC_ZSTD_WINDOW, r);
    }
  }

  @Nested
  @DisplayName("CBOR bombs")
  class CborBombs {
    Requirement bomb(String name, byte[] payload) throws Throwable {
      List<byte[]> frames = new ArrayList<>();
      for (int off = 0; off < payload.length; off += 32768) {
        int end = Math.min(payload.length, off + 32768);
        int flags = (off == 0 ? FrameType.FLAG_NEW : FrameType.FLAG_REQUEST_CONTINUATION) | (end < payload.length ? FrameType.FLAG_MORE : 0);
        frames.add(frame(1, 1, 0, FrameType.COMMAND_REQUEST, flags, Arrays.copyOfRange(payload, off, end)));
      }
      return underFlood(name, CONFIG, settingsPrologue(), sequence(frames), 32 * MIB);
    }

    @Test
    @DisplayName("a byte string declaring 2^40 bytes (CBOR-2)")
    void declaredLength() throws Throwable {
      byte[] p = {(byte) 0xa1, 0x44, 'n', 'a', 'm', 'e', 0x5b, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3};
      assertEquals(Requirement.CBOR_LIMITS, bomb("CBOR declared length 2^40", p));
    }

    @Test
    @DisplayName("a map declaring 2^32 entries (CBOR-2)")
    void mapEntries() throws Throwable {
      byte[] p = {(byte) 0xbb, 0, 0, 0, 1, 0, 0, 0, 0, 0x40, 0x40};
      assertEquals(Requirement.CBOR_LIMITS, bomb("CBOR 2^32 map entries", p));
    }

    @Test
    @DisplayName("arrays nested 200 000 deep (CBOR-2)")
    void nesting() throws Throwable {
      byte[] p = new byte[200_001];
      Arrays.fill(p, (byte) 0x81);
      p[p.length - 1] = 0;
      assertEquals(Requirement.CBOR_LIMITS, bomb("CBOR nesting 200 000", p));
    }
  }

  @Nested
  @DisplayName("Request-id exhaustion")
  class RequestIdExhaustion {
    @Test
    @DisplayName("32 768 unfinished requests end at the partial-request bound (CMD-11)")
    void unfinishedRequests() throws Throwable {
      Requirement r = underFlood("request-id exhaustion", CONFIG, settingsPrologue(),
          Attack.Recipe.of(i -> i >= 32768 ? null : notation((2 * i + 1) + " 1 " + "0"
              + " command-request new|more cbor:{b'name': b'echo'}")), 16 * MIB);
      assertEquals(Requirement.CMD_CONCURRENCY_LIMIT, r);
    }
  }

  @Nested
  @DisplayName("Deep pipeline in one write")
  class DeepPipeline {
    @Test
    @DisplayName("32 767 complete requests in one write are paced (CMD-11), never refused, and all answered")
    void pipelineWrittenBeforeReading() throws Throwable {
      try (Fixture f = new Fixture()) {
        TcpServer server = f.tcp(CONFIG, CommandRegistry.conformance());
        long before = selectorAllocated(server);
        int n = 32767;
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
          batch.writeBytes(notation((2 * i + 1) + " 1 " + (i == 0 ? "stream-begin" : "0")
              + " command-request new cbor:{b'name': b'echo'}"));
        }
        try (RawPeer peer = new RawPeer(server.localAddress())) {
          Thread writer = new Thread(() -> {
            try {
              peer.send(batch.toByteArray());
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
          writer.start(); // the whole batch in one write, read meanwhile
          secondConnectionServed(server);
          int answered = 0;
          while (answered < n) {
            Frame frame = peer.next();
            assertTrue(frame != null && frame.type() != FrameType.ERROR_RESPONSE, String.valueOf(frame));
            if (frame.type() == FrameType.COMMAND_RESPONSE && frame.header().hasFlag(FrameType.FLAG_EOS)) {
              answered++;
            }
          }
          writer.join(10_000);
          long allocated = selectorAllocated(server) - before;
          report("deep pipeline in one write", n + " requests answered, no violation", allocated, 256 * MIB);
          assertEquals(List.of(), f.recorder.violations);
          secondConnectionServed(server);
        }
      }
    }
  }

  @Nested
  @DisplayName("Connections")
  class Connections {
    @Test
    @DisplayName("many half-open (silent) connections: the oldest are evicted, a speaking client is served")
    void halfOpen() throws Throwable {
      TransportConfig config = CONFIG.withConnectionLimits(1024, 16);
      try (Fixture f = new Fixture()) {
        TcpServer server = f.tcp(config, CommandRegistry.conformance());
        long before = selectorAllocated(server);
        List<Socket> silent = new ArrayList<>();
        try {
          for (int i = 0; i < 200; i++) {
            silent.add(new Socket(server.localAddress().getAddress(), server.localAddress().getPort()));
          }
          TcpServer s = server;
          TcpTransportTest.eventually(() -> s.evictedConnections() >= 200 - 16);
          secondConnectionServed(server);
          assertTrue(server.connections().size() <= 17, server.connections().size() + " connections");
          long allocated = selectorAllocated(server) - before;
          report("half-open connections", server.evictedConnections() + " of 200 silent connections evicted",
              allocated, 64 * MIB);
        } finally {
          for (Socket s : silent) {
            s.close();
          }
        }
      }
    }

    @Test
    @DisplayName("connections over the cap are closed at once and counted")
    void connectionCap() throws Throwable {
      TransportConfig config = CONFIG.withConnectionLimits(8, 64);
      try (Fixture f = new Fixture()) {
        TcpServer server = f.tcp(config, CommandRegistry.conformance());
        List<Socket> open = new ArrayList<>();
        try {
          for (int i = 0; i < 8; i++) {
            open.add(new Socket(server.localAddress().getAddress(), server.localAddress().getPort()));
          }
          TcpTransportTest.eventually(() -> server.connections().size() == 8);
          try (Socket extra = new Socket(server.localAddress().getAddress(), server.localAddress().getPort())) {
            extra.setSoTimeout(10_000);
            assertEquals(-1, extra.getInputStream().read(), "refused connection is closed");
          }
          assertEquals(1, server.refusedConnections());
          open.remove(0).close();
          TcpTransportTest.eventually(() -> server.connections().size() == 7);
          secondConnectionServed(server);
          System.out.printf("[catalogue] connection cap: 1 refused at 8 open, served after one closed%n");
        } finally {
          for (Socket s : open) {
            s.close();
          }
        }
      }
    }
  }

  @Nested
  @DisplayName("Malformed input")
  class Malformed {
    @Test
    @DisplayName("64 KiB of random bytes earn a protocol error")
    void garbage() throws Throwable {
      byte[] junk = new byte[65536];
      new Random(7).nextBytes(junk);
      Requirement r = underFlood("garbage bytes", CONFIG, new byte[0], once(junk), 16 * MIB);
      assertTrue(r.id().startsWith("FRAME-") || r.id().startsWith("SET-") || r.id().startsWith("STREAM-"), r.toString());
    }

    @Test
    @DisplayName("an unknown frame type (FRAME-3 family)")
    void unknownType() throws Throwable {
      Requirement r = underFlood("unknown frame type", CONFIG, settingsPrologue(), once(notation("1 1 0 12 0 ")),
          16 * MIB);
      assertEquals(Requirement.FRAME_TYPE_KNOWN, r);
    }

    @Test
    @DisplayName("a reserved flag bit of command-data (0x4) on a request being received")
    void reservedFrameFlags() throws Throwable {
      byte[] start = notation("1 1 0 command-request new|have-data cbor:{b'name': b'echodata'}");
      byte[] data = frame(1, 1, 0, FrameType.COMMAND_DATA, 0x4 | FrameType.FLAG_EOS, new byte[] {1});
      Requirement r = underFlood("reserved frame flag bits", CONFIG, settingsPrologue(), sequence(List.of(start, data)),
          16 * MIB);
      assertEquals(Requirement.FRAME_FLAGS_DEFINED, r);
    }

    @Test
    @DisplayName("a reserved stream flag bit (0x80)")
    void reservedStreamFlags() throws Throwable {
      byte[] f = notation("1 1 0 command-request new cbor:{b'name': b'echo'}");
      f[6] = (byte) 0x80; // the stream-flags byte of the header (SPEC.md §2.1)
      Requirement r = underFlood("reserved stream flag bits", CONFIG, settingsPrologue(), once(f), 16 * MIB);
      assertEquals(Requirement.FRAME_STREAM_FLAGS_DEFINED, r);
    }

    @Test
    @DisplayName("a header cut in half, then silence: the frame-read timeout (LIMIT-4)")
    void halfHeaderThenSilence() throws Throwable {
      TransportConfig config = CONFIG.withSession(ServerConfig.DEFAULTS.withTimeouts(Duration.ofSeconds(60),
          Duration.ofMinutes(5), Duration.ofMillis(300)));
      Requirement r = underFlood("half header then silence", config, new byte[0], once(new byte[] {20, 0, 0, 1}),
          16 * MIB);
      assertEquals(Requirement.LIMIT_FRAME_READ_TIMEOUT, r);
    }
  }
}
