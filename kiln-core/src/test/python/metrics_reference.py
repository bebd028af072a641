#!/usr/bin/python3
"""Reference values for Kiln's metrics and bootstrap, computed with scikit-learn and numpy.

Run from the repository root with Debian's Python (python3-sklearn, python3-numpy):

    /usr/bin/python3 kiln-core/src/test/python/metrics_reference.py

It writes, and the Java tests only read (they need no Python), into
kiln-core/src/test/resources/metrics/:

  binary_ties.json        500 rows, scores rounded to 2 decimals (many ties), ~35% positive
  binary_imbalanced.json  3,000 rows, ~2% positive, a few certain-and-wrong scores (0.0 and 1.0)
                          that log loss must clip
  multiclass.json         600 rows, 4 classes (softmax probabilities); class 3 is never the
                          argmax, so its precision divides by zero
  regression.json         400 rows, 25 labels exactly 0 (MAPE's epsilon), some negative labels
  delong.json             DeLong's test of two correlated AUCs on three pairs of models, and
                          scipy's normal upper tail at a few points
  bootstrap.json          resample indexes (200 resamples of 200 rows, and of a 10-row set with
                          one positive) and the percentile intervals numpy gives for them

Each dataset file holds the data, the predictions Kiln must derive (threshold 0.5 for binary,
argmax for multiclass), scikit-learn's value of every metric under Kiln's name for it, and the
confusion matrix. Conventions (docs/metrics.md):
  * labels are class indexes; binary scores are P(class 1); multiclass probabilities row-major;
  * averaged precision/recall/F1 use scikit-learn's default labels (classes present in labels or
    predictions); per-class values are computed with labels=[c];
  * log loss is sklearn's log_loss(labels=range(k)) with its default eps ("auto" = 2.22e-16).
Bootstrap: for each resample the metric is computed by scikit-learn on the resampled rows; a
resample where scikit-learn raises ValueError (one class only), or where Kiln's definition says the
metric is undefined (PR-AUC without a positive), is skipped and counted; the interval is
np.percentile(values, [2.5, 97.5]) (linear interpolation).
"""
import json
import os
import warnings

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn import metrics as skm

warnings.filterwarnings("ignore")  # zero-division warnings: sklearn then returns 0, as Kiln does

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
OUT = os.path.join(ROOT, "kiln-core", "src", "test", "resources", "metrics")


def binary_metrics(y, s):
    return {
        "auc_roc": skm.roc_auc_score(y, s),
        "pr_auc": skm.average_precision_score(y, s),
        "log_loss": skm.log_loss(y, s, labels=[0, 1]),
        "brier": skm.brier_score_loss(y, s, pos_label=1),
    }


def classification_metrics(y, p, k):
    out = {
        "accuracy": skm.accuracy_score(y, p),
        "balanced_accuracy": skm.balanced_accuracy_score(y, p),
    }
    for kind, fn in [("precision", skm.precision_score), ("recall", skm.recall_score),
                     ("f1", skm.f1_score)]:
        for average in ["macro", "micro", "weighted"]:
            out[f"{kind}_{average}"] = fn(y, p, average=average)
        for c in range(k):
            out[f"{kind}_class_{c}"] = fn(y, p, labels=[c], average=None)[0]
    return out


def multiclass_metrics(y, prob, k):
    return {
        "log_loss": skm.log_loss(y, prob, labels=list(range(k))),
        "auc_roc_ovr_macro": skm.roc_auc_score(y, prob, multi_class="ovr", average="macro",
                                               labels=list(range(k))),
    }


def regression_metrics(y, p):
    return {
        "rmse": skm.mean_squared_error(y, p, squared=False),
        "mae": skm.mean_absolute_error(y, p),
        "mape": skm.mean_absolute_percentage_error(y, p),
        "r2": skm.r2_score(y, p),
    }


