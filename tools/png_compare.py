#!/usr/bin/env python3
"""How far a latentpipe build's PNG reading is from the stored samples, on the test fixtures.

For every valid PNG in Tests/ImageIOTests/Fixtures (PngSuite and the PIL-made ones), runs
`BIN/patchify FILE --patch-size 1 --no-center --color` (one pixel per row) and compares the
values with the stored samples as pypng and PIL decode them (tools/png_expectations.py),
scaled by 1/(2^depth - 1). Prints the files that differ and, in 8-bit levels (1/255), the
largest difference. Used to measure the reader before and after issue 9:

    tools/.venv/bin/python tools/png_compare.py .build/debug
"""
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import png_expectations as expectations  # noqa: E402
from stream_format import read_frames  # noqa: E402


def read_with(binary, path, height, width):
    out = subprocess.run([binary, path, "--patch-size", "1", "--no-center", "--color", "--batch-size", "1000000"],
                         capture_output=True, check=True).stdout
    image = np.zeros((height, width, 3))
    for tensors, _ in read_frames(out):
        named = {name: (shape, values) for name, _, shape, values in tensors}
        data = np.array(named["data"][1], dtype=np.float64).reshape(named["data"][0])
        pos = np.array(named["pos"][1]).reshape(named["pos"][0])
        image[pos[:, 0], pos[:, 1]] = data
    return image


def main():
    binary = os.path.join(sys.argv[1], "patchify")
    worst, differing, total = 0.0, [], 0
    for line in open(os.path.join(expectations.ROOT, "expected.tsv")):
        if line.startswith("#"):
            continue
        relative = line.split("\t")[0]
        path = os.path.join(expectations.ROOT, relative)
        samples, depth = expectations.expanded_with_pypng(path)
        height, width, channels = samples.shape
        colour = samples[:, :, :3] if channels >= 3 else np.repeat(samples[:, :, :1], 3, axis=2)
        expected = colour.astype(np.float64) / ((1 << depth) - 1)
        levels = np.abs(read_with(binary, path, height, width) - expected).max() * 255
        total += 1
        if levels > 1e-4:
            differing.append((relative, levels))
        worst = max(worst, levels)
    for name, levels in differing:
        print(f"{name}\t{levels:.3f} levels")
    print(f"{len(differing)} of {total} files differ from the stored samples; largest difference {worst:.3f} levels of 255")


if __name__ == "__main__":
    main()
