#!/usr/bin/python3
"""The cross-compilation test: models compiled by modelc for another
architecture (aarch64-linux-gnu), linked with the runtime the build made for
it, run under qemu-user and compared with the x86-64 results.

1. The Fashion-MNIST demo (examples/fashion_mnist/demo.c), float, on the
   10,000 test images: every prediction and printed logit the same as the
   x86-64 build's. int8 builds (from the example's calibration table) with
   usdot (--mcpu=neoverse-v1, i8mm) and with sdot on flipped activations
   (--mcpu=neoverse-n1, dotprod) on the first 2,000 images: the accuracy
   within 0.5 points of the x86-64 int8 build's.
2. A sample of the ONNX backend tests (SAMPLE below): each model compiled
   with its input shapes pinned, run by a C harness generated from its
   header (the packed interface), outputs against the test's expected ones
   at the backend tolerance (rtol 1e-3, atol 1e-7).
3. A sample of the reference models (squeezenet1_1, mobilenet_v2, exported
   by the model tests into --models-dir): outputs against modelc's x86-64
   outputs (modelc-run) and the reference at rtol 1e-3, atol 1e-4.
4. The CMake package with a cross toolchain file: the spam filter example
   configured with cmake/toolchains/<triple>.cmake against the build tree's
   package (modelc::runtime becomes the target's runtime, modelc_add_model()
   compiles for the target), run under qemu on corpus messages (--corpus)
   or crafted ones: the same lines as the host build's.

    cross_test.py --build BUILD --work DIR [--triple aarch64-linux-gnu]
                  [--cc aarch64-linux-gnu-gcc] [--qemu qemu-aarch64]
                  [--models-dir BUILD/models] [--fashion-dir DIR]
                  [--corpus DIR] [--cmake cmake] [--generator Ninja]
                  [--only fashion,backend,models,cmake]
"""

import argparse
import gzip
import os
import re
import shutil
import sys
import time

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
sys.dont_write_bytecode = True
from modelc_testing import (Checks, compare_arrays,  # noqa: E402
                            numbered_files, read_tensor_proto,
                            run_command as run)

check = Checks()
BACKEND = "/usr/share/libonnx-testdata/data/node"

# Convolutions (2-D, 1-D, grouped, strided), pools, products, normalizations,
# activations, reductions, indexing, shapes, recurrences and the quantized
# operators: the kernels whose code differs by architecture.
SAMPLE = [
    "test_basic_conv_with_padding", "test_conv_with_strides_padding",
    "test_conv_with_autopad_same", "test_maxpool_2d_pads",
    "test_maxpool_1d_default", "test_averagepool_2d_strides",
    "test_averagepool_1d_default", "test_globalaveragepool",
    "test_gemm_default_matrix_bias", "test_gemm_transposeB",
    "test_matmul_2d", "test_matmul_3d", "test_matmul_4d",
    "test_batchnorm_example", "test_instancenorm_example",
    "test_layer_normalization_4d_axis1", "test_lrn",
    "test_relu", "test_sigmoid", "test_tanh", "test_erf", "test_exp",
    "test_leakyrelu", "test_prelu_example", "test_clip",
    "test_softmax_axis_1", "test_logsoftmax_axis_1",
    "test_reduce_mean_keepdims_example", "test_reduce_sum_keepdims_random",
    "test_reduce_max_default_axes_keepdim_example", "test_argmax_keepdims_example",
    "test_gather_0", "test_gathernd_example_float32", "test_concat_3d_axis_1",
    "test_transpose_all_permutations_3", "test_slice", "test_constant_pad",
    "test_reflect_pad",
    "test_resize_upsample_scales_linear", "test_where_example",
    "test_cumsum_1d", "test_top_k", "test_einsum_batch_matmul",
    "test_gru_defaults", "test_lstm_defaults", "test_pow", "test_add_bcast",
    "test_qlinearconv", "test_qlinearmatmul_2D", "test_convinteger_with_padding",
    "test_matmulinteger", "test_dequantizelinear", "test_quantizelinear",
]

NUMPY_OF_DTYPE = {
    "FLOAT32": np.float32, "UINT8": np.uint8, "INT8": np.int8,
    "UINT16": np.uint16, "INT16": np.int16, "INT32": np.int32,
    "INT64": np.int64, "BOOL": np.bool_, "FLOAT16": np.float16,
    "FLOAT64": np.float64, "UINT32": np.uint32, "UINT64": np.uint64,
}




