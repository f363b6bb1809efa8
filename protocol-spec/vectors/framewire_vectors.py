#!/usr/bin/python3
"""Writes the framewire vectors in ``framewire/`` and checks them against SPEC.md.

These vectors cover what the Mercurial oracle (generate.py) cannot produce:
frames of 65536 bytes and more, malformed frame streams, and malformed or
limit-breaking CBOR. Every case and its expected outcome is written by hand
below, from SPEC.md; the script then runs each case through a small model of
the rules (a frame decoder per SPEC.md §2.5 and a CBOR decoder per §5) and
refuses to write anything if a hand-written expectation disagrees with the
model. Frame encodings are also cross-checked with Mercurial's ``makeframe``.

Usage: /usr/bin/python3 framewire_vectors.py [OUTPUT_DIR]
(default: framewire/ next to this script). Writes frames-large.json,
frames-malformed.json and cbor-malformed.json. See README.md for the schemas.
"""

import json
import os
import struct
import sys

SCHEMA = 'framewire-vectors/1'
SOURCE = 'framewire (hand-written from SPEC.md)'

# ---------------------------------------------------------------------------
# Frame model (SPEC.md §2)

STREAM_FLAGS = {'stream-begin': 0x01, 'stream-end': 0x02, 'encoded': 0x04}
TYPES = {
    'command-request': (0x1, {'new': 0x1, 'continuation': 0x2, 'more': 0x4, 'have-data': 0x8}),
    'command-data': (0x2, {'continuation': 0x1, 'eos': 0x2}),
    'command-response': (0x3, {'continuation': 0x1, 'eos': 0x2}),
    'error-response': (0x5, {}),
    'text-output': (0x6, {}),
    'progress': (0x7, {}),
    'sender-protocol-settings': (0x8, {'continuation': 0x1, 'eos': 0x2}),
    'stream-settings': (0x9, {'continuation': 0x1, 'eos': 0x2}),
}
DEFINED_FLAGS = {code: sum(flags.values()) for code, flags in TYPES.values()}
DEFAULT_MAX_FRAME_SIZE = 65535


def header_bytes(length, request_id, stream_id, stream_flags, type_code, flags):
    return bytes([
        length & 0xFF, (length >> 8) & 0xFF, (length >> 16) & 0xFF,
        request_id & 0xFF, request_id >> 8,
        stream_id, stream_flags, type_code << 4 | flags,
    ])


def parse_header(data):
    """The fields of the 8 header bytes (SPEC.md §2.1); generate.py takes its header fields from here."""
    return {
        'length': data[0] | data[1] << 8 | data[2] << 16,
        'requestId': data[3] | data[4] << 8,
        'streamId': data[5],
        'streamFlags': data[6],
        'type': data[7] >> 4,
        'flags': data[7] & 0x0F,
    }


def unescape(s):
    return s.encode('latin-1').decode('unicode_escape').encode('latin-1')


def frame_from_notation(human):
    """SPEC.md §1.4 notation, without the ``cbor:`` form (unused here)."""
    request_id, stream_id, sflags, ftype, fflags, payload = human.split(' ', 5)
    stream_flags = 0
    for f in sflags.split('|'):
        stream_flags |= STREAM_FLAGS[f] if f in STREAM_FLAGS else int(f)
    type_code, names = TYPES[ftype] if ftype in TYPES else (int(ftype), {})
    flags = 0
    for f in fflags.split('|'):
        flags |= names[f] if f in names else int(f)
    payload = unescape(payload)
    return header_bytes(len(payload), int(request_id), int(stream_id), stream_flags,
                        type_code, flags) + payload


class Violation(Exception):
    def __init__(self, requirement):
        super().__init__(requirement)
        self.requirement = requirement


def decode_frames(data, max_frame_size=DEFAULT_MAX_FRAME_SIZE):
    """SPEC.md §2.5: header checks in the FRAME-10 order, then truncation."""
    frames = []
    pos = 0
    while pos < len(data):
        if len(data) - pos < 8:
            return frames, 'FRAME-6'
        h = parse_header(data[pos:pos + 8])
        if h['length'] > max_frame_size:
            return frames, 'FRAME-2'
        if h['type'] not in DEFINED_FLAGS:
            return frames, 'FRAME-3'
        if h['streamFlags'] & ~0x07:
            return frames, 'FRAME-5'
        if h['flags'] & ~DEFINED_FLAGS[h['type']]:
            return frames, 'FRAME-4'
        end = pos + 8 + h['length']
        if end > len(data):
            return frames, 'FRAME-6'
        frames.append(data[pos:end])
        pos = end
    return frames, None


