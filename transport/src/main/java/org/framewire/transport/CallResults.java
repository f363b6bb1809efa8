package org.framewire.transport;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.framewire.session.CallException;

/**
 * Waiting for a call's future as blocking code does ({@link BlockingClient#await}, the {@code
 * framewire call} command): its value, or the failure as the checked exception it is. A call fails
 * with a {@link CallException} (what the server answered, or why the session closed) or an {@link
 * IOException} (the transport failed, a {@link TransportException}); both are thrown as they are,
 * anything else is wrapped in an {@link IOException}. An interrupted wait sets the thread's
 * interrupt flag again and throws an {@link IOException}.
 */
public final class CallResults {

  private CallResults() {}

  /** A wait on a future, as {@link Future#get()} or {@link Future#get(long, TimeUnit)}. */
  private interface Wait<T, X extends Exception> {
    T get() throws InterruptedException, ExecutionException, X;
  }

  /** Waits for {@code future} and returns its value. */
  public static <T> T get(Future<T> future) throws IOException, CallException {
    return await(future::get);
  }

  /**
   * Waits at most {@code timeout} for {@code future} and returns its value.
   *
   * @throws TimeoutException when it has not completed in time (it is left as it is)
   */
  public static <T> T get(Future<T> future, long timeout, TimeUnit unit)
      throws IOException, CallException, TimeoutException {
    return await(() -> future.get(timeout, unit));
  }

  private static <T, X extends Exception> T await(Wait<T, X> wait) throws IOException, CallException, X {
    try {
      return wait.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CallException ce) {
        throw ce;
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }
}
