"""Mercurial's server reactor serving the conformance commands over TCP, for a framewire client.

    /usr/bin/python3 interop/hg_server.py [--port 0] [--error-frames]

Prints `PORT <n>` once listening, then serves connections one after another (a connection that
Mercurial's reader or reactor gives up on is logged to stderr and closed; the next is served) with
`wireprotoframing.serverreactor` (Mercurial 6.3.2) and a socket loop, until its stdin closes.
The commands echo, echodata, stream and fail (SPEC.md Appendix A, CONF-1), redirect and failafter
(CONF-2) are implemented here in Python, the last two through Mercurial's own means (an
`alternatelocationresponse` object; an exception raised after objects were yielded); an unknown
command gets a command error, as SPEC.md CMD-18 asks.

Mercurial's own quirks apply, and the framewire client must live with them: the server encodes
its output with the best encoding the client listed (zstd-8mb, zlib, identity), announces even
identity in stream settings, and sends nothing at all for a command that yields no object (so
`stream` with count 0 gets no response from it: the framewire interop test does not send that call).

By default a protocol error the reactor detects (its `error` action) closes the connection without
a frame, as Mercurial's reactor leaves it to its caller (ERR-2). With `--error-frames` (opt in: the
scorecard's known failures are graded without it) the wrapper first answers it the way Mercurial
forms error frames itself: `createerrorframe` on the server's output stream, with the request id of
the frame that broke the protocol and the reactor's message, as `serverreactor.onservererror`
answers a server error. It is an error-response of type `protocol` that names no requirement and
carries a request id that is not 0: an ERR-3 deviation instead of an ERR-2 one (`framewire fuzz`
tolerates it through `interop/mercurial-server.deviations`). A frame Mercurial's reader itself
refuses (it raises) still closes without an error frame.
"""

import argparse
import socket
import sys
import threading

from mercurial import error
from mercurial import ui as uimod
from mercurial import wireprotoframing as wpf
from mercurial import wireprototypes


def run_command(command, args, data, redirect=None):
    """The objects of a conformance command, as a generator (errors raise inside it)."""
    if command == b'echo':
        yield args
    elif command == b'echodata':
        yield data or b''
    elif command == b'stream':
        count, size = args.get(b'count'), args.get(b'size')
        if not isinstance(count, int) or not isinstance(size, int) or count < 0 or size < 0:
            raise error.WireprotoCommandError(b'stream: argument %s must be a non-negative integer', [b'count'])
        for k in range(count):
            if size <= 65536:
                yield bytes((k + j) & 0xFF for j in range(size))
            else:
                yield wireprototypes.indefinitebytestringresponse(chunks(k, size))
    elif command == b'fail':
        message = args.get(b'message')
        if not isinstance(message, bytes):
            raise error.WireprotoCommandError(b'fail: argument %s must be a byte string', [b'message'])
        raise error.WireprotoCommandError(message)
    elif command == b'redirect':
        url = args.get(b'url')
        if not isinstance(url, bytes):
            raise error.WireprotoCommandError(b'redirect: argument %s must be a byte string', [b'url'])
        if isinstance(redirect, dict) and redirect.get(b'targets'):
            yield wireprototypes.alternatelocationresponse(url=url, mediatype=b'application/octet-stream')
        else:
            yield url
    elif command == b'failafter':
        count, message = args.get(b'count'), args.get(b'message')
        if not isinstance(count, int) or count < 0 or not isinstance(message, bytes):
            raise error.WireprotoCommandError(b'failafter: needs arguments %s and %s', [b'count', b'message'])
        if count == 0:
            raise error.WireprotoCommandError(message)
        for _ in range(count):
            yield message
        raise RuntimeError(message.decode('utf-8', 'replace'))
    else:
        raise error.WireprotoCommandError(b'unknown command: %s', [command])


def chunks(k, size, chunk=65536):
    for start in range(0, size, chunk):
        yield bytes((k + j) & 0xFF for j in range(start, min(size, start + chunk)))


def serve_files(rfile, wfile, ui, on_error, error_frames=False):
    """Serves one connection's frames from rfile to wfile until the input ends or the reactor gives
    up; on_error gets the reactor's error message (a protocol error it detected) as text. With
    error_frames, that error is first answered with an error-response frame (see the module's doc)."""
    reactor = wpf.serverreactor(ui)
    stream = None
    while True:
        frame = wpf.readframe(rfile)
        if frame is None:
            return
        action, meta = reactor.onframerecv(frame)
        if action == b'runcommand' or (action == b'error' and error_frames):
            if stream is None:
                stream = reactor.makeoutputstream()  # after the client's settings: picks the encoding
        if action == b'runcommand':
            objs = run_command(meta[b'command'], meta[b'args'], meta[b'data'], meta.get(b'redirect'))
            action, meta = reactor.oncommandresponsereadyobjects(stream, meta[b'requestid'], objs)
        if action == b'sendframes':
            for out in meta[b'framegen']:
                wfile.write(out)
            wfile.flush()
        elif action == b'error':
            if error_frames:
                wpf.ensureserverstream(stream)
                for out in wpf.createerrorframe(stream, frame.requestid, meta[b'message'], errtype=b'protocol'):
                    wfile.write(out)
                wfile.flush()
            on_error(meta[b'message'].decode('utf-8', 'replace'))
            return


def serve(conn, ui, error_frames=False):
    wfile = conn.makefile('wb')
    serve_files(conn.makefile('rb'), wfile, ui,
                lambda message: print('hg_server: %s' % message, file=sys.stderr), error_frames)
    wfile.close()
    conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--error-frames', action='store_true',
                        help='answer a protocol error the reactor detects with an error-response frame')
    opts = parser.parse_args()
    ui = uimod.ui()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', opts.port))
    listener.listen(8)

    def accept():
        while True:
            conn, _ = listener.accept()
            try:
                serve(conn, ui, opts.error_frames)
            except Exception as e:  # Mercurial raises error.Abort, ValueError, ... on bad input
                print('hg_server: %s: %s' % (type(e).__name__, e), file=sys.stderr, flush=True)
                conn.close()

    threading.Thread(target=accept, daemon=True).start()
    print('PORT %d' % listener.getsockname()[1], flush=True)
    sys.stdin.read()  # serve until the parent closes our stdin


if __name__ == '__main__':
    main()
