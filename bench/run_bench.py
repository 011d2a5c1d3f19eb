#!/usr/bin/python3
"""Benchmarks modelc-run against ONNX Runtime on the reference models.

    run_bench.py --modelc-run PATH [--threads N[,N...]] [--runs N]
                 [--models a,b] [--models-dir DIR] [--markdown FILE]
                 [-- EXTRA MODELC-RUN ARGS...]

Exports the models if needed (test/models/export_models.py), then for each
model runs `modelc-run MODEL --bench RUNS --threads N` and
`bench/ort_run.js MODEL --bench RUNS --threads N` (intra-op threads N,
inter-op 1, sequential, graph optimisation "all"), one after the other, and
prints a table of the medians and minima (ratio = modelc / ORT; > 1 means
modelc is slower), one per thread count, with the geometric mean of the
ratios.  It also times modelc's compilation of each model (`modelc`, next
to modelc-run) and records the compiler's peak memory (its maximum resident
set size).  Both tools also write their outputs, which are checked
against PyTorch's reference (rtol 1e-3, atol 1e-4), so a fast wrong result
shows up as such.  A tool that fails on a model gets its error in the row.

--dynamic-batch (default resnet50,mobilenet_v2) also compiles those models
with a symbolic batch dimension and compares their time at batch 1 with the
same model pinned to batch 1 with --shape (modelc only, 1 thread).

With --markdown FILE the table, the machine, the date, the settings and the
exact command are written to FILE (docs/benchmarks.md).

Run with Debian's /usr/bin/python3 (torch, torchvision, onnx); ORT needs
`npm ci --ignore-scripts` in bench/.
"""

import argparse
import datetime
import json
import math
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "test", "python"))

import modelc_testing  # noqa: E402

EXPORT_SCRIPT = os.path.join(ROOT, "test", "models", "export_models.py")
ORT_RUN = os.path.join(HERE, "ort_run.js")
DEFAULT_MODELS = ["resnet50", "mobilenet_v2", "squeezenet1_1",
                  "transformer_encoder", "densenet121", "googlenet",
                  "efficientnet_b0", "shufflenet_v2_x1_0", "vit_b_16",
                  "mlp_b1", "mlp_b8", "fashion_cnn"]
DATA_SET = "test_data_set_0"
DYNAMIC_MODELS = ["resnet50", "mobilenet_v2"]


def cpu_info():
    """Returns (CPU model name, logical CPUs, physical cores or None)."""
    model = platform.processor() or platform.machine()
    physical = set()
    phys_id = core_id = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if key == "model name":
                    model = value
                elif key == "physical id":
                    phys_id = value
                elif key == "core id":
                    core_id = value
                elif not key and phys_id is not None:
                    physical.add((phys_id, core_id))
                    phys_id = core_id = None
            if phys_id is not None:
                physical.add((phys_id, core_id))
    except OSError:
        pass
    return model, os.cpu_count(), (len(physical) or None)


def ort_version():
    try:
        with open(os.path.join(HERE, "node_modules", "onnxruntime-node",
                               "package.json")) as f:
            return json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        return "unknown"