def floats(values):
    return {k: float(v) for k, v in values.items()}


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def binary_dataset(name, y, s, description):
    pred = (s >= 0.5).astype(int)
    return {
        "name": name,
        "description": description,
        "kind": "binary",
        "classes": 2,
        "threshold": 0.5,
        "labels": y.tolist(),
        "scores": s.tolist(),
        "predictions": pred.tolist(),
        "metrics": floats({**binary_metrics(y, s), **classification_metrics(y, pred, 2)}),
        "confusion_matrix": skm.confusion_matrix(y, pred, labels=[0, 1]).tolist(),
    }


def binary_ties(rng):
    n = 500
    x = rng.normal(size=n)
    y = (rng.random(n) < sigmoid(1.5 * x - 0.6)).astype(int)
    s = np.round(sigmoid(x + rng.normal(scale=0.8, size=n)), 2)
    return binary_dataset("binary_ties", y, s, "scores rounded to 2 decimals: many ties")


def binary_imbalanced(rng):
    n = 3000
    x = rng.normal(size=n)
    y = (rng.random(n) < sigmoid(2.0 * x - 4.5)).astype(int)
    s = sigmoid(2.0 * x - 4.5 + rng.normal(scale=1.0, size=n))
    positives = np.flatnonzero(y == 1)
    negatives = np.flatnonzero(y == 0)
    s[positives[:3]] = 0.0  # certain and wrong: log loss clips to eps
    s[negatives[:3]] = 1.0
    s[negatives[3:6]] = 0.0  # certain and right
    return binary_dataset("binary_imbalanced", y, s, "~2% positive; six certain scores")


def multiclass(rng):
    n, k = 600, 4
    x = rng.normal(size=(n, k))
    y = np.array([rng.choice(k, p=row) for row in softmax(2.0 * x)])
    logits = 1.5 * x + rng.normal(scale=0.7, size=(n, k))
    logits[:, 3] -= 6.0  # class 3 is (almost surely) never the most probable
    prob = softmax(logits)
    pred = prob.argmax(axis=1)
    assert not (pred == 3).any()
    return {
        "name": "multiclass",
        "description": "4 classes, class 3 never predicted",
        "kind": "multiclass",
        "classes": k,
        "labels": y.tolist(),
        "probabilities": prob.reshape(-1).tolist(),
        "predictions": pred.tolist(),
        "metrics": floats({**multiclass_metrics(y, prob, k), **classification_metrics(y, pred, k)}),
        "confusion_matrix": skm.confusion_matrix(y, pred, labels=list(range(k))).tolist(),
    }


def regression(rng):
    n = 400
    y = rng.normal(loc=5.0, scale=3.0, size=n)
    y[rng.choice(n, 25, replace=False)] = 0.0
    p = y + rng.normal(scale=1.2, size=n)
    return {
        "name": "regression",
        "description": "25 labels are exactly 0 (MAPE divides by eps there)",
        "kind": "regression",
        "labels": y.tolist(),
        "predictions": p.tolist(),
        "metrics": floats(regression_metrics(y, p)),
    }


# --- bootstrap -------------------------------------------------------------------------------

def pr_auc_defined(y, s):
    if not (y == 1).any():
        raise ValueError("no positive: Kiln says PR-AUC is undefined")
    return skm.average_precision_score(y, s)


BINARY = {
    "auc_roc": skm.roc_auc_score,
    "pr_auc": pr_auc_defined,
    "log_loss": lambda y, s: skm.log_loss(y, s, labels=[0, 1]),
    "brier": lambda y, s: skm.brier_score_loss(y, s, pos_label=1),
}
CLASSES = {  # on predictions at threshold 0.5
    "accuracy": skm.accuracy_score,
    "balanced_accuracy": skm.balanced_accuracy_score,
    "f1_macro": lambda y, p: skm.f1_score(y, p, average="macro"),
    "precision_class_1": lambda y, p: skm.precision_score(y, p, labels=[1], average=None)[0],
}
REGRESSION = {
    "rmse": lambda y, p: skm.mean_squared_error(y, p, squared=False),
    "mae": skm.mean_absolute_error,
    "mape": skm.mean_absolute_percentage_error,
    "r2": skm.r2_score,
}


