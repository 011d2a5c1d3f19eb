#!/usr/bin/env python3
"""modelc --quantize=int8's accuracy guard, its report and the calibration
methods.

Usage: guard_test.py --modelc PATH --modelc-run PATH --work-dir DIR

Two seeded MLP classifiers (MatMul-Relu-MatMul-Relu-MatMul, 16 rows of 10
classes), calibrated on 4 inputs and judged on 2 held-out ones:
  - "outlier": one unit of the first hidden layer is 10^4 times larger than
    the others (and read 10^4 times smaller), so that its u8 range rounds
    every other unit to zero: int8 ruins the model (--accuracy-budget=off:
    SQNR < 10 dB against float). With the default budget the guard returns
    the two layers around that activation to float, names them and the
    activation in its messages and the JSON report (--quant-report), keeps
    the last layer in int8, and the held-out SQNR is back over 25 dB;
    --eval-dir with expected outputs (labels) and --accuracy-budget=top1:5
    judges top-1 accuracy of float and int8 against them;
  - "plain": minmax, percentile and entropy calibration each give a held-out
    SQNR over 25 dB; their tables name the method, their ranges lie inside
    minmax's, and a second calibration gives the same table;
  - wrong options fail with a message naming the problem.
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import modelc_testing  # noqa: E402

ROWS, IN, HIDDEN, CLASSES = 32, 32, 64, 4


def weights(rng, outlier):
    w1 = rng.standard_normal((IN, HIDDEN)) / np.sqrt(IN)
    w2 = rng.standard_normal((HIDDEN, HIDDEN)) / np.sqrt(HIDDEN)
    w3 = rng.standard_normal((HIDDEN, CLASSES)) / np.sqrt(HIDDEN)
    if outlier:
        w1[:, 0] *= 1e4
        w2[0, :] *= 1e-4
    return [w.astype(np.float32) for w in (w1, w2, w3)]


def forward(ws, x):
    h = np.maximum(x @ ws[0], 0)
    h2 = np.maximum(h @ ws[1], 0)
    return h2 @ ws[2]


def write_case(work, name, rng, outlier):
    ws = weights(rng, outlier)
    node = helper.make_node
    nodes = [node("MatMul", ["x", "w1"], ["m1"], name="fc1"),
             node("Relu", ["m1"], ["h"], name="relu1"),
             node("MatMul", ["h", "w2"], ["m2"], name="fc2"),
             node("Relu", ["m2"], ["h2"], name="relu2"),
             node("MatMul", ["h2", "w3"], ["y"], name="fc3")]
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, (ROWS, IN))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                       (ROWS, CLASSES))],
        [numpy_helper.from_array(w, "w%d" % (i + 1))
         for i, w in enumerate(ws)])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    d = os.path.join(work, name)
    os.makedirs(d, exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))
    for i in range(6):
        sub = ("calib/test_data_set_%d" % i if i < 4
               else "eval/test_data_set_%d" % i)
        os.makedirs(os.path.join(d, sub), exist_ok=True)
        x = rng.standard_normal((ROWS, IN)).astype(np.float32)
        with open(os.path.join(d, sub, "input_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(x, "x").SerializeToString())
        if i >= 4:  # labels: the classes of the float function
            labels = forward(ws, x.astype(np.float64)).argmax(-1)
            with open(os.path.join(d, sub, "output_0.pb"), "wb") as f:
                f.write(numpy_helper.from_array(labels.astype(np.int64), "y")
                        .SerializeToString())
    return d


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=600)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def sqnr(ref, got):
    noise = np.linalg.norm(ref - got)
    return float("inf") if noise == 0 else \
        20 * np.log10(np.linalg.norm(ref) / noise)


def held_out_sqnr(args, d, extra, tag):
    """The least SQNR of the int8 build (EXTRA options) against the float
    one over the held-out inputs."""
    model = os.path.join(d, "model.onnx")
    worst = float("inf")
    for k in (4, 5):
        inputs = os.path.join(d, "eval", "test_data_set_%d" % k)
        outs = []
        for opts, sub in (([], "f"), (extra, "q")):
            o = os.path.join(d, "out-%s-%s-%d" % (tag, sub, k))
            rc, out = modelc_testing.run_modelc(args.modelc_run, model,
                                                inputs, o, list(opts))
            if rc != 0:
                raise RuntimeError("modelc-run failed (%d): %s" % (rc, out))
            outs.append(modelc_testing.load_tensor(
                os.path.join(o, "output_0.pb")))
        worst = min(worst, sqnr(outs[0], outs[1]))
    return worst


def layer(report, name):
    return next(x for x in report["layers"] if x["name"] == name)


def check_outlier(args, d):
    model = os.path.join(d, "model.onnx")
    calib = "--calibration-dir=" + os.path.join(d, "calib")
    problems = []
    # Without the guard, int8 ruins the model.
    off = ["--quantize=int8", calib, "--accuracy-budget=off"]
    s = held_out_sqnr(args, d, off, "off")
    print("  --accuracy-budget=off: held-out SQNR %.1f dB" % s)
    if s >= 10:
        problems.append("the outlier model was expected to lose to int8 "
                        "(SQNR %.1f dB >= 10 dB): the test proves nothing" % s)
    # With the default budget the guard returns fc1 and fc2.
    report_path = os.path.join(d, "report.json")
    rc, out = run([args.modelc, model, "--quantize=int8", calib,
                   "--quant-report=" + report_path, "-o",
                   os.path.join(d, "m")])
    print("  " + out.strip().replace("\n", "\n  "))
    if rc != 0:
        return problems + ["the guarded build failed: " + out]
    if "returns to float: fc1, fc2 (activation 'h'" not in out:
        problems.append("the guard's message does not name fc1, fc2 and "
                        "activation 'h'")
    with open(report_path) as f:
        report = json.load(f)
    if report.get("format") != "modelc-quant-report-1":
        problems.append("the report's format is %r" % report.get("format"))
    for name in ("fc1", "fc2"):
        x = layer(report, name)
        if x["precision"] != "float" or "accuracy guard" not in x["reason"] \
                or "'h'" not in x["reason"]:
            problems.append("report: %s is %s (%s), expected float returned "
                            "by the guard for 'h'" %
                            (name, x["precision"], x["reason"]))
    fc3 = layer(report, "fc3")
    if fc3["precision"] != "int8" or not fc3.get("kernel"):
        problems.append("report: fc3 should stay int8 with its kernel: %r"
                        % fc3)
    h = layer(report, "fc1")["output"]
    if not (h["channel_sqnr_db"] is not None and h["channel_sqnr_db"] < 3
            and h["sqnr_db"] > 20):
        problems.append("report: activation 'h' should keep its tensor SQNR "
                        "and lose its per-channel one: %r" % h)
    steps = report["guard"]["steps"]
    if len(steps) != 2 or steps[0]["holds"] or not steps[1]["holds"] or \
            steps[0]["returned"] != ["fc1", "fc2"] or \
            report["guard"]["result"] != "holds":
        problems.append("report: unexpected guard steps %r" % report["guard"])
    s = held_out_sqnr(args, d, ["--quantize=int8", calib], "guard")
    print("  default budget: held-out SQNR %.1f dB" % s)
    if s < 25:
        problems.append("guarded held-out SQNR %.1f dB < 25 dB" % s)
    # Judged on the held-out inputs and their labels.
    rc, out = run([args.modelc, model, "--quantize=int8", calib,
                   "--eval-dir=" + os.path.join(d, "eval"),
                   "--accuracy-budget=top1:5", "--quant-report=" + report_path,
                   "-o", os.path.join(d, "m")])
    if rc != 0:
        return problems + ["--eval-dir build failed: " + out]
    with open(report_path) as f:
        report = json.load(f)
    y = report["outputs"][0]
    print("  --eval-dir: float top-1 %.2f %%, int8 %.2f %%" %
          (y.get("float_accuracy", -1), y.get("int8_accuracy", -1)))
    if y.get("float_accuracy") != 100.0 or \
            y.get("int8_accuracy", 0) < 95 or \
            report["guard"]["inputs"] != 2 or \
            report["guard"]["result"] != "holds":
        problems.append("--eval-dir: expected float 100 %%, int8 >= 95 %% "
                        "on 2 inputs: %r, %r" % (report["guard"], y))
    return problems


def check_methods(args, d):
    model = os.path.join(d, "model.onnx")
    calib = "--calibration-dir=" + os.path.join(d, "calib")
    problems = []
    tables = {}
    for method in ("minmax", "percentile:99.9", "entropy"):
        table = os.path.join(d, "table-%s.json" % method)
        opts = ["--quantize=int8", calib, "--calibration-method=" + method,
                "--calibration-table=" + table, "--accuracy-budget=off"]
        s = held_out_sqnr(args, d, opts, method)
        print("  %s: held-out SQNR %.1f dB" % (method, s))
        if s < 25:
            problems.append("%s: held-out SQNR %.1f dB < 25 dB" % (method, s))
        with open(table) as f:
            tables[method] = json.load(f)
        if tables[method]["method"] != method:
            problems.append("%s: the table says method %r" %
                            (method, tables[method]["method"]))
        rc, out = run([args.modelc, model, "--emit=qdq", "-o",
                       os.path.join(d, "again")] + opts[:3] +
                      ["--calibration-table=" + table + ".again"])
        with open(table + ".again") as f:
            if rc != 0 or json.load(f) != tables[method]:
                problems.append("%s: a second calibration gives another "
                                "table" % method)
    ranges = tables["minmax"]["tensors"]
    for method in ("percentile:99.9", "entropy"):
        for name, (lo, hi) in tables[method]["tensors"].items():
            if lo < ranges[name][0] or hi > ranges[name][1]:
                problems.append("%s: range of %s [%g, %g] outside minmax's"
                                % (method, name, lo, hi))
    narrower = sum(tables["entropy"]["tensors"][n][1] < ranges[n][1]
                   for n in ranges)
    if narrower == 0:
        problems.append("entropy clipped no range")
    return problems


def check_errors(args, d):
    model = os.path.join(d, "model.onnx")
    calib = "--calibration-dir=" + os.path.join(d, "calib")
    return modelc_testing.expect_errors(
        args.modelc, model, os.path.join(d, "e"), (
            (["--quantize=int8", calib, "--calibration-method=kl"],
             "is not one of minmax, percentile[:P], entropy"),
            (["--quantize=int8", calib, "--calibration-method=percentile:30"],
             "the percentile must be a number in (50, 100]"),
            (["--quantize=int8", calib, "--accuracy-budget=snr:20"],
             "'snr:20' is not sqnr:DB"),
            (["--quantize=int8", "--calibration-table=x.json",
              "--calibration-method=entropy"],
             "--calibration-method needs --calibration-dir"),
            (["--eval-dir=" + d], "go with --quantize=int8"),
            (["--quantize=int8", calib, "--eval-dir=" + d + "/none"],
             "--eval-dir folder '%s/none' has no input_0.pb" % d)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc", required=True)
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(17)
    failures = 0
    for name, outlier, check in (("outlier", True, check_outlier),
                                 ("plain", False, check_methods)):
        d = write_case(args.work_dir, name, rng, outlier)
        print(name)
        problems = check(args, d)
        if name == "plain":
            problems += check_errors(args, d)
        for p in problems:
            print("  FAILED: " + p)
        print("  " + ("ok" if not problems else "FAILED"))
        failures += bool(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
