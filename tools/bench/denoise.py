#!/usr/bin/env python3
"""pipelines/denoise.sh against scikit-learn's example recipe ("Image denoising using dictionary
learning") and BM3D (the `bm3d` package), on the same noisy photos, PSNR and seconds each.

Each sample photo (grey, Rec. 601), the centre --size x --size crop, gets Gaussian noise of
each sigma (seeded, clipped to [0, 1], rounded to 16 bits: ours reads the PNG, the peers the
same values from a .npy; noise-sigma's estimate of sigma from it is the est column). PSNR
is 10 log10(1 / MSE) against the clean crop, computed here for every method alike. All methods
run pinned to the same --threads CPUs (taskset, *_NUM_THREADS); times include learning.
  ours:     pipelines/denoise.sh --sigma S with its defaults for S (dictionary learned from the
            noisy crop's patches, OMP to the noise level on every overlapping patch,
            averaging; a second pass from sigma 0.075); --settings adds further columns of
            ours with other flags (name=flags;...); by default "fast", the cheap setting for
            the goal "20x faster than scikit-learn's recipe at its PSNR": 64 atoms learned
            from 5,000 patches in 1 epoch, one pass, every 2nd patch coded (--stride 2);
  sklearn:  the example's recipe on the noisy crop itself: every 7x7 patch, means removed and
            scaled by their standard deviation as the example does, MiniBatchDictionaryLearning
            (50 atoms, alpha 1, batch 200, max_iter 10) on them, OMP with 2 atoms,
            reconstruct_from_patches_2d;
  bm3d:     bm3d.bm3d(noisy, sigma_psd=sigma).
--montage FILE writes noisy | ours | BM3D | (ours - BM3D) x 4 around mid-grey, for the first
photo at sigma 0.1, as a PNG (2-pixel white gaps).
--color-photo adds colour rows (the RGB crop, noise on each channel; ours with --color,
BM3D as bm3d_rgb; PSNR over the three channels) at --color-sigmas.

    /work/venv/bin/python tools/bench/denoise.py [--sigmas 0.02,0.05,0.1,0.2] [--size 256] [--threads 2] [--peers sklearn,bm3d]
        [--settings 'name=flags;...'] [--color-photo coffee.png] [--color-sigmas 0.1] [--montage FILE]
Tools from --bin (default .build/release).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import imageio.v3 as iio
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))

PEER = """
import sys, time, numpy as np, imageio.v3 as iio
noisy = np.load(sys.argv[1]); sigma = float(sys.argv[2]); which = sys.argv[3]
start = time.perf_counter()
if which == "bm3d":
    import bm3d
    out = bm3d.bm3d_rgb(noisy, sigma_psd=sigma) if noisy.ndim == 3 else bm3d.bm3d(noisy, sigma_psd=sigma)
else:
    from sklearn.decomposition import MiniBatchDictionaryLearning
    from sklearn.feature_extraction.image import extract_patches_2d, reconstruct_from_patches_2d
    patches = extract_patches_2d(noisy, (7, 7)).reshape(-1, 49)
    mean = patches.mean(axis=1, keepdims=True); data = patches - mean
    scale = data.std(axis=0); scale[scale == 0] = 1
    learner = MiniBatchDictionaryLearning(n_components=50, batch_size=200, alpha=1.0, max_iter=10, random_state=0)
    learner.fit(data / scale)
    learner.set_params(transform_algorithm="omp", transform_n_nonzero_coefs=2)
    code = learner.transform(data / scale)
    rebuilt = (code @ learner.components_) * scale + mean
    out = reconstruct_from_patches_2d(rebuilt.reshape(-1, 7, 7), noisy.shape)
seconds = time.perf_counter() - start
np.save(sys.argv[4], out)
print(seconds)
"""


def pinned(threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    cpus = sorted(os.sched_getaffinity(0))[:threads]
    return ["taskset", "-c", ",".join(str(c) for c in cpus)], env


def psnr(clean, image):
    return 10 * np.log10(1 / np.mean((np.clip(image, 0, 1) - clean) ** 2))


def write_png16(path, image):
    """A 16-bit grey or RGB PNG (PIL writes no 16-bit RGB)."""
    import struct, zlib
    samples = np.round(np.clip(image, 0, 1) * 65535).astype(">u2")
    height, width = samples.shape[:2]
    kind = 2 if samples.ndim == 3 else 0
    raw = b"".join(b"\0" + row.tobytes() for row in samples.reshape(height, -1))
    chunk = lambda name, data: struct.pack(">I", len(data)) + name + data + struct.pack(">I", zlib.crc32(name + data))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 16, kind, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def read_png(path, color, tools, height):
    """A 16-bit PNG as floats in [0, 1], through patchify's 1x1 patches (PIL reads no 16-bit RGB)."""
    stream = subprocess.run([os.path.join(tools, "patchify"), path, "--patch-size", "1", "--no-center", "--batch-size", "10000000"]
                            + (["--color"] if color else []), check=True, capture_output=True).stdout
    npy = subprocess.run([os.path.join(tools, "tensor-convert"), "--to", "npy"], input=stream, check=True, capture_output=True).stdout
    with tempfile.NamedTemporaryFile(suffix=".npy") as f:
        f.write(npy)
        f.flush()
        rows = np.load(f.name).astype(np.float64)
    return rows.reshape(height, -1, 3) if color else rows.reshape(height, -1)


