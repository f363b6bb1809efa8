package org.framewire.examples;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborValue;
import org.framewire.session.ClientConfig;
import org.framewire.session.Response;
import org.framewire.transport.HttpApiClient;
import org.framewire.transport.RawClient;

/**
 * Calls {@code echo} and {@code stream} on a server, pipelined (both requests go out before either
 * answer is awaited, SPEC.md CMD-12), and checks the answers:
 * {@code java -jar client.jar tcp://127.0.0.1:4000} or {@code java -jar client.jar http://127.0.0.1:4002}.
 */
public final class Client {
  private Client() {}

  public static void main(String[] args) throws Exception {
    URI target = URI.create(args.length > 0 ? args[0] : "tcp://127.0.0.1:4000");
    CborValue.MapValue echoArgs = CborValue.MapValue.of(CborValue.Bytes.of("hello"), CborValue.Bytes.of("world"));
    CborValue.MapValue streamArgs = CborValue.MapValue.of(CborValue.Bytes.of("count"), new CborValue.Int(3),
        CborValue.Bytes.of("size"), new CborValue.Int(1000));
    Response echo;
    Response stream;
    if (target.getScheme().equals("tcp")) {
      try (RawClient c = RawClient.connect(new InetSocketAddress(target.getHost(), target.getPort()),
          ClientConfig.DEFAULTS)) {
        CompletableFuture<Response> e = c.call("echo", echoArgs);
        CompletableFuture<Response> s = c.call("stream", streamArgs);
        echo = e.get(10, TimeUnit.SECONDS);
        stream = s.get(10, TimeUnit.SECONDS);
      }
    } else {
      HttpApiClient c = new HttpApiClient(target, ClientConfig.DEFAULTS);
      CompletableFuture<Response> e = c.call("echo", echoArgs);
      CompletableFuture<Response> s = c.call("stream", streamArgs);
      echo = e.get(10, TimeUnit.SECONDS);
      stream = s.get(10, TimeUnit.SECONDS);
    }
    if (!echo.single().equals(echoArgs) || stream.objects().size() != 3) {
      System.err.println("unexpected answers: " + echo + ", " + stream);
      System.exit(1);
    }
    System.out.println("echo -> " + echo.single());
    System.out.println("stream -> " + stream.objects().size() + " objects");
  }
}
