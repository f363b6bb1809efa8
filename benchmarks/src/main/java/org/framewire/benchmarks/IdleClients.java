package org.framewire.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientSession;

/**
 * Idle framewire connections, held by a child JVM so that the server's process does not also pay
 * a file descriptor and a socket per client (the benchmarks need more connections than one process
 * may have descriptors on a machine whose limit is 20000). Each connection sends what a client
 * sends first — its sender-protocol settings and one {@code echo} request — so the server counts
 * it as a speaking client, not a silent one to evict; then it stays open, idle, until the parent
 * closes this process's standard input.
 *
 * <p>Started by {@link #start(InetSocketAddress, int)}; prints {@code ready N} when all are open.
 */
public final class IdleClients {

  private IdleClients() {}

  /** {@code host port count}. */
  public static void main(String[] args) throws IOException {
    InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    int count = Integer.parseInt(args[2]);
    ClientSession session = new ClientSession(ClientConfig.DEFAULTS.withContentEncodings(List.of("identity")));
    session.sendCommand(CommandRequest.of("echo", CborValue.MapValue.of(CborValue.bytes("k"), CborValue.bytes("v"))));
    ByteBuffer first = gather(session.pollOutbound());
    List<SocketChannel> open = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SocketChannel c = SocketChannel.open(target);
      ByteBuffer b = first.duplicate();
      while (b.hasRemaining()) {
        c.write(b);
      }
      open.add(c);
    }
    System.out.println("ready " + open.size());
    System.out.flush();
    while (System.in.read() >= 0) {
      // held open until the parent closes our input
    }
    for (SocketChannel c : open) {
      c.close();
    }
  }

  private static ByteBuffer gather(ByteBuffer[] parts) {
    int n = 0;
    for (ByteBuffer p : parts) {
      n += p.remaining();
    }
    ByteBuffer out = ByteBuffer.allocate(n);
    for (ByteBuffer p : parts) {
      out.put(p.duplicate());
    }
    return out.flip();
  }

  /** A child JVM holding {@code count} idle connections to {@code target}; closing it closes them. */
  public static AutoCloseable start(InetSocketAddress target, int count) throws IOException, InterruptedException {
    String java = System.getProperty("java.home") + "/bin/java";
    Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        IdleClients.class.getName(), target.getAddress().getHostAddress(), Integer.toString(target.getPort()),
        Integer.toString(count))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.equals("ready " + count)) {
      p.destroyForcibly();
      throw new IOException("idle clients did not start: " + line + " (exit " + (p.isAlive() ? "-" : p.exitValue()) + ")");
    }
    return () -> {
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    };
  }
}
