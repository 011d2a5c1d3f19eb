#!/usr/bin/env python3
"""QLinearConv and QLinearMatMul with constant weights, on the int8 kernels.

Usage: qoperator_test.py --modelc-run PATH --work-dir DIR [--ort-run JS]

Each case builds a small QOperator model (u8 activations, s8 weights
quantized symmetrically per tensor or per output channel, an int32 bias:
what ONNX Runtime's quantize_static writes), which modelc imports onto
quantized types and computes with its int8 product in groups of four
(vpdpbusd where the machine has it; each case also runs compiled for
AVX2 without VNNI, --mcpu=x86-64-v3, whose widening multiplies must give
the same results, and, where the CPU has AVX-VNNI, for --mcpu=alderlake:
ymm vpdpbusd without AVX-512). The reference is the ONNX definition
evaluated with numpy: the integer sums exactly, the requantization
round(acc * (x_scale * w_scale / y_scale)) + y_zero_point in float32, as
ONNX Runtime computes it; modelc must match it exactly. With --ort-run
(bench/ort_run.js) ONNX Runtime runs each model too and must agree with
the reference within one quantization step (its rounding of the
multiplier may differ at exact halves), except in the cases of an int8
result from uint8 activations, which ONNX allows and ONNX Runtime has no
kernel for ("Could not find an implementation for QLinearConv(10)"): the
same numpy reference, checked against ONNX Runtime in the other cases,
judges them.

The cases cover the shapes the kernels split differently (channels and K
that four does not divide, odd widths, strides, dilations, asymmetric
pads, few and many output channels), depthwise convolutions (linalg's
depthwise convolution of the u8 input flipped to s8, into i32) and
adversarial values: all-255
activations times all-127 or all -128 weights over a long reduction, whose
sums saturate a 16-bit intermediate (vpmaddubsw) but not int32, weights
whose pairs just fit vpmaddubsw's int16 (the one-pass form of the AVX2 and
AVX-512BW kernels) times the activations that reach its bounds, and
multipliers that saturate the result at both ends. Each case runs on this
machine's kernel, on those of older x86 CPUs (--mcpu: AVX2, AVX-512BW
without VNNI, the SSE2 baseline) and with the activations flipped to s8
(--int8-products=signed, the form of aarch64's sdot, whose instructions
test/Driver/target.test checks).
"""

import argparse
import os
import platform
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import modelc_testing  # noqa: E402

RNG = np.random.default_rng(17)


