#!/usr/bin/python3
"""Reference statistics for Kiln's profile tests, computed with numpy and pandas.

Run from the repository root with Debian's Python (python3-numpy, -pandas, -sklearn):

    /usr/bin/python3 kiln-core/src/test/python/profile_reference.py

It writes, and the Java tests only read (they need no Python):

  kiln-core/src/test/resources/profile/{mixed,large}.csv      generated datasets (seeded)
  kiln-core/src/test/resources/profile/{mixed,large}.json     their reference statistics
  kiln-data/src/test/resources/profile/mixed.{csv,json}       the same, for the file-reading tests
  kiln-testing/src/main/resources/datasets/{breast_cancer,wine}.csv
                                                              real data from Debian's python3-sklearn
  kiln-data/src/test/resources/profile/{breast_cancer,wine}.json   their reference statistics

Conventions, matching Kiln's profile (docs/data-profile.md):
  * an empty CSV field is a null; "NaN", "inf", "-inf" are float values, counted as nan/infinite
    and left out of min/max/mean/std/quantiles/distinct;
  * count is the number of rows (nulls included);
  * std is the sample standard deviation (ddof=1);
  * quantiles are given under several numpy definitions; Kiln's KLL sketch (exact below k=400
    items) must equal 'inverted_cdf' (the smallest value x with F(x) >= p);
  * timestamps are UTC, written as ISO-8601 with a Z; Kiln reports them as epoch microseconds.
"""
import json
import os
import sys

import numpy as np
import pandas as pd

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
CORE = os.path.join(ROOT, "kiln-core", "src", "test", "resources", "profile")
DATA = os.path.join(ROOT, "kiln-data", "src", "test", "resources", "profile")
DATASETS = os.path.join(ROOT, "kiln-testing", "src", "main", "resources", "datasets")
SKLEARN_DATA = "/usr/lib/python3/dist-packages/sklearn/datasets/data"

RANKS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
QUANTILE_METHODS = ["inverted_cdf", "lower", "higher", "nearest", "linear"]
BINS = 30
EXACT_VALUES = 64  # Kiln draws one bar per value up to this many distinct numbers


def iso(micros):
    return pd.Timestamp(int(micros), unit="us", tz="UTC").isoformat().replace("+00:00", "Z")


def numeric_reference(raw, kind):
    """raw: pandas Series of strings ('' = null)."""
    nulls = int((raw == "").sum())
    present = raw[raw != ""]
    if kind == "timestamp":
        values = pd.to_datetime(present, utc=True).astype("int64").to_numpy() // 1000
        values = values.astype(np.float64)
    else:
        values = present.astype(np.float64).to_numpy()
    nan = int(np.isnan(values).sum())
    infinite = int(np.isinf(values).sum())
    finite = np.sort(values[np.isfinite(values)])
    ref = {
        "type": kind,
        "count": int(len(raw)),
        "nulls": nulls,
        "nan": nan,
        "infinite": infinite,
        "finite": int(len(finite)),
        "zeros": int((finite == 0).sum()),
        "distinct": int(len(np.unique(finite))),
    }
    if len(finite) == 0:
        return ref
    ref["min"] = float(finite[0])
    ref["max"] = float(finite[-1])
    ref["mean"] = float(pd.Series(finite).mean())
    if len(finite) > 1:
        ref["std"] = float(pd.Series(finite).std(ddof=1))
    ref["quantiles"] = {
        m: {"p%d" % round(r * 100): float(np.quantile(finite, r, method=m)) for r in RANKS}
        for m in QUANTILE_METHODS
    }
    uniques, counts = np.unique(finite, return_counts=True)
    if len(uniques) <= EXACT_VALUES:
        ref["value_counts"] = [[float(u), int(c)] for u, c in zip(uniques, counts)]
    else:
        counts, edges = np.histogram(finite, bins=BINS)
        ref["histogram"] = {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]}
    if kind == "timestamp":
        ref["min_iso"] = iso(finite[0])
        ref["max_iso"] = iso(finite[-1])
        ref["quantiles_iso"] = {
            "p%d" % round(r * 100): iso(np.quantile(finite, r, method="inverted_cdf"))
            for r in RANKS
        }
    return ref


def string_reference(raw, kind):
    nulls = int((raw == "").sum())
    present = raw[raw != ""]
    counts = present.value_counts()
    lengths = present.str.len()
    return {
        "type": kind,
        "count": int(len(raw)),
        "nulls": nulls,
        "distinct": int(present.nunique()),
        "value_counts": sorted(
            [[str(v), int(c)] for v, c in counts.items()], key=lambda vc: (-vc[1], vc[0])
        ),
        "length_min": int(lengths.min()),
        "length_mean": float(lengths.mean()),
        "length_max": int(lengths.max()),
    }


def boolean_reference(raw):
    present = raw[raw != ""]
    return {
        "type": "boolean",
        "count": int(len(raw)),
        "nulls": int((raw == "").sum()),
        "distinct": int(present.nunique()),
        "true": int((present == "true").sum()),
        "false": int((present == "false").sum()),
    }


