#!/usr/bin/env python3
"""latentpipe benchmark harness: sparse-encode against SPAMS, scikit-learn and numpy FISTA.

Driven by tools/bench/run.sh (which makes the venv); see tools/bench/README.md.

Sections (all print plain-text tables on stdout; the whole report also goes to last-run.txt):

  prep     whitened 8x8 patches from the sample photos, made by OUR tools (patchify, whiten,
           tensor-convert), a 256-atom dictionary learned once (SPAMS trainDL, else sklearn),
           lambda chosen so that the mean non-zeros per row is in [5, 15]; cached in .cache/.
  codes    time-to-accuracy: for target mean relative gaps 1e-3 and 1e-5, the cheapest
           setting of each method (ours and peers) that meets it, rows/s, ours/peer ratio.
  kernel   GFLOP/s of numpy float32 matmul on the FISTA shapes (and of our kernel-bench
           executable when it exists).
  stream   MB/s of a ~1 GiB stream through `cat` vs through `tensor-convert`.

Definitions: per row, obj(z) = 1/2 ||y - z D||^2 + lambda ||z||_1 (float64, numpy); the
reference is SPAMS lasso (LARS, exact, float64); gap = mean over rows of
(obj - ref) / max(ref, tiny).

Peers are timed inside worker subprocesses (`bench.py worker SPEC`) so that each gets its own
thread environment (OMP/OPENBLAS/MKL_NUM_THREADS set before numpy is imported). Peer times
cover the call plus the input/output layout conversions a user needs (float32 [rows, features]
in, dense [rows, atoms] codes out), not the interpreter start or loading the .npy. Ours is timed
as the whole `sparse-encode` process: start-up, reading the .npy, writing the codes.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
TARGETS = (1e-3, 1e-5)          # mean relative gap targets
TINY = 1e-12                    # floor of the reference objective in the gap denominator
CACHE_VERSION = 1               # bump to invalidate old caches


# ----------------------------------------------------------------------------- small helpers

def env_default(name, default):
    """Value of environment variable `name`, else `default`."""
    v = os.environ.get(name)
    return default if v is None or v == "" else v


def thread_env(threads):
    """Environment that pins BLAS/OpenMP thread pools to `threads` threads and gives OpenBLAS
    the best kernels of this CPU (see openblas_coretype)."""
    e = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
              "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
        e[k] = str(threads)
    coretype = openblas_coretype()
    if coretype:
        e["OPENBLAS_CORETYPE"] = coretype
    return e


def openblas_coretype():
    """OPENBLAS_CORETYPE for the peers: the environment's when set (`none`: leave OpenBLAS to
    its own detection), else SkylakeX on AVX-512 CPUs, Haswell on AVX2+FMA ones, else None.
    spams-bin bundles OpenBLAS 0.3.15, which does not know Sapphire Rapids and falls back to
    its SSE3 `Prescott` kernels there (SPAMS lasso 1.4x slower); numpy's and scipy's newer
    OpenBLAS pick SkylakeX by themselves, so this only lifts the old one to the same kernels."""
    given = os.environ.get("OPENBLAS_CORETYPE")
    if given:
        return None if given.lower() == "none" else given
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^flags\s*:(.*)$", f.read(), re.M)
        flags = set(m.group(1).split()) if m else set()
    except OSError:
        return None
    if {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"} <= flags:
        return "SkylakeX"
    if {"avx2", "fma"} <= flags:
        return "Haswell"
    return None


def pin(threads):
    """Command prefix that restricts a process to the first `threads` CPUs of this process's
    affinity mask (`taskset -c 0` for 1, `taskset -c 0,1` for 2), the same for ours and peers;
    empty when taskset is missing."""
    if not shutil.which("taskset"):
        return []
    cpus = sorted(os.sched_getaffinity(0))[:threads]
    return ["taskset", "-c", ",".join(str(c) for c in cpus)]


def pinned_label(threads):
    """How a thread count was run, for the tables: `1 (taskset -c 0)`."""
    p = pin(threads)
    return "%d (taskset -c %s)" % (threads, p[2]) if p else "%d (unpinned)" % threads


def cpu_model():
    """`lscpu`'s Model name (else /proc/cpuinfo's model name, else the architecture)."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True,
                             env=dict(os.environ, LC_ALL="C")).stdout
        m = re.search(r"^Model name:\s*(.+)$", out, re.M)
        if m:
            return m.group(1).strip()
    except OSError:
        pass
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
            if m:
                return m.group(1).strip()
    except OSError:
        pass
    return platform.machine()


def kernel_path(bin_dir):
    """The kernel path our tools run (`kernels=` of kernel-bench's output line), with
    LATENTPIPE_KERNELS when it forces one; a sentence when this build does not report it."""
    forced = os.environ.get("LATENTPIPE_KERNELS")
    kb = os.path.join(bin_dir, "kernel-bench")
    found = None
    if os.access(kb, os.X_OK):
        try:
            p = subprocess.run([kb, "--m", "64", "--k", "64", "--n", "64", "--threads", "1",
                                "--repeat", "1", "--form", "ab"], capture_output=True,
                               text=True, timeout=30)
            m = re.search(r"\bkernels=(\S+)", p.stdout + p.stderr)
            found = m.group(1) if m else None
        except (OSError, subprocess.SubprocessError):
            pass
    text = found or "not reported by this build (no kernels= in kernel-bench's output)"
    if forced:
        text += " (LATENTPIPE_KERNELS=%s)" % forced
    return text


