"""Mercurial's client reactor behind the control channel, for `framewire check-client --exec`.

    /usr/bin/python3 interop/hg_client_control.py

Speaks the JSON-lines control channel of docs/conformance/control-channel.md (version 1): ops on
stdin, events on stdout, logs on stderr. Each session is one TCP connection (for a `tls://` target,
TLS through Python's `ssl`, trusting the call op's `ca` file, the name checked, ALPN `framewire`) driven by
`wireprotoframing.clientreactor` (Mercurial 6.3.2) and read with Mercurial's own frame reader on a
thread of its own, so several calls can be in flight on a session. Responses are decoded with
Mercurial's CBOR decoder (conformance.decode_response) and printed in the tagged JSON of
org.framewire.vectors.TaggedJson.

What Mercurial's client detects, it reports as `protocol-error` with `requirement` null: its
messages name no SPEC.md requirement. Mercurial's deviations show through unchanged, e.g. an
error-response with request id 0 is "a frame for an inactive request", and a text-output or
progress frame raises a ProgrammingError (reported as a protocol-error: the client gives up).
"""

import io
import json
import os
import select
import socket
import ssl
import sys
import threading
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mercurial import ui as uimod  # noqa: E402
from mercurial import wireprotoframing as wpf  # noqa: E402
from mercurial.utils import cborutil  # noqa: E402

from conformance import decode_response  # noqa: E402

DEFAULT_ENCODINGS = ['zstd-8mb', 'zlib', 'identity']

_out_lock = threading.Lock()


def emit(event):
    with _out_lock:
        sys.stdout.write(json.dumps(event, ensure_ascii=False) + '\n')
        sys.stdout.flush()


def log(message):
    print('hg_client_control: %s' % message, file=sys.stderr, flush=True)


# --- tagged JSON (org.framewire.vectors.TaggedJson) -------------------------------------------

def to_tagged(v):
    if isinstance(v, (bytes, bytearray)):
        return {'bytes': bytes(v).hex()}
    if isinstance(v, str):
        return {'text': v}
    if isinstance(v, bool):
        return {'bool': v}
    if isinstance(v, int):
        return {'int': v}
    if v is None:
        return {'null': True}
    if isinstance(v, float):
        return {'float': v}
    if isinstance(v, (list, tuple)):
        return {'array': [to_tagged(x) for x in v]}
    if isinstance(v, (set, frozenset)):
        return {'set': [to_tagged(x) for x in v]}
    if isinstance(v, dict):
        return {'map': [[to_tagged(k), to_tagged(x)] for k, x in v.items()]}
    raise ValueError('no tagged JSON for %r' % (v,))


def from_tagged(node):
    if not isinstance(node, dict) or len(node) != 1:
        raise ValueError('a tagged CBOR value is an object with one key: %r' % (node,))
    (key, v), = node.items()
    if key == 'bytes':
        return bytes.fromhex(v)
    if key == 'bytesIndef':
        return b''.join(bytes.fromhex(x) for x in v)
    if key == 'text':
        return v
    if key == 'int':
        return int(v)
    if key == 'bool':
        return bool(v)
    if key == 'null':
        return None
    if key == 'float':
        return float(v)
    if key == 'array':
        return [from_tagged(x) for x in v]
    if key == 'set':
        return frozenset(from_tagged(x) for x in v)
    if key == 'map':
        return {from_tagged(k): from_tagged(x) for k, x in v}
    raise ValueError('tagged JSON %r is not supported by this adapter' % (key,))


def render_atoms(atoms):
    """Renders Mercurial's error/text atoms ({b'msg': ..., b'args': [...]}) as one string."""
    parts = []
    for atom in atoms if isinstance(atoms, list) else [atoms]:
        if isinstance(atom, dict):
            msg, args = atom.get(b'msg', b''), atom.get(b'args') or []
            try:
                msg = msg % tuple(args) if args else msg
            except (TypeError, ValueError):
                pass
            parts.append(msg.decode('utf-8', 'replace') if isinstance(msg, bytes) else str(msg))
        else:
            parts.append(repr(atom))
    return ''.join(parts)


# --- sessions ----------------------------------------------------------------------------------

