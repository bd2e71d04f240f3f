#!/usr/bin/env python3
"""rbm-train against scikit-learn's BernoulliRBM: same digits, split, hidden units, learning rate,
batch size, epochs and row order (--in-order: scikit-learn visits rows in order), persistent CD
with as many chains as the batch; seconds per epoch pinned alike (1 and 2 CPUs in one run), and
the held-out pseudo-log-likelihood of both models from one evaluator.

The evaluator is scikit-learn's own: a BernoulliRBM whose components_, intercept_visible_ and
intercept_hidden_ are set to a model's W^T, b and c (ours read from its .lpt through
`tensor-convert --to npz`), then
  - `score_samples` on the held-out rows with random_state 0 .. draws-1 (the same flipped units
    for both models), averaged: "PLL (draws)";
  - its expectation over the flipped unit, exactly: V * log sigmoid(F(v~) - F(v)) averaged over
    every unit of every row, F its `_free_energy`: "PLL (all units)", no sampling noise.
Each figure over --seeds seeds (0 .. seeds-1, each side's own seed), then mean +/- standard
deviation over the seeds and the relative difference of the means.

    /work/venv/bin/python tools/bench/rbm.py [--hidden 100] [--lr 0.06] [--batch-size 10] [--epochs 20] [--seeds 5] [--threads 2,1] [--draws 100]
Tools from --bin (default .build/release): rbm-train, split-rows, tensor-convert.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from probe import rows  # noqa: E402


def pinned(threads):
    """taskset prefix and environment for `threads` CPUs (the first ones of ours)."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    cpus = sorted(os.sched_getaffinity(0))[:threads]
    return ["taskset", "-c", ",".join(str(c) for c in cpus)], env


