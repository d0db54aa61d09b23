#!/usr/bin/env python3
"""Concat without copies, before and after: `convscope time` with -Dconvscope.concatInPlace=false
(every Concat copies its parts) and with the default (the ReLUs write straight into the Concat's
output), alternating the two in one sitting so that both see the same machine load.

Usage: python3 bench/scripts/concat_inplace.py [--rounds 3] [--iterations 10] [--device opencl|cpu]
       [--cases squeezenet:1,squeezenet:16,googlenet:1] [--out bench/results/concat-inplace.md]
Needs app/target/convscope.jar (mvn -B -q -DskipTests package). Writes a Markdown table of medians
over the rounds: whole-net forward and backward ms, the layers' sums, the Concat layers' and the
ReLU layers' ms, and the blob memory that the plan saves (values and gradients).
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess

CASES = "squeezenet:1,squeezenet:16,googlenet:1"


def run(model, batch, plan, iterations, device):
    cmd = ["java", "-Dconvscope.concatInPlace=" + ("true" if plan else "false"), "-jar", "app/target/convscope.jar",
           "time", "--model", model, "--batch", str(batch), "-n", str(iterations), "--device", device, "--json", "-"]
    if model != "squeezenet":
        cmd += ["--random-weights", "1"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    d = json.loads(out)
    t = d["total"]
    sums = {}
    for kind in ("Concat", "ReLU"):
        layers = [l for l in d["layers"] if l["type"] == kind]
        sums[kind] = sum(l["forwardMs"] + l["backwardMs"] for l in layers)
    saved = sum(4 * _prod(l["output"]) for l in d["layers"] if l["type"] == "Concat")
    return {"fwd": t["forwardMs"], "bwd": t["backwardMs"], "lfwd": t["layersForwardMs"], "lbwd": t["layersBackwardMs"],
            "concat": sums["Concat"], "relu": sums["ReLU"], "saved": saved, "device": d["device"]}


def _prod(xs):
    p = 1
    for x in xs:
        p *= x
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--device", default="opencl")
    ap.add_argument("--cases", default=CASES, help="model:batch,... (default %(default)s)")
    ap.add_argument("--out", default="bench/results/concat-inplace.md")
    a = ap.parse_args()
    cases = [(c.split(":")[0], int(c.split(":")[1])) for c in a.cases.split(",")]
    load0 = os.getloadavg()[0]
    rows = []
    for model, batch in cases:
        runs = {False: [], True: []}
        for _ in range(a.rounds):
            for plan in (False, True):
                runs[plan].append(run(model, batch, plan, a.iterations, a.device))
        med = {p: {k: statistics.median(r[k] for r in runs[p]) for k in ("fwd", "bwd", "lfwd", "lbwd", "concat", "relu")}
               for p in runs}
        rows.append((model, batch, med, runs[True][0]["saved"], runs[True][0]["device"]))
        print(model, batch, med, flush=True)
    load1 = os.getloadavg()[0]
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with open(a.out, "w") as f:
        f.write("# Concat without copies: before and after\n\n")
        f.write("Written by `bench/scripts/concat_inplace.py` on %s UTC.\n" % datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"))
        f.write("Machine: %s, %d cores (%s), load average %.1f at the start and %.1f at the end "
                "(other engineers were building and testing).\n" % (cpu, os.cpu_count(), platform.machine(), load0, load1))
        f.write("Device: %s. `convscope time`, %d timed passes per run (medians), %d runs per setting alternating "
                "off/on; the table gives the median over the runs.\n\n" % (rows[0][4], a.iterations, a.rounds))
        f.write("off: `-Dconvscope.concatInPlace=false` (each Concat copies its parts forward and splits its gradient "
                "backward); on: the default (the ReLU of each branch writes into its channel slice of the Concat's "
                "output and reads its gradient from the slice).\n\n")
        f.write("| net | batch | whole fwd off / on ms | whole bwd off / on ms | layers' fwd off / on | layers' bwd off / on "
                "| Concat layers fwd+bwd off / on | ReLU layers fwd+bwd off / on | blob memory saved |\n")
        f.write("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
        for model, batch, med, saved, _ in rows:
            off, on = med[False], med[True]
            f.write("| %s | %d | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.2f / %.2f | %.2f / %.2f "
                    "| %.1f MB values + %.1f MB gradients |\n" % (
                        model, batch, off["fwd"], on["fwd"], off["bwd"], on["bwd"], off["lfwd"], on["lfwd"],
                        off["lbwd"], on["lbwd"], off["concat"], on["concat"], off["relu"], on["relu"],
                        saved / 1e6, saved / 1e6))
    print("wrote", a.out)


if __name__ == "__main__":
    main()
