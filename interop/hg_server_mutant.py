"""Mercurial's server reactor with one deliberate bug in its output, for timing the conformance suite
against broken servers (docs/conformance/README.md, "How long a run takes").

    /usr/bin/python3 interop/hg_server_mutant.py --mutate no-stream-begin [--port 0 | --stdio]

The reactor and the conformance commands are hg_server.py's; every frame the reactor writes passes
through one mutation before it goes out:

- `no-stream-begin`: the stream-begin flag (0x01) is cleared, so a client never sees a stream open
  (SPEC.md STREAM-2);
- `odd-stream`: the stream id is made odd (2 becomes 3), a client-initiated id (STREAM-1);
- `no-eos`: the command-response eos flag (0x02) is cleared, so no response ever ends (§6.3).

With `--port` it listens on 127.0.0.1, prints `PORT <n>`, serves every connection on a thread of
its own until its stdin closes; with `--stdio` it serves one connection over stdin/stdout, as
hg_server_stdio.py does.
"""

import argparse
import os
import socket
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mercurial import ui as uimod  # noqa: E402

from hg_server import serve_files  # noqa: E402

COMMAND_RESPONSE = 0x3


def mutate(name, frame):
    """One whole frame (8-byte header and payload) with the named bug applied."""
    b = bytearray(frame)
    if name == 'no-stream-begin':
        b[6] &= ~0x01
    elif name == 'odd-stream':
        b[5] |= 0x01
    elif name == 'no-eos':
        if b[7] >> 4 == COMMAND_RESPONSE:
            b[7] &= ~0x02
    return bytes(b)


class MutatingWriter:
    """A file-like writer that splits what it is given into frames and mutates each."""

    def __init__(self, out, name):
        self.out = out
        self.name = name
        self.pending = b''

    def write(self, data):
        self.pending += bytes(data)
        while len(self.pending) >= 8:
            length = self.pending[0] | self.pending[1] << 8 | self.pending[2] << 16
            if len(self.pending) < 8 + length:
                break
            frame, self.pending = self.pending[:8 + length], self.pending[8 + length:]
            self.out.write(mutate(self.name, frame))
        return len(data)

    def flush(self):
        self.out.flush()


def log(message):
    print('hg_server_mutant: %s' % message, file=sys.stderr, flush=True)


def serve_one(rfile, wfile, name, ui):
    try:
        serve_files(rfile, MutatingWriter(wfile, name), ui, lambda message: log('reactor error: %s' % message))
    except Exception as e:  # Mercurial raises error.Abort, ValueError, ... on bad input: close
        log('%s: %s' % (type(e).__name__, e))
    finally:
        try:
            wfile.flush()
        except (BrokenPipeError, ConnectionError, ValueError):
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--mutate', required=True, choices=['no-stream-begin', 'odd-stream', 'no-eos'])
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--stdio', action='store_true')
    opts = parser.parse_args()
    ui = uimod.ui()
    if opts.stdio:
        serve_one(sys.stdin.buffer, sys.stdout.buffer, opts.mutate, ui)
        os.close(1)
        return
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', opts.port))
    listener.listen(64)

    def connection(conn):
        with conn:
            serve_one(conn.makefile('rb'), conn.makefile('wb'), opts.mutate, ui)
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def accept():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=connection, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    print('PORT %d' % listener.getsockname()[1], flush=True)
    sys.stdin.read()  # serve until the parent closes our stdin


if __name__ == '__main__':
    main()
