#!/usr/bin/env python3
"""latentpipe contrastive benchmark: contrast-train against PyTorch (CPU) on the same model, data, views and schedule.

Driven by tools/bench/contrast.sh (which finds the Python with torch); see tools/bench/README.md.

Model (issue 13, contrast-train's design): a SimCLR-shaped MLP. Encoder 64 -> H (ReLU)
[-> H2 (ReLU)], whose output h is the representation; projection head h -> P (ReLU) -> D
(linear), P = the last encoder width. Loss: NT-Xent on z = normalize(head(h)) with temperature
tau; a batch of B images gives 2B rows, rows 2i and 2i+1 the two views of image i; each row's
softmax runs over the 2B - 1 other rows (itself excluded), its positive being its pair; the loss
is the mean over the 2B rows. Adam (lr 1e-3, PyTorch's defaults), batches of B images from a
fresh permutation every epoch (the last partial batch kept if it has >= 2 images); weights and
biases start as nn.Linear's default, U(-1/sqrt(fan_in), +1/sqrt(fan_in)), in both.

Views: every epoch, every view of every image is shifted down and right by whole pixels, each
uniform in -k..k (--shift, default 1), zero filled: out[y, x] = in[y - down, x - right]. Here
vectorised (pad by k, then one gather per batch), drawn inside the timed epoch as ours does.

Data: samples/digits-8x8.lpt split by our `split-rows --test-size 0.2 --seed 1` (as
pipelines/probe.sh: 1437 training digits, 360 held out), read with tools/stream_format.py.

One evaluator for both models (float64, in this process, from ours' model file and PyTorch's
state dict, W as [in, out]): NT-Xent, mean positive and negative cosine on the training and the
held-out digits with fixed views (the same shifts for both models), in batches of B; and a linear
probe: scikit-learn StandardScaler + LogisticRegression on h of the unshifted training digits,
accuracy on h of the held-out ones.

Timing: seconds per epoch of training only (permutation, views, forward, backward, Adam), the
mean over --epochs epochs after --warmup epochs. PyTorch: time.perf_counter around each epoch.
Ours: the per-epoch seconds of contrast-train's --curve file or --progress lines when the tool
has them (warm-up epochs dropped), else its --report line's mean over all epochs. Both pinned
alike (taskset -c 0 / 0,1) with OMP/MKL/OPENBLAS threads and torch.set_num_threads = N. Ratio =
PyTorch s/epoch / ours (issue 13's goal: >= 3).
"""

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from bench import (CommandError, Report, env_default, finish_report, pin,  # noqa: E402
                   pinned_label, run, run_header, table, thread_env)
from torch_peer import NUMBER, fmt, parse_seconds_per_epoch, read_stream, say_torch_and_load  # noqa: E402

SIDE = 8                 # the digits are 8x8 images, one channel, rows in y, x order
TEST_SIZE = "0.2"
SPLIT_SEED = 1
TOOL = "contrast-train"


# ----------------------------------------------------------------------------- model (torch, both sides' evaluator)

def layer_names(hidden):
    """Our model file's layer names in the design's order: encoder layers, then the head's two."""
    return ["encoder.%d" % i for i in range(len(hidden))] + ["head.0", "head.1"]


def build_model(torch, features, hidden, dim):
    """encoder (Linear + ReLU per width) and head (Linear(H, H), ReLU, Linear(H, dim)) as nn.Sequential."""
    from torch import nn
    widths = [features] + list(hidden)
    encoder = []
    for a, b in zip(widths, widths[1:]):
        encoder += [nn.Linear(a, b), nn.ReLU()]
    h = widths[-1]
    return nn.Sequential(nn.Sequential(*encoder), nn.Sequential(nn.Linear(h, h), nn.ReLU(), nn.Linear(h, dim)))


def linear_layers(model):
    """The model's nn.Linear layers in layer_names order."""
    from torch import nn
    return [m for part in model for m in part if isinstance(m, nn.Linear)]


