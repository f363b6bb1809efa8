"""Mercurial's server reactor behind stdin/stdout, for `framewire check --exec`.

    /usr/bin/python3 interop/hg_server_stdio.py

Reads client frames on stdin and writes server frames to stdout, driving
`wireprotoframing.serverreactor` (Mercurial 6.3.2) with Mercurial's own frame reader: one
connection, from the first byte to end of input. The serving loop and the conformance commands of
SPEC.md Appendix A (echo, echodata, stream, fail, redirect, failafter) are hg_server.py's, shared by import.

It exits with status 0 when stdin ends or after closing on an error. Mercurial's own error handling
shows through, and that is what a conformance run should see:

- the reactor's `error` action (a protocol error it detected) is logged to stderr and ends the
  connection without an error-response frame, as Mercurial's HTTP server answers it with plain
  text rather than a frame;
- Mercurial's frame reader raises `error.Abort` on a stream that ends inside a frame, and the
  header parser misreads lengths of 65536 and more (SPEC.md §2.1); such failures are logged to
  stderr and end the connection too.
"""

import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mercurial import ui as uimod  # noqa: E402

from hg_server import serve_files  # noqa: E402


def log(message):
    print('hg_server_stdio: %s' % message, file=sys.stderr, flush=True)


def main():
    ui = uimod.ui()
    try:
        serve_files(sys.stdin.buffer, sys.stdout.buffer, ui, lambda message: log('reactor error: %s' % message))
    except Exception as e:  # Mercurial raises error.Abort, ValueError, ... on bad input: close
        log('%s: %s' % (type(e).__name__, e))
        traceback.print_exc(file=sys.stderr)
    finally:
        try:
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            pass
        os.close(1)


if __name__ == '__main__':
    main()
