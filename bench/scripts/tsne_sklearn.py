#!/usr/bin/python3
"""Times scikit-learn's Barnes-Hut TSNE, the peer of ConvScope's TsneBenchmark, on the same data.

The data is the .npy that `TsneBenchmark` writes (its main method: 5,000 points of 4,096
dimensions, 10 Gaussian clusters). Settings are ConvScope's defaults: perplexity 30, angle
(theta) 0.5, 1000 iterations, learning rate 200, early exaggeration 12 (250 iterations), PCA
initialization; sklearn's early stops are switched off (n_iter_without_progress = iterations,
min_grad_norm = 0) so both run every iteration. Needs Debian's python3-sklearn.

    java -cp bench/target/benchmarks.jar org.convscope.bench.TsneBenchmark /tmp/tsne-data.npy
    /usr/bin/python3 bench/scripts/tsne_sklearn.py --data /tmp/tsne-data.npy --threads 2 --repeat 3
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help=".npy of N x D float32 written by TsneBenchmark")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--perplexity", type=float, default=30)
    ap.add_argument("--iterations", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))
    import sklearn
    from sklearn.manifold import TSNE

    x = np.load(args.data).astype(np.float32)
    times = []
    kl = None
    for r in range(args.repeat):
        t = TSNE(n_components=2, perplexity=args.perplexity, early_exaggeration=12.0, learning_rate=200.0,
                 n_iter=args.iterations, n_iter_without_progress=args.iterations, min_grad_norm=0.0,
                 init="pca", method="barnes_hut", angle=0.5, n_jobs=args.threads, random_state=42)
        t0 = time.perf_counter()
        t.fit_transform(x)
        times.append(time.perf_counter() - t0)
        kl = t.kl_divergence_
        print(f"run {r}: {times[-1]:.2f} s, {t.n_iter_} iterations, KL {kl:.4f}", file=sys.stderr)
    print(f"sklearn {sklearn.__version__} TSNE barnes_hut {x.shape[0]} x {x.shape[1]}, perplexity {args.perplexity}, "
          f"{args.iterations} iterations, {args.threads} threads: median {statistics.median(times):.2f} s "
          f"(min {min(times):.2f}), KL {kl:.4f}")


if __name__ == "__main__":
    main()
