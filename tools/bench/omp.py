#!/usr/bin/env python3
"""sparse-encode --algorithm omp / ormp against SPAMS' omp and scikit-learn's sparse_encode(algorithm='omp'):
the same rows, the same dictionary, the same stopping rule (K atoms per row, or K atoms and the error
target E), timed pinned alike at 1 and 2 CPUs (taskset, *_NUM_THREADS, numThreads / n_jobs); then the
share of rows whose support (the set of atoms used) is identical, and on rows where two disagree, which
side a naive float64 reference (a fresh least-squares fit per step) takes.

SPAMS' omp is order-recursive matching pursuit (ORMP: each step the atom whose refit lowers the residual
most, decomp.h coreORMP), not OMP (the atom most correlated with the residual, scikit-learn's rule):
so ours `ormp` is compared with SPAMS and ours `omp` with scikit-learn, and ours `omp` with SPAMS too.

Two data sets: 8x8 patches of the sample photos (means removed) against the overcomplete DCT
(samples/dct-8x8-256.lpt, coherence 0.98: nearly dependent atoms), and the same patches whitened
(patchify | whiten) against the dictionary learned from such patches (samples/gabor-8x8-256.lpt,
coherence 0.63).

Ours is timed as a whole process (reading the rows, the Gram matrix, coding, writing the dense codes
[rows, atoms], 4·256 bytes a row: 100 MB for 100,000 rows) once writing to a file and once to
/dev/null, and, in "coding rows/s", by its own --report (reading, coding and writing the frames, after
the dictionary and Gram matrix); the peers only inside their call, on arrays already in memory
(SPAMS returns sparse codes). "cpu s" is user + system CPU time (ours: the whole process to
/dev/null; SPAMS: its call, all threads), less sensitive than wall time to other load on a shared
machine. "x" columns are the peer's seconds over ours to /dev/null ("cpu x": CPU seconds over
ours). Each time is the best of --repeat (scikit-learn: of --sklearn-repeat).

    /path/to/venv/python tools/bench/omp.py [--rows 100000] [--atoms-per-row 5] [--error E] [--data dct,gabor] [--threads 1,2]
    (error-target mode: scikit-learn stops by E alone, so give --atoms-per-row 64, the features, with --error)
Needs numpy, scikit-learn and spams (spams-bin) in that python; tools from --bin (default
.build/release): patchify, whiten, sparse-encode, tensor-convert.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DICTIONARIES = {"dct": "dct-8x8-256.lpt", "gabor": "gabor-8x8-256.lpt"}


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
best, best_cpu = float("inf"), float("inf")
for _ in range(repeat):
    if which == "spams":
        import spams
        xf, df = np.asfortranarray(x.T, dtype=np.float32), np.asfortranarray(d.T, dtype=np.float32)
        start, cpu = time.perf_counter(), time.process_time()
        # eps and lambda1 given: left to their default (None), SPAMS 2.6 (spams-bin) reads an
        # uninitialised target now and then and returns all-zero codes.
        z = spams.omp(xf, df, L=k, eps=e, lambda1=0.0, numThreads=threads)
        best, best_cpu = min(best, time.perf_counter() - start), min(best_cpu, time.process_time() - cpu)
        support = (z.T != 0).toarray()
    elif e > 0:
        from sklearn.linear_model import orthogonal_mp_gram
        start, cpu = time.perf_counter(), time.process_time()
        # sparse_encode(algorithm='omp') ignores alpha (scikit-learn 1.9 passes tol=None and codes
        # n_features / 10 atoms), so the tolerance form is called as sparse_encode would; tol
        # overrides n_nonzero_coefs: E alone stops a row (give K = features to compare).
        z = orthogonal_mp_gram(d @ d.T, d @ x.T, tol=e, norms_squared=(x * x).sum(axis=1)).T
        best, best_cpu = min(best, time.perf_counter() - start), min(best_cpu, time.process_time() - cpu)
        support = z != 0
    else:
        from sklearn.decomposition import sparse_encode
        start, cpu = time.perf_counter(), time.process_time()
        z = sparse_encode(x, d, algorithm="omp", n_nonzero_coefs=k, n_jobs=threads)
        # n_jobs > 1 codes in worker processes, whose CPU time process_time() does not see.
        best, best_cpu = min(best, time.perf_counter() - start), min(best_cpu, time.process_time() - cpu)
        support = z != 0
np.save(out, support)
print(best, best_cpu)
"""


def tool(args, name):
    return os.path.join(args.bin, name)


