#!/usr/bin/python3
"""Benchmarks `--quantize=int8-weights` on products of few rows, whose time
is the weights' memory traffic.

    weight_only_bench.py --modelc-run PATH [--work DIR] [--threads N[,N...]]
                         [--runs N] [--markdown FILE]

The model is a stack of transformer feed-forward blocks at batch 1 (x of
[ROWS, 1024]; per block a Gemm 1024 -> 4096 with its bias (transB, as
PyTorch exports nn.Linear), Relu, MatMul 4096 -> 1024 and its bias Add): 4
blocks, 128 MiB of float weights, more than the caches hold. For 1 and 8
rows, the script times, one after the other at each thread count:
modelc-run on the float model, modelc-run on its weight-only QDQ model
(`modelc --quantize=int8-weights --emit=qdq`: s8 weights per column that
the float kernel converts, 32 MiB), ONNX Runtime on the float model and on
the same QDQ file (which it runs with its own kernels), and reports the
SQNR of the int8-weight outputs against the float ones. The weights are
seeded random values.

Run with Debian's /usr/bin/python3; ONNX Runtime needs `npm ci
--ignore-scripts` in bench/.
"""

import argparse
import datetime
import os
import platform
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "test", "python"))
sys.path.insert(0, HERE)

import int8_bench  # noqa: E402
import run_bench  # noqa: E402

WIDTH, HIDDEN, BLOCKS = 1024, 4096, 4


def write_model(path, rows, rng):
    inits, nodes = [], []
    x = "x"
    for b in range(BLOCKS):
        w1 = rng.standard_normal((HIDDEN, WIDTH)) / np.sqrt(WIDTH)
        w2 = rng.standard_normal((HIDDEN, WIDTH)) / np.sqrt(HIDDEN)
        inits += [numpy_helper.from_array(w1.astype(np.float32), "w1_%d" % b),
                  numpy_helper.from_array(
                      (rng.standard_normal(HIDDEN) * 0.1).astype(np.float32),
                      "b1_%d" % b),
                  numpy_helper.from_array(w2.astype(np.float32), "w2_%d" % b),
                  numpy_helper.from_array(
                      (rng.standard_normal(WIDTH) * 0.1).astype(np.float32),
                      "b2_%d" % b)]
        y = "y" if b == BLOCKS - 1 else "x%d" % (b + 1)
        nodes += [
            helper.make_node("Gemm", [x, "w1_%d" % b, "b1_%d" % b],
                             ["h%d" % b], transB=1, name="fc1_%d" % b),
            helper.make_node("Relu", ["h%d" % b], ["r%d" % b],
                             name="relu_%d" % b),
            helper.make_node("MatMul", ["r%d" % b, "w2_%d" % b],
                             ["m%d" % b], name="fc2_%d" % b),
            helper.make_node("Add", ["m%d" % b, "b2_%d" % b], [y],
                             name="bias2_%d" % b)]
        x = y
    graph = helper.make_graph(
        nodes, "ffn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [rows, WIDTH])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [rows, WIDTH])],
        inits)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--work", default="build/bench-weight-only")
    parser.add_argument("--threads", default="1,%d" % os.cpu_count())
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--ort-run", default=run_bench.ORT_RUN)
    parser.add_argument("--markdown", metavar="FILE",
                        help="append the table to FILE")
    args = parser.parse_args()
    modelc_run = os.path.abspath(args.modelc_run)
    modelc = os.path.join(os.path.dirname(modelc_run), "modelc")
    threads = [int(t) for t in args.threads.split(",")]
    lines = ["| rows | threads | float ms | int8-weights ms | speed-up | "
             "ORT float ms | ORT on the QDQ file ms | modelc int8-weights / "
             "ORT float | SQNR vs float |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for rows in (1, 8):
        rng = np.random.default_rng(rows)
        work = os.path.join(args.work, "rows%d" % rows)
        inputs = os.path.join(work, "inputs")
        os.makedirs(inputs, exist_ok=True)
        model = os.path.join(work, "model.onnx")
        write_model(model, rows, rng)
        with open(os.path.join(inputs, "input_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(
                rng.standard_normal((rows, WIDTH)).astype(np.float32),
                "x").SerializeToString())
        qdq = os.path.join(work, "model_int8w")
        proc = subprocess.run([modelc, model, "--quantize=int8-weights",
                               "--emit=qdq", "-o", qdq],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if proc.returncode != 0:
            print(proc.stdout.decode("utf-8", "replace"))
            return 1
        times = {}
        for t in threads:
            for tool, cmd in (("float", [modelc_run, model]),
                              ("int8w", [modelc_run, qdq + ".onnx"]),
                              ("ort", ["node", args.ort_run, model]),
                              ("ort_qdq", ["node", args.ort_run,
                                           qdq + ".onnx"])):
                result, error = run_bench.run_tool(
                    cmd + ["--input-dir", inputs, "--threads", str(t),
                           "--bench", str(args.runs)], 1800)
                times[(tool, t)] = result["median_ms"] if result else None
                print("  rows %d %-8s %d thread(s): %s" % (
                    rows, tool, t, error or "median %.3f ms" %
                    result["median_ms"]), flush=True)
        f = int8_bench.run_outputs([modelc_run, model, "--input-dir", inputs],
                                   os.path.join(work, "out-float"))
        q = int8_bench.run_outputs(
            [modelc_run, qdq + ".onnx", "--input-dir", inputs],
            os.path.join(work, "out-int8w"))
        s = int8_bench.sqnr(f[0], q[0]) if f and q else None

        def ms(v):
            return "%.3f" % v if v else "failed"
        for t in threads:
            fl, i8 = times[("float", t)], times[("int8w", t)]
            ort, ortq = times[("ort", t)], times[("ort_qdq", t)]
            lines.append("| %d | %d | %s | %s | %s | %s | %s | %s | %s |" % (
                rows, t, ms(fl), ms(i8),
                "%.2fx" % (fl / i8) if fl and i8 else "-", ms(ort), ms(ortq),
                "%.2f" % (i8 / ort) if i8 and ort else "-",
                "-" if s is None else "%.1f dB" % s))
    table = "\n".join(lines)
    print()
    print(table)
    if args.markdown:
        with open(args.markdown, "a") as f:
            f.write("\n## Weight-only int8 (`--quantize=int8-weights`)\n\n")
            f.write("Measured %s on %s (%s), %d runs each, by `bench/"
                    "weight_only_bench.py --threads %s`: %d transformer "
                    "feed-forward blocks (%d -> %d -> %d, %d MiB of float "
                    "weights) at 1 and 8 rows; ONNX Runtime %s on the float "
                    "model and on the same QDQ file.\n\n"
                    % (datetime.date.today().isoformat(),
                       run_bench.cpu_info()[0], platform.machine(), args.runs,
                       args.threads, BLOCKS, WIDTH, HIDDEN, WIDTH,
                       BLOCKS * 2 * WIDTH * HIDDEN * 4 // (1 << 20),
                       run_bench.ort_version()))
            f.write(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
