#!/usr/bin/python3
"""Reference values for Kiln's clustering metrics, computed with scikit-learn.

Run from the repository root with Debian's Python (python3-sklearn 1.2, python3-numpy):

    /usr/bin/python3 kiln-core/src/test/python/clustering_reference.py

It writes kiln-core/src/test/resources/metrics/clustering.json, which the Java tests only read
(they need no Python). Each dataset holds holdout rows (row-major features), their cluster labels
and, where a k-means model assigned them, its centroids, with:

  inertia            -KMeans.score(X)  (squared distance of each row to its nearest centroid, summed)
  inertia_per_row    the same / rows
  silhouette         sklearn.metrics.silhouette_score(X, labels)  (exact: no sample_size)
  davies_bouldin     sklearn.metrics.davies_bouldin_score(X, labels)
  calinski_harabasz  sklearn.metrics.calinski_harabasz_score(X, labels)

Datasets:
  blobs        KMeans(4) fitted on 400 training rows of 4 Gaussian blobs in 5 dimensions; the 250
               holdout rows labelled by km.predict
  overlapping  k-means on 2 overlapping blobs with k=6 (clusters that split one blob)
  edge         labels given, not fitted: 60 rows, labels 0..5 of which 3 is absent, 5 is a
               singleton (its silhouette is 0) and rows 10..14 are copies of row 9 (distance 0)

Bootstrap: 100 resamples of the blobs holdout (row indexes). For each, inertia, Davies-Bouldin and
Calinski-Harabasz are scikit-learn's on X[idx] (a row drawn twice counts twice); the silhouette of a
resample is the mean of sklearn.metrics.silhouette_samples(X, labels) over idx (each row's
silhouette computed once on the whole holdout: the definition Kiln documents). The interval is
np.percentile(values, [2.5, 97.5]).
"""
import json
import os

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import (calinski_harabasz_score, davies_bouldin_score, silhouette_samples,
                             silhouette_score)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
OUT = os.path.join(ROOT, "kiln-core", "src", "test", "resources", "metrics", "clustering.json")


def inertia(km, x):
    return float(-km.score(x))


def metrics(x, labels, km):
    out = {
        "silhouette": float(silhouette_score(x, labels)),
        "davies_bouldin": float(davies_bouldin_score(x, labels)),
        "calinski_harabasz": float(calinski_harabasz_score(x, labels)),
    }
    if km is not None:
        out["inertia"] = inertia(km, x)
        out["inertia_per_row"] = out["inertia"] / len(x)
    return out


def dataset(x, labels, km, description):
    return {
        "description": description,
        "cols": int(x.shape[1]),
        "features": [float(v) for v in x.ravel()],
        "labels": [int(v) for v in labels],
        "clusters": int(km.n_clusters) if km is not None else int(max(labels) + 1),
        "centroids": [float(v) for v in km.cluster_centers_.ravel()] if km is not None else [],
        "metrics": metrics(x, labels, km),
    }


def fitted(x_train, x_test, k, seed):
    km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(x_train)
    return km, km.predict(x_test)


def main():
    x, _ = make_blobs(n_samples=650, centers=4, n_features=5, cluster_std=1.5, random_state=7)
    x_train, x_test = x[:400], x[400:]
    km, labels = fitted(x_train, x_test, 4, 0)
    blobs = dataset(x_test, labels, km, "KMeans(4) on blobs; holdout labelled by predict")

    y, _ = make_blobs(n_samples=500, centers=[[0, 0, 0], [1.5, 0.5, 0]], cluster_std=1.0,
                      random_state=3)
    km6, labels6 = fitted(y[:300], y[300:], 6, 1)
    overlapping = dataset(y[300:], labels6, km6, "KMeans(6) on 2 overlapping blobs")

    rng = np.random.default_rng(11)
    e = rng.normal(size=(60, 3))
    e[10:15] = e[9]
    edge_labels = rng.choice([0, 1, 2, 4], size=60)
    edge_labels[20] = 5
    edge = dataset(e, edge_labels, None, "labels given: 3 absent, 5 a singleton, copies of row 9")
    edge["clusters"] = 6
    assert list(edge_labels).count(5) == 1 and 3 not in set(edge_labels)

    # bootstrap of the blobs holdout
    resamples = 100
    n = len(x_test)
    indexes = rng.integers(0, n, size=(resamples, n))
    per_row = silhouette_samples(x_test, labels)
    values = {"inertia": [], "inertia_per_row": [], "silhouette": [], "davies_bouldin": [],
              "calinski_harabasz": []}
    for idx in indexes:
        xs, ls = x_test[idx], labels[idx]
        values["inertia"].append(inertia(km, xs))
        values["inertia_per_row"].append(inertia(km, xs) / n)
        values["silhouette"].append(float(np.mean(per_row[idx])))
        values["davies_bouldin"].append(float(davies_bouldin_score(xs, ls)))
        values["calinski_harabasz"].append(float(calinski_harabasz_score(xs, ls)))
    intervals = {}
    for name, v in values.items():
        lo, hi = np.percentile(np.array(v), [2.5, 97.5])
        intervals[name] = {"lower": float(lo), "upper": float(hi)}

    out = {
        "sklearn": __import__("sklearn").__version__,
        "blobs": blobs,
        "overlapping": overlapping,
        "edge": edge,
        "bootstrap": {"dataset": "blobs", "resamples": resamples, "level": 0.95,
                      "indexes": indexes.tolist(), "intervals": intervals},
    }
    with open(OUT, "w") as f:
        json.dump(out, f)
        f.write("\n")
    print("wrote", OUT)


main()
