#!/usr/bin/python3
"""Benchmarks modelc's int8 builds against its float ones and against ONNX
Runtime running the same QDQ model.

    int8_bench.py --modelc-run PATH [--threads N[,N...]] [--runs N]
                  [--models a,b] [--models-dir DIR] [--calibration N]
                  [--mcpu CPU] [--markdown FILE]

For each reference model (exported by test/models/export_models.py, as
run_bench.py does), the script
  1. writes N seeded calibration inputs shaped and scaled like the model's
     test_data_set_0 input (default 8) and one held-out input;
  2. quantizes the model with `modelc --quantize=int8 --calibration-dir`
     and writes the QDQ model with `--emit=qdq` (modelc, next to
     modelc-run);
  3. times, at each thread count, one after the other: modelc-run on the
     float model, modelc-run on the QDQ model (what --quantize=int8
     compiles), and bench/ort_run.js on the same QDQ model;
  4. runs the three on the held-out input and reports the SQNR of the int8
     outputs against the float ones, and between modelc's and ONNX Runtime's
     int8 outputs.
Speed-up = float / int8 (modelc); ratio = modelc int8 / ORT int8 (> 1:
modelc slower). The models carry seeded random weights, so SQNR says how
well the quantization keeps the float function, not accuracy.

--mcpu compiles (and quantizes) modelc's builds for another x86 CPU this
machine can run, e.g. x86-64-v3 (AVX2 without VNNI: the vpmaddubsw kernel,
weights in +-64 by --quant-reduce-range=auto); ONNX Runtime keeps this
machine's own kernels, so its column is then only a reference.

Run with Debian's /usr/bin/python3; ORT needs `npm ci --ignore-scripts` in
bench/.
"""

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys

import numpy as np
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "test", "python"))
sys.path.insert(0, HERE)

import modelc_testing  # noqa: E402
import run_bench  # noqa: E402

DEFAULT_MODELS = ["resnet50", "mobilenet_v2", "squeezenet1_1",
                  "transformer_encoder"]


def write_inputs(model_dir, work, count):
    """Seeded inputs like test_data_set_0's: COUNT calibration sets and one
    held-out set. Returns (calibration dir, held-out dir)."""
    data = os.path.join(model_dir, run_bench.DATA_SET)
    inputs = modelc_testing.numbered_files(data, "input")
    originals = [modelc_testing.load_tensor(p) for p in inputs]
    rng = np.random.default_rng(8)
    calib = os.path.join(work, "calibration")
    held = os.path.join(work, "held-out")
    shutil.rmtree(calib, ignore_errors=True)
    shutil.rmtree(held, ignore_errors=True)
    for k in range(count + 1):
        d = held if k == count else os.path.join(calib,
                                                 "test_data_set_%d" % k)
        os.makedirs(d)
        for i, x in enumerate(originals):
            if x.dtype == np.float32:
                y = (rng.standard_normal(x.shape) * x.std() +
                     x.mean()).astype(np.float32)
            else:  # token ids and the like: the original's values
                y = x
            with open(os.path.join(d, "input_%d.pb" % i), "wb") as f:
                f.write(numpy_helper.from_array(y, "x%d" % i)
                        .SerializeToString())
    return calib, held


def sqnr(ref, got):
    noise = np.linalg.norm(ref.astype(np.float64) - got)
    if noise == 0:
        return float("inf")
    return 20 * np.log10(np.linalg.norm(ref.astype(np.float64)) / noise)


