#!/usr/bin/python3
"""The peer of OptimizeBench: one neural-style iteration and one DeepDream step in PyTorch.

VGG16's convolution layers with random weights at 256 x 256, batch 1, the same thread count:
- style: forward to conv5_1, content loss at conv4_2, Gram losses at conv1_1..conv5_1 (Gram per
  position, 1/(4 N^2) |G - A|^2 as vis.optimize.GramLoss), one backward pass to the image;
- deepdream: forward to conv4_3, backward of 1/2 |a|^2, the normalized update.
Prints the fastest and median milliseconds of each.

    /usr/bin/python3 bench/scripts/optimize_peers.py --threads 2
"""
import argparse
import statistics
import time

import torch

VGG16 = [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]


def vgg_features():
    layers, names, cin = [], [], 3
    for block, (cout, n) in enumerate(VGG16, 1):
        for i in range(1, n + 1):
            layers += [torch.nn.Conv2d(cin, cout, 3, padding=1), torch.nn.ReLU(inplace=False)]
            names += [None, "conv%d_%d" % (block, i)]
            cin = cout
        layers.append(torch.nn.MaxPool2d(2, 2, ceil_mode=True))
        names.append(None)
    return layers, names


def run(layers, names, x, wanted, stop):
    out = {}
    for layer, name in zip(layers, names):
        x = layer(x)
        if name in wanted:
            out[name] = x
        if name == stop:
            break
    return out


def gram(f):
    n, c, h, w = f.shape
    m = f.reshape(c, h * w)
    return m @ m.t() / (h * w)


def time_it(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    t = []
    for _ in range(reps):
        s = time.perf_counter()
        fn()
        t.append((time.perf_counter() - s) * 1000)
    return min(t), statistics.median(t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    layers, names = vgg_features()
    for p in [p for l in layers for p in l.parameters()]:
        p.requires_grad_(False)
    style_layers = ["conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"]
    content = torch.rand(1, 3, 256, 256) * 200 - 100
    style = torch.rand(1, 3, 256, 256) * 200 - 100
    with torch.no_grad():
        p = run(layers, names, content, {"conv4_2"}, "conv4_2")["conv4_2"]
        targets = {k: gram(v) for k, v in run(layers, names, style, set(style_layers), "conv5_1").items()}
    x = (torch.rand(1, 3, 256, 256) * 200 - 100).requires_grad_(True)

    def style_iteration():
        x.grad = None
        f = run(layers, names, x, set(style_layers) | {"conv4_2"}, "conv5_1")
        e = 0.5 * ((f["conv4_2"] - p) ** 2).sum()
        for k in style_layers:
            n = f[k].shape[1]
            e = e + 1000 * 0.2 * ((gram(f[k]) - targets[k]) ** 2).sum() / (4 * n * n)
        e.backward()
        return float(e)

    y = content.clone().requires_grad_(True)

    def deepdream_step():
        y.grad = None
        a = run(layers, names, y, {"conv4_3"}, "conv4_3")["conv4_3"]
        (0.5 * (a ** 2).sum()).backward()
        with torch.no_grad():
            g = y.grad
            y.add_(g * (1.5 / g.abs().mean()))
            y.clamp_(-128, 128)

    for name, fn in (("styleIteration", style_iteration), ("deepdreamStep", deepdream_step)):
        mn, med = time_it(fn, 1, a.reps)
        print("pytorch %-16s threads %d  min %.1f ms  median %.1f ms" % (name, a.threads, mn, med))


if __name__ == "__main__":
    main()
