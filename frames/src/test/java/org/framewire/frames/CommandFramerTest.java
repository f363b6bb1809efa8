package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.framewire.cbor.CborValue;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** CommandFramer and CommandRequest: SPEC.md §6.1, §6.2; CMD-1, CMD-2, CMD-5; Mercurial's bytes. */
class CommandFramerTest {
  static final List<JsonNode> CASES = TaggedJson.cases("command-requests.json", "command-request");
  static final HexFormat HEX = HexFormat.of();

  static List<Frame> drain(CommandFramer framer) throws IOException {
    List<Frame> out = new ArrayList<>();
    for (Frame f; (f = framer.next()) != null; ) {
      out.add(f);
    }
    assertFalse(framer.hasNext());
    assertNull(framer.next(), "stays exhausted");
    return out;
  }

  static List<String> hex(List<Frame> frames) {
    return frames.stream().map(f -> HEX.formatHex(f.toBytes())).toList();
  }

  static CommandRequest request(JsonNode c) {
    CborValue.MapValue redirect = c.has("redirect") ? (CborValue.MapValue) TaggedJson.value(c.get("redirect")) : null;
    return new CommandRequest((CborValue.Bytes) TaggedJson.value(c.get("command")),
        (CborValue.MapValue) TaggedJson.value(c.get("args")), redirect);
  }

  @Test
  void allCasesArePresent() {
    assertEquals(8, CASES.size());
  }