# ---------------------------------------------------------------------------
# CBOR model (SPEC.md §5)

DEFAULT_LIMITS = {'maxDepth': 64, 'maxItems': 1 << 20, 'maxLength': 1 << 24}


class Decoder:
    """Decodes one complete CBOR unit under the limits of SPEC.md §5.4."""

    def __init__(self, data, limits):
        self.data = data
        self.pos = 0
        self.limits = dict(DEFAULT_LIMITS, **limits)
        self.items = 0

    def remaining(self):
        return len(self.data) - self.pos

    def byte(self):
        if self.pos >= len(self.data):
            raise Violation('CBOR-1')  # the unit ends inside an item
        b = self.data[self.pos]
        self.pos += 1
        return b

    def count_item(self, extra=1):
        self.items += extra
        if self.items > self.limits['maxItems']:
            raise Violation('CBOR-2')

    def argument(self, ai):
        if ai < 24:
            return ai
        if ai > 27:
            raise Violation('CBOR-1')
        n = 1 << (ai - 24)
        if self.remaining() < n:
            raise Violation('CBOR-1')
        v = int.from_bytes(self.data[self.pos:self.pos + n], 'big')
        self.pos += n
        return v

    def check_length(self, n):
        if n > self.limits['maxLength'] or n > self.remaining():
            raise Violation('CBOR-2')

    def unit(self):
        values = []
        while self.pos < len(self.data):
            self.items = 0
            values.append(self.item(1))
        return values

    def item(self, depth, allow_break=False):
        ib = self.byte()
        if ib == 0xFF:
            if allow_break:
                return BREAK
            raise Violation('CBOR-1')
        if depth > self.limits['maxDepth']:
            raise Violation('CBOR-2')
        self.count_item()
        major, ai = ib >> 5, ib & 31
        if 28 <= ai <= 30:
            raise Violation('CBOR-1')
        if ai == 31 and major in (0, 1, 6, 7):
            raise Violation('CBOR-1')
        if major == 0:
            return {'int': self.argument(ai)}
        if major == 1:
            return {'int': -1 - self.argument(ai)}
        if major in (2, 3):
            if ai == 31:
                chunks = []
                while True:
                    chunk = self.item(depth + 1, allow_break=True)
                    if chunk is BREAK:
                        break
                    if chunk.get('_chunk') != major:
                        raise Violation('CBOR-1')
                    chunks.append(chunk['raw'])
                if major == 2:
                    return {'bytesIndef': [c.hex() for c in chunks]}
                return {'text': ''.join(c.decode('utf-8') for c in chunks)}
            n = self.argument(ai)
            self.check_length(n)
            raw = self.data[self.pos:self.pos + n]
            self.pos += n
            if major == 3:
                try:
                    raw.decode('utf-8')
                except UnicodeDecodeError:
                    raise Violation('CBOR-1')
            value = {'bytes': raw.hex()} if major == 2 else {'text': raw.decode('utf-8')}
            value['_chunk'] = major
            value['raw'] = raw
            return value
        if major == 4:
            if ai == 31:
                out = []
                while True:
                    v = self.item(depth + 1, allow_break=True)
                    if v is BREAK:
                        return {'array': out}
                    out.append(v)
            n = self.argument(ai)
            if self.items + n > self.limits['maxItems'] or n > self.remaining():
                raise Violation('CBOR-2')
            return {'array': [self.item(depth + 1) for _ in range(n)]}
        if major == 5:
            entries = []
            if ai == 31:
                while True:
                    k = self.item(depth + 1, allow_break=True)
                    if k is BREAK:
                        break
                    entries.append([k, self.item(depth + 1)])
            else:
                n = self.argument(ai)
                if self.items + 2 * n > self.limits['maxItems'] or 2 * n > self.remaining():
                    raise Violation('CBOR-2')
                entries = [[self.item(depth + 1), self.item(depth + 1)] for _ in range(n)]
            keys = [canonical(k) for k, _ in entries]
            if len(set(keys)) != len(keys):
                raise Violation('CBOR-5')
            return {'map': entries}
        if major == 6:
            tag = self.argument(ai)
            content = self.item(depth + 1)
            if tag == 258:
                if 'array' not in content:
                    raise Violation('CBOR-1')
                items = [canonical(v) for v in content['array']]
                if len(set(items)) != len(items):
                    raise Violation('CBOR-5')
                return {'set': content['array']}
            return {'tag': [tag, content]}
        # major 7
        if ai == 20:
            return {'bool': False}
        if ai == 21:
            return {'bool': True}
        if ai == 22:
            return {'null': True}
        if ai == 23:
            return {'undefined': True}
        if ai in (25, 26, 27):
            n = 1 << (ai - 24)
            if self.remaining() < n:
                raise Violation('CBOR-1')
            raw = self.data[self.pos:self.pos + n]
            self.pos += n
            fmt = {2: '>e', 4: '>f', 8: '>d'}[n]
            return {'float': struct.unpack(fmt, raw)[0]}
        raise Violation('CBOR-1')  # simple values 0-19 and the two-byte form


