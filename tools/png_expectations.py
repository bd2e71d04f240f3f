#!/usr/bin/env python3
"""The samples independent decoders return for the PNG test fixtures, for ImageIOTests.

Writes Tests/ImageIOTests/Fixtures/expected.tsv: for every valid PNG under
Tests/ImageIOTests/Fixtures/{PngSuite,Made}/, its width, height, channels, bit depth and the
SHA-256 of its samples at full precision (row-major, channels interleaved; 8-bit samples as
bytes, 16-bit ones big-endian). The Swift test decodes each file with ImageIO and compares.

What "the samples" are (the stored values, as libpng's png_set_expand gives them and as
PIL, imageio, scikit-image and OpenCV return them; no gamma or colour-space change):
  - gray of 1, 2 or 4 bits: scaled to 8 bits, v * 255 / (2^d - 1);
  - palette: the PLTE entry (8-bit RGB);
  - tRNS: an alpha channel (palette: tRNS alpha, 255 past its end; gray/RGB: 0 where the
    pixel equals the tRNS value, else the maximum);
  - 16-bit files stay 16-bit; interlaced files are de-interlaced.

Two decoders that share no code with libpng are used and must agree:
  - pypng (pure Python) gives the raw samples at full precision; this script applies the
    expansion above to them, and that is what is recorded;
  - PIL (Pillow) is compared with it on every file: exactly where PIL keeps full precision
    (8-bit files, 16-bit gray), and on the high byte where PIL cuts 16-bit colour to 8 bits.
The script stops if they disagree.

It also (re)makes the PIL-written fixtures under Made/ (gAMA 1.0 and 0.5 chunks, 16-bit gray),
whose stored values are known by construction and are checked too.

Run: tools/png-expectations.sh (makes the git-ignored venv tools/.venv with Pillow, numpy,
pypng), or tools/.venv/bin/python tools/png_expectations.py.
"""
import hashlib
import os
import struct
import sys

import numpy as np
import png  # pypng
from PIL import Image, PngImagePlugin

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ImageIOTests", "Fixtures")
SUITE = os.path.join(ROOT, "PngSuite")
MADE = os.path.join(ROOT, "Made")