def multiclass_fns(k):
    return {
        "log_loss": lambda y, p: skm.log_loss(y, p, labels=list(range(k))),
        "auc_roc_ovr_macro": lambda y, p: skm.roc_auc_score(
            y, p, multi_class="ovr", average="macro", labels=list(range(k))),
    }


def interval(values):
    if not values:
        return None, None
    lo, hi = np.percentile(np.array(values), [2.5, 97.5])
    return float(lo), float(hi)


def bootstrap(fns, y, a, b, indexes):
    """Percentile CI of each metric on a, and of the paired difference a - b."""
    out = {}
    for name, fn in fns.items():
        single, diffs = [], []
        skipped_single = skipped_diff = 0
        for idx in indexes:
            try:
                va = fn(y[idx], a[idx])
            except ValueError:
                skipped_single += 1
                skipped_diff += 1
                continue
            single.append(va)
            if b is not None:
                try:
                    diffs.append(va - fn(y[idx], b[idx]))
                except ValueError:
                    skipped_diff += 1
        lo, hi = interval(single)
        entry = {"value": float(fn(y, a)) if skipped_single < len(indexes) else None,
                 "lower": lo, "upper": hi, "skipped": skipped_single}
        if b is not None:
            dlo, dhi = interval(diffs)
            entry["difference"] = {"value": float(fn(y, a) - fn(y, b)), "lower": dlo,
                                   "upper": dhi, "skipped": skipped_diff}
        out[name] = entry
    return out


def bootstrap_fixture(rng):
    n, resamples = 200, 200
    indexes = rng.integers(0, n, size=(resamples, n))

    x = rng.normal(size=n)
    y = (rng.random(n) < sigmoid(1.2 * x - 0.3)).astype(int)
    a = np.round(sigmoid(x + rng.normal(scale=0.6, size=n)), 3)
    b = sigmoid(0.5 * x + rng.normal(scale=1.2, size=n))
    binary = {"labels": y.tolist(), "scores_a": a.tolist(), "scores_b": b.tolist(),
              "metrics": bootstrap(BINARY, y, a, b, indexes)}
    pa, pb = (a >= 0.5).astype(int), (b >= 0.5).astype(int)
    binary["metrics"].update(bootstrap(CLASSES, y, pa, pb, indexes))

    k = 3
    z = rng.normal(size=(n, k))
    yk = np.array([rng.choice(k, p=row) for row in softmax(1.5 * z)])
    qa = softmax(1.5 * z + rng.normal(scale=0.5, size=(n, k)))
    qb = softmax(0.7 * z + rng.normal(scale=1.0, size=(n, k)))
    multi = {"classes": k, "labels": yk.tolist(), "probabilities_a": qa.reshape(-1).tolist(),
             "probabilities_b": qb.reshape(-1).tolist(),
             "metrics": bootstrap(multiclass_fns(k), yk, qa, qb, indexes)}

    yr = rng.normal(loc=3.0, scale=2.0, size=n)
    ra = yr + rng.normal(scale=0.8, size=n)
    rb = yr + rng.normal(scale=1.0, size=n)
    reg = {"labels": yr.tolist(), "predictions_a": ra.tolist(), "predictions_b": rb.tolist(),
           "metrics": bootstrap(REGRESSION, yr, ra, rb, indexes)}

    # 10 rows, one positive: many resamples miss it (AUC and PR-AUC undefined there).
    tiny_n = 10
    tiny_indexes = rng.integers(0, tiny_n, size=(resamples, tiny_n))
    ty = np.zeros(tiny_n, dtype=int)
    ty[4] = 1
    ts = np.round(rng.random(tiny_n), 1)
    tiny = {"labels": ty.tolist(), "scores_a": ts.tolist(),
            "metrics": bootstrap({k_: BINARY[k_] for k_ in ["auc_roc", "pr_auc", "log_loss"]},
                                 ty, ts, None, tiny_indexes)}
    return {
        "level": 0.95,
        "resamples": resamples,
        "indexes": indexes.tolist(),
        "tiny_indexes": tiny_indexes.tolist(),
        "binary": binary,
        "multiclass": multi,
        "regression": reg,
        "tiny": tiny,
    }


