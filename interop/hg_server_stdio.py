"""Mercurial's server reactor behind stdin/stdout, for `framewire check --exec`.

    /usr/bin/python3 interop/hg_server_stdio.py

Reads client frames on stdin and writes server frames to stdout, driving
`wireprotoframing.serverreactor` (Mercurial 6.3.2) with Mercurial's own frame reader: one
connection, from the first byte to end of input. The conformance commands of SPEC.md Appendix A
(echo, echodata, stream, fail) are those of hg_server.py, shared by import.

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
from mercurial import wireprotoframing as wpf  # noqa: E402

from hg_server import run_command  # noqa: E402


def serve(rfile, wfile, ui):
    """Serves one connection; returns when the input ends or the reactor gives up."""
    reactor = wpf.serverreactor(ui)
    stream = None
    while True:
        frame = wpf.readframe(rfile)
        if frame is None:
            return
        action, meta = reactor.onframerecv(frame)
        if action == b'runcommand':
            if stream is None:
                stream = reactor.makeoutputstream()  # after the client's settings: picks the encoding
            objs = run_command(meta[b'command'], meta[b'args'], meta[b'data'])
            action, meta = reactor.oncommandresponsereadyobjects(stream, meta[b'requestid'], objs)
        if action == b'sendframes':
            for out in meta[b'framegen']:
                wfile.write(out)
            wfile.flush()
        elif action == b'error':
            log('reactor error: %s' % meta[b'message'].decode('utf-8', 'replace'))
            return


def log(message):
    print('hg_server_stdio: %s' % message, file=sys.stderr, flush=True)


def main():
    ui = uimod.ui()
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer, ui)
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