def expanded_with_pypng(path):
    """The expanded samples (see the module doc) as a uint8 or uint16 array [h, w, c]."""
    reader = png.Reader(filename=path)
    width, height, rows, info = reader.read()
    raw = np.array([list(r) for r in rows], dtype=np.uint32).reshape(height, width, -1)
    depth = info["bitdepth"]
    greyscale = info["greyscale"]
    palette_image = not greyscale and info["planes"] == 1
    if palette_image:
        palette = info["palette"]
        has_alpha = any(len(e) == 4 for e in palette)
        table = np.array([list(e)[:3] + ([e[3] if len(e) == 4 else 255] if has_alpha else []) for e in palette],
                         dtype=np.uint32)
        out = table[raw[:, :, 0]]
        return out.astype(np.uint8), 8
    maximum = (1 << depth) - 1
    samples = raw
    transparent = info.get("transparent")
    if transparent is not None and not info["alpha"]:
        key = np.array(transparent if isinstance(transparent, (tuple, list)) else (transparent,), dtype=np.uint32)
        opaque = np.any(raw != key, axis=2, keepdims=True)
        samples = np.concatenate([raw, np.where(opaque, maximum, 0)], axis=2)
    if depth < 8:
        samples = samples * (255 // maximum)
        depth = 8
    return samples.astype(np.uint16 if depth == 16 else np.uint8), depth


def pil_view(path, expected, depth):
    """PIL's decoding of `path` and the part of `expected` it can be compared with."""
    im = Image.open(path)
    im.load()
    mode = im.mode
    channels = expected.shape[2]
    if mode == "P" or mode == "PA":
        target = "RGBA" if channels == 4 else "RGB"
        return np.asarray(im.convert(target)), expected, f"P->{target}"
    if mode == "1":
        return np.asarray(im).astype(np.uint8)[:, :, None] * 255, expected[:, :, :1], "1"
    if mode in ("I;16", "I;16B", "I"):
        return np.asarray(im).astype(np.uint32)[:, :, None], expected[:, :, :1].astype(np.uint32), mode
    ours = expected
    if depth == 16:                       # PIL keeps only the high byte of 16-bit colour
        ours = (expected >> 8).astype(np.uint8)
    pil = np.asarray(im)
    if pil.ndim == 2:
        pil = pil[:, :, None]
    if mode in ("RGB", "RGBA") and channels <= 2:   # PIL opens 16-bit gray+alpha as RGBA
        ours = np.concatenate([ours[:, :, :1]] * 3 + [ours[:, :, 1:]], axis=2)
    # Gray or RGB with tRNS: PIL keeps the key in info["transparency"], not as a channel.
    return pil, ours[:, :, :pil.shape[2]], mode


def digest(samples):
    data = samples.astype(">u2").tobytes() if samples.dtype == np.uint16 else samples.tobytes()
    return hashlib.sha256(data).hexdigest()


def make_fixtures():
    """PIL-written PNGs whose stored samples are known: gAMA 1.0 and 0.5 (which a decoder
    converting to sRGB would change: stored 32 read as 99), and 16-bit gray."""
    os.makedirs(MADE, exist_ok=True)
    made = {}
    ramp = np.arange(256, dtype=np.uint8).reshape(16, 16)
    info = PngImagePlugin.PngInfo()
    info.add(b"gAMA", struct.pack(">I", 100000))
    Image.fromarray(ramp).save(os.path.join(MADE, "gama100-gray8.png"), pnginfo=info)
    made["gama100-gray8.png"] = ramp[:, :, None]

    rng = np.random.default_rng(9)
    rgb = rng.integers(0, 256, size=(12, 10, 3), dtype=np.uint8)
    rgb[0, 0] = (32, 32, 32)
    info = PngImagePlugin.PngInfo()
    info.add(b"gAMA", struct.pack(">I", 50000))
    Image.fromarray(rgb).save(os.path.join(MADE, "gama050-rgb8.png"), pnginfo=info)
    made["gama050-rgb8.png"] = rgb

    wide = rng.integers(0, 65536, size=(9, 11), dtype=np.uint16)
    wide[0, :4] = (0, 1, 32 * 257, 65535)
    Image.fromarray(wide).save(os.path.join(MADE, "gray16.png"))
    made["gray16.png"] = wide[:, :, None]
    info = PngImagePlugin.PngInfo()
    info.add(b"gAMA", struct.pack(">I", 100000))
    Image.fromarray(wide).save(os.path.join(MADE, "gama100-gray16.png"), pnginfo=info)
    made["gama100-gray16.png"] = wide[:, :, None]
    return made


def main():
    made = make_fixtures()
    lines = ["# name\twidth\theight\tchannels\tdepth\tsha256 of the samples (see tools/png_expectations.py)"]
    counts = {"valid": 0, "pil_exact": 0, "pil_high_byte": 0, "invalid": 0, "invalid_pil_refused": 0}
    files = [("PngSuite", n) for n in sorted(os.listdir(SUITE)) if n.endswith(".png")]
    files += [("Made", n) for n in sorted(os.listdir(MADE)) if n.endswith(".png")]
    for folder, name in files:
        path = os.path.join(ROOT, folder, name)
        if name.startswith("x"):
            counts["invalid"] += 1
            try:
                Image.open(path).load()
                print(f"note: PIL decodes the corrupt {name}", file=sys.stderr)
            except Exception:
                counts["invalid_pil_refused"] += 1
            continue
        samples, depth = expanded_with_pypng(path)
        pil, comparable, mode = pil_view(path, samples, depth)
        if pil.shape != comparable.shape or not np.array_equal(pil.astype(np.int64), comparable.astype(np.int64)):
            sys.exit(f"{name}: PIL ({mode}, {pil.shape}) and pypng ({comparable.shape}) disagree")
        counts["pil_high_byte" if depth == 16 and mode not in ("I;16", "I;16B", "I") else "pil_exact"] += 1
        if name in made and not np.array_equal(samples, made[name]):
            sys.exit(f"{name}: decoded samples differ from the ones written")
        counts["valid"] += 1
        h, w, c = samples.shape
        lines.append(f"{folder}/{name}\t{w}\t{h}\t{c}\t{depth}\t{digest(samples)}")
    with open(os.path.join(ROOT, "expected.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
