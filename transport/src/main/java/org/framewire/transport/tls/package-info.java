/**
 * TLS for every transport (SPEC.md §9.3): {@link org.framewire.transport.tls.ServerTls} and {@link
 * org.framewire.transport.tls.ClientTls}, the settings a server and a client take, {@link
 * org.framewire.transport.tls.Pem}, contexts from PEM files with the JDK alone, and {@link
 * org.framewire.transport.tls.Tls}, the versions and the ALPN id the spec fixes. The raw
 * transport's TLS layer over {@link javax.net.ssl.SSLEngine} is {@code TlsWire}, inside the NIO
 * transport.
 */
package org.framewire.transport.tls;