class Cross:
    def __init__(self, args):
        self.args = args
        self.modelc = os.path.join(args.build, "bin", "modelc")
        self.modelc_run = os.path.join(args.build, "bin", "modelc-run")
        self.include = os.path.join(SOURCE, "runtime", "include")
        self.sysroot = f"/usr/{args.triple}"

    def compile(self, model, out, mcpu, extra=()):
        """modelc --target for the cross target; the host when mcpu is None."""
        os.makedirs(os.path.dirname(out), exist_ok=True)
        cmd = [self.modelc, model, "--emit=lib", "-o", out] + list(extra)
        if mcpu is not None:
            cmd += [f"--target={self.args.triple}", f"--mcpu={mcpu}"]
        run(cmd)
        return out

    def link(self, sources, lib, include_dir, exe, cross=True):
        cc = self.args.cc if cross else "cc"
        cmd = [cc, "-O2", "-std=c99", "-I", include_dir, "-I", self.include]
        cmd += sources + [lib, "-lm", "-lpthread", "-o", exe]
        if cross:
            cmd.insert(1, "-static")
        run(cmd)
        return exe

    def emulate(self, cmd):
        return [self.args.qemu, "-L", self.sysroot] + cmd


def idx_prefix(src, dst, count, header):
    """The first COUNT items of an idx file (HEADER bytes of header, the
    item count at bytes 4-8)."""
    with open(src, "rb") as f:
        data = f.read()
    item = (len(data) - header) // int.from_bytes(data[4:8], "big")
    out = bytearray(data[:header + count * item])
    out[4:8] = count.to_bytes(4, "big")
    with open(dst, "wb") as f:
        f.write(out)


def predictions(log):
    return re.findall(r"^\s*#\d+: predicted .*$", log, re.M)


def accuracy(log):
    m = re.search(r"modelc accuracy: ([0-9.]+)%", log)
    return float(m.group(1)) if m else None


def fashion(cross, work):
    args = cross.args
    data = os.path.join(work, "fashion")
    os.makedirs(data, exist_ok=True)
    files = {}
    for name in ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        path = os.path.join(data, name)
        src = os.path.join(args.fashion_dir, name)
        if os.path.exists(src):
            shutil.copyfile(src, path)
        else:
            with gzip.open(src + ".gz") as f, open(path, "wb") as g:
                g.write(f.read())
        files[name] = path
    images, labels = (files["t10k-images-idx3-ubyte"],
                      files["t10k-labels-idx1-ubyte"])
    few_images = os.path.join(data, "images-2000")
    few_labels = os.path.join(data, "labels-2000")
    idx_prefix(images, few_images, 2000, 16)
    idx_prefix(labels, few_labels, 2000, 8)

    model = os.path.join(SOURCE, "examples/fashion_mnist/fashion_cnn.onnx")
    table = os.path.join(SOURCE, "examples/fashion_mnist/fashion_cnn.calib.json")
    demo = os.path.join(SOURCE, "examples/fashion_mnist/demo.c")

    def build(kind, mcpu, extra=()):
        folder = os.path.join(work, "demo-" + kind)
        lib = cross.compile(model, os.path.join(folder, "fashion_cnn"), mcpu,
                            ["--name", "fashion_cnn"] + list(extra))
        return cross.link([demo], os.path.join(folder, "libfashion_cnn.a"),
                          folder, os.path.join(folder, "demo"),
                          cross=mcpu is not None)

    def demo_run(exe, emulated, imgs, labs):
        cmd = [exe, "--images", imgs, "--labels", labs, "--show", "10000",
               "--threads", "1"]
        start = time.time()
        out = run(cross.emulate(cmd) if emulated else cmd)
        return out, time.time() - start

    host = build("x86-64", None)
    arm = build(args.triple, "neoverse-n1")
    host_out, _ = demo_run(host, False, images, labels)
    arm_out, seconds = demo_run(arm, True, images, labels)
    same = predictions(host_out) == predictions(arm_out)
    check(same and len(predictions(arm_out)) == 10000,
          f"Fashion-MNIST demo on {args.triple} under qemu ({seconds:.0f} s): "
          f"the same 10,000 predictions and logits as x86-64 "
          f"(accuracy {accuracy(arm_out)}% and {accuracy(host_out)}%)")

    int8 = ["--quantize=int8", "--calibration-table", table]
    host8 = build("x86-64-int8", None, int8)
    host8_out, _ = demo_run(host8, False, few_images, few_labels)
    for mcpu, kernel in (("neoverse-v1", "usdot"), ("neoverse-n1", "sdot")):
        exe = build(f"{args.triple}-int8-{mcpu}", mcpu, int8)
        out, seconds = demo_run(exe, True, few_images, few_labels)
        a, b = accuracy(out), accuracy(host8_out)
        agree = sum(x == y for x, y in zip(predictions(out),
                                           predictions(host8_out)))
        check(a is not None and b is not None and abs(a - b) <= 0.5,
              f"int8 demo with {kernel} ({mcpu}) under qemu ({seconds:.0f} s): "
              f"accuracy {a}% vs x86-64 int8 {b}% on 2,000 images "
              f"({agree} identical prediction lines)")


