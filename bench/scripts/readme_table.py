#!/usr/bin/python3
"""Writes the whole-network comparison table from the result files, never by hand.

Reads ConvScope's and the peers' CSVs (net, pass, engine, threads, batch, median_ms) and the
machine limits measured in the same run (machine_limits.c's output, with the date and CPU that
compare.sh adds), and writes the table to bench/results/peers.md and between the markers
`<!-- peers table -->` and `<!-- /peers table -->` in README.md.

One ratio convention everywhere: a peer's time over ConvScope's (the faster of its devices),
so above 1 means ConvScope is faster ("1.5x" = the peer takes 1.5 times as long).

    /usr/bin/python3 bench/scripts/readme_table.py bench/results/convscope-*.csv bench/results/peers.csv \
        --limits bench/results/machine-limits.txt --readme README.md
"""
import argparse
import csv
import os
import re

NAMES = {"convscope-opencl": "ConvScope OpenCL", "convscope-cpu": "ConvScope CPU", "pytorch": "PyTorch",
         "pytorch-torchscript": "TorchScript", "opencv-dnn": "OpenCV dnn"}
NETS = {"alexnet": "AlexNet", "vgg16": "VGG16", "googlenet": "GoogLeNet", "squeezenet": "SqueezeNet v1.0"}
PASSES = {"forward": "forward", "forward+backward": "forward + backward to the input"}
BEGIN, END = "<!-- peers table -->", "<!-- /peers table -->"


def read_rows(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            for r in csv.DictReader(f):
                r.setdefault("batch", "1")
                rows.append(r)
    return rows


def read_limits(path):
    """{"date", "cpu", "peak", "read", "triad"} from machine-limits.txt."""
    text = open(path).read()
    get = lambda pattern: (re.search(pattern, text, re.M) or [None, "?"])[1]
    return {"date": get(r"^date\s+(.+)$"), "cpu": get(r"^cpu\s+(.+)$"), "peak": get(r"fma peak\s+([\d.]+)"),
            "read": get(r"^read\s+([\d.]+)"), "triad": get(r"^triad\s+([\d.]+)")}


def table(rows, limits=None):
    engines = [e for e in NAMES if any(r["engine"] == e for r in rows)]
    engines += [e for e in dict.fromkeys(r["engine"] for r in rows) if e not in engines]
    ms = {(r["net"], r["pass"], int(r["batch"]), r["engine"]): float(r["median_ms"]) for r in rows}
    keys = sorted({(r["net"], r["pass"], int(r["batch"])) for r in rows},
                  key=lambda k: (list(NETS).index(k[0]) if k[0] in NETS else 99, k[2], list(PASSES).index(k[1])
                                 if k[1] in PASSES else 9))
    lines = []
    if limits:
        lines.append(f"Measured {limits['date']} on {limits['cpu']}: FMA peak {limits['peak']} GFLOP/s, memory read "
                     f"{limits['read']} GB/s (triad {limits['triad']}), by `bench/scripts/machine_limits.c` in the same "
                     f"run. Threads: {'/'.join(sorted({r['threads'] for r in rows}))} for every engine.")
        lines.append("")
    lines.append("| net, pass | batch | " + " | ".join(NAMES.get(e, e) for e in engines) + " | best peer / ConvScope |")
    lines.append("|---|---:|" + "---:|" * (len(engines) + 1))
    for net, pas, batch in keys:
        ours = [ms[(net, pas, batch, e)] for e in engines if e.startswith("convscope") and (net, pas, batch, e) in ms]
        base = min(ours) if ours else None
        peers = [ms[(net, pas, batch, e)] for e in engines if not e.startswith("convscope") and (net, pas, batch, e) in ms]
        cells = []
        for e in engines:
            v = ms.get((net, pas, batch, e))
            if v is None:
                cells.append("–")
            elif base is None or e.startswith("convscope"):
                cells.append(f"{v:.1f} ms")
            else:
                cells.append(f"{v:.1f} ms ({v / base:.2f}x)")
        best = f"**{min(peers) / base:.2f}x**" if peers and base else "–"
        lines.append(f"| {NETS.get(net, net)} {PASSES.get(pas, pas)} | {batch} | " + " | ".join(cells) + f" | {best} |")
    lines.append("")
    lines.append("Times are per batch (medians). Ratio = the peer's time / ConvScope's (its faster device): above 1, "
                 "ConvScope is faster.")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="+")
    ap.add_argument("--limits")
    ap.add_argument("--md", default="bench/results/peers.md")
    ap.add_argument("--readme", help="README.md whose marked section is replaced")
    args = ap.parse_args()
    text = table(read_rows(args.csv), read_limits(args.limits) if args.limits else None)
    print(text)
    os.makedirs(os.path.dirname(os.path.abspath(args.md)), exist_ok=True)
    with open(args.md, "w") as f:
        f.write(text + "\n")
    if args.readme:
        readme = open(args.readme).read()
        if BEGIN not in readme or END not in readme:
            raise SystemExit(f"{args.readme}: no {BEGIN} ... {END} section to replace")
        head, rest = readme.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        with open(args.readme, "w") as f:
            f.write(head + BEGIN + "\n" + text + "\n" + END + tail)
        print("wrote", args.readme)


if __name__ == "__main__":
    main()