BREAK = object()


def clean(v):
    """Drops the decoder's private fields from a tagged value."""
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items() if k not in ('_chunk', 'raw')}
    if isinstance(v, list):
        return [clean(x) for x in v]
    return v


def canonical(v):
    v = clean(v)
    if 'int' in v:  # non-preferred and preferred encodings are the same key
        return json.dumps({'int': v['int']})
    return json.dumps(v, sort_keys=True)


def decode_cbor(data, limits):
    try:
        return clean(Decoder(data, limits).unit()), None
    except Violation as e:
        return None, e.requirement


# ---------------------------------------------------------------------------
# frames-large.json (frame-encoding)

PATTERN = bytes(range(256)).hex()
LARGE_NOTE = 'hex holds the header only; the payload is payloadRepeatHex repeated and cut to payloadLength'

LARGE = [
    ('fw-frame-len-65535', 65535),
    ('fw-frame-len-65536', 65536),
    ('fw-frame-len-131072', 131072),
    ('fw-frame-len-16777215', 16777215),
]

SMALL = [
    ('fw-frame-max-ids-all-flags',
     '65535 255 stream-begin|stream-end|encoded command-request new|continuation|more|have-data x'),
    ('fw-frame-little-endian-fields', '4661 3 0 command-data eos ' + 'y' * 258),
    ('fw-frame-command-data-all-flags', '1 1 0 command-data continuation|eos '),
    ('fw-frame-command-response-all-flags', '1 2 0 command-response continuation|eos '),
    ('fw-frame-error-response-empty', '1 2 0 error-response 0 '),
    ('fw-frame-text-output-empty', '1 2 0 text-output 0 '),
    ('fw-frame-progress-empty', '1 2 0 progress 0 '),
    ('fw-frame-sender-settings-all-flags', '1 1 0 sender-protocol-settings continuation|eos '),
    ('fw-frame-stream-settings-all-flags', '1 2 0 stream-settings continuation|eos '),
]


