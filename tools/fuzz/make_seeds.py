#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into OUT/<target>/ (a git-ignored work dir).

    python3 tools/fuzz/make_seeds.py REPO_ROOT OUT

Seeds are small valid inputs that reach deep into each parser: streams written with
tools/stream_format.py (every dtype, ranks 0 to 3, number and string attributes, several
frames, a small slice of samples/*.lpt), .npy/.npz files written with numpy (every dtype the
reader converts, both byte orders, Fortran order, versions 1 to 3, stored and deflated
archives), PNGs encoded here (every colour type and bit depth, palettes with tRNS, gAMA,
Adam7 interlacing) and option command lines taken from the tools' `example:` strings.
Needs numpy for the .npy/.npz seeds (skipped with a note when missing).
"""
import io
import os
import re
import shlex
import struct
import sys
import zipfile
import zlib


def write(out, target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


def stream_seeds(root, out):
    sys.path.insert(0, os.path.join(root, "tools"))
    from stream_format import read_frames, write_frame
    frames = {
        "f32-2x3": write_frame([("data", "f", [2, 3], [1, 2, 3, 4, 5, 6])], [("stride", 8)]),
        "f64-rank1": write_frame([("data", "d", [3], [0.5, -1, 2])]),
        "i32-rank3": write_frame([("data", "i", [2, 1, 2], [1, -2, 3, -4])], [("image", "a.png")]),
        "u8-rank0": write_frame([("data", "B", [], [7])]),
        "empty-rows": write_frame([("data", "f", [0, 4], [])]),
        "patches": write_frame(
            [("data", "f", [2, 4], [0.1] * 8), ("pos", "i", [2, 2], [0, 0, 0, 2]), ("dc", "f", [2, 1], [0.5, 0.25])],
            [("image_height", 2), ("image_width", 4), ("channels", 1), ("patch_height", 2),
             ("patch_width", 2), ("stride", 2), ("image", "x.png"), ("image_index", 0)]),
        "no-tensors": write_frame([], [("note", "attributes only")]),
    }
    frames["two-frames"] = frames["f32-2x3"] + frames["i32-rank3"]
    for name, data in frames.items():
        write(out, "frame_reader", name + ".lpt", data)
    # A few atoms of each sample dictionary, re-written small.
    for sample in sorted(os.listdir(os.path.join(root, "samples"))):
        if sample.endswith(".lpt"):
            with open(os.path.join(root, "samples", sample), "rb") as f:
                tensors, attributes = next(read_frames(f.read()))
            small = [(n, {1: "f", 2: "d", 3: "i", 4: "B"}[c], [2] + s[1:], v[:2 * (len(v) // s[0])])
                     for n, c, s, v in tensors if s and s[0] > 0]
            write(out, "frame_reader", sample, write_frame(small, attributes))


def numpy_seeds(out):
    try:
        import numpy as np
    except ImportError:
        print("make_seeds.py: numpy missing, no .npy/.npz seeds", file=sys.stderr)
        return
    arrays = {
        "f32": np.arange(6, dtype="<f4").reshape(2, 3),
        "f64": np.array([0.5, -1.0, np.inf], dtype="<f8"),
        "i32": np.arange(4, dtype="<i4").reshape(2, 2),
        "u8": np.arange(3, dtype="u1"),
        "bool": np.array([True, False]),
        "i8": np.array([-1, 2], dtype="i1"),
        "i16-be": np.array([1, -300], dtype=">i2"),
        "i64": np.array([[1, 2], [3, 4]], dtype="<i8"),
        "u16": np.array([65535], dtype="<u2"),
        "u32": np.array([7], dtype="<u4"),
        "u64": np.array([9], dtype="<u8"),
        "f32-be": np.array([1.5, 2.5], dtype=">f4"),
        "fortran": np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)),
        "rank0": np.array(3.0, dtype="<f4"),
        "rank3": np.zeros((1, 2, 2), dtype="<f8"),
        "empty": np.zeros((0, 3), dtype="<f4"),
    }
    for name, array in arrays.items():
        buffer = io.BytesIO()
        np.save(buffer, array)
        write(out, "npy", name + ".npy", buffer.getvalue())
    for version in [(2, 0), (3, 0)]:
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, arrays["f32"], version=version)
        write(out, "npy", "f32-v%d.npy" % version[0], buffer.getvalue())
    for compressed, save in [("stored", np.savez), ("deflated", np.savez_compressed)]:
        buffer = io.BytesIO()
        save(buffer, data=arrays["f32"], pos=arrays["i32"])
        write(out, "npz", compressed + ".npz", buffer.getvalue())
        buffer = io.BytesIO()
        save(buffer, W=arrays["i16-be"])
        write(out, "npz", compressed + "-one.npz", buffer.getvalue())
    # A ZIP64 archive, as NumPy writes for large members (forced here on a small one).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        with archive.open("data.npy", "w", force_zip64=True) as member:
            np.save(member, arrays["f64"])
    write(out, "npz", "zip64.npz", buffer.getvalue())


def png(width, height, color_type, depth, rows, extra=(), interlace=0):
    """A PNG of packed sample rows (lists of ints), filter 0; Adam7 when `interlace`."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]

    def pack(samples):
        if depth == 16:
            return b"".join(struct.pack(">H", s) for s in samples)
        if depth == 8:
            return bytes(samples)
        bits = "".join(format(s, "0%db" % depth) for s in samples)
        bits += "0" * (-len(bits) % 8)
        return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))

    raw = b""
    if interlace:
        passes = [(0, 0, 8, 8), (0, 4, 8, 8), (4, 0, 8, 4), (0, 2, 4, 4), (2, 0, 4, 2), (0, 1, 2, 2), (1, 0, 2, 1)]
        for y0, x0, dy, dx in passes:
            xs = list(range(x0, width, dx))
            if not xs:
                continue
            for y in range(y0, height, dy):
                raw += b"\x00" + pack([s for x in xs for s in rows[y][x * channels:(x + 1) * channels]])
    else:
        for row in rows:
            raw += b"\x00" + pack(row)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, interlace)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    for kind, body in extra:
        data += chunk(kind, body)
    return data + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def png_seeds(out):
    w, h = 3, 2
    seeds = {}
    for depth in (1, 2, 4, 8, 16):
        top = (1 << depth) - 1
        seeds["gray%d" % depth] = png(w, h, 0, depth, [[0, top, top // 2], [top, 0, 1]])
    seeds["rgb8"] = png(w, h, 2, 8, [[255, 0, 0, 0, 255, 0, 0, 0, 255]] * h)
    seeds["rgb16"] = png(w, h, 2, 16, [[65535, 0, 1, 0, 65535, 2, 3, 4, 65535]] * h)
    seeds["ga8"] = png(w, h, 4, 8, [[10, 255, 20, 0, 30, 128]] * h)
    seeds["rgba8"] = png(w, h, 6, 8, [[1, 2, 3, 255, 4, 5, 6, 0, 7, 8, 9, 128]] * h)
    seeds["rgba16"] = png(1, 1, 6, 16, [[1, 2, 3, 65535]])
    palette = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255])
    seeds["palette8-trns"] = png(w, h, 3, 8, [[0, 1, 2], [2, 1, 0]], [(b"PLTE", palette), (b"tRNS", b"\x00\x80")])
    seeds["palette2"] = png(w, h, 3, 2, [[0, 1, 2], [2, 1, 0]], [(b"PLTE", palette)])
    seeds["gray8-trns"] = png(w, h, 0, 8, [[0, 1, 2], [3, 4, 5]], [(b"tRNS", b"\x00\x01")])
    seeds["gray8-gama"] = png(w, h, 0, 8, [[32, 64, 96], [128, 160, 192]], [(b"gAMA", struct.pack(">I", 100000))])
    seeds["rgb8-srgb-chrm"] = png(1, 1, 2, 8, [[9, 8, 7]], [
        (b"sRGB", b"\x00"), (b"cHRM", struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000))])
    seeds["gray8-text"] = png(1, 1, 0, 8, [[5]], [(b"tEXt", b"Comment\x00fuzz"), (b"pHYs", struct.pack(">IIB", 1, 1, 0))])
    interlaced_rows = [[(x * 31 + y * 17) % 256 for x in range(9)] for y in range(9)]
    seeds["gray8-adam7"] = png(9, 9, 0, 8, interlaced_rows, interlace=1)
    seeds["rgb8-adam7"] = png(3, 3, 2, 8, [[(x + y) % 256 for x in range(9)] for y in range(3)], interlace=1)
    for name, data in seeds.items():
        write(out, "png", name + ".png", data)


def option_seeds(root, out):
    tools = os.path.join(root, "Sources", "Tools")
    count = 0
    for tool in sorted(os.listdir(tools)):
        path = os.path.join(tools, tool, "main.swift")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            text = f.read()
        for example in re.findall(r'example:\s*"((?:[^"\\]|\\.)*)"', text):
            example = example.encode().decode("unicode_escape")
            # Each command of the pipeline, without its tool name.
            for command in re.split(r"[|;<>]", example):
                words = shlex.split(command.split("#")[0])
                if len(words) > 1:
                    write(out, "options", "example-%03d" % count, b"\0".join(w.encode() for w in words[1:]))
                    count += 1
    extra = [
        ["--lambda=0.5", "-k", "64", "--patch-size", "8x8", "--seed", "18446744073709551615", "in.lpt"],
        ["--alpha", "1e-3", "--algorithm", "cd", "-p16", "--report", "--", "-", "--color"],
        ["-c", "-d", "D.lpt", "--epochs", "-3", "--size=4x", "-q", "--progress", "-o", "out.lpt", "-"],
        ["--help"], ["--version"], ["--lamda", "1"],
    ]
    for k, words in enumerate(extra):
        write(out, "options", "extra-%d" % k, b"\0".join(w.encode() for w in words))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root, out = sys.argv[1], sys.argv[2]
    stream_seeds(root, out)
    numpy_seeds(out)
    png_seeds(out)
    option_seeds(root, out)


if __name__ == "__main__":
    main()
