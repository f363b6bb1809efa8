package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** What waiting for a call's future returns and throws: its value, its own failure as it is, or an IOException. */
class CallResultsTest {

  @Test
  void aValueIsReturned() throws Exception {
    assertEquals("v", CallResults.get(CompletableFuture.completedFuture("v")));
    assertEquals("v", CallResults.get(CompletableFuture.completedFuture("v"), 1, TimeUnit.SECONDS));
  }

  @Test
  void aTransportFailureIsThrownAsItIs() {
    TransportException failure = new TransportException("client session closed", (Throwable) null);
    CompletableFuture<String> f = CompletableFuture.failedFuture(failure);
    assertSame(failure, assertThrows(IOException.class, () -> CallResults.get(f)));
    assertSame(failure, assertThrows(IOException.class, () -> CallResults.get(f, 1, TimeUnit.SECONDS)));
  }

  @Test
  void anyOtherFailureIsWrappedInAnIOException() {
    IllegalStateException bug = new IllegalStateException("bug");
    IOException e = assertThrows(IOException.class, () -> CallResults.get(CompletableFuture.failedFuture(bug)));
    assertSame(bug, e.getCause());
  }

  @Test
  void aTimedWaitThatRunsOutLeavesTheFutureAsItIs() {
    CompletableFuture<String> f = new CompletableFuture<>();
    assertThrows(TimeoutException.class, () -> CallResults.get(f, 10, TimeUnit.MILLISECONDS));
    assertFalse(f.isDone());
  }

  @Test
  void anInterruptedWaitKeepsTheFlag() {
    Thread.currentThread().interrupt();
    try {
      IOException e = assertThrows(IOException.class, () -> CallResults.get(new CompletableFuture<String>()));
      assertTrue(e.getCause() instanceof InterruptedException);
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }
}
