#!/usr/bin/python3
"""Times the peers ConvScope is compared with, on this machine, with the same thread count.

PyTorch (eager and frozen TorchScript) and OpenCV's dnn module run AlexNet (Caffe's BVLC
layout: grouped convolutions, LRN, ceil-mode pooling) and VGG16 at batch 1 on random weights:
forward, and for PyTorch forward + backward to the input. Results go to a CSV that
plot_peers.py draws beside ConvScope's JMH results.

Needs Debian's python3-torch and python3-opencv. The prototxts are the public deploy files in
../shared/data/zoo; the random caffemodel that OpenCV needs is written here (protobuf by hand:
NetParameter.layer = 100, LayerParameter.name = 1, .blobs = 7, BlobProto.shape = 7,
BlobShape.dim = 1, BlobProto.data = 5).

    /usr/bin/python3 bench/scripts/peers.py --threads 2 --out bench/results/peers.csv
"""
import argparse
import csv
import os
import statistics
import struct
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ZOO = os.path.join(HERE, "..", "..", "..", "shared", "data", "zoo")

ALEXNET = [  # name, out, in/groups, k, stride, pad, groups
    ("conv1", 96, 3, 11, 4, 0, 1), ("conv2", 256, 48, 5, 1, 2, 2), ("conv3", 384, 256, 3, 1, 1, 1),
    ("conv4", 384, 192, 3, 1, 1, 2), ("conv5", 256, 192, 3, 1, 1, 2)]
VGG16 = [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]


def torch_alexnet(torch):
    nn = torch.nn
    lrn = lambda: nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=1.0)
    pool = lambda: nn.MaxPool2d(3, 2, ceil_mode=True)
    layers = []
    for i, (name, out, cin, k, s, p, g) in enumerate(ALEXNET):
        layers += [nn.Conv2d(cin * g, out, k, s, p, groups=g), nn.ReLU()]
        if i < 2:
            layers += [lrn(), pool()]
    layers += [pool(), nn.Flatten(), nn.Linear(9216, 4096), nn.ReLU(), nn.Linear(4096, 4096), nn.ReLU(),
               nn.Linear(4096, 1000), nn.Softmax(dim=1)]
    return nn.Sequential(*layers), 227


def torch_vgg16(torch):
    nn = torch.nn
    layers, cin = [], 3
    for out, reps in VGG16:
        for _ in range(reps):
            layers += [nn.Conv2d(cin, out, 3, 1, 1), nn.ReLU()]
            cin = out
        layers.append(nn.MaxPool2d(2, 2))
    layers += [nn.Flatten(), nn.Linear(25088, 4096), nn.ReLU(), nn.Linear(4096, 4096), nn.ReLU(),
               nn.Linear(4096, 1000), nn.Softmax(dim=1)]
    return nn.Sequential(*layers), 224


def median_ms(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(num, wire, payload):
    return varint((num << 3) | wire) + payload


def length_delimited(num, data):
    return field(num, 2, varint(len(data)) + data)


def blob(shape, rng):
    dims = b"".join(varint(d) for d in shape)
    data = (rng.standard_normal(int(np.prod(shape))).astype("<f4") * 0.01).tobytes()
    return length_delimited(7, length_delimited(1, dims)) + length_delimited(5, data)


def random_caffemodel(params, path, seed=0):
    """params: list of (layer name, [blob shapes])."""
    rng = np.random.default_rng(seed)
    with open(path, "wb") as f:
        for name, shapes in params:
            layer = length_delimited(1, name.encode()) + b"".join(length_delimited(7, blob(s, rng)) for s in shapes)
            f.write(length_delimited(100, layer))


def alexnet_params():
    p = [(n, [(o, c, k, k), (o,)]) for n, o, c, k, s, pad, g in ALEXNET]
    return p + [("fc6", [(4096, 9216), (4096,)]), ("fc7", [(4096, 4096), (4096,)]), ("fc8", [(1000, 4096), (1000,)])]


def vgg16_params():
    p, cin = [], 3
    for block, (out, reps) in enumerate(VGG16, start=1):
        for r in range(1, reps + 1):
            p.append((f"conv{block}_{r}", [(out, cin, 3, 3), (out,)]))
            cin = out
    return p + [("fc6", [(4096, 25088), (4096,)]), ("fc7", [(4096, 4096), (4096,)]), ("fc8", [(1000, 4096), (1000,)])]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "results", "peers.csv"))
    args = ap.parse_args()

    import torch
    import cv2
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)
    rows = []
    for net, build, proto, params in [
            ("alexnet", torch_alexnet, os.path.join(ZOO, "bvlc_alexnet", "deploy.prototxt"), alexnet_params),
            ("vgg16", torch_vgg16, os.path.join(ZOO, "vgg", "VGG_ILSVRC_16_layers_deploy.prototxt"), vgg16_params)]:
        model, size = build(torch)
        model.eval()
        x = torch.randn(1, 3, size, size)
        with torch.no_grad():
            rows.append((net, "forward", "pytorch", median_ms(lambda: model(x), 3, args.reps)))
            frozen = torch.jit.freeze(torch.jit.script(model))
            rows.append((net, "forward", "pytorch-torchscript", median_ms(lambda: frozen(x), 3, args.reps)))

        def fwd_bwd():
            xi = x.clone().requires_grad_(True)
            model(xi)[0, 0].backward()
        rows.append((net, "forward+backward", "pytorch", median_ms(fwd_bwd, 2, max(5, args.reps // 2))))

        if os.path.exists(proto):
            with tempfile.TemporaryDirectory() as tmp:
                weights = os.path.join(tmp, net + ".caffemodel")
                random_caffemodel(params(), weights)
                cvnet = cv2.dnn.readNetFromCaffe(proto, weights)
                blob_in = np.random.default_rng(1).standard_normal((1, 3, size, size)).astype(np.float32)

                def cv_fwd():
                    cvnet.setInput(blob_in)
                    cvnet.forward()
                rows.append((net, "forward", "opencv-dnn", median_ms(cv_fwd, 3, args.reps)))
        else:
            print(f"skipping OpenCV for {net}: {proto} not found", file=sys.stderr)
        for r in rows:
            if r[0] == net:
                print(f"{r[0]:8s} {r[1]:17s} {r[2]:20s} {r[3]:8.1f} ms")

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["net", "pass", "engine", "threads", "median_ms"])
        for r in rows:
            w.writerow([r[0], r[1], r[2], args.threads, f"{r[3]:.2f}"])
    print("wrote", args.out)


if __name__ == "__main__":
    main()
