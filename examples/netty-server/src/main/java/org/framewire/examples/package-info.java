/**
 * The {@code netty-server} example ({@link org.framewire.examples.NettyServer}, examples/README.md): a small
 * application written as an embedder of framewire would write it, built with {@code -Pexamples}.
 */
package org.framewire.examples;
