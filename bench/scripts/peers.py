#!/usr/bin/python3
"""Times the peers ConvScope is compared with, on this machine, with the same thread count.

PyTorch (eager, and traced + frozen TorchScript) and OpenCV's dnn module run AlexNet (Caffe's BVLC
layout: grouped convolutions, LRN, ceil-mode pooling), VGG16, GoogLeNet and SqueezeNet v1.0:
forward at batch 1 (and at batch 16 for AlexNet and SqueezeNet, the batch the data-set passes
- top patches, codes, occlusion - run at), and for PyTorch forward + backward to the input at
batch 1. Every peer gets the same input shape, thread count and net.

"Forward + backward to the input" is what ConvScope's saliency / deconvnet / guided backprop
compute: the gradient of one class score with respect to the image and nothing else, so every
PyTorch parameter has requires_grad off (only the input needs a gradient; with it on, PyTorch
also computes every weight gradient: 5-10x the work on AlexNet and VGG16).

The nets are built from their Caffe deploy prototxts (../shared/data/zoo, and the SqueezeNet
files in ../shared/data/models/squeezenet_v1.0_dc) by a small interpreter below, for PyTorch
and OpenCV alike. SqueezeNet runs its real weights (OpenCV reads the caffemodel, PyTorch takes
the same blobs from OpenCV); the others random weights, written to a caffemodel here for OpenCV
(protobuf by hand: NetParameter.layer = 100, LayerParameter.name = 1, .blobs = 7,
BlobProto.shape = 7, BlobShape.dim = 1, BlobProto.data = 5). Results go to a CSV (net, pass,
engine, threads, batch, median_ms) that plot_peers.py draws beside ConvScope's JMH results.

Needs Debian's python3-torch and python3-opencv.

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

MODELS = os.path.join(HERE, "..", "..", "..", "shared", "data", "models")
SQUEEZENET = os.path.join(MODELS, "squeezenet_v1.0_dc")

# net, deploy prototxt, real weights (None: random), batches of the forward pass
NETS = [
    ("alexnet", os.path.join(ZOO, "bvlc_alexnet", "deploy.prototxt"), None, (1, 16)),
    ("vgg16", os.path.join(ZOO, "vgg", "VGG_ILSVRC_16_layers_deploy.prototxt"), None, (1,)),
    ("googlenet", os.path.join(ZOO, "bvlc_googlenet", "deploy.prototxt"), None, (1,)),
    ("squeezenet", os.path.join(SQUEEZENET, "SqueezeNet_deploy.prototxt"),
     os.path.join(SQUEEZENET, "squeezenet_v1.0_dc.caffemodel"), (1, 16)),
]


def parse_prototxt(text):
    """Protobuf text format to nested dicts of lists: {"layer": [{"name": ["conv1"], ...}], ...}."""
    import re
    tokens = re.findall(r'"[^"]*"|[{}:]|[^\s{}:"#]+|#[^\n]*', text)
    tokens = [t for t in tokens if not t.startswith("#")]
    pos = 0

    def message(end):
        nonlocal pos
        out = {}
        while pos < len(tokens) and tokens[pos] != end:
            key = tokens[pos]
            pos += 1
            if tokens[pos] == ":":
                pos += 1
            if tokens[pos] == "{":
                pos += 1
                value = message("}")
                pos += 1
            else:
                value = tokens[pos].strip('"')
                pos += 1
            out.setdefault(key, []).append(value)
        return out
    return message(None)


def one(msg, key, default=None, cast=int):
    v = msg.get(key)
    return cast(v[0]) if v else default


def pair(p, key, default):
    """Caffe's kernel_size / stride / pad (one value, or _h and _w)."""
    if key + "_h" in p:
        return int(p[key + "_h"][0]), int(p[key + "_w"][0])
    v = p.get(key + "_size" if key == "kernel" else key)
    return (int(v[0]), int(v[0])) if v else (default, default)


