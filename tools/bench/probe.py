#!/usr/bin/env python3
"""linear-probe against scikit-learn's LogisticRegression on the same split, features and C.

Splits a stream (data [rows, ...], labels [rows]) with our `split-rows --test-size 1-F --seed S`,
runs `linear-probe --test test.lpt train.lpt` (C given, or chosen by its inner cross-validation),
then fits scikit-learn's StandardScaler + LogisticRegression(C=that C, lbfgs, multinomial,
tol 1e-6, max_iter 10000) on the same training rows and scores the same test rows. Prints both
accuracies and their difference: the issue asks for them within 1 point.

    /work/venv/bin/python tools/bench/probe.py                       # digits, C chosen by ours
    /work/venv/bin/python tools/bench/probe.py --C 1 --seed 3 FILE.lpt
    /work/venv/bin/python tools/bench/probe.py --pair TRAIN.lpt TEST.lpt   # parts already split (pipelines/probe.sh)
Tools come from --bin (default: `swift build --show-bin-path`, the debug build).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tools"))
import stream_format  # noqa: E402


def rows(path):
    """data [rows, features] and labels [rows] of every frame of a stream, joined."""
    data, labels = [], []
    with open(path, "rb") as f:
        for tensors, _ in stream_format.read_frames(f.read()):
            named = {name: (shape, values) for name, _, shape, values in tensors}
            shape, values = named["data"]
            data.append(np.asarray(values, dtype=np.float64).reshape(shape[0], -1))
            labels.append(np.asarray(named["labels"][1], dtype=np.float64).round().astype(int))
    return np.concatenate(data), np.concatenate(labels)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", nargs="?", default=os.path.join(REPO, "samples", "digits-8x8.lpt"))
    parser.add_argument("--train-fraction", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--C", type=float, default=None, help="C for both; default: the one linear-probe chooses")
    parser.add_argument("--bin", default=None, help="folder of the built tools")
    parser.add_argument("--pair", nargs=2, metavar=("TRAIN", "TEST"), help="train and test parts already split (no split-rows)")
    args = parser.parse_args()
    binary = args.bin or subprocess.check_output(["swift", "build", "--show-bin-path"], cwd=REPO, text=True).strip()

    with tempfile.TemporaryDirectory() as folder:
        if args.pair:
            train, test = args.pair
        else:
            train, test = os.path.join(folder, "train.lpt"), os.path.join(folder, "test.lpt")
            subprocess.run([os.path.join(binary, "split-rows"), "--test-size", repr(1 - args.train_fraction), "--seed", str(args.seed),
                            "--train", train, "--test", test, args.input], check=True)
        command = [os.path.join(binary, "linear-probe"), "--seed", str(args.seed), "--test", test, train]
        if args.C is not None:
            command[1:1] = ["--C", repr(args.C)]
        ours = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        c = float(re.search(r"^C (\S+)", ours, re.M).group(1))
        our_accuracy = float(re.search(r"^accuracy (\S+)", ours, re.M).group(1))
        x_train, y_train = rows(train)
        x_test, y_test = rows(test)

    scaler = StandardScaler().fit(x_train)
    model = LogisticRegression(C=c, tol=1e-6, max_iter=10000).fit(scaler.transform(x_train), y_train)
    theirs = model.score(scaler.transform(x_test), y_test)
    print("%d train rows, %d test rows, %d features, C %g (%s)" % (len(y_train), len(y_test), x_train.shape[1], c,
                                                                    "given" if args.C is not None else "chosen by linear-probe"))
    print("linear-probe accuracy  %.4f" % our_accuracy)
    print("scikit-learn accuracy  %.4f" % theirs)
    print("difference             %+.2f points (goal: within 1)" % (round(100 * (our_accuracy - theirs), 2) + 0.0))


if __name__ == "__main__":
    main()
