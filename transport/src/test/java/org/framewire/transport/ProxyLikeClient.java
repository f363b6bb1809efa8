package org.framewire.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP/1.1 client that sends a request body the way nginx forwards one to a backend: with a
 * {@code Content-Length}, in pieces, and stops sending the body the moment any byte of the response
 * has arrived (nginx takes an early response as the backend having finished with the request). A
 * server that answers before it has read the whole body then never gets the rest, and the exchange
 * hangs: {@link #post} fails on its read timeout instead of returning.
 *
 * <p>One socket, kept alive across exchanges, so tests also see whether the connection can be
 * reused after each one.
 */
public final class ProxyLikeClient implements AutoCloseable {

  /**
   * One exchange as seen by the proxy.
   *
   * @param status the response status
   * @param bodyBytesSent how much of the request body went out before the response began
   * @param body the whole response body (chunked or fixed length, decoded)
   * @param closes whether the server said {@code Connection: close}
   */
  public record Result(int status, long bodyBytesSent, byte[] body, boolean closes) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  /** Connects to {@code server}; every read waits at most {@code timeoutMillis}. */
  public ProxyLikeClient(InetSocketAddress server, int timeoutMillis) throws IOException {
    socket = new Socket(server.getAddress(), server.getPort());
    socket.setSoTimeout(timeoutMillis);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
    host = server.getAddress().getHostAddress() + ":" + server.getPort();
  }

  /**
   * POSTs {@code body} to {@code path} with the framing media type, {@code piece} bytes at a time,
   * after the first piece waiting {@code firstPauseMillis} (a proxy's body arriving slowly); stops
   * sending as soon as the response has begun, then reads the whole response.
   */
  public Result post(String path, byte[] body, int piece, int firstPauseMillis) throws IOException, InterruptedException {
    return post(path, body, piece, firstPauseMillis, 0);
  }

  /** As {@link #post(String, byte[], int, int)}, waiting {@code pauseMillis} after every later piece too. */
  public Result post(String path, byte[] body, int piece, int firstPauseMillis, int pauseMillis)
      throws IOException, InterruptedException {
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: " + HttpApi.MEDIA_TYPE
        + "\r\nContent-Type: " + HttpApi.MEDIA_TYPE + "\r\nContent-Length: " + body.length + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    long sent = 0;
    while (sent < body.length) {
      int n = (int) Math.min(piece, body.length - sent);
      out.write(body, (int) sent, n);
      out.flush();
      sent += n;
      int pause = sent == n ? firstPauseMillis : pauseMillis;
      if (pause > 0) {
        Thread.sleep(pause);
      }
      if (in.available() > 0) {
        break; // the response has begun: nginx sends no more of the body
      }
    }
    return readResponse(sent);
  }

  private Result readResponse(long sent) throws IOException {
    String status = line();
    int code = Integer.parseInt(status.split(" ")[1]);
    long length = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String h; !(h = line()).isEmpty(); ) {
      String name = h.substring(0, h.indexOf(':')).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(h.indexOf(':') + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        case "connection" -> closes = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
        body.write(in.readNBytes(size));
        line();
      }
      line();
    } else if (length >= 0) {
      body.write(in.readNBytes((int) length));
    } else {
      body.write(in.readAllBytes());
    }
    return new Result(code, sent, body.toByteArray(), closes);
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new IOException("the connection closed inside the response head: " + sb);
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