def reference(path, types):
    """Reads the CSV as text (so nothing is converted behind our back) and describes each column."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    columns = []
    for name, kind in types.items():
        raw = frame[name]
        if kind in ("integer", "float", "timestamp"):
            ref = numeric_reference(raw, kind)
        elif kind in ("categorical", "text"):
            ref = string_reference(raw, kind)
        else:
            ref = boolean_reference(raw)
        ref["name"] = name
        columns.append(ref)
    return {"file": os.path.basename(path), "rows": int(len(frame)), "columns": columns}


def with_nulls(rng, values, rate):
    out = np.array(values, dtype=object)
    out[rng.random(len(out)) < rate] = ""
    return out


def timestamps(rng, n, start, days):
    base = pd.Timestamp(start, tz="UTC").value // 1000
    micros = base + np.sort(rng.integers(0, days * 86_400, n)) * 1_000_000
    return [pd.Timestamp(int(m), unit="us", tz="UTC").strftime("%Y-%m-%d %H:%M:%S") for m in micros]


def mixed(rng):
    """300 payments: fewer rows than the KLL sketch's k, so its quantiles are exact."""
    n = 300
    amount = np.round(rng.lognormal(3.5, 1.0, n), 2).astype(object)
    amount[rng.choice(n, 12, replace=False)] = 0.0
    special = rng.choice(n, 9, replace=False)
    for i, token in zip(special, ["NaN", "NaN", "NaN", "inf", "inf", "-inf", "NaN", "-inf", "inf"]):
        amount[i] = token
    amount = [v if isinstance(v, str) else repr(float(v)) for v in amount]
    merchants = ["grocery", "fuel", "online", "travel", "restaurant", "pharmacy"]
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "amount": with_nulls(rng, amount, 0.05),
            "merchant": with_nulls(rng, rng.choice(merchants, n, p=[.35, .2, .2, .1, .1, .05]), 0.04),
            "created_at": with_nulls(rng, timestamps(rng, n, "2024-01-01", 90), 0.03),
            "is_fraud": with_nulls(rng, np.where(rng.random(n) < 0.08, "true", "false"), 0.02),
            "installments": with_nulls(rng, rng.integers(0, 7, n), 0.1),
            "delta": np.round(rng.normal(-2.0, 5.0, n), 4),
        }
    ), {
        "id": "integer",
        "amount": "float",
        "merchant": "categorical",
        "created_at": "timestamp",
        "is_fraud": "boolean",
        "installments": "integer",
        "delta": "float",
    }


def large(rng):
    """5000 rows: more than k=400, so KLL quantiles carry a rank error."""
    n = 5000
    return pd.DataFrame(
        {
            "normal": with_nulls(rng, np.round(rng.normal(100.0, 15.0, n), 6), 0.02),
            "skewed": np.round(rng.exponential(2.0, n) ** 2, 6),
            "count": rng.poisson(40, n),
            "seen_at": timestamps(rng, n, "2023-06-01", 365),
        }
    ), {"normal": "float", "skewed": "float", "count": "integer", "seen_at": "timestamp"}


def write_generated(name, frame, types, dirs):
    for d in dirs:
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, name + ".csv")
        frame.to_csv(path, index=False, lineterminator="\n")
        ref = reference(path, types)
        with open(os.path.join(d, name + ".json"), "w") as f:
            json.dump(ref, f, indent=1)
            f.write("\n")


def sklearn_table(file, feature_names, target_name, target_labels):
    """sklearn's CSVs have a first line 'n_samples,n_features,label0,label1,...' and no header."""
    path = os.path.join(SKLEARN_DATA, file)
    with open(path) as f:
        first = f.readline().strip().split(",")
    labels = first[2:]
    assert labels == target_labels, (labels, target_labels)
    frame = pd.read_csv(path, skiprows=1, header=None, dtype=str)
    frame.columns = feature_names + ["target"]
    frame[target_name] = [labels[int(t)] for t in frame.pop("target")]
    assert len(frame) == int(first[0]) and frame.shape[1] == int(first[1]) + 1
    return frame


def snake(name):
    return name.strip().replace(" ", "_").replace("/", "_").lower()


def real(name, frame):
    os.makedirs(DATASETS, exist_ok=True)
    path = os.path.join(DATASETS, name + ".csv")
    frame.to_csv(path, index=False, lineterminator="\n")
    # A column whose every value is a whole number is read as integer, as Kiln infers it.
    types = {
        c: "integer" if frame[c].str.fullmatch(r"-?[0-9]+").all() else "float"
        for c in frame.columns[:-1]
    }
    types[frame.columns[-1]] = "categorical"
    ref = reference(path, types)
    with open(os.path.join(DATA, name + ".json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")


def main():
    rng = np.random.default_rng(20240603)
    frame, types = mixed(rng)
    write_generated("mixed", frame, types, [CORE, DATA])
    frame, types = large(rng)
    write_generated("large", frame, types, [CORE])

    from sklearn.datasets import load_breast_cancer, load_wine

    cancer = load_breast_cancer()
    real(
        "breast_cancer",
        sklearn_table(
            "breast_cancer.csv",
            [snake(n) for n in cancer.feature_names],
            "diagnosis",
            list(cancer.target_names),
        ),
    )
    wine = load_wine()
    real(
        "wine",
        sklearn_table(
            "wine_data.csv", [snake(n) for n in wine.feature_names], "cultivar", list(wine.target_names)
        ),
    )
    print("wrote fixtures under", ROOT, file=sys.stderr)


if __name__ == "__main__":
    main()
