#!/usr/bin/python3
"""Mercurial's side of the framewire benchmarks (docs/benchmarks.md).

Runs the same two workloads as framewire's JMH benchmarks with Mercurial's own
Python implementation of the frame protocol (mercurial.wireprotoframing, from
the Debian package ``mercurial``) and prints the rates as JSON on stdout:

* decode: frames per second read with ``wireprotoframing.readframe`` from the
  exact bytes framewire's FrameDecodeBenchmark decodes (one file per payload
  size, written by ``framewire bench``: ``framewire-<size>.bin``);
* session: request+response cycles per second between a ``clientreactor`` and
  a ``serverreactor`` in one process, through bytes, answering the command
  ``lookup`` with the value of framewire's SessionWorkload, no content
  encoding — SessionCycleBenchmark's cycle.

Each rate is the median of ``--repeats`` timed runs of about ``--seconds``
seconds, after one untimed run.

Usage: /usr/bin/python3 mercurial-baseline.py --wire-dir DIR [--seconds S] [--repeats N]
Exit status 3 when Mercurial cannot be imported.
"""

import argparse
import io
import json
import os
import platform
import statistics
import sys
import time

try:
    from mercurial import ui as uimod
    from mercurial import util
    from mercurial import wireprotoframing as wpf
    from mercurial.utils import cborutil
except ImportError as e:  # pragma: no cover - depends on the machine
    print(json.dumps({'error': 'mercurial is not importable: %s' % e}))
    sys.exit(3)

SIZES = [0, 64, 1024, 32768]
FRAMES_PER_FILE = 128

REQUEST_ARGS = {b'key': b'tip'}
RESPONSE = {
    b'node': b'\x01' * 20,
    b'parents': [b'\x02' * 20, b'\x00' * 20],
    b'user': b'Alice Example <alice@example.org>',
    b'date': [1700000000, 0],
    b'description': b'fix stream encoding of frame decoder limits',
    b'files': [
        b'src/main/java/org/example/frame/FrameDecoder.java',
        b'src/main/java/org/example/stream/OutboundStream.java',
    ],
}


def timed(run, seconds, repeats):
    """Median rate (items per second) of ``run``, which returns its item count."""
    run()  # untimed: imports, caches
    rates = []
    for _ in range(repeats):
        items = 0
        start = time.perf_counter()
        deadline = start + seconds
        while True:
            items += run()
            now = time.perf_counter()
            if now >= deadline:
                break
        rates.append(items / (now - start))
    return statistics.median(rates), rates


def decode_run(wire, expected_length):
    def run():
        fh = io.BytesIO(wire)
        n = 0
        while True:
            frame = wpf.readframe(fh)
            if frame is None:
                break
            n += 1
        return n

    # the workload is what it should be: every frame, every payload byte
    fh = io.BytesIO(wire)
    frames = []
    while True:
        f = wpf.readframe(fh)
        if f is None:
            break
        frames.append(f)
    assert len(frames) == FRAMES_PER_FILE, len(frames)
    assert all(len(f.payload) == expected_length for f in frames)
    return run


class Session:
    """A client and a server reactor exchanging bytes in one process."""

    def __init__(self):
        ui = uimod.ui()
        self.client = wpf.clientreactor(ui, hasmultiplesend=True, buffersends=False)
        self.server = wpf.serverreactor(ui)
        self.outstream = self.server.makeoutputstream()

    def cycle(self):
        client, server = self.client, self.server
        if client._nextrequestid > 65000:
            # Mercurial's client never wraps its request ids; framewire's does (RequestTable).
            client._nextrequestid = 1
        request, action, meta = client.callcommand(b'lookup', REQUEST_ARGS)
        assert action == b'sendframes', action
        fh = io.BytesIO(b''.join(bytes(f) for f in meta[b'framegen']))
        requestid = None
        while True:
            frame = wpf.readframe(fh)
            if frame is None:
                break
            action, meta = server.onframerecv(frame)
            if action == b'runcommand':
                requestid = meta[b'requestid']
        assert requestid == request.requestid, (requestid, action, meta)
        action, meta = server.oncommandresponsereadyobjects(self.outstream, requestid, [RESPONSE])
        assert action == b'sendframes', action
        fh = io.BytesIO(b''.join(bytes(f) for f in meta[b'framegen']))
        decoder = cborutil.bufferingdecoder()
        done = False
        while True:
            frame = wpf.readframe(fh)
            if frame is None:
                break
            action, meta = client.onframerecv(frame)
            if action == b'responsedata':
                decoder.decode(meta[b'data'])
                done = done or meta[b'eos']
        values = decoder.getavailable()
        assert done and len(values) == 2 and values[1] == RESPONSE, values
        return 1


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--wire-dir', required=True)
    p.add_argument('--seconds', type=float, default=1.0)
    p.add_argument('--repeats', type=int, default=5)
    a = p.parse_args()

    out = {
        'mercurial_version': util.version().decode('ascii'),
        'python': platform.python_version(),
        'python_executable': sys.executable,
        'seconds': a.seconds,
        'repeats': a.repeats,
        'decode': {},
    }
    for size in SIZES:
        with open(os.path.join(a.wire_dir, 'framewire-%d.bin' % size), 'rb') as fh:
            wire = fh.read()
        median, runs = timed(decode_run(wire, size), a.seconds, a.repeats)
        out['decode'][str(size)] = {'frames_per_second': median, 'runs': runs}
    session = Session()
    median, runs = timed(session.cycle, a.seconds, a.repeats)
    out['session'] = {'cycles_per_second': median, 'runs': runs}
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