  /** Every case, with the data given as a buffer, a stream and a channel, and as a list. */
  @TestFactory
  Stream<DynamicTest> everyCaseMatchesMercurialByteForByte() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> {
      int requestId = c.get("requestId").asInt();
      int streamId = c.get("streamId").asInt();
      int max = c.get("maxFrameSize").asInt();
      CommandRequest request = request(c);
      List<String> expected = new ArrayList<>();
      c.get("frames").forEach(f -> expected.add(f.asText()));
      byte[] data = c.has("dataHex") ? HEX.parseHex(c.get("dataHex").asText()) : null;

      assertEquals(expected, hex(CommandFramer.frames(requestId, streamId, true, max, request, data)));
      if (data == null) {
        assertEquals(expected, hex(drain(CommandFramer.of(requestId, streamId, true, max, request))));
      } else {
        assertEquals(expected, hex(drain(CommandFramer.of(requestId, streamId, true, max, request, ByteBuffer.wrap(data)))));
        assertEquals(expected, hex(drain(CommandFramer.of(requestId, streamId, true, max, request,
            new ByteArrayInputStream(data)))));
        assertEquals(expected, hex(drain(CommandFramer.of(requestId, streamId, true, max, request,
            trickle(data)))));
      }
      // The frames are valid for a receiver, and the request map decodes back.
      byte[] wire = concat(CommandFramer.frames(requestId, streamId, true, max, request, data));
      assertEquals(expected.size(), FrameDecoder.decodeAll(wire, max).size());
    }));
  }

  /** A channel that returns at most 7 bytes per read, to exercise the fill loop. */
  static ReadableByteChannel trickle(byte[] data) {
    InputStream in = new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 7));
      }
    };
    return Channels.newChannel(in);
  }

  static byte[] concat(List<Frame> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(f -> out.writeBytes(f.toBytes()));
    return out.toByteArray();
  }

  @Test
  void requestMapOmitsEmptyArgsAndRedirectAsMercurialDoes() {
    CommandRequest bare = CommandRequest.of("heads");
    assertEquals(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("heads")), bare.toCbor());
    CommandRequest emptyRedirect = bare.withRedirect(new CborValue.MapValue(List.of()));
    assertArrayEquals(bare.encode(), emptyRedirect.encode());
    CborValue.MapValue args = CborValue.MapValue.of(CborValue.Bytes.of("x"), new CborValue.Int(1));
    CborValue.MapValue offer = CborValue.MapValue.of(CborValue.Bytes.of("targets"), CborValue.Array.of());
    CborValue.MapValue full = CommandRequest.of("heads", args).withRedirect(offer).toCbor();
    assertEquals(3, full.size());
    assertEquals(args, full.get("args"));
    assertEquals(offer, full.get("redirect"));
    assertEquals("heads", CommandRequest.of("heads", null).nameString());
    assertEquals(0, new CommandRequest(CborValue.Bytes.of("x"), null, null).args().size());
  }

  @Test
  void requestMapReadsBackAndBadMapsAreCmd1() throws ProtocolException {
    CborValue.MapValue args = CborValue.MapValue.of(CborValue.Bytes.of("k"), CborValue.Bytes.of("v"));
    CommandRequest r = CommandRequest.of("known", args);
    assertEquals(r, CommandRequest.fromCbor(r.toCbor()));
    CborValue name = CborValue.Bytes.of("name");
    for (CborValue bad : List.of(
        CborValue.Array.of(),
        CborValue.MapValue.of(),
        CborValue.MapValue.of(name, new CborValue.Text("heads")),
        CborValue.MapValue.of(name, CborValue.Bytes.of("x"), CborValue.Bytes.of("args"), CborValue.Array.of()),
        CborValue.MapValue.of(name, CborValue.Bytes.of("x"), CborValue.Bytes.of("redirect"), CborValue.NULL))) {
      ProtocolException e = assertThrows(ProtocolException.class, () -> CommandRequest.fromCbor(bad));
      assertEquals(Requirement.CMD_REQUEST_MAP, e.requirement());
    }
  }

  @Test
  void longRequestWithDataSetsHaveDataOnEveryRequestFrame() throws IOException {
    CborValue.MapValue args = CborValue.MapValue.of(CborValue.Bytes.of("big"), new CborValue.Bytes(new byte[100]));
    List<Frame> frames = drain(CommandFramer.of(5, 1, false, 40, CommandRequest.of("cmd", args), ByteBuffer.wrap(new byte[90])));
    int requestFrames = 0;
    for (Frame f : frames) {
      assertEquals(0, f.streamFlags(), "stream already open: no stream-begin");
      assertTrue(f.header().payloadLength() <= 40);
      if (f.type() == FrameType.COMMAND_REQUEST) {
        assertTrue(f.header().hasFlag(FrameType.FLAG_HAVE_DATA));
        requestFrames++;
      }
    }
    assertEquals(4, requestFrames, "the 122-byte map in 40-byte frames");
    assertEquals(FrameType.FLAG_NEW | FrameType.FLAG_MORE | FrameType.FLAG_HAVE_DATA, frames.get(0).flags());
    assertEquals(FrameType.FLAG_REQUEST_CONTINUATION | FrameType.FLAG_MORE | FrameType.FLAG_HAVE_DATA, frames.get(1).flags());
    assertEquals(FrameType.FLAG_REQUEST_CONTINUATION | FrameType.FLAG_HAVE_DATA, frames.get(3).flags());
    // 90 bytes of data in 40-byte frames: 40, 40 with continuation, 10 with eos.
    List<Frame> data = frames.subList(4, frames.size());
    assertEquals(List.of(40, 40, 10), data.stream().map(f -> f.header().payloadLength()).toList());
    assertEquals(List.of(FrameType.FLAG_CONTINUATION, FrameType.FLAG_CONTINUATION, FrameType.FLAG_EOS),
        data.stream().map(Frame::flags).toList());
  }

  @Test
  void requestMapOfExactlyTheFrameSizeTakesOneFrameWithoutMore() throws IOException {
    CommandRequest r = CommandRequest.of("heads");
    int size = r.encode().length;
    List<Frame> frames = drain(CommandFramer.of(1, 1, true, size, r));
    assertEquals(1, frames.size());
    assertEquals(FrameType.FLAG_NEW, frames.get(0).flags());
    assertEquals(StreamFlags.BEGIN, frames.get(0).streamFlags());
    List<Frame> two = drain(CommandFramer.of(1, 1, true, size - 1, r));
    assertEquals(List.of(FrameType.FLAG_NEW | FrameType.FLAG_MORE, FrameType.FLAG_REQUEST_CONTINUATION),
        two.stream().map(Frame::flags).toList());
    assertEquals(List.of(StreamFlags.BEGIN, 0), two.stream().map(Frame::streamFlags).toList());
    assertEquals(List.of(size - 1, 1), two.stream().map(f -> f.header().payloadLength()).toList());
  }

  @Test
  void dataIsReadOneFrameAtATime() throws IOException {
    int[] read = {0};
    InputStream counting = new InputStream() {
      int left = 100;

      @Override
      public int read() {
        throw new AssertionError("bulk reads only");
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = Math.min(len, left);
        left -= n;
        read[0] += n;
        return n;
      }
    };
    CommandFramer framer = CommandFramer.of(1, 1, true, 30, CommandRequest.of("x"), counting);
    assertEquals(FrameType.COMMAND_REQUEST, framer.next().type());
    assertEquals(0, read[0], "no data read before the first data frame");
    for (int frame = 1; frame <= 3; frame++) {
      assertEquals(FrameType.FLAG_CONTINUATION, framer.next().flags());
      assertEquals(30 * frame, read[0]);
    }
    Frame last = framer.next();
    assertEquals(FrameType.FLAG_EOS, last.flags());
    assertEquals(10, last.header().payloadLength());
    assertNull(framer.next());
  }

  @Test
  void bufferDataFramesAreViewsAndTheCallersPositionStays() throws IOException {
    byte[] data = {1, 2, 3};
    ByteBuffer buffer = ByteBuffer.wrap(data);
    List<Frame> frames = drain(CommandFramer.of(1, 1, true, 100, CommandRequest.of("x"), buffer));
    assertEquals(0, buffer.position());
    data[0] = 9;
    assertEquals(9, frames.get(1).payloadBytes()[0]);
  }

  @Test
  void readFailuresPropagate() {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("disk gone");
      }
    };
    CommandFramer framer = CommandFramer.of(1, 1, true, 100, CommandRequest.of("x"), failing);
    Iterator<Frame> it = framer.iterator();
    assertEquals(FrameType.COMMAND_REQUEST, it.next().type());
    assertTrue(it.hasNext());
    UncheckedIOException e = assertThrows(UncheckedIOException.class, it::next);
    assertEquals("disk gone", e.getCause().getMessage());
  }

  @Test
  void iteratorYieldsTheSameFrames() throws IOException {
    CommandRequest r = CommandRequest.of("x");
    List<Frame> viaIterator = new ArrayList<>();
    CommandFramer.of(1, 1, true, 10, r, ByteBuffer.wrap(new byte[25])).iterator().forEachRemaining(viaIterator::add);
    assertEquals(drain(CommandFramer.of(1, 1, true, 10, r, ByteBuffer.wrap(new byte[25]))), viaIterator);
    Iterator<Frame> done = CommandFramer.of(1, 1, true, 10, r).iterator();
    done.next();
    assertThrows(NoSuchElementException.class, done::next);
  }

  @Test
  void argumentsOutOfRangeAreMisuse() {
    CommandRequest r = CommandRequest.of("x");
    assertThrows(IllegalArgumentException.class, () -> CommandFramer.of(-1, 1, true, 10, r));
    assertThrows(IllegalArgumentException.class, () -> CommandFramer.of(65536, 1, true, 10, r));
    assertThrows(IllegalArgumentException.class, () -> CommandFramer.of(1, 256, true, 10, r));
    assertThrows(IllegalArgumentException.class, () -> CommandFramer.of(1, 1, true, 0, r));
    assertThrows(IllegalArgumentException.class, () -> CommandFramer.of(1, 1, true, 1 << 24, r));
    assertThrows(NullPointerException.class, () -> CommandFramer.of(1, 1, true, 10, null));
  }
}
