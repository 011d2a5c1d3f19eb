#!/usr/bin/env python3
"""Operators added or changed after opset 17, against ONNX Runtime as the
oracle.

Usage: new_ops_test.py --modelc-run PATH --ort-run JS --work-dir DIR

ONNX's library (1.12) knows opsets up to 17; modelc computes the new
operators by the opset-17 nodes they expand into, and rewrites the inputs
and attributes that later opsets added to older operators into their
opset-17 form (lib/Importer/ONNX/NewerOpsets.cpp). Each case is a small
model of the operator's opset
(written with onnx 1.12's helper, which does not check opsets it does not
know) on seeded inputs; ONNX Runtime (bench/ort_run.js) computes the
expected outputs, and modelc-run must match them with the backend
tolerances (rtol 1e-3, atol 1e-7), except where ONNX Runtime itself is
further from the exact value (numpy's float64 evaluation of the
definition) than modelc: such elements (GELU's tanh form for x < -4,
where ONNX Runtime computes 1 + tanh in f32 and loses up to 0.5 % to the
cancellation) are counted and shown, never more than ONNX Runtime's own
error. The last cases check the errors for malformed nodes.
"""

import argparse
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import modelc_testing  # noqa: E402

RNG = np.random.default_rng(23)


def model(nodes, inputs, opset, inits=(), output_shape=None,
          output_type=TensorProto.FLOAT):
    """NODES of OPSET reading the arrays INPUTS ({name: array}) into "y"."""
    graph = helper.make_graph(
        nodes, "new_op",
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, a.shape)
         for name, a in inputs.items()],
        [helper.make_tensor_value_info("y", output_type, output_shape)],
        list(inits))
    m = helper.make_model(graph,
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8 if opset <= 18 else 10
    return m


def const(name, values, dtype):
    return numpy_helper.from_array(np.array(values, dtype), name)


def erf(x):
    return np.vectorize(math.erf)(x)


def reference(node, opset, feeds, inits):
    """numpy's float64 evaluation of NODE's definition at OPSET."""
    x = feeds[node.input[0]].astype(np.float64)
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    consts = {t.name: numpy_helper.to_array(t).astype(np.float64)
              for t in inits}
    if node.op_type == "Mish":
        return x * np.tanh(np.log1p(np.exp(x)))
    if node.op_type == "Gelu":
        if attrs.get("approximate", b"none") == b"tanh":
            return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) *
                                          (x + 0.044715 * x ** 3)))
        return 0.5 * x * (1 + erf(x / np.sqrt(2)))
    if node.op_type == "RMSNormalization":
        axis = attrs.get("axis", -1) % x.ndim
        mean = np.mean(x * x, axis=tuple(range(axis, x.ndim)), keepdims=True)
        return x / np.sqrt(mean + attrs.get("epsilon", 1e-5)) * \
            consts[node.input[1]]
    if node.op_type == "GroupNormalization":
        g = attrs["num_groups"]
        n, c = x.shape[:2]
        xg = x.reshape(n, g, -1)
        xg = (xg - xg.mean(axis=2, keepdims=True)) / np.sqrt(
            xg.var(axis=2, keepdims=True) + attrs.get("epsilon", 1e-5))
        s, b = consts[node.input[1]], consts[node.input[2]]
        if opset < 21:
            return (xg * s[:, None] + b[:, None]).reshape(x.shape)
        shape = (c,) + (1,) * (x.ndim - 2)
        return xg.reshape(x.shape) * s.reshape(shape) + b.reshape(shape)
    raise ValueError(node.op_type)


