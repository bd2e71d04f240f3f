#!/usr/bin/env python3
"""Whitening + dictionary learning over shards on Apache Spark, running the unchanged latentpipe
tools on every partition (glue, not product: the maths is in whiten and dict-learn).

Each shard is a file (a patch stream; images go through patchify first). The job:

1. map: `whiten --stats-only SHARD` per shard -> (n, mean, scatter) partials; reduce on the
   driver: `whiten --merge` -> zca.lpt (the single-fit model, within float tolerance);
2. R synchronous rounds (Mairal et al. 2010): broadcast the dictionary D alone (4·M·F bytes;
   the forgetting-weighted A and B stay on the driver, in state.lpt), map `whiten --model zca |
   dict-learn --stats-only --init D --batch-size b --round r --seed s --shard k` per shard ->
   (A_k, B_k, n_k, energy_k); reduce: `dict-learn --merge --init state --seed s --save-dict D`
   (shards in sorted order) -> next state and D. The rows shard k deals in round r come from
   a sampler whose seed the tools derive from (s, k): `dict-learn --batch-per-file b --seed s`
   over the shards in the same order takes the same steps on one machine (the same bytes);
3. held-out objective: map `dict-learn --stats-only` over the held-out shards, reduce with
   `dict-learn --merge --objective-only`.

Partials travel as bytes (binary streams, never text lines); each task writes its inputs to a
private temporary directory. Shard k's rows depend only on (seed, k, round) and the partials are
merged in shard order: the result does not depend on how shards are grouped into partitions or
on task retries. With --tree-depth d >= 2 the partials are summed on the executors in a tree
(`dict-learn --merge --stats-only`, `whiten --merge --stats-only`: each inner node sums about
P^(1/d) partials in shard order), so the driver receives a few partials instead of P; the
sums' order then follows the tree (deterministic for fixed partitions, float-close to the
flat merge).

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


def round_partial(indexed_shard, zca, dictionary, batch, round_index, seed, options):
    """The (A_k, B_k, n_k, energy_k) of one shard's minibatch against the round's dictionary,
    with the task's attempt number."""
    index, shard = indexed_shard
    with tempfile.TemporaryDirectory(prefix="lp-task-") as work:
        for name, data in (("zca.lpt", zca), ("D.lpt", dictionary)):
            with open(os.path.join(work, name), "wb") as f:
                f.write(data)
        batch_option = f"--batch-size {batch} --round {round_index}" if batch else ""
        run(f"{tool_path('whiten')} --model zca.lpt {quote(shard)} | "
            f"{tool_path('dict-learn')} --stats-only --init D.lpt {batch_option} --seed {seed} --shard {index} {options} -o part.lpt",
            shard, work)
        with open(os.path.join(work, "part.lpt"), "rb") as f:
            return index, f.read(), attempt()


def merge_partials(tool, group):
    """A tree reduce's inner node: the partials of `group` (index, bytes, attempt), summed in
    index order by `tool --merge --stats-only` into one partial under the first index."""
    group = sorted(group, key=lambda partial: partial[0])
    if len(group) == 1:
        return group[0]
    with tempfile.TemporaryDirectory(prefix="lp-merge-") as work:
        paths = []
        for index, data, _ in group:
            paths.append(os.path.join(work, f"part-{index:05d}.lpt"))
            with open(paths[-1], "wb") as f:
                f.write(data)
        done = subprocess.run([tool_path(tool), "--merge", "--stats-only", "-o", "merged.lpt"] + paths, cwd=work, stderr=subprocess.PIPE)
        if done.returncode != 0:
            raise RuntimeError(f"merging partials {group[0][0]}..{group[-1][0]}: {done.stderr.decode(errors='replace').strip()}")
        with open(os.path.join(work, "merged.lpt"), "rb") as f:
            return group[0][0], f.read(), max(partial[2] for partial in group)


