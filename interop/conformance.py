"""What the conformance commands of SPEC.md Appendix A answer, shared by the interop scripts.

Both scripts run under /usr/bin/python3 with Mercurial 6.3.2 importable.
"""

from mercurial.utils import cborutil


def pattern(k, size):
    """String k of the `stream` command: byte j is (k + j) mod 256."""
    return bytes((k + j) & 0xFF for j in range(size))


def decode_response(data):
    """Decodes a response (status map, then values) with Mercurial's CBOR decoder.

    Mercurial's decoder hands an indefinite-length byte string over as `bytestringchunk`s, the
    first flagged `isfirst`, the last `islast`; they are joined back into one bytes value here.
    """
    values = []
    parts = None
    for item in cborutil.decodeall(bytes(data)):
        if isinstance(item, cborutil.bytestringchunk):
            if item.isfirst:
                parts = []
            parts.append(bytes(item))
            if item.islast:
                values.append(b''.join(parts))
                parts = None
            continue
        values.append(item)
    if parts is not None:
        raise AssertionError('response ends inside an indefinite byte string')
    return values
