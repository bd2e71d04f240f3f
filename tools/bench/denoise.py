#!/usr/bin/env python3
"""pipelines/denoise.sh against scikit-learn's example recipe ("Image denoising using dictionary
learning") and BM3D (the `bm3d` package), on the same noisy photos, PSNR and seconds each.

Each sample photo (grey, Rec. 601), the centre --size x --size crop, gets Gaussian noise of
each sigma (seeded, clipped to [0, 1], stored as a 16-bit PNG that every method reads). PSNR
is 10 log10(1 / MSE) against the clean crop, computed here for every method alike. All methods
run pinned to the same --threads CPUs (taskset, *_NUM_THREADS); times include learning.
  ours:     pipelines/denoise.sh --sigma S (dictionary of 256 8x8 atoms learned from 20,000
            noisy patches, OMP to 64 (1.15 sigma)^2 on every overlapping patch, averaging);
  sklearn:  the example's recipe on the noisy crop itself: every 7x7 patch, means removed and
            scaled by their standard deviation as the example does, MiniBatchDictionaryLearning
            (50 atoms, alpha 1, batch 200, max_iter 10) on them, OMP with 2 atoms,
            reconstruct_from_patches_2d;
  bm3d:     bm3d.bm3d(noisy, sigma_psd=sigma).

    /work/venv/bin/python tools/bench/denoise.py [--sigmas 0.02,0.05,0.1,0.2] [--size 256] [--threads 2] [--peers sklearn,bm3d]
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
noisy = iio.imread(sys.argv[1]).astype(np.float64) / 65535; sigma = float(sys.argv[2]); which = sys.argv[3]
start = time.perf_counter()
if which == "bm3d":
    import bm3d
    out = bm3d.bm3d(noisy, sigma_psd=sigma)
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


def grey(path, size):
    a = iio.imread(path).astype(np.float64)
    a = a[..., :3] @ [0.299, 0.587, 0.114] if a.ndim == 3 else a
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
    parser.add_argument("--bin", default=os.path.join(REPO, ".build", "release"))
    args = parser.parse_args()
    prefix, env = pinned(args.threads)
    peers = [p for p in args.peers.split(",") if p]
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"# {args.size}x{args.size} grey crops, {args.threads} CPUs for every method; PSNR dB / seconds; commit {commit}")
    print(f"{'photo':<8} {'sigma':>5} {'noisy':>6} {'ours':>6} {'s':>6}" + "".join(f" {p:>7} {'s':>6}" for p in peers))
    totals = {}
    with tempfile.TemporaryDirectory() as folder:
        for photo in args.photos.split(","):
            clean = grey(os.path.join(REPO, "samples", photo), args.size)
            for index, sigma in enumerate(float(s) for s in args.sigmas.split(",")):
                rng = np.random.default_rng(1000 + index)
                noisy = np.clip(clean + rng.normal(0, sigma, clean.shape), 0, 1)
                path = os.path.join(folder, "noisy.png")
                iio.imwrite(path, np.round(noisy * 65535).astype(np.uint16))
                noisy = iio.imread(path).astype(np.float64) / 65535
                out = os.path.join(folder, "ours.png")
                start = time.perf_counter()
                subprocess.run(prefix + ["bash", os.path.join(REPO, "pipelines", "denoise.sh"), "--sigma", repr(sigma), path, out],
                               check=True, env=dict(env, LATENTPIPE_BIN=args.bin))
                seconds = time.perf_counter() - start
                ours = iio.imread(out).astype(np.float64) / 65535
                row = {"noisy": (psnr(clean, noisy), 0.0), "ours": (psnr(clean, ours), seconds)}
                for peer in peers:
                    result = os.path.join(folder, peer + ".npy")
                    seconds = float(subprocess.run(prefix + [sys.executable, "-c", PEER, path, repr(sigma), peer, result],
                                                   check=True, capture_output=True, text=True, env=env).stdout.split()[-1])
                    row[peer] = (psnr(clean, np.load(result)), seconds)
                for key, value in row.items():
                    totals.setdefault((sigma, key), []).append(value)
                print(f"{photo[:-4]:<8} {sigma:>5} {row['noisy'][0]:>6.2f} {row['ours'][0]:>6.2f} {row['ours'][1]:>6.2f}"
                      + "".join(f" {row[p][0]:>7.2f} {row[p][1]:>6.2f}" for p in peers), flush=True)
        for sigma in sorted({s for s, _ in totals}):
            mean = {key: np.mean(totals[(sigma, key)], axis=0) for _, key in totals if _ == sigma}
            print(f"{'mean':<8} {sigma:>5} {mean['noisy'][0]:>6.2f} {mean['ours'][0]:>6.2f} {mean['ours'][1]:>6.2f}"
                  + "".join(f" {mean[p][0]:>7.2f} {mean[p][1]:>6.2f}" for p in peers))


if __name__ == "__main__":
    main()
