#!/usr/bin/python3
"""Attention patterns fused into modelc.attention, against float64 numpy.

    attention_test.py --modelc --modelc-run PATH --work-dir DIR

Builds small ONNX graphs of the attention pattern as exporters write it
(MatMul, a scale on q or on the scores, an optional mask Add, Softmax,
MatMul), with row counts that the register block does not divide, a single
query row, a mask of large negative values over the padding and scores
large enough that an unshifted exponential would overflow. For each: checks
that `modelc --emit=mlir` fused it into one modelc.attention, then runs
modelc-run at 1 and 2 threads and compares with the attention computed in
float64 (rtol 1e-3, atol 1e-4); the two thread counts must agree bit for
bit. Prints PASS/FAIL lines; exits 0 when everything passes.
"""

import argparse
import os
import shutil
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))

import modelc_testing  # noqa: E402


def attention_model(batch, m, n, k, d, scale_on, mask_shape):
    """The graph: q [*batch, m, k], kt [*batch, k, n], v [*batch, n, d] and
    an optional mask; SCALE_ON is "q" (Div of q by sqrt(k)) or "scores"
    (Mul of the scores by 1/sqrt(k))."""
    f = TensorProto.FLOAT
    inputs = [helper.make_tensor_value_info("q", f, batch + [m, k]),
              helper.make_tensor_value_info("kt", f, batch + [k, n]),
              helper.make_tensor_value_info("v", f, batch + [n, d])]
    nodes = []
    inits = []
    if scale_on == "q":
        inits.append(numpy_helper.from_array(
            np.array(np.sqrt(k), np.float32), "root"))
        nodes.append(helper.make_node("Div", ["q", "root"], ["qs"]))
        nodes.append(helper.make_node("MatMul", ["qs", "kt"], ["scores"]))
    else:
        inits.append(numpy_helper.from_array(
            np.array([1 / np.sqrt(k)], np.float32), "inv_root"))
        nodes.append(helper.make_node("MatMul", ["q", "kt"], ["raw"]))
        nodes.append(helper.make_node("Mul", ["raw", "inv_root"], ["scores"]))
    logits = "scores"
    if mask_shape is not None:
        inputs.append(helper.make_tensor_value_info("mask", f, mask_shape))
        nodes.append(helper.make_node("Add", ["scores", "mask"], ["masked"]))
        logits = "masked"
    nodes.append(helper.make_node("Softmax", [logits], ["p"], axis=-1))
    nodes.append(helper.make_node("MatMul", ["p", "v"], ["out"]))
    out = helper.make_tensor_value_info("out", f, batch + [m, d])
    graph = helper.make_graph(nodes, "attention", inputs, [out], inits)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    return model


def reference(q, kt, v, mask):
    s = q.astype(np.float64) @ kt.astype(np.float64) / np.sqrt(q.shape[-1])
    if mask is not None:
        s = s + mask
    s = s - s.max(axis=-1, keepdims=True)
    e = np.exp(s)
    return (e / e.sum(axis=-1, keepdims=True)) @ v.astype(np.float64)


CASES = {
    # ViT-like: 197 rows, the scale on q.
    "rows197": dict(batch=[3], m=197, n=197, k=64, d=64, scale_on="q",
                    mask_shape=None, spread=1.0),
    # BERT-like: heads, a padding mask broadcast over heads and rows, the
    # scale on the scores; 13 rows (a block of 8 and a remainder of 5).
    "masked": dict(batch=[2, 3], m=13, n=21, k=24, d=40, scale_on="scores",
                   mask_shape=[2, 1, 1, 21], spread=1.0),
    # One query row (a decoder's step), a full mask, scores near 100:
    # exp(100) overflows float32 unless the row maximum is subtracted.
    "one_row": dict(batch=[4], m=1, n=37, k=16, d=8, scale_on="q",
                    mask_shape=[1, 37], spread=40.0),
}


def write_inputs(directory, case, rng):
    c = CASES[case]
    q = rng.standard_normal(c["batch"] + [c["m"], c["k"]]).astype(np.float32)
    q *= np.float32(c["spread"])
    kt = rng.standard_normal(c["batch"] + [c["k"], c["n"]]).astype(np.float32)
    v = rng.standard_normal(c["batch"] + [c["n"], c["d"]]).astype(np.float32)
    arrays = [q, kt, v]
    mask = None
    if c["mask_shape"] is not None:
        mask = np.zeros(c["mask_shape"], np.float32)
        # The last few keys are padding.
        mask[..., -3:] = -10000.0
        arrays.append(mask)
    os.makedirs(directory)
    for i, (name, arr) in enumerate(zip(["q", "kt", "v", "mask"], arrays)):
        with open(os.path.join(directory, "input_%d.pb" % i), "wb") as f:
            f.write(numpy_helper.from_array(arr, name).SerializeToString())
    expected = reference(q, kt, v, mask).astype(np.float32)
    with open(os.path.join(directory, "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(expected, "out").SerializeToString())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc", required=True)
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    rng = np.random.default_rng(7)
    failed = 0
    for case, c in CASES.items():
        work = os.path.join(args.work_dir, case)
        os.makedirs(work)
        path = os.path.join(work, "model.onnx")
        onnx.save(attention_model(c["batch"], c["m"], c["n"], c["k"], c["d"],
                                  c["scale_on"], c["mask_shape"]), path)
        data = os.path.join(work, "data")
        write_inputs(data, case, rng)

        proc = subprocess.run(
            [args.modelc, path, "--emit=mlir", "-o",
             os.path.join(work, "graph")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
        with open(os.path.join(work, "graph.mlir")) as f:
            text = f.read()
        fused = (proc.returncode == 0 and text.count("modelc.attention") == 1
                 and "modelc.softmax" not in text)
        print("%s %s: fused into one modelc.attention" %
              ("PASS" if fused else "FAIL", case))
        failed += not fused

        outputs = []
        for threads in (1, 2):
            out = os.path.join(work, "out%d" % threads)
            rc, text = modelc_testing.run_modelc(
                args.modelc_run, path, data, out,
                extra_args=["--threads=%d" % threads])
            msg = ("modelc-run exited with %d: %s" % (rc, text) if rc else
                   modelc_testing.compare_dirs(data, out, rtol=1e-3,
                                               atol=1e-4))
            print("%s %s: %d thread(s)%s" % ("FAIL" if msg else "PASS", case,
                                             threads,
                                             ": " + msg if msg else ""))
            failed += bool(msg)
            outputs.append(os.path.join(out, "output_0.pb"))
        same = all(os.path.exists(p) for p in outputs) and \
            open(outputs[0], "rb").read() == open(outputs[1], "rb").read()
        print("%s %s: the same bits at 1 and 2 threads" %
              ("PASS" if same else "FAIL", case))
        failed += not same
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
