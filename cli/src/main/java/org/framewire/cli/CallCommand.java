package org.framewire.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.CallException;
import org.framewire.session.ClientConfig;
import org.framewire.session.Response;
import org.framewire.session.TextAtom;
import org.framewire.transport.CallResults;
import org.framewire.transport.HttpApi;
import org.framewire.transport.HttpApiClient;
import org.framewire.transport.RawClient;
import org.framewire.vectors.TaggedJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code framewire call}: calls one command on a server over the raw transport ({@code --connect
 * HOST:PORT}) or HTTP ({@code --http URL}) and prints each value of the response on its own line in
 * the vectors' tagged JSON ({@link TaggedJson}); text output the server sends goes to stderr.
 *
 * <p>{@code ARGS-JSON} is either the tagged JSON of a map ({@code {"map": [[KEY, VALUE], ...]}}), or
 * a plain JSON object, read as a map with byte-string keys whose values are: strings → byte strings
 * (UTF-8), integers → integers, {@code true}/{@code false} → booleans, {@code null} → null, arrays
 * → arrays and objects → maps with byte-string keys, recursively. An object whose only key is
 * {@code map} with an array value is read as tagged JSON.
 *
 * <p>Exit codes: 0 when the response is ok; 1 for a command error (its message on stderr); 2 for a
 * protocol or transport failure (an error-response, the session or connection closing, a refused
 * HTTP exchange, a timeout) or a usage error.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = "Call a command on a framewire server and print the response values as tagged JSON, one a line.")
