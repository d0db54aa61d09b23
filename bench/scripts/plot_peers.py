#!/usr/bin/python3
"""Draws the whole-network comparison: one bar per engine, grouped by network and pass.

Reads CSVs with the columns net, pass, engine, threads, median_ms (peers.py writes the peers'
one, jmh_to_csv.py turns ConvScope's JMH results into the same form), writes a Markdown table
beside the PNG, with each engine's time as a ratio to ConvScope's faster device.

    /usr/bin/python3 bench/scripts/plot_peers.py bench/results/convscope.csv bench/results/peers.csv \
        --out bench/results/peers.png
"""
import argparse
import csv
import os
from collections import OrderedDict


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="+")
    ap.add_argument("--out", default="bench/results/peers.png")
    args = ap.parse_args()

    rows = []
    for path in args.csv:
        with open(path) as f:
            rows += list(csv.DictReader(f))
    groups = list(OrderedDict.fromkeys((r["net"], r["pass"]) for r in rows))
    engines = list(OrderedDict.fromkeys(r["engine"] for r in rows))
    ms = {(r["net"], r["pass"], r["engine"]): float(r["median_ms"]) for r in rows}

    lines = ["| net | pass | " + " | ".join(engines) + " |", "|---|---|" + "---:|" * len(engines)]
    for net, pas in groups:
        ours = [ms[(net, pas, e)] for e in engines if e.startswith("convscope") and (net, pas, e) in ms]
        base = min(ours) if ours else None  # ConvScope's faster device
        cells = []
        for e in engines:
            v = ms.get((net, pas, e))
            if v is None:
                cells.append("–")
            elif base is None or e.startswith("convscope"):
                cells.append(f"{v:.1f} ms")
            else:
                cells.append(f"{v:.1f} ms ({v / base:.2f}x)")
        lines.append(f"| {net} | {pas} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(table)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(os.path.splitext(args.out)[0] + ".md", "w") as f:
        f.write(table + "\n\n(ratio = engine time / the faster ConvScope device's time; above 1 means ConvScope is faster)\n")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    width = 0.8 / len(engines)
    fig, ax = plt.subplots(figsize=(2.2 * len(groups) + 2, 4))
    for i, e in enumerate(engines):
        xs = [g + i * width for g in range(len(groups))]
        ys = [ms.get((net, pas, e), 0) for net, pas in groups]
        ax.bar(xs, ys, width, label=e)
    ax.set_xticks([g + 0.4 - width / 2 for g in range(len(groups))])
    ax.set_xticklabels([f"{net}\n{pas}" for net, pas in groups])
    ax.set_ylabel("median time per image (ms), batch 1")
    threads = sorted({r["threads"] for r in rows})
    ax.set_title("Whole-network time on this machine (" + "/".join(threads) + " threads); lower is better")
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
