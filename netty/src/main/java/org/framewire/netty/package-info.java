/**
 * The sessions embedded in a Netty pipeline (docs/embedding.md): channel handlers that feed a
 * server or client session the channel's bytes, write what it queues, run its timers on the
 * channel's event loop and dispatch commands through the transport module's handler API. The raw
 * transport of SPEC.md §9.1 over Netty's channels; a host, so it may open sockets.
 */
package org.framewire.netty;