final class CallCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.ArgGroup(multiplicity = "0..1")
  Target target;

  @Option(names = "--control",
      description = "Control-channel mode (docs/conformance/control-channel.md): read JSON-lines ops on stdin, "
          + "make the calls they ask for, write JSON-lines events on stdout. Takes no other argument.")
  boolean control;

  /** Exactly one of the two transports. */
  static final class Target {
    @Option(names = "--connect", paramLabel = "[tls://]HOST:PORT", description = "Raw transport over TCP; tls:// for TLS.",
        required = true)
    String connect;

    @Option(names = "--http", paramLabel = "URL",
        description = "HTTP transport: http[s]://HOST:PORT, optionally followed by /api/PREFIX.", required = true)
    URI http;
  }

  @CommandLine.Mixin TlsClientOptions tlsOptions;

  @Option(names = "--encodings", paramLabel = "LIST",
      description = "Content encodings to advertise, comma-separated, or 'none' (default: zstd-8mb,zlib,identity).")
  String encodings;

  @Option(names = "--data-file", paramLabel = "FILE", description = "Send the file's bytes as command data.")
  Path dataFile;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default ${DEFAULT-VALUE}).")
  int timeout = 60;

  @Parameters(index = "0", arity = "0..1", paramLabel = "COMMAND", description = "The command name.")
  String command;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ARGS-JSON", description = "The arguments: a JSON object (see above).")
  String argsJson;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (control) {
      if (target != null || command != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--control takes no target and no COMMAND");
      }
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
      java.io.Writer out = new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8);
      return new org.framewire.conformance.client.ControlDriver(in, out, org.framewire.conformance.client.ClientHooks.NONE).run();
    }
    if (target == null || command == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "call needs --connect or --http, and COMMAND (or --control)");
    }
    CborValue.MapValue args = argsJson == null ? new CborValue.MapValue(List.of()) : parseArgs(spec, argsJson);
    CommandRequest request = CommandRequest.of(command, args);
    ByteBuffer data = dataFile == null ? null : ByteBuffer.wrap(Files.readAllBytes(dataFile));
    ClientConfig config = ClientConfig.DEFAULTS.withContentEncodings(encodingList());
    PrintStream out = System.out;
    PrintStream err = System.err;
    try {
      Response response;
      if (target.connect != null) {
        boolean secure = target.connect.startsWith("tls://");
        String hostPort = target.connect.replaceFirst("^(tls|tcp)://", "");
        try (RawClient client = RawClient.connect(ServeCommand.address(spec, hostPort), config,
            secure ? tlsOptions.clientTls(err) : null, e -> { })) {
          response = await(data == null ? client.call(request) : client.call(request, data));
        }
      } else {
        response = await(httpClient(config).call(request, data));
      }
      for (TextAtom atom : response.textOutput()) {
        err.print(atom.format());
      }
      for (CborValue value : response.objects()) {
        out.println(JSON.writeValueAsString(TaggedJson.write(value)));
      }
      if (response.isRedirect()) {
        err.println("framewire call: redirected to " + response.redirect());
      }
      out.flush();
      return 0;
    } catch (CallException e) {
      err.println("framewire call: " + (e.kind() == CallException.Kind.COMMAND_ERROR ? "" : e.kind() + ": ") + e.getMessage());
      return e.kind() == CallException.Kind.COMMAND_ERROR ? 1 : 2;
    } catch (IOException | TimeoutException | java.security.GeneralSecurityException e) {
      err.println("framewire call: " + e);
      return 2;
    }
  }

  private HttpApiClient httpClient(ClientConfig config) throws IOException, java.security.GeneralSecurityException {
    PrintStream err = System.err;
    URI uri = target.http;
    String prefix = HttpApi.DEFAULT_PREFIX;
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (path.startsWith("/api/")) {
      String rest = path.substring("/api/".length());
      int slash = rest.indexOf('/');
      prefix = slash < 0 ? rest : rest.substring(0, slash);
    } else if (!path.isEmpty() && !path.equals("/")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--http takes http://HOST:PORT[/api/PREFIX], got " + uri);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null || prefix.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--http takes http[s]://HOST:PORT[/api/PREFIX], got " + uri);
    }
    return new HttpApiClient(HttpApiClient.httpClient("https".equals(uri.getScheme()) ? tlsOptions.clientTls(err) : null),
        uri.resolve("/"), prefix, config);
  }

  private List<String> encodingList() {
    if (encodings == null) {
      return ClientConfig.DEFAULTS.contentEncodings();
    }
    if (encodings.equals("none") || encodings.isEmpty()) {
      return List.of();
    }
    List<String> names = List.of(encodings.split(","));
    for (String n : names) {
      if (!ClientConfig.DEFAULTS.profiles().names().contains(n)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown encoding " + n);
      }
    }
    return names;
  }

  private Response await(CompletableFuture<Response> future) throws CallException, IOException, TimeoutException {
    return CallResults.get(future, timeout, TimeUnit.SECONDS);
  }

  /** ARGS-JSON as a map: tagged JSON of a map, or a plain JSON object (see the class comment). */
  static CborValue.MapValue parseArgs(CommandLine.Model.CommandSpec spec, String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "ARGS-JSON is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "ARGS-JSON must be a JSON object");
    }
    try {
      if (node.size() == 1 && node.has("map") && node.get("map").isArray()) {
        if (TaggedJson.read(node) instanceof CborValue.MapValue map) {
          return map;
        }
      }
      return (CborValue.MapValue) plain(node);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "bad ARGS-JSON: " + e.getMessage());
    }
  }

  private static CborValue plain(JsonNode v) {
    if (v.isTextual()) {
      return new CborValue.Bytes(v.asText().getBytes(StandardCharsets.UTF_8));
    }
    if (v.isIntegralNumber()) {
      return CborValue.Int.of(v.bigIntegerValue());
    }
    if (v.isNumber()) {
      return new CborValue.FloatValue(v.doubleValue());
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? CborValue.TRUE : CborValue.FALSE;
    }
    if (v.isNull()) {
      return CborValue.NULL;
    }
    if (v.isArray()) {
      List<CborValue> items = new ArrayList<>();
      for (JsonNode item : v) {
        items.add(plain(item));
      }
      return new CborValue.Array(items);
    }
    List<CborValue.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      entries.add(new CborValue.Entry(new CborValue.Bytes(e.getKey().getBytes(StandardCharsets.UTF_8)), plain(e.getValue())));
    }
    return new CborValue.MapValue(entries);
  }
}
