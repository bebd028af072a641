"""Writes the reference the logistic learner is checked against: scikit-learn's
LogisticRegression on the standardized breast-cancer file.

liblinear's L2R_LR with an unregularized intercept and scikit-learn's lbfgs minimize the same
objective, 0.5 * |w|^2 + C * sum(log loss), so the fitted probabilities agree to solver tolerance.
Features are standardized exactly as the Java test does: float32 values, mean and population
standard deviation in float64, the result rounded to float32.

Run from the repository root with Debian's packages:
    /usr/bin/python3 kiln-learn/src/test/python/logistic_reference.py
"""
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

SOURCE = "kiln-testing/src/main/resources/datasets/breast_cancer.csv"
OUT = "kiln-learn/src/test/resources/fixtures/logistic_breast_cancer.csv"

frame = pd.read_csv(SOURCE)
y = (frame.pop("diagnosis") == "malignant").astype(int).to_numpy()
x = frame.to_numpy().astype(np.float32).astype(np.float64)
mean = x.mean(axis=0)
sd = np.sqrt(((x - mean) ** 2).mean(axis=0))
z = ((x - mean) / sd).astype(np.float32).astype(np.float64)

# newton-cholesky converges to the optimum (its objective is lower than lbfgs' at tol=1e-12)
model = LogisticRegression(C=1.0, tol=1e-12, max_iter=1000, solver="newton-cholesky").fit(z, y)
p = model.predict_proba(z)[:, 1]
pd.DataFrame({"probability_1": p}).to_csv(OUT, index=False, float_format="%.17g")
print("wrote", OUT, "rows", len(p), "intercept", model.intercept_[0])
