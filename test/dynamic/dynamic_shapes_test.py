#!/usr/bin/python3
"""A model with dynamic dimensions, compiled once and run at several sizes.

    dynamic_shapes_test.py --modelc-run PATH --work-dir DIR

Exports a small Transformer encoder (input projection, two encoder layers,
classifier head with Softmax; seeded random weights, ONNX opset 13) whose
input `x` has the symbolic dimensions `batch` and `seq`, writes inputs of
several (batch, seq) sizes with PyTorch's outputs (computed in float64 and
rounded to float32), runs modelc-run once on all of them (one compilation,
one --input-dir per size) and compares every output (rtol 1e-3, atol 1e-4).
It then checks that inputs which do not fit the model are rejected with a
clear message. Prints PASS/FAIL lines; exits 0 when everything passes.
"""

import argparse
import copy
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))

import modelc_testing  # noqa: E402

SIZES = [(1, 1), (2, 7), (3, 33), (1, 128), (5, 2)]
FEATURES = 16


def build_model():
    import torch
    from torch import nn

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Linear(FEATURES, 64)
            self.encoder = nn.TransformerEncoder(
                nn.TransformerEncoderLayer(64, 4, 128, batch_first=True), 2,
                enable_nested_tensor=False)
            self.head = nn.Linear(64, 10)

        def forward(self, x):
            return self.head(self.encoder(self.embed(x))).softmax(-1)

    torch.manual_seed(0)
    model = Encoder()
    # Distinct weights per layer (TransformerEncoder deep-copies one).
    for layer in model.encoder.layers:
        layer.self_attn._reset_parameters()
        layer.linear1.reset_parameters()
        layer.linear2.reset_parameters()
    model.eval()
    # Grad enabled: torch 1.13's eval fast path cannot be exported (see
    # test/models/export_models.py).
    for p in model.parameters():
        p.requires_grad_(True)
    return model


def export(work_dir):
    import numpy as np
    import onnx
    import torch
    from onnx import numpy_helper

    model = build_model()
    path = os.path.join(work_dir, "model.onnx")
    with torch.enable_grad():
        torch.onnx.export(
            model, (torch.randn(2, 7, FEATURES),), path, opset_version=13,
            input_names=["x"], output_names=["y"],
            dynamic_axes={"x": {0: "batch", 1: "seq"},
                          "y": {0: "batch", 1: "seq"}},
            training=torch.onnx.TrainingMode.EVAL)
    proto = onnx.load(path)
    onnx.checker.check_model(proto)
    dims = [d.dim_param for d in proto.graph.input[0].type.tensor_type.shape.dim]
    if dims[:2] != ["batch", "seq"]:
        raise RuntimeError("the export lost the dynamic dimensions: %s" % dims)
    reference = copy.deepcopy(model).double()
    gen = torch.Generator().manual_seed(1)
    data_sets = []
    for batch, seq in SIZES:
        x = torch.randn((batch, seq, FEATURES), generator=gen)
        with torch.enable_grad():
            y = reference(x.double()).detach().float()
        d = os.path.join(work_dir, "data_%dx%d" % (batch, seq))
        os.makedirs(d)
        for name, arr, tname in (("input_0.pb", x.numpy(), "x"),
                                 ("output_0.pb", y.numpy(), "y")):
            tensor = numpy_helper.from_array(np.ascontiguousarray(arr), tname)
            with open(os.path.join(d, name), "wb") as f:
                f.write(tensor.SerializeToString())
        data_sets.append(d)
    return path, data_sets


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()

    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    model, data_sets = export(args.work_dir)
    outputs = [d + ".out" for d in data_sets]
    cmd = [args.modelc_run, model, "--threads=2"]
    for d, o in zip(data_sets, outputs):
        cmd += ["--input-dir", d, "--output-dir", o]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=1500)
    if proc.returncode != 0:
        print(proc.stdout.decode("utf-8", "replace"))
        print("FAIL dynamic: modelc-run exited with %d" % proc.returncode)
        return 1
    failed = 0
    for (batch, seq), d, o in zip(SIZES, data_sets, outputs):
        msg = modelc_testing.compare_dirs(d, o, rtol=1e-3, atol=1e-4)
        status = "FAIL" if msg else "PASS"
        print("%s dynamic: batch=%d seq=%d%s" % (status, batch, seq,
                                                ": " + msg if msg else ""))
        failed += bool(msg)

    # An input whose static dimension differs is rejected by name.
    import numpy as np
    from onnx import numpy_helper
    bad = os.path.join(args.work_dir, "bad")
    os.makedirs(bad)
    with open(os.path.join(bad, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(
            np.zeros((2, 3, FEATURES + 1), np.float32), "x")
            .SerializeToString())
    proc = subprocess.run([args.modelc_run, model, "--input-dir", bad],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=1500)
    text = proc.stdout.decode("utf-8", "replace")
    want = "input 0 ('x') has shape [2x3x17], the model wants [?x?x16]"
    if proc.returncode == 0 or want not in text:
        print("FAIL dynamic: a wrong input shape gave exit %d and %r"
              % (proc.returncode, text))
        failed += 1
    else:
        print("PASS dynamic: a wrong input shape is rejected")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