def run_header(say, title, bin_dir, probe):
    """The lines every report starts with: date, CPU model, commit, binaries, kernel path."""
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
        except Exception:
            return "?"
    say("%s  %s UTC" % (title, datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")))
    say("machine: %s, %s cores (%d in this process's affinity mask), %s; Python %s"
        % (cpu_model(), os.cpu_count(), len(os.sched_getaffinity(0)),
           platform.platform(terse=True), platform.python_version()))
    say("repo: %s (%s)" % (sh("git -C %s rev-parse --short HEAD" % shlex.quote(REPO)),
                           "dirty tree" if sh("git -C %s status --porcelain -- Sources Package.swift"
                                              % shlex.quote(REPO)) else "clean Sources"))
    exe = os.path.join(bin_dir, probe)
    if os.path.exists(exe):
        mt = datetime.datetime.fromtimestamp(os.path.getmtime(exe), datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
        say("binaries: %s (%s built %s UTC, %s)" % (bin_dir, probe, mt,
                                                   sh(shlex.quote(exe) + " --version")))
    say("kernels: %s" % kernel_path(bin_dir))
    say("threads: every ratio at matching threads; ours and peers pinned alike (1: %s, 2: %s)"
        % (" ".join(pin(1)) or "unpinned", " ".join(pin(2)) or "unpinned"))


class CommandError(RuntimeError):
    """A command failed; str() is its stderr (tail), .cmd the command line."""

    def __init__(self, cmd, rc, stderr):
        super().__init__(stderr.strip()[-800:] or "exit status %d" % rc)
        self.cmd = " ".join(map(str, cmd))


def run(cmd, **kw):
    """Run a command (list), raise CommandError with its stderr on failure."""
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise CommandError(cmd, p.returncode, p.stderr)
    return p


def fmt_gap(g):
    if g is None:
        return "-"
    return "%.1e" % g


def fmt_rate(r):
    if r is None:
        return "-"
    return "%.0f" % r if r >= 100 else "%.1f" % r


def table(headers, rows, left=3):
    """Plain-text table: the first `left` columns left-aligned, the rest right-aligned."""
    cols = list(zip(*([headers] + [[str(c) for c in r] for r in rows]))) if rows else [[h] for h in headers]
    widths = [max(len(c) for c in col) for col in cols]
    out = []
    def line(cells):
        parts = []
        for i, c in enumerate(cells):
            c = str(c)
            parts.append(c.ljust(widths[i]) if i < left else c.rjust(widths[i]))
        return "  ".join(parts).rstrip()
    out.append(line(headers))
    out.append("  ".join("-" * w for w in widths))
    for r in rows:
        out.append(line(r))
    return "\n".join(out)


class Report:
    """Collects everything printed so it can also be written to last-run.txt."""

    def __init__(self):
        self.lines = []

    def __call__(self, text=""):
        print(text, flush=True)
        self.lines.append(text)

    def note(self, text):
        """Progress chatter: stderr only, not part of the report."""
        print("  .. " + text, file=sys.stderr, flush=True)


def file_digest(path):
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:12]


# ----------------------------------------------------------------------------- objective

def objective(X, D, Z, lam):
    """Per-row 1/2 ||y - z D||^2 + lam ||z||_1, in float64."""
    import numpy as np
    X = np.asarray(X, dtype=np.float64)
    D = np.asarray(D, dtype=np.float64)
    Z = np.asarray(Z, dtype=np.float64)
    R = X - Z @ D
    return 0.5 * np.einsum("ij,ij->i", R, R) + lam * np.abs(Z).sum(axis=1)


def mean_gap(obj, ref):
    import numpy as np
    return float(np.mean((obj - ref) / np.maximum(ref, TINY)))


# ----------------------------------------------------------------------------- data preparation

def prepare(cfg, say):
    """Make (or reuse) the cached patches, dictionary, lambda and reference objective."""
    import warnings
    import numpy as np
    warnings.simplefilter("ignore")      # sklearn ConvergenceWarnings while learning / preparing
    cache = cfg.cache
    os.makedirs(cache, exist_ok=True)
    meta_path = os.path.join(cache, "meta.json")
    meta = {}
    if os.path.exists(meta_path) and not cfg.fresh:
        with open(meta_path) as f:
            meta = json.load(f)
        if meta.get("version") != CACHE_VERSION or meta.get("rows") != cfg.rows:
            meta = {}
    b = cfg.bin
    per_image = cfg.rows // 2
    paths = {k: os.path.join(cache, v) for k, v in dict(
        stream="white.lpt", npy="white.npy", zca="zca.lpt", dict="D.npy",
        ref="ref_obj.npy").items()}

    # 1. patches -> whitened stream -> .npy, all with our tools.
    if not meta.get("patches") or not all(os.path.exists(paths[k]) for k in ("stream", "npy", "zca")):
        say.note("making %d whitened 8x8 patches with patchify | whiten" % cfg.rows)
        raw = []
        for name in ("camera.png", "coffee.png"):
            out = os.path.join(cache, "patches-%s.lpt" % name[:-4])
            run([os.path.join(b, "patchify"), os.path.join(REPO, "samples", name),
                 "--random", str(per_image), "--seed", "1", "-q", "-o", out])
            raw.append(out)
        # concatenate the two streams with cat (streams concatenate by design)
        cat = subprocess.Popen(["cat"] + raw, stdout=subprocess.PIPE)
        run([os.path.join(b, "whiten"), "--save", paths["zca"], "-q", "-o", paths["stream"]],
            stdin=cat.stdout)
        cat.wait()
        run([os.path.join(b, "tensor-convert"), paths["stream"], "-q", "-o", paths["npy"]])
        for r in raw:
            os.remove(r)
        meta = {"version": CACHE_VERSION, "rows": cfg.rows, "patches": True}
        with open(meta_path, "w") as f:
            json.dump(meta, f)
    X = np.load(paths["npy"])
    assert X.shape == (cfg.rows, 64), X.shape

    have_spams = cfg.have_spams
    # 2. dictionary, learned once with lambda = 1.0 on the whitened patches.
    if not meta.get("dict") or not os.path.exists(paths["dict"]):
        t0 = time.perf_counter()
        rng = np.random.default_rng(0)
        init = X[rng.choice(X.shape[0], 256, replace=False)].astype(np.float64)
        init /= np.linalg.norm(init, axis=1, keepdims=True)
        if have_spams:
            import spams
            say.note("learning the 256-atom dictionary with SPAMS trainDL (lambda 1.0)")
            Dt = spams.trainDL(np.asfortranarray(X.T, dtype=np.float64),
                               D=np.asfortranarray(init.T), K=256, lambda1=1.0, mode=2,
                               iter=1000, batchsize=512, numThreads=1, verbose=False)
            D = np.asarray(Dt).T
            how = "SPAMS trainDL(K=256, lambda1=1.0, mode=2, iter=1000, batchsize=512, numThreads=1)"
        else:
            from sklearn.decomposition import MiniBatchDictionaryLearning
            say.note("learning the 256-atom dictionary with sklearn MiniBatchDictionaryLearning")
            m = MiniBatchDictionaryLearning(n_components=256, alpha=1.0, batch_size=512,
                                            max_iter=5, fit_algorithm="cd", dict_init=init,
                                            random_state=0)
            D = m.fit(X.astype(np.float64)).components_
            how = ("sklearn MiniBatchDictionaryLearning(256, alpha=1.0, batch_size=512, "
                   "max_iter=5, fit_algorithm='cd')")
        D = D / np.linalg.norm(D, axis=1, keepdims=True)
        np.save(paths["dict"], D.astype(np.float32))
        meta.update({"dict": how, "dict_seconds": round(time.perf_counter() - t0, 1)})
        meta.pop("lambda", None)
        with open(meta_path, "w") as f:
            json.dump(meta, f)
    D = np.load(paths["dict"])

    # 3. lambda: first candidate whose mean non-zeros per row (exact solution) is in [5, 15].
    lam_fixed = cfg.lam is not None
    if lam_fixed:
        lam = cfg.lam
    elif "lambda" in meta:
        lam = meta["lambda"]
    else:
        sub = X[:2000]
        tried = []
        lam = None
        for cand in (1.0, 0.5, 2.0, 0.25, 4.0):
            Z = exact_codes(sub, D, cand, have_spams)
            nnz = float((Z != 0).sum(axis=1).mean())
            tried.append((cand, nnz))
            if 5 <= nnz <= 15:
                lam = cand
                break
        if lam is None:
            lam = min(tried, key=lambda t: abs(t[1] - 10))[0]
        meta["lambda"] = lam
        meta["lambda_tried"] = tried
        with open(meta_path, "w") as f:
            json.dump(meta, f)

    # 4. reference objective (exact LARS, float64) for every row; cached per (lambda, D).
    ref_key = "%s-%g-%s" % (file_digest(paths["dict"]), lam, "spams" if have_spams else "sklearn")
    if meta.get("ref_key") != ref_key or not os.path.exists(paths["ref"]):
        say.note("reference codes (exact LARS, float64), lambda %g" % lam)
        Z = exact_codes(X, D, lam, have_spams)
        obj = objective(X, D, Z, lam)
        np.save(paths["ref"], obj)
        meta["ref_key"] = ref_key
        meta["ref_nnz"] = float((Z != 0).sum(axis=1).mean())
        meta["ref_obj"] = float(obj.mean())
        with open(meta_path, "w") as f:
            json.dump(meta, f)
    meta["lambda"] = lam
    return X, D, lam, paths, meta


def exact_codes(X, D, lam, have_spams):
    """Exact lasso codes [rows, atoms] in float64: SPAMS LARS, else sklearn lasso_lars."""
    import numpy as np
    if have_spams:
        import spams
        A = spams.lasso(np.asfortranarray(X.T, dtype=np.float64),
                        D=np.asfortranarray(D.T, dtype=np.float64),
                        lambda1=lam, mode=2, numThreads=2)
        return A.T.toarray()
    from sklearn.decomposition import sparse_encode
    return sparse_encode(X.astype(np.float64), D.astype(np.float64),
                         algorithm="lasso_lars", alpha=lam, n_jobs=2)


# ----------------------------------------------------------------------------- workers (peers)

def worker_main(spec_json):
    """Run one peer's sweep in this (thread-pinned) process; print one JSON line per setting.

    spec: method, threads, settings (list of dicts), x, d, ref, lam, reps, cheap_s,
    stop_gap (stop the sweep after the first setting whose gap <= stop_gap), budget_s.
    """
    import warnings
    warnings.simplefilter("ignore")
    import numpy as np
    spec = json.loads(spec_json)
    X = np.load(spec["x"])                      # float32 [rows, features]
    D = np.load(spec["d"])                      # float32 [atoms, features]
    ref = np.load(spec["ref"])
    lam = spec["lam"]
    method = spec["method"]
    threads = spec["threads"]
    spent = 0.0

    def emit(setting, times, Z, extra=None):
        obj = objective(X, D, Z, lam)
        rec = {"setting": setting, "times": times, "gap": mean_gap(obj, ref),
               "nnz": float((np.asarray(Z) != 0).sum(axis=1).mean())}
        if extra:
            rec.update(extra)
        print(json.dumps(rec), flush=True)
        return rec

    if method == "fista":
        # one run to the largest iteration count, timing at checkpoints (the first k
        # iterations are identical to a k-iteration run); the clock stops for the gaps.
        checkpoints = sorted(s["iters"] for s in spec["settings"])
        for rec in fista_checkpoints(X, D, lam, checkpoints, spec.get("restart", True),
                                     spec["budget_s"]):
            r = emit("iters=%d" % rec["iters"], [rec["time"]], rec["Z"])
            if r["gap"] <= spec["stop_gap"]:
                break
        return

    # untimed warm-up on 256 rows: thread pools / joblib worker processes start here, not in
    # the first timed setting
    peer_callable(method, threads, spec["settings"][0], X[:256], D, lam)()
    for s in spec["settings"]:
        fn = peer_callable(method, threads, s, X, D, lam)
        times = []
        Z = None
        for rep in range(spec["reps"]):
            t0 = time.perf_counter()
            Z = fn()
            times.append(time.perf_counter() - t0)
            if times[0] > spec["cheap_s"]:
                break                   # best of 3 only when cheap
        spent += sum(times)
        rec = emit(s["label"], times, Z)
        if rec["gap"] <= spec["stop_gap"] or spent > spec["budget_s"]:
            break


def peer_callable(method, threads, s, X, D, lam):
    """A zero-argument function that codes X with the peer and returns dense [rows, atoms]."""
    import numpy as np
    if method in ("spams_lasso", "spams_cd"):
        import spams
        import scipy.sparse as ssp
        dt = np.float32 if s["dtype"] == "float32" else np.float64
        if method == "spams_lasso":
            def fn():
                A = spams.lasso(np.asfortranarray(X.T, dtype=dt),
                                D=np.asfortranarray(D.T, dtype=dt),
                                lambda1=lam, mode=2, numThreads=threads)
                return A.T.toarray()
        else:
            def fn():
                A0 = ssp.csc_matrix((D.shape[0], X.shape[0]), dtype=dt)
                A = spams.cd(np.asfortranarray(X.T, dtype=dt), np.asfortranarray(D.T, dtype=dt),
                             A0, lambda1=lam, mode=2, itermax=s["itermax"], tol=s["tol"],
                             numThreads=threads)
                return A.T.toarray()
        return fn
    if method in ("sk_lars", "sk_cd"):
        from sklearn.decomposition import sparse_encode
        # sparse_encode's alpha is divided by n_features internally for lasso_lars/lasso_cd,
        # whose own loss is 1/(2 n_features) ||y - z D||^2 + (alpha / n_features) ||z||_1,
        # i.e. exactly our objective / n_features: alpha = lambda (verified against SPAMS).
        algo = "lasso_lars" if method == "sk_lars" else "lasso_cd"
        kw = {"max_iter": s["max_iter"]} if "max_iter" in s else {}
        def fn():
            return sparse_encode(X.astype(np.float64), D.astype(np.float64), algorithm=algo,
                                 alpha=lam, n_jobs=threads, **kw)
        return fn
    raise ValueError("unknown method " + method)


def fista_checkpoints(X, D, lam, checkpoints, restart, budget_s):
    """Batched FISTA over all rows at once, float32, numpy (BLAS threads from the environment).

    z_{k+1} = soft(y_k - (y_k G - B) / L, lam / L),  G = D D^T, B = X D^T, L = max eig G,
    with momentum per row and gradient-based adaptive restart (O'Donoghue & Candes) per row.
    Yields {"iters", "time", "Z"} at each checkpoint; time excludes the checkpoint copies.
    """
    import numpy as np
    t0 = time.perf_counter()
    Xf = np.ascontiguousarray(X, dtype=np.float32)
    Df = np.ascontiguousarray(D, dtype=np.float32)
    G = Df @ Df.T
    L = float(np.linalg.eigvalsh(G.astype(np.float64)).max())
    B = Xf @ Df.T
    B *= 1.0 / L
    Gs = (G / L).astype(np.float32)
    thr = np.float32(lam / L)
    n, k = B.shape
    z = np.zeros((n, k), np.float32)
    y = np.zeros((n, k), np.float32)
    v = np.empty((n, k), np.float32)
    t = np.ones(n, np.float32)
    elapsed = time.perf_counter() - t0
    it = 0
    for cp in checkpoints:
        t1 = time.perf_counter()
        while it < cp:
            # v = y - grad / L = y - (y G - B) / L
            np.matmul(y, Gs, out=v)
            np.subtract(y, v, out=v)
            v += B
            # z_new = soft(v, thr)
            z_new = np.maximum(v - thr, 0, dtype=np.float32)
            z_new += np.minimum(v + thr, 0)
            diff = z_new - z                      # z_new - z_old
            t_new = (1 + np.sqrt(1 + 4 * t * t)) / 2
            beta = (t - 1) / t_new
            if restart:
                # restart rows where the momentum points uphill: (y - z_new) . (z_new - z) > 0
                np.subtract(y, z_new, out=v)
                bad = np.einsum("ij,ij->i", v, diff) > 0
                beta[bad] = 0
                t_new[bad] = 1
            np.multiply(diff, beta[:, None], out=y)
            y += z_new
            z = z_new
            t = t_new
            it += 1
        elapsed += time.perf_counter() - t1
        yield {"iters": it, "time": elapsed, "Z": z.copy()}
        if elapsed > budget_s:
            return


# ----------------------------------------------------------------------------- section: codes

def run_worker(cfg, method, threads, settings, X_path, D_path, ref_path, lam, extra=None):
    spec = {"method": method, "threads": threads, "settings": settings, "x": X_path,
            "d": D_path, "ref": ref_path, "lam": lam, "reps": cfg.reps, "cheap_s": cfg.cheap_s,
            "stop_gap": min(TARGETS), "budget_s": cfg.budget_s}
    if extra:
        spec.update(extra)
    p = subprocess.run(pin(threads) + [sys.executable, os.path.abspath(__file__), "worker",
                                       json.dumps(spec)],
                       capture_output=True, text=True, env=thread_env(threads))
    recs = []
    for line in p.stdout.splitlines():
        if line.startswith("{"):
            recs.append(json.loads(line))
    if p.returncode != 0 and not recs:
        raise RuntimeError(p.stderr.strip()[-800:])
    return recs


def run_ours(cfg, X_path, D_path, ref, X, D, lam, variant, say, prefix=()):
    """Sweep our sparse-encode's --tol; every run is timed as a whole process."""
    import numpy as np
    enc = os.path.join(cfg.bin, "sparse-encode")
    conv = os.path.join(cfg.bin, "tensor-convert")
    out = os.path.join(cfg.cache, "codes.lpt")
    out_npy = os.path.join(cfg.cache, "codes.npy")
    recs = []
    spent = 0.0
    for tol in cfg.ours_tols:
        cmd = list(prefix) + [enc, "--dict", D_path, "--lambda", repr(lam), "--tol", tol,
               "--max-iter", str(cfg.ours_max_iter), "-q"] + shlex.split(cfg.ours_args) + \
            shlex.split(variant) + [X_path, "-o", out]
        times = []
        try:
            for rep in range(cfg.reps):
                t0 = time.perf_counter()
                run(cmd)
                times.append(time.perf_counter() - t0)
                if times[0] > cfg.cheap_s:
                    break
            run([conv, out, "--to", "npy", "-q", "-o", out_npy])
            Z = np.load(out_npy)
        except Exception as e:           # a failing setting (e.g. unknown flag) is reported
            say.note("ours %s tol %s failed: %s (%s)" % (variant, tol, e, getattr(e, "cmd", "")))
            recs.append({"setting": "tol=%s" % tol, "error": str(e)[:200]})
            break
        spent += sum(times)
        g = mean_gap(objective(X, D, Z, lam), ref)
        recs.append({"setting": "tol=%s" % tol, "times": times, "gap": g,
                     "nnz": float((Z != 0).sum(axis=1).mean())})
        if g <= min(TARGETS) or spent > cfg.budget_s:
            break
    return recs


def section_codes(cfg, say, X, D, lam, paths, meta):
    import numpy as np
    rows = X.shape[0]
    ref = np.load(paths["ref"])
    X_path, D_path, ref_path = paths["npy"], paths["dict"], paths["ref"]
    say("== Sparse codes: time to a target mean relative gap (%d rows, lambda %g) ==" % (rows, lam))
    say("ref: %s, float64; mean ref objective %.4f, mean non-zeros %.2f of %d"
        % ("SPAMS lasso (LARS, mode=2)" if cfg.have_spams else "sklearn lasso_lars",
           meta["ref_obj"], meta["ref_nnz"], D.shape[0]))

    # I/O cost of our reader/writer on the same input: tensor-convert pass-through to a stream.
    conv = os.path.join(cfg.bin, "tensor-convert")
    io_times = []
    for _ in range(3):
        t0 = time.perf_counter()
        run([conv, X_path, "-q", "-o", os.path.join(cfg.cache, "passthrough.lpt")])
        io_times.append(time.perf_counter() - t0)
    say("tensor-convert %s -> stream file: best %.3f s (process start + read .npy + write stream)"
        % (os.path.basename(X_path), min(io_times)))
    say()

    results = []   # (method, threads, recs)
    variants = cfg.ours_variants
    for v in variants:
        name = "ours sparse-encode" + (" " + v if v else " (default)")
        for th in cfg.threads:
            # sparse-encode has no thread flag: it uses the processors its affinity mask allows
            say.note("timing %s, %s" % (name, pinned_label(th)))
            results.append((name, th, run_ours(cfg, X_path, D_path, ref, X, D, lam, v, say,
                                               prefix=pin(th))))

    peers = []
    if cfg.have_spams:
        for dt in ("float64", "float32"):
            for th in cfg.threads:
                peers.append(("SPAMS lasso LARS " + dt, "spams_lasso", th,
                              [{"label": "exact", "dtype": dt}]))
        for dt in ("float64", "float32"):
            for th in cfg.threads:
                peers.append(("SPAMS cd " + dt, "spams_cd", th,
                              [{"label": "itermax=%d tol=1e-3" % it, "itermax": it, "tol": 1e-3,
                                "dtype": dt} for it in (2, 3, 5, 10, 15, 20, 30, 50, 100)]))
    for th in cfg.threads:
        peers.append(("sklearn lasso_lars f64", "sk_lars", th, [{"label": "exact"}]))
    for th in cfg.threads:
        peers.append(("sklearn lasso_cd f64", "sk_cd", th,
                      [{"label": "max_iter=%d" % m, "max_iter": m}
                       for m in (2, 3, 5, 10, 20, 30, 50, 100, 1000)]))
    for th in cfg.threads:
        peers.append(("numpy FISTA f32", "fista", th,
                      [{"iters": i} for i in (5, 10, 15, 20, 25, 30, 40, 50, 70, 100, 200, 500, 1000)]))
    if cfg.peers:
        peers = [p for p in peers if any(w in p[0] for w in cfg.peers)]

    for name, method, th, settings in peers:
        say.note("timing %s, %d thread(s)" % (name, th))
        try:
            recs = run_worker(cfg, method, th, settings, X_path, D_path, ref_path, lam)
        except Exception as e:
            say.note("%s failed: %s" % (name, e))
            recs = [{"setting": "-", "error": str(e)[:200]}]
        results.append((name, th, recs))

    # --- full sweep table
    say("-- every setting tried (time: best of up to %d runs; sweeps stop once gap <= %g) --"
        % (cfg.reps, min(TARGETS)))
    rows_out = []
    for name, th, recs in results:
        for r in recs:
            if "error" in r:
                rows_out.append([name, str(th), r["setting"], "FAILED: " + r["error"][:90], "", "", ""])
                continue
            best = min(r["times"])
            rows_out.append([name, str(th), r["setting"], fmt_gap(r["gap"]), "%.2f" % r["nnz"],
                             "%.3f" % best, fmt_rate(rows / best)])
    say(table(["method", "threads", "setting", "gap", "nnz", "time s", "rows/s"], rows_out))
    say()

    # --- summary per target: cheapest setting meeting it
    def cheapest(recs, target):
        ok = [r for r in recs if "error" not in r and r["gap"] <= target]
        return min(ok, key=lambda r: min(r["times"])) if ok else None

    goal_rows = []
    for target in TARGETS:
        ours_rate = {}          # threads -> rows/s of the fastest ours variant at this target
        for name, th, recs in results:
            if name.startswith("ours"):
                c = cheapest(recs, target)
                if c:
                    ours_rate[th] = max(ours_rate.get(th, 0), rows / min(c["times"]))
        say("-- target mean gap <= %g: cheapest setting per method; ratio = ours rows/s "
            "(fastest ours at this target) / peer rows/s, at the same threads --" % target)
        out = []
        fastest_peer = {}       # threads -> (rows/s, name)
        for name, th, recs in results:
            c = cheapest(recs, target)
            if c is None:
                valid = [r for r in recs if "error" not in r]
                why = ("not reached (best gap %s)" % fmt_gap(min(r["gap"] for r in valid))
                       if valid else "failed")
                out.append([name, str(th), why, "-", "-", "-"])
                continue
            rate = rows / min(c["times"])
            if not name.startswith("ours") and rate > fastest_peer.get(th, (0, ""))[0]:
                fastest_peer[th] = (rate, name)
            ratio = "%.2f" % (ours_rate[th] / rate) if th in ours_rate else "-"
            out.append([name, str(th), c["setting"], fmt_gap(c["gap"]), fmt_rate(rate), ratio])
        say(table(["method", "threads", "setting", "gap", "rows/s", "ours/peer"], out))
        say()
        for th in cfg.threads:
            o, f = ours_rate.get(th), fastest_peer.get(th)
            if o and f:
                goal_rows.append(["%g" % target, pinned_label(th), fmt_rate(o), f[1], fmt_rate(f[0]),
                                  "%.2f" % (o / f[0]), "PASS" if o / f[0] >= 2 else "FAIL"])
    say("-- goal: ours >= 2x the fastest peer at matching threads, per target gap --")
    say(table(["target", "threads", "ours rows/s", "fastest peer", "rows/s", "ours/peer", "goal"],
              goal_rows, left=4))
    say()
    return results


# ----------------------------------------------------------------------------- section: kernel

# (B, K, N): the FISTA products (B x K)(K x 256) and LISTA's (B x 256)(256 x 64)
KERNEL_SHAPES = [(B, K, 256) for B in (1024, 4096) for K in (64, 256)] + [(4096, 256, 64)]


def kernel_worker(shapes_json):
    """GFLOP/s of float32 (B x K)(K x N): numpy matmul, and scipy's BLAS sgemm for comparison
    (numpy and scipy wheels bundle different OpenBLAS builds). Threads come from the environment.
    Prints [[numpy, scipy], ...] as JSON."""
    import numpy as np
    try:
        from scipy.linalg import blas
    except Exception:
        blas = None
    rng = np.random.default_rng(0)

    def gflops(f, flops):
        f()                                       # warm-up
        reps, best = 1, float("inf")
        while True:                               # grow reps until a batch takes >= 0.05 s
            t0 = time.perf_counter()
            for _ in range(reps):
                f()
            if time.perf_counter() - t0 >= 0.05:
                break
            reps *= 2
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(reps):
                f()
            best = min(best, (time.perf_counter() - t0) / reps)
        return flops / best / 1e9

    out = []
    for B, K, N in json.loads(shapes_json):
        a = rng.standard_normal((B, K), dtype=np.float32)
        b = rng.standard_normal((K, N), dtype=np.float32)
        c = np.empty((B, N), np.float32)
        flops = 2.0 * B * K * N
        r_np = gflops(lambda: np.matmul(a, b, out=c), flops)
        r_sp = None
        if blas is not None:
            af, bf = np.asfortranarray(a), np.asfortranarray(b)
            r_sp = gflops(lambda: blas.sgemm(1.0, af, bf), flops)
        out.append([r_np, r_sp])
    print(json.dumps(out))


def parse_gflops(text):
    """GFLOP/s from kernel-bench output: the form=ab line's gflops=, any gflops=, or 'X GFLOP'."""
    lines = text.splitlines()
    for line in [l for l in lines if "form=ab " in l + " "] + lines:
        m = re.search(r"gflops=([0-9.]+(?:e[+-]?\d+)?)", line, re.I)
        if m:
            return float(m.group(1))
    m = re.search(r"([0-9.]+(?:e[+-]?\d+)?)\s*GFLOP", text, re.I)
    return float(m.group(1)) if m else None


def section_kernel(cfg, say):
    say("== Kernel: float32 matmul GFLOP/s on the FISTA/LISTA shapes, ours vs OpenBLAS at matching threads ==")
    np_res = {}
    for th in cfg.threads:
        p = run(pin(th) + [sys.executable, os.path.abspath(__file__), "kernel-worker",
                           json.dumps(KERNEL_SHAPES)], env=thread_env(th))
        np_res[th] = json.loads(p.stdout.strip().splitlines()[-1])
    kb = os.path.join(cfg.bin, "kernel-bench")
    ours = {}
    paths = set()          # the kernels= values kernel-bench printed
    ours_note = None
    if not os.access(kb, os.X_OK):
        ours_note = "ours: n/a (kernel-bench not built)"
    else:
        # The argument syntax is the engine's; override with KERNEL_BENCH_ARGS, a template
        # with {B} {K} {N} {T}. Output: `form=ab ... gflops=X` lines (the form=ab one, i.e.
        # C = A B like numpy's matmul, is taken), else the first number before "GFLOP".
        try:
            helptext = subprocess.run([kb, "--help"], capture_output=True, text=True,
                                      timeout=20)
            say("kernel-bench: " + (helptext.stdout + helptext.stderr).strip().splitlines()[0])
            say("ours = `kernel-bench %s` (form ab: C = A B, like numpy matmul)" % cfg.kernel_args)
        except Exception as e:
            say("kernel-bench --help failed: %s" % e)
        for th in cfg.threads:
            for i, (B, K, N) in enumerate(KERNEL_SHAPES):
                args = cfg.kernel_args.format(B=B, K=K, N=N, T=th)
                try:
                    p = subprocess.run(pin(th) + [kb] + shlex.split(args), capture_output=True,
                                       text=True, timeout=120, env=thread_env(th))
                    ours[(th, i)] = parse_gflops(p.stdout + p.stderr)
                    paths.update(re.findall(r"\bkernels=(\S+)", p.stdout + p.stderr))
                    m = ours[(th, i)] is not None
                    if not m and ours_note is None:
                        ours_note = ("ours: kernel-bench %s gave no 'GFLOP' number (rc %d): %s"
                                     % (args, p.returncode, (p.stdout + p.stderr).strip()[:200]))
                except Exception as e:
                    ours[(th, i)] = None
                    ours_note = "ours: kernel-bench failed: %s" % e
    rows = []
    for th in cfg.threads:
        for i, (B, K, N) in enumerate(KERNEL_SHAPES):
            o = ours.get((th, i))
            r_np, r_sp = np_res[th][i]
            rows.append(["(%dx%d)(%dx%d)" % (B, K, K, N), pinned_label(th), "%.1f" % r_np,
                         "%.1f" % r_sp if r_sp else "n/a",
                         "%.1f" % o if o else "n/a",
                         "%.2f" % (o / r_np) if o else "-",
                         "%.2f" % (o / r_sp) if o and r_sp else "-"])
    say(table(["shape", "threads", "numpy matmul", "scipy sgemm", "ours", "ours/numpy",
               "ours/scipy"], rows, left=1))
    say("(GFLOP/s = 2*B*K*N / time, float32, best of 5; numpy and scipy bundle different "
        "OpenBLAS builds; scipy sgemm on Fortran-ordered copies, allocating its output; "
        "goal: ours/numpy >= 0.9 at every shape and thread count)")
    if ours:
        say("kernel-bench's kernel path: %s" % (", ".join(sorted(paths)) if paths else
                                               "not reported (no kernels= key in its output)"))
    if ours_note:
        say(ours_note)
    say()


# ----------------------------------------------------------------------------- section: stream

def section_stream(cfg, say, paths):
    say("== Stream pass-through: a ~%d MiB stream (the %d-row whitened stream repeated) =="
        % (cfg.big_mib, cfg.rows))
    big = os.path.join(cfg.cache, "big.lpt")
    src = paths["stream"]
    unit = os.path.getsize(src)
    copies = max(1, int(round(cfg.big_mib * 2**20 / unit)))
    want = unit * copies
    if not os.path.exists(big) or os.path.getsize(big) != want:
        say.note("writing %s (%d copies)" % (big, copies))
        with open(big + ".tmp", "wb") as f:
            data = open(src, "rb").read()
            for _ in range(copies):
                f.write(data)
        os.replace(big + ".tmp", big)
    conv = shlex.quote(os.path.join(cfg.bin, "tensor-convert"))
    q = shlex.quote(big)
    subprocess.run("cat %s > /dev/null" % q, shell=True)          # warm the page cache
    pipes = [("cat big > /dev/null", "cat %s > /dev/null" % q),
             ("cat big | cat > /dev/null", "cat %s | cat > /dev/null" % q),
             ("tensor-convert big > /dev/null", "%s %s > /dev/null" % (conv, q)),
             ("cat big | tensor-convert > /dev/null", "cat %s | %s > /dev/null" % (q, conv))]
    res = {}
    for label, cmd in pipes:
        best = float("inf")
        for _ in range(cfg.stream_reps):
            t0 = time.perf_counter()
            p = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True,
                               text=True)
            dt = time.perf_counter() - t0
            if p.returncode != 0:
                best = None
                say.note("%s failed: %s" % (label, p.stderr.strip()[:200]))
                break
            best = min(best, dt)
        res[label] = best
    rows = []
    for label, _ in pipes:
        dt = res[label]
        base = res["cat big | cat > /dev/null"] if "|" in label else res["cat big > /dev/null"]
        rows.append([label, "%.3f" % dt if dt else "failed",
                     "%.0f" % (want / dt / 1e6) if dt else "-",
                     "%.2f" % (base / dt) if dt and base else "-"])
    say("%d bytes, best of %d, page cache warm" % (want, cfg.stream_reps))
    say(table(["pipe", "time s", "MB/s", "speed vs cat"], rows, left=1))
    say("(speed vs cat: tensor-convert rows against the matching cat row; 1.00 = as fast as cat)")
    say()


# ----------------------------------------------------------------------------- main

def machine_header(cfg, say):
    run_header(say, "latentpipe benchmark", cfg.bin, "sparse-encode")
    report_peers_and_load(say)
    say()


def finish_report(say, out, t_start):
    """The closing line (load average, total time); the report also written to `out`."""
    say("load average at end: %s; total %.0f s"
        % (" ".join(f"{x:.2f}" for x in os.getloadavg()), time.perf_counter() - t_start))
    if out:
        with open(out, "w") as f:
            f.write("\n".join(say.lines) + "\n")
        say.note("report written to %s" % out)


def report_peers_and_load(say):
    """The peers' package versions and the load average, with a warning when the machine is busy."""
    vers = []
    from importlib.metadata import version
    for dist in ("numpy", "scipy", "scikit-learn", "spams-bin"):
        try:
            vers.append("%s %s" % (dist, version(dist)))
        except Exception:
            vers.append("%s missing" % dist)
    say("peers: " + ", ".join(vers))
    say("peers' OpenBLAS kernels: %s" % (
        "OPENBLAS_CORETYPE=%s (spams-bin's OpenBLAS 0.3.15 would otherwise fall back to its "
        "SSE3 Prescott kernels on CPUs newer than it)" % openblas_coretype()
        if openblas_coretype() else "each library's own detection"))
    load = os.getloadavg()
    say("load average at start: %s" % " ".join(f"{x:.2f}" for x in load))
    if load[0] > 0.5:
        say("WARNING: the machine is not idle (1-minute load %.2f on %d cores): timings are noisy, "
            "multi-threaded ones most" % (load[0], os.cpu_count()))


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=env_default("LP_BIN", os.path.join(REPO, ".build", "release")),
                    help="directory of the latentpipe binaries (env LP_BIN)")
    ap.add_argument("--cache", default=env_default("BENCH_CACHE", os.path.join(HERE, ".cache")))
    ap.add_argument("--rows", type=int, default=int(env_default("BENCH_ROWS", 20000)))
    ap.add_argument("--reps", type=int, default=int(env_default("BENCH_REPS", 3)),
                    help="best of this many runs when a run is cheap (env BENCH_REPS)")
    ap.add_argument("--cheap-s", type=float, default=float(env_default("BENCH_CHEAP_S", 2.0)),
                    help="runs longer than this are not repeated")
    ap.add_argument("--budget-s", type=float, default=float(env_default("BENCH_BUDGET_S", 60)),
                    help="a sweep stops after spending this many seconds")
    ap.add_argument("--lambda", dest="lam", type=float,
                    default=float(os.environ["BENCH_LAMBDA"]) if os.environ.get("BENCH_LAMBDA") else None,
                    help="coding lambda (default: chosen for 5-15 non-zeros; env BENCH_LAMBDA)")
    ap.add_argument("--ours-args", default=env_default("OURS_ARGS", ""),
                    help="extra sparse-encode arguments for every run (env OURS_ARGS)")
    ap.add_argument("--ours-variants",
                    default=env_default("OURS_VARIANTS", ";--algorithm cd;--algorithm fista"),
                    help="';'-separated sparse-encode argument sets, one 'ours' method each; an "
                         "empty set is the tool's default (env OURS_VARIANTS; default: "
                         "';--algorithm cd;--algorithm fista', i.e. the default solver, cd "
                         "and fista)")
    ap.add_argument("--ours-tols", default=env_default("OURS_TOLS",
                                                      "1e-1,3e-2,1e-2,3e-3,1e-3,1e-4,1e-5,1e-6"))
    ap.add_argument("--threads", default=env_default("BENCH_THREADS", "1,2"),
                    help="thread counts; each runs ours and every peer pinned to that many CPUs "
                         "with taskset (env BENCH_THREADS; default 1,2)")
    ap.add_argument("--ours-max-iter", type=int, default=int(env_default("OURS_MAX_ITER", 100000)))
    ap.add_argument("--peers", default=env_default("BENCH_PEERS", ""),
                    help="comma-separated substrings: only peers whose name contains one "
                         "(e.g. 'SPAMS,FISTA'); default all (env BENCH_PEERS)")
    ap.add_argument("--sections", default=env_default("BENCH_SECTIONS", "codes,kernel,stream"),
                    help="comma-separated subset of codes,kernel,stream (env BENCH_SECTIONS)")
    ap.add_argument("--kernel-args", default=env_default("KERNEL_BENCH_ARGS",
                                                        "--m {B} --k {K} --n {N} --threads {T} --form ab"),
                    help="kernel-bench argument template (env KERNEL_BENCH_ARGS)")
    ap.add_argument("--big-mib", type=int, default=int(env_default("BENCH_BIG_MIB", 1024)))
    ap.add_argument("--stream-reps", type=int, default=int(env_default("BENCH_STREAM_REPS", 3)))
    ap.add_argument("--fresh", action="store_true", help="rebuild the cached data")
    ap.add_argument("--out", default=env_default("BENCH_OUT", os.path.join(HERE, "last-run.txt")),
                    help="also write the report here ('' for none)")
    cfg = ap.parse_args(argv)
    cfg.ours_tols = [t.strip() for t in cfg.ours_tols.split(",") if t.strip()]
    cfg.ours_variants = [v.strip() for v in cfg.ours_variants.split(";")] or [""]
    cfg.peers = [p.strip() for p in cfg.peers.split(",") if p.strip()]
    cfg.sections = [s.strip() for s in cfg.sections.split(",") if s.strip()]
    cfg.threads = [int(t) for t in cfg.threads.split(",") if t.strip()]
    return cfg