# --- DeLong --------------------------------------------------------------------------------

def delong_components(y, s):
    """Structural components (V10 per positive, V01 per negative) from midranks (Sun & Xu 2014)."""
    pos, neg = s[y == 1], s[y == 0]
    m, n = len(pos), len(neg)
    r_all = stats.rankdata(np.concatenate([pos, neg]))  # average ranks for ties
    v10 = (r_all[:m] - stats.rankdata(pos)) / n
    v01 = 1 - (r_all[m:] - stats.rankdata(neg)) / m
    return v10, v01


def delong_components_by_pairs(y, s):
    """The same from the definition, pair by pair (DeLong et al. 1988, psi = 1, 1/2, 0)."""
    pos, neg = s[y == 1], s[y == 0]
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    return psi.mean(axis=1), psi.mean(axis=0)


def delong(y, a, b):
    comps = [delong_components(y, s) for s in (a, b)]
    for s, (v10, v01) in zip((a, b), comps):
        p10, p01 = delong_components_by_pairs(y, s)
        assert np.allclose(v10, p10, rtol=0, atol=1e-12) and np.allclose(v01, p01, rtol=0, atol=1e-12)
        assert abs(v10.mean() - skm.roc_auc_score(y, s)) < 1e-12
    m, n = int((y == 1).sum()), int((y == 0).sum())
    s10 = np.cov(np.vstack([comps[0][0], comps[1][0]]))  # ddof=1
    s01 = np.cov(np.vstack([comps[0][1], comps[1][1]]))
    contrast = np.array([1.0, -1.0])
    variance = contrast @ s10 @ contrast / m + contrast @ s01 @ contrast / n
    auc_a, auc_b = comps[0][0].mean(), comps[1][0].mean()
    se = float(np.sqrt(variance))
    z = (auc_a - auc_b) / se
    return {"auc_a": float(auc_a), "auc_b": float(auc_b), "difference": float(auc_a - auc_b),
            "standard_error": se, "z": float(z), "p_value": float(2 * stats.norm.sf(abs(z)))}


def delong_fixture(rng):
    cases = []
    for name, n, base, noise_a, noise_b, digits in [
        ("ties", 300, -0.3, 0.6, 1.0, 2),
        ("imbalanced", 2000, -3.5, 0.8, 1.1, None),
        ("similar_noise", 800, 0.0, 0.9, 0.95, 3),
    ]:
        x = rng.normal(size=n)
        y = (rng.random(n) < sigmoid(1.5 * x + base)).astype(int)
        a = sigmoid(x + rng.normal(scale=noise_a, size=n))
        b = sigmoid(x + rng.normal(scale=noise_b, size=n))
        if digits is not None:
            a, b = np.round(a, digits), np.round(b, digits)
        cases.append({"name": name, "labels": y.tolist(), "scores_a": a.tolist(),
                      "scores_b": b.tolist(), **delong(y, a, b)})
    points = [0.0, 0.3, 1.0, 1.959963984540054, 2.9, 3.0, 3.1, 5.0, 8.0, 12.0, 20.0, -1.5]
    return {"cases": cases,
            "normal_upper_tail": [[x, float(stats.norm.sf(x))] for x in points]}


def write(name, content):
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump({"generator": "metrics_reference.py", "sklearn": sklearn.__version__,
                   "numpy": np.__version__, "scipy": scipy.__version__, **content}, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261124)
    for dataset in [binary_ties(rng), binary_imbalanced(rng), multiclass(rng), regression(rng)]:
        write(dataset["name"], dataset)
    write("bootstrap", bootstrap_fixture(rng))
    write("delong", delong_fixture(rng))


if __name__ == "__main__":
    main()
