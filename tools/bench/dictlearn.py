#!/usr/bin/env python3
"""latentpipe dictionary-learning benchmark: dict-learn against SPAMS trainDL and scikit-learn.

Driven by tools/bench/dictlearn.sh (which makes the venv); see tools/bench/README.md.

On the same whitened 8x8 patches (made with our tools: patchify, whiten, tensor-convert), the
same lambda and number of atoms, every method learns a dictionary for a number of epochs; each
dictionary is then scored on held-out patches with ONE exact solver (SPAMS lasso, LARS,
mode=2, float64): mean over held-out rows of

    1/2 ||y - z D||^2 + lambda ||z||_1          (D [atoms, features], as returned)

and mean non-zeros per row. The table gives wall times, held-out objectives and the ratios of
the goal (issue 10), at a common batch of 256 and the same pinned threads: ours' 5-epoch time /
SPAMS' 5-epoch time (goal <= 0.5) and ours' 5-epoch held-out objective / SPAMS' (goal <= 1).

Timing: ours = the whole `dict-learn` process (start-up, reading the .npy, learning, writing
the dictionary); peers = the library's fit call only (inside a worker subprocess whose BLAS /
OpenMP thread pools are pinned before numpy is imported; the layout conversion of X and the
interpreter start are not timed).
"""

import argparse
import datetime
import json
import math
import os
import re
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tools"))
from bench import (CommandError, Report, finish_report, objective, pin,  # noqa: E402
                   pinned_label, report_peers_and_load, run, run_header, table, thread_env)

CACHE_VERSION = 1
FEATURES = 64


# ----------------------------------------------------------------------------- data

def prepare(cfg, say):
    """Whitened patches -> cached train.npy / heldout.npy / init.npy; returns their paths."""
    import numpy as np
    cache = cfg.cache
    os.makedirs(cache, exist_ok=True)
    total = cfg.full_train + cfg.holdout
    per_image = (total + 1) // 2
    key = {"version": CACHE_VERSION, "per_image": per_image, "train": cfg.full_train,
           "holdout": cfg.holdout, "seed": cfg.data_seed}
    meta_path = os.path.join(cache, "meta.json")
    p = {k: os.path.join(cache, v) for k, v in dict(
        stream="white.lpt", zca="zca.lpt", all="white.npy", train="train.npy",
        heldout="heldout.npy").items()}
    meta = {}
    if os.path.exists(meta_path) and not cfg.fresh:
        with open(meta_path) as f:
            meta = json.load(f)
    if meta.get("key") != key or not all(os.path.exists(v) for v in p.values()):
        say.note("making %d whitened 8x8 patches (patchify --random %d per image | whiten | "
                 "tensor-convert)" % (2 * per_image, per_image))
        b = cfg.bin
        raw = []
        for name in ("camera.png", "coffee.png"):
            out = os.path.join(cache, "patches-%s.lpt" % name[:-4])
            run([os.path.join(b, "patchify"), os.path.join(REPO, "samples", name),
                 "--random", str(per_image), "--seed", str(cfg.data_seed), "-q", "-o", out])
            raw.append(out)
        cat = subprocess.Popen(["cat"] + raw, stdout=subprocess.PIPE)
        run([os.path.join(b, "whiten"), "--save", p["zca"], "-q", "-o", p["stream"]],
            stdin=cat.stdout)
        cat.stdout.close()
        if cat.wait() != 0:
            raise RuntimeError("cat of the patch streams failed")
        run([os.path.join(b, "tensor-convert"), p["stream"], "--to", "npy", "-q", "-o", p["all"]])
        for r in raw:
            os.remove(r)
        X = np.load(p["all"])
        assert X.ndim == 2 and X.shape[1] == FEATURES and X.shape[0] >= total, X.shape
        perm = np.random.default_rng(cfg.data_seed).permutation(X.shape[0])
        np.save(p["train"], np.ascontiguousarray(X[perm[:cfg.full_train]], dtype=np.float32))
        np.save(p["heldout"], np.ascontiguousarray(X[perm[cfg.full_train:total]],
                                                   dtype=np.float64))
        meta = {"key": key}
        with open(meta_path, "w") as f:
            json.dump(meta, f)
        # drop derived files of an older key
        for fn in os.listdir(cache):
            if fn.startswith(("train-", "init-")) and fn.endswith(".npy"):
                os.remove(os.path.join(cache, fn))
    # the training set actually used (a prefix of the shuffled training split for --train-rows)
    if cfg.train_rows == cfg.full_train:
        train = p["train"]
    else:
        train = os.path.join(cache, "train-%d.npy" % cfg.train_rows)
        if not os.path.exists(train):
            X = np.load(p["train"], mmap_mode="r")
            np.save(train, np.ascontiguousarray(X[:cfg.train_rows], dtype=np.float32))
    # initial dictionary for the peers: atoms random training rows, unit norm
    init = os.path.join(cache, "init-%d-%d-s%d.npy" % (cfg.train_rows, cfg.atoms, cfg.seed))
    if not os.path.exists(init):
        X = np.load(train)
        rng = np.random.default_rng(cfg.seed)
        D0 = X[rng.choice(X.shape[0], cfg.atoms, replace=False)].astype(np.float64)
        D0 /= np.maximum(np.linalg.norm(D0, axis=1, keepdims=True), 1e-12)
        np.save(init, D0)
    return {"train": train, "heldout": p["heldout"], "init": init, "zca": p["zca"],
            "per_image": per_image}


