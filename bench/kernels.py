#!/usr/bin/python3
"""Single-layer benchmarks of modelc against this machine's limits.

    kernels.py --modelc-run PATH [--runs N] [--ort-run bench/ort_run.js]

Measures, in one run on one thread: the FMA peak (f32, the widest vectors
the machine has) and the memory bandwidth (a 256 MiB copy) with
bench/kernels/machine.c, then each layer below compiled by modelc (the
time of its kernel, the one that computes the layer's node, from
`modelc-run --profile`, the mean over the runs; the whole run's median; and
ONNX Runtime's median on the same model):

  matmul_512     512 x 512 x 512 MatMul, B constant
  conv3x3_56     ResNet-50's 3x3 layer: 1x64x56x56 -> 64, pad 1 (+ Relu,
                 then a 1x1 convolution, as in a network)
  depthwise3x3   1x144x56x56 depthwise 3x3, pad 1 (the same)
  softmax_row    Softmax over rows of 1024, 128 rows
  layernorm_row  LayerNormalization over rows of 768, 128 rows

Products and convolutions are reported in GFLOP/s and % of the FMA peak,
the row ops in GB/s (bytes read and written) and % of the copy bandwidth.
Run with Debian's /usr/bin/python3 (onnx, numpy).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ORT_RUN = os.path.join(HERE, "ort_run.js")
F32 = TensorProto.FLOAT


def make_layers():
    """[(name, model, inputs, work, unit)]: work is FLOP or bytes."""
    rng = np.random.RandomState(0)
    layers = []

    def graph(name, nodes, inputs, output_shape, inits):
        g = helper.make_graph(
            nodes, name,
            [helper.make_tensor_value_info(n, F32, list(a.shape))
             for n, a in inputs],
            [helper.make_tensor_value_info("Y", F32, output_shape)],
            [numpy_helper.from_array(a, n) for n, a in inits])
        return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])

    a = rng.randn(512, 512).astype(np.float32)
    b = rng.randn(512, 512).astype(np.float32)
    layers.append(("matmul_512",
                   graph("mm", [helper.make_node("MatMul", ["A", "B"], ["Y"],
                                                 name="matmul_512")],
                         [("A", a)], [512, 512], [("B", b)]),
                   [a], 2.0 * 512 ** 3, "flop"))
    # The convolutions are followed by a Relu and a 1x1 convolution, as in
    # a network: the layer's kernel (with its Relu) then writes
    # channels-last, not the model's NCHW output.
    def conv_layer(name, channels, group, flop):
        x = rng.randn(1, channels, 56, 56).astype(np.float32)
        w = (rng.randn(channels, channels // group, 3, 3) * 0.05).astype(
            np.float32)
        w1 = (rng.randn(channels, channels, 1, 1) * 0.05).astype(np.float32)
        nodes = [helper.make_node("Conv", ["X", "W"], ["C"], name=name,
                                  pads=[1] * 4, group=group,
                                  kernel_shape=[3, 3]),
                 helper.make_node("Relu", ["C"], ["R"], name="relu"),
                 helper.make_node("Conv", ["R", "W1"], ["Y"], name="next",
                                  kernel_shape=[1, 1])]
        layers.append((name, graph(name, nodes, [("X", x)],
                                   [1, channels, 56, 56],
                                   [("W", w), ("W1", w1)]),
                       [x], flop, "flop"))

    conv_layer("conv3x3_56", 64, 1, 2.0 * 56 * 56 * 64 * 64 * 9)
    conv_layer("depthwise3x3", 144, 144, 2.0 * 56 * 56 * 144 * 9)
    x = rng.randn(128, 1024).astype(np.float32)
    layers.append(("softmax_row",
                   graph("sm", [helper.make_node("Softmax", ["X"], ["Y"],
                                                 axis=-1, name="softmax_row")],
                         [("X", x)], [128, 1024], []),
                   [x], 2.0 * x.nbytes, "byte"))
    x = rng.randn(128, 768).astype(np.float32)
    g = rng.randn(768).astype(np.float32)
    bias = rng.randn(768).astype(np.float32)
    layers.append(("layernorm_row",
                   graph("ln", [helper.make_node(
                       "LayerNormalization", ["X", "G", "Bi"], ["Y"],
                       axis=-1, epsilon=1e-5, name="layernorm_row")],
                       [("X", x)], [128, 768], [("G", g), ("Bi", bias)]),
                   [x], 2.0 * x.nbytes, "byte"))
    return layers


def machine_limits():
    flags = open("/proc/cpuinfo").read()
    width = 64 if " avx512f" in flags else 32 if " avx2" in flags else 16
    exe = os.path.join(tempfile.mkdtemp(), "machine")
    subprocess.run(["cc", "-O2", "-march=native", "-ffp-contract=fast",
                    "-DVEC_BYTES=%d" % width,
                    os.path.join(HERE, "kernels", "machine.c"), "-o", exe],
                   check=True)
    out = subprocess.run([exe], stdout=subprocess.PIPE, check=True)
    shutil.rmtree(os.path.dirname(exe))
    return json.loads(out.stdout)


def last_json(text):
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("no JSON result in: " + text[-500:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--ort-run", default=ORT_RUN)
    args = parser.parse_args()

    limits = machine_limits()
    print("machine: FMA peak %.1f GFLOP/s (%d-bit vectors, 1 thread), "
          "copy %.1f GB/s" % (limits["fma_peak_gflops"],
                              limits["vector_bits"], limits["copy_gbs"]))
    header = ("layer", "kernel ms", "rate", "% of limit", "modelc ms",
              "ORT ms", "ratio")
    print("%-14s %10s %14s %10s %10s %10s %7s" % header)
    work_dir = tempfile.mkdtemp()
    try:
        for name, model, inputs, work, unit in make_layers():
            path = os.path.join(work_dir, name)
            os.makedirs(os.path.join(path, "in"))
            onnx.save(model, os.path.join(path, "model.onnx"))
            for k, a in enumerate(inputs):
                with open(os.path.join(path, "in", "input_%d.pb" % k),
                          "wb") as f:
                    f.write(numpy_helper.from_array(a).SerializeToString())
            common = [os.path.join(path, "model.onnx"), "--input-dir",
                      os.path.join(path, "in"), "--threads", "1",
                      "--bench", str(args.runs)]
            out = subprocess.run([args.modelc_run] + common + ["--profile"],
                                 stdout=subprocess.PIPE, check=True).stdout
            text = out.decode()
            modelc = last_json(text.split("profile:")[0])
            # The layer's kernel: the one that computes the node named after
            # the layer (the others move data between the model's NCHW
            # interface and channels-last, or run the next convolution).
            kernel_ms = None
            for line in text.split("kernel (ONNX nodes)")[1].splitlines():
                m = re.match(r"\s+([0-9.]+)\s+[0-9.]+%\s+[0-9.]+%\s+(.*)",
                             line)
                nodes = m.group(2).split(", ") if m else []
                # A convolution's kernel computes it and its Relu; the
                # transposes and pads before it and the next convolution
                # also carry its name.
                if name in nodes and "next" not in nodes and (
                        "relu" in nodes or len(nodes) == 1 and
                        "conv" not in name and "depthwise" not in name):
                    kernel_ms = max(kernel_ms or 0, float(m.group(1)))
            if kernel_ms is None:
                raise RuntimeError("%s: no kernel of node %s in the profile"
                                   % (name, name))
            ort_cmd = ([args.ort_run] if os.access(args.ort_run, os.X_OK)
                       else ["node", args.ort_run])
            ort = last_json(subprocess.run(
                ort_cmd + common, stdout=subprocess.PIPE,
                check=True).stdout.decode())
            rate = work / kernel_ms / 1e6  # GFLOP/s or GB/s
            limit = (limits["fma_peak_gflops"] if unit == "flop"
                     else limits["copy_gbs"])
            print("%-14s %10.4f %9.1f %s %9.0f%% %10.4f %10.4f %7.2f" % (
                name, kernel_ms, rate, "GFLOP/s" if unit == "flop" else
                "GB/s   ", 100 * rate / limit, modelc["median_ms"],
                ort["median_ms"], modelc["median_ms"] / ort["median_ms"]),
                flush=True)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
