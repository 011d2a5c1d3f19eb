#!/usr/bin/env python3
"""QDQ models (QuantizeLinear / DequantizeLinear around float ops) on the
int8 kernels, against ONNX Runtime running the same files.

Usage: qdq_test.py --modelc-run PATH --work-dir DIR --ort-run JS

Each case writes a small model in the QDQ format of ONNX Runtime's
quantize_static: a float input quantized to u8, every Conv and MatMul
between DequantizeLinear of its u8 activations and of its constant s8
weights (symmetric, one scale per output channel, axis 0 for a Conv's
weights and 1 for a MatMul's) with an int32 bias dequantized at
x_scale * w_scale, followed by a QuantizeLinear; MaxPool, Relu and a
residual Add between pairs too. The scales come from ranges measured with
numpy on the case's input, as a calibration would. modelc folds the pairs
into ops on quantized types (modelc-fold-qdq) and runs them on its int8
kernels; ONNX Runtime runs its own QDQ fusions. The outputs are u8 and must
agree within one quantization step (the int8 tolerance: the two may round
an intermediate value at an exact half differently). Without --ort-run the
test has no reference and fails.
"""

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import modelc_testing  # noqa: E402

RNG = np.random.default_rng(23)


class Builder:
    """Writes a QDQ graph, tracking the float values to calibrate it."""

    def __init__(self, x):
        self.nodes, self.inits = [], []
        self.count = 0
        self.values = {"x": x}

    def name(self, prefix):
        self.count += 1
        return "%s%d" % (prefix, self.count)

    def const(self, value, prefix):
        name = self.name(prefix)
        self.inits.append(numpy_helper.from_array(value, name))
        return name

    def quantize(self, value_name, value):
        """QuantizeLinear to u8 over the value's range, then
        DequantizeLinear; returns the dequantized name and value."""
        lo, hi = min(float(value.min()), 0.0), max(float(value.max()), 0.0)
        scale = np.float32((hi - lo) / 255 or 1.0)
        zp = np.uint8(np.clip(np.rint(-lo / scale), 0, 255))
        s, z = self.const(scale, "s"), self.const(zp, "z")
        q, dq = self.name("q"), self.name("dq")
        self.nodes.append(helper.make_node("QuantizeLinear",
                                           [value_name, s, z], [q]))
        self.nodes.append(helper.make_node("DequantizeLinear", [q, s, z],
                                           [dq]))
        quant = np.clip(np.rint(value / scale) + zp, 0, 255)
        self.last_q = q
        return dq, ((quant - zp) * scale).astype(np.float32), scale

    def weights(self, w, axis):
        """Symmetric s8 per channel along AXIS, dequantized."""
        reduce = tuple(i for i in range(w.ndim) if i != axis)
        scale = (np.abs(w).max(axis=reduce) / 127).astype(np.float32)
        shape = [1] * w.ndim
        shape[axis] = -1
        wq = np.clip(np.rint(w / scale.reshape(shape)), -127, 127).astype(
            np.int8)
        s = self.const(scale, "ws")
        z = self.const(np.zeros(scale.shape, np.int8), "wz")
        dq = self.name("wdq")
        self.nodes.append(helper.make_node(
            "DequantizeLinear", [self.const(wq, "w"), s, z], [dq], axis=axis))
        return dq, (wq * scale.reshape(shape)).astype(np.float32), scale

    def bias(self, b, x_scale, w_scale):
        scale = (np.float32(x_scale) * w_scale).astype(np.float32)
        bq = np.rint(b / scale).astype(np.int32)
        dq = self.name("bdq")
        self.nodes.append(helper.make_node(
            "DequantizeLinear",
            [self.const(bq, "b"), self.const(scale, "bs"),
             self.const(np.zeros(scale.shape, np.int32), "bz")], [dq],
            axis=0))
        return dq, (bq * scale).astype(np.float32)


def conv_np(x, w, b, pads):
    n, c, h, wd = x.shape
    m, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pads, pads), (pads, pads)))
    oh, ow = h + 2 * pads - kh + 1, wd + 2 * pads - kw + 1
    y = np.zeros((n, m, oh, ow), np.float64)
    for i in range(kh):
        for j in range(kw):
            y += np.einsum("nchw,mc->nmhw", xp[:, :, i:i + oh, j:j + ow],
                           w[:, :, i, j])
    return (y + b.reshape(1, -1, 1, 1)).astype(np.float32)


