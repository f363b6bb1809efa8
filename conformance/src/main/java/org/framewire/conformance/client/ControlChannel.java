package org.framewire.conformance.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The suite's end of one client adapter's control channel (docs/conformance/control-channel.md):
 * ops go to {@link #ops()}, events come from {@link #events()}. {@link #close()} ends the adapter,
 * by force when it does not exit at once.
 */
public interface ControlChannel extends AutoCloseable {
  BufferedReader events();

  Writer ops();

  @Override
  void close();

  /**
   * A control-channel adapter that runs in the suite's JVM: reads ops from {@code ops} until it
   * ends or says {@code exit}, writes events to {@code events} (one line each, flushed).
   */
  @FunctionalInterface
  interface Adapter {
    void run(BufferedReader ops, Writer events) throws IOException;
  }

  /** Starts adapters: one channel per case. */
  @FunctionalInterface
  interface Launcher {
    /** Starts an adapter; {@code stderr} receives its log lines. */
    ControlChannel start(Consumer<String> stderr) throws IOException;

    /** framewire's client in this JVM, driven by {@link ControlDriver} on a thread over pipes. */
    static Launcher inProcess(ClientHooks hooks) {
      return inProcess((ops, events) -> new ControlDriver(ops, events, hooks).run());
    }

    /** Any in-process adapter, on a thread over pipes. */
    static Launcher inProcess(Adapter adapter) {
      return stderr -> inProcessChannel(adapter);
    }

    /** A child process run with {@code sh -c command}. */
    static Launcher exec(String command) {
      return stderr -> execChannel(command, stderr);
    }
  }

  private static ControlChannel inProcessChannel(Adapter adapter) throws IOException {
    MemoryPipe opsPipe = new MemoryPipe(1 << 16);
    InputStream opsIn = opsPipe.in();
    OutputStream opsOut = opsPipe.out();
    MemoryPipe eventsPipe = new MemoryPipe(1 << 20);
    InputStream eventsIn = eventsPipe.in();
    OutputStream eventsOut = eventsPipe.out();
    Writer driverOut = new OutputStreamWriter(eventsOut, StandardCharsets.UTF_8);
    Thread t = new Thread(() -> {
      try {
        adapter.run(new BufferedReader(new InputStreamReader(opsIn, StandardCharsets.UTF_8)), driverOut);
      } catch (IOException e) {
        // the suite closed the pipes: the case is over
      } finally {
        try {
          driverOut.close();
        } catch (IOException e) {
          // already closed
        }
      }
    }, "control-driver");
    t.setDaemon(true);
    t.start();
    return over(eventsIn, opsOut, () -> {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        t.interrupt();
      }
    });
  }

  private static ControlChannel execChannel(String command, Consumer<String> stderr) throws IOException {
    Process p = new ProcessBuilder("sh", "-c", command).start();
    Thread err = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          stderr.accept(l);
        }
      } catch (IOException e) {
        // the child is gone
      }
    }, "check-client-stderr");
    err.setDaemon(true);
    err.start();
    return over(p.getInputStream(), p.getOutputStream(), () -> {
      try {
        if (!p.waitFor(1, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor(2, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    });
  }

  /**
   * The channel over the adapter's event and op streams. Closing ends the ops (the adapter's cue
   * to exit), runs {@code stopAdapter} (wait for it, then force it), then closes the events.
   */
  private static ControlChannel over(InputStream eventsIn, OutputStream opsOut, Runnable stopAdapter) {
    BufferedReader events = new BufferedReader(new InputStreamReader(eventsIn, StandardCharsets.UTF_8));
    Writer ops = new OutputStreamWriter(opsOut, StandardCharsets.UTF_8);
    return new ControlChannel() {
      @Override
      public BufferedReader events() {
        return events;
      }

      @Override
      public Writer ops() {
        return ops;
      }

      @Override
      public void close() {
        try {
          ops.close();
        } catch (IOException e) {
          // the adapter closed its end already
        }
        stopAdapter.run();
        try {
          events.close();
        } catch (IOException e) {
          // nothing left to read
        }
      }
    };
  }
}
