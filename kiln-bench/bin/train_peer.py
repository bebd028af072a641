#!/usr/bin/python3
"""Python peers for the training and scoring benchmark (issue 4), as a user would write them.

usage: train_peer.py train xgboost|sklearn TRAIN.csv TEST.csv MODEL_OUT [THREADS]
       train_peer.py predict xgboost MODEL IN.csv OUT.csv [THREADS]

Same settings as Kiln's side: 200 trees, depth 6 (XGBoost) / 63 leaves (scikit-learn's
HistGradientBoostingClassifier), learning rate 0.1, histogram method, no early stopping.
Prints one line of key=value timings (seconds) and the holdout AUC.
"""
import sys
import time

t0 = time.time()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

TREES, DEPTH, LEAVES, LR = 200, 6, 63, 0.1


def train(kind, train_csv, test_csv, model_out, threads):
    t = time.time()
    train = pd.read_csv(train_csv, engine="c")
    test = pd.read_csv(test_csv, engine="c")
    read = time.time() - t
    x, y = train.drop(columns="label").to_numpy(np.float32), train["label"].to_numpy()
    xt, yt = test.drop(columns="label").to_numpy(np.float32), test["label"].to_numpy()
    t = time.time()
    if kind == "xgboost":
        import xgboost as xgb
        model = xgb.XGBClassifier(n_estimators=TREES, max_depth=DEPTH, learning_rate=LR,
                                  tree_method="hist", n_jobs=threads, random_state=42)
        model.fit(x, y)
        fit = time.time() - t
        p = model.predict_proba(xt)[:, 1]
        model.save_model(model_out)
    else:
        from sklearn.ensemble import HistGradientBoostingClassifier
        model = HistGradientBoostingClassifier(max_iter=TREES, max_leaf_nodes=LEAVES,
                                               learning_rate=LR, early_stopping=False,
                                               random_state=42)
        model.fit(x, y)
        fit = time.time() - t
        p = model.predict_proba(xt)[:, 1]
    from sklearn.metrics import roc_auc_score
    auc = roc_auc_score(yt, p)
    print(f"import={t_import:.3f},read={read:.3f},fit={fit:.3f},auc={auc:.6f},"
          f"rows={len(y)},engine={kind}")


def predict(kind, model_path, in_csv, out_csv, threads):
    import xgboost as xgb
    t = time.time()
    data = pd.read_csv(in_csv, engine="c")
    read = time.time() - t
    x = data.drop(columns="label", errors="ignore").to_numpy(np.float32)
    model = xgb.XGBClassifier(n_jobs=threads)
    model.load_model(model_path)
    t = time.time()
    p = model.predict_proba(x)
    scored = time.time() - t
    t = time.time()
    out = pd.DataFrame({"prediction": p.argmax(axis=1), "probability_0": p[:, 0],
                        "probability_1": p[:, 1]})
    out.to_csv(out_csv, index=False)
    write = time.time() - t
    print(f"import={t_import:.3f},read={read:.3f},predict={scored:.3f},write={write:.3f},"
          f"rows={len(x)},engine={kind}")


t_import = time.time() - t0
if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) >= 5 and a[0] == "train":
        train(a[1], a[2], a[3], a[4], int(a[5]) if len(a) > 5 else 2)
    elif len(a) >= 5 and a[0] == "predict":
        predict(a[1], a[2], a[3], a[4], int(a[5]) if len(a) > 5 else 2)
    else:
        sys.exit(__doc__)
