#!/usr/bin/python3
"""Draws the whole-network comparison: one bar per engine, grouped by network, pass and batch.

Reads CSVs with the columns net, pass, engine, threads, batch, median_ms (peers.py writes the
peers' one, jmh_to_csv.py turns ConvScope's JMH results into the same form); bars are time per
image (a batch's time over its size). The table beside it is readme_table.py's.

    /usr/bin/python3 bench/scripts/plot_peers.py bench/results/convscope-*.csv bench/results/peers.csv \
        --out bench/results/peers.png
"""
import argparse
import os

from readme_table import read_rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="+")
    ap.add_argument("--out", default="bench/results/peers.png")
    args = ap.parse_args()
    rows = read_rows(args.csv)
    groups = list(dict.fromkeys((r["net"], r["pass"], int(r["batch"])) for r in rows))
    engines = list(dict.fromkeys(r["engine"] for r in rows))
    ms = {(r["net"], r["pass"], int(r["batch"]), r["engine"]): float(r["median_ms"]) for r in rows}

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    width = 0.8 / len(engines)
    fig, ax = plt.subplots(figsize=(1.6 * len(groups) + 2, 4.5))
    for i, e in enumerate(engines):
        xs = [g + i * width for g in range(len(groups))]
        ys = [ms.get((net, pas, b, e), 0) / b for net, pas, b in groups]
        ax.bar(xs, ys, width, label=e)
    ax.set_xticks([g + 0.4 - width / 2 for g in range(len(groups))])
    ax.set_xticklabels([f"{net}\n{pas}\nbatch {b}" for net, pas, b in groups], fontsize=8)
    ax.set_ylabel("median time per image (ms)")
    ax.set_yscale("log")
    threads = sorted({r["threads"] for r in rows})
    ax.set_title("Whole-network time on this machine (" + "/".join(threads) + " threads); lower is better")
    ax.legend(fontsize=8)
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
