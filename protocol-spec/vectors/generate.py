#!/usr/bin/python3
"""Regenerates the reference vectors in ``mercurial/`` from Mercurial itself.

Mercurial 6.3.2's ``mercurial.wireprotoframing`` (Debian package ``mercurial``;
its bundled ``mercurial.zstd`` provides ``zstd-8mb``) is an independent
implementation of the frame protocol. This script feeds it fixed inputs and
records what it emits, as the JSON files the project's vector runner reads.
The inputs (frame notation strings, CBOR values, commands, response objects)
are data in this file; every output (frame bytes, CBOR bytes, reactor
actions, decoded responses) comes from Mercurial's own functions.

Usage: /usr/bin/python3 generate.py [OUTPUT_DIR]   (default: mercurial/ next
to this script). Writes cbor.json, frames.json, command-requests.json,
server-sessions.json and response-streams.json.

See README.md for the schema. Mercurial's known bugs are recorded, not fixed
(the header fields in frames.json are computed with a correct 24-bit parse,
not with Mercurial's ``parseheader``).
"""

import io
import json
import os
import sys

from mercurial import ui as uimod
from mercurial import wireprotoframing as wpf
from mercurial.utils import cborutil

# The header fields come from the spec's model of the 8 header bytes (SPEC.md §2.1), not from
# Mercurial's parseheader, which multiplies byte 2 by 16384.
from framewire_vectors import parse_header

SCHEMA = 'framewire-vectors/1'
SOURCE = 'generated with Mercurial 6.3.2 (mercurial.wireprotoframing) as the oracle'
MAX_FRAME_SIZE = wpf.DEFAULT_MAX_FRAME_SIZE  # 32768, Mercurial's sender default


# ---------------------------------------------------------------------------
# Tagged JSON (README.md): one key per CBOR value.


class IndefiniteBytes:
    """An indefinite-length byte string with explicit chunks (an input value)."""

    def __init__(self, chunks):
        self.chunks = list(chunks)


def _sortkey(v):
    # Mercurial's own ordering for map keys and set items.
    return cborutil._mixedtypesortkey(v)


def tagged(v, sort_maps=True):
    """Tagged JSON of a Python value as Mercurial encodes it.

    Maps are written in wire order: sorted (as Mercurial's encoder sorts)
    for values we encode, insertion order for values Mercurial decoded
    (which is the wire order). Sets are always written in wire order.
    """
    if isinstance(v, IndefiniteBytes):
        return {'bytesIndef': [bytes(c).hex() for c in v.chunks]}
    if isinstance(v, bool):
        return {'bool': v}
    if v is None:
        return {'null': True}
    if isinstance(v, int):
        return {'int': v}
    if isinstance(v, (bytes, bytearray)):
        return {'bytes': bytes(v).hex()}
    if isinstance(v, (list, tuple)):
        return {'array': [tagged(x, sort_maps) for x in v]}
    if isinstance(v, (set, frozenset)):
        return {'set': [tagged(x, sort_maps) for x in sorted(v, key=_sortkey)]}
    if isinstance(v, dict):
        items = sorted(v.items(), key=lambda kv: _sortkey(kv[0])) if sort_maps else v.items()
        return {'map': [[tagged(k, sort_maps), tagged(x, sort_maps)] for k, x in items]}
    raise TypeError('no tagged JSON form for %r' % type(v))


def cbor(v):
    if isinstance(v, IndefiniteBytes):
        return b''.join(cborutil.streamencodebytestringfromiter(v.chunks))
    return b''.join(cborutil.streamencode(v))


# ---------------------------------------------------------------------------
# Frame helpers


def frame_from_human(human):
    """Mercurial's frame notation; reserved types (no flag table) fall back to integers."""
    b = human.encode('latin-1')
    fields = b.split(b' ', 5)
    if fields[3] in wpf.FRAME_TYPES or int(fields[3]) in wpf.FRAME_TYPE_FLAGS:
        return bytes(wpf.makeframefromhumanstring(b))
    requestid, streamid, streamflags, frametype, frameflags, payload = fields
    sflags = 0
    for flag in streamflags.split(b'|'):
        sflags |= wpf.STREAM_FLAGS[flag] if flag in wpf.STREAM_FLAGS else int(flag)
    return bytes(
        wpf.makeframe(
            int(requestid), int(streamid), sflags, int(frametype), int(frameflags),
            wpf.stringutil.unescapestr(payload),
        )
    )


