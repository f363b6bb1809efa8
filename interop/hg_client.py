"""Mercurial's client reactor calling a framewire raw-transport server over TCP.

    /usr/bin/python3 interop/hg_client.py --port N --encodings zstd-8mb|zlib|identity|none
                                          [--sequential | --pipelined | --batch N] [--tls-ca CA.pem]
    /usr/bin/python3 interop/hg_client.py --http URL --encodings ... --batch N

--batch N is the deep pipeline of SPEC.md CMD-11: N mixed `echo` and `stream` calls framed and
written in one flush, as Mercurial's client sends a batch (`flushcommands()`), before any answer is
read; with --http they go as one multirequest body to URL (…/ro/multirequest) and the response body
is read after. Every answer is checked byte for byte.

Drives `wireprotoframing.clientreactor` (Mercurial 6.3.2) over a socket: it advertises the given
content encoding (or none at all), sends the conformance calls (all at once, or with
--sequential each after the previous response ended), reads the responses with Mercurial's own
frame reader and decoders, and checks every decoded object against SPEC.md Appendix A. It also
checks which encoding the server announced in its stream settings.

Sequential calls make the server reuse one output stream, and so one compression context, across
requests (ENC-3); pipelined calls make responses overlap, which a framewire server puts on
separate streams, each announcing its encoding (ENC-4). Mercurial's decoders follow both: it
keeps one decompressor object per incoming stream.

With --tls-ca the connection is TLS (SPEC.md §9.3) through Python's `ssl` module: the server's
certificate is checked against CA.pem and its name against --host, and the ALPN id `framewire` is
offered; the reactor never knows.

Prints one JSON line {"checks": N, "encoding": ..., "announced": ...} and exits 0 when all checks
pass; prints the first failure to stderr and exits 1 otherwise.
"""

import argparse
import io
import json
import socket
import ssl
import sys

from mercurial import ui as uimod
from mercurial import wireprotoframing as wpf
from mercurial.utils import cborutil

from conformance import decode_response, pattern

# Our server's frames stay below 32768 bytes, so Mercurial's header parser, which misreads
# lengths of 65536 and more (SPEC.md §2.1), reads them right.
ECHO_ARGS = {b'a': b'b', b'n': 7, b'list': [b'x', 1, -2], b'nested': {b'k': b'v'}}
DATA = bytes((i * 7) & 0xFF for i in range(70000))
STREAM = (3, 100000)


def calls():
    """(name, args, data, check) of every call; check(values) raises AssertionError."""

    def ok(expected):
        def check(values):
            assert values[0] == {b'status': b'ok'}, values[0]
            assert values[1:] == expected, 'got %r' % (values[1:],)
        return check

    def error(message, args=None):
        def check(values):
            expected = {b'message': message}
            if args:
                expected[b'args'] = args
            assert values == [{b'status': b'error', b'error': expected}], values
        return check

    count, size = STREAM
    return [
        (b'echo', ECHO_ARGS, None, ok([ECHO_ARGS])),
        (b'echo', {}, None, ok([{}])),
        (b'echodata', {}, DATA, ok([DATA])),
        (b'echodata', {}, None, ok([b''])),
        (b'stream', {b'count': count, b'size': size}, None,
         ok([pattern(k, size) for k in range(count)])),
        (b'stream', {b'count': 4, b'size': 10}, None, ok([pattern(k, 10) for k in range(4)])),
        (b'stream', {b'count': 0, b'size': 10}, None, ok([])),
        (b'fail', {b'message': b'it failed'}, None, error(b'it failed')),
        (b'nope', {}, None, error(b'unknown command: %s', [b'nope'])),
    ]


def batch(n):
    """n mixed calls: echo with a distinct argument map, or stream with a size of its own."""

    def ok(expected):
        def check(values):
            assert values[0] == {b'status': b'ok'}, values[0]
            assert values[1:] == expected, 'got %r' % (values[1:],)
        return check

    out = []
    for i in range(n):
        if i % 3 == 2:
            count, size = 1 + i % 4, 1 + (i * 37) % 1500
            out.append((b'stream', {b'count': count, b'size': size}, None,
                        ok([pattern(k, size) for k in range(count)])))
        else:
            args = {b'i': i, b'pad': b'x' * (i % 200)}
            out.append((b'echo', args, None, ok([args])))
    return out


def run_http(opts, encoders):
    """One multirequest exchange holding the whole batch; the answers checked from its body."""
    import urllib.request
    reactor = wpf.clientreactor(uimod.ui(), hasmultiplesend=True, buffersends=True, clientcontentencoders=encoders)
    pending = {}
    for name, args, data, check in batch(opts.batch):
        request, action, meta = reactor.callcommand(name, args)
        pending[request.requestid] = (name, check, bytearray())
    action, meta = reactor.flushcommands()
    assert action == b'sendframes', action
    body = b''.join(meta[b'framegen'])
    media = 'application/mercurial-exp-framing-0006'
    req = urllib.request.Request(opts.http, data=body, method='POST',
                                 headers={'Content-Type': media, 'Accept': media})
    with urllib.request.urlopen(req, timeout=60) as resp:
        rfile = io.BytesIO(resp.read())
    return read_answers(reactor, rfile, pending, [])


