#!/usr/bin/python3
"""Reference full-fit target encodings for Kiln's TargetEncode, multiclass and numeric.

Run from the repository root with Debian's Python (python3-numpy, python3-pandas):

    /usr/bin/python3 kiln-core/src/test/python/target_encoding_reference.py

It writes kiln-core/src/test/resources/transform/target_encoding.json, which the Java tests only
read (they need no Python).

scikit-learn's TargetEncoder was added in 1.3; Debian's python3-sklearn is 1.2.1 and does not have
it. So this script computes what TargetEncoder(smooth=M, target_type=...).fit(X, y) learns
(its `encodings_` and `target_mean_`, i.e. what `.transform` applies; not `.fit_transform`, whose
cross-fitted values depend on the folds) by the formula documented in scikit-learn 1.3's user
guide and implemented in sklearn/preprocessing/_target_encoder_fast.pyx (_fit_encoding_fast):

    encoding(category) = (sum of y over its rows + M * mean(y)) / (rows of the category + M)

For target_type="multiclass" y is first label-binarized (LabelBinarizer, classes sorted): one
encoding per class, on the 0/1 indicator "row is of that class", each with that class's share of
all rows as its mean; transform writes one column per class. An unknown category gets mean(y);
a missing value (None) is a category of its own when training has it. The formula is computed
twice, by a plain loop over rows (as the .pyx) and by a pandas groupby, and the two must agree.
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
OUT = os.path.join(ROOT, "kiln-core", "src", "test", "resources", "transform", "target_encoding.json")

rng = np.random.default_rng(20261124)
SMOOTH = 10.0
N_TRAIN = 500

cats = ["north", "south", "east", "west", "", "rare"]
p_cat = [0.3, 0.25, 0.2, 0.15, 0.07, 0.03]
classes = ["bird", "cat", "dog", "fish"]  # sorted, as LabelBinarizer and Kiln order them
category = rng.choice(cats, size=N_TRAIN, p=p_cat).astype(object)
category[rng.random(N_TRAIN) < 0.05] = None
# the class depends on the category, so the encodings differ from the priors
base = {"north": [0.6, 0.2, 0.1, 0.1], "south": [0.1, 0.6, 0.2, 0.1], "east": [0.1, 0.1, 0.7, 0.1],
        "west": [0.25, 0.25, 0.25, 0.25], "": [0.1, 0.1, 0.1, 0.7], "rare": [0.0, 0.0, 0.5, 0.5],
        None: [0.4, 0.4, 0.1, 0.1]}
label = np.array([rng.choice(4, p=base[c]) for c in category])
value = np.round(rng.normal(3.0, 2.0, N_TRAIN) + label * 1.5, 6)

test = ["north", "south", "east", "west", "", "rare", None, "never seen", "NORTH"]


def fit_loop(x, y):
    """As _fit_encoding_fast: sums and counts per category, then the smoothed mean."""
    mean = float(np.mean(y))
    sums, counts = {}, {}
    for c, t in zip(x, y):
        sums[c] = sums.get(c, 0.0) + float(t)
        counts[c] = counts.get(c, 0) + 1
    return mean, {c: (sums[c] + SMOOTH * mean) / (counts[c] + SMOOTH) for c in sums}


def fit_pandas(x, y):
    frame = pd.DataFrame({"x": pd.Series(x, dtype=object).fillna("<null>"), "y": y})
    g = frame.groupby("x")["y"].agg(["sum", "count"])
    mean = frame["y"].mean()
    enc = (g["sum"] + SMOOTH * mean) / (g["count"] + SMOOTH)
    return mean, {(None if k == "<null>" else k): v for k, v in enc.items()}


def encode(x, y):
    mean, enc = fit_loop(x, y)
    mean2, enc2 = fit_pandas(x, y)
    assert abs(mean - mean2) <= 1e-15 and enc.keys() == enc2.keys()
    for k in enc:
        assert abs(enc[k] - enc2[k]) <= 1e-14, (k, enc[k], enc2[k])
    return mean, [enc.get(c, mean) for c in test]


multiclass = []
priors = []
for k in range(len(classes)):
    mean, values = encode(category, (label == k).astype(float))
    priors.append(mean)
    multiclass.append(values)
numeric_prior, numeric = encode(category, value)

out = {
    "smoothing": SMOOTH,
    "classes": classes,
    "train": {"category": list(category), "label": [int(v) for v in label],
              "value": [float(v) for v in value]},
    "test": test,
    "multiclass": {"priors": priors,
                   "values": [[multiclass[k][r] for k in range(len(classes))] for r in range(len(test))]},
    "numeric": {"prior": numeric_prior, "values": numeric},
}
with open(OUT, "w") as f:
    json.dump(out, f)
    f.write("\n")
print("wrote", OUT)
