"""Runs server conformance case files offline against Mercurial 6.3.2's server reactor.

    /usr/bin/python3 interop/run_cases.py [--known-failures FILE] [CASE_FILE_OR_DIR ...]

(default: protocol-spec/conformance/server). An example of running the case files in another
language's unit tests, as docs/conformance/case-format.md describes, with no framewire code and
no socket: each case's steps become bytes (`send` through Mercurial's own frame-notation parser,
`makeframefromhumanstring`), an in-memory file feeds them to the reactor loop of hg_server.py, and
the bytes it writes are decoded and graded against the case's outcomes, first match wins.

Mercurial's loop ends at the end of its input, which is the half-close; a case without `halfClose`
leaves the session open unless the reactor gave up. `pause` steps are skipped (the loop has no
timers). Templates (`${...}`, `repeat`, `fill`; case-format.md) resolve against the SPEC.md §10
default limits, as `framewire check` assumes without a capabilities file. HTTP-only cases, cases
whose output is content-encoded other than identity, cases that need an undeclared limit (the
frame-read, send and idle timeouts) or an optional Appendix A command (`say`, `progress`) and cases
that stop reading (LIMIT-3: an in-memory run has no back-pressure) are reported as skipped.

Prints one line per case and `N pass, N acceptable, N fail, N skipped`. With --known-failures
(the ratchet file of the socket run, interop/mercurial-server.known-failures) it also lists where
this offline run and that file disagree, and exits 1 if they do; otherwise it exits 0.
"""

import argparse
import ast
import io
import json
import os
import sys

from mercurial import error
from mercurial import ui as uimod
from mercurial import wireprotoframing as wpf
from mercurial.utils import cborutil
from mercurial.utils import stringutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conformance  # noqa: E402
import hg_server  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ERROR_RESPONSE, COMMAND_RESPONSE, STREAM_SETTINGS = 5, 3, 9
BEGIN, END, ENCODED = 1, 2, 4
EOS = 2


class Unsupported(Exception):
    """The case needs something this small runner does not do."""


def frame(notation):
    """A frame's bytes from frame notation: Mercurial's parser, or for the reserved frame types it
    has no flag table for (numbers only), the same fields put together here."""
    try:
        return wpf.makeframefromhumanstring(notation)
    except KeyError:
        requestid, streamid, streamflags, ftype, flags, payload = notation.split(b' ', 5)
        if payload.startswith(b'cbor:'):
            payload = b''.join(cborutil.streamencode(stringutil.evalpythonliteral(payload[5:])))
        else:
            payload = stringutil.unescapestr(payload)
        ints = lambda field: sum(wpf.STREAM_FLAGS.get(f) or int(f) for f in field.split(b'|'))
        return wpf.makeframe(requestid=int(requestid), streamid=int(streamid), streamflags=ints(streamflags),
                             typeid=int(ftype), flags=ints(flags), payload=payload)


# The SPEC.md 10 defaults, as in a capabilities file; the frame-read timeout has none.
LIMITS = {'maxFrameSize': 65535, 'maxRequestBytes': 1 << 20, 'maxDataBytes': 8 << 20, 'maxRequestsInFlight': 8,
          'maxOpenStreams': 32, 'maxDecoderContexts': 8, 'maxSettingsBytes': 16 << 10,
          'maxStreamSettingsBytes': 4 << 10, 'maxEmptyFrames': 256, 'maxEmptyStreams': 64,
          'maxOutboundBytes': 16 << 20}


def evaluate(expr, names):
    """A template expression (integers, names, + - * / % and parentheses; / truncates)."""
    return int(eval(expr.replace('limits.', '').replace('/', '//'), {'__builtins__': {}}, dict(names)))


def substitute(text, names):
    out, at = '', 0
    while '${' in text[at:]:
        start = text.index('${', at)
        end = text.index('}', start)
        out += text[at:start] + str(evaluate(text[start + 2:end], names))
        at = end + 1
    return out + text[at:]


def resolve(steps, names):
    """The steps with templates resolved: repeats expanded, ${...} replaced, fill payloads made."""
    out = []
    for step in steps:
        if 'repeat' in step:
            body = step['repeat'] if isinstance(step['repeat'], list) else [step['repeat']]
            count = step['count']
            for i in range(evaluate(count, names) if isinstance(count, str) else count):
                out += resolve(body, dict(names, i=i))
            continue
        step = {k: substitute(v, names) if isinstance(v, str) else v for k, v in step.items()}
        if 'fill' in step:
            fill = step['fill']
            step['send'] = step['send'].rstrip(' ') + ' ' + 'x' * (evaluate(fill, names) if isinstance(fill, str) else fill)
        out.append(step)
    return out


def notation(text):
    """Mercurial's parser wants the payload field, which case files may leave out when empty."""
    return text if text.count(' ') >= 5 else text + ' '