def main(argv):
    if argv[:1] == ["worker"]:
        return worker_main(argv[1])
    if argv[:1] == ["kernel-worker"]:
        return kernel_worker(argv[1])
    cfg = parse_args(argv)
    say = Report()
    try:
        if os.environ.get("BENCH_NO_SPAMS") == "1":     # to test the no-SPAMS path
            raise ImportError("BENCH_NO_SPAMS=1")
        import spams  # noqa: F401
        cfg.have_spams = True
    except Exception as e:
        cfg.have_spams = False
        say.note("SPAMS unavailable (%s): SPAMS rows skipped, sklearn used for the dictionary "
                 "and the reference" % e)
    for tool in ("patchify", "whiten", "sparse-encode", "tensor-convert"):
        if not os.access(os.path.join(cfg.bin, tool), os.X_OK):
            sys.exit("bench: %s/%s missing; build with `swift build -c release`" % (cfg.bin, tool))
    t_start = time.perf_counter()
    machine_header(cfg, say)
    if not cfg.have_spams:
        say("NOTE: SPAMS (spams-bin) not importable: SPAMS rows skipped; reference = sklearn "
            "lasso_lars")
    X, D, lam, paths, meta = prepare(cfg, say)
    say("data: %d whitened 8x8 gray patches (patchify --random %d --seed 1 on camera.png and "
        "coffee.png, whiten zca); dictionary %dx%d: %s"
        % (X.shape[0], cfg.rows // 2, D.shape[0], D.shape[1], meta.get("dict")))
    if "lambda_tried" in meta and cfg.lam is None:
        say("lambda %g (mean non-zeros per row of the exact codes on 2000 rows: %s)"
            % (lam, ", ".join("lambda %g -> %.1f" % (l, n) for l, n in meta["lambda_tried"])))
    else:
        say("lambda %g%s" % (lam, " (set with --lambda / BENCH_LAMBDA)" if cfg.lam is not None else ""))
    say()
    if "codes" in cfg.sections:
        section_codes(cfg, say, X, D, lam, paths, meta)
    if "kernel" in cfg.sections:
        section_kernel(cfg, say)
    if "stream" in cfg.sections:
        section_stream(cfg, say, paths)
    finish_report(say, cfg.out, t_start)


if __name__ == "__main__":
    main(sys.argv[1:])
