#!/usr/bin/env python3
"""Restore the finished folds of a committed matbench run into a run directory, so that
`regnet matbench ... --out RUN_DIR` counts them as finished and trains only the missing folds.

    python3 benchmarks/matbench/restore_folds.py benchmarks/matbench/perovskites-hidden128-wd runs/mb-perov-h128-wd

COMMITTED holds the run's results.json.gz and summary.json (what benchmarks/matbench/ keeps);
each of its folds becomes RUN_DIR/fold_K/test_predictions.csv and fold.json, as the runner
writes them. A fold already in RUN_DIR is left alone. The run's settings (run.json) are written
by the runner on its first start in RUN_DIR: start it with the committed run's command.
"""
import csv
import gzip
import json
import os
import sys


def main(committed, run_dir):
    summary = json.load(open(os.path.join(committed, "summary.json")))
    results = json.load(gzip.open(os.path.join(committed, "results.json.gz")))
    folds = results["tasks"][summary["task"]]["results"]
    info = {f["fold"]: f for f in summary["folds"]}
    for name, fold in folds.items():
        k = int(name.split("_")[1])
        out = os.path.join(run_dir, name)
        if os.path.exists(os.path.join(out, "test_predictions.csv")):
            print(f"{name}: already in {run_dir}, left alone")
            continue
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "test_predictions.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(["id", "predicted"])
            for id_, value in fold["data"].items():
                w.writerow([id_, repr(value)])  # repr: the shortest text that reads back to the same double
        with open(os.path.join(out, "fold.json"), "w") as f:
            json.dump({"epochs": info[k]["epochs"], "seconds": info[k]["seconds"]}, f)
        print(f"{name}: {len(fold['data'])} predictions restored (MAE {info[k]['mae']:.4f})")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
