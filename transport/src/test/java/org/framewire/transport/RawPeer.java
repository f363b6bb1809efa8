package org.framewire.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;

/**
 * Test helper: a blocking socket that writes raw frames (in frame notation, or a session's gather
 * buffers) and reads the server's frames one by one, as the wire carries them.
 */
final class RawPeer implements AutoCloseable {
  final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Options(FrameHeader.MAX_PAYLOAD_LENGTH, false));
  private final byte[] buffer = new byte[64 * 1024];
  private boolean ended;

  RawPeer(InetSocketAddress address, int receiveBuffer) throws IOException {
    this(connected(address, receiveBuffer));
  }

  /** A peer over {@code socket}, connected already (an {@link javax.net.ssl.SSLSocket} for TLS). */
  RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(20_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** A peer speaking TLS with {@code tls}'s context to {@code address}. */
  static RawPeer tls(InetSocketAddress address, org.framewire.transport.tls.ClientTls tls, int receiveBuffer)
      throws IOException {
    Socket plain = connected(address, receiveBuffer);
    javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.context().getSocketFactory()
        .createSocket(plain, address.getHostString(), address.getPort(), true);
    s.setSSLParameters(org.framewire.transport.tls.Tls.versionsOnly(s.getSSLParameters()));
    s.startHandshake();
    return new RawPeer(s);
  }

  private static Socket connected(InetSocketAddress address, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(address);
    return socket;
  }

  RawPeer(InetSocketAddress address) throws IOException {
    this(address, 0);
  }

  /** Writes frames given in frame notation (SPEC.md §1.4). */
  RawPeer send(String... frames) throws IOException {
    for (String f : frames) {
      out.write(FrameNotation.parse(f).toBytes());
    }
    out.flush();
    return this;
  }

  RawPeer send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  RawPeer send(ByteBuffer[] buffers) throws IOException {
    for (ByteBuffer b : buffers) {
      byte[] copy = new byte[b.remaining()];
      b.duplicate().get(copy);
      out.write(copy);
    }
    out.flush();
    return this;
  }

  /** Ends this side's output: the server sees the end of its input. */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** The next frame (copied), or {@code null} once the server closed. */
  Frame next() throws IOException, ProtocolException {
    while (true) {
      Frame f = decoder.next();
      if (f != null) {
        return f.copy();
      }
      if (ended) {
        decoder.endOfInput();
        return null;
      }
      int n = in.read(buffer);
      if (n < 0) {
        ended = true;
      } else {
        decoder.feed(ByteBuffer.wrap(buffer, 0, n));
      }
    }
  }

  /** Every frame until the server closes. */
  List<Frame> readToEnd() throws IOException, ProtocolException {
    List<Frame> frames = new ArrayList<>();
    for (Frame f; (f = next()) != null; ) {
      frames.add(f);
    }
    return frames;
  }

  /** The payload map of an error-response frame. */
  static CborValue.MapValue errorMap(Frame f) throws ProtocolException {
    if (f.type() != FrameType.ERROR_RESPONSE) {
      throw new AssertionError("not an error-response: " + f);
    }
    return (CborValue.MapValue) CborDecoder.decodeAll(f.payloadBytes()).get(0);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