HARNESS = """\
/* Generated by cross_test.py: runs {name} on raw input files, writes raw
 * outputs. */
#include <stdio.h>
#include "{name}.h"
{buffers}
static int io(const char *path, void *data, size_t size, int write) {{
  FILE *f = fopen(path, write ? "wb" : "rb");
  size_t n;
  if (!f) {{ fprintf(stderr, "cannot open %s\\n", path); return 1; }}
  n = write ? fwrite(data, 1, size, f) : fread(data, 1, size, f);
  fclose(f);
  if (n != size) {{ fprintf(stderr, "%s: %zu of %zu bytes\\n", path, n, size); return 1; }}
  return 0;
}}
int main(int argc, char **argv) {{
  const void *inputs[] = {{{input_list}}};
  void *outputs[] = {{{output_list}}};
  void *workspace;
  modelc_status st;
  if (argc != 1 + {num_in} + {num_out}) {{ fprintf(stderr, "usage\\n"); return 2; }}
{reads}
  st = {name}_workspace_alloc(&workspace);
  if (st == MODELC_STATUS_OK) st = {name}_run_packed(inputs, outputs, workspace);
  if (st != MODELC_STATUS_OK) {{
    fprintf(stderr, "{name}: %s\\n", modelc_status_string(st));
    return 1;
  }}
{writes}
  {name}_workspace_free(workspace);
  return 0;
}}
"""


def header_tensors(header, name, kind):
    """[(dtype, count)] of the INPUT or OUTPUT macros of a generated header."""
    upper = name.upper()
    out = []
    k = 0
    while True:
        d = re.search(rf"#define {upper}_{kind}_{k}_DTYPE MODELC_DTYPE_(\w+)",
                      header)
        n = re.search(rf"#define {upper}_{kind}_{k}_NUM_ELEMENTS (\d+)", header)
        if not d:
            return out
        if not n or d.group(1) not in NUMPY_OF_DTYPE:
            raise RuntimeError(f"{kind} {k}: not a static tensor of a "
                               "numeric type")
        out.append((NUMPY_OF_DTYPE[d.group(1)], int(n.group(1))))
        k += 1


