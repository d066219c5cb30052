#!/usr/bin/env python3
"""Prints the numbers of a model card from a model archive (manifest.json, metrics.csv) and,
optionally, a single-task run to compare against at equal epochs (the same schedule).

usage: tools/model_card.py MODEL_DIR [SINGLE_TASK_DIR TASK]
"""
import csv
import json
import sys


def table(rows, header):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def metrics_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


model = sys.argv[1]
m = json.load(open(f"{model}/manifest.json"))
p = m["provenance"]
print(f"epochs trained {p['epochsTrained']}, best epoch {p['bestEpoch']}, "
      f"training time {p['trainingSeconds'] / 60:.1f} min, split {p['split']} {p['splitSizes']}, seed {p['seed']}")
print(f"command: {p['command']}\n")
rows = []
for t in m["tasks"]:
    row = [t["name"], t["unit"]]
    for part in ("train", "validation", "test"):
        mm = m["metrics"].get(part, {}).get(t["name"], {})
        row.append(f"{mm.get('mae', float('nan')):.4f}")
    mm = m["metrics"].get("test", {}).get(t["name"], {})
    row += [f"{mm.get('rmse', float('nan')):.4f}", f"{mm.get('r2', float('nan')):.3f}", int(mm.get("count", 0))]
    rows.append(row)
print(table(rows, ["task", "unit", "train MAE", "validation MAE", "test MAE", "test RMSE", "test R²", "test count"]))

if len(sys.argv) > 3:
    single, task = sys.argv[2], sys.argv[3]
    col = task.replace(" ", "_") + "_val_mae"
    mt = {r["epoch"]: r for r in metrics_rows(f"{model}/metrics.csv")}
    st = {r["epoch"]: r for r in metrics_rows(f"{single}/metrics.csv")}
    rows = []
    for e in sorted(set(mt) & set(st), key=int):
        rows.append([e, f"{float(mt[e][col]):.4f}", f"{float(st[e][col]):.4f}",
                     f"{float(mt[e]['seconds']):.0f}", f"{float(st[e]['seconds']):.0f}"])
    print()
    print(table(rows, ["epoch", f"multi-task {task} val MAE", f"single-task {task} val MAE", "MT s/epoch", "ST s/epoch"]))
