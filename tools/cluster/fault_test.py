#!/usr/bin/env python3
"""Fault test of tools/cluster/cluster_learn.py (CI runs it through tools/cluster/test.sh).

1. An undisturbed run over 8 shards on local[2,4] (4 tries per task).
2. The same run again; mid-job (after round 2) a Python worker process running one of our
   tools is killed with SIGKILL. Spark must retry the lost task (the round log counts tasks on
   a second attempt) and the dictionary and whitening model must be byte-identical to run 1.
3. A corrupt shard: the job fails (exit 1) with the shard's path in its one-line error.
4. The undisturbed run with a tree reduce (--tree-depth 2: partials summed on the executors,
   fewer of them reach the driver): the dictionary within 1e-6 relative of the flat merge's.

Only processes this script started (descendants of its driver) are killed, by pid.
Usage: fault_test.py WORKDIR (shards.txt, D0.lpt made by tools/cluster/test.sh).
"""
import filecmp
import os
import signal
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))


def driver(work, out, shards="shards.txt", rounds=8, tree_depth=0):
    return subprocess.Popen(
        [sys.executable, os.path.join(here, "cluster_learn.py"), "--master", "local[2,4]", "--shards", shards,
         "--init", "D0.lpt", "--out", out, "--rounds", str(rounds), "--batch-per-shard", "32", "--seed", "3",
         "--tree-depth", str(tree_depth)],
        cwd=work, stderr=subprocess.PIPE, text=True)


def relative_difference(a, b):
    """tensor-diff's relative squared error of the two dictionaries' data, as a norm ratio."""
    folder = os.environ.get("LATENTPIPE_BIN")
    done = subprocess.run([os.path.join(folder, "tensor-diff") if folder else "tensor-diff", "--tensor", "data", a, b],
                          capture_output=True, text=True, check=True)
    squared = next(float(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("relative"))
    return squared ** 0.5


def children():
    """pid -> parent pid of every process."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    table[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    return table


def descendants(root):
    table = children()
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in table.items() if parent in frontier} - found
        found |= frontier
    return found, table


def command_line(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def rounds_done(out):
    try:
        with open(os.path.join(out, "rounds.tsv")) as f:
            return sum(1 for line in f if line.split("\t")[0].isdigit())
    except OSError:
        return 0


def kill_a_worker(job, out):
    """SIGKILLs the Python worker (the parent of a running `sh -c ... dict-learn --stats-only`)
    of this job once round 2 is done; returns the pid killed."""
    while job.poll() is None:
        if rounds_done(out) >= 2:
            pids, table = descendants(job.pid)
            for pid in sorted(pids):
                if "dict-learn --stats-only" in command_line(pid) and command_line(pid).startswith("/bin/sh"):
                    worker = table.get(pid)
                    if worker in pids and "python" in command_line(worker):
                        os.kill(worker, signal.SIGKILL)
                        return worker
        time.sleep(0.01)
    return None


def main():
    work = os.path.abspath(sys.argv[1])
    failures = []
    first = driver(work, "undisturbed")
    _, err = first.communicate()
    if first.returncode != 0:
        sys.exit(f"fault_test: the undisturbed run failed: {err.strip()[-2000:]}")

    second = driver(work, "killed")
    killed = kill_a_worker(second, os.path.join(work, "killed"))
    _, err = second.communicate()
    if killed is None:
        failures.append("no worker process was caught running a task (nothing was killed)")
    elif second.returncode != 0:
        failures.append(f"the run with a killed worker failed: {err.strip()[-2000:]}")
    else:
        with open(os.path.join(work, "killed", "rounds.tsv")) as f:
            retried = sum(int(line.rstrip("\n").split("\t")[3] or 0) for line in f if line.split("\t")[0].isdigit())
        print(f"fault_test: killed Python worker {killed} after round 2; {retried} task(s) retried", file=sys.stderr)
        if retried < 1:
            failures.append("no task was retried after the worker was killed")
        for name in ("D.lpt", "state.lpt", "zca.lpt"):
            if not filecmp.cmp(os.path.join(work, "undisturbed", name), os.path.join(work, "killed", name), shallow=False):
                failures.append(f"{name} differs from the undisturbed run's")

    with open(os.path.join(work, "shards.txt")) as f:
        shards = [line.strip() for line in f if line.strip()]
    corrupt = os.path.join(work, "corrupt-shard.lpt")
    with open(shards[0], "rb") as f:
        data = bytearray(f.read())
    with open(corrupt, "wb") as f:
        f.write(data[: len(data) // 2])  # a truncated stream
    with open(os.path.join(work, "shards-corrupt.txt"), "w") as f:
        f.write("\n".join(shards[1:] + [corrupt]) + "\n")
    third = driver(work, "corrupt", shards="shards-corrupt.txt", rounds=2)
    _, err = third.communicate()
    last = err.strip().splitlines()[-1] if err.strip() else ""
    print(f"fault_test: corrupt shard: exit {third.returncode}: {last}", file=sys.stderr)
    if third.returncode != 1 or corrupt not in last or not last.startswith("cluster_learn: shard"):
        failures.append(f"a corrupt shard should fail the job naming it; exit {third.returncode}, last line: {last!r}")

    tree = driver(work, "tree", tree_depth=2)
    _, err = tree.communicate()
    if tree.returncode != 0:
        failures.append(f"the tree-reduce run failed: {err.strip()[-2000:]}")
    else:
        with open(os.path.join(work, "tree", "rounds.tsv")) as f:
            to_driver = {line.split("\t")[4].strip() for line in f if line.split("\t")[0].isdigit()}
        difference = relative_difference(os.path.join(work, "tree", "D.lpt"), os.path.join(work, "undisturbed", "D.lpt"))
        print(f"fault_test: tree reduce (depth 2): partials to the driver per round {sorted(to_driver)}, "
              f"dictionary relative difference {difference:.3g} from the flat merge", file=sys.stderr)
        if to_driver != {"3"} or not difference <= 1e-6:
            failures.append(f"the tree reduce should send 3 partials to the driver and match the flat merge within 1e-6; got {to_driver}, {difference:.3g}")

    for failure in failures:
        print(f"fault_test: FAIL: {failure}", file=sys.stderr)
    if not failures:
        print("fault_test: ok (retried run identical; corrupt shard named; tree reduce within 1e-6)", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