def cases():
    x = RNG.standard_normal((2, 6, 5, 4)).astype(np.float32) * 3
    seq = RNG.standard_normal((2, 7, 16)).astype(np.float32)
    out = {}
    out["mish"] = model([helper.make_node("Mish", ["x"], ["y"])],
                        {"x": x * 4}, 18)
    for approximate in ("none", "tanh"):
        out["gelu_" + approximate] = model(
            [helper.make_node("Gelu", ["x"], ["y"], approximate=approximate)],
            {"x": x}, 20)
    out["gelu_default"] = model([helper.make_node("Gelu", ["x"], ["y"])],
                                {"x": x}, 20)
    # Changed operators.
    for red in ("max", "min"):
        out["scatter_elements_" + red] = model(
            [helper.make_node("ScatterElements", ["x", "i", "u"], ["y"],
                              axis=2, reduction=red)], {"x": x}, 18,
            [const("i", RNG.integers(0, 5, (2, 6, 3, 4)), np.int64),
             const("u", RNG.standard_normal((2, 6, 3, 4)), np.float32)])
        out["scatter_nd_" + red] = model(
            [helper.make_node("ScatterND", ["x", "i", "u"], ["y"],
                              reduction=red)], {"x": x}, 18,
            [const("i", [[0, 1], [1, 2], [0, 1]], np.int64),
             const("u", RNG.standard_normal((3, 5, 4)), np.float32)])
    out["resize_18_defaults"] = model(
        [helper.make_node("Resize", ["x", "", "s"], ["y"], mode="linear",
                          antialias=0, keep_aspect_ratio_policy="stretch")],
        {"x": x}, 18, [const("s", [1, 1, 2, 1.5], np.float32)])
    out["resize_18_axes_scales"] = model(
        [helper.make_node("Resize", ["x", "", "s"], ["y"], mode="nearest",
                          axes=[3, -2])],
        {"x": x}, 18, [const("s", [2, 1.5], np.float32)])
    out["resize_18_axes_sizes"] = model(
        [helper.make_node("Resize", ["x", "", "", "z"], ["y"], mode="linear",
                          axes=[2, 3])],
        {"x": x}, 18, [const("z", [7, 3], np.int64)])
    out["pad_18_axes"] = model(
        [helper.make_node("Pad", ["x", "p", "", "a"], ["y"])], {"x": x}, 18,
        [const("p", [1, 2, 0, 1], np.int64), const("a", [1, -1], np.int64)])
    out["pad_19_wrap"] = model(
        [helper.make_node("Pad", ["x", "p"], ["y"], mode="wrap")], {"x": x},
        19, [const("p", [0, 0, 1, 2, 0, 0, 3, 1], np.int64)])
    out["cast_19_saturate"] = model(
        [helper.make_node("Cast", ["x"], ["y"], to=TensorProto.FLOAT16,
                          saturate=1)], {"x": x}, 19,
        output_type=TensorProto.FLOAT16)
    out["reduce_max_20"] = model(
        [helper.make_node("ReduceMax", ["x", "a"], ["y"], keepdims=0)],
        {"x": x}, 20, [const("a", [1, 3], np.int64)])
    scale16 = numpy_helper.from_array(
        RNG.uniform(0.5, 1.5, 16).astype(np.float32), "scale")
    for name, axis, eps in (("rms_norm_last", -1, None),
                            ("rms_norm_axis_minus2", -2, 1e-3),
                            ("rms_norm_axis1", 1, None)):
        attrs = {"axis": axis}
        if eps is not None:
            attrs["epsilon"] = eps
        scale = scale16 if axis == -1 else numpy_helper.from_array(
            RNG.uniform(0.5, 1.5, (7, 16)).astype(np.float32), "scale")
        out[name] = model(
            [helper.make_node("RMSNormalization", ["x", "scale"], ["y"],
                              **attrs)], {"x": seq}, 23, [scale])
    for groups in (3, 6, 1):
        for opset in (18, 21):
            n = groups if opset == 18 else 6
            out["group_norm_%d_groups_opset%d" % (groups, opset)] = model(
                [helper.make_node("GroupNormalization", ["x", "s", "b"],
                                  ["y"], num_groups=groups, epsilon=1e-4)],
                {"x": x}, opset,
                [numpy_helper.from_array(
                    RNG.uniform(0.5, 1.5, n).astype(np.float32), "s"),
                 numpy_helper.from_array(
                     RNG.standard_normal(n).astype(np.float32), "b")])
    return out, {"x": x, "seq": seq}


def error_cases():
    x = {"x": np.zeros((2, 4, 3), np.float32)}
    x4 = {"x": np.zeros((1, 2, 4, 4), np.float32)}
    return {
        "resize_18_antialias": (
            model([helper.make_node("Resize", ["x", "", "s"], ["y"],
                                    mode="linear", antialias=1)], x4, 18,
                  [const("s", [1, 1, 0.5, 0.5], np.float32)]),
            "has antialias = 1"),
        "lppool_18_ceil_mode": (
            model([helper.make_node("LpPool", ["x"], ["y"], kernel_shape=[3, 3],
                                    ceil_mode=1)], x4, 18),
            "has ceil_mode = 1, which modelc does not support yet"),
        "average_pool_19_dilations": (
            model([helper.make_node("AveragePool", ["x"], ["y"],
                                    kernel_shape=[2, 2], dilations=[2, 2])],
                  x4, 19),
            "has dilations other than 1"),
        "cast_19_float8": (
            model([helper.make_node("Cast", ["x"], ["y"], to=17)], x, 19),
            "has a cast to a float8 type"),
        "gelu_bad_approximate": (
            model([helper.make_node("Gelu", ["x"], ["y"],
                                    approximate="fast")], x, 20),
            "approximate is 'fast'; the operator takes 'none' or 'tanh'"),
        "group_norm_no_groups": (
            model([helper.make_node("GroupNormalization", ["x", "s", "b"],
                                    ["y"])], x, 18,
                  [numpy_helper.from_array(np.ones(2, np.float32), "s"),
                   numpy_helper.from_array(np.ones(2, np.float32), "b")]),
            "needs the attribute num_groups"),
        "group_norm_string_epsilon": (
            model([helper.make_node("GroupNormalization", ["x", "s", "b"],
                                    ["y"], num_groups=2, epsilon="small")],
                  x, 21,
                  [numpy_helper.from_array(np.ones(4, np.float32), "s"),
                   numpy_helper.from_array(np.ones(4, np.float32), "b")]),
            "attribute 'epsilon' has the wrong type (STRING, expected FLOAT)"),
        "rms_norm_one_input": (
            model([helper.make_node("RMSNormalization", ["x"], ["y"])], x,
                  23),
            "has 1 inputs; the operator takes 2"),
        "rms_norm_positive_axis_unknown_rank": (
            model([helper.make_node("Relu", ["x"], ["r"]),
                   helper.make_node("RMSNormalization", ["r", "s"], ["y"],
                                    axis=1)], x, 23,
                  [numpy_helper.from_array(np.ones(3, np.float32), "s")]),
            "has axis 1 but its input 'r' declares no shape"),
    }