def case_bytes(steps):
    """The client's bytes and whether they end with a half-close."""
    out = bytearray()
    half_close = False
    for step in resolve(steps, LIMITS):
        if 'send' in step:
            out += frame(notation(step['send']).encode('latin-1'))
        elif 'sendHex' in step:
            out += bytes.fromhex(step['sendHex'].replace(' ', ''))
        elif 'sendPart' in step:
            out += frame(step['sendPart'].encode('latin-1'))[:step.get('bytes', 4)]
        elif step.get('halfClose'):
            half_close = True
            break
    return bytes(out), half_close


def run_reactor(data, half_close):
    """Mercurial's server loop over data: (output bytes, closed).

    Without a half-close the input has not ended: a loop stopped by running out of bytes inside a
    frame is a server still waiting for the rest, and the session is open."""
    out = io.BytesIO()
    gave_up = []
    try:
        hg_server.serve_files(io.BytesIO(data), out, uimod.ui(), gave_up.append)
    except error.Abort as e:
        if half_close or not any(m in bytes(e.message) for m in (b'incomplete frame', b'frame length error')):
            gave_up.append(str(e))
    except Exception as e:  # Mercurial raises ValueError ... on bad input: the connection closes
        gave_up.append(str(e))
    return out.getvalue(), half_close or bool(gave_up)


def observe(output, closed):
    """Decodes the server's bytes per case-format.md: errors, responses, ended, bad output."""
    seen = {'errors': [], 'payloads': {}, 'ended': set(), 'bad': None, 'closed': closed}
    open_streams = set()
    at = 0
    while at < len(output):
        if len(output) - at < 8:
            seen['bad'] = 'output ends inside a frame header'
            break
        length = output[at] | output[at + 1] << 8 | output[at + 2] << 16
        request_id = output[at + 3] | output[at + 4] << 8
        stream_id, stream_flags = output[at + 5], output[at + 6]
        ftype, flags = output[at + 7] >> 4, output[at + 7] & 0xF
        payload = output[at + 8:at + 8 + length]
        at += 8 + length
        if len(payload) != length:
            seen['bad'] = 'output ends inside a frame'
        elif stream_id == 0 or stream_id % 2 or (stream_id in open_streams) == bool(stream_flags & BEGIN):
            seen['bad'] = 'stream rule broken on stream %d (STREAM-1 to STREAM-3)' % stream_id
        elif ftype != ERROR_RESPONSE and request_id % 2 == 0:
            seen['bad'] = 'even request id %d (FRAME-7)' % request_id
        elif length > 65535:
            seen['bad'] = 'frame of %d bytes (FRAME-8)' % length
        if seen['bad']:
            break
        open_streams.add(stream_id)
        if stream_flags & END:
            open_streams.discard(stream_id)
        if ftype == STREAM_SETTINGS and list(cborutil.decodeall(payload))[:1] != [b'identity']:
            raise Unsupported('offline: output encoded with %r, which this runner does not decode' % list(cborutil.decodeall(payload))[:1])
        if ftype == ERROR_RESPONSE:
            m = cborutil.decodeall(payload)
            m = m[0] if m and isinstance(m[0], dict) else {}
            seen['errors'].append((m.get(b'type'), m.get(b'requirement'), request_id))
        elif ftype == COMMAND_RESPONSE:
            seen['payloads'].setdefault(request_id, bytearray()).extend(payload)
            if flags & EOS:
                seen['ended'].add(request_id)
    return seen


def objects(payload):
    try:
        return conformance.decode_response(payload)
    except Exception:
        return None


def matches(outcome, seen):
    if seen['bad']:
        return False
    kind = outcome['outcome']
    closed = outcome.get('closed', kind in ('error', 'closed'))
    if kind == 'error':
        want_type = outcome.get('errorType', 'protocol').encode()
        want_req = outcome.get('requirement')
        return (seen['closed'] and len(seen['errors']) == 1 and seen['errors'][0][0] == want_type
                and (want_req is None or seen['errors'][0][1] == want_req.encode()))
    if kind == 'closed':
        return seen['closed'] and not seen['errors']
    if kind == 'server-error':
        rid = outcome['requestId']
        ids = {int(k) for k in outcome.get('responses', {})} | {rid}
        return (seen['closed'] == closed and len(seen['errors']) == 1
                and seen['errors'][0][0] == b'server' and seen['errors'][0][2] == rid
                and rid not in seen['ended'] and responses_match(outcome, seen)
                and set(seen['payloads']) <= ids)
    if seen['errors'] or seen['closed'] != closed:
        return False
    if kind == 'command-error':
        rid = outcome['requestId']
        got = objects(seen['payloads'].get(rid, b''))
        return (got is not None and len(got) == 1 and isinstance(got[0], dict)
                and got[0].get(b'status') == b'error' and rid in seen['ended'])
    if kind != 'responses':
        return False
    counts = {int(k): n for k, n in outcome.get('objectCounts', {}).items()}
    ids = {int(k) for k in outcome['responses']} | set(counts)
    return (ids == set(seen['payloads']) and responses_match(outcome, seen)
            and all(counted(seen, k, n) for k, n in counts.items()))


