package org.framewire.examples;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.framewire.session.ServerConfig;
import org.framewire.session.ServerSession;
import org.framewire.session.SessionMulti;
import org.framewire.session.commands.CommandRegistry;

/**
 * A framewire server on an application's own {@link Selector} loop, with nothing of framewire but
 * the sans-I/O sessions, their multi handle {@link SessionMulti} and the {@link CommandRegistry}
 * (docs/embedding.md, "Your own loop"). It serves the conformance commands of SPEC.md Appendix A
 * over the raw transport (§9.1): {@code java -jar own-loop-server.jar PORT}, then {@code framewire
 * check --target tcp://127.0.0.1:PORT} passes the whole server suite, LIMIT-3 included.
 *
 * <p>The methods between the {@code embedding-loop} markers are quoted verbatim by
 * docs/embedding.md and docs/sessions.md; {@code OwnLoopServerTest} (module conformance) compiles
 * this file, checks the quotes still match it, and runs the server suite against it.
 *
 * <p>One thread does everything, command handlers included (they only queue frames here). The
 * multi handle finds a connection's session from its key in O(1), keeps one timer heap over all
 * sessions (the select timeout is its earliest deadline), and reports interest as changes only, so
 * the loop touches only the connections something happened to.
 */
public final class OwnLoopServer implements Runnable, Closeable {

  /** How long a connection whose session ended keeps reading and discarding, so the peer gets the last frames. */
  private static final long LINGER_NANOS = 2_000_000_000L;

  private final Selector selector;
  private final ServerSocketChannel acceptor;
  private final ServerConfig config;
  private final CommandRegistry commands;
  private final SessionMulti multi = new SessionMulti();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 << 10);
  private volatile boolean stopping;

  /** Binds {@code address}; {@link #run()} serves. */
  public OwnLoopServer(InetSocketAddress address, ServerConfig config, CommandRegistry commands) throws IOException {
    this.config = config;
    this.commands = commands;
    this.selector = Selector.open();
    this.acceptor = ServerSocketChannel.open();
    acceptor.bind(address);
    acceptor.configureBlocking(false);
    acceptor.register(selector, SelectionKey.OP_ACCEPT);
  }

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 4003;
    OwnLoopServer server = new OwnLoopServer(new InetSocketAddress("127.0.0.1", port), ServerConfig.DEFAULTS,
        CommandRegistry.conformance());
    System.out.println("framewire own-loop server on tcp://127.0.0.1:" + server.port());
    server.run();
  }

  /** The port the server listens on. */
  public int port() throws IOException {
    return ((InetSocketAddress) acceptor.getLocalAddress()).getPort();
  }

  @Override
  public void close() {
    stopping = true;
    selector.wakeup();
  }

  private void accept() throws IOException {
    for (SocketChannel channel; (channel = acceptor.accept()) != null; ) {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
      key.attach(multi.addServer(new ServerSession(config), commands, key));   // the handle is the index
    }
  }

  // embedding-loop begin
  /** Serves until {@link #close()}: I/O first, then the timers due, then the interest that changed. */
  @Override
  public void run() {
    try {
      while (!stopping) {
        long next = multi.nextDeadline();   // one deadline over every session: no scan
        selector.select(next == Long.MAX_VALUE ? 0 : Math.max(1, (next - System.nanoTime() + 999_999) / 1_000_000));
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid() && key.isAcceptable()) {
            accept();
          } else if (key.isValid()) {
            ready(key, (SessionMulti.Handle) key.attachment());
          }
        }
        selector.selectedKeys().clear();
        multi.onTimeout(System.nanoTime());   // only the sessions whose deadline passed
        applyChanges();
      }
    } catch (IOException e) {
      throw new IllegalStateException("the selector failed", e);
    } finally {
      for (SelectionKey key : selector.keys()) {
        closeQuietly(key.channel());
      }
      closeQuietly(selector);
    }
  }

  /** A connection is readable or writable: its session gets what it holds, commands run, and what it owes is written. */
  private void ready(SelectionKey key, SessionMulti.Handle h) {
    SocketChannel channel = (SocketChannel) key.channel();
    try {
      if (key.isReadable()) {
        int n = channel.read(readBuffer.clear());
        if (h.isDone()) {                      // lingering after the end: discard input until the peer closes
          if (n < 0) {
            close(key, h);
          }
          return;
        }
        if (n < 0) {
          multi.readEnd(h);                    // TRANS-6: the requests sent are answered, then the session ends
        } else {
          multi.readable(h, readBuffer.flip());   // commands run here; answers may admit held requests (CMD-11)
        }
      }
      while (multi.wantsWrite(h)) {
        long n = channel.write(multi.outbound(h));   // as much as the socket takes
        multi.written(h, n);                   // only now do these bytes stop counting (LIMIT-3)
        if (n == 0) {
          break;                               // the rest waits for OP_WRITE
        }
      }
    } catch (IOException e) {
      close(key, h);                           // the peer went away
    }
  }

  /** The selector's interest follows what changed; an ended session lingers, then closes. */
  private void applyChanges() {
    for (SessionMulti.Handle h; (h = multi.nextChange()) != null; ) {
      SelectionKey key = (SelectionKey) h.attachment();
      if (!key.isValid()) {
        continue;
      }
      if (h.takeTimerFired()) {
        close(key, h);                         // the linger ran out
      } else if (h.isDone()) {                 // ended and every byte written: the peer sees the end after it
        try {
          ((SocketChannel) key.channel()).shutdownOutput();
          key.interestOps(SelectionKey.OP_READ);
          multi.timer(h, System.nanoTime() + LINGER_NANOS);
        } catch (IOException e) {
          close(key, h);
        }
      } else {
        key.interestOps(h.interest());         // READ and WRITE equal OP_READ and OP_WRITE
      }
    }
  }
  // embedding-loop end

  private void close(SelectionKey key, SessionMulti.Handle h) {
    multi.remove(h);
    key.cancel();
    closeQuietly(key.channel());
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