def write_inputs(directory, arrays, names):
    os.makedirs(directory, exist_ok=True)
    for i, name in enumerate(names):
        with open(os.path.join(directory, "input_%d.pb" % i), "wb") as f:
            f.write(numpy_helper.from_array(arrays[name], name)
                    .SerializeToString())


def run_case(args, name, m, arrays):
    case = os.path.join(args.work_dir, name)
    os.makedirs(case, exist_ok=True)
    path = os.path.join(case, "model.onnx")
    onnx.save(m, path)
    names = [i.name for i in m.graph.input]
    inputs = os.path.join(case, "inputs")
    feeds = {n: arrays["seq" if n == "x" and "rms" in name else n]
             for n in names}
    write_inputs(inputs, feeds, names)
    rc, out = modelc_testing.run_modelc(args.ort_run, path, inputs,
                                        os.path.join(case, "ort"), [])
    if rc != 0:
        return "ONNX Runtime failed (%d): %s" % (rc, out.strip()[-300:])
    rc, out = modelc_testing.run_modelc(args.modelc_run, path, inputs,
                                        os.path.join(case, "modelc"), [])
    if rc != 0:
        return "modelc-run failed (%d): %s" % (rc, out.strip()[-300:])
    expected = modelc_testing.load_tensor(
        os.path.join(case, "ort", "output_0.pb"))
    got = modelc_testing.load_tensor(
        os.path.join(case, "modelc", "output_0.pb"))
    if expected.shape != got.shape or expected.dtype != got.dtype:
        return modelc_testing.compare_arrays(expected, got, 1e-3, 1e-7)
    if expected.dtype != np.float32:
        return modelc_testing.compare_arrays(expected, got, 1e-3, 1e-7)
    far = np.abs(got - expected.astype(np.float64)) > \
        1e-7 + 1e-3 * np.abs(expected)
    if not far.any():
        return None
    node = next(n for n in m.graph.node if n.op_type != "Constant")
    exact = reference(node, m.opset_import[0].version, feeds,
                      m.graph.initializer)
    # Elements where ONNX Runtime is further from the exact value.
    ort_worse = far & (np.abs(expected - exact) >= np.abs(got - exact))
    if (far & ~ort_worse).any():
        return modelc_testing.compare_arrays(expected, got, 1e-3, 1e-7)
    if ort_worse.any():
        return "ok (%d elements where ONNX Runtime is further from the " \
            "exact value: up to %.2g, modelc %.2g)" % (
                int(ort_worse.sum()),
                float(np.abs(expected - exact)[ort_worse].max()),
                float(np.abs(got - exact)[ort_worse].max()))
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--ort-run", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    failures = 0
    models, arrays = cases()
    for name, m in models.items():
        problem = run_case(args, name, m, arrays)
        if problem and problem.startswith("ok "):
            print("%-40s %s" % (name, problem))
            continue
        print("%-40s %s" % (name, "ok" if not problem else
                            "FAILED: " + problem))
        failures += problem is not None
    for name, (m, message) in error_cases().items():
        case = os.path.join(args.work_dir, name)
        os.makedirs(case, exist_ok=True)
        path = os.path.join(case, "model.onnx")
        onnx.save(m, path)
        modelc = os.path.join(os.path.dirname(args.modelc_run), "modelc")
        problems = modelc_testing.expect_errors(
            modelc, path, os.path.join(case, "e"),
            (([], message),))
        print("%-40s %s" % (name, "ok" if not problems else
                            "FAILED: " + "; ".join(problems)))
        failures += bool(problems)
    print("%d of %d cases passed" % (len(models) + len(error_cases()) -
                                     failures,
                                     len(models) + len(error_cases())))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