def read_answers(reactor, rfile, pending, announced):
    """Reads frames until every pending request is answered; returns how many checks passed."""
    checks = 0
    while pending:
        checks += read_frame(reactor, rfile, pending, announced)
    return checks


def read_frame(reactor, rfile, pending, announced):
    """Reads one frame and hands it to the reactor: a stream-settings record goes to announced, a
    reactor error or an early close fails, and a response's last frame runs its check (returns 1)."""
    frame = wpf.readframe(rfile)
    if frame is None:
        raise AssertionError('server closed with %d responses outstanding' % len(pending))
    if frame.typeid == wpf.FRAME_TYPE_STREAM_SETTINGS:
        announced.append(cborutil.decodeall(bytes(frame.payload))[0].decode('ascii'))
    action, meta = reactor.onframerecv(frame)
    if action == b'error':
        raise AssertionError('reactor error: %r' % (meta,))
    if action != b'responsedata':
        return 0
    requestid = meta[b'request'].requestid
    name, check, data = pending[requestid]
    data.extend(meta[b'data'])
    if not meta[b'eos']:
        return 0
    try:
        check(decode_response(data))
    except (AssertionError, IndexError) as e:
        raise AssertionError('%s %d: %s' % (name.decode(), requestid, e))
    del pending[requestid]
    return 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int)
    parser.add_argument('--http')
    parser.add_argument('--batch', type=int, default=0)
    parser.add_argument('--encodings', required=True)
    parser.add_argument('--sequential', action='store_true')
    parser.add_argument('--pipelined', dest='sequential', action='store_false')
    parser.add_argument('--tls-ca', help='speak TLS, trusting the PEM CA certificate(s) in this file')
    opts = parser.parse_args()
    encoders = None if opts.encodings == 'none' else [e.encode('ascii') for e in opts.encodings.split(',')]
    if opts.http:
        checks = run_http(opts, encoders)
        print(json.dumps({'checks': checks, 'encoding': opts.encodings, 'batch': opts.batch}))
        return

    ui = uimod.ui()
    reactor = wpf.clientreactor(ui, hasmultiplesend=True, buffersends=False, clientcontentencoders=encoders)
    sock = socket.create_connection((opts.host, opts.port), timeout=20)
    tls_version = None
    if opts.tls_ca:
        context = ssl.create_default_context(cafile=opts.tls_ca)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.set_alpn_protocols(['framewire'])
        sock = context.wrap_socket(sock, server_hostname=opts.host)
        assert sock.selected_alpn_protocol() == 'framewire', sock.selected_alpn_protocol()
        tls_version = sock.version()
    wfile = sock.makefile('wb')
    rfile = sock.makefile('rb')

    announced = []
    checks = 0
    todo = calls()
    pending = {}

    if opts.batch:
        # One flush: every frame of the batch written before any answer is read.
        for name, args, data, check in batch(opts.batch):
            request, action, meta = reactor.callcommand(name, args)
            assert action == b'sendframes', action
            for frame in meta[b'framegen']:
                wfile.write(frame)
            pending[request.requestid] = (name, check, bytearray())
        wfile.flush()
        todo = []
        checks = read_answers(reactor, rfile, pending, announced)

    def send(name, args, data, check):
        request, action, meta = reactor.callcommand(name, args, datafh=io.BytesIO(data) if data is not None else None)
        assert action == b'sendframes', action
        for frame in meta[b'framegen']:
            wfile.write(frame)
        wfile.flush()
        pending[request.requestid] = (name, check, bytearray())

    while todo or pending:
        if todo and (not opts.sequential or not pending):
            send(*todo.pop(0))
            if not opts.sequential:
                continue
        checks += read_frame(reactor, rfile, pending, announced)
    sock.close()

    # Each stream announces its encoding once. Identity may be announced or not (SPEC.md §8.2); any
    # other profile must be, and no stream may use another one (SET-3, SET-5).
    if opts.encodings in ('identity', 'none'):
        assert set(announced) <= {'identity'}, announced
    else:
        assert announced and set(announced) == {opts.encodings}, 'announced %r' % (announced,)
    checks += 1
    result = {'checks': checks, 'encoding': opts.encodings, 'announced': announced}
    if opts.tls_ca:
        result['tls'] = tls_version
    print(json.dumps(result))


if __name__ == '__main__':
    try:
        main()
    except AssertionError as e:
        print('hg_client: %s' % e, file=sys.stderr)
        sys.exit(1)