def shifted_views(torch, images, shifts, k):
    """images [m, S, S] shifted by shifts [m, 2] = (down, right), integers in -k..k, zero filled:
    out[i, y, x] = images[i, y - down, x - right] (0 outside), returned as rows [m, S*S]."""
    m, s = images.shape[0], images.shape[1]
    padded = torch.nn.functional.pad(images, (k, k, k, k))
    r = torch.arange(s)
    rows = r[None, :] - shifts[:, 0:1] + k
    cols = r[None, :] - shifts[:, 1:2] + k
    return padded[torch.arange(m)[:, None, None], rows[:, :, None], cols[:, None, :]].reshape(m, s * s)


def pair_rows(torch, images):
    """Each image twice, rows 2i and 2i+1 for image i."""
    return images.repeat_interleave(2, dim=0)


def nt_xent(torch, z, tau):
    """NT-Xent (SimCLR) of projections z [2B, D], pairs at rows 2i, 2i+1: the mean over rows of
    -log softmax of the row's cosine with its pair / tau among all other rows / tau."""
    import torch.nn.functional as F
    u = F.normalize(z, dim=1)
    n = u.shape[0]
    logits = (u @ u.T / tau).masked_fill(torch.eye(n, dtype=torch.bool), float("-inf"))
    return F.cross_entropy(logits, torch.arange(n) ^ 1)


def check_views_and_loss():
    """shifted_views against the per-pixel formula, nt_xent against its closed form log(2B - 1)
    for identical rows at tau 1; raises AssertionError on a mismatch."""
    import numpy as np
    import torch
    rng = np.random.default_rng(0)
    images = rng.random((20, SIDE, SIDE))
    shifts = rng.integers(-2, 3, (20, 2))
    got = shifted_views(torch, torch.from_numpy(images), torch.from_numpy(shifts), 2).numpy().reshape(20, SIDE, SIDE)
    for i in range(20):
        down, right = shifts[i]
        for y in range(SIDE):
            for x in range(SIDE):
                inside = 0 <= y - down < SIDE and 0 <= x - right < SIDE
                want = images[i, y - down, x - right] if inside else 0.0
                assert got[i, y, x] == want, "shifted_views differs at image %d, y %d, x %d" % (i, y, x)
    z = torch.ones(12, 5, dtype=torch.float64) * torch.from_numpy(rng.random(5))
    loss = float(nt_xent(torch, z, 1.0))
    assert abs(loss - np.log(11)) < 1e-12, "nt_xent of identical rows %r, not log(11)" % loss


# ----------------------------------------------------------------------------- data

def prepare(cfg, say):
    """train.lpt and test.lpt made by our split-rows (cached), and their arrays."""
    cache = os.path.join(HERE, ".cache", "contrast")
    os.makedirs(cache, exist_ok=True)
    train, test = os.path.join(cache, "train.lpt"), os.path.join(cache, "test.lpt")
    run([os.path.join(cfg.bin, "split-rows"), "--test-size", TEST_SIZE, "--seed", str(SPLIT_SEED),
         "--train", train, "--test", test, os.path.join(REPO, "samples", "digits-8x8.lpt")])
    a, b = read_stream(train), read_stream(test)
    say("data: split-rows --test-size %s --seed %d samples/digits-8x8.lpt: %d training digits, %d held out, "
        "%d features, values in [%.3g, %.3g]" % (TEST_SIZE, SPLIT_SEED, a["data"].shape[0], b["data"].shape[0],
                                                 a["data"].shape[1], min(a["data"].min(), b["data"].min()),
                                                 max(a["data"].max(), b["data"].max())))
    return {"train": train, "test": test, "X": a["data"], "y": a["labels"], "Xt": b["data"], "yt": b["labels"]}


# ----------------------------------------------------------------------------- PyTorch side

