package org.framewire.benchmarks;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborValue;
import org.framewire.session.ClientConfig;
import org.framewire.streams.encoding.EncodingProfiles;
import org.framewire.transport.RawClient;
import org.framewire.transport.TcpServer;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandError;
import org.framewire.session.commands.CommandRegistry;

/**
 * The two RPC stacks compared end to end, each serving the {@link Corpus}: request {@code i} is
 * answered with the CBOR of response {@code i % 1000}. One server and one client connection per
 * stack, over loopback.
 *
 * <ul>
 *   <li><b>framewire</b>: {@link TcpServer} (the NIO host) with a command {@value #COMMAND}
 *       (argument {@code i}) that writes the response's CBOR unchanged ({@code writeEncoded}), its
 *       handlers on one thread so responses follow one another on one output stream; one {@link
 *       RawClient}, which decodes each response's CBOR into values. {@code compressed}: the client
 *       offers only {@code zstd-8mb}, so every response goes through one zstd context that spans
 *       the requests; otherwise it offers no encoding.
 *   <li><b>gRPC-java</b> {@value #GRPC_VERSION} (grpc-netty-shaded): a unary method with a
 *       byte-array marshaller (no code generation, no protobuf: the request is the index as 4
 *       bytes, the response the same CBOR bytes, not decoded). Its best path, as gRPC's
 *       performance guide describes it: {@code directExecutor()} on server and channel (no thread
 *       hop per call), one channel, plaintext HTTP/2. {@code compressed}: the server sets {@code
 *       gzip} on every call (the only compressor gRPC-java ships), so each response message is
 *       compressed on its own; requests are left uncompressed (4 bytes, which gzip would grow).
 * </ul>
 */
public final class RpcStacks {
  /** The framewire command that answers with a corpus response. */
  public static final String COMMAND = "corpus";
  /** The gRPC-java version measured (pinned in the parent pom). */
  public static final String GRPC_VERSION = "1.85.1";