# ----------------------------------------------------------------------------- workers (peers)

def worker_main(spec_json):
    """Fit one peer in this thread-pinned process; save D [atoms, features]; print JSON."""
    import warnings
    warnings.simplefilter("ignore")
    import numpy as np
    s = json.loads(spec_json)
    X = np.load(s["train"])                          # float32 [rows, features]
    D0 = np.load(s["init"])                          # float64 [atoms, features], unit norm
    n = X.shape[0]
    info = {}
    if s["method"] == "spams":
        import spams
        dt = np.float32 if s["dtype"] == "float32" else np.float64
        Xf = np.asfortranarray(X.T, dtype=dt)       # [features, rows], Fortran
        D0f = np.asfortranarray(D0.T, dtype=dt)     # [features, atoms]
        bs = s["batch"]
        iters = int(math.ceil(s["epochs"] * n / bs))
        kw = dict(K=s["atoms"], lambda1=s["lam"], mode=2, batchsize=bs,
                  numThreads=s["threads"], verbose=False)
        # untimed warm-up (OpenMP pool start): one minibatch
        spams.trainDL(np.asfortranarray(Xf[:, :bs]), D=np.asfortranarray(D0f.copy()), iter=1, **kw)
        t0 = time.perf_counter()
        D = spams.trainDL(Xf, D=np.asfortranarray(D0f.copy()), iter=iters, **kw)
        dt_s = time.perf_counter() - t0
        D = np.asarray(D, dtype=np.float64).T
        info["iter"] = iters
    elif s["method"] == "sklearn":
        from threadpoolctl import threadpool_limits
        from sklearn.decomposition import MiniBatchDictionaryLearning
        dt = np.float32 if s["dtype"] == "float32" else np.float64
        Xs = np.ascontiguousarray(X, dtype=dt)
        with threadpool_limits(limits=s["threads"]):
            m = MiniBatchDictionaryLearning(
                n_components=s["atoms"], alpha=s["lam"], batch_size=s["batch"],
                max_iter=s["epochs"], fit_algorithm=s["fit_algorithm"],
                dict_init=D0.astype(dt), random_state=s["seed"], shuffle=True, n_jobs=1,
                tol=0.0, max_no_improvement=None)
            t0 = time.perf_counter()
            m.fit(Xs)
            dt_s = time.perf_counter() - t0
        D = np.asarray(m.components_, dtype=np.float64)
        info["n_steps"] = int(m.n_steps_)
        info["n_iter"] = float(m.n_iter_)
    else:
        raise SystemExit("unknown method %r" % s["method"])
    np.save(s["out"], D)
    info["time"] = dt_s
    print(json.dumps(info), flush=True)