def torch_worker(spec_json):
    """Runs in a pinned subprocess: trains the PyTorch model, saves its weights, prints JSON timings."""
    spec = json.loads(spec_json)
    import numpy as np
    import torch
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(spec["seed"])
    X = torch.from_numpy(read_stream(spec["train"])["data"].astype(np.float32))
    n, k, tau = X.shape[0], spec["shift"], spec["temperature"]
    images = X.reshape(n, SIDE, SIDE)
    model = build_model(torch, X.shape[1], spec["hidden"], spec["dim"])
    optimizer = torch.optim.Adam(model.parameters(), lr=spec["lr"])
    seconds, losses = [], []
    for _ in range(spec["warmup"] + spec["epochs"]):
        start = time.perf_counter()
        total, rows = 0.0, 0
        for idx in torch.randperm(n).split(spec["batch"]):
            if len(idx) < 2:
                continue
            views = pair_rows(torch, images[idx])
            x = shifted_views(torch, views, torch.randint(-k, k + 1, (views.shape[0], 2)), k)
            loss = nt_xent(torch, model(x), tau)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss) * x.shape[0]
            rows += x.shape[0]
        seconds.append(time.perf_counter() - start)
        losses.append(total / rows)
    params = {}
    for name, layer in zip(layer_names(spec["hidden"]), linear_layers(model)):
        params[name + ".weight"] = layer.weight.detach().numpy().T.copy()
        params[name + ".bias"] = layer.bias.detach().numpy().copy()
    np.savez(spec["out"], **params)
    print(json.dumps({"seconds": seconds, "losses": losses, "threads": torch.get_num_threads()}))


def run_torch(cfg, hidden, threads, epochs, data):
    import numpy as np
    out = os.path.join(HERE, ".cache", "contrast", "torch-%s-threads%d-epochs%d.npz" % (hidden_text(hidden), threads, epochs))
    spec = {"train": data["train"], "hidden": hidden, "dim": cfg.dim, "temperature": cfg.temperature, "batch": cfg.batch_size,
            "lr": cfg.lr, "seed": cfg.seed, "shift": cfg.shift, "warmup": cfg.warmup, "epochs": epochs, "threads": threads,
            "out": out}
    p = run(pin(threads) + [sys.executable, os.path.abspath(__file__), "--worker", json.dumps(spec)], env=thread_env(threads))
    result = json.loads(p.stdout.strip().splitlines()[-1])
    timed = result["seconds"][cfg.warmup:]
    saved = np.load(out)
    return {"seconds_per_epoch": sum(timed) / len(timed), "fastest_epoch": min(timed), "loss": result["losses"][-1],
            "source": "perf_counter around each epoch", "params": {k: saved[k] for k in saved.files}}


# ----------------------------------------------------------------------------- our side

def tool_help(cfg):
    """contrast-train's --help text (to see which of --curve and --progress it has)."""
    p = subprocess.run([os.path.join(cfg.bin, TOOL), "--help"], capture_output=True, text=True)
    return p.stdout + p.stderr


def parse_progress_seconds(text):
    """Per-epoch seconds from progress lines `epoch 3/6: ..., 0.12 s` (vae-train's form), in order."""
    found = re.findall(r"^\s*epoch\s+\d+\s*/\s*\d+\b.*?" + NUMBER + r"\s*s\s*$", text, re.M | re.I)
    return [float(s) for s in found]


def parse_loss(text):
    """The final training loss of a --report line (`final train loss 4.91`, `loss 4.91`), or None."""
    for pattern in (r"train(?:ing)?\s+loss\s*[=:]?\s*" + NUMBER, r"\bloss\s*[=:]?\s*" + NUMBER):
        m = re.findall(pattern, text, re.I)
        if m:
            return float(m[-1])
    return None