def load_npy(args, stream, folder, name):
    path = os.path.join(folder, name + ".npy")
    subprocess.run([tool(args, "tensor-convert"), "--to", "npy", "-o", path, stream], check=True)
    return np.load(path)


def naive_support(y, d, k, e, rule):
    """Greedy selection in float64 with a fresh least-squares fit per step: rule 'omp' takes the
    atom most correlated with the residual, 'ormp' the one whose refit leaves the smallest
    residual; stops after k atoms or once ||r||^2 <= e."""
    chosen, r = [], y.copy()
    for _ in range(k):
        if e > 0 and r @ r <= e:
            break
        c = d @ r
        if rule == "ormp" and chosen:
            q, _ = np.linalg.qr(d[chosen].T)
            off = d.T - q @ (q.T @ d.T)
            norms = (off * off).sum(0)
            score = np.where(norms > 1e-12, c * c / np.maximum(norms, 1e-300), 0.0)
        else:
            score = np.abs(c)
        score[chosen] = -1
        chosen.append(int(np.argmax(score)))
        z, *_ = np.linalg.lstsq(d[chosen].T, y, rcond=None)
        r = y - d[chosen].T @ z
    support = np.zeros(d.shape[0], bool)
    support[chosen] = True
    return support


def referee(x, d, k, e, rule, a, b, limit):
    """On up to `limit` rows where supports a and b differ: how many the naive float64 `rule` takes a's side, b's, neither."""
    rows = np.nonzero(np.any(a != b, axis=1))[0][:limit]
    sides = [0, 0, 0]
    for row in rows:
        naive = naive_support(x[row].astype(np.float64), d.astype(np.float64), k, e, rule)
        sides[0 if np.array_equal(naive, a[row]) else 1 if np.array_equal(naive, b[row]) else 2] += 1
    return len(rows), sides


