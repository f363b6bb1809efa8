package org.framewire.examples;

import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import org.framewire.transport.TcpServer;
import org.framewire.session.commands.CommandRegistry;

/** The raw transport on framewire's own NIO loop: {@code java -jar nio-server.jar [port]} (default 4000). */
public final class NioServer {
  private NioServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    TcpServer server = TcpServer.start(new InetSocketAddress("127.0.0.1", port),
        CommandRegistry.conformance(), Executors.newCachedThreadPool());
    System.out.println("framewire NIO server on tcp://" + server.localAddress().getHostString() + ":"
        + server.localAddress().getPort());
    Thread.currentThread().join(); // until Ctrl-C
  }
}