def run_ours(cfg, hidden, threads, epochs, data):
    cache = os.path.join(HERE, ".cache", "contrast")
    stem = os.path.join(cache, "ours-%s-threads%d-epochs%d" % (hidden_text(hidden), threads, epochs))
    usage = tool_help(cfg)
    cmd = [os.path.join(cfg.bin, TOOL), "--dim", str(cfg.dim), "--hidden", hidden_text(hidden), "--temperature",
           repr(cfg.temperature), "--batch-size", str(cfg.batch_size), "--epochs", str(cfg.warmup + epochs), "--lr", repr(cfg.lr),
           "--seed", str(cfg.seed), "--shift", str(cfg.shift), "--negatives", "batch"]
    has_curve = "--curve" in usage
    if has_curve:
        cmd += ["--curve", stem + ".csv"]
    if "--progress" in usage:
        cmd += ["--progress"]
    cmd += cfg.ours_args.split() + ["--report", "-o", stem + ".lpt", data["train"]]
    start = time.perf_counter()
    p = run(pin(threads) + cmd, env=thread_env(threads))
    wall = time.perf_counter() - start
    report = [line for line in p.stderr.splitlines() if parse_seconds_per_epoch(line) is not None]
    report = report[-1] if report else p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
    per_epoch, source = [], None
    if has_curve:
        rows = list(csv.DictReader(open(stem + ".csv")))
        per_epoch = [float(r["seconds"]) for r in rows if r.get("seconds")]
        source = "the --curve seconds column"
    if not per_epoch:
        per_epoch = parse_progress_seconds(p.stderr)
        source = "the --progress lines"
    reported = parse_seconds_per_epoch(report)
    if len(per_epoch) == cfg.warmup + epochs:
        timed = per_epoch[cfg.warmup:]
        mean, fastest = sum(timed) / len(timed), min(timed)
        source += " after %d warm-up epoch(s)" % cfg.warmup
    elif reported is not None:
        mean, fastest, source = reported, None, "the --report line (its mean over all %d epochs, warm-up included)" % (cfg.warmup + epochs)
    else:
        raise ValueError("no seconds per epoch in %s's output: %r" % (TOOL, p.stderr.strip()[-300:]))
    frame = read_stream(stem + ".lpt")
    names = [n + s for n in layer_names(hidden) for s in (".weight", ".bias")]
    missing = [n for n in names if n not in frame]
    if missing:
        raise KeyError("%s's model lacks %s (has %s)" % (TOOL, ", ".join(missing), ", ".join(sorted(frame))))
    return {"seconds_per_epoch": mean, "fastest_epoch": fastest, "loss": parse_loss(report), "source": source,
            "wall": wall, "report": report, "params": {n: frame[n] for n in names}, "command": cmd}


# ----------------------------------------------------------------------------- one evaluator

def forward(params, hidden, X):
    """h (the representation) and z (the projection) of rows X, float64 torch, weights [in, out]."""
    import torch
    W = {k: torch.from_numpy(v.astype("float64")) for k, v in params.items()}
    h = torch.from_numpy(X.astype("float64"))
    for name in layer_names(hidden)[:-2]:
        h = torch.relu(h @ W[name + ".weight"] + W[name + ".bias"])
    z = torch.relu(h @ W["head.0.weight"] + W["head.0.bias"]) @ W["head.1.weight"] + W["head.1.bias"]
    return h, z


def fixed_views(X, k, seed):
    """Two views of every row of X (rows 2i, 2i+1), shifted by draws of numpy default_rng(seed): the same for both models."""
    import numpy as np
    import torch
    images = pair_rows(torch, torch.from_numpy(X.astype("float64")).reshape(-1, SIDE, SIDE))
    shifts = torch.from_numpy(np.random.default_rng(seed).integers(-k, k + 1, (images.shape[0], 2)))
    return shifted_views(torch, images, shifts, k).numpy()


