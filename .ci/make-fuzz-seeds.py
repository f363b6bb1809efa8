#!/usr/bin/env python3
"""Regenerates the committed Jazzer seed corpus from protocol-spec vectors.

Layout (Jazzer regression mode): frames/src/test/resources/org/framewire/fuzz/
<ClassName>Inputs/<method>/<seed>. FuzzedDataProvider targets take primitives from the END of
the input, so frame seeds are <vector bytes> + 0x01 (default frame limit) + 8 chunking-seed bytes,
incremental CBOR seeds are <vector bytes> + 8 chunking-seed bytes.
"""
import json, os, pathlib
root = pathlib.Path(__file__).resolve().parent.parent
vec = root / "protocol-spec" / "vectors"
out = root / "frames/src/test/resources/org/framewire/fuzz"

def write(cls, method, name, data):
    d = out / f"{cls}Inputs" / method
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)

def cases(path):
    return json.loads((vec / path).read_text())["cases"]

seed = bytes.fromhex("0123456789abcdef")
for f in ["framewire/frames-malformed.json", "mercurial/frames.json"]:
    for c in cases(f):
        if "hex" in c and len(c["hex"]) <= 2048:
            write("FrameDecoderFuzzTest", "decode", c["id"], bytes.fromhex(c["hex"]) + b"\x01" + seed)
        if "human" in c:
            write("FrameNotationFuzzTest", "parse", c["id"], c["human"].encode())
for f in ["framewire/cbor-malformed.json", "mercurial/cbor.json"]:
    for c in cases(f):
        if "hex" in c and len(c["hex"]) <= 2048:
            raw = bytes.fromhex(c["hex"])
            write("CborDecoderFuzzTest", "unit", c["id"], raw)
            write("CborDecoderFuzzTest", "incremental", c["id"], raw + seed)

sout = root / "session/src/test/resources/org/framewire/fuzz/ServerSessionFuzzTestInputs/receive"
sout.mkdir(parents=True, exist_ok=True)
for c in cases("mercurial/command-requests.json"):
    raw = b"".join(bytes.fromhex(h) for h in c["frames"])
    if len(raw) <= 4096:
        (sout / c["id"]).write_bytes(raw + seed)
for c in cases("framewire/frames-malformed.json"):
    if "hex" in c and len(c["hex"]) <= 2048:
        (sout / c["id"]).write_bytes(bytes.fromhex(c["hex"]) + seed)

# ClientSessionFuzzTest#receive: server bytes, then consumeInt(1, 4) (requests sent: 3 → ids 1, 3,
# 5 in flight, as the response-stream vectors answer) and consumeLong (chunking seed), both taken
# from the end.
cout = root / "session/src/test/resources/org/framewire/fuzz/ClientSessionFuzzTestInputs/receive"
cout.mkdir(parents=True, exist_ok=True)
for c in cases("mercurial/response-streams.json"):
    raw = b"".join(bytes.fromhex(h) for h in c["frames"])
    if len(raw) <= 8192:
        (cout / c["id"]).write_bytes(raw + (2).to_bytes(4, "big") + seed)
for c in cases("framewire/frames-malformed.json"):
    if "hex" in c and len(c["hex"]) <= 2048:
        (cout / c["id"]).write_bytes(bytes.fromhex(c["hex"]) + (0).to_bytes(4, "big") + seed)