def sklearn_run(train, args, seed, threads, parameters):
    """Seconds per epoch of scikit-learn in a pinned subprocess; its W^T, b, c saved to `parameters`."""
    # partial_fit treats the whole array as one batch, so time fit() with n_iter epochs instead,
    # minus the initialisation measured by a 1-epoch fit.
    code = f"""
import sys, time, numpy as np
sys.path.insert(0, {HERE!r})
from probe import rows
from sklearn.neural_network import BernoulliRBM
x, _ = rows({train!r})
def fit(epochs):
    rbm = BernoulliRBM(n_components={args.hidden}, learning_rate={args.lr}, batch_size={args.batch_size}, n_iter=epochs, random_state={seed})
    start = time.perf_counter(); rbm.fit(x); return rbm, time.perf_counter() - start
_, one = fit(1)
rbm, many = fit({args.epochs})
np.savez({parameters!r}, components=rbm.components_, visible=rbm.intercept_visible_, hidden=rbm.intercept_hidden_)
print((many - one) / ({args.epochs} - 1))
"""
    prefix, env = pinned(threads)
    out = subprocess.run(prefix + [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout
    return float(out.split()[-1])


def ours_run(train, test, args, seed, threads, folder):
    """Seconds per epoch of rbm-train (the --curve seconds after the first epoch); the model file."""
    curve, model = os.path.join(folder, "curve.csv"), os.path.join(folder, "rbm.lpt")
    prefix, env = pinned(threads)
    subprocess.run(prefix + [os.path.join(args.bin, "rbm-train"), "--hidden", str(args.hidden), "--lr", str(args.lr),
                             "--batch-size", str(args.batch_size), "--epochs", str(args.epochs), "--in-order", "--seed", str(seed),
                             "--held-out", test, "--curve", curve, "-o", model, train], check=True, env=env)
    lines = [line.split(",") for line in open(curve).read().split("\n")[1:] if line]
    seconds = [float(line[-1]) for line in lines][1:]
    return sum(seconds) / len(seconds), model


def our_parameters(binary, model, folder):
    """(W^T [hidden, visible], b, c) of one of our model files, through tensor-convert --to npz."""
    path = os.path.join(folder, "ours.npz")
    subprocess.run([os.path.join(binary, "tensor-convert"), "--to", "npz", "-o", path, model], check=True)
    with np.load(path) as z:
        return z["weight"].T.astype(np.float64), z["visible_bias"].astype(np.float64), z["hidden_bias"].astype(np.float64)


def evaluate(parameters, test, draws):
    """(PLL over `draws` seeded score_samples draws, exact PLL over every flipped unit) of W^T, b, c."""
    from sklearn.neural_network import BernoulliRBM
    components, visible, hidden = parameters
    rbm = BernoulliRBM(n_components=components.shape[0])
    rbm.components_, rbm.intercept_visible_, rbm.intercept_hidden_ = components, visible, hidden
    rbm.n_features_in_ = components.shape[1]
    sampled = []
    for draw in range(draws):
        rbm.random_state = draw
        sampled.append(rbm.score_samples(test).mean())
    free = rbm._free_energy(test)
    units = test.shape[1]
    exact = []
    for i in range(units):
        flipped = test.copy()
        flipped[:, i] = 1 - flipped[:, i]
        exact.append(-units * np.logaddexp(0, -(rbm._free_energy(flipped) - free)))
    return float(np.mean(sampled)), float(np.mean(exact))


def spread(values):
    return statistics.mean(values), (statistics.stdev(values) if len(values) > 1 else 0.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hidden", type=int, default=100)
    parser.add_argument("--lr", type=float, default=0.06)
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--threads", default="2,1")
    parser.add_argument("--draws", type=int, default=100, help="score_samples draws per model (default 100)")
    parser.add_argument("--bin", default=os.path.join(REPO, ".build", "release"))
    args = parser.parse_args()
    import sklearn
    print("machine: %s" % subprocess.run(["sh", "-c", "lscpu | sed -n 's/^Model name: *//p'"], capture_output=True, text=True).stdout.strip())
    print("commit: %s, scikit-learn %s, numpy %s" % (subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                                                                   text=True).stdout.strip(), sklearn.__version__, np.__version__))
    print("load average at start: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    thread_counts = [int(t) for t in args.threads.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        train, test = os.path.join(folder, "train.lpt"), os.path.join(folder, "test.lpt")
        subprocess.run([os.path.join(args.bin, "split-rows"), "--test-size", "300", "--seed", "1", "--train", train, "--test", test,
                        os.path.join(REPO, "samples", "digits-8x8.lpt")], check=True)
        held_out = rows(test)[0]
        print("digits: %d training rows, %d held out; hidden %d, lr %g, batch %d, %d epochs, PCD (chains = batch), rows in order"
              % (len(rows(train)[1]), len(held_out), args.hidden, args.lr, args.batch_size, args.epochs))
        print()
        print("%-8s %-5s %14s %14s %7s %13s %13s %13s %13s" % ("threads", "seed", "ours ms/epoch", "sklearn ms/ep", "ratio",
                                                               "ours PLL(d)", "sklearn (d)", "ours PLL(all)", "sklearn (all)"))
        times = {t: ([], []) for t in thread_counts}
        quality = {}
        for threads in thread_counts:
            for seed in range(args.seeds):
                ours_seconds, model = ours_run(train, test, args, seed, threads, folder)
                sklearn_parameters = os.path.join(folder, "sklearn.npz")
                theirs_seconds = sklearn_run(train, args, seed, threads, sklearn_parameters)
                times[threads][0].append(ours_seconds)
                times[threads][1].append(theirs_seconds)
                if seed not in quality:  # the same bytes at any thread count (both sides): evaluate once per seed
                    with np.load(sklearn_parameters) as z:
                        theirs = (z["components"], z["visible"], z["hidden"])
                    quality[seed] = (evaluate(our_parameters(args.bin, model, folder), held_out, args.draws),
                                     evaluate(theirs, held_out, args.draws))
                (ours_d, ours_all), (theirs_d, theirs_all) = quality[seed]
                print("%-8d %-5d %14.2f %14.2f %7.2f %13.3f %13.3f %13.3f %13.3f" % (
                    threads, seed, 1000 * ours_seconds, 1000 * theirs_seconds, theirs_seconds / ours_seconds,
                    ours_d, theirs_d, ours_all, theirs_all), flush=True)
        print()
        print("time per epoch, median over %d seeds (the machine is shared: medians, not means):" % args.seeds)
        for threads in thread_counts:
            ours, theirs = times[threads]
            print("  %d thread%s: ours %.2f ms, scikit-learn %.2f ms, ratio of medians %.2f (per-seed ratios %s)" % (
                threads, "" if threads == 1 else "s", 1000 * statistics.median(ours), 1000 * statistics.median(theirs),
                statistics.median(theirs) / statistics.median(ours), " ".join("%.2f" % (t / o) for o, t in zip(ours, theirs))))
        print("held-out pseudo-log-likelihood, one evaluator (scikit-learn's), mean +/- sd over %d seeds:" % args.seeds)
        for index, name in [(0, "score_samples, %d draws" % args.draws), (1, "every flipped unit (exact expectation)")]:
            ours = spread([quality[s][0][index] for s in sorted(quality)])
            theirs = spread([quality[s][1][index] for s in sorted(quality)])
            print("  %-40s ours %.3f +/- %.3f, scikit-learn %.3f +/- %.3f, ours relative to scikit-learn's %+.2f%%" % (
                name + ":", ours[0], ours[1], theirs[0], theirs[1], 100 * (ours[0] - theirs[0]) / abs(theirs[0])))
    print("load average at end: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))


if __name__ == "__main__":
    main()
