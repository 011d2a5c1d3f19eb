#!/usr/bin/python3
"""Real-model shape patterns, compiled as a new user would, against ONNX
Runtime.

    shape_patterns_test.py --modelc PATH --modelc-run PATH --ort-run PATH
                           --work-dir DIR

Two models of the patterns that exporters write (seeded random weights):

- a text detector with dynamic batch, height and width (a PaddleOCR-style
  DB detector, exported by torch.onnx): the input padded to a multiple of
  32 (Pad of sizes computed with Mod and Sub on its Shape), an FPN whose
  upsamplings take the sizes of other feature maps (Shape -> Gather/Slice
  -> Concat -> Resize), a half-size map whose sizes are computed in float
  (Cast, Mul, Floor), the score map cropped back to the input size (Slice
  with computed ends) and a flattened output (Reshape with a computed
  shape). Compiled once unpinned with default options, it must run every
  size, one of which needs megabytes of buffers, and its header must not
  mention the dynamic arena: every size is planned from the input shapes.
- a voice-activity model scripted by TorchScript: a Conv1d and a GRU over
  the samples, then `if p.size(0) == 1: p = p.squeeze(0)` (an If whose
  branches differ in rank) and `if sr == 8000: p = p * 0.5` on an input
  scalar. Unpinned, modelc refuses it, naming the If and the --shape that
  decides it; with --shape it compiles (one batch size squeezed, another
  not) and matches ONNX Runtime for both sample rates; with --freeze
  sr=8000 as well, the sample rate leaves the interface (modelc-run takes
  one input fewer) and no If is left.

And torchvision's ShuffleNetV2 exported with dynamic batch, height and
width (its channel shuffles reshape with shapes computed from Shape), which
once lost ranks: compiled once, run at two sizes.

Prints ok/FAIL lines; exits 0 when everything passes.
"""

import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))

import modelc_testing  # noqa: E402

DETECTOR_SIZES = [(1, 64, 96), (2, 481, 643), (1, 97, 131)]
# (batch, samples), each run at both sample rates.
VAD_SHAPES = [(1, 100), (3, 250)]


def export_detector(path):
    import torch
    import torch.nn.functional as F
    from torch import nn

    class Detector(nn.Module):
        def __init__(self):
            super().__init__()
            self.c1 = nn.Conv2d(3, 8, 3, 2, 1)
            self.c2 = nn.Conv2d(8, 16, 3, 2, 1)
            self.c3 = nn.Conv2d(16, 16, 3, 2, 1)
            self.l2 = nn.Conv2d(16, 8, 1)
            self.l3 = nn.Conv2d(16, 8, 1)
            self.head = nn.ConvTranspose2d(8, 1, 2, 2)

        def forward(self, x):
            h, w = x.shape[2], x.shape[3]
            ph = (32 - h % 32) % 32
            pw = (32 - w % 32) % 32
            xp = F.pad(x, [0, pw, 0, ph])
            a = F.relu(self.c1(xp))
            b = F.relu(self.c2(a))
            c = F.relu(self.c3(b))
            p = self.l2(b) + F.interpolate(self.l3(c), size=b.shape[2:],
                                           mode="nearest")
            half = F.interpolate(p, scale_factor=0.5, mode="bilinear",
                                 align_corners=False,
                                 recompute_scale_factor=True)
            p = F.interpolate(p, size=a.shape[2:], mode="bilinear",
                              align_corners=False) + a[:, :8]
            score = torch.sigmoid(F.interpolate(self.head(p),
                                                size=xp.shape[2:],
                                                mode="nearest"))
            return score[:, :, :h, :w], half.flatten(2)

    torch.manual_seed(0)
    model = Detector().eval()
    torch.onnx.export(model, (torch.randn(1, 3, 64, 96),), path,
                      opset_version=13, input_names=["x"],
                      output_names=["score", "half"],
                      dynamic_axes={"x": {0: "n", 2: "h", 3: "w"}})