def qconv(g, x_name, x, x_scale, c_out, k, relu=False):
    """DQ'd conv (+ relu) of the dequantized X, then Q and DQ."""
    c = x.shape[1]
    w = (RNG.standard_normal((c_out, c, k, k)) / np.sqrt(c * k * k)).astype(
        np.float32)
    b = (RNG.standard_normal(c_out) * 0.1).astype(np.float32)
    w_name, w_val, w_scale = g.weights(w, 0)
    b_name, b_val = g.bias(b, x_scale, w_scale)
    y_name = g.name("conv")
    g.nodes.append(helper.make_node("Conv", [x_name, w_name, b_name],
                                    [y_name], kernel_shape=[k, k],
                                    pads=[k // 2] * 4))
    y = conv_np(x, w_val, b_val, k // 2)
    if relu:
        r = g.name("relu")
        g.nodes.append(helper.make_node("Relu", [y_name], [r]))
        y_name, y = r, np.maximum(y, 0)
    return g.quantize(y_name, y)


def case_conv():
    x = RNG.standard_normal((1, 16, 12, 12)).astype(np.float32)
    g = Builder(x)
    dq, xv, s = g.quantize("x", x)
    qconv(g, dq, xv, s, 32, 3)
    return g, x


def case_conv_relu_pool_conv():
    x = RNG.standard_normal((1, 8, 16, 16)).astype(np.float32)
    g = Builder(x)
    dq, xv, s = g.quantize("x", x)
    dq, yv, s = qconv(g, dq, xv, s, 32, 3, relu=True)
    p = g.name("pool")
    g.nodes.append(helper.make_node("MaxPool", [dq], [p], kernel_shape=[2, 2],
                                    strides=[2, 2]))
    pv = yv.reshape(1, 32, 8, 2, 8, 2).max(axis=(3, 5))
    dq, pv, s = g.quantize(p, pv)
    qconv(g, dq, pv, s, 48, 1)
    return g, x


def case_residual():
    x = RNG.standard_normal((1, 32, 10, 10)).astype(np.float32)
    g = Builder(x)
    dq0, xv, s0 = g.quantize("x", x)
    dq1, y1, s1 = qconv(g, dq0, xv, s0, 32, 3, relu=True)
    dq2, y2, s2 = qconv(g, dq1, y1, s1, 32, 3)
    a = g.name("add")
    g.nodes.append(helper.make_node("Add", [dq2, dq0], [a]))
    g.quantize(a, y2 + xv)
    return g, x


def case_matmul():
    x = RNG.standard_normal((2, 6, 64)).astype(np.float32)
    g = Builder(x)
    dq, xv, s = g.quantize("x", x)
    w = (RNG.standard_normal((64, 40)) / 8).astype(np.float32)
    w_name, w_val, _ = g.weights(w, 1)
    y = g.name("mm")
    g.nodes.append(helper.make_node("MatMul", [dq, w_name], [y]))
    g.quantize(y, xv @ w_val)
    return g, x


CASES = {
    "qdq_conv": case_conv,
    "qdq_conv_relu_pool_conv": case_conv_relu_pool_conv,
    "qdq_residual": case_residual,
    "qdq_matmul": case_matmul,
}


def save_model(path, g, x):
    graph = helper.make_graph(
        g.nodes, "qdq",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info(g.last_q, TensorProto.UINT8, None)],
        g.inits)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, path)


def run_case(args, name, make):
    g, x = make()
    case_dir = os.path.join(args.work_dir, name)
    os.makedirs(case_dir, exist_ok=True)
    model = os.path.join(case_dir, "model.onnx")
    save_model(model, g, x)
    inputs = os.path.join(case_dir, "inputs")
    os.makedirs(inputs, exist_ok=True)
    with open(os.path.join(inputs, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(x, "x").SerializeToString())
    got = {}
    for tool, runner in (("modelc-run", args.modelc_run),
                         ("ONNX Runtime", args.ort_run)):
        outputs = os.path.join(case_dir, "outputs-" + tool.replace(" ", "-"))
        rc, out = modelc_testing.run_modelc(runner, model, inputs, outputs)
        if rc != 0:
            return "%s failed (%d): %s" % (tool, rc, out.strip())
        got[tool] = modelc_testing.load_tensor(
            os.path.join(outputs, "output_0.pb")).astype(np.int64)
    ours, theirs = got["modelc-run"], got["ONNX Runtime"]
    if ours.shape != theirs.shape:
        return "shape %s, ONNX Runtime %s" % (ours.shape, theirs.shape)
    diff = np.abs(ours - theirs)
    if diff.max() > 1:
        return "%d of %d elements differ from ONNX Runtime's by more than " \
               "one step (at most %d)" % (int((diff > 1).sum()), diff.size,
                                          int(diff.max()))
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--ort-run", required=True,
                        help="bench/ort_run.js: ONNX Runtime, the reference")
    args = parser.parse_args()
    failures = 0
    for name, make in CASES.items():
        message = run_case(args, name, make)
        print("%-28s %s" % (name, "ok" if message is None else
                            "FAILED: " + message))
        failures += message is not None
    print("%d of %d cases passed" % (len(CASES) - failures, len(CASES)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
