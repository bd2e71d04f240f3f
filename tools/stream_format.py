#!/usr/bin/env python3
"""An independent reader and writer of the latentpipe tensor stream (docs/stream-format.md).

Written from the spec, not from the Swift code, so the tests can check the two agree.
Needs only the Python standard library; numpy is used when present for convenience.

    python3 tools/stream_format.py dump FILE        # print frames as text
"""
import struct
import sys
import zlib

MAGIC = b"LPTS"
DTYPES = {1: ("f", 4), 2: ("d", 8), 3: ("i", 4), 4: ("B", 1)}
CODES = {"f": 1, "d": 2, "i": 3, "B": 4}
MAX_PAYLOAD = 1 << 32
MAX_DIMENSION = 1 << 32


def check_shape(shape, size):
    """The spec's shape limits: each dimension at most 2^32, and the product of the non-zero
    dimensions times the element size at most 2^32 bytes."""
    extent = size
    for d in shape:
        if d > MAX_DIMENSION:
            raise ValueError("dimension %d exceeds 2^32" % d)
        if d:
            extent *= d
    if extent > MAX_PAYLOAD:
        raise ValueError("shape %s needs more than 2^32 bytes" % (shape,))


def _name(buf, pos):
    n = buf[pos]
    return buf[pos + 1:pos + 1 + n].decode("utf-8"), pos + 1 + n


def read_frames(data):
    """Yields frames as (tensors, attributes): tensors a list of (name, code, shape, values)."""
    pos = 0
    while pos < len(data):
        if data[pos:pos + 4] != MAGIC:
            raise ValueError("no magic at %d" % pos)
        version, flags, hlen, hcrc, plen = struct.unpack_from("<HHIIQ", data, pos + 4)
        if version != 1 or flags != 0:
            raise ValueError("bad version/flags")
        header = data[pos + 24:pos + 24 + hlen]
        if zlib.crc32(header) != hcrc:
            raise ValueError("header crc")
        t, a = struct.unpack_from("<HH", header, 0)
        hp = 4
        entries = []
        for _ in range(t):
            name, hp = _name(header, hp)
            dtype, rank = header[hp], header[hp + 1]
            hp += 2
            shape = list(struct.unpack_from("<%dQ" % rank, header, hp))
            hp += 8 * rank
            check_shape(shape, DTYPES[dtype][1])
            entries.append((name, dtype, shape))
        attributes = []
        for _ in range(a):
            key, hp = _name(header, hp)
            kind = header[hp]
            hp += 1
            if kind == 1:
                attributes.append((key, struct.unpack_from("<d", header, hp)[0]))
                hp += 8
            else:
                (n,) = struct.unpack_from("<I", header, hp)
                attributes.append((key, header[hp + 4:hp + 4 + n].decode("utf-8")))
                hp += 4 + n
        assert hp == hlen, "header not consumed"
        payload = data[pos + 24 + hlen:pos + 24 + hlen + plen]
        (pcrc,) = struct.unpack_from("<I", data, pos + 24 + hlen + plen)
        if zlib.crc32(payload) != pcrc:
            raise ValueError("payload crc")
        tensors = []
        pp = 0
        for name, dtype, shape in entries:
            fmt, size = DTYPES[dtype]
            count = 1
            for d in shape:
                count *= d
            values = list(struct.unpack_from("<%d%s" % (count, fmt), payload, pp))
            pp += count * size
            tensors.append((name, dtype, shape, values))
        assert pp == plen, "payload size"
        yield tensors, attributes
        pos += 24 + hlen + plen + 4


def write_frame(tensors, attributes=()):
    """tensors: list of (name, fmt in 'fdiB', shape, flat values); attributes: (key, number|str)."""
    header = struct.pack("<HH", len(tensors), len(attributes))
    payload = b""
    for name, fmt, shape, values in tensors:
        raw = name.encode()
        header += bytes([len(raw)]) + raw + bytes([CODES[fmt], len(shape)])
        header += struct.pack("<%dQ" % len(shape), *shape)
        payload += struct.pack("<%d%s" % (len(values), fmt), *values)
    for key, value in attributes:
        raw = key.encode()
        header += bytes([len(raw)]) + raw
        if isinstance(value, str):
            text = value.encode()
            header += b"\x02" + struct.pack("<I", len(text)) + text
        else:
            header += b"\x01" + struct.pack("<d", float(value))
    prelude = MAGIC + struct.pack("<HHIIQ", 1, 0, len(header), zlib.crc32(header), len(payload))
    return prelude + header + payload + struct.pack("<I", zlib.crc32(payload))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "dump":
        sys.exit(__doc__)
    with open(sys.argv[2], "rb") as f:
        for i, (tensors, attributes) in enumerate(read_frames(f.read())):
            print("frame", i)
            for name, dtype, shape, values in tensors:
                print(" ", name, DTYPES[dtype][0], shape, values[:4])
            for key, value in attributes:
                print(" ", key, "=", value)
