#!/usr/bin/python3
"""Turns JMH JSON results of NetForwardBench into the CSV form of peers.py (several files: one CSV).

    /usr/bin/python3 bench/scripts/jmh_to_csv.py results.json --engine convscope-cpu --threads 2 --out out.csv
"""
import argparse
import csv
import json

PASSES = {"forward": "forward", "forwardBackwardToInput": "forward+backward"}
TO_MS = {"ms/op": 1.0, "s/op": 1e3, "us/op": 1e-3, "ns/op": 1e-6}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json", nargs="+")
    ap.add_argument("--engine", required=True)
    ap.add_argument("--threads", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    results = []
    for path in args.json:
        with open(path) as f:
            results += json.load(f)
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["net", "pass", "engine", "threads", "batch", "median_ms"])
        for r in results:
            method = r["benchmark"].rsplit(".", 1)[1]
            if method not in PASSES:
                continue
            metric = r["primaryMetric"]
            # JMH's average-time score; its 50th percentile when it recorded one
            score = metric.get("scorePercentiles", {}).get("50.0", metric["score"])
            w.writerow([r["params"]["net"], PASSES[method], args.engine, args.threads,
                        r["params"].get("batch", "1"), f"{score * TO_MS[metric['scoreUnit']]:.2f}"])


if __name__ == "__main__":
    main()
