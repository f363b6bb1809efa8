#!/usr/bin/env python3
"""A minimal client-role control-channel adapter (docs/conformance/control-channel.md).

It is its own tiny framewire client: raw transport over TCP, identity encoding only, one request
per call, frames checked only for the basics. Run it under the suite with

    ./framewire check-client --exec "python3 docs/conformance/examples/minimal_adapter.py"

and expect many cases to fail: it shows the shape of an adapter, not a conforming client. A real
adapter wraps your client library where this file calls `call()`.
"""
import json, socket, struct, sys, threading

def cbor_item(b, i):
    """Decodes one CBOR item at b[i:]; returns (tagged-JSON value, next index). Raises ValueError."""
    ib = b[i]; major, info = ib >> 5, ib & 31; i += 1
    if info < 24: arg = info
    elif info in (24, 25, 26, 27):
        n = 1 << (info - 24); arg = int.from_bytes(b[i:i + n], "big")
        if len(b) < i + n: raise ValueError("CBOR-1 truncated")
        i += n
    elif info == 31 and major in (2, 3, 4, 5): arg = None
    else: raise ValueError("CBOR-1 bad additional information")
    if major == 0: return {"int": arg}, i
    if major == 1: return {"int": -1 - arg}, i
    if major in (2, 3):
        if arg is None:
            chunks = []
            while b[i] != 0xff:
                c, i = cbor_item(b, i); chunks.append(c.get("bytes", ""))
            return {"bytes": "".join(chunks)}, i + 1
        if len(b) < i + arg: raise ValueError("CBOR-1 truncated")
        s = b[i:i + arg]
        return ({"bytes": s.hex()} if major == 2 else {"text": s.decode()}), i + arg
    if major == 4:
        items = []
        while (arg is None and b[i] != 0xff) or (arg is not None and len(items) < arg):
            v, i = cbor_item(b, i); items.append(v)
        return {"array": items}, i + (1 if arg is None else 0)
    if major == 5:
        pairs = []
        while (arg is None and b[i] != 0xff) or (arg is not None and len(pairs) < arg):
            k, i = cbor_item(b, i); v, i = cbor_item(b, i); pairs.append([k, v])
        return {"map": pairs}, i + (1 if arg is None else 0)
    if major == 7 and info in (20, 21): return {"bool": info == 21}, i
    if major == 7 and info == 22: return {"null": True}, i
    raise ValueError("CBOR-1 unsupported item")

def cbor_bytes(s):  # a definite byte string
    s = s.encode() if isinstance(s, str) else s
    head = bytes([0x40 | len(s)]) if len(s) < 24 else bytes([0x59]) + struct.pack(">H", len(s))
    return head + s

def tagged_to_cbor(v):  # enough for args maps of byte strings and small integers
    (k, x), = v.items()
    if k == "bytes": return cbor_bytes(bytes.fromhex(x))
    if k == "int" and 0 <= x < 24: return bytes([x])
    if k == "map": return bytes([0xa0 | len(x)]) + b"".join(tagged_to_cbor(a) + tagged_to_cbor(b) for a, b in x)
    raise ValueError("unsupported argument value")

out_lock = threading.Lock()
def emit(ev):
    with out_lock:
        sys.stdout.write(json.dumps(ev) + "\n"); sys.stdout.flush()

def call(op):
    host, port = op["target"][len("tcp://"):].rsplit(":", 1)
    request = b"\xa2" + cbor_bytes("args") + tagged_to_cbor(op.get("args", {"map": []})) \
        + cbor_bytes("name") + cbor_bytes(op["command"])
    with socket.create_connection((host, int(port))) as s:
        # request id 1, stream 1, stream-begin, command-request with new
        s.sendall(struct.pack("<I", len(request))[:3] + struct.pack("<HBBB", 1, 1, 1, 0x11) + request)
        f = s.makefile("rb"); body = b""
        while True:
            header = f.read(8)
            if len(header) < 8:
                return emit({"event": "transport-error", "id": op["id"], "message": "connection ended"})
            length = header[0] | header[1] << 8 | header[2] << 16
            rid, stream, sflags, tf = struct.unpack("<HBBB", header[3:])
            ftype, flags = tf >> 4, tf & 15
            if length > 65535: return fail(op, "FRAME-2")
            if ftype not in (3, 5, 6, 7, 9): return fail(op, "FRAME-3" if ftype in (0, 4, 10, 11, 12, 13, 14, 15) else "FRAME-9")
            if stream % 2 == 1 or stream == 0: return fail(op, "STREAM-1")
            payload = f.read(length)
            if ftype == 3:
                body += payload
                if flags & 2: break
            elif ftype == 5:
                err, _ = cbor_item(payload, 0)
                return emit({"event": "server-error", "id": op["id"], "type": "server", "message": str(err)})
    try:
        values, i = [], 0
        while i < len(body):
            v, i = cbor_item(body, i); values.append(v)
    except (ValueError, IndexError):
        return fail(op, "CBOR-1")
    status = dict((bytes.fromhex(k["bytes"]).decode(), v) for k, v in values[0]["map"])
    if status["status"] == {"bytes": b"ok".hex()}:
        emit({"event": "ok", "id": op["id"], "objects": values[1:]})
    else:
        error = dict((bytes.fromhex(k["bytes"]).decode(), v) for k, v in status["error"]["map"])
        emit({"event": "command-error", "id": op["id"], "message": error["message"],
              "args": error.get("args", {"array": []})["array"]})

def fail(op, requirement):
    emit({"event": "protocol-error", "id": op["id"], "session": op.get("session"),
          "requirement": requirement, "message": requirement})

for line in sys.stdin:
    op = json.loads(line)
    if op["op"] == "hello":
        emit({"event": "ready", "version": 1, "name": "minimal-python", "encodings": ["identity"]})
    elif op["op"] == "call":
        threading.Thread(target=call, args=(op,), daemon=True).start()
    elif op["op"] == "close":
        emit({"event": "closed", "session": op["session"]})
    elif op["op"] == "exit":
        break
