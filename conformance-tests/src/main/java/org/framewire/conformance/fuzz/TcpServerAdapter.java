package org.framewire.conformance.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.ServerConnection;

/**
 * A server over the raw transport on TCP (SPEC.md §9.1): one connection per session. After each
 * write it reads until the server closes or nothing arrives for {@code quiet}; after the client's
 * half-close, until the server closes or {@code drain} passes.
 */
public final class TcpServerAdapter implements ServerAdapter {
  private final String host;
  private final int port;
  private final Duration quiet;
  private final Duration drain;

  public TcpServerAdapter(String host, int port, Duration quiet, Duration drain) {
    this.host = host;
    this.port = port;
    this.quiet = quiet;
    this.drain = drain;
  }

  @Override
  public String name() {
    return "tcp://" + host + ":" + port;
  }

  @Override
  public ServerConnection connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), (int) drain.toMillis());
    socket.setTcpNoDelay(true);
    return new Connection(socket);
  }

  private final class Connection implements ServerConnection {
    private final Socket socket;
    private boolean closed;

    Connection(Socket socket) {
      this.socket = socket;
    }

    @Override
    public Output send(ByteBuffer bytes) throws IOException {
      byte[] a = new byte[bytes.remaining()];
      bytes.get(a);
      if (closed) {
        return new Output(new byte[0], true);
      }
      try {
        socket.getOutputStream().write(a);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // the server closed and reset the connection: collect what it sent before
      }
      return read(quiet);
    }

    @Override
    public Output endInput() throws IOException {
      if (closed) {
        return new Output(new byte[0], true);
      }
      try {
        socket.shutdownOutput();
      } catch (IOException e) {
        // already reset
      }
      return read(drain);
    }

    private Output read(Duration wait) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
      byte[] buf = new byte[16384];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
        }
        closed = true;
      } catch (SocketTimeoutException e) {
        // quiet: the server has nothing more for now
      } catch (IOException e) {
        closed = true; // reset
      }
      return new Output(out.toByteArray(), closed);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