def run_harness(cross, model, inputs, folder, name, mcpu, extra=()):
    """Compiles MODEL for the target (mcpu) and runs it on INPUTS (numpy
    arrays) under qemu; returns the outputs as flat numpy arrays."""
    os.makedirs(folder, exist_ok=True)
    cross.compile(model, os.path.join(folder, name), mcpu,
                  ["--name", name] + list(extra))
    with open(os.path.join(folder, name + ".h")) as f:
        header = f.read()
    ins = header_tensors(header, name, "INPUT")
    outs = header_tensors(header, name, "OUTPUT")
    if len(ins) != len(inputs):
        raise RuntimeError(f"{len(ins)} inputs in the header, {len(inputs)} "
                           "given")
    size = lambda t: t[1] * np.dtype(t[0]).itemsize
    buffers = "".join(
        f"static unsigned char in{i}[{size(t) + 1}];\n"
        for i, t in enumerate(ins)) + "".join(
        f"static unsigned char out{i}[{size(t) + 1}];\n"
        for i, t in enumerate(outs))
    source = HARNESS.format(
        name=name, buffers=buffers, num_in=len(ins), num_out=len(outs),
        input_list=", ".join(f"in{i}" for i in range(len(ins))) or "0",
        output_list=", ".join(f"out{i}" for i in range(len(outs))),
        reads="\n".join(f"  if (io(argv[{1 + i}], in{i}, {size(t)}, 0)) "
                        "return 1;" for i, t in enumerate(ins)),
        writes="\n".join(
            f"  if (io(argv[{1 + len(ins) + i}], out{i}, {size(t)}, 1)) "
            "return 1;" for i, t in enumerate(outs)))
    harness = os.path.join(folder, "harness.c")
    with open(harness, "w") as f:
        f.write(source)
    exe = cross.link([harness], os.path.join(folder, f"lib{name}.a"), folder,
                     os.path.join(folder, "harness"))
    in_files, out_files = [], []
    for i, (array, (dtype, count)) in enumerate(zip(inputs, ins)):
        path = os.path.join(folder, f"in{i}.bin")
        np.ascontiguousarray(array, dtype=dtype).tofile(path)
        in_files.append(path)
    for i in range(len(outs)):
        out_files.append(os.path.join(folder, f"out{i}.bin"))
    run(cross.emulate([exe] + in_files + out_files))
    return [np.fromfile(p, dtype=t[0]) for p, t in zip(out_files, outs)]


def load_test(folder):
    data = os.path.join(folder, "test_data_set_0")
    read = lambda prefix: [numpy_helper.to_array(read_tensor_proto(f))
                           for f in numbered_files(data, prefix)]
    return read("input"), read("output")


def close(actual, expected, rtol, atol):
    """(whether the harness's flat ACTUAL matches EXPECTED, what to print)."""
    expected = np.asarray(expected)
    actual = np.asarray(actual)
    if actual.size != expected.size:
        return False, f"{actual.size} elements, expected {expected.size}"
    problem = compare_arrays(expected, actual.reshape(expected.shape), rtol,
                             atol)
    if problem:
        return False, problem
    if expected.dtype.kind in "biu":
        return True, "0 differ"
    err = (np.nanmax(np.abs(actual.astype(np.float64).reshape(-1) -
                            expected.astype(np.float64).reshape(-1)))
           if actual.size else 0.0)
    return True, f"max abs error {err:.3g}"


def shapes_of(model_path, inputs):
    model = onnx.load(model_path)
    initializers = {i.name for i in model.graph.initializer}
    names = [i.name for i in model.graph.input if i.name not in initializers]
    return [f"--shape={n}=" + ("x".join(str(d) for d in a.shape) or "1")
            for n, a in zip(names, inputs) if a.ndim > 0]


def backend(cross, work):
    passed = 0
    for test in SAMPLE:
        folder = os.path.join(BACKEND, test)
        if not check(os.path.isdir(folder), f"backend test {test} exists"):
            continue
        inputs, expected = load_test(folder)
        model = os.path.join(folder, "model.onnx")
        try:
            outputs = run_harness(cross, model, inputs,
                                  os.path.join(work, "backend", test), "m",
                                  "neoverse-v1", shapes_of(model, inputs))
        except RuntimeError as e:
            check(False, f"{test}: {e}")
            continue
        results = [close(a, e, 1e-3, 1e-7) for a, e in zip(outputs, expected)]
        if check(len(outputs) == len(expected) and all(ok for ok, _ in results),
                 f"{test} on {cross.args.triple}: " +
                 "; ".join(why for _, why in results)):
            passed += 1
    print(f"backend sample: {passed}/{len(SAMPLE)} pass on "
          f"{cross.args.triple} under qemu")


