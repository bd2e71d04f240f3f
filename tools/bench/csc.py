#!/usr/bin/env python3
"""latentpipe convolutional sparse coding benchmark: csc-encode and csc-learn against SPORCO.

Driven by tools/bench/csc.sh (which finds the Python with SPORCO); see tools/bench/README.md.

Problem (SPORCO's ConvBPDN, Wohlberg 2016), per image s [H, W] and kernels d_m [8, 8]:

    E(x) = 1/2 || sum_m d_m * x_m - s ||^2 + lambda sum_m ||x_m||_1

with * the circular convolution on the H x W grid, kernel origin at (0, 0) (SPORCO's and our
convention: (d*x)[y, u] = sum_ij d[i, j] x[(y-i) mod H, (u-j) mod W]). E is evaluated here in
float64 with numpy (FFT), checked against a direct loop of np.roll sums, on the coefficient maps
each tool returns.

Sections:
  encode  a 256x256 grey photo (samples/camera.png, 2x2 averaged, [0,1]) high-passed once
          with SPORCO's tikhonov_filter(s, 10, 16) (cbpdn_gry.py's fltlmbd 10, npd 16); the
          SAME array (.npy) goes to both tools. 16 and 32 unit-norm 8x8 kernels. SPORCO
          ConvBPDN with cbpdn_gry.py's options (lambda 5e-2, MaxMainIter 200, RelStopTol 5e-3,
          AuxVarObj False) gives the target E* = E(its returned coefficients, getcoef() = Y);
          ours: csc-encode --target-energy E* (stop when E <= E*), timed as a whole process;
          ratio = SPORCO time / ours, at 1 and 2 threads.
  learn   SPORCO's grey dictionary-learning examples (64 8x8 filters, lambda 0.2, images
          high-passed with tikhonov_filter(s, 5, 16)): onlinecdl_gry.py (OnlineConvBPDNDictLearn,
          50 image steps) and/or cbpdndl_cns_gry.py (ConvBPDNDictLearn, 200 iterations) on five
          128x128 training images made from our samples; the learned dictionaries are scored on
          a held-out 128x128 image by ONE fixed encoder (SPORCO ConvBPDN, tight tolerance,
          float64); ours: csc-learn for E = 1, 2, 3, ... epochs (a fresh timed process each)
          until its dictionary's held-out energy <= SPORCO's; ratio = SPORCO time / ours.

SPORCO runs inside worker subprocesses pinned like ours (taskset -c 0 / 0,1) with
OMP/OPENBLAS/MKL/NUMEXPR threads = N and sporco.fft.pyfftw_threads = N (SPORCO otherwise gives
pyFFTW multiprocessing.cpu_count() threads, which ignores taskset). SPORCO's time is its solve
(object construction + solve / learning loop) after an untimed warm-up run on the same shapes:
pyFFTW plans with FFTW_MEASURE on first use, which costs seconds and would be unfair to count.
Ours is timed as the whole process (start-up, reading the .npy, coding, writing the output).
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from bench import (CommandError, Report, env_default, finish_report, pin,  # noqa: E402
                   pinned_label, run, run_header, table, thread_env)

CACHE_VERSION = 1
ENCODE_LAMBDA = 5e-2       # cbpdn_gry.py
ENCODE_FLTLMBD = 10        # cbpdn_gry.py
LEARN_LAMBDA = 0.2         # onlinecdl_gry.py, cbpdndl_cns_gry.py
LEARN_FLTLMBD = 5          # onlinecdl_gry.py, cbpdndl_cns_gry.py
NPD = 16                   # all of SPORCO's examples
LEARN_FILTERS = 64
KSIZE = 8
ENERGY_SLACK = 1e-5        # ours "reaches" E* when numpy's E(ours) <= E* (1 + slack): float32 sums


# ----------------------------------------------------------------------------- objective

def kernel_spectra(D, shape):
    """rfft2 of the kernels D [kh, kw, M] zero-padded to shape (origin at (0, 0)): [M, H, W/2+1]."""
    import numpy as np
    H, W = shape
    P = np.zeros((D.shape[2], H, W))
    P[:, :D.shape[0], :D.shape[1]] = np.transpose(D, (2, 0, 1))
    return np.fft.rfft2(P)


def reconstruct(D, X):
    """sum_m d_m * x_m, circular, through the FFT, float64. D [kh, kw, M], X [M, H, W]."""
    import numpy as np
    X = np.asarray(X, dtype=np.float64)
    Df = kernel_spectra(np.asarray(D, dtype=np.float64), X.shape[1:])
    return np.fft.irfft2((Df * np.fft.rfft2(X)).sum(axis=0), s=X.shape[1:])


def reconstruct_direct(D, X):
    """The same sum as a direct loop of shifted copies (independent of the FFT route)."""
    import numpy as np
    X = np.asarray(X, dtype=np.float64)
    out = np.zeros(X.shape[1:])
    for m in range(D.shape[2]):
        for i in range(D.shape[0]):
            for j in range(D.shape[1]):
                if D[i, j, m] != 0:
                    out += float(D[i, j, m]) * np.roll(X[m], (i, j), axis=(0, 1))
    return out


def energy(s, D, X, lam, recon=None):
    """1/2 ||sum_m d_m * x_m - s||^2 + lam sum |x|, float64."""
    import numpy as np
    r = (reconstruct(D, X) if recon is None else np.asarray(recon, dtype=np.float64)) - s
    return 0.5 * float(np.sum(r * r)) + lam * float(np.abs(np.asarray(X, dtype=np.float64)).sum())


def sporco_maps(Y):
    """SPORCO's coefficients [H, W, 1, 1, M] (or [H, W, 1, 1, M] per image) -> [M, H, W]."""
    import numpy as np
    Y = np.asarray(Y)
    return np.ascontiguousarray(np.transpose(Y.reshape(Y.shape[0], Y.shape[1], -1), (2, 0, 1)))