def grey(path, size, color=False):
    a = iio.imread(path).astype(np.float64)
    a = a[..., :3] if color else a[..., :3] @ [0.299, 0.587, 0.114] if a.ndim == 3 else a
    a /= 65535 if a.max() > 255 else 255
    top, left = (a.shape[0] - size) // 2, (a.shape[1] - size) // 2
    return a[top:top + size, left:left + size]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sigmas", default="0.02,0.05,0.1,0.2")
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--peers", default="sklearn,bm3d")
    parser.add_argument("--photos", default="camera.png,coffee.png")
    parser.add_argument("--settings", default="fast=--atoms 64 --patches 5000 --epochs 1 --passes 1 --stride 2", help="further columns of ours: name=flags;name=flags")
    parser.add_argument("--color-photo", default="")
    parser.add_argument("--color-sigmas", default="0.1")
    parser.add_argument("--montage", default="")
    parser.add_argument("--bin", default=os.path.join(REPO, ".build", "release"))
    args = parser.parse_args()
    prefix, env = pinned(args.threads)
    peers = [p for p in args.peers.split(",") if p]
    settings = [("ours", [])] + [(name, flags.split()) for name, flags in
                                 (item.split("=", 1) for item in args.settings.split(";") if item)]
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"# {args.size}x{args.size} crops, {args.threads} CPUs for every method; PSNR dB / seconds; commit {commit}; {cpu}; "
          f"load {os.getloadavg()[0]:.2f} at the start")
    for name, flags in settings[1:]:
        print(f"# {name}: denoise.sh --sigma S {' '.join(flags)}")
    methods = [name for name, _ in settings] + peers
    print(f"{'photo':<8} {'sigma':>5} {'est':>6} {'noisy':>6}" + "".join(f" {m:>7} {'s':>6}" for m in methods))
    totals = {}
    with tempfile.TemporaryDirectory() as folder:
        def run(photo, index, sigma, color):
            clean = grey(os.path.join(REPO, "samples", photo), args.size, color)
            rng = np.random.default_rng(1000 + index)
            noisy = np.clip(clean + rng.normal(0, sigma, clean.shape), 0, 1)
            path = os.path.join(folder, "noisy.png")
            write_png16(path, noisy)
            noisy = np.round(np.clip(noisy, 0, 1) * 65535) / 65535
            np.save(os.path.join(folder, "noisy.npy"), noisy)
            colour = ["--color"] if color else []
            estimate = float(subprocess.run([os.path.join(args.bin, "noise-sigma")] + colour + [path],
                                            check=True, capture_output=True, text=True).stdout)
            row = {"noisy": (psnr(clean, noisy), 0.0)}
            for name, flags in settings:
                out = os.path.join(folder, name + ".png")
                start = time.perf_counter()
                subprocess.run(prefix + ["bash", os.path.join(REPO, "pipelines", "denoise.sh"), "--sigma", repr(sigma)] + colour + flags + [path, out],
                               check=True, env=dict(env, LATENTPIPE_BIN=args.bin))
                seconds = time.perf_counter() - start
                row[name] = (psnr(clean, read_png(out, color, args.bin, args.size)), seconds)
            for peer in peers:
                if color and peer == "sklearn":
                    continue
                result = os.path.join(folder, peer + ".npy")
                seconds = float(subprocess.run(prefix + [sys.executable, "-c", PEER, os.path.join(folder, "noisy.npy"), repr(sigma), peer, result],
                                               check=True, capture_output=True, text=True, env=env).stdout.split()[-1])
                row[peer] = (psnr(clean, np.load(result)), seconds)
                if args.montage and peer == "bm3d" and not color and photo == args.photos.split(",")[0] and sigma == 0.1:
                    ours = read_png(os.path.join(folder, "ours.png"), False, args.bin, args.size)
                    bm3d = np.clip(np.load(result), 0, 1)
                    gap = np.ones((clean.shape[0], 2))
                    panels = [noisy, gap, ours, gap, bm3d, gap, np.clip(0.5 + 4 * (ours - bm3d), 0, 1)]
                    iio.imwrite(args.montage, np.round(np.hstack(panels) * 255).astype(np.uint8))
            label = photo[:-4] + (" rgb" if color else "")
            print(f"{label:<8} {sigma:>5} {estimate:>6.4f} {row['noisy'][0]:>6.2f}"
                  + "".join(f" {row[m][0]:>7.2f} {row[m][1]:>6.2f}" if m in row else f" {'-':>7} {'-':>6}" for m in methods), flush=True)
            return row

        for photo in [p for p in args.photos.split(",") if p]:
            for index, sigma in enumerate(float(s) for s in args.sigmas.split(",")):
                for key, value in run(photo, index, sigma, False).items():
                    totals.setdefault((sigma, key), []).append(value)
        for sigma in sorted({s for s, _ in totals}):
            mean = {key: np.mean(totals[(sigma, key)], axis=0) for _, key in totals if _ == sigma}
            print(f"{'mean':<8} {sigma:>5} {'':>6} {mean['noisy'][0]:>6.2f}"
                  + "".join(f" {mean[m][0]:>7.2f} {mean[m][1]:>6.2f}" for m in methods))
        if args.color_photo:
            for index, sigma in enumerate(float(s) for s in args.color_sigmas.split(",")):
                run(args.color_photo, index, sigma, True)


if __name__ == "__main__":
    main()