def models(cross, work):
    for name in ("squeezenet1_1", "mobilenet_v2"):
        folder = os.path.join(cross.args.models_dir, name)
        model = os.path.join(folder, "model.onnx")
        if not check(os.path.exists(model),
                     f"{name} exported by its model test into {folder}"):
            continue
        inputs, reference = load_test(folder)
        host_dir = os.path.join(work, "models", name, "x86-64")
        run([cross.modelc_run, model, "--input-dir",
             os.path.join(folder, "test_data_set_0"), "--output-dir",
             host_dir])
        host = [numpy_helper.to_array(read_tensor_proto(f))
                for f in numbered_files(host_dir, "output")]
        start = time.time()
        outputs = run_harness(cross, model, inputs,
                              os.path.join(work, "models", name, "arm"),
                              "m", "neoverse-v1", shapes_of(model, inputs))
        seconds = time.time() - start
        vs_host = [close(a, h, 1e-3, 1e-4) for a, h in zip(outputs, host)]
        vs_ref = [close(a, r, 1e-3, 1e-4) for a, r in zip(outputs, reference)]
        check(all(ok for ok, _ in vs_host + vs_ref),
              f"{name} on {cross.args.triple} under qemu ({seconds:.0f} s "
              f"with compiling): vs x86-64 modelc "
              f"{'; '.join(w for _, w in vs_host)}, vs reference "
              f"{'; '.join(w for _, w in vs_ref)}")


def cmake_package(cross, work):
    """The spam filter example built through the CMake package with the
    toolchain file, run under qemu (CMAKE_CROSSCOMPILING_EMULATOR's
    command), against the same program built for the host."""
    args = cross.args
    source = os.path.join(SOURCE, "examples", "spam_filter")
    package = os.path.join(args.build, "lib", "cmake", "modelc")
    toolchain = os.path.join(SOURCE, "cmake", "toolchains",
                             f"{args.triple}.cmake")
    programs = {}
    for kind, extra in (("host", []),
                        (args.triple, [f"-DCMAKE_TOOLCHAIN_FILE={toolchain}"])):
        folder = os.path.join(work, "spam_filter", kind)
        configure = [args.cmake, "-S", source, "-B", folder,
                     f"-Dmodelc_DIR={package}", "-DCMAKE_BUILD_TYPE=Release"]
        if args.generator:
            configure += ["-G", args.generator]
        run(configure + extra)
        run([args.cmake, "--build", folder])
        programs[kind] = os.path.join(folder, "spam-filter")
    messages = []
    if args.corpus and os.path.isdir(args.corpus):
        for group in sorted(os.listdir(args.corpus)):
            folder = os.path.join(args.corpus, group)
            if os.path.isdir(folder):
                names = sorted(n for n in os.listdir(folder)
                               if n.endswith(".txt"))
                messages += [os.path.join(folder, n) for n in names[::250]]
    else:
        folder = os.path.join(work, "messages")
        os.makedirs(folder, exist_ok=True)
        for i, text in enumerate(["Subject: hi\n\nlunch?\n",
                                  "Subject: WIN $$$ NOW\n\nclick here\n"]):
            path = os.path.join(folder, f"{i}.eml")
            with open(path, "w") as f:
                f.write(text)
            messages.append(path)
    host = run([programs["host"]] + messages)
    start = time.time()
    arm = run(cross.emulate([programs[args.triple]] + messages))
    seconds = time.time() - start
    lines = lambda out: [l for l in out.splitlines() if "\t" in l]
    check(lines(arm) == lines(host) and len(lines(arm)) == len(messages),
          f"the spam filter built with the {args.triple} toolchain file "
          f"through the CMake package scores {len(messages)} messages under "
          f"qemu ({seconds:.0f} s) as the host build does")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--triple", default="aarch64-linux-gnu")
    parser.add_argument("--cc", default="aarch64-linux-gnu-gcc")
    parser.add_argument("--qemu", default="qemu-aarch64")
    parser.add_argument("--models-dir", default="")
    parser.add_argument("--fashion-dir",
                        default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--corpus", default="",
                        help="the SpamAssassin corpus's data folder")
    parser.add_argument("--cmake", default="cmake")
    parser.add_argument("--generator", default="")
    parser.add_argument("--only", default="fashion,backend,models,cmake")
    args = parser.parse_args()
    args.build = os.path.abspath(args.build)
    args.models_dir = os.path.abspath(args.models_dir or
                                      os.path.join(args.build, "models"))
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    for tool in (args.cc, args.qemu):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found (scripts/install-deps "
                             "installs it)")
    cross = Cross(args)
    parts = args.only.split(",")
    if "fashion" in parts:
        fashion(cross, work)
    if "backend" in parts:
        backend(cross, work)
    if "models" in parts:
        models(cross, work)
    if "cmake" in parts:
        cmake_package(cross, work)
    return check.exit_status(f"cross-{args.triple}")


if __name__ == "__main__":
    sys.exit(main())
