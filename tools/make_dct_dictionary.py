#!/usr/bin/env python3
"""Writes the overcomplete 2-D DCT dictionary shipped as samples/dct-8x8-256.lpt.

The 1-D overcomplete DCT of Aharon, Elad & Bruckstein (K-SVD, 2006): for an n-sample patch
side and m >= n frequencies, atom k is cos(pi * k * t / m), t = 0..n-1, with the mean removed
for k > 0. The 2-D dictionary is the Kronecker product of two such sets (m*m atoms of n*n
features), each atom normalised to unit L2 norm. Rows are atoms, as in scikit-learn's
components_. Standard library only.

    python3 tools/make_dct_dictionary.py [--side 8] [--freqs 16] [-o samples/dct-8x8-256.lpt]
"""
import argparse
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stream_format  # noqa: E402


def one_dimensional(side, freqs):
    atoms = []
    for k in range(freqs):
        atom = [math.cos(math.pi * k * t / freqs) for t in range(side)]
        if k > 0:
            mean = sum(atom) / side
            atom = [a - mean for a in atom]
        atoms.append(atom)
    return atoms


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--side", type=int, default=8)
    parser.add_argument("--freqs", type=int, default=16)
    parser.add_argument("-o", "--output", default="samples/dct-8x8-256.lpt")
    args = parser.parse_args()
    basis = one_dimensional(args.side, args.freqs)
    rows = []
    for vertical in basis:
        for horizontal in basis:
            atom = [v * h for v in vertical for h in horizontal]
            norm = math.sqrt(sum(a * a for a in atom))
            rows.extend(a / norm for a in atom)
    atoms, features = args.freqs * args.freqs, args.side * args.side
    frame = stream_format.write_frame(
        [("data", "f", [atoms, features], rows)],
        [("atoms", atoms), ("patch_height", args.side), ("patch_width", args.side),
         ("kind", "overcomplete 2-D DCT")])
    temporary = args.output + ".tmp"
    with open(temporary, "wb") as f:
        f.write(frame)
    os.replace(temporary, args.output)


if __name__ == "__main__":
    main()