def gather(partials, tool, depth, shards):
    """The partials (index, bytes, attempt) the driver merges: all of them (depth < 2, the flat
    collect), or a tree's top level, each level summing groups of `fan_in` consecutive shards on
    the executors; the retried-task count rides along as the largest attempt of a group."""
    if depth < 2 or shards <= 2:
        return partials.collect()
    fan_in = max(2, round(shards ** (1 / depth)))
    span = 1
    for _ in range(depth - 1):
        span *= fan_in
        if span >= shards:
            break
        partials = (partials.map(lambda partial, span=span: (partial[0] // span, partial))
                    .groupByKey().map(lambda group: merge_partials(tool, list(group[1]))))
    return partials.collect()


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
    parser.add_argument("--out", required=True, help="folder for zca.lpt, D.lpt (the dictionary), state.lpt (with A, B), heldout.lpt, rounds.tsv")
    parser.add_argument("--master", default="local[2]", help="Spark master: local[N] or local[N,F] (F tries per task), spark://...")
    parser.add_argument("--partitions", type=int, default=0, help="partitions (default: one per shard)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--batch-per-shard", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lambda", dest="lam", type=float, default=1.0)
    parser.add_argument("--eps", type=float, default=0.01, help="whiten --eps")
    parser.add_argument("--tree-depth", type=int, default=0,
                        help="sum partials on the executors in a tree of this depth (2 or more; default 0: every partial to the driver, merged in shard order)")
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
    log.write("round\tseconds\tshards\tretried\tpartials_to_driver\n")
    status = 0
    try:
        started = time.monotonic()
        whitening = gather(indexed.map(lambda s: (*whitening_partial(s), 0)), "whiten", args.tree_depth, len(shards))
        merge([tool_path("whiten"), "--eps", str(args.eps), "--merge", "--save", os.path.join(out, "zca.lpt")],
              whitening, out, "whitening", out)
        log.write(f"whiten\t{time.monotonic() - started:.3f}\t{len(shards)}\t\t{len(whitening)}\n")
        zca = sc.broadcast(read_bytes(os.path.join(out, "zca.lpt")))
        # The driver keeps the learner's state (D, A, B, steps); the workers get D alone.
        state_path, dictionary_path = os.path.join(out, "state.lpt"), os.path.join(out, "D.lpt")
        for path in (state_path, dictionary_path):
            with open(path, "wb") as f:
                f.write(read_bytes(args.init))
        batch, seed = args.batch_per_shard, args.seed
        for r in range(args.rounds):
            started = time.monotonic()
            dictionary = sc.broadcast(read_bytes(dictionary_path))
            partials = gather(indexed.map(lambda s, r=r: round_partial(s, zca.value, dictionary.value, batch, r, seed, options)),
                              "dict-learn", args.tree_depth, len(shards))
            merge([tool_path("dict-learn"), "--merge", "--init", state_path, "--lambda", str(args.lam), "--seed", str(seed),
                   "-o", state_path + ".next", "--save-dict", dictionary_path + ".next"], partials, out, "round", out)
            os.replace(state_path + ".next", state_path)
            os.replace(dictionary_path + ".next", dictionary_path)
            dictionary.unpersist()
            retried = sum(1 for partial in partials if partial[2] > 0)
            log.write(f"{r + 1}\t{time.monotonic() - started:.3f}\t{len(shards)}\t{retried}\t{len(partials)}\n")
            log.flush()
            print(f"round {r + 1}/{args.rounds}: {time.monotonic() - started:.2f} s", file=sys.stderr, flush=True)
        if heldout:
            final = sc.broadcast(read_bytes(dictionary_path))
            held = sc.parallelize(list(enumerate(heldout)), max(1, len(heldout)))
            partials = held.map(lambda s: round_partial(s, zca.value, final.value, 0, 0, 0, options)).collect()
            merge([tool_path("dict-learn"), "--merge", "--objective-only", "--init", dictionary_path, "--lambda", str(args.lam),
                   "-o", os.path.join(out, "heldout.lpt")], partials, out, "heldout", out)
    except Exception as error:  # a failed task arrives wrapped in Py4J's Java exception
        text = str(error)
        lines = [line for line in text.splitlines() if "RuntimeError: shard" in line or "RuntimeError: merging" in line or line.startswith("merging")]
        print("cluster_learn: " + (lines[0].split("RuntimeError: ", 1)[-1] if lines else text.splitlines()[0]), file=sys.stderr)
        status = 1
    finally:
        log.close()
        spark.stop()
    sys.exit(status)


if __name__ == "__main__":
    main()
