package org.framewire.frames;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Cuts one command request into frames (SPEC.md §6.1, §6.2; {@code CMD-1}, {@code CMD-2},
 * {@code CMD-5}), byte for byte as Mercurial's {@code createcommandframes} does:
 *
 * <ol>
 *   <li>The request map ({@link CommandRequest#encode()}) is cut into {@code command-request}
 *       frames of at most {@code maxFrameSize} bytes. The first carries {@code new}, the others
 *       {@code continuation}; every frame but the last carries {@code more}; when command data
 *       follows, <em>every</em> {@code command-request} frame carries {@code have-data}.
 *   <li>When there is a data source, even an empty one, {@code command-data} frames follow: each
 *       full frame ({@code maxFrameSize} bytes) carries {@code continuation}, and the first frame
 *       that is not full carries {@code eos}. So empty data gives one empty {@code eos} frame, and
 *       data whose length is a multiple of the frame size ends with an empty {@code eos} frame.
 * </ol>
 *
 * <p>Only the very first frame may carry stream flags: {@code stream-begin} when the caller says the
 * stream is not yet open (its stream state decides, §3.3); all other frames carry none. Command
 * requests are never content-encoded. The framer does not check the parity of the request and
 * stream ids ({@code FRAME-7}, {@code STREAM-1}); sessions do, and tooling may need to break them.
 *
 * <p>Mercurial cuts command data into frames of its default size, 32768 bytes, whatever the frame
 * size it was given; this framer uses {@code maxFrameSize} for both kinds, so that no frame exceeds
 * the peer's limit ({@code FRAME-8}). The two agree at 32768, the size Mercurial's client uses.
 *
 * <p>Frames are made lazily, one per {@link #next()}: a large data source is read one frame at a
 * time and never held whole. The {@code command-request} payloads are views of one array holding
 * the encoded map; data frames read from an {@link InputStream} or a channel own their payload;
 * data given as a {@link ByteBuffer} is not copied: its frames are views of it, valid while the
 * caller leaves that buffer unchanged. Not thread-safe.
 */
public final class CommandFramer {

  private final int requestId;
  private final int streamId;
  private final int maxFrameSize;
  private final byte[] request;
  private final DataSource data;
  private int streamFlags;
  private int requestOffset;
  private boolean requestDone;
  private boolean dataDone;

  private CommandFramer(int requestId, int streamId, boolean beginStream, int maxFrameSize,
      CommandRequest request, DataSource data) {
    if (requestId < 0 || requestId > 0xFFFF) {
      throw new IllegalArgumentException("requestId " + requestId + " outside 0..65535");
    }
    if (streamId < 0 || streamId > 0xFF) {
      throw new IllegalArgumentException("streamId " + streamId + " outside 0..255");
    }
    if (maxFrameSize < 1 || maxFrameSize > FrameHeader.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException(
          "maxFrameSize " + maxFrameSize + " outside 1.." + FrameHeader.MAX_PAYLOAD_LENGTH);
    }
    this.requestId = requestId;
    this.streamId = streamId;
    this.streamFlags = beginStream ? StreamFlags.BEGIN : 0;
    this.maxFrameSize = maxFrameSize;
    this.request = Objects.requireNonNull(request, "request").encode();
    this.data = data;
    this.dataDone = data == null;
  }

  /**
   * The frames of a request without command data.
   *
   * @param beginStream whether the first frame carries {@code stream-begin} (the stream is not open)
   * @param maxFrameSize the largest payload per frame, 1 to 2^24-1: the peer's maximum frame size
   * @throws IllegalArgumentException for ids or a size out of range
   */
  public static CommandFramer of(int requestId, int streamId, boolean beginStream, int maxFrameSize,
      CommandRequest request) {
    return new CommandFramer(requestId, streamId, beginStream, maxFrameSize, request, null);
  }

  /**
   * The frames of a request whose command data is {@code data}'s remaining bytes. The data frames
   * are views of {@code data} (no copy); {@code data}'s position is not moved.
   */
  public static CommandFramer of(int requestId, int streamId, boolean beginStream, int maxFrameSize,
      CommandRequest request, ByteBuffer data) {
    return new CommandFramer(requestId, streamId, beginStream, maxFrameSize, request,
        new BufferSource(data.duplicate()));
  }

  /**
   * The frames of a request whose command data is read from {@code data} up to its end, one frame
   * at a time. The stream is not closed here.
   */
  public static CommandFramer of(int requestId, int streamId, boolean beginStream, int maxFrameSize,
      CommandRequest request, InputStream data) {
    return new CommandFramer(requestId, streamId, beginStream, maxFrameSize, request,
        new StreamSource(Objects.requireNonNull(data, "data")));
  }

  /**
   * The frames of a request whose command data is read from {@code data} up to its end, one frame
   * at a time. The channel must be blocking; it is not closed here.
   *
   * @throws IllegalArgumentException for a non-blocking selectable channel
   */
  public static CommandFramer of(int requestId, int streamId, boolean beginStream, int maxFrameSize,
      CommandRequest request, ReadableByteChannel data) {
    if (data instanceof SelectableChannel sc && !sc.isBlocking()) {
      throw new IllegalArgumentException("command data channel must be blocking");
    }
    return new CommandFramer(requestId, streamId, beginStream, maxFrameSize, request,
        new ChannelSource(Objects.requireNonNull(data, "data")));
  }

  /**
   * All frames of a small request at once.
   *
   * @param data the command data, or {@code null} for none (an empty array is empty data, which
   *     still sets {@code have-data} and sends one empty {@code eos} frame)
   */
  public static List<Frame> frames(int requestId, int streamId, boolean beginStream, int maxFrameSize,
      CommandRequest request, byte[] data) {
    CommandFramer framer = data == null
        ? of(requestId, streamId, beginStream, maxFrameSize, request)
        : of(requestId, streamId, beginStream, maxFrameSize, request, ByteBuffer.wrap(data));
    List<Frame> frames = new ArrayList<>();
    try {
      for (Frame f; (f = framer.next()) != null; ) {
        frames.add(f);
      }
    } catch (IOException e) {
      throw new AssertionError("an in-memory data source cannot fail", e);
    }
    return frames;
  }

  /** Whether {@link #next()} will return another frame. */
  public boolean hasNext() {
    return !requestDone || !dataDone;
  }

  /**
   * The next frame, or {@code null} after the last one.
   *
   * @throws IOException reading the data source failed; the framer must not be used further
   */
  public Frame next() throws IOException {
    if (!requestDone) {
      return nextRequestFrame();
    }
    if (!dataDone) {
      return nextDataFrame();
    }
    return null;
  }

  /**
   * The remaining frames as an iterator, for callers that stream frames through APIs without
   * checked exceptions. A failure reading the data source surfaces as an {@link
   * UncheckedIOException} from {@link Iterator#next()}.
   */
  public Iterator<Frame> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return CommandFramer.this.hasNext();
      }

      @Override
      public Frame next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        try {
          return CommandFramer.this.next();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private Frame nextRequestFrame() {
    int n = Math.min(maxFrameSize, request.length - requestOffset);
    int flags = requestOffset == 0 ? FrameType.FLAG_NEW : FrameType.FLAG_REQUEST_CONTINUATION;
    if (data != null) {
      flags |= FrameType.FLAG_HAVE_DATA;
    }
    ByteBuffer payload = ByteBuffer.wrap(request, requestOffset, n);
    requestOffset += n;
    if (n == maxFrameSize && requestOffset < request.length) {
      flags |= FrameType.FLAG_MORE;
    } else {
      requestDone = true;
    }
    return frame(FrameType.COMMAND_REQUEST, flags, payload);
  }

  private Frame nextDataFrame() throws IOException {
    ByteBuffer chunk = data.read(maxFrameSize);
    int flags;
    if (chunk.remaining() == maxFrameSize) {
      flags = FrameType.FLAG_CONTINUATION;
    } else {
      flags = FrameType.FLAG_EOS;
      dataDone = true;
    }
    return frame(FrameType.COMMAND_DATA, flags, chunk);
  }

  private Frame frame(FrameType type, int flags, ByteBuffer payload) {
    Frame f = Frame.of(requestId, streamId, streamFlags, type, flags, payload);
    streamFlags = 0;
    return f;
  }

  /** Command data, read a frame at a time. */
  private interface DataSource {
    /** Up to {@code max} bytes; fewer only at the end of the data. */
    ByteBuffer read(int max) throws IOException;
  }

  private static final class BufferSource implements DataSource {
    private final ByteBuffer data;

    BufferSource(ByteBuffer data) {
      this.data = data;
    }

    @Override
    public ByteBuffer read(int max) {
      int n = Math.min(max, data.remaining());
      ByteBuffer chunk = data.slice(data.position(), n);
      data.position(data.position() + n);
      return chunk;
    }
  }

  private static final class StreamSource implements DataSource {
    private final InputStream in;

    StreamSource(InputStream in) {
      this.in = in;
    }

    @Override
    public ByteBuffer read(int max) throws IOException {
      byte[] b = new byte[max];
      int n = in.readNBytes(b, 0, max);
      return ByteBuffer.wrap(b, 0, n);
    }
  }

  private static final class ChannelSource implements DataSource {
    private final ReadableByteChannel channel;

    ChannelSource(ReadableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public ByteBuffer read(int max) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(max);
      while (b.hasRemaining()) {
        int n = channel.read(b);
        if (n < 0) {
          break;
        }
        if (n == 0) {
          throw new IOException("command data channel returned no bytes from a blocking read");
        }
      }
      return b.flip();
    }
  }
}
