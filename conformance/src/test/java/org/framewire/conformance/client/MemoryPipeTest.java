package org.framewire.conformance.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import org.junit.jupiter.api.Test;

/** The in-memory pipe of the in-process control channel and {@code mem:N} connections. */
class MemoryPipeTest {

  /** Writes {@code b} from a thread of its own, which then ends. */
  private static void writeFromDeadThread(OutputStream out, int b) throws InterruptedException {
    Thread t = new Thread(() -> {
      try {
        out.write(b);
        out.flush();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    t.start();
    t.join();
  }

  /**
   * The cause of the flaky {@code client/err/frame-after-server-error}: the control driver's events
   * come from threads that end (a connection's reader thread). After the writer thread is gone the
   * stream must stay open for the next writer.
   */
  @Test
  void aWriterThreadThatEndsDoesNotEndTheStream() throws Exception {
    MemoryPipe pipe = new MemoryPipe(16);
    writeFromDeadThread(pipe.out(), 'a');
    assertEquals('a', pipe.in().read());
    writeFromDeadThread(pipe.out(), 'b');
    assertEquals('b', pipe.in().read());
    pipe.out().close();
    assertEquals(-1, pipe.in().read());
  }

  /** The JDK's pipe, which this replaces, fails exactly there (the broken variant of the test above). */
  @Test
  void jdkPipeFailsWhenTheWriterThreadEnded() throws Exception {
    PipedOutputStream out = new PipedOutputStream();
    InputStream in = new PipedInputStream(out, 16);
    writeFromDeadThread(out, 'a');
    assertEquals('a', in.read());
    assertThrows(IOException.class, in::read);
  }

  @Test
  void bytesWrapAroundTheBufferAndTheWriterWaitsForRoom() throws Exception {
    MemoryPipe pipe = new MemoryPipe(5);
    byte[] data = new byte[23];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7);
    }
    Thread writer = new Thread(() -> {
      try {
        pipe.out().write(data);
        pipe.out().close();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    writer.start();
    byte[] got = pipe.in().readAllBytes();
    writer.join();
    assertArrayEquals(data, got);
  }

  @Test
  void closingTheReaderFailsTheWriter() throws Exception {
    MemoryPipe pipe = new MemoryPipe(4);
    pipe.in().close();
    assertThrows(IOException.class, () -> pipe.out().write(1));
  }
}
