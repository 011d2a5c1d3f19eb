#!/usr/bin/env python3
"""Operators whose definition changed in opset 18, in opset-18 models.

Usage: opset18_test.py --modelc-run PATH --work-dir DIR [--ort-run JS]

ONNX's library (1.12) knows opsets up to 17; modelc rewrites these nodes
into their opset-17 form with the same meaning (lib/Importer/ONNX/
NewerOpsets.cpp). Each case builds a small opset-18 model, runs it with
modelc-run and compares with numpy's evaluation of the opset-18 definition
(rtol 1e-3, atol 1e-7); with --ort-run (bench/ort_run.js) ONNX Runtime
runs each model too and must match the same references, which checks
them. The last case checks the error for axes that are not constants.
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

RNG = np.random.default_rng(18)
X = RNG.standard_normal((2, 3, 4, 5)).astype(np.float32)


def reduce_case(op, axes, keepdims, noop=None, axes_as="initializer"):
    """A one-node model: OP of X with AXES (None: no axes input)."""
    nodes, inits, inputs = [], [], ["x"]
    if axes is not None:
        if axes_as == "initializer":
            inits.append(numpy_helper.from_array(
                np.array(axes, np.int64), "axes"))
        else:  # a Constant node
            nodes.append(helper.make_node(
                "Constant", [], ["axes"],
                value=numpy_helper.from_array(np.array(axes, np.int64))))
        inputs.append("axes")
    attrs = {"keepdims": keepdims}
    if noop is not None:
        attrs["noop_with_empty_axes"] = noop
    nodes.append(helper.make_node(op, inputs, ["y"], **attrs))
    return nodes, inits


def reference_reduce(op, axes, keepdims, noop):
    if not axes:
        if noop:
            # No reduction, but the elementwise part of it, as ONNX Runtime
            # (and ONNX's reference implementation) computes it.
            with np.errstate(invalid="ignore"):
                return {
                    "ReduceL1": np.abs, "ReduceL2": np.abs,
                    "ReduceSumSquare": lambda x: x * x,
                    "ReduceLogSum": np.log,
                }.get(op, lambda x: x)(X)
        axes = list(range(X.ndim))
    a = tuple(axes)
    x = X.astype(np.float64)
    with np.errstate(invalid="ignore"):
        return _reduce(op, x, a, keepdims).astype(np.float32)


def _reduce(op, x, a, keepdims):
    f = {
        "ReduceMean": lambda: np.mean(x, axis=a, keepdims=keepdims),
        "ReduceMax": lambda: np.max(x, axis=a, keepdims=keepdims),
        "ReduceMin": lambda: np.min(x, axis=a, keepdims=keepdims),
        "ReduceProd": lambda: np.prod(x, axis=a, keepdims=keepdims),
        "ReduceL1": lambda: np.sum(np.abs(x), axis=a, keepdims=keepdims),
        "ReduceL2": lambda: np.sqrt(np.sum(x * x, axis=a,
                                           keepdims=keepdims)),
        # log of the sum (NaN where the sum is negative, as ONNX defines).
        "ReduceLogSum": lambda: np.log(np.sum(x, axis=a, keepdims=keepdims)),
        "ReduceLogSumExp": lambda: np.log(np.sum(np.exp(x), axis=a,
                                                 keepdims=keepdims)),
        "ReduceSumSquare": lambda: np.sum(x * x, axis=a, keepdims=keepdims),
    }[op]
    return f()


def save_model(path, nodes, inits, outputs):
    graph = helper.make_graph(
        nodes, "opset18",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, X.shape)],
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, None)
         for name in outputs],
        inits)
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 8
    onnx.save(model, path)


def run_case(args, name, nodes, inits, expected):
    case_dir = os.path.join(args.work_dir, name)
    os.makedirs(case_dir, exist_ok=True)
    model = os.path.join(case_dir, "model.onnx")
    save_model(model, nodes, inits, ["y%d" % i if len(expected) > 1 else "y"
                                      for i in range(len(expected))])
    inputs = os.path.join(case_dir, "inputs")
    os.makedirs(inputs, exist_ok=True)
    with open(os.path.join(inputs, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(X, "x").SerializeToString())
    tools = [("modelc-run", args.modelc_run)]
    if args.ort_run:
        tools.append(("ONNX Runtime", args.ort_run))
    for tool, runner in tools:
        outputs = os.path.join(case_dir, "outputs-" + tool.replace(" ", "-"))
        rc, out = modelc_testing.run_modelc(runner, model, inputs, outputs)
        if rc != 0:
            return "%s failed (%d): %s" % (tool, rc, out.strip())
        files = modelc_testing.numbered_files(outputs, "output")
        if len(files) != len(expected):
            return "%s: %d outputs, expected %d" % (tool, len(files),
                                                    len(expected))
        for k, (path, want) in enumerate(zip(files, expected)):
            got = modelc_testing.load_tensor(path)
            message = modelc_testing.compare_arrays(want, got, 1e-3, 1e-7)
            if message:
                return "%s output %d: %s" % (tool, k, message)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--ort-run",
                        help="bench/ort_run.js: also check the references "
                             "against ONNX Runtime")
    args = parser.parse_args()
    os.makedirs(args.work_dir, exist_ok=True)

    cases = []
    for op in ["ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
               "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp",
               "ReduceSumSquare"]:
        cases.append((op + "_axes", op, [1, -1], 1, None, "initializer"))
    cases += [
        ("ReduceMean_constant_node", "ReduceMean", [2], 0, None, "constant"),
        ("ReduceMax_no_axes", "ReduceMax", None, 1, None, "initializer"),
        ("ReduceL2_no_axes_noop", "ReduceL2", None, 0, 1, "initializer"),
        ("ReduceMean_empty_axes", "ReduceMean", [], 0, 0, "initializer"),
        ("ReduceSumSquare_empty_axes_noop", "ReduceSumSquare", [], 1, 1,
         "initializer"),
        ("ReduceL1_no_axes_noop", "ReduceL1", None, 1, 1, "initializer"),
        ("ReduceLogSum_no_axes_noop", "ReduceLogSum", None, 1, 1,
         "initializer"),
        ("ReduceMin_no_axes_noop", "ReduceMin", None, 1, 1, "initializer"),
    ]
    failures = 0
    for name, op, axes, keepdims, noop, axes_as in cases:
        nodes, inits = reduce_case(op, axes, keepdims, noop, axes_as)
        expected = [reference_reduce(op, axes, keepdims, noop)]
        message = run_case(args, name, nodes, inits, expected)
        print("%-34s %s" % (name, message or "ok"))
        failures += message is not None

    # Split with num_outputs (opset 18): three equal parts of axis 1 (3
    # channels), and two of axis 2.
    for name, axis, n in [("Split_num_outputs_axis1", 1, 3),
                          ("Split_num_outputs_axis2", 2, 2)]:
        outs = ["y%d" % i for i in range(n)]
        nodes = [helper.make_node("Split", ["x"], outs, axis=axis,
                                  num_outputs=n)]
        expected = list(np.split(X, n, axis=axis))
        message = run_case(args, name, nodes, [], expected)
        print("%-34s %s" % (name, message or "ok"))
        failures += message is not None

    # Axes that are not constants: a clear error naming the node.
    case_dir = os.path.join(args.work_dir, "ReduceMean_runtime_axes")
    os.makedirs(case_dir, exist_ok=True)
    model = os.path.join(case_dir, "model.onnx")
    graph = helper.make_graph(
        [helper.make_node("ReduceMean", ["x", "axes"], ["y"],
                          name="mean_of_runtime_axes")], "opset18",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, X.shape),
         helper.make_tensor_value_info("axes", TensorProto.INT64, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    m.ir_version = 8
    onnx.save(m, model)
    inputs = os.path.join(case_dir, "inputs")
    os.makedirs(inputs, exist_ok=True)
    for k, (arr, n) in enumerate([(X, "x"),
                                  (np.array([1], np.int64), "axes")]):
        with open(os.path.join(inputs, "input_%d.pb" % k), "wb") as f:
            f.write(numpy_helper.from_array(arr, n).SerializeToString())
    rc, out = modelc_testing.run_modelc(args.modelc_run, model, inputs,
                                        os.path.join(case_dir, "outputs"))
    wanted = ("ReduceMean node 'mean_of_runtime_axes' (opset 18) takes its "
              "axes from 'axes', which is not a constant")
    ok = rc != 0 and wanted in out
    print("%-34s %s" % ("ReduceMean_runtime_axes",
                        "ok" if ok else "expected the error '%s', got (%d) %s"
                        % (wanted, rc, out.strip())))
    failures += not ok

    if failures:
        print("%d case(s) failed" % failures)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
