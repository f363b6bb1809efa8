package org.framewire.session.commands;

/**
 * The code behind one command (SPEC.md §6): it reads a {@link CommandCall} and writes the response
 * through a {@link ResponseWriter}. Handlers are registered by name in a {@link CommandRegistry},
 * which every host (the NIO server, the HTTP server, the stream adapter, or a host of your own)
 * runs the same way through {@link CommandRegistry#run}.
 *
 * <p><b>Threading.</b> A handler runs on an executor the host's user supplies, never on an I/O
 * thread, so it may block: on a database, on a file, or on the writer itself, whose data writes wait
 * while the connection's outbound queue is over its limit (SPEC.md §10, LIMIT-3). Many calls of one
 * handler run at once, for requests of one session and of many.
 *
 * <p><b>Ending.</b> The response ends when the handler calls {@link ResponseWriter#end()}, {@link
 * ResponseWriter#commandError} or {@link ResponseWriter#serverError}. When it returns without
 * having done so, the host ends the response for it as {@link CommandRegistry#run} describes:
 * returning normally means {@code end()}, throwing {@link CommandError} before any output means a
 * command error response, and any other failure means an error response.
 */
@FunctionalInterface
public interface CommandHandler {

  /**
   * Runs the command.
   *
   * @param call the request and its data
   * @param response where the response goes; valid until it has ended
   * @throws CommandError to answer with a command error response (CMD-10)
   * @throws Exception any other failure, reported to the client as described above
   */
  void handle(CommandCall call, ResponseWriter response) throws Exception;
}