def kernels_ours(D):
    """SPORCO's D [kh, kw, M] -> our kernels tensor [M, 1, kh, kw] float32."""
    import numpy as np
    return np.ascontiguousarray(np.transpose(D, (2, 0, 1))[:, None], dtype=np.float32)


def kernels_sporco(K):
    """Our kernels [M, C, kh, kw] (C = 1) -> SPORCO's D [kh, kw, M]."""
    import numpy as np
    K = np.asarray(K)
    assert K.ndim == 4 and K.shape[1] == 1, K.shape
    return np.ascontiguousarray(np.transpose(K[:, 0], (1, 2, 0)))


# ----------------------------------------------------------------------------- data

def grey(path):
    """A PNG as float32 grey in [0, 1] (Rec. 601 luma for RGB, as our tools convert)."""
    import numpy as np
    import imageio.v3 as iio
    a = np.asarray(iio.imread(path)).astype(np.float64)
    if a.ndim == 3:
        a = a[..., :3] @ np.array([0.299, 0.587, 0.114])
    return (a / 255.0).astype(np.float32)


def half(a):
    """2x2 average (odd last row/column dropped)."""
    H, W = a.shape[0] // 2 * 2, a.shape[1] // 2 * 2
    return a[:H, :W].reshape(H // 2, 2, W // 2, 2).mean(axis=(1, 3)).astype(a.dtype)


def save_frame(path, a):
    """An image [H, W] as a .npy [1, H, W] float32: one image-stream frame for our tools."""
    import numpy as np
    np.save(path, np.ascontiguousarray(a[None], dtype=np.float32))


def prepare(cfg, say):
    """Everything both tools read, made once in cfg.cache (--fresh remakes it)."""
    import numpy as np
    from sporco import signal
    c = cfg.cache
    os.makedirs(c, exist_ok=True)
    meta_path = os.path.join(c, "meta.json")
    p = {"photo": "photo.npy", "hp": "hp.npy", "lp": "lp.npy", "train": "train-hp.npy",
         "heldout": "heldout-hp.npy"}
    p = {k: os.path.join(c, v) for k, v in p.items()}
    p["train_frames"] = [os.path.join(c, "train-%d.npy" % i) for i in range(5)]
    p["heldout_frame"] = os.path.join(c, "heldout.npy")
    key = {"version": CACHE_VERSION}
    ok = os.path.exists(meta_path) and not cfg.fresh
    if ok:
        with open(meta_path) as f:
            ok = json.load(f).get("key") == key
    files = [v for v in p.values() if isinstance(v, str)] + p["train_frames"] + [p["heldout_frame"]]
    if ok and all(os.path.exists(f) for f in files):
        make_kernels(cfg, p)
        return p
    say.note("making the data in %s" % c)
    # encode: camera 512x512 -> 256x256, high-passed as cbpdn_gry.py does
    photo = half(grey(os.path.join(REPO, "samples", "camera.png")))
    sl, sh = signal.tikhonov_filter(photo, ENCODE_FLTLMBD, NPD)
    save_frame(p["photo"], photo)
    save_frame(p["hp"], sh)
    save_frame(p["lp"], sl)
    make_kernels(cfg, p)
    # learn: five 128x128 training images and one held-out image, grey, from our samples
    cam256 = photo
    coffee = half(grey(os.path.join(REPO, "samples", "coffee.png")))       # 200 x 300
    train = [cam256[:128, :128], cam256[:128, 128:], cam256[128:, :128], cam256[128:, 128:],
             coffee[36:164, 10:138]]
    heldout = coffee[36:164, 150:278]
    S = np.dstack(train)
    _, Sh = signal.tikhonov_filter(S, LEARN_FLTLMBD, NPD)
    _, Hh = signal.tikhonov_filter(heldout, LEARN_FLTLMBD, NPD)
    np.save(p["train"], Sh.astype(np.float32))
    np.save(p["heldout"], Hh.astype(np.float32))
    for i, f in enumerate(p["train_frames"]):
        save_frame(f, Sh[..., i])
    save_frame(p["heldout_frame"], Hh)
    with open(meta_path, "w") as f:
        json.dump({"key": key}, f)
    return p


# ----------------------------------------------------------------------------- SPORCO settings

def make_kernels(cfg, p):
    """The first M kernels of SPORCO's learned 8x8 dictionaries (util.convdicts(): 'G:8x8x32',
    'G:8x8x64', ...; the smallest that has M), each scaled to unit norm; SPORCO's D [8, 8, M]
    and ours [M, 1, 8, 8]. SPORCO ships no 'G:8x8x16': 16 kernels are 'G:8x8x32's first 16."""
    import numpy as np
    from sporco import util
    dicts = util.convdicts()
    for m in cfg.kernels:
        p["D%d" % m] = os.path.join(cfg.cache, "D%d.npy" % m)
        p["K%d" % m] = os.path.join(cfg.cache, "kernels-%d.npy" % m)
        sizes = sorted(int(k.split("x")[-1]) for k in dicts if re.fullmatch(r"G:8x8x\d+", k))
        fits = [n for n in sizes if n >= m]
        if not fits:
            raise SystemExit("csc: SPORCO has no 8x8 dictionary of %d or more kernels (has %s)"
                             % (m, sizes))
        D = np.asarray(dicts["G:8x8x%d" % fits[0]], dtype=np.float64)[:, :, :m]
        D = D / np.linalg.norm(D.reshape(-1, m), axis=0)
        p["D%d_source" % m] = "['G:8x8x%d']%s" % (fits[0], "" if fits[0] == m else "[:, :, :%d]" % m)
        np.save(p["D%d" % m], D.astype(np.float32))
        np.save(p["K%d" % m], kernels_ours(D))


def encode_options(max_iter, tol):
    """cbpdn_gry.py's ConvBPDN options."""
    from sporco.admm import cbpdn
    return cbpdn.ConvBPDN.Options({'Verbose': False, 'MaxMainIter': max_iter,
                                   'RelStopTol': tol, 'AuxVarObj': False})


def online_options():
    """onlinecdl_gry.py's OnlineConvBPDNDictLearn options."""
    import numpy as np
    from sporco.dictlrn import onlinecdl
    return onlinecdl.OnlineConvBPDNDictLearn.Options({
        'Verbose': False, 'ZeroMean': False, 'eta_a': 10.0, 'eta_b': 20.0,
        'DataType': np.float32,
        'CBPDN': {'rho': 5.0, 'AutoRho': {'Enabled': True}, 'RelaxParam': 1.8,
                  'RelStopTol': 1e-4, 'MaxMainIter': 50, 'FastSolve': False,
                  'DataType': np.float32}})


def batch_options(max_iter):
    """cbpdndl_cns_gry.py's ConvBPDNDictLearn options."""
    from sporco.dictlrn import cbpdndl
    return cbpdndl.ConvBPDNDictLearn.Options({
        'Verbose': False, 'MaxMainIter': max_iter,
        'CBPDN': {'rho': 50.0 * LEARN_LAMBDA + 0.5},
        'CCMOD': {'rho': 10.0, 'ZeroMean': True}}, dmethod='cns')


# ----------------------------------------------------------------------------- SPORCO worker

def timed_runs(once, warm_up, size, reps):
    """once(size) -> (seconds, result): an untimed warm-up once(warm_up) (pyFFTW makes its
    FFTW_MEASURE plans on first use), then reps timed runs; (their times, the last result)."""
    once(warm_up)
    times = []
    for _ in range(reps):
        t, result = once(size)
        times.append(t)
    return times, result


def worker_main(spec_json):
    """Runs one SPORCO task in this pinned process; prints one JSON line."""
    import warnings
    warnings.simplefilter("ignore")
    import numpy as np
    import sporco.fft
    s = json.loads(spec_json)
    sporco.fft.pyfftw_threads = s["threads"]
    out = {"pyfftw": bool(getattr(sporco.fft, "have_pyfftw", False))}
    if s["task"] == "encode":
        from sporco.admm import cbpdn
        img = np.load(s["image"])[0]
        D = np.load(s["D"])

        def once(max_iter):
            t0 = time.perf_counter()
            b = cbpdn.ConvBPDN(D, img, s["lam"], encode_options(max_iter, s["tol"]), dimK=0)
            Y = b.solve()
            return time.perf_counter() - t0, (b, Y)
        times, (b, Y) = timed_runs(once, 3, s["max_iter"], s["reps"])
        its = b.getitstat()
        np.save(s["out"], sporco_maps(Y))
        out.update(times=times, iterations=int(its.Iter[-1]) + 1, objfun=float(its.ObjFun[-1]),
                   dtype=str(Y.dtype))
    elif s["task"] == "online":
        from sporco.dictlrn import onlinecdl
        S = np.load(s["train"])

        def once(steps):
            np.random.seed(12345)                 # onlinecdl_gry.py: D0 then the image draws
            D0 = np.random.randn(KSIZE, KSIZE, LEARN_FILTERS)
            t0 = time.perf_counter()
            d = onlinecdl.OnlineConvBPDNDictLearn(D0, s["lam"], online_options())
            for _ in range(steps):
                d.solve(S[..., [np.random.randint(0, S.shape[-1])]])
            D1 = d.getdict()
            return time.perf_counter() - t0, D1
        times, D1 = timed_runs(once, 2, s["steps"], s["reps"])
        np.save(s["out"], np.asarray(D1).squeeze())
        out.update(times=times)
    elif s["task"] == "batch":
        from sporco.dictlrn import cbpdndl
        S = np.load(s["train"])

        def once(iters):
            np.random.seed(12345)
            D0 = np.random.randn(KSIZE, KSIZE, LEARN_FILTERS)
            t0 = time.perf_counter()
            d = cbpdndl.ConvBPDNDictLearn(D0, S, s["lam"], batch_options(iters), dmethod='cns')
            D1 = d.solve()
            return time.perf_counter() - t0, D1
        times, D1 = timed_runs(once, 2, s["iters"], s["reps"])
        np.save(s["out"], np.asarray(D1).squeeze())
        out.update(times=times)
    print(json.dumps(out), flush=True)


def run_worker(spec, threads):
    spec = dict(spec, threads=threads)
    p = subprocess.run(pin(threads) + [sys.executable, os.path.abspath(__file__), "worker",
                                       json.dumps(spec)],
                       capture_output=True, text=True, env=thread_env(threads))
    for line in p.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("SPORCO worker failed: " + p.stderr.strip()[-800:])


# ----------------------------------------------------------------------------- ours

def tool(cfg, name):
    return os.path.join(cfg.bin, name)


def have(cfg, *names):
    return all(os.access(tool(cfg, n), os.X_OK) for n in names)


def to_npy(cfg, stream, npy, tensor="data"):
    run([tool(cfg, "tensor-convert"), stream, "--to", "npy", "--tensor", tensor, "-q", "-o", npy])
    import numpy as np
    return np.load(npy)


def report_energy(text):
    """The energy csc-encode --report printed (first number after 'energy'), else None."""
    m = re.search(r"energy\D{0,20}?([-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)", text)
    return float(m.group(1)) if m else None


def timed(cmd, threads):
    t0 = time.perf_counter()
    p = run(pin(threads) + cmd)
    return time.perf_counter() - t0, p


# ----------------------------------------------------------------------------- sections

def check_highpass(cfg, say, p):
    """Our highpass on the same photo against SPORCO's tikhonov_filter (max |difference|)."""
    import numpy as np
    if not have(cfg, "highpass", "tensor-convert"):
        say("highpass check: skipped (no %s)" % tool(cfg, "highpass"))
        return
    out = os.path.join(cfg.cache, "hp-ours.lpt")
    try:
        run([tool(cfg, "highpass"), "--lambda", str(ENCODE_FLTLMBD), "--pad", str(NPD), "-q",
             p["photo"], "-o", out])
        hp = to_npy(cfg, out, os.path.join(cfg.cache, "hp-ours.npy"))
        lp = to_npy(cfg, out, os.path.join(cfg.cache, "lp-ours.npy"), "lowpass")
    except (CommandError, OSError) as e:
        say("highpass check: FAILED to run ours: %s" % str(e).splitlines()[-1][:200])
        return
    ref_h, ref_l = np.load(p["hp"]), np.load(p["lp"])
    dh = float(np.abs(hp.astype(np.float64) - ref_h).max())
    dl = float(np.abs(lp.astype(np.float64) - ref_l).max())
    say("highpass check: ours `highpass --lambda %d --pad %d` vs SPORCO tikhonov_filter(s, %d, %d) "
        "on the 256x256 photo: max |diff| data %.2e, lowpass %.2e (%s 1e-5)"
        % (ENCODE_FLTLMBD, NPD, ENCODE_FLTLMBD, NPD, dh, dl,
           "within" if max(dh, dl) <= 1e-5 else "NOT within"))


def section_encode(cfg, say, p):
    import numpy as np
    s = np.load(p["hp"])[0].astype(np.float64)
    lam = cfg.lam
    say("== Encoding: time for ours to reach SPORCO ConvBPDN's objective (256x256, 8x8 kernels, "
        "lambda %g) ==" % lam)
    say("image: samples/camera.png (grey, [0,1]) 2x2 averaged to 256x256, high-passed by SPORCO "
        "tikhonov_filter(s, %d, %d); the same float32 array (hp.npy [1, 256, 256]) goes to both"
        % (ENCODE_FLTLMBD, NPD))
    say("kernels: " + "; ".join("%d = SPORCO util.convdicts()%s, each scaled to unit norm"
                                % (m, p["D%d_source" % m]) for m in cfg.kernels)
        + " (SPORCO D [8, 8, M]; ours the same values as [M, 1, 8, 8] .npy)")
    say("SPORCO ConvBPDN options (cbpdn_gry.py): MaxMainIter %d, RelStopTol %g, AuxVarObj False, "
        "float32 (the image's dtype, as in the example); rho, RelaxParam 1.8, AutoRho: defaults"
        % (cfg.max_iter, cfg.tol))
    say("E* = E(SPORCO's returned coefficients, getcoef() = Y, the sparse variable), numpy float64; "
        "ObjFun = SPORCO's last reported objective (with AuxVarObj False it is evaluated on X, "
        "the non-sparse ADMM variable)")
    rows, checks = [], []
    for m in cfg.kernels:
        D = np.load(p["D%d" % m]).astype(np.float64)
        for th in cfg.threads:
            out = os.path.join(cfg.cache, "sporco-maps-%d-%d.npy" % (m, th))
            say.note("SPORCO ConvBPDN, %d kernels, %d thread(s)" % (m, th))
            r = run_worker({"task": "encode", "image": p["hp"], "D": p["D%d" % m], "lam": lam,
                            "max_iter": cfg.max_iter, "tol": cfg.tol, "reps": cfg.reps,
                            "out": out}, th)
            X = np.load(out)
            e_star = energy(s, D, X, lam)
            if th == cfg.threads[0]:
                e_direct = energy(s, D, X, lam, recon=reconstruct_direct(D, X))
                checks.append(agreement(cfg, say, m, s, D, X, lam, e_star, e_direct, r))
            nnz = float((X != 0).sum()) / (X.shape[1] * X.shape[2])
            rows.append(["SPORCO ConvBPDN", m, pinned_label(th), "%.2f" % min(r["times"]),
                         r["iterations"], "%.6f" % e_star, "%.6f" % r["objfun"], "%.3f" % nnz,
                         "-", "best of %d%s" % (len(r["times"]),
                                                "" if r["pyfftw"] else ", numpy FFT")])
            for variant in cfg.ours_variants:
                rows.append(run_ours_encode(cfg, say, p, m, th, lam, s, D, e_star, variant,
                                            min(r["times"])))
    say(table(["method", "M", "threads", "time s", "iters", "E (numpy)", "ObjFun", "nnz/px",
               "SPORCO/ours", "note"], rows, left=3))
    say("time s: SPORCO = construction + solve, best of its runs after a warm-up; ours = the whole "
        "csc-encode process (best of %d; 'in-process' in the note: from reading the image to the maps "
        "written, as csc-encode --report times it); SPORCO/ours = the ratio (goal >= 5 at 2 threads); "
        "'reached' when numpy's E(ours) <= E* (1 + %g)" % (cfg.reps, ENERGY_SLACK))
    for c in checks:
        say(c)
    say(verdict("encoding", ratios_at_two(rows, 2, 8, lambda r: "%s, %s kernels:" % (r[0], r[1]))))
    say()


def verdict(what, results):
    """One line: ours' ratios at 2 threads (results: [(label, ratio or None)]) against the goal."""
    if not results:
        return "goal (%s: SPORCO/ours >= 5 at 2 threads): no 2-thread run of ours" % what
    met = all(r is not None and r >= 5 for _, r in results)
    return "goal (%s: SPORCO/ours >= 5 at 2 threads): %s -> %s" % (
        what, "; ".join("%s %s" % (l, "%.1f" % r if r is not None else "not reached")
                        for l, r in results), "met" if met else "NOT met")


def ratios_at_two(rows, threads_col, ratio_col, label):
    """(label(row), ratio) of ours' 2-thread rows; ratio None where ours did not reach."""
    out = []
    for r in rows:
        if r[0].startswith("ours") and str(r[threads_col]).startswith("2 "):
            out.append((label(r), float(r[ratio_col]) if r[ratio_col] != "-" else None))
    return out


def agreement(cfg, say, m, s, D, X, lam, e_star, e_direct, r):
    """One line: the objective of SPORCO's Z by numpy FFT, by a direct loop, by SPORCO's
    formula, and through our csc-reconstruct."""
    import numpy as np
    parts = ["objective check, %d kernels, on SPORCO's Z: numpy FFT %.8f, direct roll loop %.8f "
             "(rel diff %.1e)" % (m, e_star, e_direct, abs(e_star - e_direct) / e_star)]
    if have(cfg, "csc-reconstruct", "tensor-convert"):
        zpath = os.path.join(cfg.cache, "sporco-maps-%d.npy" % m)
        np.save(zpath, X.astype(np.float32))
        out = os.path.join(cfg.cache, "recon.lpt")
        try:
            run([tool(cfg, "csc-reconstruct"), "--kernels", os.path.join(cfg.cache, "kernels-%d.npy" % m),
                 "-q", zpath, "-o", out])
            rec = to_npy(cfg, out, os.path.join(cfg.cache, "recon.npy"))[0]
            e_ours = energy(s, D, X, lam, recon=rec)
            parts.append("via our csc-reconstruct %.8f (rel diff %.1e)"
                         % (e_ours, abs(e_ours - e_star) / e_star))
        except (CommandError, OSError) as e:
            parts.append("csc-reconstruct FAILED: %s" % str(e).splitlines()[-1][:160])
    return "; ".join(parts)


def run_ours_encode(cfg, say, p, m, th, lam, s, D, e_star, variant, t_sporco):
    """csc-encode --target-energy E*, best of reps; the energy of its maps by numpy."""
    import numpy as np
    label = "ours csc-encode" + (" " + variant if variant else "")
    if not have(cfg, "csc-encode", "tensor-convert"):
        return [label, m, pinned_label(th), "-", "-", "-", "-", "-", "-", "not built"]
    out = os.path.join(cfg.cache, "ours-maps.lpt")
    cmd = [tool(cfg, "csc-encode"), "--kernels", p["K%d" % m], "--lambda", repr(lam),
           "--target-energy", repr(e_star), "--tol", "1e-12", "--max-iter", str(cfg.ours_max_iter),
           "--report"] + \
        shlex.split(cfg.ours_args) + shlex.split(variant) + [p["hp"], "-o", out]
    times, inside = [], []
    try:
        for _ in range(cfg.reps):
            t, proc = timed(cmd, th)
            times.append(t)
            # csc-encode --report's last line ends with the seconds from reading the image to
            # the maps written: the in-process time, comparable to SPORCO's construction + solve.
            seconds = re.search(r"iterations, ([0-9.]+) s\s*$", proc.stderr)
            if seconds:
                inside.append(float(seconds.group(1)))
        X = to_npy(cfg, out, os.path.join(cfg.cache, "ours-maps.npy"))
    except (CommandError, OSError) as e:
        say.note("ours failed: %s" % e)
        return [label, m, pinned_label(th), "-", "-", "-", "-", "-", "-",
                "FAILED: " + str(e).splitlines()[-1][:80]]
    e = energy(s, D, X, lam)
    reported = report_energy(proc.stderr + proc.stdout)
    it = re.search(r"(\d+) iterations", proc.stderr + proc.stdout)
    reached = e <= e_star * (1 + ENERGY_SLACK)
    nnz = float((X != 0).sum()) / (X.shape[1] * X.shape[2])
    note = "%s (E/E* - 1 = %+.1e)" % ("reached" if reached else "NOT reached", e / e_star - 1)
    if reported is not None:
        note += "; --report E %.6f (rel diff to numpy %.1e)" % (reported, abs(reported - e) / e)
    t = min(times)
    if inside and reached:
        note += "; in-process %.3f s (SPORCO/ours %.1f)" % (min(inside), t_sporco / min(inside))
    return [label, m, pinned_label(th), "%.3f" % t, it.group(1) if it else "?", "%.6f" % e, "-",
            "%.3f" % nnz, "%.1f" % (t_sporco / t) if reached else "-", note]


SCORES = {}


def heldout_energy(cfg, D, held):
    """The held-out image's energy with kernels D [8, 8, M] (as returned, not renormalised):
    SPORCO ConvBPDN in float64 to a tight tolerance, E of its Y by numpy (remembered per D)."""
    import hashlib
    import numpy as np
    import warnings
    warnings.simplefilter("ignore")
    from sporco.admm import cbpdn
    D = np.ascontiguousarray(D, dtype=np.float64)
    key = hashlib.sha1(D.tobytes()).hexdigest()
    if key in SCORES:
        return SCORES[key]
    b = cbpdn.ConvBPDN(D, held, LEARN_LAMBDA, encode_options(cfg.score_iter, cfg.score_tol),
                       dimK=0)
    Y = b.solve()
    X = sporco_maps(Y)
    SCORES[key] = energy(held, D, X, LEARN_LAMBDA), float((X != 0).sum()) / held.size
    return SCORES[key]


def norms(D):
    import numpy as np
    n = np.linalg.norm(np.asarray(D).reshape(-1, np.asarray(D).shape[-1]), axis=0)
    return "%.2f-%.2f" % (n.min(), n.max())


def section_learn(cfg, say, p):
    import numpy as np
    held = np.load(p["heldout"]).astype(np.float64)
    say("== Dictionary learning: time for csc-learn to reach SPORCO's held-out objective "
        "(64 8x8 kernels, lambda %g) ==" % LEARN_LAMBDA)
    say("training: five 128x128 grey images (the 256x256 photo's four quadrants, a coffee.png crop "
        "[36:164, 10:138] of its 2x2 average), held-out: coffee [36:164, 150:278]; each high-passed "
        "with tikhonov_filter(s, %d, %d) as SPORCO's CDL examples do" % (LEARN_FLTLMBD, NPD))
    say("held-out objective: E of the held-out image with the learned kernels as returned, coded by "
        "SPORCO ConvBPDN (float64, lambda %g, MaxMainIter %d, RelStopTol %g), one encoder for "
        "every dictionary; zero codes give %.4f"
        % (LEARN_LAMBDA, cfg.score_iter, cfg.score_tol, 0.5 * float((held ** 2).sum())))
    rows = []
    ours_fail = None
    for kind in cfg.cdl:
        for th in cfg.learn_threads if kind == "online" else cfg.batch_threads:
            out = os.path.join(cfg.cache, "sporco-%s-%d.npy" % (kind, th))
            say.note("SPORCO %s CDL, %d thread(s)" % (kind, th))
            spec = {"task": kind, "train": p["train"], "lam": LEARN_LAMBDA, "out": out,
                    "reps": cfg.learn_reps, "steps": cfg.online_steps, "iters": cfg.batch_iter}
            r = run_worker(spec, th)
            D1 = np.load(out)
            e, nnz = heldout_energy(cfg, D1, held)
            t_s = min(r["times"])
            name = ("SPORCO OnlineConvBPDNDictLearn (%d steps)" % cfg.online_steps
                    if kind == "online" else
                    "SPORCO ConvBPDNDictLearn cns (%d iters)" % cfg.batch_iter)
            rows.append([name, pinned_label(th), "-", "%.2f" % t_s, "%.5f" % e, "%.3f" % nnz,
                         norms(D1), "-", "best of %d after a warm-up" % len(r["times"])])
            if ours_fail:
                continue
            ours_rows, ours_fail = run_ours_learn(cfg, say, p, th, e, t_s, held)
            rows.extend(ours_rows)
    say(table(["method", "threads", "epochs", "time s", "held-out E", "nnz/px", "norms",
               "SPORCO/ours", "note"], rows, left=2))
    best = [x for x in ratios_at_two(rows, 1, 7, lambda r: "csc-learn:") if x[1] is not None]
    say(verdict("learning", best[-1:] or [("csc-learn:", None)]))
    say("ours: csc-learn --kernels 64 --kernel-size 8 --lambda %g --seed %d --epochs E on the five "
        "training .npy frames, a fresh process per E (whole process timed), E = %s until its "
        "held-out E <= SPORCO's; SPORCO/ours at the first E that reaches it (goal >= 5 at 2 threads)"
        % (LEARN_LAMBDA, cfg.seed, ",".join(map(str, cfg.epochs))))
    say()


def run_ours_learn(cfg, say, p, th, target, t_sporco, held):
    """csc-learn for growing epoch counts until the held-out E reaches target; rows, failure."""
    import numpy as np
    if not have(cfg, "csc-learn", "tensor-convert"):
        return [["ours csc-learn", pinned_label(th), "-", "-", "-", "-", "-", "-", "not built"]], \
            "not built"
    rows = []
    out = os.path.join(cfg.cache, "ours-kernels.lpt")
    spent = 0.0
    for ep in cfg.epochs:
        cmd = [tool(cfg, "csc-learn"), "--kernels", str(LEARN_FILTERS), "--kernel-size", str(KSIZE),
               "--lambda", repr(LEARN_LAMBDA), "--epochs", str(ep), "--seed", str(cfg.seed), "-q"] + \
            shlex.split(cfg.learn_args) + p["train_frames"] + ["-o", out]
        try:
            t, _ = timed(cmd, th)
            K = to_npy(cfg, out, os.path.join(cfg.cache, "ours-kernels.npy"))
        except (CommandError, OSError) as e:
            msg = str(e).splitlines()[-1][:100] if str(e) else "?"
            rows.append(["ours csc-learn", pinned_label(th), ep, "-", "-", "-", "-", "-",
                         "FAILED: " + msg])
            return rows, msg
        spent += t
        D = kernels_sporco(K)
        e, nnz = heldout_energy(cfg, D, held)
        reached = e <= target
        rows.append(["ours csc-learn", pinned_label(th), ep, "%.2f" % t, "%.5f" % e, "%.3f" % nnz,
                     norms(D), "%.1f" % (t_sporco / t) if reached else "-",
                     "reached" if reached else ""])
        if reached or spent > cfg.budget_s:
            break
    return rows, None


# ----------------------------------------------------------------------------- main

def parse_list(text, kind=int):
    return [kind(x) for x in str(text).replace(";", ",").split(",") if x.strip() != ""]


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=env_default("LP_BIN", os.path.join(REPO, ".build", "release")),
                    help="directory of the latentpipe binaries (env LP_BIN)")
    ap.add_argument("--sections", default=env_default("CSC_SECTIONS", "encode,learn"),
                    help="subset of encode,learn (env CSC_SECTIONS)")
    ap.add_argument("--threads", default=env_default("CSC_THREADS", "1,2"),
                    help="thread counts, each for ours and SPORCO pinned alike (env CSC_THREADS)")
    ap.add_argument("--kernels", default=env_default("CSC_KERNELS", "16,32"),
                    help="kernel counts for the encode section (env CSC_KERNELS)")
    ap.add_argument("--lambda", dest="lam", type=float, default=ENCODE_LAMBDA,
                    help="encode lambda (cbpdn_gry.py: 5e-2)")
    ap.add_argument("--max-iter", type=int, default=200, help="SPORCO MaxMainIter (cbpdn_gry.py: 200)")
    ap.add_argument("--tol", type=float, default=5e-3, help="SPORCO RelStopTol (cbpdn_gry.py: 5e-3)")
    ap.add_argument("--reps", type=int, default=int(env_default("CSC_REPS", "3")),
                    help="encode: best of this many timed runs, SPORCO and ours (env CSC_REPS)")
    ap.add_argument("--ours-args", default=env_default("OURS_ARGS", ""),
                    help="extra csc-encode arguments for every run of ours (env OURS_ARGS)")
    ap.add_argument("--ours-variants", default=env_default("OURS_VARIANTS", ""),
                    help="';'-separated csc-encode argument sets, one row each, e.g. "
                         "'--algorithm fista;--algorithm admm' (env OURS_VARIANTS; default: the "
                         "tool's default solver only)")
    ap.add_argument("--ours-max-iter", type=int, default=5000,
                    help="csc-encode --max-iter (with --tol 1e-12: it runs until the target energy)")
    ap.add_argument("--cdl", default=env_default("CSC_CDL", "online"),
                    help="SPORCO learners to compare against: online, batch or online,batch "
                         "(env CSC_CDL; batch = cbpdndl_cns_gry.py, ~90 s or more per run)")
    ap.add_argument("--learn-threads", default=env_default("CSC_LEARN_THREADS", "2"),
                    help="thread counts for the online learners, SPORCO's and ours "
                         "(env CSC_LEARN_THREADS; SPORCO's online example takes ~1-2 minutes a run)")
    ap.add_argument("--batch-threads", default=env_default("CSC_BATCH_THREADS", "2"),
                    help="thread counts for the batch learner (env CSC_BATCH_THREADS)")
    ap.add_argument("--online-steps", type=int, default=50, help="onlinecdl_gry.py: 50 image steps")
    ap.add_argument("--batch-iter", type=int, default=200, help="cbpdndl_cns_gry.py: 200 iterations")
    ap.add_argument("--learn-reps", type=int, default=1, help="SPORCO learners: best of this many runs")
    ap.add_argument("--epochs", default=env_default("CSC_EPOCHS", "1,2,3,4,6,8,12,16,24,32"),
                    help="csc-learn epoch counts tried in turn (env CSC_EPOCHS)")
    ap.add_argument("--learn-args", default=env_default("LEARN_ARGS", ""),
                    help="extra csc-learn arguments (env LEARN_ARGS)")
    ap.add_argument("--seed", type=int, default=0, help="csc-learn --seed")
    ap.add_argument("--score-iter", type=int, default=500, help="held-out encoder MaxMainIter")
    ap.add_argument("--score-tol", type=float, default=1e-4, help="held-out encoder RelStopTol")
    ap.add_argument("--budget-s", type=float, default=120,
                    help="stop trying larger epoch counts after this many seconds of csc-learn")
    ap.add_argument("--fresh", action="store_true", help="remake the cached data")
    ap.add_argument("--cache", default=os.path.join(HERE, ".cache", "csc"))
    ap.add_argument("--out", default=env_default("CSC_OUT", os.path.join(HERE, "csc-last-run.txt")),
                    help="report file ('' for none; env CSC_OUT)")
    cfg = ap.parse_args(argv)
    cfg.sections = parse_list(cfg.sections, str)
    cfg.threads = parse_list(cfg.threads)
    cfg.batch_threads = parse_list(cfg.batch_threads)
    cfg.learn_threads = parse_list(cfg.learn_threads)
    cfg.kernels = parse_list(cfg.kernels)
    cfg.cdl = parse_list(cfg.cdl, str)
    cfg.epochs = parse_list(cfg.epochs)
    cfg.ours_variants = [v.strip() for v in cfg.ours_variants.split(";")] or [""]
    return cfg


