package org.framewire.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.junit.jupiter.api.Test;

/**
 * Both roles' wire logs show a frame by {@link WireEvent#notation}: a client-role case streaming a
 * megabyte once logged 4 MB of notation, 131 KB per 64 KiB frame.
 */
class WireEventTest {

  @Test
  void aShortFrameIsShownWhole() {
    Frame f = FrameNotation.parse("1 2 stream-begin command-response eos cbor:{b'status': b'ok'}");
    assertEquals(FrameNotation.format(f), WireEvent.notation(f));
  }

  @Test
  void aLongPayloadIsShownByItsFirstBytesAndItsLength() {
    Frame f = Frame.of(1, 2, 0, FrameType.COMMAND_RESPONSE, 0x1, new byte[65_535]);
    String shown = WireEvent.notation(f);
    assertTrue(shown.startsWith("1 2 0 command-response continuation \\x00\\x00"), shown);
    assertTrue(shown.endsWith("... (65535 payload bytes)"), shown);
    assertTrue(shown.length() < 4 * WireEvent.HEAD_BYTES + 100, shown.length() + " characters");
  }
}
