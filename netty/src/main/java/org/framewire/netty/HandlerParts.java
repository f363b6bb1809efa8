package org.framewire.netty;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.framewire.session.commands.CommandRegistry;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;

/**
 * What every connection's {@link FramewireServerHandler} is made of, checked once: {@link
 * FramewireServerInitializer} keeps one and hands it to the handler of each channel it sets up.
 *
 * @param executor where command handlers run; never the event loop
 */
record HandlerParts(TransportConfig config, CommandRegistry commands, Executor executor, TransportListener listener) {
  HandlerParts {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(listener, "listener");
  }
}
