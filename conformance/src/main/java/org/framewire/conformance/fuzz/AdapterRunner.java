package org.framewire.conformance.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.framewire.conformance.target.Transport;
import org.framewire.fuzz.Oracle;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.Transcript;

/** {@link TargetRunner#adapter}: a {@link ServerAdapter} under a watchdog. */
final class AdapterRunner implements TargetRunner {
  private final ServerAdapter adapter;

  AdapterRunner(ServerAdapter adapter) {
    this.adapter = adapter;
  }

  @Override
  public String name() {
    return adapter.name();
  }

  @Override
  public Reaction run(byte[] input, Probe probe, Duration watchdog) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(input);
    if (probe != null) {
      all.writeBytes(probe.bytes());
    }
    int probeId = probe == null ? -1 : probe.requestId();
    Future<Transcript> run = THREADS.submit(() -> Oracle.run(adapter, all.toByteArray(), List.of()));
    try {
      Transcript t = run.get(watchdog.toMillis(), TimeUnit.MILLISECONDS);
      return Reaction.classify(adapter.name(), t.output(), t.closed(), false, probeId, false, "");
    } catch (TimeoutException e) {
      run.cancel(true); // the stuck thread is abandoned
      return Reaction.classify(adapter.name(), new byte[0], false, true, probeId, false,
          "no verdict within " + watchdog.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io && !Transport.of(adapter).ioErrorIsTargetFailure()) {
        throw io;
      }
      return Reaction.classify(adapter.name(), new byte[0], true, false, probeId, true, "threw " + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