class SerialTls:
    """Reads and writes one TLS socket from two threads, one OpenSSL call at a time.

    The reader thread and the op loop share the connection. OpenSSL does not allow one SSL object
    to be read and written at once, and Python's ssl module lets both calls run in parallel: at
    load, a TLS 1.3 session ticket read while the op loop wrote a request made the read end as if
    the server had closed (`client/progress/negative-total` in a CI run: "connection closed by the
    server" right after the handshake, the server still waiting). Here the socket is non-blocking,
    each recv/send runs under one lock, and the waiting is done by select() outside it.
    """

    def __init__(self, sock):
        self.sock = sock
        self.io = threading.Lock()
        self.inbuf = bytearray()
        self.outbuf = bytearray()
        sock.setblocking(False)

    def _recv(self):
        """Bytes read, b'' at the end of the stream, None when nothing is ready yet."""
        with self.io:
            try:
                return self.sock.recv(65536)
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
                return None

    def read(self, n):
        while len(self.inbuf) < n:
            chunk = self._recv()
            if chunk is None:
                select.select([self.sock], [], [], 0.5)
            elif not chunk:
                break
            else:
                self.inbuf += chunk
        data = bytes(self.inbuf[:n])
        del self.inbuf[:n]
        return data

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def write(self, data):
        self.outbuf += data

    def flush(self):
        view = memoryview(bytes(self.outbuf))
        self.outbuf.clear()
        while view:
            with self.io:
                try:
                    sent = self.sock.send(view)
                except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
                    sent = 0
            if sent:
                view = view[sent:]
            else:
                select.select([], [self.sock], [], 0.5)


class Session:
    def __init__(self, name, target, encodings, ca=None):
        scheme, sep, address = target.partition('://')
        if not sep or scheme not in ('tcp', 'tls'):
            raise OSError('unsupported target %s (this adapter speaks tcp:// and tls://)' % target)
        host, _, port = address.rstrip('/').rpartition(':')
        self.name = name
        self.lock = threading.RLock()  # the reader thread and the op loop share the reactor
        self.write_lock = threading.Lock()  # one request's frames at a time, in the reactor's order
        self.pending = {}  # wire request id -> (call id, bytearray)
        self.closed = False
        encoders = None if not encodings else [e.encode('ascii') for e in encodings]
        self.reactor = wpf.clientreactor(uimod.ui(), hasmultiplesend=True, buffersends=False,
                                         clientcontentencoders=encoders)
        self.sock = socket.create_connection((host.strip('[]'), int(port)), timeout=None)
        if scheme == 'tls':
            # SPEC.md section 9.3: chain and name checked (TRANS-12), TLS 1.2 at least, ALPN offered
            context = ssl.create_default_context(cafile=ca)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.set_alpn_protocols(['framewire'])
            try:
                self.sock = context.wrap_socket(self.sock, server_hostname=host.strip('[]'))
            except OSError:
                self.sock.close()
                raise
        if scheme == 'tls':
            self.rfile = self.wfile = SerialTls(self.sock)
        else:
            self.wfile = self.sock.makefile('wb')
            self.rfile = self.sock.makefile('rb')
        self.reader = threading.Thread(target=self.read_loop, daemon=True)
        self.reader.start()

    def call(self, call_id, command, args, data, redirect):
        # The frames are made under the reactor's lock and written outside it, so that the reader
        # goes on taking the server's frames while a write blocks (SPEC.md section 10, LIMIT-8);
        # the write lock, taken first, keeps each request whole and in the order the reactor made it.
        with self.write_lock:
            with self.lock:
                if self.closed:
                    raise OSError('session %s is closed' % self.name)
                # Mercurial's CBOR encoder refuses some values (text strings among them): find out
                # before the reactor starts a request it could not finish
                b''.join(cborutil.streamencode(args))
                request, action, meta = self.reactor.callcommand(
                    command, args, datafh=io.BytesIO(data) if data is not None else None, redirect=redirect)
                # encode every frame before sending any, so a failure cannot leave half a request
                frames = list(meta[b'framegen']) if action == b'sendframes' else []
                self.pending[request.requestid] = (call_id, bytearray())
            try:
                for frame in frames:
                    self.wfile.write(frame)
                self.wfile.flush()
            except OSError:
                with self.lock:
                    if self.pending.pop(request.requestid, None) is None:
                        return  # the session failed meanwhile and has reported this call
                raise

    def read_loop(self):
        try:
            while True:
                frame = wpf.readframe(self.rfile)
                if frame is None:
                    self.fail_all('transport-error', 'connection closed by the server')
                    return
                with self.lock:
                    action, meta = self.reactor.onframerecv(frame)
                    self.on_action(action, meta)
                    if self.closed:
                        return
        except Exception as e:  # Mercurial's reader or reactor gave up on what the server sent
            if self.closed:
                return
            log('session %s: %s: %s' % (self.name, type(e).__name__, e))
            traceback.print_exc(file=sys.stderr)
            if isinstance(e, OSError):
                self.fail_all('transport-error', str(e))
            else:
                self.protocol_error('%s: %s' % (type(e).__name__, e))

    def on_action(self, action, meta):
        if action == b'responsedata':
            requestid = meta[b'request'].requestid
            call_id, data = self.pending.get(requestid, (None, None))
            if data is None:
                return
            data.extend(meta[b'data'])
            if meta[b'eos']:
                del self.pending[requestid]
                event = final_event(call_id, data)
                if event['event'] == 'protocol-error':
                    # the response itself was invalid: report it, then fail the session (ERR-2)
                    event['session'] = self.name
                    emit(event)
                    if self.pending:
                        self._protocol_error(event['message'])
                    self.close()
                else:
                    emit(event)
        elif action == b'error':
            request = meta.get(b'request')
            if request is not None and request.requestid in self.pending:
                call_id, _ = self.pending.pop(request.requestid)
                emit({'event': 'server-error', 'id': call_id,
                      'type': meta[b'type'].decode('utf-8', 'replace'),
                      'message': render_atoms(meta[b'message']), 'requirement': None})
            else:
                self.protocol_error(meta[b'message'].decode('utf-8', 'replace')
                                    if isinstance(meta[b'message'], bytes) else render_atoms(meta[b'message']))

    def protocol_error(self, message):
        with self.lock:
            self._protocol_error(message)

    def _protocol_error(self, message):
        emit({'event': 'protocol-error', 'id': None, 'session': self.name, 'requirement': None,
              'message': message})
        self.pending.clear()
        self.close()

    def fail_all(self, kind, message):
        with self.lock:
            for call_id, _ in list(self.pending.values()):
                emit({'event': kind, 'id': call_id, 'message': message})
            self.pending.clear()
            self.close()

    def close(self):
        if self.closed:
            return
        self.closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def final_event(call_id, data):
    try:
        values = decode_response(data)
    except Exception as e:
        return {'event': 'protocol-error', 'id': call_id, 'session': None, 'requirement': None,
                'message': 'undecodable response: %s: %s' % (type(e).__name__, e)}
    if not values or not isinstance(values[0], dict):
        return {'event': 'protocol-error', 'id': call_id, 'session': None, 'requirement': None,
                'message': 'response does not start with a status map'}
    status = values[0].get(b'status')
    if status == b'ok':
        return {'event': 'ok', 'id': call_id, 'objects': [to_tagged(v) for v in values[1:]]}
    if status == b'error':
        err = values[0].get(b'error') or {}
        return {'event': 'command-error', 'id': call_id, 'message': to_tagged(err.get(b'message')),
                'args': [to_tagged(a) for a in err.get(b'args') or []]}
    if status == b'redirect':
        location = values[0].get(b'location') or {}
        event = {'event': 'redirect', 'id': call_id,
                 'location': (location.get(b'url') or b'').decode('utf-8', 'replace'),
                 'mediatype': (location.get(b'mediatype') or b'').decode('utf-8', 'replace'),
                 'map': to_tagged(location)}
        if b'size' in location:
            event['size'] = location[b'size']
        return event
    return {'event': 'protocol-error', 'id': call_id, 'session': None, 'requirement': None,
            'message': 'unknown response status %r' % (status,)}


