"""Our 2-D real FFT (fft-bench) against numpy.fft and scipy.fft: forward + inverse pairs per
second on H x W float32 arrays, on one core and on two. Run by tools/bench/fft.sh."""
import argparse
import os
import re
import subprocess
import sys
import time

import numpy as np
import scipy
import scipy.fft


def peer_rate(library, shape, arrays, rounds, workers):
    """Best-of-rounds pairs per second, wall clock and this thread's CPU time, of
    rfft2 + irfft2 on `arrays` seeded uniform [-1, 1) float32 arrays."""
    rng = np.random.default_rng(1)
    inputs = [rng.uniform(-1, 1, shape).astype(np.float32) for _ in range(arrays)]
    if library == "numpy":
        forward, inverse = np.fft.rfft2, lambda a: np.fft.irfft2(a, s=shape)
    else:
        forward = lambda x: scipy.fft.rfft2(x, workers=workers)
        inverse = lambda a: scipy.fft.irfft2(a, s=shape, workers=workers)
    best_wall = best_cpu = float("inf")
    error = 0.0
    for _ in range(rounds + 1):  # the first round warms up (plans, caches)
        wall, cpu = time.perf_counter(), time.thread_time()
        for x in inputs:
            y = inverse(forward(x))
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        error = float(np.max(np.abs(y - inputs[-1])))
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
    assert error < 1e-3, f"{library} round trip off by {error}"
    return arrays / best_wall, arrays / best_cpu


def ours_rate(binary, shape, arrays, rounds, threads, cpus):
    out = subprocess.run(["taskset", "-c", cpus, binary, "--height", str(shape[0]), "--width", str(shape[1]),
                          "--arrays", str(arrays), "--threads", str(threads), "--repeat", str(rounds)],
                         check=True, capture_output=True, text=True).stdout
    fields = dict(re.findall(r"(\w+)=(\S+)", out))
    return float(fields["pairs_per_second"]), arrays / float(fields["cpu_seconds"])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", required=True, help="folder holding the release fft-bench")
    parser.add_argument("--sizes", default="256x256,512x512,480x720,1024x1024")
    parser.add_argument("--arrays", type=int, default=16, help="arrays per timed round")
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds; the best counts")
    parser.add_argument("--peer-child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer_child:  # one peer measurement, run pinned by the parent
        library, h, w, workers, rounds = args.peer_child
        wall, cpu = peer_rate(library, (int(h), int(w)), args.arrays, int(rounds), int(workers))
        print(f"{wall} {cpu}")
        return
    binary = os.path.join(args.bin, "fft-bench")

    def peer(library, shape, workers, cpus):
        out = subprocess.run(["taskset", "-c", cpus, sys.executable, __file__, "--bin", args.bin,
                              "--arrays", str(args.arrays), "--peer-child", library, str(shape[0]),
                              str(shape[1]), str(workers), str(args.rounds)],
                             check=True, capture_output=True, text=True).stdout.split()
        return float(out[0]), float(out[1])

    model = next((line.split(":", 1)[1].strip() for line in subprocess.run(
        ["lscpu"], capture_output=True, text=True).stdout.splitlines() if line.startswith("Model name")), "?")
    print(f"fft bench: {model}; numpy {np.__version__}, scipy {scipy.__version__}; float32; "
          f"{args.arrays} arrays per round, best of {args.rounds} rounds; load average {os.getloadavg()[0]:.1f}")
    print("pairs/s = forward + inverse 2-D real transforms per second (wall clock); "
          "cpu = the same from CPU time (one core only; not inflated by other processes)")
    print()
    header = ("| size | ours 1 core | numpy 1 core | scipy w=1 | ours/numpy | ours/scipy | "
              "cpu: ours | cpu: numpy | cpu: scipy | ours 2 cores | scipy w=2, 2 cores | ours/scipy 2 cores |")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for size in args.sizes.split(","):
        shape = tuple(int(v) for v in size.split("x"))
        ours1, ours1_cpu = ours_rate(binary, shape, args.arrays, args.rounds, 1, "0")
        numpy1, numpy1_cpu = peer("numpy", shape, 1, "0")
        scipy1, scipy1_cpu = peer("scipy", shape, 1, "0")
        ours2, _ = ours_rate(binary, shape, args.arrays, args.rounds, 2, "0,1")
        scipy2, _ = peer("scipy", shape, 2, "0,1")
        print(f"| {size} | {ours1:.0f} | {numpy1:.0f} | {scipy1:.0f} | {ours1 / numpy1:.2f} | {ours1 / scipy1:.2f} | "
              f"{ours1_cpu:.0f} | {numpy1_cpu:.0f} | {scipy1_cpu:.0f} | {ours2:.0f} | {scipy2:.0f} | {ours2 / scipy2:.2f} |",
              flush=True)


if __name__ == "__main__":
    main()
