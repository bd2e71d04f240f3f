"""Helpers shared by the benchmarks that train one model with our tool and with PyTorch (CPU):
vae.py (vae-train) and contrast.py (contrast-train). Reading our streams into numpy, parsing
the seconds per epoch our tools' --report lines give, the PyTorch/load header lines."""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import stream_format  # noqa: E402


def read_stream(path):
    """The first frame of a stream as {name: numpy array} (shapes as stored)."""
    import numpy as np
    with open(path, "rb") as f:
        frames = list(stream_format.read_frames(f.read()))
    if not frames:
        raise ValueError("%s holds no frame" % path)
    tensors, _ = frames[0]
    dtypes = {1: np.float32, 2: np.float64, 3: np.int32, 4: np.uint8}
    return {name: np.asarray(values, dtype=dtypes[code]).reshape(shape) for name, code, shape, values in tensors}


NUMBER = r"([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)"


def parse_seconds_per_epoch(text):
    """The seconds per epoch a `--report` line gives (`0.123 s per epoch`, `0.123 s/epoch`,
    `seconds per epoch 0.123`), or None."""
    for pattern in (NUMBER + r"\s*s(?:econds)?\s*(?:/|per)\s*epoch",
                    r"(?:seconds|s)\s*(?:/|per)\s*epoch[^0-9]*" + NUMBER):
        m = re.search(pattern, text, re.I)
        if m:
            return float(m.group(1))
    return None


def fmt(x, digits=2):
    """A number for the tables, `-` for None."""
    return "-" if x is None else "%.*f" % (digits, x)


def say_torch_and_load(say, batches):
    """The report lines on the peer (torch and numpy versions, how its batches are made) and the
    load average, with a warning when the machine is not idle."""
    try:
        import numpy
        import torch
        say("peer: torch %s, numpy %s; PyTorch batches: %s" % (torch.__version__, numpy.__version__, batches))
    except ImportError:
        say("peer: torch is not installed in %s" % sys.executable)
    load = os.getloadavg()
    say("load average at start: %s" % " ".join("%.2f" % x for x in load))
    if load[0] > 0.5:
        say("WARNING: the machine is not idle (1-minute load %.2f on %d cores): timings are indicative" % (load[0], os.cpu_count()))