def run_peer(cfg, spec, say):
    """Run one peer fit in a worker; returns (seconds, info) or raises CommandError."""
    spec = dict(spec)
    p = run(pin(spec["threads"]) + [sys.executable, os.path.abspath(__file__), "worker",
                                    json.dumps(spec)],
            env=thread_env(spec["threads"]))
    info = json.loads(p.stdout.strip().splitlines()[-1])
    return info["time"], info


# ----------------------------------------------------------------------------- ours

def read_dictionary(path):
    """(tensor `data` of the first frame as float64 [rows, cols], its attributes as a dict)."""
    import numpy as np
    import stream_format
    with open(path, "rb") as f:
        buf = f.read()
    for tensors, attrs in stream_format.read_frames(buf):
        for name, _code, shape, values in tensors:
            if name == "data":
                return np.asarray(values, dtype=np.float64).reshape(shape), dict(attrs)
    raise ValueError("%s: no tensor 'data'" % path)


def ours_default_batch(exe):
    """The `--batch-size` default from `dict-learn --help`, or None."""
    try:
        h = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=20)
    except Exception:
        return None
    m = re.search(r"--batch-size\b[^\n]*\(default:\s*(\d+)", h.stdout + h.stderr)
    return int(m.group(1)) if m else None


def run_ours(cfg, threads, epochs, batch, out):
    """One whole dict-learn process; returns wall seconds. batch None = the tool's default."""
    cmd = [cfg.ours, "--atoms", str(cfg.atoms), "--lambda", "%g" % cfg.lam,
           "--epochs", str(epochs), "--seed", str(cfg.seed), "--holdout", "0", "-q"]
    if batch is not None:
        cmd += ["--batch-size", str(batch)]
    if cfg.same_init:
        cmd += ["--init", cfg.paths["init"]]
    cmd += shlex.split(cfg.ours_args) + ["-o", out, cfg.paths["train"]]
    cmd = pin(threads) + cmd      # dict-learn uses the processors its affinity mask allows
    t0 = time.perf_counter()
    run(cmd)
    return time.perf_counter() - t0, " ".join(shlex.quote(c) for c in cmd)


# ----------------------------------------------------------------------------- scoring

class Scorer:
    """Held-out objective of a dictionary with SPAMS lasso (LARS, mode=2, float64)."""

    def __init__(self, heldout, lam):
        import numpy as np
        self.Y = np.load(heldout).astype(np.float64)
        self.Yf = np.asfortranarray(self.Y.T)
        self.lam = lam

    def __call__(self, D):
        import numpy as np
        import spams
        D = np.asarray(D, dtype=np.float64)
        A = spams.lasso(self.Yf, D=np.asfortranarray(D.T), lambda1=self.lam, mode=2,
                        numThreads=-1)
        Z = A.T.toarray()
        obj = objective(self.Y, D, Z, self.lam)
        norms = np.linalg.norm(D, axis=1)
        return {"obj": float(obj.mean()), "nnz": float((Z != 0).sum(axis=1).mean()),
                "norm_min": float(norms.min()), "norm_max": float(norms.max())}


# ----------------------------------------------------------------------------- main