def git_revision():
    try:
        out = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short",
                              "HEAD"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=30)
        rev = out.stdout.decode().strip()
        if out.returncode != 0 or not rev:
            return "unknown"
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain",
                                "--untracked-files=no"],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, timeout=30)
        return rev + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def run_tool(cmd, timeout):
    """Runs one --bench command.

    Returns ({"median_ms", "min_ms", "runs"}, None) or (None, error text).
    """
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % timeout
    except OSError as e:
        return None, "cannot run: %s" % e
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        lines = [l for l in (err + out).splitlines() if l.strip()]
        return None, "exit %d: %s" % (proc.returncode,
                                      lines[-1] if lines else "(no output)")
    for line in reversed(out.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                result = json.loads(line)
                float(result["median_ms"])
                float(result["min_ms"])
                return result, None
            except (ValueError, KeyError, TypeError):
                continue
    return None, "no JSON result line in its output"


def check_outputs(data_set, out_dir):
    """'ok', or what is wrong with the outputs in OUT_DIR."""
    if not modelc_testing.numbered_files(out_dir, "output"):
        return "no outputs"
    try:
        msg = modelc_testing.compare_dirs(data_set, out_dir, rtol=1e-3,
                                          atol=1e-4)
    except Exception as e:  # an unreadable output file
        msg = "unreadable output: %s" % e
    return "ok" if msg is None else "WRONG: " + msg


def compile_stats(modelc, model_file, timeout):
    """(seconds, peak MiB) of compiling MODEL_FILE to an object, or
    (None, error text)."""
    out = os.path.join(os.path.dirname(model_file), "bench-compile", "model")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    start = time.monotonic()
    try:
        proc = subprocess.Popen([modelc, model_file, "-o", out],
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
    except OSError as e:
        return None, "cannot run: %s" % e
    # wait4 gives this child's own resource usage (its peak RSS in KiB).
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        lines = [l for l in err.splitlines() if l.strip()]
        return None, lines[-1] if lines else "compile failed"
    if seconds > timeout:
        return None, "compile took %.0f s" % seconds
    return (seconds, usage.ru_maxrss / 1024.0), None


def geomean(values):
    values = [v for v in values if v]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt_ms(result):
    return "%.2f" % result["median_ms"], "%.2f" % result["min_ms"]


def fmt_ratio(a, b):
    if a is None or b is None or not b:
        return "-"
    return "%.2f" % (a / b)


def escape_cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def bench_model(model, threads, args, tools):
    """Runs MODEL with each tool at THREADS threads; returns its row."""
    model_dir = os.path.join(args.models_dir, model)
    model_file = os.path.join(model_dir, "model.onnx")
    data_set = os.path.join(model_dir, DATA_SET)
    row = {"model": model}
    for tool, base_cmd, tool_extra in tools:
        out_dir = os.path.join(model_dir, "bench-" + tool, DATA_SET)
        shutil.rmtree(out_dir, ignore_errors=True)
        os.makedirs(out_dir)
        cmd = base_cmd + [model_file, "--input-dir", data_set,
                          "--output-dir", out_dir,
                          "--threads", str(threads),
                          "--bench", str(args.runs)] + tool_extra
        result, error = run_tool(cmd, args.timeout)
        row[tool] = result
        row[tool + "_error"] = error
        row[tool + "_check"] = (check_outputs(data_set, out_dir)
                                if result else "-")
        print("  %-20s %-6s %s" % (
            model, tool,
            error or "median %.2f ms, min %.2f ms, outputs %s" % (
                result["median_ms"], result["min_ms"],
                row[tool + "_check"])), flush=True)
    return row


def dynamic_batch_row(model, args):
    """MODEL with a symbolic batch dimension ("N") in its inputs and outputs,
    run by modelc-run at batch 1 as compiled (dynamic) and pinned with
    --shape (static), on one thread: (dynamic result, pinned result,
    error)."""
    import onnx  # Debian's python3-onnx; only this comparison needs it.
    model_dir = os.path.join(args.models_dir, model)
    proto = onnx.load(os.path.join(model_dir, "model.onnx"))
    pins = ["%s=%s" % (value.name, "x".join(
        str(d.dim_value) for d in value.type.tensor_type.shape.dim))
            for value in proto.graph.input]
    for value in list(proto.graph.input) + list(proto.graph.output):
        dim = value.type.tensor_type.shape.dim[0]
        dim.Clear()
        dim.dim_param = "N"
    del proto.graph.value_info[:]
    dynamic_file = os.path.join(model_dir, "model-dynamic-batch.onnx")
    onnx.save(proto, dynamic_file)
    data_set = os.path.join(model_dir, DATA_SET)
    results = []
    for shape_args in ([], [a for pin in pins for a in ("--shape", pin)]):
        cmd = ([args.modelc_run, dynamic_file, "--input-dir", data_set,
                "--threads", "1", "--bench", str(args.runs)] + shape_args)
        result, error = run_tool(cmd, args.timeout)
        if error:
            return None, None, error
        results.append(result)
    return results[0], results[1], None


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        usage="%(prog)s --modelc-run PATH [options] [-- modelc-run args]")
    parser.add_argument("--modelc-run", required=True,
                        help="the modelc-run executable")
    parser.add_argument("--threads", default="1,%d" % os.cpu_count(),
                        help="comma-separated intra-op thread counts for "
                             "both, one table each (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=20,
                        help="timed runs per model and tool, after a warm-up "
                             "(default: %(default)s)")
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS),
                        help="comma-separated (default: all)")
    parser.add_argument("--models-dir", default=os.path.join(HERE, "models"),
                        help="exported models (default: bench/models, "
                             "git-ignored)")
    parser.add_argument("--markdown", metavar="FILE",
                        help="also write the results to FILE "
                             "(docs/benchmarks.md)")
    parser.add_argument("--ort-run", default=ORT_RUN,
                        help="ONNX Runtime runner (default: bench/ort_run.js)")
    parser.add_argument("--timeout", type=int, default=1800,
                        help="seconds allowed per tool and model")
    parser.add_argument("--dynamic-batch", default=",".join(DYNAMIC_MODELS),
                        help="models also compiled with a dynamic batch "
                             "dimension and run at batch 1, against the "
                             "same model pinned with --shape, on one "
                             "thread (default: %(default)s; empty: none)")
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    args = parser.parse_args(argv)
    try:
        thread_counts = sorted(set(int(t) for t in args.threads.split(",")
                                   if t))
    except ValueError:
        parser.error("--threads takes comma-separated integers")
    if not thread_counts or min(thread_counts) < 1 or args.runs < 1:
        parser.error("--threads and --runs must be >= 1")
    modelc = os.path.join(os.path.dirname(os.path.abspath(args.modelc_run)),
                          "modelc")
    models = [m for m in args.models.split(",") if m]

    command = " ".join(shlex.quote(a) for a in [sys.executable] + sys.argv)

    proc = subprocess.run([sys.executable, EXPORT_SCRIPT, "--out",
                           args.models_dir, "--models", ",".join(models)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout.decode("utf-8", "replace"))
        print("run_bench.py: exporting the models failed", file=sys.stderr)
        return 1

    ort_cmd = ([args.ort_run] if os.access(args.ort_run, os.X_OK)
               else ["node", args.ort_run])
    tools = [("modelc", [args.modelc_run], extra),
             ("ORT", ort_cmd, [])]

    compiled = {}
    for model in models:
        model_file = os.path.join(args.models_dir, model, "model.onnx")
        compiled[model] = compile_stats(modelc, model_file, args.timeout)
        stats, error = compiled[model]
        print("  %-20s compile %s" % (
            model, error or "%.1f s, peak %.0f MiB" % stats), flush=True)

    header = ["model", "modelc median ms", "ORT median ms", "ratio (median)",
              "modelc min ms", "ORT min ms", "ratio (min)", "modelc outputs",
              "ORT outputs"]
    tables = []
    for threads in thread_counts:
        print("threads %d, %d timed runs per model after a warm-up"
              % (threads, args.runs), flush=True)
        rows = []
        for model in models:
            rows.append(bench_model(model, threads, args, tools))
        table = []
        ratios = []
        for row in rows:
            m, o = row["modelc"], row["ORT"]
            m_med, m_min = (fmt_ms(m) if m
                            else ("error: " + row["modelc_error"], "-"))
            o_med, o_min = (fmt_ms(o) if o
                            else ("error: " + row["ORT_error"], "-"))
            if m and o and o["median_ms"]:
                ratios.append(m["median_ms"] / o["median_ms"])
            table.append([
                row["model"], m_med, o_med,
                fmt_ratio(m and m["median_ms"], o and o["median_ms"]),
                m_min, o_min,
                fmt_ratio(m and m["min_ms"], o and o["min_ms"]),
                row["modelc_check"], row["ORT_check"]])
        g = geomean(ratios)
        table.append(["geometric mean", "", "",
                      "%.2f" % g if g else "-", "", "", "", "", ""])
        tables.append((threads, table))
        widths = [max(len(h), *(len(r[i]) for r in table))
                  for i, h in enumerate(header)]
        print()
        print("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
        for r in table:
            print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        print()

    dynamic_rows = []
    for model in [m for m in args.dynamic_batch.split(",") if m]:
        dynamic, pinned, error = dynamic_batch_row(model, args)
        if error:
            cells = [model, "error: " + error, "-", "-"]
        else:
            cells = [model, "%.2f" % dynamic["median_ms"],
                     "%.2f" % pinned["median_ms"],
                     fmt_ratio(dynamic["median_ms"], pinned["median_ms"])]
        dynamic_rows.append(cells)
        print("  %-20s dynamic batch %s ms, pinned %s ms, ratio %s"
              % tuple(cells), flush=True)

    if args.markdown:
        cpu, logical, physical = cpu_info()
        now = datetime.datetime.now(datetime.timezone.utc)
        lines = [
            "# Benchmarks: modelc vs ONNX Runtime",
            "",
            "Generated by `bench/run_bench.py`; do not edit by hand, re-run it.",
            "",
            "Wall-clock time of one inference (batch 1, float32) of each "
            "reference model (`test/models/export_models.py`: torchvision / "
            "PyTorch models with seeded random weights, ONNX opset 13), "
            "measured in-process by each tool over %d runs after a warm-up. "
            "Ratio = modelc / ORT: above 1 means modelc is slower. "
            "The outputs columns say whether each tool's outputs matched "
            "PyTorch's (rtol 1e-3, atol 1e-4)." % args.runs,
            "",
            "- Date: %s" % now.strftime("%Y-%m-%d %H:%M UTC"),
            "- Machine: %s, %s logical CPUs%s, %s" % (
                cpu, logical,
                " (%d physical cores)" % physical if physical else "",
                platform.platform()),
            "- Threads: %s (modelc `--threads N`; ORT intra-op N, "
            "inter-op 1, sequential execution, graph optimisation level "
            "all)" % ", ".join(str(t) for t in thread_counts),
            "- ONNX Runtime: onnxruntime-node %s (CPU execution provider)"
            % ort_version(),
            "- modelc: git %s%s" % (
                git_revision(),
                ", extra options `%s`" % " ".join(extra) if extra else ""),
            "- Command: `%s`" % command,
            "",
        ]
        for threads, table in tables:
            lines += [
                "## %d thread%s" % (threads, "" if threads == 1 else "s"),
                "",
                "| " + " | ".join(header) + " |",
                "|" + "|".join("---" if i == 0 else "---:"
                               for i in range(len(header))) + "|",
            ]
            for r in table:
                lines.append("| " + " | ".join(escape_cell(c) for c in r)
                             + " |")
            lines.append("")
        if dynamic_rows:
            lines += [
                "## Dynamic batch",
                "",
                "The same model with a symbolic batch dimension, compiled "
                "once (dynamic) and run at batch 1, against it pinned to "
                "batch 1 with `--shape`; modelc-run medians, 1 thread.",
                "",
                "| model | dynamic ms | pinned ms | ratio |",
                "|---|---:|---:|---:|",
            ]
            for r in dynamic_rows:
                lines.append("| " + " | ".join(escape_cell(c) for c in r)
                             + " |")
            lines.append("")
        lines += [
            "## Compilation",
            "",
            "`modelc model.onnx -o model` (object file and header), wall "
            "time and the compiler's peak resident memory.",
            "",
            "| model | compile s | peak MiB |",
            "|---|---:|---:|",
        ]
        for model in models:
            stats, error = compiled[model]
            cells = (["error: " + error, "-"] if error else
                     ["%.1f" % stats[0], "%.0f" % stats[1]])
            lines.append("| " + " | ".join(escape_cell(c) for c in
                                           [model] + cells) + " |")
        lines.append("")
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)),
                    exist_ok=True)
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines))
        print("\nwrote %s" % args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
