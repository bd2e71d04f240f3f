#!/usr/bin/env python3
"""latentpipe VAE benchmark: vae-train against PyTorch (CPU) on the same network, data and schedule.

Driven by tools/bench/vae.sh (which finds the Python with torch); see tools/bench/README.md.

Model (issue 12, the PyTorch VAE example's shape): encoder 64 -> 400 (ReLU) -> two linear heads
mu and logvar [latent]; decoder latent -> 400 (ReLU) -> 64 logits. Per row x (intensities in
[0, 1]), with z = mu + exp(logvar / 2) * eps, eps ~ N(0, I):

    nELBO(x) = sum_pixels [softplus(l) - x l]  +  1/2 sum_latent (mu^2 + exp(logvar) - 1 - logvar)

(Bernoulli BCE with logits l = decoder(z), plus the closed-form KL to N(0, I)). Training
minimises the mean over a minibatch's rows with Adam (lr 1e-3, PyTorch's defaults), batches of
128 from a fresh permutation every epoch, the last partial batch kept; weights and biases start
as nn.Linear's default, U(-1/sqrt(fan_in), +1/sqrt(fan_in)), in both.

Data: samples/digits-8x8.lpt split by our `split-rows --test-size 300 --seed 1` (1497 training
rows, 300 held out), read here with tools/stream_format.py; the same arrays go to both.

Held-out nELBO: ONE evaluator for both models, here in float64 numpy, on the 300 held-out rows
with the same eps draws for both (numpy default_rng(seed)): the mean over rows of one sample
per row, and of the mean of --samples samples per row (less noisy). Our model's weights are
read from vae-train's model file, PyTorch's from its state dict (transposed to [in, out]).
Each tool's own held-out figure (ours: the --curve file; PyTorch: its epoch loop) is printed
too, as a cross-check and a convergence curve.

Timing: seconds per epoch of training only (no evaluation): ours from vae-train's --curve
seconds column (the same training-only clock as --report's mean, with more digits), PyTorch
around its epoch loop (permutation, batches, forward, backward, Adam step), the mean
over all epochs. Both pinned alike (taskset -c 0 / 0,1) with OMP/MKL/OPENBLAS threads and
torch.set_num_threads = N. The ratio is PyTorch s/epoch / ours (goal: >= 3 at 2 threads).
"""

import argparse
import csv
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from bench import (CommandError, Report, env_default, finish_report, pin,  # noqa: E402
                   pinned_label, run, run_header, table, thread_env)
from torch_peer import fmt, parse_seconds_per_epoch, read_stream, say_torch_and_load  # noqa: E402

HIDDEN = 400
FEATURES = 64
TEST_SIZE = 300
SPLIT_SEED = 1
# Our model file's parameters, in the design's order, and the PyTorch module that holds each.
LAYERS = [("encoder.0", "fc1"), ("mean", "fc21"), ("logvar", "fc22"), ("decoder.0", "fc3"), ("output", "fc4")]


# ----------------------------------------------------------------------------- data

def prepare(cfg, say):
    """train.lpt and test.lpt made by our split-rows (cached), and their arrays."""
    cache = os.path.join(HERE, ".cache", "vae")
    os.makedirs(cache, exist_ok=True)
    train, test = os.path.join(cache, "train.lpt"), os.path.join(cache, "test.lpt")
    digits = os.path.join(REPO, "samples", "digits-8x8.lpt")
    run([os.path.join(cfg.bin, "split-rows"), "--test-size", str(TEST_SIZE), "--seed", str(SPLIT_SEED),
         "--train", train, "--test", test, digits])
    X, Xt = read_stream(train)["data"], read_stream(test)["data"]
    say("data: split-rows --test-size %d --seed %d samples/digits-8x8.lpt: %d training rows, %d held out, %d features, "
        "values in [%.3g, %.3g]" % (TEST_SIZE, SPLIT_SEED, X.shape[0], Xt.shape[0], X.shape[1], min(X.min(), Xt.min()),
                                    max(X.max(), Xt.max())))
    return train, test, X, Xt


# ----------------------------------------------------------------------------- evaluation

