#!/usr/bin/env python3
"""sparse-encode --algorithm omp against SPAMS' omp and scikit-learn's sparse_encode(algorithm='omp'):
the same rows (8x8 patches of the sample photos, means removed), the same dictionary, the same
stopping rule (K atoms per row, or K atoms and the error target E), timed pinned alike at 1 and
2 CPUs (taskset, *_NUM_THREADS, numThreads / n_jobs); then the share of rows whose support
(the set of atoms used) is identical to SPAMS' and to scikit-learn's.

Ours is timed as a whole process (reading the rows, the Gram matrix, coding, writing the dense
codes [rows, atoms]) and, in "coding rows/s", by its own --report (reading, coding and writing
the frames, after the dictionary and Gram matrix); the peers only inside their call, on arrays
already in memory (SPAMS returns sparse codes). Each time is the best of --repeat.

    /path/to/venv/python tools/bench/omp.py [--rows 100000] [--atoms-per-row 5] [--error E] [--dict FILE] [--threads 1,2]
Needs numpy, scikit-learn and spams (spams-bin) in that python; tools from --bin (default
.build/release): patchify, sparse-encode, tensor-convert.
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


def pinned(threads):
    """taskset prefix and environment for `threads` CPUs (the first ones of ours)."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    # spams-bin's bundled OpenBLAS falls back to SSE3 kernels on new Xeons (README, peer notes).
    flags = open("/proc/cpuinfo").read()
    env.setdefault("OPENBLAS_CORETYPE", "SkylakeX" if "avx512f" in flags else "Haswell" if "avx2" in flags else "Prescott")
    cpus = sorted(os.sched_getaffinity(0))[:threads]
    return ["taskset", "-c", ",".join(str(c) for c in cpus)], env


PEER = """
import sys, time, numpy as np
x = np.load(sys.argv[1]); d = np.load(sys.argv[2]); k = int(sys.argv[3]); e = float(sys.argv[4]); threads = int(sys.argv[5])
repeat = int(sys.argv[6]); which = sys.argv[7]; out = sys.argv[8]
best = float("inf")
for _ in range(repeat):
    if which == "spams":
        import spams
        xf, df = np.asfortranarray(x.T, dtype=np.float32), np.asfortranarray(d.T, dtype=np.float32)
        start = time.perf_counter()
        # eps and lambda1 given: left to their default (None), SPAMS 2.6 (spams-bin) reads an
        # uninitialised target now and then and returns all-zero codes.
        z = spams.omp(xf, df, L=k, eps=e, lambda1=0.0, numThreads=threads)
        best = min(best, time.perf_counter() - start)
        support = (z.T != 0).toarray()
    else:
        from sklearn.decomposition import sparse_encode
        start = time.perf_counter()
        # scikit-learn takes n_nonzero_coefs or tol, not both: with E it stops on E alone.
        z = sparse_encode(x, d, algorithm="omp", n_nonzero_coefs=None if e > 0 else k, alpha=e if e > 0 else None, n_jobs=threads)
        best = min(best, time.perf_counter() - start)
        support = z != 0
np.save(out, support)
print(best)
"""


def tool(args, name):
    return os.path.join(args.bin, name)


def load_npy(args, stream, folder, name):
    path = os.path.join(folder, name + ".npy")
    subprocess.run([tool(args, "tensor-convert"), "--to", "npy", "-o", path, stream], check=True)
    return np.load(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--atoms-per-row", type=int, default=5)
    parser.add_argument("--error", type=float, default=0.0, help="also stop a row at ||y - zD||^2 <= E (0: K atoms only)")
    parser.add_argument("--dict", default=os.path.join(REPO, "samples", "dct-8x8-256.lpt"))
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", default="spams,sklearn")
    parser.add_argument("--bin", default=os.path.join(REPO, ".build", "release"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        patches = os.path.join(folder, "patches.lpt")
        photos = [os.path.join(REPO, "samples", p) for p in ("camera.png", "coffee.png")]
        subprocess.run([tool(args, "patchify"), *photos, "--random", str(args.rows // 2), "--seed", "1", "-o", patches], check=True)
        x = load_npy(args, patches, folder, "x").astype(np.float32)
        d = load_npy(args, args.dict, folder, "d").astype(np.float32)
        np.save(os.path.join(folder, "x.npy"), x)
        np.save(os.path.join(folder, "d.npy"), d)
        stop = ["--atoms-per-row", str(args.atoms_per_row)] + (["--error", repr(args.error)] if args.error > 0 else [])
        print(f"# {x.shape[0]} rows x {x.shape[1]} features, dictionary {os.path.basename(args.dict)} {d.shape[0]} atoms; "
              f"K = {args.atoms_per_row}" + (f", E = {args.error}" if args.error > 0 else "") + f"; best of {args.repeat}")
        cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next((line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("Model name")), "?")
        commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        print(f"# CPU: {model}; commit {commit}; load average at start {os.getloadavg()[0]:.2f}; OPENBLAS_CORETYPE for the peers: {pinned(1)[1]['OPENBLAS_CORETYPE']}")
        print(f"{'threads':>7}  {'ours s':>8}  {'rows/s':>9}  {'coding rows/s':>13}  "
              + "  ".join(f"{p + ' s':>10}  {p + ' rows/s':>14}  {'ours x':>7}  {'same support':>12}" for p in args.peers.split(",")))
        for threads in [int(t) for t in args.threads.split(",")]:
            prefix, env = pinned(threads)
            codes = os.path.join(folder, "codes.lpt")
            best, rate = float("inf"), 0.0
            for _ in range(args.repeat):
                start = time.perf_counter()
                report = subprocess.run(prefix + [tool(args, "sparse-encode"), "--dict", args.dict, "--algorithm", "omp", *stop, "--report",
                                                  "-o", codes, patches], check=True, env=env, capture_output=True, text=True).stderr
                best = min(best, time.perf_counter() - start)
                rate = max(rate, float(report.split(" rows/s")[0].split()[-1]))
            ours = load_npy(args, codes, folder, "z") != 0
            cells = []
            for peer in args.peers.split(","):
                out = os.path.join(folder, peer + ".npy")
                seconds = float(subprocess.run(
                    prefix + [sys.executable, "-c", PEER, os.path.join(folder, "x.npy"), os.path.join(folder, "d.npy"),
                              str(args.atoms_per_row), repr(args.error), str(threads), str(args.repeat), peer, out],
                    check=True, capture_output=True, text=True, env=env).stdout.split()[-1])
                same = np.mean(np.all(np.load(out) == ours, axis=1)) * 100
                cells.append(f"{seconds:>10.3f}  {x.shape[0] / seconds:>14.0f}  {seconds / best:>7.2f}  {same:>11.2f}%")
            print(f"{threads:>7}  {best:>8.3f}  {x.shape[0] / best:>9.0f}  {rate:>13.0f}  " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main()
