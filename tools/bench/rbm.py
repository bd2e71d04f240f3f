#!/usr/bin/env python3
"""rbm-train against scikit-learn's BernoulliRBM: same digits, split, hidden units, learning rate,
batch size, epochs and row order (--in-order: scikit-learn visits rows in order), persistent CD
with as many chains as the batch; seconds per epoch pinned alike, and the held-out
pseudo-log-likelihood of both (scikit-learn's score_samples flips one random unit per row:
averaged over 20 draws; ours is rbm-train's own, one fixed draw).

    /work/venv/bin/python tools/bench/rbm.py [--hidden 100] [--lr 0.06] [--batch-size 10] [--epochs 20] [--seeds 3] [--threads 2,1]
Tools from --bin (default .build/release).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from probe import rows  # noqa: E402


def sklearn_run(train, test, args, seed, threads):
    """(seconds per epoch, held-out PLL) of scikit-learn in a pinned subprocess."""
    # partial_fit treats the whole array as one batch, so time fit() with n_iter epochs instead,
    # minus the initialisation measured by a 1-epoch fit.
    code = f"""
import sys, time, numpy as np
sys.path.insert(0, {HERE!r})
from probe import rows
from sklearn.neural_network import BernoulliRBM
x, _ = rows({train!r}); t, _ = rows({test!r})
def fit(epochs):
    rbm = BernoulliRBM(n_components={args.hidden}, learning_rate={args.lr}, batch_size={args.batch_size}, n_iter=epochs, random_state={seed})
    start = time.perf_counter(); rbm.fit(x); return rbm, time.perf_counter() - start
_, one = fit(1)
rbm, many = fit({args.epochs})
rng = np.random.RandomState(0)
pll = np.mean([rbm.score_samples(t).mean() for _ in range(20)])
print((many - one) / ({args.epochs} - 1), pll)
"""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    cpus = ",".join(str(c) for c in range(threads))
    out = subprocess.run(["taskset", "-c", cpus, sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout
    seconds, pll = out.split()
    return float(seconds), float(pll)


def ours_run(binary, train, test, args, seed, threads, folder):
    """(seconds per epoch after the first, held-out PLL of the last epoch) of rbm-train."""
    curve = os.path.join(folder, "curve.csv")
    cpus = ",".join(str(c) for c in range(threads))
    subprocess.run(["taskset", "-c", cpus, os.path.join(binary, "rbm-train"), "--hidden", str(args.hidden), "--lr", str(args.lr),
                    "--batch-size", str(args.batch_size), "--epochs", str(args.epochs), "--in-order", "--seed", str(seed),
                    "--held-out", test, "--curve", curve, "-o", os.path.join(folder, "rbm.lpt"), train], check=True)
    lines = [line.split(",") for line in open(curve).read().split("\n")[1:] if line]
    seconds = [float(line[-1]) for line in lines][1:]
    return sum(seconds) / len(seconds), float(lines[-1][4])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hidden", type=int, default=100)
    parser.add_argument("--lr", type=float, default=0.06)
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--threads", default="2,1")
    parser.add_argument("--bin", default=os.path.join(REPO, ".build", "release"))
    args = parser.parse_args()
    print("machine: %s" % subprocess.run(["sh", "-c", "lscpu | sed -n 's/^Model name: *//p'"], capture_output=True, text=True).stdout.strip())
    print("load average at start: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    with tempfile.TemporaryDirectory() as folder:
        train, test = os.path.join(folder, "train.lpt"), os.path.join(folder, "test.lpt")
        subprocess.run([os.path.join(args.bin, "split-rows"), "--test-size", "300", "--seed", "1", "--train", train, "--test", test,
                        os.path.join(REPO, "samples", "digits-8x8.lpt")], check=True)
        print("digits: %d training rows, %d held out; hidden %d, lr %g, batch %d, %d epochs, PCD (chains = batch), rows in order"
              % (len(rows(train)[1]), len(rows(test)[1]), args.hidden, args.lr, args.batch_size, args.epochs))
        print("%-8s %-6s %14s %14s %8s %12s %12s" % ("threads", "seed", "ours ms/epoch", "sklearn ms/ep", "ratio", "ours PLL", "sklearn PLL"))
        for threads in [int(t) for t in args.threads.split(",")]:
            for seed in range(args.seeds):
                ours = ours_run(args.bin, train, test, args, seed, threads, folder)
                theirs = sklearn_run(train, test, args, seed, threads)
                print("%-8d %-6d %14.2f %14.2f %8.2f %12.3f %12.3f" % (threads, seed, 1000 * ours[0], 1000 * theirs[0], theirs[0] / ours[0], ours[1], theirs[1]))


if __name__ == "__main__":
    main()