def nelbo_terms(params, X, eps):
    """Per-row (recon, KL) in float64 for weights {name: (W [in, out], b [out])} and eps [rows, latent]."""
    import numpy as np
    X = np.asarray(X, dtype=np.float64)
    W = {k: (np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)) for k, (w, b) in params.items()}
    h = np.maximum(X @ W["encoder.0"][0] + W["encoder.0"][1], 0)
    mu = h @ W["mean"][0] + W["mean"][1]
    logvar = h @ W["logvar"][0] + W["logvar"][1]
    z = mu + np.exp(0.5 * logvar) * eps
    h2 = np.maximum(z @ W["decoder.0"][0] + W["decoder.0"][1], 0)
    logits = h2 @ W["output"][0] + W["output"][1]
    softplus = np.logaddexp(0, logits)
    recon = (softplus - X * logits).sum(axis=1)
    kl = 0.5 * (mu * mu + np.exp(logvar) - 1 - logvar).sum(axis=1)
    return recon, kl


def evaluate(params, X, latent, samples, seed):
    """Held-out means (nELBO, recon, KL): one eps per row (the first draw) and the mean of `samples` draws."""
    import numpy as np
    rng = np.random.default_rng(seed)
    eps = rng.standard_normal((samples, X.shape[0], latent))
    per_sample = [nelbo_terms(params, X, e) for e in eps]
    one_recon, one_kl = per_sample[0]
    recon = np.mean([r for r, _ in per_sample], axis=0)
    kl = np.mean([k for _, k in per_sample], axis=0)
    return {"one": (float((one_recon + one_kl).mean()), float(one_recon.mean()), float(one_kl.mean())),
            "many": (float((recon + kl).mean()), float(recon.mean()), float(kl.mean()))}


# ----------------------------------------------------------------------------- PyTorch side

def torch_worker(spec_json):
    """Runs in a pinned subprocess: trains PyTorch's VAE, saves its weights, prints JSON timings."""
    spec = json.loads(spec_json)
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
    global HIDDEN
    HIDDEN = spec["hidden"]
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(spec["seed"])
    X = torch.from_numpy(read_stream(spec["train"])["data"].astype(np.float32))
    Xt = torch.from_numpy(read_stream(spec["test"])["data"].astype(np.float32))
    latent, batch = spec["latent"], spec["batch"]

    class VAE(nn.Module):
        """The PyTorch VAE example's model (examples/vae/main.py), with our sizes."""

        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(FEATURES, HIDDEN)
            self.fc21 = nn.Linear(HIDDEN, latent)
            self.fc22 = nn.Linear(HIDDEN, latent)
            self.fc3 = nn.Linear(latent, HIDDEN)
            self.fc4 = nn.Linear(HIDDEN, FEATURES)

        def forward(self, x, eps=None):
            h = F.relu(self.fc1(x))
            mu, logvar = self.fc21(h), self.fc22(h)
            z = mu + torch.exp(0.5 * logvar) * (torch.randn_like(mu) if eps is None else eps)
            return self.fc4(F.relu(self.fc3(z))), mu, logvar

    def loss_terms(x, logits, mu, logvar):
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1)
        kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(dim=1)
        return recon, kl

    model = VAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=spec["lr"])
    eval_eps = torch.from_numpy(np.random.default_rng(spec["seed"] + 1).standard_normal((Xt.shape[0], latent)).astype(np.float32))
    if spec["loader"] == "dataloader":
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X), batch_size=batch, shuffle=True, drop_last=False)
        batches = lambda: (b for (b,) in loader)  # noqa: E731
    else:
        n = X.shape[0]
        batches = lambda: (X[idx] for idx in torch.randperm(n).split(batch))  # noqa: E731

    seconds, curve = [], []
    for _ in range(spec["epochs"]):
        model.train()
        start = time.perf_counter()
        for x in batches():
            logits, mu, logvar = model(x)
            recon, kl = loss_terms(x, logits, mu, logvar)
            loss = (recon + kl).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
        with torch.no_grad():
            model.eval()
            logits, mu, logvar = model(Xt, eval_eps)
            recon, kl = loss_terms(Xt, logits, mu, logvar)
            curve.append(float((recon + kl).mean()))
    params = {}
    for ours, theirs in LAYERS:
        layer = getattr(model, theirs)
        params[ours + ".weight"] = layer.weight.detach().numpy().T.copy()
        params[ours + ".bias"] = layer.bias.detach().numpy().copy()
    np.savez(spec["out"], **params)
    print(json.dumps({"seconds": seconds, "curve": curve, "torch": torch.__version__,
                      "threads": torch.get_num_threads()}))


