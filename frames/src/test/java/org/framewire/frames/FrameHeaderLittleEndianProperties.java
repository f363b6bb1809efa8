package org.framewire.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The decoder's one-read header parse agrees with the byte-wise parse for every 8-byte string. */
class FrameHeaderLittleEndianProperties {

  @Property(tries = 2000)
  void oneLittleEndianReadParsesLikeEightByteReads(@ForAll @Size(8) byte[] header) {
    long bytes = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    assertEquals(FrameHeader.parse(header, 0), FrameHeader.parseLittleEndian(bytes));
  }

  @Property(tries = 200)
  void extremeLengthsAndIds(@ForAll @Size(8) byte[] header) {
    header[0] = (byte) 0xFF;
    header[1] = (byte) 0xFF;
    header[2] = (byte) 0xFF;
    header[3] = (byte) 0xFF;
    header[4] = (byte) 0xFF;
    long bytes = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    FrameHeader h = FrameHeader.parseLittleEndian(bytes);
    assertEquals(FrameHeader.MAX_PAYLOAD_LENGTH, h.payloadLength());
    assertEquals(0xFFFF, h.requestId());
    assertEquals(FrameHeader.parse(header, 0), h);
  }
}