def parse_list(s, typ=int):
    return [typ(x) for x in s.split(",") if x.strip()]


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="dict-learn vs SPAMS trainDL vs scikit-learn MiniBatchDictionaryLearning: "
                    "held-out objective and wall time (see tools/bench/README.md)")
    ap.add_argument("--bin", default=os.environ.get("LP_BIN") or os.path.join(REPO, ".build", "release"),
                    help="directory of the latentpipe binaries (default .build/release; env LP_BIN)")
    ap.add_argument("--ours", default=None,
                    help="the dict-learn executable (default: BIN/dict-learn)")
    ap.add_argument("--ours-args", default=os.environ.get("OURS_ARGS", ""),
                    help="extra dict-learn arguments for every run of ours (env OURS_ARGS)")
    ap.add_argument("--same-init", action="store_true",
                    help="start ours from the peers' initial dictionary (dict-learn --init "
                         "FILE) instead of its own --init data with --seed")
    ap.add_argument("--cache", default=os.path.join(HERE, ".cache", "dictlearn"))
    ap.add_argument("--quick", action="store_true",
                    help="20,000 training rows, epochs 1,2,5 for everyone, threads 1 "
                         "(unless given): a fast end-to-end check, not the goal measurement")
    ap.add_argument("--goal", action="store_true",
                    help="only what the goal's verdict needs: batch 256, epochs 1,2,3,5 (ours) "
                         "and 5 (SPAMS), no scikit-learn (unless given otherwise): ~5 min")
    ap.add_argument("--train-rows", type=int, default=None,
                    help="training rows used (a prefix of the shuffled 100,000; default 100000, "
                         "--quick 20000)")
    ap.add_argument("--holdout", type=int, default=10000, help="held-out rows (default 10000)")
    ap.add_argument("--atoms", type=int, default=256)
    ap.add_argument("--lambda", dest="lam", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0,
                    help="seed of ours (--seed), of the peers' initial dictionary and of "
                         "sklearn's random_state (default 0)")
    ap.add_argument("--threads", default=None, help="thread counts, e.g. 1,2 (default 1,2)")
    ap.add_argument("--batches", default="default,256",
                    help="batch sizes run for every method: 'default' (each method's own) "
                         "and/or numbers (default 'default,256')")
    ap.add_argument("--epochs-ours", default=None, help="default 1,2,3,5,10,20")
    ap.add_argument("--epochs-spams", default=None, help="default 1,2,5,20")
    ap.add_argument("--epochs-sklearn", default=None, help="default 5")
    ap.add_argument("--spams-dtypes", default="float32,float64",
                    help="SPAMS data types; the goal uses the faster SPAMS (default "
                         "float32,float64)")
    ap.add_argument("--sklearn-fit", default="cd",
                    help="fit_algorithm(s) of MiniBatchDictionaryLearning, e.g. cd,lars "
                         "(default cd; lars is a Python loop over rows, ~10x slower)")
    ap.add_argument("--skip-sklearn", action="store_true")
    ap.add_argument("--skip-spams", action="store_true")
    ap.add_argument("--skip-ours", action="store_true")
    ap.add_argument("--fresh", action="store_true", help="remake the cached data")
    ap.add_argument("--out", default=os.path.join(HERE, "dictlearn-last-run.txt"),
                    help="also write the report here ('' for none)")
    cfg = ap.parse_args(argv)
    if cfg.goal:
        if cfg.batches == ap.get_default("batches"):
            cfg.batches = "256"
        cfg.epochs_ours = cfg.epochs_ours or "1,2,3,5"
        cfg.epochs_spams = cfg.epochs_spams or "5"
        cfg.skip_sklearn = True
    cfg.full_train = 100000
    q = cfg.quick
    cfg.train_rows = cfg.train_rows or (20000 if q else cfg.full_train)
    if cfg.train_rows > cfg.full_train:
        cfg.full_train = cfg.train_rows
    cfg.threads = parse_list(cfg.threads or ("1" if q else "1,2"))
    cfg.epochs_ours = parse_list(cfg.epochs_ours or ("1,2,5" if q else "1,2,3,5,10,20"))
    cfg.epochs_spams = parse_list(cfg.epochs_spams or ("1,2,5" if q else "1,2,5,20"))
    cfg.epochs_sklearn = parse_list(cfg.epochs_sklearn or ("1" if q else "5"))
    cfg.batches = [None if b.strip() == "default" else int(b)
                   for b in cfg.batches.split(",") if b.strip()]
    cfg.spams_dtypes = [d.strip() for d in cfg.spams_dtypes.split(",") if d.strip()]
    cfg.sklearn_fit = [d.strip() for d in cfg.sklearn_fit.split(",") if d.strip()]
    cfg.ours = cfg.ours or os.path.join(cfg.bin, "dict-learn")
    cfg.data_seed = 1
    return cfg


