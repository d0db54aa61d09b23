#!/usr/bin/env python3
"""Makes the golden outputs of nn's GoldenTest with OpenCV's dnn module (an independent Caffe
implementation).

1. Runs GoldenTest#writeCases, which writes, for each case, the built-in net's prototxt (at a small
   input size), a caffemodel of seeded random weights written by ConvScope, and the seeded input.
2. Runs each net in OpenCV (cv2.dnn.readNetFromCaffe) and stores the chosen blobs as float32 .npy
   files in nn/src/test/resources/golden/.

Usage, from the repository root, with Debian's python3-opencv and python3-numpy:
    /usr/bin/python3 nn/src/test/python/make_goldens.py [--skip-java WORKDIR]
"""
import os
import subprocess
import sys
import tempfile

import cv2
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
GOLDEN = os.path.join(ROOT, "nn", "src", "test", "resources", "golden")


def write_cases(work):
    subprocess.run(["mvn", "-B", "-q", "-o", "-pl", "nn", "-am", "test",
                    "-Dtest=GoldenTest#writeCases", "-Dsurefire.failIfNoSpecifiedTests=false",
                    "-Dconvscope.goldens.write=" + work], cwd=ROOT, check=True)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--skip-java":
        work = sys.argv[2]
    else:
        work = tempfile.mkdtemp(prefix="convscope-goldens-")
        write_cases(work)
    os.makedirs(GOLDEN, exist_ok=True)
    with open(os.path.join(work, "cases.txt")) as f:
        cases = [line.split() for line in f if line.strip()]
    for name, blobs in cases:
        blobs = blobs.split(",")
        net = cv2.dnn.readNetFromCaffe(os.path.join(work, name + ".prototxt"),
                                       os.path.join(work, name + ".caffemodel"))
        net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
        net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
        x = np.load(os.path.join(work, name + "_input.npy")).astype(np.float32)
        net.setInput(x)
        outs = net.forward(blobs)
        for blob, out in zip(blobs, outs):
            out = np.ascontiguousarray(out, dtype=np.float32)
            path = os.path.join(GOLDEN, name + "_" + blob.replace("/", "_") + ".npy")
            np.save(path, out)
            print("%-10s %-22s %-16s max|x| %.4g  -> %s" % (name, blob, out.shape, np.abs(out).max(),
                                                           os.path.relpath(path, ROOT)))


if __name__ == "__main__":
    main()
