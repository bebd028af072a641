#!/usr/bin/python3
"""Reference outputs for Kiln's transform tests, computed with scikit-learn.

Run from the repository root with Debian's Python (python3-sklearn, -numpy):

    /usr/bin/python3 kiln-core/src/test/python/transform_reference.py

It writes kiln-core/src/test/resources/transform/reference.json, which the Java tests only read
(they need no Python): a seeded training and test table (null = missing) and what these give on
the test rows after fitting on the training rows:

  * SimpleImputer(strategy=mean|median|most_frequent|constant(fill 7.5), add_indicator=True)
  * StandardScaler() on a column without missing values, and on a constant column
  * Pipeline(SimpleImputer(median), StandardScaler()) (Kiln: standardize after impute)
  * OneHotEncoder(handle_unknown="ignore") — Kiln adds an unseen and a null feature after these
  * OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)
  * sklearn.utils.murmurhash3_32(token, seed) for tokens and seeds (Kiln's text hash)
"""
import json
import os

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from sklearn.utils import murmurhash3_32

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
OUT = os.path.join(ROOT, "kiln-core", "src", "test", "resources", "transform", "reference.json")

rng = np.random.default_rng(20240604)


def numbers(n, missing):
    x = np.round(rng.lognormal(3.0, 1.2, n), 4)
    x[rng.random(n) < missing] = np.nan
    return x


def categories(n, values, p):
    return rng.choice(values, size=n, p=p).astype(object)


N_TRAIN, N_TEST = 400, 100
train = {
    "amount": numbers(N_TRAIN, 0.1),
    "score": np.round(rng.normal(50, 12, N_TRAIN), 6),
    "flat": np.full(N_TRAIN, 3.25),
    "merchant": categories(N_TRAIN, ["grocery", "fuel", "travel", "online", ""], [0.4, 0.2, 0.1, 0.25, 0.05]),
}
test = {
    "amount": numbers(N_TEST, 0.2),
    "score": np.round(rng.normal(50, 12, N_TEST), 6),
    "flat": np.full(N_TEST, 3.25),
    # "casino" never occurs in training
    "merchant": categories(N_TEST, ["grocery", "fuel", "travel", "online", "", "casino"], [0.3, 0.2, 0.1, 0.2, 0.1, 0.1]),
}
# some repeated amounts so most_frequent has a clear answer
train["amount"][:30] = 12.5


def col(x):
    return x.reshape(-1, 1)


def nulls(values):
    return [None if (isinstance(v, float) and np.isnan(v)) else (float(v) if not isinstance(v, str) else v) for v in values]


out = {"train": {k: nulls(v) for k, v in train.items()}, "test": {k: nulls(v) for k, v in test.items()}}

impute = {}
for strategy in ["mean", "median", "most_frequent", "constant"]:
    imp = SimpleImputer(strategy=strategy, fill_value=7.5, add_indicator=True)
    imp.fit(col(train["amount"]))
    impute[strategy] = imp.transform(col(test["amount"])).tolist()
out["impute_amount"] = impute

scaler = StandardScaler().fit(col(train["score"]))
out["standardize_score"] = scaler.transform(col(test["score"]))[:, 0].tolist()
flat = StandardScaler().fit(col(train["flat"]))
out["standardize_flat"] = flat.transform(col(test["flat"]))[:, 0].tolist()
pipe = make_pipeline(SimpleImputer(strategy="median"), StandardScaler()).fit(col(train["amount"]))
out["standardize_amount_after_median"] = pipe.transform(col(test["amount"]))[:, 0].tolist()

onehot = OneHotEncoder(handle_unknown="ignore").fit(col(train["merchant"]))
out["one_hot_merchant"] = {
    "categories": [str(c) for c in onehot.categories_[0]],
    "values": onehot.transform(col(test["merchant"])).toarray().tolist(),
}
ordinal = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1).fit(col(train["merchant"]))
out["ordinal_merchant"] = ordinal.transform(col(test["merchant"]))[:, 0].tolist()

tokens = ["", "a", "ab", "abc", "abcd", "abcde", "fraud", "card not present", "ünïcödé", "日本語", "the quick brown fox"]
out["murmur3"] = [
    {"token": t, "seed": s, "hash": int(murmurhash3_32(t, seed=s))} for t in tokens for s in [0, 1, 42, 2**31 - 1]
]

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", OUT)