def child_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ours(args, algorithm, stop, patches, dictionary, threads, folder):
    """(best seconds to a file, best seconds and CPU seconds to /dev/null, best coding rows/s, support)."""
    prefix, env = pinned(threads)
    command = prefix + [tool(args, "sparse-encode"), "--dict", dictionary, "--algorithm", algorithm, *stop, "--report"]
    codes = os.path.join(folder, "codes.lpt")
    to_file, to_null, cpu, rate = float("inf"), float("inf"), float("inf"), 0.0
    for _ in range(args.repeat):
        start = time.perf_counter()
        subprocess.run(command + ["-o", codes, patches], check=True, env=env, capture_output=True)
        to_file = min(to_file, time.perf_counter() - start)
        start, used = time.perf_counter(), child_cpu()
        report = subprocess.run(command + [patches], check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
        to_null, cpu = min(to_null, time.perf_counter() - start), min(cpu, child_cpu() - used)
        rate = max(rate, float(report.split(" rows/s")[0].split()[-1]))
    return to_file, to_null, cpu, rate, load_npy(args, codes, folder, "z") != 0


def peer(args, which, x_path, d_path, threads, folder):
    prefix, env = pinned(threads)
    out = os.path.join(folder, which + ".npy")
    repeat = args.repeat if which == "spams" else args.sklearn_repeat
    seconds, cpu = map(float, subprocess.run(
        prefix + [sys.executable, "-c", PEER, x_path, d_path, str(args.atoms_per_row), repr(args.error), str(threads), str(repeat), which, out],
        check=True, capture_output=True, text=True, env=env).stdout.split()[-2:])
    return seconds, cpu, np.load(out)


def same(a, b):
    return 100.0 * np.mean(np.all(a == b, axis=1))


def bench(args, name, folder):
    dictionary = os.path.join(REPO, "samples", DICTIONARIES[name])
    raw = os.path.join(folder, "raw.lpt")
    photos = [os.path.join(REPO, "samples", p) for p in ("camera.png", "coffee.png")]
    if not os.path.exists(raw):
        subprocess.run([tool(args, "patchify"), *photos, "--random", str(args.rows // 2), "--seed", "1", "-o", raw], check=True)
    patches = raw
    if name == "gabor":
        patches = os.path.join(folder, "white.lpt")
        subprocess.run([tool(args, "whiten"), "-q", "-o", patches, raw], check=True)
    x = load_npy(args, patches, folder, "x").astype(np.float32)
    d = load_npy(args, dictionary, folder, "d").astype(np.float32)
    x_path, d_path = os.path.join(folder, "x.npy"), os.path.join(folder, "d.npy")
    np.save(x_path, x)
    np.save(d_path, d)
    gram = d.astype(np.float64) @ d.T.astype(np.float64)
    np.fill_diagonal(gram, 0)
    stop = ["--atoms-per-row", str(args.atoms_per_row)] + (["--error", repr(args.error)] if args.error > 0 else [])
    print(f"\n## {name}: {x.shape[0]} rows x {x.shape[1]} features ({'whitened patches' if name == 'gabor' else 'patches, means removed'}), "
          f"dictionary {os.path.basename(dictionary)} {d.shape[0]} atoms, coherence {np.abs(gram).max():.2f}; "
          f"K = {args.atoms_per_row}" + (f", E = {args.error}" if args.error > 0 else "") + f"; best of {args.repeat} (scikit-learn {args.sklearn_repeat})")
    print(f"{'threads':>7}  {'rule':>4}  {'ours s':>7}  {'to null':>7}  {'cpu s':>6}  {'coding rows/s':>13}  "
          f"{'spams s':>7}  {'cpu s':>6}  {'spams x':>7}  {'cpu x':>6}  {'sklearn s':>9}  {'sklearn x':>9}")
    supports = {}
    for threads in [int(t) for t in args.threads.split(",")]:
        spams_s, spams_cpu, spams_support = peer(args, "spams", x_path, d_path, threads, folder)
        sklearn_s, _, sklearn_support = peer(args, "sklearn", x_path, d_path, threads, folder)
        for rule in ("omp", "ormp"):
            to_file, to_null, cpu, rate, support = ours(args, rule, stop, patches, dictionary, threads, folder)
            if rule in supports:
                assert np.array_equal(supports[rule], support), f"{rule}: other supports at {threads} threads"
            supports[rule] = support
            print(f"{threads:>7}  {rule:>4}  {to_file:>7.3f}  {to_null:>7.3f}  {cpu:>6.3f}  {rate:>13.0f}  "
                  f"{spams_s:>7.3f}  {spams_cpu:>6.3f}  {spams_s / to_null:>7.2f}  {spams_cpu / cpu:>6.2f}  "
                  f"{sklearn_s:>9.3f}  {sklearn_s / to_null:>9.2f}", flush=True)
        supports["spams"], supports["sklearn"] = spams_support, sklearn_support
    print(f"identical supports: ours ormp = SPAMS on {same(supports['ormp'], supports['spams']):.2f}% of rows, "
          f"ours omp = scikit-learn on {same(supports['omp'], supports['sklearn']):.2f}%, "
          f"ours omp = SPAMS on {same(supports['omp'], supports['spams']):.2f}%, "
          f"ours ormp = ours omp on {same(supports['ormp'], supports['omp']):.2f}%")
    if args.error > 0:
        # scikit-learn adds an atom before its first test of the tolerance: rows already within
        # E get one atom there, none here (nor in SPAMS).
        above = (x.astype(np.float64) ** 2).sum(axis=1) > args.error
        print(f"  on the {above.sum()} rows with ||y||^2 > E: ours omp = scikit-learn on "
              f"{same(supports['omp'][above], supports['sklearn'][above]):.2f}%")
    for rule, a, b in (("ormp", "ormp", "spams"), ("omp", "omp", "sklearn"), ("omp", "omp", "spams")):
        count, sides = referee(x, d, args.atoms_per_row, args.error, rule, supports[a], supports[b], args.check)
        if count:
            print(f"  naive float64 {rule.upper()} on {count} rows where ours {a} and {b} differ: "
                  f"takes ours' side on {sides[0]}, {b}'s on {sides[1]}, neither on {sides[2]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--atoms-per-row", type=int, default=5)
    parser.add_argument("--error", type=float, default=0.0, help="also stop a row at ||y - zD||^2 <= E (0: K atoms only)")
    parser.add_argument("--data", default="dct,gabor", help="dct (raw patches, DCT dictionary), gabor (whitened patches, learned dictionary)")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sklearn-repeat", type=int, default=1)
    parser.add_argument("--check", type=int, default=200, help="rows where supports differ to check against a naive float64 reference")
    parser.add_argument("--bin", default=os.path.join(REPO, ".build", "release"))
    args = parser.parse_args()

    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("Model name")), "?")
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"# sparse-encode --algorithm omp/ormp vs SPAMS omp and scikit-learn; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"# CPU: {model}; commit {commit}; load average at start {os.getloadavg()[0]:.2f}; "
          f"OPENBLAS_CORETYPE for the peers: {pinned(1)[1]['OPENBLAS_CORETYPE']}")
    with tempfile.TemporaryDirectory() as folder:
        for name in args.data.split(","):
            bench(args, name, folder)


if __name__ == "__main__":
    main()