def input_shape(net):
    if "input_dim" in net:
        return [int(d) for d in net["input_dim"]]
    if "input_shape" in net:
        return [int(d) for d in net["input_shape"][0]["dim"]]
    for layer in net.get("layer", []):
        if one(layer, "type", cast=str) == "Input":
            return [int(d) for d in layer["input_param"][0]["shape"][0]["dim"]]
    raise ValueError("no input shape")


V1_TYPES = {"CONVOLUTION": "Convolution", "RELU": "ReLU", "POOLING": "Pooling", "LRN": "LRN",
            "INNER_PRODUCT": "InnerProduct", "DROPOUT": "Dropout", "SOFTMAX": "Softmax", "CONCAT": "Concat"}


def caffe_layers(net):
    """(type, name, bottoms, tops, params) of every layer that computes something (current and
    legacy V1 layouts)."""
    out = []
    for layer in net.get("layer", []) + net.get("layers", []):
        t = one(layer, "type", cast=str)
        t = V1_TYPES.get(t, t)
        if t in ("Input",):
            continue
        out.append((t, one(layer, "name", cast=str), layer.get("bottom", []), layer.get("top", []), layer))
    return out


def build(torch, proto_path):
    """A torch module running the prototxt's layers, its input shape (C, H, W), and its parameters
    as [(layer name, [(blob shape, torch tensor)])] for copying weights in and out."""
    nn = torch.nn
    net = parse_prototxt(open(proto_path).read())
    shape = input_shape(net)
    inputs = net.get("input", ["data"])
    shapes = {inputs[0]: tuple(shape[1:])}
    steps, params = [], []
    modules = nn.ModuleList()
    for t, name, bottoms, tops, layer in caffe_layers(net):
        c, h, w = shapes[bottoms[0]] if len(shapes[bottoms[0]]) == 3 else (shapes[bottoms[0]][0], 1, 1)
        if t == "Convolution":
            p = layer["convolution_param"][0]
            k, s, pad = pair(p, "kernel", 1), pair(p, "stride", 1), pair(p, "pad", 0)
            g = one(p, "group", 1)
            bias = one(p, "bias_term", "true", str) == "true"
            m = nn.Conv2d(c, one(p, "num_output"), k, s, pad, groups=g, bias=bias)
            params.append((name, [m.weight] + ([m.bias] if bias else [])))
            out = (m.out_channels, (h + 2 * pad[0] - k[0]) // s[0] + 1, (w + 2 * pad[1] - k[1]) // s[1] + 1)
        elif t == "ReLU":
            m, out = nn.ReLU(inplace=True), shapes[bottoms[0]]
        elif t == "Pooling":
            p = layer["pooling_param"][0]
            ave = one(p, "pool", "MAX", str) == "AVE"
            if one(p, "global_pooling", "false", str) == "true":
                k, s, pad = (h, w), (1, 1), (0, 0)
            else:
                k, s, pad = pair(p, "kernel", 1), pair(p, "stride", 1), pair(p, "pad", 0)
            m = (nn.AvgPool2d(k, s, pad, ceil_mode=True) if ave else nn.MaxPool2d(k, s, pad, ceil_mode=True))
            size = []
            for i, d in enumerate((h, w)):
                o = -(-(d + 2 * pad[i] - k[i]) // s[i]) + 1
                if pad[i] and (o - 1) * s[i] >= d + pad[i]:
                    o -= 1
                size.append(o)
            out = (c, size[0], size[1])
        elif t == "LRN":
            p = layer.get("lrn_param", [{}])[0]
            m = nn.LocalResponseNorm(one(p, "local_size", 5), alpha=one(p, "alpha", 1.0, float),
                                     beta=one(p, "beta", 0.75, float), k=one(p, "k", 1.0, float))
            out = shapes[bottoms[0]]
        elif t == "InnerProduct":
            p = layer["inner_product_param"][0]
            m = nn.Sequential(nn.Flatten(), nn.Linear(c * h * w, one(p, "num_output")))
            params.append((name, [m[1].weight, m[1].bias]))
            out = (m[1].out_features,)
        elif t == "Concat":
            m = None
            out = (sum(shapes[b][0] for b in bottoms),) + shapes[bottoms[0]][1:]
        elif t == "Dropout":
            m, out = nn.Identity(), shapes[bottoms[0]]
        elif t == "Softmax":
            m, out = nn.Softmax(dim=1), shapes[bottoms[0]]
        else:
            raise ValueError(f"{proto_path}: layer type {t} not handled")
        if m is not None:
            modules.append(m)
        steps.append((t, m, bottoms, tops[0]))
        shapes[tops[0]] = out

    class CaffeNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = modules

        def forward(self, x):
            blobs = {inputs[0]: x}
            for t, m, bottoms, top in steps:
                if t == "Concat":
                    blobs[top] = torch.cat([blobs[b] for b in bottoms], 1)
                else:
                    blobs[top] = m(blobs[bottoms[0]])
            return blobs[steps[-1][3]]

    return CaffeNet(), tuple(shape[1:]), params


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


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--nets", default=",".join(n[0] for n in NETS))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "results", "peers.csv"))
    args = ap.parse_args()

    import torch
    import cv2
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)
    rows = []
    for net, proto, weights, batches in NETS:
        if net not in args.nets.split(","):
            continue
        if not os.path.exists(proto):
            print(f"skipping {net}: {proto} not found", file=sys.stderr)
            continue
        model, size, params = build(torch, proto)
        model.eval()
        with tempfile.TemporaryDirectory() as tmp:
            if weights is None:
                weights = os.path.join(tmp, net + ".caffemodel")
                random_caffemodel([(name, [tuple(t.shape) for t in ts]) for name, ts in params], weights)
            cvnet = cv2.dnn.readNetFromCaffe(proto, weights)
            # PyTorch runs the same blobs as OpenCV (SqueezeNet's real weights, else the random ones)
            with torch.no_grad():
                for name, ts in params:
                    for i, t in enumerate(ts):
                        t.copy_(torch.from_numpy(np.asarray(cvnet.getParam(name, i)).reshape(t.shape)))
        model.requires_grad_(False)  # only the input needs a gradient
        reps = lambda b: max(5, args.reps // b)  # fewer repetitions of the slow batches
        for batch in batches:
            x = torch.from_numpy(np.random.default_rng(1).standard_normal((batch,) + size).astype(np.float32))
            with torch.no_grad():
                # TorchScript: the interpreter's graph traced for this input shape, then frozen
                frozen = torch.jit.freeze(torch.jit.trace(model, x).eval())
                rows.append((net, "forward", "pytorch", batch, median_ms(lambda: model(x), 3, reps(batch))))
                rows.append((net, "forward", "pytorch-torchscript", batch,
                             median_ms(lambda: frozen(x), 3, reps(batch))))
            blob_in = x.numpy()

            def cv_fwd():
                cvnet.setInput(blob_in)
                cvnet.forward()
            rows.append((net, "forward", "opencv-dnn", batch, median_ms(cv_fwd, 3, reps(batch))))
            if batch == 1:
                def fwd_bwd():
                    xi = x.clone().requires_grad_(True)
                    model(xi)[0, 0].backward()
                    return xi.grad
                assert all(not p.requires_grad for p in model.parameters())
                rows.append((net, "forward+backward", "pytorch", batch, median_ms(fwd_bwd, 2, max(5, args.reps // 2))))
        for r in rows:
            if r[0] == net:
                print(f"{r[0]:10s} {r[1]:17s} {r[2]:20s} batch {r[3]:2d} {r[4]:8.1f} ms", flush=True)

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["net", "pass", "engine", "threads", "batch", "median_ms"])
        for r in rows:
            w.writerow([r[0], r[1], r[2], args.threads, r[3], f"{r[4]:.2f}"])
    print("wrote", args.out)


if __name__ == "__main__":
    main()