def run_torch(cfg, latent, threads, paths):
    out = os.path.join(HERE, ".cache", "vae", "torch-latent%d-threads%d.npz" % (latent, threads))
    spec = {"train": paths[0], "test": paths[1], "latent": latent, "epochs": cfg.epochs, "batch": cfg.batch_size,
            "lr": cfg.lr, "seed": cfg.seed, "threads": threads, "hidden": HIDDEN, "loader": cfg.torch_loader, "out": out}
    p = run(pin(threads) + [sys.executable, os.path.abspath(__file__), "--worker", json.dumps(spec)], env=thread_env(threads))
    result = json.loads(p.stdout.strip().splitlines()[-1])
    import numpy as np
    saved = np.load(out)
    result["params"] = {name: (saved[name + ".weight"], saved[name + ".bias"]) for name, _ in LAYERS}
    return result


# ----------------------------------------------------------------------------- our side

def run_ours(cfg, latent, threads, paths):
    cache = os.path.join(HERE, ".cache", "vae")
    model = os.path.join(cache, "ours-latent%d-threads%d.lpt" % (latent, threads))
    curve = os.path.join(cache, "ours-latent%d-threads%d.csv" % (latent, threads))
    cmd = [os.path.join(cfg.bin, "vae-train"), "--latent", str(latent), "--hidden", str(HIDDEN), "--epochs", str(cfg.epochs),
           "--batch-size", str(cfg.batch_size), "--lr", repr(cfg.lr), "--seed", str(cfg.seed), "--held-out", paths[1],
           "--curve", curve, "--report", "-o", model, paths[0]]
    start = time.perf_counter()
    p = run(pin(threads) + cmd, env=thread_env(threads))
    wall = time.perf_counter() - start
    rows = list(csv.DictReader(open(curve)))
    frame = read_stream(model)
    params = {name: (frame[name + ".weight"], frame[name + ".bias"]) for name, _ in LAYERS}
    # The curve's seconds (training only, per epoch, to 0.1 ms) are finer than --report's mean (to 1 ms).
    reported = parse_seconds_per_epoch(p.stderr)
    epoch_seconds = [float(r["seconds"]) for r in rows if r.get("seconds")]
    per_epoch = sum(epoch_seconds) / len(epoch_seconds) if epoch_seconds else reported
    source = "the --curve seconds column (training only; --report says %s)" % ("%.4f s" % reported if reported else "nothing")
    return {"seconds_per_epoch": per_epoch, "fastest_epoch": min(epoch_seconds) if epoch_seconds else None, "source": source, "wall": wall, "report": p.stderr.strip(),
            "curve": [float(r["heldout_nelbo"]) for r in rows], "params": params, "command": cmd}


# ----------------------------------------------------------------------------- report

