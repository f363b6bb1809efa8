/**
 * The HTTP transport (SPEC.md §9.2) as an async Jakarta Servlet (docs/embedding.md): one server
 * session per exchange, the request body read and the response written with the container's
 * non-blocking I/O, commands run through the transport module's handler API. A host.
 */
package org.framewire.servlet;
