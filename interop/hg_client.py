"""Mercurial's client reactor calling a framewire raw-transport server over TCP.

    /usr/bin/python3 interop/hg_client.py --port N --encodings zstd-8mb|zlib|identity|none
                                          [--sequential | --pipelined] [--tls-ca CA.pem]

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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--encodings', required=True)
    parser.add_argument('--sequential', action='store_true')
    parser.add_argument('--pipelined', dest='sequential', action='store_false')
    parser.add_argument('--tls-ca', help='speak TLS, trusting the PEM CA certificate(s) in this file')
    opts = parser.parse_args()
    encoders = None if opts.encodings == 'none' else [e.encode('ascii') for e in opts.encodings.split(',')]

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
        frame = wpf.readframe(rfile)
        if frame is None:
            raise AssertionError('server closed with %d responses outstanding' % len(pending))
        if frame.typeid == wpf.FRAME_TYPE_STREAM_SETTINGS:
            announced.append(cborutil.decodeall(bytes(frame.payload))[0].decode('ascii'))
        action, meta = reactor.onframerecv(frame)
        if action == b'error':
            raise AssertionError('reactor error: %r' % (meta,))
        if action != b'responsedata':
            continue
        requestid = meta[b'request'].requestid
        name, check, data = pending[requestid]
        data.extend(meta[b'data'])
        if meta[b'eos']:
            try:
                check(decode_response(data))
            except (AssertionError, IndexError) as e:
                raise AssertionError('%s: %s' % (name.decode(), e))
            checks += 1
            del pending[requestid]
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