def main(argv):
    global HIDDEN
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=env_default("LP_BIN", os.path.join(REPO, ".build", "release")),
                    help="directory of the latentpipe binaries (env LP_BIN)")
    ap.add_argument("--epochs", type=int, default=int(env_default("VAE_EPOCHS", 500)), help="epochs for both (env VAE_EPOCHS)")
    ap.add_argument("--latents", default=env_default("VAE_LATENTS", "2,20"), help="latent sizes (env VAE_LATENTS)")
    ap.add_argument("--threads", default=env_default("BENCH_THREADS", "2,1"), help="thread counts (env BENCH_THREADS)")
    ap.add_argument("--hidden", type=int, default=400, help="width of the hidden layers (the PyTorch example's 400)")
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1, help="training seed of both (not the same random stream)")
    ap.add_argument("--samples", type=int, default=100, help="eps draws per held-out row for the averaged nELBO")
    ap.add_argument("--sides", default="ours,torch", help="ours, torch or both")
    ap.add_argument("--torch-loader", choices=["index", "dataloader"], default="index",
                    help="PyTorch batches: index a tensor with randperm splits (fastest), or the example's DataLoader")
    ap.add_argument("--out", default=env_default("BENCH_OUT", os.path.join(HERE, "vae-last-run.txt")),
                    help="where the report is also written ('' for nowhere)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    cfg = ap.parse_args(argv)
    if cfg.worker:
        return torch_worker(cfg.worker)
    HIDDEN = cfg.hidden

    t_start = time.perf_counter()
    say = Report()
    run_header(say, "latentpipe VAE benchmark (vae-train vs PyTorch CPU)", cfg.bin, "vae-train")
    say_torch_and_load(say, "DataLoader(TensorDataset, shuffle=True) as the example" if cfg.torch_loader == "dataloader"
                       else "X[idx] for idx in randperm(n).split(batch) (no DataLoader overhead)")
    say("setup: 64 -> %d ReLU -> mu, logvar [latent]; latent -> %d ReLU -> 64 logits; Bernoulli; Adam lr %g; batch %d "
        "(last partial kept); %d epochs; seed %d; held-out eval: 1 and %d eps/row, same draws for both"
        % (HIDDEN, HIDDEN, cfg.lr, cfg.batch_size, cfg.epochs, cfg.seed, cfg.samples))
    paths = prepare(cfg, say)
    X_test = paths[3]
    sides = set(cfg.sides.split(","))
    threads_list = [int(t) for t in cfg.threads.split(",")]

    rows, curves, notes = [], [], []
    for latent in [int(d) for d in cfg.latents.split(",")]:
        for threads in threads_list:
            results = {}
            for side, runner in (("ours", run_ours), ("torch", run_torch)):
                if side not in sides:
                    continue
                say.note("latent %d, %d thread(s): %s" % (latent, threads, side))
                try:
                    r = runner(cfg, latent, threads, paths)
                except CommandError as e:
                    notes.append("%s latent %d threads %d FAILED: %s (%s)" % (side, latent, threads, str(e).splitlines()[-1], e.cmd))
                    continue
                except (OSError, ValueError, KeyError) as e:
                    notes.append("%s latent %d threads %d FAILED: %s: %s" % (side, latent, threads, type(e).__name__, e))
                    continue
                r["eval"] = evaluate(r["params"], X_test, latent, cfg.samples, cfg.seed + 1000)
                if side == "torch":
                    r["seconds_per_epoch"] = sum(r["seconds"]) / len(r["seconds"])
                    r["fastest_epoch"] = min(r["seconds"])
                results[side] = r
            ours, peer = results.get("ours"), results.get("torch")
            o1 = ours["eval"]["one"][0] if ours else None
            t1 = peer["eval"]["one"][0] if peer else None
            om = ours["eval"]["many"][0] if ours else None
            tm = peer["eval"]["many"][0] if peer else None
            diff = (om - tm) / tm * 100 if ours and peer else None
            os_, ts = (ours or {}).get("seconds_per_epoch"), (peer or {}).get("seconds_per_epoch")
            ratio = ts / os_ if os_ and ts else None
            of, tf = (ours or {}).get("fastest_epoch"), (peer or {}).get("fastest_epoch")
            rows.append([str(latent), pinned_label(threads), str(cfg.epochs), fmt(o1), fmt(t1), fmt(om), fmt(tm),
                         fmt(diff, 2) + ("%" if diff is not None else ""),
                         fmt(os_ * 1e3 if os_ else None, 2), fmt(ts * 1e3 if ts else None, 2), fmt(ratio, 2),
                         fmt(of * 1e3 if of else None, 2), fmt(tf * 1e3 if tf else None, 2), fmt(tf / of if of and tf else None, 2)])
            marks = sorted({max(1, cfg.epochs // 4), cfg.epochs // 2, 3 * cfg.epochs // 4, cfg.epochs} - {0})
            for side, r in (("ours", ours), ("torch", peer)):
                if r:
                    own = r["curve"]
                    curves.append([str(latent), str(threads), side] + [fmt(own[e - 1]) if e <= len(own) else "-" for e in marks]
                                  + [fmt(r["eval"]["many"][1]), fmt(r["eval"]["many"][2])])
            if ours:
                notes.append("ours latent %d threads %d: %s; whole process %.2f s; s/epoch from %s"
                             % (latent, threads, " ".join(ours["report"].split()), ours["wall"], ours["source"]))

    say()
    say("Held-out nELBO (nats per digit, 300 rows; one evaluator, float64 numpy) and training time per epoch:")
    say(table(["latent", "threads", "epochs", "ours 1eps", "torch 1eps", "ours %deps" % cfg.samples, "torch %deps" % cfg.samples,
               "diff", "ours ms/ep", "torch ms/ep", "torch/ours", "ours min", "torch min", "min ratio"], rows))
    say("diff = (ours - torch) / torch of the %d-eps means (goal |diff| <= 2%%); ms/ep = mean training time per epoch, "
        "torch/ours their ratio (goal >= 3 at 2 threads); min = the fastest epoch of each (less sensitive to other "
        "jobs on the machine)" % cfg.samples)
    say()
    say("Convergence: each tool's own held-out nELBO at epochs %s (ours: --curve; torch: its loop, 1 fixed eps/row), "
        "and the %d-eps recon and KL at the end:" % (", ".join(str(e) for e in marks), cfg.samples))
    say(table(["latent", "threads", "side"] + ["ep %d" % e for e in marks] + ["recon", "KL"], curves))
    for n in notes:
        say(n)
    finish_report(say, cfg.out, t_start)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