def header(cfg, say):
    run_header(say, "latentpipe dictionary-learning benchmark", os.path.dirname(cfg.ours),
               os.path.basename(cfg.ours))
    report_peers_and_load(say)


def thread_label(t):
    return pinned_label(t)


def main(argv):
    if argv[:1] == ["worker"]:
        return worker_main(argv[1])
    cfg = parse_args(argv)
    say = Report()
    for tool in ("patchify", "whiten", "tensor-convert"):
        if not os.access(os.path.join(cfg.bin, tool), os.X_OK):
            sys.exit("dictlearn: %s/%s missing; build with `swift build -c release`"
                     % (cfg.bin, tool))
    try:
        import spams  # noqa: F401
    except Exception as e:
        sys.exit("dictlearn: SPAMS (spams-bin) is needed for the held-out scoring: %s" % e)
    t_start = time.perf_counter()
    header(cfg, say)
    have_ours = os.access(cfg.ours, os.X_OK) and not cfg.skip_ours
    ours_note = None
    if cfg.skip_ours:
        ours_note = "ours skipped (--skip-ours)"
    elif not have_ours:
        ours_note = ("ours SKIPPED: %s does not exist yet (build dict-learn, or pass --ours / "
                     "--bin); peers only" % cfg.ours)
        say.note(ours_note)
    ours_mtime = os.path.getmtime(cfg.ours) if have_ours else None
    cfg.paths = prepare(cfg, say)
    import numpy as np
    score = Scorer(cfg.paths["heldout"], cfg.lam)
    runs = os.path.join(cfg.cache, "runs")
    os.makedirs(runs, exist_ok=True)

    ours_def = ours_default_batch(cfg.ours) if have_ours else None
    def batch_for(method, b, threads):
        """(batch passed or None, batch label, kind) for method at batch setting b."""
        if b is not None:
            return b, str(b), "common %d" % b
        if method == "spams":
            return 256 * (threads + 1), "%d (def)" % (256 * (threads + 1)), "default"
        if method == "sklearn":
            return 256, "256 (def)", "default"
        return None, ("%d (def)" % ours_def) if ours_def else "tool def", "default"

    say("data: %d training + %d held-out whitened 8x8 patches (patchify --random %d --seed %d "
        "on camera.png and coffee.png, cat | whiten --save zca.lpt (ZCA, fitted on all of them), "
        "tensor-convert --to npy, shuffled (numpy seed %d), split disjoint)"
        % (cfg.train_rows, cfg.holdout, cfg.paths["per_image"], cfg.data_seed, cfg.data_seed))
    say("problem: %d atoms, lambda %g; objective per row 1/2||y - zD||^2 + lambda||z||_1 "
        "(SPAMS lambda1 and sklearn alpha in this convention)" % (cfg.atoms, cfg.lam))
    say("peers start from the same dictionary: %d random training rows, unit norm (seed %d); "
        "ours %s" % (cfg.atoms, cfg.seed, "from the same (--same-init: dict-learn --init FILE)"
                    if cfg.same_init else "from its own --init data --seed %d" % cfg.seed))
    say("held-out scoring: SPAMS lasso (LARS, mode=2, lambda1=%g, float64) of the %d held-out "
        "rows against each dictionary as returned (not renormalised)" % (cfg.lam, cfg.holdout))
    say()

    results = []     # dicts: method, label, threads, epochs, batch_label, kind, time, score...

    def add(method, label, threads, epochs, blabel, kind, secs, D, extra=""):
        sc = score(D)
        r = dict(method=method, label=label, threads=threads, epochs=epochs, blabel=blabel,
                 kind=kind, time=secs, extra=extra, **sc)
        results.append(r)
        say.note("%-28s t=%-2d ep=%-3s batch=%-10s %7.2f s  obj %.5f  nnz %.2f"
                 % (label, threads, epochs, blabel, secs if secs is not None else 0, sc["obj"],
                    sc["nnz"]))
        return r

    D0 = np.load(cfg.paths["init"])
    base = add("init", "initial dictionary", 0, 0, "-", "-", None, D0)
    zero_obj = float(0.5 * (score.Y ** 2).sum(axis=1).mean())

    failures = []
    notes = []          # oddities worth a line in the report
    # --- SPAMS
    if not cfg.skip_spams:
        for t in cfg.threads:
            for b in cfg.batches:
                for dt in cfg.spams_dtypes:
                    bs, bl, kind = batch_for("spams", b, t)
                    for e in cfg.epochs_spams:
                        out = os.path.join(runs, "spams-%s-t%d-b%d-e%d.npy" % (dt, t, bs, e))
                        spec = dict(method="spams", dtype=dt, threads=t, batch=bs, epochs=e,
                                    atoms=cfg.atoms, lam=cfg.lam, seed=cfg.seed,
                                    train=cfg.paths["train"], init=cfg.paths["init"], out=out)
                        label = "SPAMS trainDL %s" % ("f32" if dt == "float32" else "f64")
                        try:
                            secs, info = run_peer(cfg, spec, say)
                        except CommandError as err:
                            failures.append("%s t=%d batch=%s epochs=%d: %s" % (label, t, bl, e, err))
                            continue
                        add("spams", label, t, e, bl, kind, secs, np.load(out),
                            "iter=%d" % info["iter"])
    # --- sklearn
    if not cfg.skip_sklearn:
        for t in cfg.threads:
            seen = set()
            for b in cfg.batches:
                bs, bl, kind = batch_for("sklearn", b, t)
                if bs in seen:          # sklearn's default is 256: do not run it twice
                    for r in list(results):
                        if r["method"] == "sklearn" and r["threads"] == t and r["batch"] == bs:
                            results.append(dict(r, kind=kind, dup=True))
                    continue
                seen.add(bs)
                for fa in cfg.sklearn_fit:
                    for e in cfg.epochs_sklearn:
                        out = os.path.join(runs, "sklearn-%s-t%d-b%d-e%d.npy" % (fa, t, bs, e))
                        spec = dict(method="sklearn", dtype="float64", fit_algorithm=fa,
                                    threads=t, batch=bs, epochs=e, atoms=cfg.atoms,
                                    lam=cfg.lam, seed=cfg.seed, train=cfg.paths["train"],
                                    init=cfg.paths["init"], out=out)
                        label = "sklearn MBDL %s f64" % fa
                        try:
                            secs, info = run_peer(cfg, spec, say)
                        except CommandError as err:
                            failures.append("%s t=%d batch=%s epochs=%d: %s" % (label, t, bl, e, err))
                            continue
                        r = add("sklearn", label, t, e, "256 (def)" if bs == 256 else bl, kind,
                                secs, np.load(out), "steps=%d" % info["n_steps"])
                        r["batch"] = bs
    # --- ours
    ours_cmds = []
    if have_ours:
        for t in cfg.threads:
            done = {}
            for b in cfg.batches:
                bs, bl, kind = batch_for("ours", b, t)
                eff = ours_def if bs is None else bs
                if eff is not None and eff in done:
                    # same effective batch size as a setting already run: reuse its rows
                    for r in list(results):
                        if r["method"] == "ours" and r["threads"] == t and r["kind"] == done[eff]:
                            results.append(dict(r, kind=kind))
                    continue
                done[eff] = kind
                for e in cfg.epochs_ours:
                    out = os.path.join(runs, "ours-t%d-b%s-e%d.lpt" % (t, bs or "def", e))
                    try:
                        secs, cmd = run_ours(cfg, t, e, bs, out)
                        D, attrs = read_dictionary(out)
                    except (CommandError, ValueError, OSError) as err:
                        failures.append("ours t=%d batch=%s epochs=%d: %s" % (t, bl, e, err))
                        continue
                    if e == cfg.epochs_ours[0]:
                        ours_cmds.append(cmd)
                    # the batch size the tool says it used (its output attribute)
                    used = attrs.get("batch_size")
                    if isinstance(used, float) and used == int(used):
                        used = int(used)
                        if bs is None:
                            bl = "%d (def)" % used
                            if ours_def is not None and used != ours_def:
                                notes.append("ours: --help says --batch-size defaults to %d, "
                                                "the output says batch_size %d" % (ours_def, used))
                        elif used != bs:
                            notes.append("ours: asked --batch-size %d, output says %d" % (bs, used))
                    note = "steps=%d" % attrs["steps"] if isinstance(attrs.get("steps"), float) else ""
                    add("ours", "ours dict-learn", t, e, bl, kind, secs, D, note)

    # --- the table
    def spams_ref(t, kind, epochs):
        """The SPAMS reference at (threads, batch kind, epochs): the fastest dtype's run."""
        c = [r for r in results if r["method"] == "spams" and r["threads"] == t
             and r["kind"] == kind and r["epochs"] == epochs]
        return min(c, key=lambda r: r["time"]) if c else None

    kinds = []
    for b in cfg.batches:
        k = "default" if b is None else "common %d" % b
        if k not in kinds:
            kinds.append(k)
    say("== Held-out objective after E epochs (mean over %d held-out rows; all-zero codes: %.4f) =="
        % (cfg.holdout, zero_obj))
    say("wall s: ours = the whole dict-learn process (one fresh run per epoch count); peers = "
        "the fit call only")
    say("obj/S5, t/S5: against SPAMS 5 epochs at the same threads and batch kind (its faster "
        "dtype); a run of ours or a peer whose obj/S5 <= 1 has reached SPAMS-5")
    order = {"init": 0, "ours": 1, "spams": 2, "sklearn": 3}
    for kind in kinds:
        rows = []
        rows.append(["initial (random rows)", "-", "-", "-", "-", "%.5f" % base["obj"],
                     "%.2f" % base["nnz"], "%.2f-%.2f" % (base["norm_min"], base["norm_max"]),
                     "-", "-", ""])
        sel = [r for r in results if r["kind"] == kind]
        sel.sort(key=lambda r: (order[r["method"]], r["threads"], r["label"], r["epochs"]))
        for r in sel:
            ref = spams_ref(r["threads"], kind, 5)
            rows.append([r["label"], thread_label(r["threads"]), r["epochs"], r["blabel"],
                         "%.2f" % r["time"], "%.5f" % r["obj"], "%.2f" % r["nnz"],
                         "%.2f-%.2f" % (r["norm_min"], r["norm_max"]),
                         "%.4f" % (r["obj"] / ref["obj"]) if ref else "-",
                         "%.2f" % (r["time"] / ref["time"]) if ref else "-",
                         r["extra"]])
        say()
        say("-- batch: %s --" % kind)
        say(table(["method", "threads", "epochs", "batch", "wall s", "held-out obj", "nnz",
                   "atom norms", "obj/S5", "t/S5", "note"], rows, left=1))
    say()
    if ours_note:
        say(ours_note)
    if ours_cmds:
        say("ours command (first epoch count of each setting):")
        for c in ours_cmds:
            say("  " + c)
    say("SPAMS: trainDL(X [features, rows] Fortran, D=init, K=%d, lambda1=%g, mode=2, "
        "batchsize, iter=ceil(epochs*rows/batchsize), numThreads); default batchsize "
        "256*(numThreads+1) as in SPAMS' trainDL" % (cfg.atoms, cfg.lam))
    if not cfg.skip_sklearn:
        say("sklearn: MiniBatchDictionaryLearning(n_components=%d, alpha=%g, batch_size, "
            "max_iter=epochs, fit_algorithm, dict_init=init, random_state=%d, n_jobs=1, tol=0, "
            "max_no_improvement=None: early stopping off) on float64, BLAS threads via "
            "threadpoolctl and OMP/OPENBLAS_NUM_THREADS" % (cfg.atoms, cfg.lam, cfg.seed))
    for f in failures:
        say("FAILED: " + f)
    if have_ours and os.path.exists(cfg.ours) and os.path.getmtime(cfg.ours) != ours_mtime:
        notes.append("ours: %s was rebuilt during this run (now %s UTC): its rows may mix builds"
                     % (cfg.ours, datetime.datetime.fromtimestamp(
                         os.path.getmtime(cfg.ours), datetime.timezone.utc).strftime("%H:%M:%S")))
    for n in sorted(set(notes)):
        say("NOTE: " + n)
    say()

    # --- goal
    say("== Goal (issue 10: at a common batch of 256, same threads) ==")
    say("(a) per-epoch time: ours 5 epochs / SPAMS 5 epochs (wall s) <= 0.5; (b) held-out "
        "objective after 5 epochs: ours / SPAMS <= 1. SPAMS = its faster dtype at that setting. "
        "Also, for information: ours' time to reach SPAMS' 5-epoch objective / SPAMS' 5-epoch "
        "time, and the 20-epoch objectives")
    verdicts = []
    grows = []
    for t in cfg.threads:
        for kind in kinds:
            s5, s20 = spams_ref(t, kind, 5), spams_ref(t, kind, 20)
            ours = sorted([r for r in results if r["method"] == "ours" and r["threads"] == t
                           and r["kind"] == kind], key=lambda r: r["epochs"])
            o5 = [r for r in ours if r["epochs"] == 5]
            o20 = [r for r in ours if r["epochs"] == 20]
            a = b = "n/a"
            a_txt = b_txt = reach_txt = o20_txt = "-"
            if s5 and o5:
                ratio = o5[0]["time"] / s5["time"]
                a = "PASS" if ratio <= 0.5 else "FAIL"
                a_txt = "%.2f s / %s %.2f s = %.2f" % (o5[0]["time"], s5["label"][-3:],
                                                      s5["time"], ratio)
                ratio = o5[0]["obj"] / s5["obj"]
                b = "PASS" if ratio <= 1.0 else "FAIL"
                b_txt = "%.5f / %.5f = %.4f" % (o5[0]["obj"], s5["obj"], ratio)
            if s5 and ours:
                hit = [r for r in ours if r["obj"] <= s5["obj"]]
                reach_txt = ("%d ep: %.2f" % (hit[0]["epochs"], hit[0]["time"] / s5["time"])
                             if hit else "not reached")
            if s20 and o20:
                o20_txt = "%.4f" % (o20[0]["obj"] / s20["obj"])
            if kind == "common 256":
                verdicts += [v for v in (a, b) if v != "n/a"]
            grows.append([thread_label(t), kind, a, a_txt, b, b_txt, reach_txt, o20_txt])
    say(table(["threads", "batch", "(a)", "ours-5 time / SPAMS-5 time", "(b)",
               "ours-5 obj / SPAMS-5 obj", "to SPAMS-5 obj", "obj 20/20"], grows, left=7))
    if not verdicts:
        overall = "n/a (no common batch 256, or ours or SPAMS' 5-epoch runs missing)"
    else:
        overall = "PASS" if all(v == "PASS" for v in verdicts) else "FAIL"
    say("goal overall (common batch 256; each tool's default batch is for information): %s%s"
        % (overall, " (--quick: not the goal's setting)" if cfg.quick else ""))
    say()
    finish_report(say, cfg.out, t_start)


if __name__ == "__main__":
    main(sys.argv[1:])