def main(argv):
    if argv and argv[0] == "worker":
        return worker_main(argv[1])
    cfg = parse_args(argv)
    say = Report()
    t_start = time.perf_counter()
    run_header(say, "latentpipe CSC benchmark (vs SPORCO)", cfg.bin, "csc-encode")
    from importlib.metadata import version
    vers = []
    for dist in ("sporco", "numpy", "scipy", "pyFFTW"):
        try:
            vers.append("%s %s" % (dist, version(dist)))
        except Exception:
            vers.append("%s missing" % dist)
    say("SPORCO side: %s; pyFFTW threads = the pinned count (sporco.fft.pyfftw_threads), "
        "FFTW_MEASURE plans made in an untimed warm-up" % ", ".join(vers))
    load = os.getloadavg()
    say("load average at start: %s" % " ".join("%.2f" % x for x in load))
    if load[0] > 0.5:
        say("WARNING: the machine is not idle (1-minute load %.2f on %d cores): timings are noisy"
            % (load[0], os.cpu_count()))
    p = prepare(cfg, say)
    say("data: %s (cache; --fresh remakes it)" % cfg.cache)
    check_highpass(cfg, say, p)
    say()
    if "encode" in cfg.sections:
        section_encode(cfg, say, p)
    if "learn" in cfg.sections:
        section_learn(cfg, say, p)
    finish_report(say, cfg.out, t_start)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
