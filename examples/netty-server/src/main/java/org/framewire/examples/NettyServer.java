package org.framewire.examples;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import org.framewire.netty.FramewireServerInitializer;
import org.framewire.session.commands.CommandRegistry;

/** The raw transport in a Netty server: {@code java -jar netty-server.jar [port]} (default 4001). */
public final class NettyServer {
  private NettyServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 4001;
    var group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new FramewireServerInitializer(CommandRegistry.conformance(), Executors.newCachedThreadPool()))
        .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    System.out.println("framewire Netty server on tcp://127.0.0.1:" + ((InetSocketAddress) ch.localAddress()).getPort());
    ch.closeFuture().sync(); // until Ctrl-C
  }
}
