#!/usr/bin/env python3
"""Whitening + dictionary learning over shards on Apache Spark, running the unchanged latentpipe
tools on every partition (glue, not product: the maths is in whiten and dict-learn).

Each shard is a file (a patch stream; images go through patchify first). The job:

1. map: `whiten --stats-only SHARD` per shard -> (n, mean, scatter) partials; reduce on the
   driver: `whiten --merge` -> zca.lpt (the single-fit model, within float tolerance);
2. R synchronous rounds (Mairal et al. 2010): broadcast the round state (D with the forgetting-
   weighted A, B), map `whiten --model zca | dict-learn --stats-only --init D --batch-size b
   --round r --seed s(shard)` per shard -> (A_k, B_k, n_k, energy_k); reduce: `dict-learn --merge`
   (shards in sorted order) -> next state;
3. held-out objective: map `dict-learn --stats-only` over the held-out shards, reduce with
   `dict-learn --merge --objective-only`.

Partials travel as bytes (binary streams, never text lines); each task writes its inputs to a
private temporary directory. One seed per (round, shard), partials merged in shard order: the
result does not depend on how shards are grouped into partitions or on task retries.

Workers need: the built tools on PATH (or LATENTPIPE_BIN) and the shard paths readable (a
shared file system on a real cluster; `spark-submit --master spark://...` runs this file).
A failing shard (corrupt, unreadable) fails the job with the shard's path and the tool's error.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def tool_path(name):
    folder = os.environ.get("LATENTPIPE_BIN")
    return os.path.join(folder, name) if folder else name


def run(command, shard, cwd):
    """Runs a shell pipeline of our tools; a failure names the shard and carries the tool's stderr."""
    done = subprocess.run(command, shell=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode != 0:
        raise RuntimeError(f"shard {shard}: {done.stderr.decode(errors='replace').strip() or 'exit status %d' % done.returncode}")


def quote(path):
    return "'" + path.replace("'", "'\\''") + "'"


def whitening_partial(indexed_shard):
    index, shard = indexed_shard
    with tempfile.TemporaryDirectory(prefix="lp-task-") as work:
        run(f"{tool_path('whiten')} --stats-only -o part.lpt {quote(shard)}", shard, work)
        with open(os.path.join(work, "part.lpt"), "rb") as f:
            return index, f.read()


def attempt():
    """This task's attempt number (0 the first time; more after a lost worker was retried)."""
    from pyspark import TaskContext
    context = TaskContext.get()
    return context.attemptNumber() if context else 0


def round_partial(indexed_shard, zca, state, batch, round_index, seed, options):
    """The (A_k, B_k, n_k, energy_k) of one shard's minibatch against the round's dictionary,
    with the task's attempt number."""
    index, shard = indexed_shard
    with tempfile.TemporaryDirectory(prefix="lp-task-") as work:
        for name, data in (("zca.lpt", zca), ("state.lpt", state)):
            with open(os.path.join(work, name), "wb") as f:
                f.write(data)
        batch_option = f"--batch-size {batch} --round {round_index}" if batch else ""
        run(f"{tool_path('whiten')} --model zca.lpt {quote(shard)} | "
            f"{tool_path('dict-learn')} --stats-only --init state.lpt {batch_option} --seed {seed} {options} -o part.lpt",
            shard, work)
        with open(os.path.join(work, "part.lpt"), "rb") as f:
            return index, f.read(), attempt()


def shard_seed(seed, shard_index):
    """One sampler seed per shard, whatever the partitioning (its rounds walk its epochs)."""
    return (seed * 1_000_003 + shard_index) % (1 << 63)


def merge(command, partials, out_dir, label, cwd):
    """Writes the partials (in shard order) to files and runs the reducing tool on them."""
    paths = []
    for index, data in sorted(partial[:2] for partial in partials):
        path = os.path.join(out_dir, f"{label}-{index:05d}.lpt")
        with open(path, "wb") as f:
            f.write(data)
        paths.append(path)
    done = subprocess.run(command + paths, cwd=cwd, stderr=subprocess.PIPE)
    if done.returncode != 0:
        raise RuntimeError(f"merging {label}: {done.stderr.decode(errors='replace').strip()}")
    for path in paths:
        os.remove(path)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shards", required=True, help="text file listing the shard paths (one per line)")
    parser.add_argument("--heldout", help="text file listing held-out shard paths (objective only)")
    parser.add_argument("--init", required=True, help="initial dictionary (shared with the single-machine run)")
    parser.add_argument("--out", required=True, help="folder for zca.lpt, D.lpt, heldout.lpt, rounds.tsv")
    parser.add_argument("--master", default="local[2]", help="Spark master: local[N] or local[N,F] (F tries per task), spark://...")
    parser.add_argument("--partitions", type=int, default=0, help="partitions (default: one per shard)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--batch-per-shard", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lambda", dest="lam", type=float, default=1.0)
    parser.add_argument("--eps", type=float, default=0.01, help="whiten --eps")
    args = parser.parse_args()

    from pyspark.sql import SparkSession  # imported here: --help works without the engine

    def read_list(path):
        with open(path) as f:
            return [line.strip() for line in f if line.strip()]

    shards = sorted(read_list(args.shards))
    heldout = sorted(read_list(args.heldout)) if args.heldout else []
    os.makedirs(args.out, exist_ok=True)
    out = os.path.abspath(args.out)
    options = f"--lambda {args.lam}"
    spark = (SparkSession.builder.master(args.master).appName("latentpipe-cluster-learn")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.task.maxFailures", "4").getOrCreate())
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    partitions = args.partitions or len(shards)
    indexed = sc.parallelize(list(enumerate(shards)), partitions).cache()
    log = open(os.path.join(out, "rounds.tsv"), "w")
    log.write("round\tseconds\tshards\tretried\n")
    status = 0
    try:
        started = time.monotonic()
        merge([tool_path("whiten"), "--eps", str(args.eps), "--merge", "--save", os.path.join(out, "zca.lpt")],
              indexed.map(whitening_partial).collect(), out, "whitening", out)
        log.write(f"whiten\t{time.monotonic() - started:.3f}\t{len(shards)}\t\n")
        zca = sc.broadcast(read_bytes(os.path.join(out, "zca.lpt")))
        state_path = os.path.join(out, "D.lpt")
        with open(state_path, "wb") as f:
            f.write(read_bytes(args.init))
        for r in range(args.rounds):
            started = time.monotonic()
            state = sc.broadcast(read_bytes(state_path))
            batch, seed = args.batch_per_shard, args.seed
            partials = indexed.map(lambda s, r=r: round_partial(
                s, zca.value, state.value, batch, r, shard_seed(seed, s[0]), options)).collect()
            merge([tool_path("dict-learn"), "--merge", "--init", state_path, "--lambda", str(args.lam),
                   "--seed", str(shard_seed(seed, 999_983)), "-o", state_path + ".next"], partials, out, "round", out)
            os.replace(state_path + ".next", state_path)
            state.unpersist()
            retried = sum(1 for partial in partials if partial[2] > 0)
            log.write(f"{r + 1}\t{time.monotonic() - started:.3f}\t{len(partials)}\t{retried}\n")
            log.flush()
            print(f"round {r + 1}/{args.rounds}: {time.monotonic() - started:.2f} s", file=sys.stderr, flush=True)
        if heldout:
            final = sc.broadcast(read_bytes(state_path))
            held = sc.parallelize(list(enumerate(heldout)), max(1, len(heldout)))
            partials = held.map(lambda s: round_partial(s, zca.value, final.value, 0, 0, 0, options)).collect()
            merge([tool_path("dict-learn"), "--merge", "--objective-only", "--init", state_path, "--lambda", str(args.lam),
                   "-o", os.path.join(out, "heldout.lpt")], partials, out, "heldout", out)
    except Exception as error:  # a failed task arrives wrapped in Py4J's Java exception
        text = str(error)
        lines = [line for line in text.splitlines() if "RuntimeError: shard" in line or line.startswith("merging")]
        print("cluster_learn: " + (lines[0].split("RuntimeError: ", 1)[-1] if lines else text.splitlines()[0]), file=sys.stderr)
        status = 1
    finally:
        log.close()
        spark.stop()
    sys.exit(status)


if __name__ == "__main__":
    main()