def cpu_flags():
    """The flags of /proc/cpuinfo's first processor (empty elsewhere)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def requantize(acc, multiplier, zero_point, dtype):
    info = np.iinfo(dtype)
    y = np.rint(acc.astype(np.float32) * multiplier.astype(np.float32))
    y = y + np.float32(zero_point)
    return np.clip(y, info.min, info.max).astype(dtype)


def conv_reference(x, xs, xzp, w, ws, b, ys, yzp, ydtype, strides, pads,
                   dilations, group=1):
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    xi = x.astype(np.int64) - xzp
    xi = np.pad(xi, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (wd + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    acc = np.zeros((n, m, oh, ow), np.int64)
    for i in range(kh):
        for j in range(kw):
            patch = xi[:, :,
                       i * dilations[0]:i * dilations[0] + strides[0] * oh:strides[0],
                       j * dilations[1]:j * dilations[1] + strides[1] * ow:strides[1]]
            for g in range(group):  # each group's channels by its filters
                mg = m // group
                acc[:, g * mg:(g + 1) * mg] += np.einsum(
                    "nchw,mc->nmhw", patch[:, g * cg:(g + 1) * cg],
                    w[g * mg:(g + 1) * mg, :, i, j].astype(np.int64))
    if b is not None:
        acc += b.reshape(1, m, 1, 1)
    assert np.abs(acc).max() < 2**31
    mult = (np.float32(xs) * ws.astype(np.float32)) / np.float32(ys)
    return requantize(acc, mult.reshape(1, -1, 1, 1), yzp, ydtype)


def matmul_reference(a, azp, b, as_, bs, ys, yzp, ydtype):
    acc = (a.astype(np.int64) - azp) @ b.astype(np.int64)
    mult = (np.float32(as_) * bs.astype(np.float32)) / np.float32(ys)
    return requantize(acc, mult, yzp, ydtype)


def scalar(name, value, dtype):
    return numpy_helper.from_array(np.array(value, dtype), name)


def conv_case(c, m, h, w, k=(3, 3), strides=(1, 1), pads=(1, 1, 1, 1),
              dilations=(1, 1), per_channel=True, bias=True, ydtype=np.uint8,
              x=None, weight=None, xs=0.02, ys=None, xzp=None, yzp=None,
              group=1):
    if x is None:
        x = RNG.integers(0, 256, (1, c, h, w), dtype=np.uint8)
    if weight is None:
        weight = RNG.integers(-128, 128, (m, c // group) + tuple(k),
                              dtype=np.int8)
    xzp = int(RNG.integers(90, 140)) if xzp is None else xzp
    ws = (RNG.uniform(0.002, 0.01, m) if per_channel
          else np.array([0.005])).astype(np.float32)
    b = RNG.integers(-5000, 5000, m, dtype=np.int32) if bias else None
    # A y_scale that spreads the sums over the result's range.
    if ys is None:
        ys = float(xs * 0.005 * 128 * np.sqrt(c // group * k[0] * k[1]) / 40)
    if yzp is None:
        yzp = 128 if ydtype == np.uint8 else 0
    inits = [scalar("x_scale", xs, np.float32),
             scalar("x_zero_point", xzp, np.uint8),
             numpy_helper.from_array(weight, "w"),
             numpy_helper.from_array(ws if per_channel else ws.reshape(()),
                                     "w_scale"),
             numpy_helper.from_array(
                 np.zeros(ws.shape if per_channel else (), np.int8),
                 "w_zero_point"),
             scalar("y_scale", ys, np.float32),
             scalar("y_zero_point", yzp, ydtype)]
    inputs = ["x", "x_scale", "x_zero_point", "w", "w_scale", "w_zero_point",
              "y_scale", "y_zero_point"]
    if bias:
        inits.append(numpy_helper.from_array(b, "b"))
        inputs.append("b")
    node = helper.make_node("QLinearConv", inputs, ["y"],
                            kernel_shape=list(k), strides=list(strides),
                            pads=list(pads), dilations=list(dilations),
                            group=group)
    expected = conv_reference(x, xs, xzp, weight,
                              ws if per_channel else np.full(m, ws[0]), b, ys,
                              yzp, ydtype, strides, pads, dilations, group)
    return [node], inits, x, expected


def matmul_case(shape_a, n, per_column=True, ydtype=np.uint8):
    k = shape_a[-1]
    a = RNG.integers(0, 256, shape_a, dtype=np.uint8)
    b = RNG.integers(-128, 128, (k, n), dtype=np.int8)
    azp = int(RNG.integers(100, 150))
    as_ = 0.03
    bs = (RNG.uniform(0.002, 0.01, n) if per_column
          else np.array([0.004])).astype(np.float32)
    ys = float(as_ * 0.005 * 128 * np.sqrt(k) / 40)
    yzp = 128 if ydtype == np.uint8 else -3
    inits = [scalar("a_scale", as_, np.float32),
             scalar("a_zero_point", azp, np.uint8),
             numpy_helper.from_array(b, "b"),
             numpy_helper.from_array(bs if per_column else bs.reshape(()),
                                     "b_scale"),
             numpy_helper.from_array(
                 np.zeros(bs.shape if per_column else (), np.int8),
                 "b_zero_point"),
             scalar("y_scale", ys, np.float32),
             scalar("y_zero_point", yzp, ydtype)]
    node = helper.make_node(
        "QLinearMatMul",
        ["x", "a_scale", "a_zero_point", "b", "b_scale", "b_zero_point",
         "y_scale", "y_zero_point"], ["y"])
    expected = matmul_reference(a, azp, b, as_,
                                bs if per_column else np.full(n, bs[0]), ys,
                                yzp, ydtype)
    return [node], inits, a, expected


def chained_case():
    """QLinearConv -> MaxPool (on uint8) -> QLinearConv: no float between."""
    nodes1, inits1, x, y1 = conv_case(16, 32, 12, 12, ys=0.05, yzp=100)
    nodes2, inits2, _, _ = conv_case(32, 24, 6, 6, k=(1, 1), pads=(0, 0, 0, 0),
                                     xs=0.05, xzp=100, bias=False)
    rename = {}
    for init in inits2:
        rename[init.name] = init.name + "_2"
        init.name += "_2"
    # The second conv's activation parameters are the first's output ones.
    inits2 = [i for i in inits2
              if i.name not in ("x_scale_2", "x_zero_point_2")]
    conv2 = nodes2[0]
    pool = helper.make_node("MaxPool", ["y1"], ["p"], kernel_shape=[2, 2],
                            strides=[2, 2])
    nodes1[0].output[0] = "y1"
    conv2.input[:] = ["p", "y_scale", "y_zero_point"] + [
        rename[n] for n in conv2.input[3:]]
    pooled = y1.reshape(1, 32, 6, 2, 6, 2).max(axis=(3, 5))
    w2 = numpy_helper.to_array(next(i for i in inits2 if i.name == "w_2"))
    ws2 = numpy_helper.to_array(next(i for i in inits2 if i.name == "w_scale_2"))
    ys2 = float(numpy_helper.to_array(
        next(i for i in inits2 if i.name == "y_scale_2")))
    expected = conv_reference(pooled, 0.05, 100, w2, ws2, None, ys2, 128,
                              np.uint8, (1, 1), (0, 0, 0, 0), (1, 1))
    return nodes1 + [pool, conv2], inits1 + inits2, x, expected


def adversarial_cases():
    c = 256  # K = 2304 with a 3x3 filter
    x = np.full((1, c, 6, 6), 255, np.uint8)
    high = np.full((40, c, 3, 3), 127, np.int8)
    low = np.full((40, c, 3, 3), -128, np.int8)
    mixed = np.where(RNG.random((40, c, 3, 3)) < 0.5, 127, -128).astype(np.int8)
    alternating = np.where(np.arange(c)[None, :, None, None] % 2 == 0, 127,
                           -128) * np.ones((40, c, 3, 3))
    alternating = alternating.astype(np.int8)
    sixty_four = np.where(RNG.random((40, c, 3, 3)) < 0.5, 64,
                          -64).astype(np.int8)
    return {
        # 255 * 127 * 2304 = 74.6 M: exact in int32, far past int16.
        "adversarial_max": conv_case(c, 40, 6, 6, x=x, weight=high, xzp=0,
                                     ys=0.02 * 0.005 * 255 * 127 * 2304 / 200,
                                     yzp=0, bias=False, per_channel=False),
        "adversarial_min": conv_case(c, 40, 6, 6, x=x, weight=low, xzp=0,
                                     ys=0.02 * 0.005 * 255 * 128 * 2304 / 100,
                                     ydtype=np.int8, bias=False,
                                     per_channel=False),
        "adversarial_mixed": conv_case(c, 40, 6, 6, x=x, weight=mixed, xzp=0,
                                       ys=0.02 * 0.005 * 200, bias=False,
                                       per_channel=False),
        # A multiplier that saturates most results at both ends.
        "saturating": conv_case(32, 48, 7, 7, ys=0.0005),
        # Weights whose pairs (input channels 2i, 2i + 1) just fit
        # vpmaddubsw's int16 sums, so that the AVX2 and AVX-512BW kernels
        # take one pass without splitting the activations: 127 beside -128
        # times activations whose pairs are (255, 0) or (0, 255) reach
        # 32385 and -32640; 64 or -64 times all-255 reaches +-32640.
        "adversarial_pairs_fit": conv_case(
            c, 40, 6, 6, weight=alternating, xzp=0, bias=False,
            x=np.where(RNG.random((1, c, 6, 6)) < 0.5, 255, 0).astype(np.uint8),
            ys=0.02 * 0.005 * 255 * 128 * 48 / 50, per_channel=False),
        "adversarial_pairs_64": conv_case(
            c, 40, 6, 6, x=x, weight=sixty_four, xzp=0, bias=False,
            ys=0.02 * 0.005 * 255 * 64 * 48 / 50, per_channel=False),
    }


def cases():
    out = {
        "conv3x3": conv_case(16, 32, 14, 14),
        "conv3x3_many_channels": conv_case(64, 96, 10, 10),
        "conv1x1": conv_case(64, 256, 7, 7, k=(1, 1), pads=(0, 0, 0, 0)),
        "conv_3_channels_stride2": conv_case(3, 8, 9, 11, strides=(2, 2),
                                             per_channel=False, bias=False),
        "conv5x5_dilated_asymmetric": conv_case(12, 20, 13, 15, k=(5, 5),
                                                pads=(2, 1, 3, 4),
                                                dilations=(2, 1)),
        "conv_int8_result": conv_case(24, 40, 9, 9, ydtype=np.int8),
        "conv_odd_channels": conv_case(10, 19, 8, 23, k=(3, 1),
                                       pads=(1, 0, 1, 0)),
        # Depthwise: linalg's depthwise convolution of s8 (the u8 input
        # flipped by its top bit) into i32.
        "depthwise3x3": conv_case(48, 48, 12, 12, group=48),
        "depthwise3x3_stride2_odd": conv_case(40, 40, 11, 13, strides=(2, 2),
                                              group=40, per_channel=False),
        "depthwise5x5_asymmetric": conv_case(24, 24, 9, 10, k=(5, 5),
                                             pads=(2, 1, 1, 2), group=24,
                                             bias=False),
        "depthwise_int8_result": conv_case(16, 16, 8, 8, group=16,
                                           ydtype=np.int8),
        "depthwise_all_255": conv_case(
            32, 32, 6, 6, group=32, xzp=0,
            x=np.full((1, 32, 6, 6), 255, np.uint8),
            weight=np.full((32, 1, 3, 3), -128, np.int8)),
        "matmul_2d": matmul_case((5, 37), 19),
        "matmul_2d_wide": matmul_case((16, 128), 96, per_column=False),
        "matmul_3d": matmul_case((2, 7, 64), 48, ydtype=np.int8),
        "chained_conv_pool_conv": chained_case(),
    }
    out.update(adversarial_cases())
    return out


def save_model(path, nodes, inits, x, expected):
    x_type = (TensorProto.UINT8 if x.dtype == np.uint8 else TensorProto.INT8)
    y_type = (TensorProto.UINT8 if expected.dtype == np.uint8
              else TensorProto.INT8)
    graph = helper.make_graph(
        nodes, "qoperator",
        [helper.make_tensor_value_info("x", x_type, x.shape)],
        [helper.make_tensor_value_info("y", y_type, expected.shape)], inits)
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, path)


def run_case(args, name, nodes, inits, x, expected):
    case_dir = os.path.join(args.work_dir, name)
    os.makedirs(case_dir, exist_ok=True)
    model = os.path.join(case_dir, "model.onnx")
    save_model(model, nodes, inits, x, expected)
    inputs = os.path.join(case_dir, "inputs")
    os.makedirs(inputs, exist_ok=True)
    with open(os.path.join(inputs, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(x, "x").SerializeToString())
    tools = [("modelc-run", args.modelc_run, [], 0),
             # The activations flipped to s8 with 128 x each filter's sum
             # in the bias, as aarch64's sdot takes them (here computed by
             # widening multiplies).
             ("modelc-run --int8-products=signed", args.modelc_run,
              ["--int8-products=signed"], 0)]
    if platform.machine() in ("x86_64", "AMD64"):
        # AVX2 without VNNI: vpmaddubsw and vpmaddwd instead of vpdpbusd.
        tools.append(("modelc-run --mcpu=x86-64-v3", args.modelc_run,
                      ["--mcpu=x86-64-v3"], 0))
        # AVX-512BW without VNNI: the same in zmm.
        if "avx512bw" in cpu_flags():
            tools.append(("modelc-run --mcpu=skylake-avx512", args.modelc_run,
                          ["--mcpu=skylake-avx512"], 0))
        # The x86-64 baseline (SSE2): widening multiplies.
        tools.append(("modelc-run --mcpu=x86-64", args.modelc_run,
                      ["--mcpu=x86-64"], 0))
        # AVX-VNNI without AVX-512 (ymm vpdpbusd), where the CPU has it.
        if "avx_vnni" in cpu_flags():
            tools.append(("modelc-run --mcpu=alderlake", args.modelc_run,
                          ["--mcpu=alderlake"], 0))
    if args.ort_run and x.dtype == expected.dtype:
        tools.append(("ONNX Runtime", args.ort_run, [], 1))
    for tool, runner, extra, steps in tools:
        outputs = os.path.join(case_dir, "outputs-" + tool.replace(" ", "-"))
        rc, out = modelc_testing.run_modelc(runner, model, inputs, outputs,
                                            extra)
        if rc != 0:
            return "%s failed (%d): %s" % (tool, rc, out.strip())
        files = modelc_testing.numbered_files(outputs, "output")
        if len(files) != 1:
            return "%s: %d outputs, expected 1" % (tool, len(files))
        got = modelc_testing.load_tensor(files[0])
        if got.dtype != expected.dtype or got.shape != expected.shape:
            return "%s: %s %s, expected %s %s" % (
                tool, got.dtype, got.shape, expected.dtype, expected.shape)
        diff = np.abs(got.astype(np.int64) - expected.astype(np.int64))
        if diff.max() > steps:
            where = np.unravel_index(np.argmax(diff), diff.shape)
            return "%s: %d elements differ by more than %d step(s); at %s " \
                   "%d, expected %d" % (tool, int((diff > steps).sum()), steps,
                                        where, got[where], expected[where])
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--ort-run",
                        help="bench/ort_run.js: also check the references "
                             "against ONNX Runtime")
    parser.add_argument("--filter", default="",
                        help="run the cases whose name contains this")
    args = parser.parse_args()
    failures = 0
    all_cases = cases()
    for name, (nodes, inits, x, expected) in all_cases.items():
        if args.filter not in name:
            continue
        message = run_case(args, name, nodes, inits, x, expected)
        print("%-28s %s" % (name, "ok" if message is None else
                            "FAILED: " + message))
        failures += message is not None
    print("%d of %d cases passed" % (len(all_cases) - failures,
                                     len(all_cases)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