def export_vad(path):
    import torch
    from torch import nn

    class VAD(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv1d(1, 8, 5, padding=2)
            self.gru = nn.GRU(8, 16, batch_first=True)
            self.out = nn.Linear(16, 1)

        def forward(self, x, sr: int):
            h = torch.relu(self.conv(x.unsqueeze(1))).transpose(1, 2)
            y, _ = self.gru(h)
            p = torch.sigmoid(self.out(y)).squeeze(-1)
            if p.size(0) == 1:
                p = p.squeeze(0)
            if sr == 8000:
                p = p * 0.5
            return p

    torch.manual_seed(0)
    model = torch.jit.script(VAD().eval())
    torch.onnx.export(model, (torch.randn(2, 100), torch.tensor(16000)), path,
                      opset_version=13, input_names=["x", "sr"],
                      output_names=["p"],
                      dynamic_axes={"x": {0: "b", 1: "t"}})


def write_inputs(directory, arrays):
    from onnx import numpy_helper

    os.makedirs(directory, exist_ok=True)
    for k, (name, array) in enumerate(arrays):
        with open(os.path.join(directory, "input_%d.pb" % k), "wb") as f:
            f.write(numpy_helper.from_array(array, name).SerializeToString())


def run(cmd, timeout=900):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def run_and_compare(check, args, model, data_sets, what, extra=()):
    """Compiles MODEL once with modelc-run (EXTRA options), runs it on every
    data set (name, input dir, reference dir) and compares the outputs."""
    out_dirs = []
    cmd = [args.modelc_run, model] + list(extra)
    for name, input_dir, _ in data_sets:
        out_dir = os.path.join(args.work_dir, "out", what, name)
        shutil.rmtree(out_dir, ignore_errors=True)
        cmd += ["--input-dir", input_dir, "--output-dir", out_dir]
        out_dirs.append(out_dir)
    rc, out = run(cmd)
    if not check(rc == 0, "%s: modelc-run %s" % (what, " ".join(extra))):
        print(out[-3000:])
        return
    for (name, _, ref_dir), out_dir in zip(data_sets, out_dirs):
        msg = modelc_testing.compare_dirs(ref_dir, out_dir, rtol=1e-3,
                                          atol=1e-4)
        check(msg is None, "%s: %s matches ONNX Runtime%s" % (
            what, name, "" if msg is None else " (%s)" % msg))


def reference(check, args, model, name, input_dir):
    ref_dir = os.path.join(args.work_dir, "ort", os.path.basename(model),
                           name)
    shutil.rmtree(ref_dir, ignore_errors=True)
    rc, out = run(["node", args.ort_run, model, "--input-dir", input_dir,
                   "--output-dir", ref_dir, "--threads", "1"])
    check(rc == 0, "ONNX Runtime runs %s on %s" % (
        os.path.basename(model), name))
    if rc != 0:
        print(out[-2000:])
    return ref_dir


def image_data_sets(check, args, model, what, sizes):
    """Seeded N x 3 x H x W images of SIZES ((N, H, W) each) with ONNX
    Runtime's outputs for MODEL: (name, input dir, reference dir) each."""
    import numpy as np

    data_sets = []
    for n, h, w in sizes:
        name = "%dx3x%dx%d" % (n, h, w)
        input_dir = os.path.join(args.work_dir, "in", what, name)
        x = np.random.RandomState(n * h * w).randn(n, 3, h, w).astype(
            np.float32)
        write_inputs(input_dir, [("x", x)])
        data_sets.append((name, input_dir,
                          reference(check, args, model, name, input_dir)))
    return data_sets


def test_detector(check, args):
    model = os.path.join(args.work_dir, "detector.onnx")
    export_detector(model)
    data_sets = image_data_sets(check, args, model, "detector",
                                DETECTOR_SIZES)
    run_and_compare(check, args, model, data_sets, "detector")
    # Every size comes from the input shapes: no dynamic arena.
    header_base = os.path.join(args.work_dir, "detector")
    rc, out = run([args.modelc, model, "-o", header_base])
    if check(rc == 0, "detector: modelc compiles it unpinned"):
        with open(header_base + ".h") as f:
            header = f.read()
        check("DYNAMIC_ARENA" not in header and
              "CAPACITY_EXCEEDED" not in header,
              "detector: the header has no dynamic arena (every buffer "
              "planned from the input shapes by detector_prepare)")
    else:
        print(out[-2000:])


def test_vad(check, args):
    import numpy as np

    model = os.path.join(args.work_dir, "vad.onnx")
    export_vad(model)
    # Unpinned: the If on the batch size stays unknown.
    rc, out = run([args.modelc, model, "--emit=mlir", "-o", "-"])
    check(rc != 0 and "If node '/If'" in out and
          "the branches must agree on element type and rank where the "
          "condition is known only at run time; --shape x=... would decide "
          "it at compile time" in out,
          "vad: unpinned, the If on p.size(0) is refused with the --shape "
          "that decides it")
    if rc == 0 or "error" not in out:
        print(out[-2000:])
    for batch, samples in VAD_SHAPES:
        # Pinned: both sample rates, the If on sr decided at run time.
        data_sets, frozen_sets = [], []
        for sr in (16000, 8000):
            name = "%dx%d-sr%d" % (batch, samples, sr)
            x = np.random.RandomState(batch * 7 + sr).randn(
                batch, samples).astype(np.float32)
            input_dir = os.path.join(args.work_dir, "in", "vad", name)
            write_inputs(input_dir,
                         [("x", x), ("sr", np.array(sr, np.int64))])
            ref_dir = reference(check, args, model, name, input_dir)
            data_sets.append((name, input_dir, ref_dir))
            if sr == 8000:
                frozen_dir = os.path.join(args.work_dir, "in", "vad",
                                          name + "-frozen")
                write_inputs(frozen_dir, [("x", x)])
                frozen_sets.append((name, frozen_dir, ref_dir))
        shape = "x=%dx%d" % (batch, samples)
        run_and_compare(check, args, model, data_sets,
                        "vad --shape " + shape, ["--shape", shape])
        run_and_compare(check, args, model, frozen_sets,
                        "vad --shape %s --freeze sr=8000" % shape,
                        ["--shape", shape, "--freeze", "sr=8000"])
        rc, out = run([args.modelc, model, "--shape", shape, "--freeze",
                       "sr=8000", "--emit=mlir", "-o", "-"])
        check(rc == 0 and "modelc.if" not in out and
              'modelc.name = "sr"' not in out,
              "vad --shape %s --freeze sr=8000: no If left, sr is not an "
              "input" % shape)


def test_shufflenet(check, args):
    import torch
    import torchvision

    model = os.path.join(args.work_dir, "shufflenet.onnx")
    torch.manual_seed(0)
    net = torchvision.models.shufflenet_v2_x1_0().eval()
    torch.onnx.export(net, (torch.randn(1, 3, 224, 224),), model,
                      opset_version=13, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "n", 2: "h", 3: "w"},
                                    "y": {0: "n"}})
    data_sets = image_data_sets(check, args, model, "shufflenet",
                                [(1, 224, 224), (2, 160, 192)])
    run_and_compare(check, args, model, data_sets, "shufflenet")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc", required=True)
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--ort-run", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.work_dir, exist_ok=True)
    check = modelc_testing.Checks()
    test_detector(check, args)
    test_vad(check, args)
    test_shufflenet(check, args)
    if check.failures:
        print("%d check(s) failed" % len(check.failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
