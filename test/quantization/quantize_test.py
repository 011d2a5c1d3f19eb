#!/usr/bin/env python3
"""modelc --quantize=int8 on float models: calibration, accuracy, the
calibration table, --emit=qdq against ONNX Runtime, exclusions, errors.

Usage: quantize_test.py --modelc PATH --modelc-run PATH --work-dir DIR
                        [--ort-run JS]

Three small float models with seeded weights (a CNN: Conv-Relu-MaxPool-
Conv-Relu-Conv, a residual Add, GlobalAveragePool, MatMul; an MLP: MatMul-
Relu-MatMul; linear layers as exporters write them: MatMul-Add-Relu and a
Gemm with transB and bias; a SqueezeNet fire module, whose Concat and
MaxPool must stay int8) are calibrated on 4 seeded inputs (test_data_set_* folders) and
judged on 2 held-out ones:
  - the int8 build's outputs against the float build's: SQNR >= 25 dB;
  - the calibration table is written, and a build from it alone (no
    calibration data) gives the same bytes;
  - --emit=qdq writes the QDQ model; with --ort-run ONNX Runtime runs it
    and agrees with modelc's int8 build (rtol 1e-3, atol 1e-4: the last
    MatMul, whose result is the graph's output, stays float in both; for
    the linear layers 30 dB: ONNX Runtime computes a MatMul followed by its
    bias Add in float);
  - --quant-exclude keeps the named node (or operator type) in float;
  - wrong uses fail with a message naming the problem.
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


def const(name, a):
    return numpy_helper.from_array(a.astype(np.float32), name)


def cnn(rng):
    c = 16
    inits = [
        const("w1", rng.standard_normal((c, 3, 3, 3)) / np.sqrt(27)),
        const("b1", rng.standard_normal(c) * 0.1),
        const("w2", rng.standard_normal((c, c, 3, 3)) / np.sqrt(9 * c)),
        const("b2", rng.standard_normal(c) * 0.1),
        const("w3", rng.standard_normal((c, c, 1, 1)) / np.sqrt(c)),
        const("b3", rng.standard_normal(c) * 0.1),
        const("wf", rng.standard_normal((c, 10)) / np.sqrt(c))]
    node = helper.make_node
    nodes = [
        node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1] * 4, name="conv1"),
        node("Relu", ["c1"], ["r1"], name="relu1"),
        node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2],
             name="pool1"),
        node("Conv", ["p1", "w2", "b2"], ["c2"], pads=[1] * 4, name="conv2"),
        node("Relu", ["c2"], ["r2"], name="relu2"),
        node("Conv", ["r2", "w3", "b3"], ["c3"], name="conv3"),
        node("Add", ["c3", "p1"], ["a3"], name="add3"),
        node("Relu", ["a3"], ["r3"], name="relu3"),
        node("GlobalAveragePool", ["r3"], ["g"], name="gap"),
        node("Flatten", ["g"], ["f"], name="flatten"),
        node("MatMul", ["f", "wf"], ["y"], name="fc")]
    return nodes, inits, (1, 3, 32, 32), (1, 10), 4


def mlp(rng):
    inits = [const("w1", rng.standard_normal((64, 96)) / 8),
             const("w2", rng.standard_normal((96, 24)) / np.sqrt(96))]
    node = helper.make_node
    nodes = [node("MatMul", ["x", "w1"], ["h"], name="fc1"),
             node("Relu", ["h"], ["r"], name="relu1"),
             node("MatMul", ["r", "w2"], ["y"], name="fc2")]
    return nodes, inits, (8, 64), (8, 24), 2


def linear(rng):
    """Linear layers as exporters write them: MatMul then Add of the bias
    (then Relu), and a Gemm (transB) with its bias."""
    inits = [const("w1", rng.standard_normal((64, 96)) / 8),
             const("b1", rng.standard_normal(96) * 0.1),
             const("w2", rng.standard_normal((24, 96)) / np.sqrt(96)),
             const("b2", rng.standard_normal(24) * 0.1)]
    node = helper.make_node
    nodes = [node("MatMul", ["x", "w1"], ["m1"], name="fc1"),
             node("Add", ["m1", "b1"], ["a1"], name="bias1"),
             node("Relu", ["a1"], ["r1"], name="relu1"),
             node("Gemm", ["r1", "w2", "b2"], ["y"], transB=1, name="fc2")]
    return nodes, inits, (8, 64), (8, 24), 2


def fire(rng):
    """A SqueezeNet fire module: two expand convolutions concatenated, then
    a MaxPool, then a convolution: the Concat and the MaxPool stay int8
    (their inputs share the Concat's scale)."""
    inits = [const("ws", rng.standard_normal((8, 16, 1, 1)) / 4),
             const("w1", rng.standard_normal((16, 8, 1, 1)) / 3),
             const("w3", rng.standard_normal((16, 8, 3, 3)) / 8),
             const("wn", rng.standard_normal((10, 32, 1, 1)) / 6)]
    node = helper.make_node
    nodes = [node("Conv", ["x", "ws"], ["s"], name="squeeze"),
             node("Relu", ["s"], ["sr"], name="squeeze_relu"),
             node("Conv", ["sr", "w1"], ["e1"], name="expand1x1"),
             node("Relu", ["e1"], ["e1r"], name="expand1x1_relu"),
             node("Conv", ["sr", "w3"], ["e3"], pads=[1] * 4, name="expand3x3"),
             node("Relu", ["e3"], ["e3r"], name="expand3x3_relu"),
             node("Concat", ["e1r", "e3r"], ["cat"], axis=1, name="concat"),
             node("MaxPool", ["cat"], ["pool"], kernel_shape=[2, 2],
                  strides=[2, 2], name="pool"),
             node("Conv", ["pool", "wn"], ["y"], name="next")]
    return nodes, inits, (1, 16, 12, 12), (1, 10, 6, 6), 4


def write_case(work, name, make, rng):
    nodes, inits, in_shape, out_shape, count = make(rng)
    d = os.path.join(work, name)
    os.makedirs(d, exist_ok=True)
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, in_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, out_shape)],
        inits)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, os.path.join(d, "model.onnx"))
    for i in range(6):
        sub = ("calib/test_data_set_%d" % i) if i < 4 else "held%d" % i
        os.makedirs(os.path.join(d, sub), exist_ok=True)
        x = rng.standard_normal(in_shape).astype(np.float32)
        with open(os.path.join(d, sub, "input_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(x, "x").SerializeToString())
    return d, count


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=600)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def output_of(runner, model, inputs, outputs, extra=()):
    rc, out = modelc_testing.run_modelc(runner, model, inputs, outputs,
                                        list(extra))
    if rc != 0:
        raise RuntimeError("%s failed (%d): %s" % (runner, rc, out.strip()))
    return modelc_testing.load_tensor(os.path.join(outputs, "output_0.pb"))


def sqnr(ref, got):
    noise = np.linalg.norm(ref - got)
    return float("inf") if noise == 0 else \
        20 * np.log10(np.linalg.norm(ref) / noise)


def check_case(args, d, count, exact_ort=True):
    model = os.path.join(d, "model.onnx")
    table = os.path.join(d, "table.json")
    quant = ["--quantize=int8", "--calibration-dir=" + os.path.join(d, "calib"),
             "--calibration-table=" + table]
    problems = []
    for held in ("held4", "held5"):
        inputs = os.path.join(d, held)
        f = output_of(args.modelc_run, model, inputs, os.path.join(d, "of"))
        q = output_of(args.modelc_run, model, inputs, os.path.join(d, "oq"),
                      quant)
        s = sqnr(f, q)
        print("    %s: SQNR of int8 against float %.1f dB" % (held, s))
        if s < 25:
            problems.append("%s: SQNR %.1f dB < 25 dB" % (held, s))
        # The table alone gives the same build.
        again = output_of(args.modelc_run, model, inputs,
                          os.path.join(d, "ot"),
                          ["--quantize=int8", "--calibration-table=" + table])
        if not np.array_equal(q, again):
            problems.append("the build from the calibration table differs")
        if args.ort_run:
            qdq = os.path.join(d, "qdq")
            rc, out = run([args.modelc, model, "--quantize=int8",
                           "--calibration-table=" + table, "--emit=qdq",
                           "-o", qdq])
            if rc != 0:
                problems.append("--emit=qdq failed: " + out.strip())
                continue
            o = output_of(args.ort_run, qdq + ".onnx", inputs,
                          os.path.join(d, "oo"))
            if exact_ort:
                message = modelc_testing.compare_arrays(o, q, 1e-3, 1e-4)
                if message:
                    problems.append("ONNX Runtime on the QDQ model: " +
                                    message)
            elif sqnr(o, q) < 30:
                # ONNX Runtime computes a MatMul whose bias Add sits
                # between it and its QuantizeLinear in float, modelc in
                # int8 with the bias in int32: one step apart at most.
                problems.append("ONNX Runtime on the QDQ model: %.1f dB "
                                "from modelc's int8 (< 30 dB)" % sqnr(o, q))
    with open(table) as f:
        data = json.load(f)
    if data.get("format") != "modelc-calibration-1" or not data["tensors"]:
        problems.append("the calibration table is not what was expected")
    # The report counts the nodes; an exclusion keeps one in float.
    rc, out = run([args.modelc, model, "-o", os.path.join(d, "m")] + quant)
    if rc != 0 or ("quantized %d of %d layers" % (count, count)) not in out:
        problems.append("expected 'quantized %d of %d layers': %s" % (count, count, out))
    first = next(n.name for n in onnx.load(model).graph.node
                 if n.op_type in ("Conv", "MatMul", "Gemm"))
    rc, out = run([args.modelc, model, "-o", os.path.join(d, "m"),
                   "--quant-exclude=" + first] + quant)
    if rc != 0 or ("quantized %d of %d layers" % (count - 1, count)) not in out:
        problems.append("--quant-exclude=%s: %s" % (first, out))
    return problems


def check_linear_report(args, d):
    """The Gemm and the MatMul with its bias Add are int8 in the report."""
    model = os.path.join(d, "model.onnx")
    report = os.path.join(d, "report.json")
    rc, out = run([args.modelc, model, "-o", os.path.join(d, "m"),
                   "--quantize=int8", "--calibration-dir=" +
                   os.path.join(d, "calib"), "--quant-report=" + report])
    if rc != 0:
        return ["--quant-report failed: " + out]
    with open(report) as f:
        layers = {x["name"]: x for x in json.load(f)["layers"]}
    problems = []
    fc1, fc2 = layers.get("fc1", {}), layers.get("fc2", {})
    if fc1.get("precision") != "int8" or fc1.get("output", {}).get(
            "tensor") != "r1":
        problems.append("fc1 should be int8 through its bias Add and Relu "
                        "(output r1): %r" % fc1)
    if fc2.get("precision") != "int8" or fc2.get("op") != "Gemm" or \
            "a Gemm" not in fc2.get("reason", ""):
        problems.append("fc2 (a Gemm) should be int8: %r" % fc2)
    return problems


def qdq_reference(path, x):
    """The float64 value of the linear case's weight-only QDQ model at X:
    each DequantizeLinear of s8 weights by its scales per column, the rest
    as written (MatMul, Add, Relu, Gemm)."""
    model = onnx.load(path)
    values = {t.name: numpy_helper.to_array(t).astype(np.float64)
              for t in model.graph.initializer}
    scales = {t.name: numpy_helper.to_array(t).astype(np.float32)
              for t in model.graph.initializer}
    values["x"] = x.astype(np.float64)
    for n in model.graph.node:
        a = [values[i] for i in n.input]
        if n.op_type == "DequantizeLinear":
            axis = next((at.i for at in n.attribute if at.name == "axis"), 1)
            s = scales[n.input[1]].astype(np.float64)
            shape = [1] * a[0].ndim
            shape[axis] = -1
            out = (a[0] - a[2].reshape(shape)) * s.reshape(shape)
        elif n.op_type == "MatMul":
            out = a[0] @ a[1]
        elif n.op_type == "Add":
            out = a[0] + a[1]
        elif n.op_type == "Relu":
            out = np.maximum(a[0], 0)
        elif n.op_type == "Gemm":
            trans_b = next((at.i for at in n.attribute if at.name == "transB"),
                           0)
            out = a[0] @ (a[1].T if trans_b else a[1]) + a[2]
        else:
            raise RuntimeError("unexpected node " + n.op_type)
        values[n.output[0]] = out
    return values["y"]


def check_weights_only(args, d):
    """--quantize=int8-weights: the MatMul and the Gemm get s8 weights per
    column (DequantizeLinear nodes) with no calibration, activations and
    biases stay float; modelc's build matches the QDQ model's float64 value
    (the float kernel reads the s8 weights) and keeps the SQNR bar against
    float; the report says what became of each layer, and the guard judges
    on --calibration-dir's inputs where given."""
    model = os.path.join(d, "model.onnx")
    qdq = os.path.join(d, "weights")
    report = os.path.join(d, "weights.json")
    problems = []
    rc, out = run([args.modelc, model, "--quantize=int8-weights",
                   "--emit=qdq", "-o", qdq, "--quant-report=" + report])
    if rc != 0:
        return ["--quantize=int8-weights failed: " + out]
    if "quantized the weights of 2 of 2 layers to int8" not in out or \
            "not judged: no inputs" not in out:
        problems.append("int8-weights summary: " + out)
    m = onnx.load(qdq + ".onnx")
    ops = sorted(n.op_type for n in m.graph.node)
    if ops != ["Add", "DequantizeLinear", "DequantizeLinear", "Gemm",
               "MatMul", "Relu"] and ops != ["Add", "Add", "DequantizeLinear",
                                             "DequantizeLinear", "MatMul",
                                             "MatMul", "Relu"]:
        problems.append("int8-weights QDQ nodes: %r" % ops)
    weights = [numpy_helper.to_array(t) for t in m.graph.initializer
               if t.data_type == onnx.TensorProto.INT8 and t.dims and
               len(t.dims) == 2]
    if len(weights) != 2:
        problems.append("expected 2 int8 weight matrices, got %d" %
                        len(weights))
    with open(report) as f:
        data = json.load(f)
    precisions = {x["name"]: x["precision"] for x in data["layers"]}
    if precisions != {"fc1": "int8-weights", "fc2": "int8-weights"} or \
            not data.get("weights_only"):
        problems.append("int8-weights report: %r" % precisions)
    for held in ("held4", "held5"):
        inputs = os.path.join(d, held)
        x = modelc_testing.load_tensor(os.path.join(inputs, "input_0.pb"))
        f = output_of(args.modelc_run, model, inputs, os.path.join(d, "of"))
        q = output_of(args.modelc_run, qdq + ".onnx", inputs,
                      os.path.join(d, "ow"))
        reference = qdq_reference(qdq + ".onnx", x).astype(np.float32)
        message = modelc_testing.compare_arrays(reference, q, 1e-3, 1e-4)
        if message:
            problems.append("%s: the weight-only build against its QDQ "
                            "model's value: %s" % (held, message))
        s = sqnr(f, q)
        print("    %s: int8-weights SQNR against float %.1f dB" % (held, s))
        if s < 35:
            problems.append("%s: int8-weights SQNR %.1f dB < 35 dB" % (held, s))
    # With data, the guard judges.
    rc, out = run([args.modelc, model, "--quantize=int8-weights", "-o",
                   os.path.join(d, "wg"), "--calibration-dir=" +
                   os.path.join(d, "calib")])
    if rc != 0 or "on 4 inputs: holds" not in out:
        problems.append("int8-weights with calibration inputs: " + out)
    problems += modelc_testing.expect_errors(
        args.modelc, model, os.path.join(d, "e"), (
            (["--quantize=int8-weights", "--calibration-table=" +
              os.path.join(d, "table.json")], "calibrates nothing"),
            (["--quantize=int16"], "expected int8 or int8-weights")))
    return problems


def check_fire_int8(args, d):
    """The Concat and the MaxPool between the fire module's convolutions
    work on the quantized tensors (no float island)."""
    model = os.path.join(d, "model.onnx")
    out = os.path.join(d, "fire")
    rc, text = run([args.modelc, model, "--quantize=int8", "--calibration-dir=" +
                    os.path.join(d, "calib"), "--emit=mlir", "-o", out])
    if rc != 0:
        return ["--emit=mlir failed: " + text]
    with open(out + ".mlir") as f:
        mlir = f.read()
    problems = []
    for op in ("modelc.concat", "modelc.max_pool"):
        lines = [l for l in mlir.splitlines() if op in l]
        if len(lines) != 1 or "-> tensor<" not in lines[0] or \
                "!quant.uniform" not in lines[0].split("->")[-1]:
            problems.append("%s should give a quantized tensor: %r" %
                            (op, lines))
    if "modelc.dequantize" in mlir.split("modelc.max_pool")[0].split(
            "modelc.concat")[-1]:
        problems.append("a dequantize sits between the Concat and the MaxPool")
    return problems


def check_reduce_range(args, d):
    """--quant-reduce-range: weights in [-64, 64] where the target's int8
    kernel is vpmaddubsw (x86 without VNNI) or where asked, in [-127, 127]
    otherwise; the reduced build stays within the SQNR bar."""
    model = os.path.join(d, "model.onnx")
    quant = ["--quantize=int8", "--calibration-dir=" + os.path.join(d, "calib")]
    problems = []
    for cpu, choice, expected in (("x86-64-v3", None, 64),
                                  ("skylake-avx512", None, 64),
                                  ("x86-64-v3", "off", 127),
                                  ("znver4", None, 127),
                                  ("znver4", "on", 64)):
        extra = ["--mcpu=" + cpu]
        if choice:
            extra.append("--quant-reduce-range=" + choice)
        name = "%s %s" % (cpu, choice or "auto")
        report = os.path.join(d, "reduce.json")
        qdq = os.path.join(d, "reduce")
        rc, out = run([args.modelc, model, "--emit=qdq", "-o", qdq,
                       "--quant-report=" + report] + quant + extra)
        if rc != 0:
            problems.append("%s: --emit=qdq failed: %s" % (name, out))
            continue
        with open(report) as f:
            got = json.load(f).get("weight_range")
        weights = [numpy_helper.to_array(t) for t in
                   onnx.load(qdq + ".onnx").graph.initializer
                   if t.data_type == onnx.TensorProto.INT8 and t.dims]
        largest = max(int(np.abs(w.astype(np.int32)).max()) for w in weights)
        if got != expected or largest != expected:
            problems.append("%s: weights in +-%d (report: %r), expected "
                            "+-%d" % (name, largest, got, expected))
        if ("weights in +-%d" % expected) not in out:
            problems.append("%s: the summary should say 'weights in +-%d': "
                            "%s" % (name, expected, out))
    # The one-pass vpmaddubsw build of reduced weights on an AVX2 target.
    inputs = os.path.join(d, "held4")
    f = output_of(args.modelc_run, model, inputs, os.path.join(d, "of"))
    q = output_of(args.modelc_run, model, inputs, os.path.join(d, "or"),
                  quant + ["--mcpu=x86-64-v3"])
    s = sqnr(f, q)
    print("    x86-64-v3 (weights in +-64): SQNR %.1f dB" % s)
    if s < 25:
        problems.append("x86-64-v3 with reduced weights: SQNR %.1f dB < 25 dB"
                        % s)
    return problems


def check_errors(args, d):
    model = os.path.join(d, "model.onnx")
    return modelc_testing.expect_errors(
        args.modelc, model, os.path.join(d, "e"), (
            (["--quantize=int8"], "--calibration-dir"),
            (["--quantize=int4"], "expected int8 or int8-weights"),
            (["--emit=qdq"], "go with --quantize=int8"),
            (["--quant-reduce-range=on"], "go with --quantize=int8"),
            (["--quantize=int8", "--calibration-dir=" + d + "/calib",
              "--quant-reduce-range=maybe"], "expected auto, on or off"),
            (["--quantize=int8", "--calibration-dir=" + d + "/none"],
             "has no input_0.pb"),
            (["--quantize=int8", "--calibration-table=" + model],
             "is not a modelc calibration table")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc", required=True)
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--ort-run",
                        help="bench/ort_run.js: run the emitted QDQ models")
    args = parser.parse_args()
    rng = np.random.default_rng(31)
    failures = 0
    for name, make in (("cnn", cnn), ("mlp", mlp), ("linear", linear),
                       ("fire", fire)):
        d, count = write_case(args.work_dir, name, make, rng)
        print(name)
        problems = check_case(args, d, count, exact_ort=name != "linear")
        if name == "linear":
            problems += check_linear_report(args, d)
            problems += check_weights_only(args, d)
        if name == "fire":
            # Convolutions keep float weights under int8-weights.
            rc, out = run([args.modelc, os.path.join(d, "model.onnx"),
                           "--quantize=int8-weights", "-o",
                           os.path.join(d, "w")])
            if rc == 0 or "found no MatMul or Gemm" not in out:
                problems.append("int8-weights on convolutions only: " + out)
        if name == "fire":
            problems += check_fire_int8(args, d)
        if name == "cnn":
            problems += check_errors(args, d)
            problems += check_reduce_range(args, d)
        for p in problems:
            print("  FAILED: " + p)
        print("  " + ("ok" if not problems else "FAILED"))
        failures += bool(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