def frames_large():
    from mercurial import wireprotoframing as wpf  # cross-check only
    cases = []
    for case_id, length in LARGE:
        hdr = header_bytes(length, 1, 1, 0x01, 0x2, 0x1)
        payload = (bytes.fromhex(PATTERN) * (length // 256 + 1))[:length]
        assert bytes(wpf.makeframe(1, 1, 0x01, 0x2, 0x1, payload))[:8] == hdr
        assert parse_header(hdr)['length'] == length
        cases.append({
            'id': case_id,
            'description': 'command-data frame whose payload is %d bytes long' % length,
            'hex': hdr.hex(),
            'header': parse_header(hdr),
            'payloadRepeatHex': PATTERN,
            'payloadLength': length,
            'note': LARGE_NOTE,
        })
    for case_id, human in SMALL:
        data = frame_from_notation(human)
        assert bytes(wpf.makeframefromhumanstring(human.encode('latin-1'))) == data, human
        frames, err = decode_frames(data)
        assert frames == [data] and err is None, human
        cases.append({
            'id': case_id,
            'human': human,
            'hex': data.hex(),
            'header': parse_header(data),
            'payloadHex': data[8:].hex(),
        })
    return cases


# ---------------------------------------------------------------------------
# frames-malformed.json (frame-decoding)

OK_EOS = '0000000100020032'
OK_STATUS = '0b00000100020431a146737461747573426f6b'
OK_SETTINGS = '0900000100020192486964656e74697479'


def h(length, request_id, stream_id, stream_flags, type_code, flags):
    return header_bytes(length, request_id, stream_id, stream_flags, type_code, flags).hex()


def frames_expect(*frames):
    return {'frames': list(frames)}


def error_expect(requirement, *frames):
    e = {'error': requirement}
    if frames:
        e['frames'] = list(frames)
    return e


FRAME_CASES = [
    # (id, description, requirement, maxFrameSize or None, hex, expect)
    ('empty-input', 'no bytes at all: a clean end of input, no frames', 'FRAME-6', None,
     '', frames_expect()),
    ('zero-length-payload', 'a command-response eos frame with an empty payload', 'FRAME-1', None,
     OK_EOS, frames_expect(OK_EOS)),
    ('two-frames', 'two frames back to back in one buffer', 'FRAME-1', None,
     OK_STATUS + OK_EOS, frames_expect(OK_STATUS, OK_EOS)),
    ('three-frames', 'stream settings, status map and eos back to back', 'FRAME-1', None,
     OK_SETTINGS + OK_STATUS + OK_EOS, frames_expect(OK_SETTINGS, OK_STATUS, OK_EOS)),
    ('payload-at-max', 'a 16-byte payload with a maximum frame size of 16', 'FRAME-2', 16,
     h(16, 1, 1, 1, 2, 2) + '61' * 16, frames_expect(h(16, 1, 1, 1, 2, 2) + '61' * 16)),
    ('ids-not-judged', 'request id 0 and stream id 0 are judged by the session (FRAME-7, STREAM-1), '
     'not by the frame decoder', 'FRAME-1', None,
     h(0, 0, 0, 0, 3, 2), frames_expect(h(0, 0, 0, 0, 3, 2))),
    ('flag-combinations-not-judged', 'new|continuation|more|have-data with every stream flag: all bits '
     'are defined, their combination is the session\'s business (CMD-2)', 'FRAME-4', None,
     h(0, 1, 1, 7, 1, 15), frames_expect(h(0, 1, 1, 7, 1, 15))),

    ('length-65536-default-max', 'a header declaring 65536 bytes, no payload: rejected from the header '
     'alone with the default maximum of 65535', 'FRAME-2', None,
     h(65536, 1, 1, 1, 2, 1), error_expect('FRAME-2')),
    ('length-max-plus-one', 'a 17-byte payload with a maximum frame size of 16', 'FRAME-2', 16,
     h(17, 1, 1, 1, 2, 2) + '61' * 17, error_expect('FRAME-2')),
    ('length-2-24-minus-1', 'a header declaring 2^24-1 bytes with a maximum of 65535', 'FRAME-2', 65535,
     h(16777215, 1, 1, 1, 2, 1), error_expect('FRAME-2')),
    ('length-over-max-after-valid-frame', 'a valid frame, then a header declaring 65536 bytes',
     'FRAME-2', None,
     OK_STATUS + h(65536, 1, 2, 0, 3, 1), error_expect('FRAME-2', OK_STATUS)),
    ('large-length-allowed-then-truncated', 'a maximum of 2^24-1 admits the header; the input then ends '
     'inside the payload', 'FRAME-6', 16777215,
     h(16777215, 1, 1, 1, 2, 1) + '00' * 10, error_expect('FRAME-6')),
]

for code in (0, 4, 10, 11, 12, 13, 14, 15):
    FRAME_CASES.append((
        'reserved-type-%d' % code, 'type code %d is reserved' % code, 'FRAME-3', None,
        h(0, 1, 1, 1, code, 0), error_expect('FRAME-3')))

for name, code, flags in [
        ('error-response', 5, 0x1), ('error-response', 5, 0x8), ('text-output', 6, 0x2),
        ('progress', 7, 0x4), ('command-data', 2, 0x4), ('command-data', 2, 0x8),
        ('command-response', 3, 0x4), ('command-response', 3, 0xC),
        ('sender-protocol-settings', 8, 0x4), ('stream-settings', 9, 0x8)]:
    FRAME_CASES.append((
        'undefined-flags-%s-0x%x' % (name, flags),
        '%s frame with flags 0x%x, not defined for that type' % (name, flags), 'FRAME-4', None,
        h(0, 1, 2, 0, code, flags), error_expect('FRAME-4')))

for bit in (0x08, 0x10, 0x20, 0x40, 0x80, 0xF8):
    FRAME_CASES.append((
        'undefined-stream-flags-0x%02x' % bit, 'stream flags 0x%02x include undefined bits' % bit,
        'FRAME-5', None, h(0, 1, 1, bit | 0x01, 2, 2), error_expect('FRAME-5')))

FRAME_CASES += [
    ('truncated-header-3', 'the input ends after 3 header bytes', 'FRAME-6', None,
     '010000', error_expect('FRAME-6')),
    ('truncated-header-7', 'the input ends after 7 header bytes', 'FRAME-6', None,
     '01000001000101', error_expect('FRAME-6')),
    ('truncated-payload', 'the header declares 5 payload bytes, 2 arrive', 'FRAME-6', None,
     h(5, 1, 1, 0, 2, 1) + '6461', error_expect('FRAME-6')),
    ('valid-then-truncated-header', 'a valid frame, then 3 bytes of a header', 'FRAME-6', None,
     OK_EOS + '0b0000', error_expect('FRAME-6', OK_EOS)),
    ('valid-then-reserved-type', 'a valid frame, then a frame of reserved type 4', 'FRAME-3', None,
     OK_EOS + h(0, 1, 2, 0, 4, 0), error_expect('FRAME-3', OK_EOS)),

    ('order-length-before-type', 'length over the maximum and reserved type 0: FRAME-2 first',
     'FRAME-10', None, h(65536, 1, 1, 1, 0, 0), error_expect('FRAME-2')),
    ('order-length-before-everything', 'length 2^24-1, stream flags 0xff, type 4, flags 0xf: '
     'FRAME-2 first', 'FRAME-10', None, h(16777215, 1, 1, 0xFF, 4, 0xF), error_expect('FRAME-2')),
    ('order-type-before-stream-flags', 'reserved type 15 and stream flag 0x80: FRAME-3 first',
     'FRAME-10', None, h(0, 1, 1, 0x81, 15, 0), error_expect('FRAME-3')),
    ('order-type-before-flags', 'reserved type 4 with flags 0xf: FRAME-3 first', 'FRAME-10', None,
     h(0, 1, 1, 1, 4, 0xF), error_expect('FRAME-3')),
    ('order-stream-flags-before-flags', 'error-response with flags 0x1 and stream flag 0x08: FRAME-5 '
     'first', 'FRAME-10', None, h(0, 1, 2, 0x08, 5, 0x1), error_expect('FRAME-5')),
]


def frames_malformed():
    cases = []
    for case_id, description, requirement, max_size, hexdata, expect in FRAME_CASES:
        frames, err = decode_frames(bytes.fromhex(hexdata),
                                    max_size if max_size is not None else DEFAULT_MAX_FRAME_SIZE)
        got = {'frames': [f.hex() for f in frames]}
        if err:
            got = {'error': err}
            if frames:
                got['frames'] = [f.hex() for f in frames]
        assert got == expect, (case_id, got, expect)
        case = {'id': 'fw-frames-' + case_id, 'description': description, 'requirement': requirement}
        if max_size is not None:
            case['maxFrameSize'] = max_size
        case['hex'] = hexdata
        case['expect'] = expect
        cases.append(case)
    return cases


# ---------------------------------------------------------------------------
# cbor-malformed.json (cbor-decoding)


def ints(*values):
    return [{'int': v} for v in values]


def nested_arrays(depth):
    v = {'array': []}
    for _ in range(depth - 1):
        v = {'array': [v]}
    return v


CBOR_CASES = [
    # (id, description, requirement, limits or None, hex, expect)
    ('valid-empty-unit', 'no bytes: a unit of zero items', 'CBOR-1', None, '', {'values': []}),
    ('valid-sequence', 'three integers in a row', 'CBOR-1', None, '010203', {'values': ints(1, 2, 3)}),
    ('valid-non-preferred-int', '1 written with a one-byte argument', 'CBOR-1', None, '1801',
     {'values': ints(1)}),
    ('valid-non-preferred-length', 'a 1-byte string with a two-byte length', 'CBOR-1', None, '59000161',
     {'values': [{'bytes': '61'}]}),
    ('valid-length-equals-remaining', 'a declared length that uses exactly the bytes left', 'CBOR-2',
     None, '43616263', {'values': [{'bytes': '616263'}]}),
    ('valid-indefinite-array', 'indefinite-length array', 'CBOR-1', None, '9f0102ff',
     {'values': [{'array': ints(1, 2)}]}),
    ('valid-indefinite-map', 'indefinite-length map', 'CBOR-1', None, 'bf416101ff',
     {'values': [{'map': [[{'bytes': '61'}, {'int': 1}]]}]}),
    ('valid-indefinite-text', 'indefinite-length text string of two chunks', 'CBOR-1', None,
     '7f62616261 63ff'.replace(' ', ''), {'values': [{'text': 'abc'}]}),
    ('valid-indefinite-bytes', 'indefinite-length byte string of two chunks', 'CBOR-1', None,
     '5f41614162ff', {'values': [{'bytesIndef': ['61', '62']}]}),
    ('valid-indefinite-bytes-empty', 'indefinite-length byte string with no chunk', 'CBOR-1', None,
     '5fff', {'values': [{'bytesIndef': []}]}),
    ('valid-indefinite-bytes-in-array', 'an indefinite byte string inside an array (Mercurial rejects '
     'this; SPEC.md §5.1 accepts it)', 'CBOR-1', None, '815f4161ff',
     {'values': [{'array': [{'bytesIndef': ['61']}]}]}),
    ('valid-text', 'UTF-8 text with a two-byte character', 'CBOR-1', None, '6368c3a9',
     {'values': [{'text': 'h\u00e9'}]}),
    ('valid-text-key', 'a text string as map key', 'CBOR-1', None, 'a1616101',
     {'values': [{'map': [[{'text': 'a'}, {'int': 1}]]}]}),
    ('valid-bytes-and-text-keys', 'byte string a and text string a are different keys', 'CBOR-5', None,
     'a2416101616102', {'values': [{'map': [[{'bytes': '61'}, {'int': 1}], [{'text': 'a'}, {'int': 2}]]}]}),
    ('valid-floats', '1.5 in half, single and double precision', 'CBOR-1', None,
     'f93e00fa3fc00000fb3ff8000000000000',
     {'values': [{'float': 1.5}, {'float': 1.5}, {'float': 1.5}]}),
    ('valid-simple-values', 'false, true, null, undefined', 'CBOR-1', None, 'f4f5f6f7',
     {'values': [{'bool': False}, {'bool': True}, {'null': True}, {'undefined': True}]}),
    ('valid-tag', 'tag 1 over an integer is kept as a tagged item', 'CBOR-1', None, 'c11a514b67b0',
     {'values': [{'tag': [1, {'int': 1363896240}]}]}),
    ('valid-set', 'tag 258 over an array is a set', 'CBOR-1', None, 'd90102820102',
     {'values': [{'set': ints(1, 2)}]}),
    ('valid-depth-64', '64 nested arrays: exactly the default maximum depth', 'CBOR-2', None,
     '81' * 63 + '80', {'values': [nested_arrays(64)]}),
    ('valid-items-at-limit', 'an array and 3 integers: 4 items with a maximum of 4', 'CBOR-2',
     {'maxItems': 4}, '83010203', {'values': [{'array': ints(1, 2, 3)}]}),
    ('valid-items-restart-per-top-level-item', 'two 3-item arrays with a maximum of 3: the count '
     'restarts for each top-level item', 'CBOR-2', {'maxItems': 3}, '820102820102',
     {'values': [{'array': ints(1, 2)}, {'array': ints(1, 2)}]}),
    ('valid-length-at-max', 'a 4-byte string with a maximum string length of 4', 'CBOR-2',
     {'maxLength': 4}, '4401020304', {'values': [{'bytes': '01020304'}]}),

    ('truncated-head-2', 'a two-byte argument with one byte present', 'CBOR-1', None, '1901',
     {'error': 'CBOR-1'}),
    ('truncated-head-8', 'an eight-byte argument with three bytes present', 'CBOR-1', None, '1b000000',
     {'error': 'CBOR-1'}),
    ('truncated-in-array', 'the second item of an array stops inside its head', 'CBOR-1', None,
     '82011901', {'error': 'CBOR-1'}),
    ('truncated-indefinite-bytes', 'an indefinite byte string without its break', 'CBOR-1', None,
     '5f4161', {'error': 'CBOR-1'}),
    ('truncated-indefinite-array', 'an indefinite array without its break', 'CBOR-1', None, '9f0102',
     {'error': 'CBOR-1'}),
    ('truncated-tag', 'a tag with no content', 'CBOR-1', None, 'c1', {'error': 'CBOR-1'}),
    ('truncated-float', 'a double with four bytes present', 'CBOR-1', None, 'fb3ff80000',
     {'error': 'CBOR-1'}),
]

for ib in ('1c', '3d', '5e', '7c', '9d', 'be', 'dc', 'fc', 'fd', 'fe'):
    major, ai = int(ib, 16) >> 5, int(ib, 16) & 31
    CBOR_CASES.append((
        'reserved-additional-info-%s' % ib,
        'initial byte 0x%s: major type %d with reserved additional information %d' % (ib, major, ai),
        'CBOR-1', None, ib, {'error': 'CBOR-1'}))

CBOR_CASES += [
    ('indefinite-uint', 'additional information 31 on an unsigned integer', 'CBOR-1', None, '1f',
     {'error': 'CBOR-1'}),
    ('indefinite-negint', 'additional information 31 on a negative integer', 'CBOR-1', None, '3f',
     {'error': 'CBOR-1'}),
    ('indefinite-tag', 'additional information 31 on a tag', 'CBOR-1', None, 'df01',
     {'error': 'CBOR-1'}),
    ('break-top-level', 'a break with no indefinite item open', 'CBOR-1', None, 'ff',
     {'error': 'CBOR-1'}),
    ('break-in-definite-array', 'a break as the item of a definite array', 'CBOR-1', None, '81ff',
     {'error': 'CBOR-1'}),
    ('break-as-map-value', 'an indefinite map whose break comes where a value is due', 'CBOR-1', None,
     'bf01ff', {'error': 'CBOR-1'}),
    ('break-as-tag-content', 'a break as the content of a tag', 'CBOR-1', None, 'c1ff',
     {'error': 'CBOR-1'}),
    ('indefinite-bytes-text-chunk', 'a text chunk inside an indefinite byte string', 'CBOR-1', None,
     '5f6161ff', {'error': 'CBOR-1'}),
    ('indefinite-bytes-nested', 'an indefinite chunk inside an indefinite byte string', 'CBOR-1', None,
     '5f5fffff', {'error': 'CBOR-1'}),
    ('indefinite-bytes-int-chunk', 'an integer inside an indefinite byte string', 'CBOR-1', None,
     '5f01ff', {'error': 'CBOR-1'}),
    ('indefinite-text-bytes-chunk', 'a byte-string chunk inside an indefinite text string', 'CBOR-1',
     None, '7f4161ff', {'error': 'CBOR-1'}),
    ('invalid-utf8', 'a text string that is not UTF-8', 'CBOR-1', None, '62c328', {'error': 'CBOR-1'}),
    ('invalid-utf8-split-chunks', 'a two-byte character split across two text chunks', 'CBOR-1', None,
     '7f61c361a9ff', {'error': 'CBOR-1'}),
    ('simple-two-byte-low', 'simple value 16 in the two-byte form (not well-formed)', 'CBOR-1', None,
     'f810', {'error': 'CBOR-1'}),
    ('simple-two-byte-high', 'simple value 255 (unassigned, outside the data model)', 'CBOR-1', None,
     'f8ff', {'error': 'CBOR-1'}),
    ('simple-0', 'simple value 0 (outside the data model)', 'CBOR-1', None, 'e0', {'error': 'CBOR-1'}),
    ('simple-19', 'simple value 19 (outside the data model)', 'CBOR-1', None, 'f3', {'error': 'CBOR-1'}),
    ('set-over-map', 'tag 258 over a map', 'CBOR-1', None, 'd90102a0', {'error': 'CBOR-1'}),
    ('set-over-int', 'tag 258 over an integer', 'CBOR-1', None, 'd9010201', {'error': 'CBOR-1'}),

    ('declared-bytes-2-40', 'a byte string declaring 2^40 bytes', 'CBOR-2', None, '5b0000010000000000',
     {'error': 'CBOR-2'}),
    ('declared-text-2-40', 'a text string declaring 2^40 bytes', 'CBOR-2', None, '7b0000010000000000',
     {'error': 'CBOR-2'}),
    ('declared-array-2-40', 'an array declaring 2^40 items', 'CBOR-2', None, '9b0000010000000000',
     {'error': 'CBOR-2'}),
    ('declared-map-2-32', 'a map declaring 2^32-1 entries', 'CBOR-2', None, 'baffffffff',
     {'error': 'CBOR-2'}),
    ('declared-chunk-2-40', 'an indefinite byte string whose chunk declares 2^40 bytes', 'CBOR-2', None,
     '5f5b0000010000000000ff', {'error': 'CBOR-2'}),
    ('declared-bytes-over-remaining', 'a byte string declaring 3 bytes with 2 left in the unit',
     'CBOR-2', None, '436162', {'error': 'CBOR-2'}),
    ('declared-array-over-remaining', 'an array declaring 5 items with 2 bytes left', 'CBOR-2', None,
     '850102', {'error': 'CBOR-2'}),
    ('declared-map-over-remaining', 'a map declaring 2 entries (at least 4 bytes) with 2 bytes left',
     'CBOR-2', None, 'a20102', {'error': 'CBOR-2'}),
    ('declared-bytes-over-max', 'a 5-byte string with a maximum string length of 4', 'CBOR-2',
     {'maxLength': 4}, '450102030405', {'error': 'CBOR-2'}),
    ('depth-65', '65 nested arrays, one more than the default maximum depth', 'CBOR-2', None,
     '81' * 64 + '80', {'error': 'CBOR-2'}),
    ('depth-10000', '10000 nested arrays', 'CBOR-2', None, '81' * 9999 + '80', {'error': 'CBOR-2'}),
    ('depth-indefinite', '100 nested indefinite arrays', 'CBOR-2', None, '9f' * 100 + 'ff' * 100,
     {'error': 'CBOR-2'}),
    ('depth-tags', '100 nested tags', 'CBOR-2', None, 'c1' * 100 + '01', {'error': 'CBOR-2'}),
    ('depth-maps', '65 levels of maps and an empty array', 'CBOR-2', None, 'a101' * 64 + '80',
     {'error': 'CBOR-2'}),
    ('items-declared-over-limit', 'an array declaring 3 items with a maximum of 3 items (4 needed)',
     'CBOR-2', {'maxItems': 3}, '83010203', {'error': 'CBOR-2'}),
    ('items-indefinite-over-limit', 'an indefinite array of 3 integers with a maximum of 3 items',
     'CBOR-2', {'maxItems': 3}, '9f010203ff', {'error': 'CBOR-2'}),
    ('items-map-over-limit', 'a one-entry map counts 3 items; the maximum is 2', 'CBOR-2',
     {'maxItems': 2}, 'a10102', {'error': 'CBOR-2'}),
    ('items-chunks-over-limit', 'an indefinite byte string and its 2 chunks count 3 items; the maximum '
     'is 2', 'CBOR-2', {'maxItems': 2}, '5f41614162ff', {'error': 'CBOR-2'}),

    ('duplicate-key', 'a map with the byte-string key a twice', 'CBOR-5', None, 'a2416101416102',
     {'error': 'CBOR-5'}),
    ('duplicate-key-indefinite-map', 'an indefinite map with the key 1 twice', 'CBOR-5', None,
     'bf01010102ff', {'error': 'CBOR-5'}),
    ('duplicate-key-non-preferred', 'keys 1 and 1 written with different argument sizes', 'CBOR-5',
     None, 'a20100180100', {'error': 'CBOR-5'}),
    ('duplicate-set-item', 'a set holding 1 twice', 'CBOR-5', None, 'd90102820101', {'error': 'CBOR-5'}),
]


def cbor_malformed():
    cases = []
    for case_id, description, requirement, limits, hexdata, expect in CBOR_CASES:
        values, err = decode_cbor(bytes.fromhex(hexdata), limits or {})
        got = {'error': err} if err else {'values': values}
        assert got == expect, (case_id, got, expect)
        case = {'id': 'fw-cbor-' + case_id, 'description': description, 'requirement': requirement}
        if limits:
            case['limits'] = limits
        case['hex'] = hexdata
        case['expect'] = expect
        cases.append(case)
    return cases


# ---------------------------------------------------------------------------


def document(kind, cases):
    return {'schema': SCHEMA, 'kind': kind, 'source': SOURCE, 'cases': cases}


FILES = [
    ('frames-large.json', 'frame-encoding', frames_large),
    ('frames-malformed.json', 'frame-decoding', frames_malformed),
    ('cbor-malformed.json', 'cbor-decoding', cbor_malformed),
]


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = argv[1] if len(argv) > 1 else os.path.join(here, 'framewire')
    os.makedirs(outdir, exist_ok=True)
    for name, kind, build in FILES:
        cases = build()
        ids = [c['id'] for c in cases]
        assert len(ids) == len(set(ids)), 'duplicate case ids in ' + name
        path = os.path.join(outdir, name)
        with open(path, 'w', encoding='utf-8') as fh:
            json.dump(document(kind, cases), fh, indent=1, ensure_ascii=False)
            fh.write('\n')
        print(path, len(cases), 'cases')


if __name__ == '__main__':
    sys.setrecursionlimit(50000)
    main(sys.argv)
