"""Does a gradient-boosting model beat the baseline forecast? (issue 16: use a library only if it does.)

Runs outside the portal's environment, with scikit-learn (not a dependency of the portal):

    python3 -m venv /tmp/gbm && /tmp/gbm/bin/pip install 'scikit-learn>=1.5,<1.8'
    /tmp/gbm/bin/python bench/forecast_gbm.py var/forecast_rows.csv

on the rows of bench/forecast_export.py. Fits quantile gradient boosting (the median and the 90th percentile
of the final ratio of active time to legal time) and a gradient-boosting classifier (late or not) on the
training rows, then prints, on the same test dossiers, the mean absolute error of the finish in working
days and the Brier score of both models and of legal time / the base rate.
"""

import csv
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

FEATURES = ["procedure", "agency", "legal_days", "month", "elapsed", "paused_days"]
CATEGORICAL = [True, True, False, False, False, False]


def load(path):
    with open(path) as handle:
        rows = list(csv.DictReader(handle))
    train = [r for r in rows if r["set"] == "train"]
    test = [r for r in rows if r["set"] == "test"]

    def matrix(part):
        return np.array([[float(r[f]) for f in FEATURES] for r in part])

    return train, test, matrix(train), matrix(test)


def main(path):
    train, test, x_train, x_test = load(path)
    # The target: what remains after the time already used, as a share of the legal time.
    remaining = np.array([float(r["final"]) - float(r["elapsed"]) for r in train])
    late = np.array([float(r["final"]) > 1.0 for r in train])
    common = {"categorical_features": CATEGORICAL, "max_iter": 300, "learning_rate": 0.05, "random_state": 1}
    q50 = HistGradientBoostingRegressor(loss="quantile", quantile=0.5, **common).fit(x_train, remaining)
    classifier = HistGradientBoostingClassifier(**common).fit(x_train, late)
    elapsed = np.array([float(r["elapsed"]) for r in test])
    legal = np.array([float(r["legal_days"]) for r in test])
    final = np.array([float(r["final"]) for r in test])
    observed = (final > 1.0).astype(float)
    done = np.array([r["finished"] == "1" for r in test])  # the finish is known: scored on the MAE too
    gbm_p50 = elapsed + np.maximum(q50.predict(x_test), 0)
    # Already past the deadline (in active time) is late whatever the classifier says, as for the baseline.
    gbm_risk = np.where(elapsed >= 1.0, 1.0, classifier.predict_proba(x_test)[:, 1])
    base_p50 = np.array([float(r["p50"]) for r in test])
    base_risk = np.array([float(r["risk"]) for r in test])
    rate = observed.mean()
    print(f"test dossiers: {len(test)} ({done.sum()} finished), late share {rate:.1%}")

    def mae(predicted):
        return np.mean((np.abs(predicted - final) * legal)[done])

    print(f"MAE (working days): legal time {mae(1.0):.2f}, baseline {mae(base_p50):.2f}, gbm {mae(gbm_p50):.2f}")
    print(
        f"Brier: base rate {np.mean((rate - observed) ** 2):.4f}, baseline {np.mean((base_risk - observed) ** 2):.4f}, "
        f"gbm {np.mean((gbm_risk - observed) ** 2):.4f}"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "var/forecast_rows.csv")