def to_frame(data):
    """A ``wireprotoframing.frame`` parsed (correctly) from encoded bytes."""
    h = parse_header(data)
    payload = bytes(data[8:])
    assert len(payload) == h['length']
    return wpf.frame(h['requestId'], h['streamId'], h['streamFlags'], h['type'], h['flags'], payload)


def split_frames(data):
    out = []
    while data:
        n = 8 + parse_header(data)['length']
        out.append(bytes(data[:n]))
        data = data[n:]
    return out


def document(kind, cases, note=None):
    doc = {'schema': SCHEMA, 'kind': kind, 'source': SOURCE, 'cases': cases}
    if note is not None:
        doc['note'] = note
    return doc


def new_ui():
    return uimod.ui()


# ---------------------------------------------------------------------------
# frames.json (kind frame-encoding)

FRAME_HUMANS = [
    '1 1 0 1 0 ',
    '2 4 0 1 0 ',
    '2 4 0 1 0 foo',
    '1 1 0 1 0 cbor:15',
    '1 1 0 1 0 cbor:42',
    '1 1 0 1 0 cbor:1048576',
    '1 1 0 1 0 cbor:-1',
    '1 1 0 1 0 cbor:-342542',
    "1 1 0 1 0 cbor:b'foo'",
    "1 1 0 1 0 cbor:[None, True, False, 42, b'foo']",
    "1 1 0 1 0 cbor:{b'foo': b'val1', b'bar': b'val2'}",
    "1 1 stream-begin command-request new cbor:{b'name': b'foo'}",
    "1 1 stream-begin command-request new|have-data cbor:{b'name': b'foo'}",
    '3 1 0 command-request continuation|more \\x01\\x02',
    '1 1 0 command-data continuation data1',
    '1 1 0 command-data eos data3',
    '1 2 stream-begin|encoded command-response continuation \\x00\\xff',
    '1 2 stream-end command-response eos ',
    "1 2 0 error-response 0 cbor:{b'type': b'server', b'message': [{b'msg': b'boom'}]}",
    "1 2 0 text-output 0 cbor:[{b'msg': b'hello %s\\n', b'args': [b'world']}]",
    "1 2 0 progress 0 cbor:{b'topic': b'files', b'pos': 3, b'total': 10}",
    "1 1 stream-begin sender-protocol-settings eos cbor:{b'contentencodings': [b'zstd-8mb', b'zlib', b'identity']}",
    "1 2 stream-begin stream-settings eos cbor:b'zstd-8mb'",
    "1 2 stream-begin stream-settings continuation cbor:b'zl'",
    '65535 255 stream-begin|stream-end|encoded 15 15 x',
    '0 0 0 0 0 ',
    '32768 128 7 command-data 3 ',
]

# Large frames: only the header is stored; the payload is a 64-byte pattern
# repeated and cut to the length. The patterns are fixed random bytes recorded
# with the first version of these vectors (any bytes would do; keeping them
# keeps the files stable).
LARGE_FRAMES = [
    (65535, 'fc51582dc1c65f0f2533d98b381b90afeea7171f8b19f17864f43aa4d1cfbdd6'
            'c918869e99401ca8cafd718907d8ef995f60f1e557d01140843edb79ad539680'),
    (65536, 'aace5fdf9d6b09ce7216fe2472301eaa0fc9ed7867f8657fcdab859c8b0ba2a9'
            'b56da5e94cb8c31630d12aa0413dab60a6d6a22f7d0c62931d2e8a6edd383dc6'),
    (70000, 'dd6b900b94d4455f8a52e14a87b372fa81b89b7ba5cace9d7f11877fc72d5b74'
            '3c544fd62fca33656ee5b95738010efef942e5a89a101877e55616c5df47d785'),
]
LARGE_NOTE = 'hex holds the header only; the payload is payloadRepeatHex repeated and cut to payloadLength'


