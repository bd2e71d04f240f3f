#!/usr/bin/env python3
"""Writes samples/digits-8x8.lpt from the UCI optical digits (../shared/data/digits/digits.csv.gz).

Each CSV row is 64 integers 0..16 (an 8x8 image, row-major) and the class label. The frame
holds data [1797, 64] float32 in [0, 1] (value / 16, like patchify's pixel scale), labels
[1797] int32, and the patch attributes montage and dict-learn read. Standard library only.

Data: E. Alpaydin, C. Kaynak (1998), Optical Recognition of Handwritten Digits, UCI Machine
Learning Repository, CC BY 4.0 (the test set, as distributed with scikit-learn).
usage: tools/make_digits.py [CSV.gz] [OUT.lpt]
"""
import csv
import gzip
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stream_format import write_frame  # noqa: E402

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "digits", "digits.csv.gz")
target = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "samples", "digits-8x8.lpt")

with gzip.open(source, "rt") as f:
    rows = [list(map(int, row)) for row in csv.reader(f) if row]
assert all(len(row) == 65 for row in rows), "each row: 64 pixels and a label"
pixels = [value / 16 for row in rows for value in row[:64]]
labels = [row[64] for row in rows]
frame = write_frame(
    [("data", "f", (len(rows), 64), pixels), ("labels", "i", (len(rows),), labels)],
    [("patch_height", 8), ("patch_width", 8), ("channels", 1),
     ("source", "UCI optical digits (Alpaydin & Kaynak 1998), CC BY 4.0")])
with open(target + ".tmp", "wb") as f:
    f.write(frame)
os.replace(target + ".tmp", target)
print("wrote %s: %d digits" % (target, len(rows)))
