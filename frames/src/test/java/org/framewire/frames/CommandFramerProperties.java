package org.framewire.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.framewire.cbor.CborValue;

/** The framing rules of SPEC.md §6.1 and §6.2 (CMD-2, CMD-5, FRAME-8) for any sizes. */
class CommandFramerProperties {

  @Property(tries = 300)
  void framesFollowTheRequestAndDataRules(
      @ForAll @IntRange(min = 1, max = 64) int maxFrameSize,
      @ForAll @IntRange(min = 0, max = 200) int argLength,
      @ForAll @Size(max = 300) byte[] data,
      @ForAll boolean withData,
      @ForAll boolean beginStream) throws IOException {
    CommandRequest request = CommandRequest.of("cmd",
        CborValue.MapValue.of(CborValue.Bytes.of("a"), new CborValue.Bytes(new byte[argLength])));
    CommandFramer framer = withData
        ? CommandFramer.of(7, 3, beginStream, maxFrameSize, request, new ByteArrayInputStream(data))
        : CommandFramer.of(7, 3, beginStream, maxFrameSize, request);
    List<Frame> frames = new ArrayList<>();
    for (Frame f; (f = framer.next()) != null; ) {
      frames.add(f);
    }

    ByteArrayOutputStream requestBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream dataBytes = new ByteArrayOutputStream();
    int requestFrames = 0;
    for (int i = 0; i < frames.size(); i++) {
      Frame f = frames.get(i);
      assertEquals(7, f.requestId());
      assertEquals(3, f.streamId());
      assertEquals(i == 0 && beginStream ? StreamFlags.BEGIN : 0, f.streamFlags());
      assertTrue(f.header().payloadLength() <= maxFrameSize, "FRAME-8");
      boolean last = i == frames.size() - 1;
      if (f.type() == FrameType.COMMAND_REQUEST) {
        assertEquals(requestFrames, i, "request frames come first");
        int expected = (i == 0 ? FrameType.FLAG_NEW : FrameType.FLAG_REQUEST_CONTINUATION)
            | (withData ? FrameType.FLAG_HAVE_DATA : 0);
        boolean lastRequestFrame = i + 1 == frames.size() || frames.get(i + 1).type() != FrameType.COMMAND_REQUEST;
        if (!lastRequestFrame) {
          expected |= FrameType.FLAG_MORE;
          assertEquals(maxFrameSize, f.header().payloadLength(), "only the last request frame is short");
        }
        assertEquals(expected, f.flags());
        requestBytes.writeBytes(f.payloadBytes());
        requestFrames++;
      } else {
        assertEquals(FrameType.COMMAND_DATA, f.type());
        assertTrue(withData);
        assertEquals(last ? FrameType.FLAG_EOS : FrameType.FLAG_CONTINUATION, f.flags());
        assertEquals(!last, f.header().payloadLength() == maxFrameSize, "eos exactly on the first short frame");
        dataBytes.writeBytes(f.payloadBytes());
      }
    }
    assertArrayEquals(request.encode(), requestBytes.toByteArray());
    assertArrayEquals(withData ? data : new byte[0], dataBytes.toByteArray());
    assertEquals(withData ? data.length / maxFrameSize + 1 : 0, frames.size() - requestFrames);
  }
}