def repeat_to(pattern, length):
    return (pattern * (length // len(pattern) + 1))[:length]


def frames_doc():
    cases = []
    for i, human in enumerate(FRAME_HUMANS):
        data = frame_from_human(human)
        cases.append({
            'id': 'frame-%02d' % i,
            'human': human,
            'hex': data.hex(),
            'header': parse_header(data),
            'payloadHex': data[8:].hex(),
        })
    for length, pattern_hex in LARGE_FRAMES:
        payload = repeat_to(bytes.fromhex(pattern_hex), length)
        data = bytes(wpf.makeframe(5, 3, 0, wpf.FRAME_TYPE_COMMAND_DATA,
                                   wpf.FLAG_COMMAND_DATA_CONTINUATION, payload))
        cases.append({
            'id': 'frame-len-%d' % length,
            'hex': data[:8].hex(),
            'header': parse_header(data),
            'payloadRepeatHex': pattern_hex,
            'payloadLength': length,
            'note': LARGE_NOTE,
        })
    return document('frame-encoding', cases)


# ---------------------------------------------------------------------------
# cbor.json (kind cbor)

CBOR_VALUES = [
    0, 1, 23, 24, 255, 256, 65535, 65536, 4294967295, 4294967296,
    18446744073709551615,
    -1, -24, -25, -256, -257, -65536, -65537, -4294967296, -4294967297,
    -18446744073709551616,
    b'', b'a', b'\x00\xff', b'x' * 23, b'x' * 24, b'y' * 256, b'z' * 65536,
    True, False, None,
    [], [1, 2, 3], [[], [[]]],
    {}, {b'a': 1}, {b'b': 1, b'a': 2, b'aa': 3, b'': 4},
    {b'name': b'command', b'args': {b'key1': b'key1value'}},
    {1, 2, 3}, {b'a', b'b'},
    list(range(30)),
    {b'status': b'ok'},
    [None, True, False, 42, b'foo'],
]

CBOR_INDEFINITE = [
    [b'foo', b'bar'],
    [b'a' * 10, b'', b'b'],
    [b'x' * 70000],
]


def cbor_doc():
    cases = []
    for i, v in enumerate(CBOR_VALUES):
        data = cbor(v)
        decoded = cborutil.decodeall(data)
        assert len(decoded) == 1 and tagged(decoded[0], sort_maps=False) == tagged(v), v
        cases.append({'id': 'cbor-%02d' % i, 'value': tagged(v), 'hex': data.hex()})
    for i, chunks in enumerate(CBOR_INDEFINITE):
        v = IndefiniteBytes(chunks)
        data = cbor(v)
        decoded = cborutil.decodeall(data)
        assert b''.join(decoded) == b''.join(chunks)
        cases.append({'id': 'cbor-indef-%d' % i, 'value': tagged(v), 'hex': data.hex()})
    return document('cbor', cases)


# ---------------------------------------------------------------------------
# command-requests.json (kind command-request)

COMMANDS = [
    # (request id, command, args, data or None, redirect or None)
    (1, b'command', {}, None, None),
    (1, b'mycommand', {b'foo': b'bar'}, None, None),
    (3, b'command', {b'key1': b'key1value', b'key2': b'key2value', b'key3': b'key3value'},
     b'x' * 100, None),
    (1, b'command', {}, b'x' * 32768, None),
    (1, b'command', {}, b'x' * 32769, None),
    (5, b'command', {b'big': b'v' * 70000}, None, None),
    (7, b'heads', {}, b'', None),
    (9, b'command', {}, None, {b'targets': [b'cdn'], b'hashes': [b'sha256']}),
]


def commands_doc():
    cases = []
    for i, (requestid, cmd, args, data, redirect) in enumerate(COMMANDS):
        stream = wpf.stream(1)
        frames = wpf.createcommandframes(
            stream, requestid, cmd, args,
            datafh=io.BytesIO(data) if data is not None else None,
            maxframesize=MAX_FRAME_SIZE,
            redirect=redirect,
        )
        case = {
            'id': 'command-%02d' % i,
            'requestId': requestid,
            'streamId': 1,
            'command': tagged(cmd),
            'args': tagged(args),
            'maxFrameSize': MAX_FRAME_SIZE,
            'frames': [bytes(f).hex() for f in frames],
        }
        if data is not None:
            case['dataHex'] = data.hex()
        if redirect is not None:
            case['redirect'] = tagged(redirect)
        cases.append(case)
    return document('command-request', cases)


# ---------------------------------------------------------------------------
# server-sessions.json (kind server-session)

SESSIONS = [
    ('session-one-frame-command', [
        "1 1 stream-begin command-request new cbor:{b'name': b'mycommand'}"]),
    ('session-arguments', [
        "41 1 stream-begin command-request new cbor:{b'name': b'mycommand', b'args': {b'foo': b'bar', b'biz': b'baz'}}"]),
    ('session-data-frames', [
        "1 1 stream-begin command-request new|have-data cbor:{b'name': b'mycommand'}",
        '1 1 0 command-data continuation data1',
        '1 1 0 command-data continuation data2',
        '1 1 0 command-data eos data3']),
    ('session-new-and-continuation', [
        '1 1 stream-begin command-request new|continuation ']),
    ('session-neither-new-nor-continuation', [
        '1 1 stream-begin command-request 0 ']),
    ('session-data-before-request', [
        '1 1 stream-begin command-data 0 ignored']),
    ('session-data-not-expected', [
        "1 1 stream-begin command-request new|more cbor:{b'name': b'ignored'}",
        '1 1 0 command-data eos ignored']),
    ('session-request-id-in-flight', [
        "1 1 stream-begin command-request new|more cbor:{b'name': b'command'}",
        "1 1 0 command-request new cbor:{b'name': b'command1'}"]),
    ('session-even-stream-from-client', [
        "1 2 stream-begin command-request new cbor:{b'name': b'x'}"]),
    ('session-stream-without-begin', [
        "1 1 0 command-request new cbor:{b'name': b'x'}"]),
    ('session-protocol-settings-then-command', [
        "1 1 stream-begin sender-protocol-settings eos cbor:{b'contentencodings': [b'zlib']}",
        "1 1 0 command-request new cbor:{b'name': b'x'}"]),
    ('session-protocol-settings-split', [
        '1 1 stream-begin sender-protocol-settings continuation \\xa1\\x50contentencod',
        '1 1 0 sender-protocol-settings eos ings\\x81\\x48identity',
        "3 1 0 command-request new cbor:{b'name': b'x'}"]),
    ('session-protocol-settings-both-flags', [
        '1 1 stream-begin sender-protocol-settings continuation|eos cbor:{}']),
    ('session-protocol-settings-no-flags', [
        '1 1 stream-begin sender-protocol-settings 0 cbor:{}']),
    ('session-protocol-settings-empty', [
        '1 1 stream-begin sender-protocol-settings eos ']),
    ('session-protocol-settings-two-values', [
        '1 1 stream-begin sender-protocol-settings eos \\xa0\\xa0']),
    ('session-protocol-settings-after-command', [
        "1 1 stream-begin command-request new cbor:{b'name': b'x'}",
        '1 1 0 sender-protocol-settings eos cbor:{}']),
    ('session-unexpected-type-in-idle', [
        "1 1 stream-begin command-request new cbor:{b'name': b'x'}",
        '3 1 0 progress 0 cbor:{}']),
    ('session-command-data-without-flags', [
        "1 1 stream-begin command-request new|have-data cbor:{b'name': b'x'}",
        '1 1 0 command-data 0 x']),
    ('session-continuation-for-unknown-request', [
        "1 1 stream-begin command-request new|more cbor:{b'name': b'x'}",
        '3 1 0 command-request continuation \\x00']),
    ('session-continuation-after-done', [
        "1 1 stream-begin command-request new|have-data cbor:{b'name': b'x'}",
        '1 1 0 command-request continuation \\x00']),
    ('session-have-data-mismatch', [
        '1 1 stream-begin command-request new|more|have-data \\xa1\\x44name',
        '1 1 0 command-request continuation \\x41x']),
    ('session-missing-name', [
        "1 1 stream-begin command-request new cbor:{b'args': {}}"]),
    ('session-stream-end-then-reopen', [
        "1 1 stream-begin|stream-end command-request new cbor:{b'name': b'a'}",
        "3 1 stream-begin command-request new cbor:{b'name': b'b'}"]),
    ('session-two-streams', [
        "1 1 stream-begin command-request new cbor:{b'name': b'a'}",
        "3 3 stream-begin command-request new cbor:{b'name': b'b'}"]),
]


def reaction(action, meta):
    if action == b'runcommand':
        r = {
            'action': 'runcommand',
            'requestId': meta[b'requestid'],
            'command': tagged(meta[b'command'], sort_maps=False),
            'args': tagged(meta[b'args'], sort_maps=False),
        }
        if meta[b'data'] is not None:
            r['dataHex'] = bytes(meta[b'data']).hex()
        if meta[b'redirect'] is not None:
            r['redirect'] = tagged(meta[b'redirect'], sort_maps=False)
        return r
    if action == b'wantframe':
        return {'action': 'wantframe'}
    if action == b'error':
        return {'action': 'error', 'message': meta[b'message'].decode('utf-8')}
    raise AssertionError('unexpected server action %r' % action)


def sessions_doc():
    cases = []
    for case_id, humans in SESSIONS:
        reactor = wpf.serverreactor(new_ui())
        inputs = [frame_from_human(h) for h in humans]
        expect = []
        for data in inputs:
            action, meta = reactor.onframerecv(to_frame(data))
            expect.append(reaction(action, meta))
        cases.append({
            'id': case_id,
            'humans': humans,
            'input': [d.hex() for d in inputs],
            'expect': expect,
        })
    return document('server-session', cases, note=(
        "expect lists the oracle's reaction to each input frame: runcommand, wantframe or "
        "error. Error messages are the oracle's words, informational only."))


# ---------------------------------------------------------------------------
# response-streams.json (kind response-stream)


def _revision_map(i):
    return {
        b'node': b'\x01' * 20,
        b'parents': [b'\x02' * 20, b'\x00' * 20],
        b'revision': b'line %d\n' % i * 40,
    }


SCENARIOS = [
    # (name, the objects each command yields, one list per command)
    ('small', [[b'response1'], [b'response2'], [b'response3']]),
    ('maps', [[_revision_map(i)] for i in range(5)]),
    ('multi', [[b'a', {b'x': 1}, [1, 2, 3]], [], [b'y' * 70000], [None]]),
    # A deep pipeline (SPEC.md CMD-11): 200 requests flushed at once, their responses one after
    # another on one stream and one compression context; far past the 16 requests in flight a
    # client once allowed itself, and the 40 of a Mercurial batch that issue 14 began with.
    ('many', [[{b'n': i}] for i in range(200)]),
]

ENCODINGS = [b'identity', b'zlib', b'zstd-8mb']


def response_case(encoding, name, responses):
    ui = new_ui()
    client = wpf.clientreactor(ui, hasmultiplesend=False, buffersends=True,
                               clientcontentencoders=[encoding])
    requests = []
    for i in range(len(responses)):
        request, _action, _meta = client.callcommand(b'cmd%d' % i, {})
        requests.append(request)
    action, meta = client.flushcommands()
    assert action == b'sendframes'
    inputs = [bytes(f) for f in meta[b'framegen']]

    server = wpf.serverreactor(ui)
    commands = []
    for data in inputs:
        action, meta = server.onframerecv(to_frame(data))
        if action == b'runcommand':
            commands.append(meta[b'requestid'])
        else:
            assert action == b'wantframe', (action, meta)
    assert commands == [r.requestid for r in requests]

    outstream = server.makeoutputstream()
    frames = []
    for requestid, objs in zip(commands, responses):
        action, meta = server.oncommandresponsereadyobjects(outstream, requestid, list(objs))
        assert action == b'sendframes'
        frames.extend(bytes(f) for f in meta[b'framegen'])

    decoders = {r.requestid: cborutil.bufferingdecoder() for r in requests}
    for data in frames:
        action, meta = client.onframerecv(to_frame(data))
        if action == b'responsedata':
            decoders[meta[b'request'].requestid].decode(meta[b'data'])
        else:
            assert action == b'noop', (action, meta)

    expect = []
    for r in requests:
        values = decoders[r.requestid].getavailable()
        status = values[0][b'status'].decode('ascii') if values else None
        expect.append({
            'requestId': r.requestid,
            'status': status,
            'objects': [tagged(v, sort_maps=False) for v in values[1:]],
        })
    return {
        'id': 'response-%s-%s' % (encoding.decode('ascii'), name),
        'encoding': encoding.decode('ascii'),
        'input': [d.hex() for d in inputs],
        'frames': [d.hex() for d in frames],
        'expect': expect,
    }


def responses_doc():
    cases = []
    for encoding in ENCODINGS:
        for name, responses in SCENARIOS:
            cases.append(response_case(encoding, name, responses))
    return document('response-stream', cases, note=(
        'frames are what a server sent on one output stream for several requests in a row; '
        'an encoded stream keeps one compression context across all of them. A response '
        'with no objects emits no frames at all in the oracle.'))


# ---------------------------------------------------------------------------


FILES = [
    ('cbor.json', cbor_doc),
    ('frames.json', frames_doc),
    ('command-requests.json', commands_doc),
    ('server-sessions.json', sessions_doc),
    ('response-streams.json', responses_doc),
]


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = argv[1] if len(argv) > 1 else os.path.join(here, 'mercurial')
    os.makedirs(outdir, exist_ok=True)
    wpf.populatestreamencoders()
    if b'zstd-8mb' not in wpf.STREAM_ENCODERS:
        sys.exit('mercurial.zstd is missing: zstd-8mb vectors cannot be generated')
    for name, build in FILES:
        path = os.path.join(outdir, name)
        with open(path, 'w', encoding='utf-8') as fh:
            json.dump(build(), fh, indent=1)
            fh.write('\n')
        print(path)


if __name__ == '__main__':
    main(sys.argv)
