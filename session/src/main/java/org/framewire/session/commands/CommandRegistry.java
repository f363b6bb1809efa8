package org.framewire.session.commands;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.framewire.cbor.CborValue;
import org.framewire.session.ServerEvent;

/**
 * The commands a server offers, by name, and the one way every host runs them ({@link #run}).
 * Immutable; build one with {@link #builder()}. {@link #conformance()} holds the commands of
 * SPEC.md Appendix A.
 *
 * <p>A request for a name the registry lacks gets the command error response {@code unknown
 * command: %s} (CMD-18); the HTTP transport answers 404 already for a single-command path naming it
 * (TRANS-8).
 */
public final class CommandRegistry {

  /** Message of the command error for a command the registry lacks (CMD-18). */
  public static final String UNKNOWN_COMMAND = "unknown command: %s";

  private final Map<String, CommandHandler> handlers;

  private CommandRegistry(Map<String, CommandHandler> handlers) {
    this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
  }

  /** A builder of an empty registry. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The conformance commands {@code echo}, {@code echodata}, {@code stream}, {@code fail} (CONF-1),
   * {@code redirect} and {@code failafter} (CONF-2), and the optional {@code say} and {@code progress}.
   */
  public static CommandRegistry conformance() {
    return ConformanceCommands.addTo(builder()).build();
  }

  /** The handler registered as {@code name}. */
  public Optional<CommandHandler> handler(String name) {
    return Optional.ofNullable(handlers.get(name));
  }

  /** Whether a handler is registered as {@code name}. */
  public boolean contains(String name) {
    return handlers.containsKey(name);
  }

  /** The registered names, in registration order. */
  public Set<String> names() {
    return handlers.keySet();
  }

  /**
   * Runs the command a plain session dispatched, on the calling thread, answering through the
   * session's own response handle — the whole of command dispatch in an application's own loop:
   *
   * <pre>{@code
   * for (ServerEvent e : session.receive(bytes)) {
   *   if (e instanceof ServerEvent.RunCommand run) {
   *     registry.run(run, session.response(run.requestId()));
   *   }
   * }
   * }</pre>
   *
   * As {@link #run(CommandCall, ResponseWriter)} otherwise.
   */
  public void run(ServerEvent.RunCommand run, ResponseWriter response) {
    run(CommandCall.from(run), response);
  }

  /**
   * Runs {@code call} on the calling thread and makes sure its response ends, whatever the handler
   * does (CMD-15):
   *
   * <ul>
   *   <li>an unknown command gets the command error {@link #UNKNOWN_COMMAND} (CMD-18);
   *   <li>a handler that returns leaving the response open gets it ended ({@link
   *       ResponseWriter#end()});
   *   <li>a {@link CommandError} before any output becomes a command error response (CMD-10);
   *   <li>any other exception before any output becomes a command error response {@code %s} with
   *       the exception's message as its argument, since SPEC.md §7.1 reserves error-responses for
   *       failures after output began;
   *   <li>any failure after output began, and a handler that leaves a byte string open, end the
   *       response with an error-response of type {@code server} (ERR-4).
   * </ul>
   *
   * <p>An {@link Error} is reported the same way and then rethrown. An interrupt while the handler
   * waited on the writer ends the response with a server error and keeps the thread's interrupt
   * status.
   */
  public void run(CommandCall call, ResponseWriter response) {
    CommandHandler handler = handlers.get(call.command());
    if (handler == null) {
      response.commandError(UNKNOWN_COMMAND,
          List.of(new CborValue.Bytes(call.command().getBytes(StandardCharsets.ISO_8859_1))));
      return;
    }
    try {
      handler.handle(call, response);
      if (response.isOpen()) {
        response.end();
      }
    } catch (CommandError e) {
      fail(response, e.getMessage(), e.args(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(response, "%s", List.of(utf8("interrupted")), "interrupted");
    } catch (Exception e) {
      String text = describe(e);
      fail(response, "%s", List.of(utf8(text)), text);
    } catch (Error e) {
      String text = describe(e);
      fail(response, "%s", List.of(utf8(text)), text);
      throw e;
    }
  }

  private static void fail(ResponseWriter response, String message, List<CborValue> args, String serverText) {
    if (!response.isOpen()) {
      return;
    }
    if (response.hasOutput()) {
      response.serverError(serverText);
    } else {
      response.commandError(message, args);
    }
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
  }

  private static CborValue.Bytes utf8(String s) {
    return new CborValue.Bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "CommandRegistry" + handlers.keySet();
  }

  /** Collects handlers by name; not thread-safe. */
  public static final class Builder {
    private final Map<String, CommandHandler> handlers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Registers {@code handler} as {@code name}.
     *
     * @throws IllegalArgumentException when the name is empty or already taken
     */
    public Builder add(String name, CommandHandler handler) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(handler, "handler");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty command name");
      }
      if (handlers.putIfAbsent(name, handler) != null) {
        throw new IllegalArgumentException("command " + name + " registered twice");
      }
      return this;
    }

    /** Registers every command of {@code other}. */
    public Builder addAll(CommandRegistry other) {
      other.handlers.forEach(this::add);
      return this;
    }

    public CommandRegistry build() {
      return new CommandRegistry(handlers);
    }
  }
}
