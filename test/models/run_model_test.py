#!/usr/bin/python3
"""Runs one reference model through modelc-run and checks its outputs.

    run_model_test.py --modelc-run PATH --models-dir DIR --model NAME
                      (--ort-run bench/ort_run.js | --no-ort)
                      [--export] [--rtol 1e-3] [--atol 1e-4] [--timeout S]
                      [-- EXTRA MODELC-RUN ARGS...]

Exports the model first (test/models/export_models.py, which skips models
that are up to date) when --export is given or its files are missing, runs
`modelc-run DIR/NAME/model.onnx --input-dir DIR/NAME/test_data_set_0
--output-dir DIR/NAME/actual-TOOL/test_data_set_0`, and compares every
output_K.pb with PyTorch's reference.

With --ort-run ORT_RUN it also runs ONNX Runtime (bench/ort_run.js, same
command-line contract; before modelc-run, so that a missing ONNX Runtime
fails at once) into DIR/NAME/ort-for-TOOL/test_data_set_0 and compares
modelc-run's outputs with ONNX Runtime's too, with the same tolerances.  A
missing node or onnxruntime-node is a failure, not a skip: install it with
`npm ci --ignore-scripts` in bench/, or pass --no-ort explicitly (local runs
only) to compare with PyTorch alone.

Prints one PASS/FAIL line; exits 0 on a match, 1 otherwise.

Any tool with modelc-run's command-line contract works as --modelc-run, e.g.
bench/ort_run.js (with --no-ort) to check the references against ONNX
Runtime.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))

import modelc_testing  # noqa: E402

EXPORT_SCRIPT = os.path.join(HERE, "export_models.py")
DATA_SET = "test_data_set_0"


def _error_stats(expected_dir, actual_dir):
    """Returns 'max abs err X, max rel err Y' over all outputs, or ''."""
    import numpy as np
    max_abs = max_rel = 0.0
    for path in modelc_testing.numbered_files(expected_dir, "output"):
        got = os.path.join(actual_dir, os.path.basename(path))
        e = modelc_testing.load_tensor(path)
        a = modelc_testing.load_tensor(got)
        if e.shape != a.shape or not np.issubdtype(e.dtype, np.floating):
            continue
        err = np.abs(a.astype(np.float64) - e.astype(np.float64))
        max_abs = max(max_abs, float(err.max(initial=0)))
        rel = err / np.maximum(np.abs(e.astype(np.float64)), 1e-30)
        max_rel = max(max_rel, float(np.median(rel)) if rel.size else 0.0)
    return "max abs err %.3g, median rel err %.3g" % (max_abs, max_rel)


def _run_ort(ort_run, model, data_set, out_dir, threads, timeout):
    """Runs ONNX Runtime (ORT_RUN, modelc-run's contract) on the data set
    into OUT_DIR; returns (returncode, message)."""
    if ort_run.endswith(".js") and shutil.which("node") is None:
        return 1, ("node is not on PATH (scripts/install-deps installs "
                   "Debian's nodejs and npm)")
    if not os.path.exists(ort_run):
        return 1, "%s does not exist" % ort_run
    shutil.rmtree(out_dir, ignore_errors=True)
    t0 = time.time()
    rc, out = modelc_testing.run_modelc(
        ort_run, model, data_set, out_dir, ["--threads", str(threads)],
        timeout=timeout)
    if rc == 0 and not modelc_testing.numbered_files(out_dir, "output"):
        rc, out = 1, out + "no output_K.pb files in %s" % out_dir
    return rc, "%s (ONNX Runtime, %.1f s): %s" % (
        os.path.basename(ort_run), time.time() - t0,
        out.strip() or "exit %d" % rc)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        usage="%(prog)s --modelc-run PATH --models-dir DIR --model NAME "
              "[options] [-- modelc-run args]")
    parser.add_argument("--modelc-run", required=True,
                        help="modelc-run executable (or a stand-in)")
    parser.add_argument("--models-dir", required=True,
                        help="folder with the exported models")
    parser.add_argument("--model", required=True, help="model name")
    ort = parser.add_mutually_exclusive_group(required=True)
    ort.add_argument("--ort-run", metavar="ORT_RUN",
                     help="bench/ort_run.js: also compare with ONNX "
                          "Runtime's outputs")
    ort.add_argument("--no-ort", action="store_true",
                     help="compare with PyTorch's outputs only (for local "
                          "runs without onnxruntime-node)")
    parser.add_argument("--ort-threads", type=int, default=1,
                        help="ONNX Runtime's intra-op threads (default 1)")
    parser.add_argument("--export", action="store_true",
                        help="run the export script first (it skips models "
                             "that are up to date)")
    parser.add_argument("--rtol", type=float, default=1e-3)
    parser.add_argument("--atol", type=float, default=1e-4)
    parser.add_argument("--timeout", type=int, default=1500,
                        help="seconds allowed for modelc-run")
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    args = parser.parse_args(argv)

    name = args.model
    tool = os.path.basename(args.modelc_run)
    model_dir = os.path.join(args.models_dir, name)
    model = os.path.join(model_dir, "model.onnx")
    data_set = os.path.join(model_dir, DATA_SET)
    label = "model %s (%s)" % (name, tool)

    if args.export or not os.path.exists(model):
        proc = subprocess.run(
            [sys.executable, EXPORT_SCRIPT, "--out", args.models_dir,
             "--models", name],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = proc.stdout.decode("utf-8", "replace")
        if proc.returncode != 0:
            print(out)
            print("FAIL %s: export failed (exit %d)" % (label,
                                                        proc.returncode))
            return 1
        # Keep the op-type summary in the test log.
        for line in out.splitlines():
            if line.startswith(name + ":"):
                print(line)

    ort_actual = None
    if args.ort_run:
        ort_actual = os.path.join(model_dir, "ort-for-" + tool, DATA_SET)
        rc, msg = _run_ort(args.ort_run, model, data_set, ort_actual,
                           args.ort_threads, args.timeout)
        if rc != 0:
            print(msg)
            print("FAIL %s: ONNX Runtime (%s) could not run the model; "
                  "install it with `npm ci --ignore-scripts` in bench/, or "
                  "pass --no-ort (configure with -DMODELC_MODELS_ORT=OFF) to "
                  "compare with PyTorch only" % (label, args.ort_run))
            return 1

    actual = os.path.join(model_dir, "actual-" + tool, DATA_SET)
    shutil.rmtree(actual, ignore_errors=True)
    t0 = time.time()
    rc, out = modelc_testing.run_modelc(args.modelc_run, model, data_set,
                                        actual, extra, timeout=args.timeout)
    elapsed = time.time() - t0
    if out.strip():
        print(out.rstrip())
    if rc != 0:
        print("FAIL %s: %s exited with %d after %.1f s"
              % (label, tool, rc, elapsed))
        return 1

    msg = modelc_testing.compare_dirs(data_set, actual, rtol=args.rtol,
                                      atol=args.atol)
    if msg:
        print("FAIL %s: outputs differ from PyTorch's (rtol=%g, atol=%g): %s"
              % (label, args.rtol, args.atol, msg))
        return 1
    if ort_actual is not None:
        msg = modelc_testing.compare_dirs(ort_actual, actual, rtol=args.rtol,
                                          atol=args.atol)
        if msg:
            print("FAIL %s: outputs differ from ONNX Runtime's (rtol=%g, "
                  "atol=%g): %s" % (label, args.rtol, args.atol, msg))
            return 1
        print("PASS %s: outputs match PyTorch's and ONNX Runtime's "
              "(rtol=%g, atol=%g; vs PyTorch: %s; vs ONNX Runtime: %s; "
              "ONNX Runtime vs PyTorch: %s) in %.1f s"
              % (label, args.rtol, args.atol, _error_stats(data_set, actual),
                 _error_stats(ort_actual, actual),
                 _error_stats(data_set, ort_actual), elapsed))
        return 0
    print("PASS %s: outputs match PyTorch's (rtol=%g, atol=%g; %s) in %.1f s"
          % (label, args.rtol, args.atol, _error_stats(data_set, actual),
             elapsed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