def run_outputs(cmd, out_dir):
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    proc = subprocess.run(cmd + ["--output-dir", out_dir],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        return None
    return [modelc_testing.load_tensor(p)
            for p in modelc_testing.numbered_files(out_dir, "output")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--threads", default="1,%d" % os.cpu_count())
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS))
    parser.add_argument("--models-dir",
                        default=os.path.join(HERE, "models"))
    parser.add_argument("--calibration", type=int, default=8,
                        help="calibration inputs per model")
    parser.add_argument("--ort-run", default=run_bench.ORT_RUN)
    parser.add_argument("--mcpu", metavar="CPU",
                        help="compile modelc's builds for CPU (--mcpu)")
    parser.add_argument("--markdown", metavar="FILE",
                        help="append the table to FILE")
    args = parser.parse_args()
    modelc_run = os.path.abspath(args.modelc_run)
    modelc = os.path.join(os.path.dirname(modelc_run), "modelc")
    threads = [int(t) for t in args.threads.split(",")]
    target = ["--mcpu=" + args.mcpu] if args.mcpu else []
    models = args.models.split(",")
    missing = [m for m in models if not os.path.exists(
        os.path.join(args.models_dir, m, "model.onnx"))]
    if missing:
        subprocess.run([sys.executable, run_bench.EXPORT_SCRIPT, "--out",
                        args.models_dir, "--models", ",".join(missing)],
                       check=True)
    rows = []
    for model in models:
        model_dir = os.path.join(args.models_dir, model)
        work = os.path.join(model_dir, "int8")
        os.makedirs(work, exist_ok=True)
        calib, held = write_inputs(model_dir, work, args.calibration)
        qdq = os.path.join(work, "model_int8")
        proc = subprocess.run(
            [modelc, os.path.join(model_dir, "model.onnx"),
             "--quantize=int8", "--calibration-dir", calib,
             "--calibration-table", os.path.join(work, "table.json"),
             "--emit=qdq", "-o", qdq] + target,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        report = proc.stdout.decode("utf-8", "replace").strip()
        if proc.returncode != 0:
            print("%s: quantization failed: %s" % (model, report))
            rows.append({"model": model, "error": report.splitlines()[-1]})
            continue
        print("%s: %s" % (model, report), flush=True)
        float_model = os.path.join(model_dir, "model.onnx")
        qdq_model = qdq + ".onnx"
        row = {"model": model, "times": {}}
        for t in threads:
            for tool, cmd in (
                    ("float", [modelc_run, float_model] + target),
                    ("int8", [modelc_run, qdq_model] + target),
                    ("ort", ["node", args.ort_run, qdq_model])):
                result, error = run_bench.run_tool(
                    cmd + ["--input-dir", held, "--threads", str(t),
                           "--bench", str(args.runs)], 1800)
                row["times"][(tool, t)] = result["median_ms"] if result \
                    else None
                print("  %-20s %-5s %d thread(s): %s" % (
                    model, tool, t, error or "median %.2f ms" %
                    result["median_ms"]), flush=True)
        f = run_outputs([modelc_run, float_model, "--input-dir", held] +
                        target, os.path.join(work, "out-float"))
        q = run_outputs([modelc_run, qdq_model, "--input-dir", held] + target,
                        os.path.join(work, "out-int8"))
        o = run_outputs(["node", args.ort_run, qdq_model, "--input-dir",
                         held], os.path.join(work, "out-ort"))
        row["sqnr"] = sqnr(f[0], q[0]) if f and q else None
        row["sqnr_ort"] = sqnr(o[0], q[0]) if o and q else None
        row["sqnr_ort_float"] = sqnr(f[0], o[0]) if f and o else None
        rows.append(row)

    lines = ["| model | threads | float ms | int8 ms | speed-up | ORT int8 "
             "ms | modelc / ORT | SQNR int8 vs float | ORT's SQNR vs float "
             "| modelc vs ORT |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]

    def ms(v):
        return "%.2f" % v if v else "failed"

    def db(v):
        return "-" if v is None else "%.1f dB" % v
    for row in rows:
        if "error" in row:
            lines.append("| %s | | | | | | | %s | | |" % (row["model"],
                                                         row["error"]))
            continue
        for t in threads:
            fl = row["times"][("float", t)]
            i8 = row["times"][("int8", t)]
            ort = row["times"][("ort", t)]
            lines.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |"
                         % (row["model"], t, ms(fl), ms(i8),
                            "%.2fx" % (fl / i8) if fl and i8 else "-",
                            ms(ort),
                            "%.2f" % (i8 / ort) if i8 and ort else "-",
                            db(row["sqnr"]), db(row["sqnr_ort_float"]),
                            db(row["sqnr_ort"])))
    table = "\n".join(lines)
    print()
    print(table)
    if args.markdown:
        with open(args.markdown, "a") as f:
            f.write("\n## int8 (`--quantize=int8`%s)\n\n" %
                    (", `--mcpu=%s`" % args.mcpu if args.mcpu else ""))
            f.write("Measured %s on %s (%s), %d runs each, by `bench/"
                    "int8_bench.py --threads %s --calibration %d`: the "
                    "float model and its QDQ form (what `--quantize=int8` "
                    "compiles, written by `--emit=qdq`) with modelc-run, the "
                    "same QDQ file with ONNX Runtime %s. SQNR on a held-out "
                    "input; the models carry seeded random weights.%s\n\n"
                    % (datetime.date.today().isoformat(),
                       run_bench.cpu_info()[0], platform.machine(), args.runs,
                       args.threads, args.calibration,
                       run_bench.ort_version(),
                       (" modelc's builds for `--mcpu=%s`; ONNX Runtime runs "
                        "this machine's own kernels, a reference only." %
                        args.mcpu) if args.mcpu else ""))
            f.write(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
