#!/usr/bin/env python3
"""scikit-learn's RBM digits example on our nudged split: the yardstick of pipelines/probe.sh.

scikit-learn's example "Restricted Boltzmann Machine features for digit classification" nudges
the digits (each also shifted by one pixel in the four directions, 5x the data), splits 80/20,
and compares LogisticRegression on raw pixels (C=100) with a pipeline BernoulliRBM(100
components, learning_rate 0.06, 10 iterations) -> LogisticRegression(C=6000), both with the
newton-cg solver. The example sets tol=1; with scikit-learn 1.9 that stops newton-cg before its
first step (both models score 0.099, chance), so the default tol (1e-4) is used. This runs those two models on the train
and test parts our tools made (augment --nudge | split-rows), so the accuracies compare with
linear-probe's on the same rows; and, with --own-split, also on the example's own split
(train_test_split(random_state=0)) of the same nudged rows.

    /work/venv/bin/python tools/bench/rbm_probe.py TRAIN.lpt TEST.lpt [--own-split]
"""

import argparse
import os
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import BernoulliRBM
from sklearn.pipeline import Pipeline

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe import rows  # noqa: E402


def scores(x_train, y_train, x_test, y_test):
    """(raw-pixel accuracy, RBM-feature accuracy) of the example's two models."""
    raw = LogisticRegression(solver="newton-cg", C=100, max_iter=1000).fit(x_train, y_train)
    rbm = Pipeline([("rbm", BernoulliRBM(n_components=100, learning_rate=0.06, n_iter=10, random_state=0)),
                    ("logistic", LogisticRegression(solver="newton-cg", C=6000, max_iter=1000))]).fit(x_train, y_train)
    return raw.score(x_test, y_test), rbm.score(x_test, y_test)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train")
    parser.add_argument("test")
    parser.add_argument("--own-split", action="store_true", help="also score the example's own 80/20 split of train+test")
    args = parser.parse_args()
    x_train, y_train = rows(args.train)
    x_test, y_test = rows(args.test)
    raw, rbm = scores(x_train, y_train, x_test, y_test)
    print("our split: %d train, %d test rows" % (len(y_train), len(y_test)))
    print("scikit-learn raw pixels accuracy  %.4f" % raw)
    print("scikit-learn RBM features accuracy  %.4f" % rbm)
    if args.own_split:
        x, y = np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test])
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
        raw, rbm = scores(x_train, y_train, x_test, y_test)
        print("example's split: raw %.4f, RBM %.4f" % (raw, rbm))


if __name__ == "__main__":
    main()
