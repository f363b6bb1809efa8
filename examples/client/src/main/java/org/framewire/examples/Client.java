package org.framewire.examples;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborValue;
import org.framewire.session.ClientConfig;
import org.framewire.session.Response;
import org.framewire.transport.HttpApiClient;
import org.framewire.transport.RawClient;

/**
 * Calls {@code echo} and {@code stream} on a server:
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
        echo = c.call("echo", echoArgs).get(10, TimeUnit.SECONDS);
        stream = c.call("stream", streamArgs).get(10, TimeUnit.SECONDS);
      }
    } else {
      HttpApiClient c = new HttpApiClient(target, ClientConfig.DEFAULTS);
      echo = c.call("echo", echoArgs).get(10, TimeUnit.SECONDS);
      stream = c.call("stream", streamArgs).get(10, TimeUnit.SECONDS);
    }
    System.out.println("echo -> " + echo.single());
    System.out.println("stream -> " + stream.objects().size() + " objects");
  }
}