def contrast_scores(params, hidden, views, batch, tau):
    """NT-Xent and the mean positive / negative cosine of paired views, in batches of `batch` images."""
    import torch
    import torch.nn.functional as F
    _, z = forward(params, hidden, views)
    total = pos = neg = 0.0
    rows = negatives = 0
    for start in range(0, z.shape[0], 2 * batch):
        part = z[start:start + 2 * batch]
        n = part.shape[0]
        if n < 4:
            continue
        u = F.normalize(part, dim=1)
        cos = u @ u.T
        pair = torch.arange(n) ^ 1
        total += float(nt_xent(torch, part, tau)) * n
        pos += float(cos[torch.arange(n), pair].sum())
        others = ~torch.eye(n, dtype=torch.bool)
        others[torch.arange(n), pair] = False
        neg += float(cos[others].sum())
        rows += n
        negatives += int(others.sum())
    return {"loss": total / rows, "pos": pos / rows, "neg": neg / negatives}


def probe_accuracy(train_features, y, test_features, yt):
    """scikit-learn's StandardScaler + LogisticRegression (C 1) fitted on the training rows, accuracy on the test rows."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    scaler = StandardScaler().fit(train_features)
    model = LogisticRegression(max_iter=10000).fit(scaler.transform(train_features), y)
    return float(model.score(scaler.transform(test_features), yt))


def evaluate(cfg, hidden, params, data, views):
    train = contrast_scores(params, hidden, views["train"], cfg.batch_size, cfg.temperature)
    test = contrast_scores(params, hidden, views["test"], cfg.batch_size, cfg.temperature)
    h, _ = forward(params, hidden, data["X"])
    ht, _ = forward(params, hidden, data["Xt"])
    return {"train": train, "test": test, "probe": probe_accuracy(h.numpy(), data["y"], ht.numpy(), data["yt"])}


# ----------------------------------------------------------------------------- report

def hidden_text(hidden):
    return ",".join(str(h) for h in hidden)


def epoch_gflop(rows, features, hidden, dim, batch):
    """The matrix products of one training epoch, in GFLOP (2 per multiply-add): per batch of b
    images (2b views), each layer's forward, weight gradient and input gradient (the first
    layer's input gradient is not needed), and the similarity matrix's forward and two gradient
    products. Elementwise work (ReLU, normalisation, softmax, Adam) is not counted."""
    widths = [features] + list(hidden)
    layers = list(zip(widths, widths[1:])) + [(widths[-1], widths[-1]), (widths[-1], dim)]
    per_view = sum(a * b for a, b in layers) * 3 - features * widths[1]
    total = 0
    for start in range(0, rows, batch):
        views = 2 * min(batch, rows - start)
        if views >= 4:
            total += views * per_view + 3 * views * views * dim
    return 2 * total / 1e9


def train_both(cfg, hidden, threads, epochs, data, views, sides, notes, say):
    """{side: result with its evaluation} for the sides that ran; failures go to notes."""
    results = {}
    for side, runner in (("ours", run_ours), ("torch", run_torch)):
        if side not in sides:
            continue
        say.note("hidden %s, %d thread(s), %d epochs: %s" % (hidden_text(hidden), threads, epochs, side))
        try:
            r = runner(cfg, hidden, threads, epochs, data)
        except CommandError as e:
            notes.append("%s hidden %s threads %d FAILED: %s (%s)" % (side, hidden_text(hidden), threads, str(e).splitlines()[-1], e.cmd))
            continue
        except (OSError, ValueError, KeyError) as e:
            notes.append("%s hidden %s threads %d FAILED: %s: %s" % (side, hidden_text(hidden), threads, type(e).__name__, e))
            continue
        r["eval"] = evaluate(cfg, hidden, r["params"], data, views)
        results[side] = r
        if side == "ours":
            notes.append("ours hidden %s threads %d epochs %d: `%s`; whole process %.2f s; s/epoch from %s"
                         % (hidden_text(hidden), threads, cfg.warmup + epochs, r["report"], r["wall"], r["source"]))
    return results


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=env_default("LP_BIN", os.path.join(REPO, ".build", "release")),
                    help="directory of the latentpipe binaries (env LP_BIN)")
    ap.add_argument("--hidden", default=env_default("CONTRAST_HIDDEN", "256;512"),
                    help="';'-separated encoder widths, each H or H,H2 (env CONTRAST_HIDDEN)")
    ap.add_argument("--threads", default=env_default("BENCH_THREADS", "2,1"), help="thread counts (env BENCH_THREADS)")
    ap.add_argument("--epochs", type=int, default=int(env_default("CONTRAST_EPOCHS", 5)), help="timed epochs (env CONTRAST_EPOCHS)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed epochs before them (both sides train warmup + epochs)")
    ap.add_argument("--dim", type=int, default=32, help="projection dimension D")
    ap.add_argument("--temperature", type=float, default=0.5)
    ap.add_argument("--batch-size", type=int, default=256, help="images per batch (2B rows)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--shift", type=int, default=1, help="most pixels a view is shifted along each axis")
    ap.add_argument("--seed", type=int, default=1, help="training seed of both (not the same random stream)")
    ap.add_argument("--probe-epochs", type=int, default=30,
                    help="also train both this long (at the first thread count) and compare losses and linear probes; 0: no")
    ap.add_argument("--sides", default="ours,torch", help="ours, torch or both")
    ap.add_argument("--ours-args", default=env_default("OURS_ARGS", ""), help="extra contrast-train arguments (env OURS_ARGS)")
    ap.add_argument("--out", default=env_default("BENCH_OUT", os.path.join(HERE, "contrast-last-run.txt")),
                    help="where the report is also written ('' for nowhere)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    cfg = ap.parse_args(argv)
    if cfg.worker:
        return torch_worker(cfg.worker)
    sides = set(cfg.sides.split(","))
    if "ours" in sides and not os.access(os.path.join(cfg.bin, TOOL), os.X_OK):
        print("contrast: %s is not in %s: build it (swift build -c release) or name its folder with --bin DIR; "
              "--sides torch runs the PyTorch half alone" % (TOOL, cfg.bin), file=sys.stderr)
        return 1
    if cfg.epochs < 1 or cfg.warmup < 0 or cfg.batch_size < 2:
        print("contrast: --epochs must be >= 1, --warmup >= 0 and --batch-size >= 2", file=sys.stderr)
        return 2
    hiddens = [[int(w) for w in h.split(",")] for h in cfg.hidden.split(";") if h]
    threads_list = [int(t) for t in cfg.threads.split(",")]

    t_start = time.perf_counter()
    say = Report()
    run_header(say, "latentpipe contrastive benchmark (contrast-train vs PyTorch CPU)", cfg.bin, TOOL)
    say_torch_and_load(say, "images[idx] for idx in randperm(n).split(B), views by pad + gather (no DataLoader)")
    check_views_and_loss()
    say("checked: the PyTorch views equal the per-pixel shift formula; its NT-Xent of identical rows at tau 1 is log(2B - 1)")
    say("setup: 64 -> H ReLU (h) -> H ReLU -> %d; NT-Xent tau %g on normalised projections, in-batch negatives; "
        "views shifted by -%d..%d pixels each axis; Adam lr %g; %d images (%d rows) per batch; %d warm-up + %d timed epochs; seed %d"
        % (cfg.dim, cfg.temperature, cfg.shift, cfg.shift, cfg.lr, cfg.batch_size, 2 * cfg.batch_size, cfg.warmup, cfg.epochs, cfg.seed))
    data = prepare(cfg, say)
    views = {"train": fixed_views(data["X"], cfg.shift, cfg.seed + 1000), "test": fixed_views(data["Xt"], cfg.shift, cfg.seed + 1001)}
    raw = probe_accuracy(data["X"], data["y"], data["Xt"], data["yt"])

    speed, notes = [], []
    for hidden in hiddens:
        gflop = epoch_gflop(data["X"].shape[0], data["X"].shape[1], hidden, cfg.dim, cfg.batch_size)
        for threads in threads_list:
            r = train_both(cfg, hidden, threads, cfg.epochs, data, views, sides, notes, say)
            ours, peer = r.get("ours"), r.get("torch")
            os_, ts = (ours or {}).get("seconds_per_epoch"), (peer or {}).get("seconds_per_epoch")
            of, tf = (ours or {}).get("fastest_epoch"), (peer or {}).get("fastest_epoch")
            speed.append([hidden_text(hidden), pinned_label(threads), fmt(os_ * 1e3 if os_ else None, 1),
                          fmt(ts * 1e3 if ts else None, 1), fmt(ts / os_ if os_ and ts else None, 2),
                          fmt(of * 1e3 if of else None, 1), fmt(tf * 1e3 if tf else None, 1),
                          fmt(tf / of if of and tf else None, 2), fmt(gflop, 2), fmt(gflop / os_ if os_ else None, 1),
                          fmt(gflop / ts if ts else None, 1), fmt((ours or {}).get("loss"), 3),
                          fmt((peer or {}).get("loss"), 3), fmt(ours["eval"]["train"]["loss"] if ours else None, 3),
                          fmt(peer["eval"]["train"]["loss"] if peer else None, 3)])

    quality = []
    if cfg.probe_epochs > 0:
        for hidden in hiddens:
            r = train_both(cfg, hidden, threads_list[0], cfg.probe_epochs, data, views, sides, notes, say)
            for side in ("ours", "torch"):
                if side in r:
                    e = r[side]["eval"]
                    quality.append([hidden_text(hidden), side, fmt(r[side]["seconds_per_epoch"] * 1e3, 1),
                                    fmt(r[side]["loss"], 3), fmt(e["train"]["loss"], 3),
                                    fmt(e["test"]["loss"], 3), fmt(e["test"]["pos"], 3), fmt(e["test"]["neg"], 3),
                                    fmt(e["test"]["pos"] - e["test"]["neg"], 3), fmt(e["probe"], 4)])

    say()
    say("Training time per epoch (mean of %d epochs after %d warm-up) and the training loss after %d epochs:"
        % (cfg.epochs, cfg.warmup, cfg.warmup + cfg.epochs))
    say(table(["hidden", "threads", "ours ms/ep", "torch ms/ep", "torch/ours", "ours min", "torch min", "min ratio",
               "GFLOP/ep", "ours GFLOP/s", "torch GFLOP/s", "ours loss", "torch loss", "ours eval", "torch eval"], speed))
    say("torch/ours = PyTorch's mean s/epoch over ours (goal >= 3); min = each side's fastest epoch and their ratio; "
        "GFLOP/ep = the matrix products of an epoch (layers forward and backward, similarity matrix; 2 per multiply-add), "
        "GFLOP/s = that over each side's mean epoch; "
        "loss = each tool's own mean training loss over the last epoch's batches (random views); eval = the one "
        "evaluator's NT-Xent on the training digits with fixed views, batches of %d" % cfg.batch_size)
    if quality:
        say()
        say("Same model, same learning? Both trained %d epochs on %s thread(s), one evaluator on fixed views; linear probe "
            "(scikit-learn LogisticRegression C 1 on standardised h) trained on the %d training digits, accuracy on the %d "
            "held out (raw pixels: %.4f):" % (cfg.probe_epochs + cfg.warmup, pinned_label(threads_list[0]),
                                              data["X"].shape[0], data["Xt"].shape[0], raw))
        say(table(["hidden", "side", "ms/ep", "own loss", "train eval", "held-out eval", "pos cos", "neg cos", "gap", "probe acc"],
                  quality, left=2))
    say()
    for n in notes:
        say(n)
    finish_report(say, cfg.out, t_start)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