# --- the channel -------------------------------------------------------------------------------

def main():
    sessions = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        op_id = None
        try:
            op = json.loads(line)
            op_id = op.get('id')
            kind = op.get('op')
            if kind == 'hello':
                emit({'event': 'ready', 'version': 1, 'name': 'mercurial-6.3 clientreactor',
                      'encodings': DEFAULT_ENCODINGS})
            elif kind == 'call':
                handle_call(sessions, op)
            elif kind == 'close':
                session = sessions.pop(op['session'], None)
                if session is not None:
                    session.close()
                emit({'event': 'closed', 'session': op['session']})
            elif kind == 'exit':
                break
            else:
                emit({'event': 'error', 'id': op_id, 'message': 'unknown op %r' % (kind,)})
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            emit({'event': 'error', 'id': op_id, 'message': 'bad op: %s: %s' % (type(e).__name__, e)})
    # exit: let calls in flight finish for a moment, then close everything
    for session in sessions.values():
        session.reader.join(timeout=2 if session.pending else 0)
        session.close()
    sys.stdout.flush()


def handle_call(sessions, op):
    call_id = op['id']
    name = op['session']
    command = op['command'].encode('utf-8')
    args = from_tagged(op['args']) if 'args' in op else {}
    data = from_tagged(op['data']) if 'data' in op else None
    redirect = None
    if 'redirect' in op:
        r = op['redirect']
        redirect = {b'targets': [t.encode('utf-8') for t in r.get('targets', [])],
                    b'hashes': [h.encode('utf-8') for h in r.get('hashes', [])]}
    session = sessions.get(name)
    try:
        if session is None or session.closed:
            session = Session(name, op['target'], op.get('encodings', DEFAULT_ENCODINGS), op.get('ca'))
            sessions[name] = session
        session.call(call_id, command, args, data, redirect)
    except TypeError as e:
        emit({'event': 'error', 'id': call_id,
              'message': "Mercurial's client cannot encode these arguments: %s" % e})
    except OSError as e:
        emit({'event': 'transport-error', 'id': call_id, 'message': str(e)})


if __name__ == '__main__':
    main()