def responses_match(outcome, seen):
    """Every request under the outcome's responses got exactly its objects and ended."""
    want = {int(k): [stream_string(v) if isinstance(v, dict) else ast.literal_eval(v) for v in vs]
            for k, vs in outcome.get('responses', {}).items()}
    return all(objects(seen['payloads'].get(k, b'')) == v and k in seen['ended'] for k, v in want.items())


def counted(seen, request_id, n):
    """objectCounts: the response holds n objects, the first an ok status map, and ended."""
    got = objects(seen['payloads'].get(request_id, b''))
    return (got is not None and len(got) == n and n > 0 and got[0] == {b'status': b'ok'}
            and request_id in seen['ended'])


def stream_string(v):
    """{"pattern": K, "size": N}: string K of the stream command (SPEC.md Appendix A)."""
    return bytes((v['pattern'] + j) % 256 for j in range(v['size']))


def grade(case):
    """The grade of one case, and what Mercurial did."""
    if case.get('needs', {}).get('transport') == 'http' or any('http' in step for step in case['steps']):
        return 'skipped', 'an HTTP-only case (SPEC.md 9.2); this runner feeds the raw byte stream'
    if case.get('needs', {}).get('transport') == 'tls':
        return 'skipped', 'offline: a TLS case (SPEC.md 9.3); this runner feeds the plaintext byte stream'
    if case.get('needs', {}).get('commands'):
        return 'skipped', ('offline: needs the optional command(s) %s of SPEC.md Appendix A, which the Mercurial '
                           'adapter does not declare' % ', '.join(case['needs']['commands']))
    undeclared = [l for l in case.get('needs', {}).get('limits', []) if l not in LIMITS]
    if undeclared:
        return 'skipped', 'offline: needs a declared %s, which Mercurial does not have' % ', '.join(undeclared)
    if any(step.get('stopReading') for step in case['steps']):
        return 'skipped', 'offline: stops reading (LIMIT-3), and an in-memory run has no back-pressure'
    try:
        data, half_close = case_bytes(case['steps'])
        seen = observe(*run_reactor(data, half_close))
    except Unsupported as e:
        return 'skipped', str(e)
    except Exception as e:  # a notation Mercurial's parser does not take
        return 'skipped', '%s: %s' % (type(e).__name__, e)
    for outcome in case['expect']:
        if matches(outcome, seen):
            return outcome.get('grade', 'pass'), ''
    what = 'bad output: %s' % seen['bad'] if seen['bad'] else 'errors %r, responses for %s, %s' % (
        seen['errors'], sorted(seen['payloads']), 'closed' if seen['closed'] else 'open')
    return 'fail', what


def case_files(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, _, names in sorted(os.walk(path)):
                for name in sorted(names):
                    if name.endswith('.json'):
                        yield os.path.join(root, name)
        else:
            yield path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--known-failures')
    parser.add_argument('paths', nargs='*',
                        default=[os.path.join(HERE, '..', 'protocol-spec', 'conformance', 'server')])
    opts = parser.parse_args()
    counts = {}
    failing = set()
    skipped = set()
    for path in case_files(opts.paths):
        with open(path) as f:
            doc = json.load(f)
        if doc.get('schema') != 'framewire-conformance/1' or doc.get('role') != 'server':
            continue
        for case in doc['cases']:
            g, detail = grade(case)
            counts[g] = counts.get(g, 0) + 1
            if g == 'fail':
                failing.add(case['id'])
            elif g == 'skipped':
                skipped.add(case['id'])
            print('%-10s %s%s' % (g, case['id'], ': ' + detail if detail else ''))
    print(', '.join('%d %s' % (counts.get(g, 0), g) for g in ('pass', 'acceptable', 'non-strict', 'fail', 'skipped')))
    if opts.known_failures:
        with open(opts.known_failures) as f:
            known = {l.strip() for l in f if l.strip() and not l.startswith('#')}
        for cid in sorted(failing - known):
            print('fails offline, not a known failure: %s' % cid)
        # A known failure this runner cannot play (skipped) neither confirms nor contradicts the list.
        for cid in sorted(known - failing - skipped):
            print('known failure that does not fail offline: %s' % cid)
        return 1 if (failing - known) or (known - failing - skipped) else 0
    return 0


if __name__ == '__main__':
    sys.exit(main())