  private static final List<byte[]> RESPONSES = Corpus.responses();

  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** The unary gRPC method: 4-byte big-endian index in, the response's CBOR out. */
  static final MethodDescriptor<byte[], byte[]> METHOD = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("framewire.Corpus", "Get"))
      .setRequestMarshaller(BYTES)
      .setResponseMarshaller(BYTES)
      .build();

  private RpcStacks() {}

  /** The response to request {@code i}. */
  public static byte[] response(int i) {
    return RESPONSES.get(Math.floorMod(i, Corpus.RESPONSES));
  }

  /** A running server and its address. */
  public interface Host extends AutoCloseable {
    InetSocketAddress address();

    @Override
    void close() throws Exception;
  }

  /** A client connection: {@link #call(int)} sends request {@code i}; the future holds the response's size. */
  public interface Client extends AutoCloseable {
    CompletableFuture<Integer> call(int i);

    @Override
    void close() throws Exception;
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  /** The command {@value #COMMAND}: argument {@code i}, answered with response {@code i}'s CBOR unchanged. */
  static CommandRegistry corpusCommands() {
    return CommandRegistry.builder().add(COMMAND, (call, out) -> {
      if (!(call.arg("i") instanceof CborValue.Int i)) {
        throw new CommandError("argument i is not an integer");
      }
      out.writeEncoded(ByteBuffer.wrap(response((int) i.value())));
    }).build();
  }

  /** The framewire NIO host serving the corpus with the default encodings. */
  public static Host framewireHost() throws IOException {
    return framewireHost(EncodingProfiles.defaults());
  }

  /** The framewire NIO host serving the corpus, encoding its output with one of {@code encodings}. */
  static Host framewireHost(EncodingProfiles encodings) throws IOException {
    ExecutorService handlers = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "corpus-handler");
      t.setDaemon(true);
      return t;
    });
    CommandRegistry commands = corpusCommands();
    TransportConfig config = TransportConfig.DEFAULTS.withSession(TransportConfig.DEFAULTS.session().withEncodings(encodings));
    TcpServer server = TcpServer.start(loopback(), config, commands, handlers, TransportListener.NONE);
    return new Host() {
      @Override
      public InetSocketAddress address() {
        return server.localAddress();
      }

      @Override
      public void close() throws Exception {
        server.close();
        handlers.shutdownNow();
      }
    };
  }

  /** A framewire client of {@code address}; {@code compressed}: it offers zstd-8mb only, else no encoding. */
  public static Client framewireClient(InetSocketAddress address, boolean compressed) throws IOException {
    ClientConfig config = ClientConfig.DEFAULTS.withContentEncodings(compressed ? List.of("zstd-8mb") : List.of());
    RawClient client = RawClient.connect(address, config);
    return new Client() {
      @Override
      public CompletableFuture<Integer> call(int i) {
        return client.call(COMMAND, CborValue.MapValue.of(CborValue.bytes("i"), new CborValue.Int(i)))
            .thenApply(r -> r.objects().size());
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  /** The gRPC-java server serving the corpus; {@code compressed}: every response gzip-compressed. */
  public static Host grpcHost(boolean compressed) throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder("framewire.Corpus")
        .addMethod(METHOD, ServerCalls.asyncUnaryCall((request, observer) -> {
          observer.onNext(response(ByteBuffer.wrap(request).getInt()));
          observer.onCompleted();
        }))
        .build();
    ServerInterceptor gzip = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        call.setCompression("gzip");
        return next.startCall(call, headers);
      }
    };
    Server server = NettyServerBuilder.forAddress(loopback())
        .directExecutor()
        .addService(compressed ? ServerInterceptors.intercept(service, gzip) : service)
        .build()
        .start();
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort());
    return new Host() {
      @Override
      public InetSocketAddress address() {
        return address;
      }

      @Override
      public void close() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    };
  }

  /** A gRPC-java channel to {@code address}: one HTTP/2 connection, calls completed on the I/O thread. */
  public static Client grpcClient(InetSocketAddress address) {
    ManagedChannel channel = NettyChannelBuilder.forAddress(address).usePlaintext().directExecutor().build();
    return new Client() {
      @Override
      public CompletableFuture<Integer> call(int i) {
        CompletableFuture<Integer> out = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(channel.newCall(METHOD, CallOptions.DEFAULT),
            ByteBuffer.allocate(4).putInt(0, i).array(), new io.grpc.stub.StreamObserver<byte[]>() {
              @Override
              public void onNext(byte[] value) {
                out.complete(value.length);
              }

              @Override
              public void onError(Throwable t) {
                out.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                out.complete(-1);
              }
            });
        return out;
      }

      @Override
      public void close() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    };
  }

  /**
   * Requests a pipelining client ({@code pipeline_*} stacks) sends at once: the seed's case of
   * issue 14, 1000 requests on one connection.
   */
  public static final int PIPELINE_DEPTH = 1000;

  /**
   * Starts the server of {@code stack}: {@code framewire_zstd}, {@code framewire_identity}, {@code
   * grpc_gzip}, {@code grpc_identity}; or the pipelining pair, both framewire with zstd-8mb: {@code
   * pipeline_spanning} (one context spanning the requests) and {@code pipeline_per_request} (a
   * fresh context per response, {@link ContextPerResponse}).
   */
  public static Host host(String stack) throws IOException {
    return switch (stack) {
      case "framewire_zstd", "framewire_identity", "pipeline_spanning" -> framewireHost();
      case "pipeline_per_request" -> framewireHost(ContextPerResponse.PROFILES);
      case "grpc_gzip" -> grpcHost(true);
      case "grpc_identity" -> grpcHost(false);
      default -> throw new IllegalArgumentException("stack " + stack);
    };
  }

  /** A client of {@code stack} connected to {@code target}: the host's address or a relay's. */
  public static Client client(String stack, InetSocketAddress target) throws IOException {
    return switch (stack) {
      case "framewire_zstd" -> framewireClient(target, true);
      case "framewire_identity" -> framewireClient(target, false);
      case "grpc_gzip", "grpc_identity" -> grpcClient(target);
      case "pipeline_spanning", "pipeline_per_request" -> framewireClient(target, true);
      default -> throw new IllegalArgumentException("stack " + stack);
    };
  }

  /**
   * Runs requests {@code first} .. {@code first + count - 1} through {@code client} with {@code
   * inFlight} outstanding at all times (a closed loop, as gRPC-java's own {@code AsyncClient}
   * drives a channel), then waits for the last of them. Fails when a response is missing or empty.
   */
  public static void run(Client client, int first, int count, int inFlight) throws Exception {
    Window window = new Window(client, inFlight);
    for (int k = 0; k < count; k++) {
      window.send(first + k);
    }
    window.drain();
  }

  /**
   * A sliding window of requests on one client: {@link #send} waits for the oldest outstanding
   * response only once {@code size} are outstanding, so the connection always has {@code size}
   * requests in flight, never a burst followed by a drained pipe.
   */
  public static final class Window {
    /** How long a response may be outstanding before the window fails. */
    static final long TIMEOUT_MILLIS = 30_000;

    private final Client client;
    private final String name;
    private final long timeoutMillis;
    private final CompletableFuture<Integer>[] slots;
    private final int[] ids;
    private final long[] sentAt;
    private long sent;
    private int cursor;

    public Window(Client client, int size) {
      this(client, size, "connection", TIMEOUT_MILLIS);
    }

    /**
     * A window named {@code name} (it names the connection in a failure) that fails when a
     * response is outstanding for more than {@code timeoutMillis}.
     */
    @SuppressWarnings("unchecked")
    public Window(Client client, int size, String name, long timeoutMillis) {
      this.client = client;
      this.name = name;
      this.timeoutMillis = timeoutMillis;
      this.slots = new CompletableFuture[size];
      this.ids = new int[size];
      this.sentAt = new long[size];
    }

    /** Sends request {@code i}, first awaiting the oldest response when the window is full. */
    public void send(int i) throws Exception {
      int slot = (int) (sent % slots.length);
      await(slot);
      ids[slot] = i;
      sentAt[slot] = System.nanoTime();
      slots[slot] = client.call(i);
      sent++;
    }

    /**
     * Sends the next {@code count} requests of the corpus, cycling through its responses from
     * where the previous call stopped; returns the first index sent.
     */
    public int sendNext(int count) throws Exception {
      int first = cursor;
      for (int k = 0; k < count; k++) {
        send(cursor);
        cursor = cursor + 1 == Corpus.RESPONSES ? 0 : cursor + 1;
      }
      return first;
    }

    /** Waits for every outstanding response. */
    public void drain() throws Exception {
      for (int slot = 0; slot < slots.length; slot++) {
        await(slot);
      }
    }

    private void await(int slot) throws Exception {
      CompletableFuture<Integer> f = slots[slot];
      if (f == null) {
        return;
      }
      Integer size;
      try {
        size = f.get(Math.max(0, timeoutMillis - (System.nanoTime() - sentAt[slot]) / 1_000_000), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException(stall(slot), e);
      }
      slots[slot] = null;
      if (size == null || size <= 0) {
        throw new IllegalStateException(name + ": request " + ids[slot] + " answered with " + size);
      }
    }

    /** The failure message of a stall: the request awaited, and every other one still outstanding. */
    private String stall(int slot) {
      StringBuilder b = new StringBuilder(name).append(": no response to corpus request ").append(ids[slot])
          .append(" within ").append(timeoutMillis).append(" ms; outstanding:");
      long now = System.nanoTime();
      for (int k = 0; k < slots.length; k++) {
        if (slots[k] != null && !slots[k].isDone()) {
          b.append(' ').append(ids[k]).append(" (").append((now - sentAt[k]) / 1_000_000).append(" ms)");
        }
      }
      return b.toString();
    }
  }
}
