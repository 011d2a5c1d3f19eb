#!/usr/bin/python3
"""CNNs and an LSTM with dynamic dimensions, compiled once, run at several sizes.

    dynamic_cnn_test.py --model cnn|lstm|autopad --modelc-run PATH --work-dir DIR

cnn: a small torchvision-like CNN (seeded random weights, ONNX opset 13)
whose input `x` has the symbolic dimensions `batch`, `height` and `width`
(3 channels): a stem of Conv (stride 2, padded) + Relu and MaxPool
(ceil_mode, padded), a residual block (Add, then BatchNormalization), a
depthwise separable block (grouped Conv, ReLU6 as Clip), a dilated Conv, a
SqueezeNet-like fire module (Concat), AveragePool, a ConvTranspose (stride
2, output_padding), Resize (nearest by constant scales, linear to sizes
computed from the input's shape) and GlobalAveragePool, Flatten and Gemm.
The export folds a BatchNormalization that follows a Conv into it; the one
after the Add stays a node.

lstm: a bidirectional LSTM and a GRU over `x` with the symbolic dimensions
`seq` and `batch` (sequence first), then a Linear head.

autopad: a graph written with onnx.helper (PyTorch exports explicit pads)
of a Conv, MaxPool, AveragePool and a dilated Conv with auto_pad
SAME_UPPER/SAME_LOWER and a stride of 2 over `x` of dynamic batch, height
and width, whose pads depend on the run-time sizes; the reference pads
explicitly as ONNX's formula says.

Writes inputs of several sizes with PyTorch's outputs (computed in float64,
rounded to float32), runs modelc-run once on all of them (one compilation,
one --input-dir per size) and compares every output (rtol 1e-3, atol 1e-4).
It then checks that inputs which do not fit the model are rejected with a
clear message: a wrong static dimension by modelc-run's shape check, a
spatial size too small for a kernel, and (cnn) a wrong channel count for a
variant of the model whose channel dimension is dynamic too, by a run-time
check of the compiled code. Prints PASS/FAIL lines; exits 0 when everything
passes.
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

CHANNELS = 3
FEATURES = 12

# (batch, height, width) of the CNN's inputs.
CNN_SIZES = [(1, 32, 32), (2, 32, 32), (5, 32, 32), (1, 17, 23), (3, 48, 40),
             (2, 64, 29)]
# (seq, batch) of the LSTM's inputs.
LSTM_SIZES = [(1, 1), (5, 2), (13, 3), (2, 7)]
# (batch, height, width) of the auto_pad graph's inputs.
AUTOPAD_SIZES = [(1, 17, 23), (2, 32, 32), (3, 9, 10), (1, 5, 2), (2, 1, 1)]


def build_cnn():
    import torch
    from torch import nn

    def conv_bn(cin, cout, k, stride=1, padding=0, groups=1, dilation=1):
        return nn.Sequential(
            nn.Conv2d(cin, cout, k, stride, padding, dilation=dilation,
                      groups=groups, bias=False),
            nn.BatchNorm2d(cout))

    class Fire(nn.Module):
        def __init__(self, cin, squeeze, expand):
            super().__init__()
            self.squeeze = nn.Conv2d(cin, squeeze, 1)
            self.expand1 = nn.Conv2d(squeeze, expand, 1)
            self.expand3 = nn.Conv2d(squeeze, expand, 3, padding=1)

        def forward(self, x):
            s = torch.relu(self.squeeze(x))
            return torch.cat([torch.relu(self.expand1(s)),
                              torch.relu(self.expand3(s))], 1)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = conv_bn(CHANNELS, 16, 3, stride=2, padding=1)
            self.pool = nn.MaxPool2d(3, 2, padding=1, ceil_mode=True)
            self.res1 = conv_bn(16, 16, 3, padding=1)
            self.res2 = conv_bn(16, 16, 3, padding=1)
            self.res_bn = nn.BatchNorm2d(16)
            self.dw = conv_bn(16, 16, 3, padding=1, groups=16)
            self.pw = conv_bn(16, 24, 1)
            self.dilated = nn.Conv2d(24, 24, 3, padding=2, dilation=2)
            self.fire = Fire(24, 8, 16)
            self.avg = nn.AvgPool2d(3, 1, padding=1, count_include_pad=False)
            self.up = nn.ConvTranspose2d(32, 8, 3, stride=2, padding=1,
                                         output_padding=1)
            self.head = nn.Linear(8, FEATURES)

        def forward(self, x):
            x = self.pool(torch.relu(self.stem(x)))
            x = torch.relu(self.res_bn(x + self.res2(torch.relu(self.res1(x)))))
            x = nn.functional.relu6(self.pw(nn.functional.relu6(self.dw(x))))
            x = torch.relu(self.dilated(x))
            x = self.avg(self.fire(x))
            x = torch.relu(self.up(x))
            x = nn.functional.interpolate(x, scale_factor=2.0, mode="nearest")
            x = nn.functional.interpolate(
                x, size=(x.shape[2] + 3, x.shape[3] + 1), mode="bilinear",
                align_corners=False)
            x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1)
            return self.head(x)

    torch.manual_seed(0)
    model = Net()
    gen = torch.Generator().manual_seed(2)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.7, 1.3, generator=gen)
                m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=gen))
                m.running_mean.copy_(
                    0.1 * torch.randn(m.running_mean.shape, generator=gen))
                m.running_var.uniform_(0.5, 1.5, generator=gen)
    model.eval()
    return model


def build_lstm():
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(FEATURES, 10, bidirectional=True)
            self.gru = nn.GRU(20, 8)
            self.head = nn.Linear(8, 4)

        def forward(self, x):
            y, _ = self.lstm(x)
            y, _ = self.gru(y)
            return self.head(y)

    torch.manual_seed(0)
    model = Net()
    model.eval()
    return model


def same_pads(size, kernel, stride, dilation, upper):
    """ONNX's auto_pad SAME_*: the begin and end pads of one axis."""
    out = -(-size // stride)
    total = max(0, (out - 1) * stride + (kernel - 1) * dilation + 1 - size)
    small, large = total // 2, total - total // 2
    return (small, large) if upper else (large, small)


def build_autopad():
    import torch
    from torch.nn import functional as F

    class Net(torch.nn.Module):
        """The reference: the pads of each layer computed from the input's
        size, then unpadded PyTorch ops."""

        def __init__(self):
            super().__init__()
            gen = torch.Generator().manual_seed(3)
            self.w1 = torch.nn.Parameter(
                0.3 * torch.randn(8, CHANNELS, 3, 3, generator=gen))
            self.b1 = torch.nn.Parameter(0.1 * torch.randn(8, generator=gen))
            self.w2 = torch.nn.Parameter(
                0.3 * torch.randn(4, 8, 2, 2, generator=gen))

        @staticmethod
        def pad(x, kernel, stride, dilation, upper, value):
            (t, b) = same_pads(x.shape[2], kernel, stride, dilation, upper)
            (l, r) = same_pads(x.shape[3], kernel, stride, dilation, upper)
            return F.pad(x, (l, r, t, b), value=value)

        def forward(self, x):
            x = torch.relu(F.conv2d(self.pad(x, 3, 2, 1, True, 0.0),
                                    self.w1, self.b1, stride=2))
            x = F.max_pool2d(self.pad(x, 3, 2, 1, False, float("-inf")), 3, 2)
            # count_include_pad = 0: the sum over the window's positions
            # inside the input, divided by their number.
            ones = torch.ones_like(x[:1, :1])
            total = F.avg_pool2d(self.pad(x, 3, 2, 1, True, 0.0), 3, 2,
                                 divisor_override=1)
            count = F.avg_pool2d(self.pad(ones, 3, 2, 1, True, 0.0), 3, 2,
                                 divisor_override=1)
            x = total / count
            return F.conv2d(self.pad(x, 2, 2, 2, False, 0.0), self.w2,
                            stride=2, dilation=2)

    model = Net()
    model.eval()
    return model


def export_autopad(model, path):
    """The ONNX graph of build_autopad's Net, with auto_pad."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    def init(name, tensor):
        return numpy_helper.from_array(tensor.detach().numpy(), name)

    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], strides=[2, 2],
                         auto_pad="SAME_UPPER"),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[3, 3],
                         strides=[2, 2], auto_pad="SAME_LOWER"),
        helper.make_node("AveragePool", ["p1"], ["p2"], kernel_shape=[3, 3],
                         strides=[2, 2], auto_pad="SAME_UPPER"),
        helper.make_node("Conv", ["p2", "w2"], ["y"], strides=[2, 2],
                         dilations=[2, 2], auto_pad="SAME_LOWER"),
    ]
    graph = helper.make_graph(
        nodes, "autopad",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                       ["batch", CHANNELS, "height", "width"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                       ["batch", 4, None, None])],
        [init("w1", model.w1), init("b1", model.b1), init("w2", model.w2)])
    proto = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(proto)
    onnx.save(proto, path)


MODELS = {
    # name: (builder, input dimension names, output dimension names,
    #        sizes, shape of an input of SIZE)
    "cnn": (build_cnn, {0: "batch", 2: "height", 3: "width"}, {0: "batch"},
            CNN_SIZES, lambda s: (s[0], CHANNELS, s[1], s[2])),
    "lstm": (build_lstm, {0: "seq", 1: "batch"}, {0: "seq", 1: "batch"},
             LSTM_SIZES, lambda s: (s[0], s[1], FEATURES)),
    "autopad": (build_autopad, None, None, AUTOPAD_SIZES,
                lambda s: (s[0], CHANNELS, s[1], s[2])),
}


def export(name, model, path, input_axes, output_axes, example):
    import onnx
    import torch

    torch.onnx.export(
        model, (example,), path, opset_version=13, input_names=["x"],
        output_names=["y"], dynamic_axes={"x": input_axes, "y": output_axes},
        do_constant_folding=False, training=torch.onnx.TrainingMode.EVAL)
    proto = onnx.load(path)
    onnx.checker.check_model(proto)
    dims = proto.graph.input[0].type.tensor_type.shape.dim
    for axis, dim_name in input_axes.items():
        if dims[axis].dim_param != dim_name:
            raise RuntimeError("%s: the export lost the dynamic dimension %s"
                               % (name, dim_name))


def write_data_set(directory, x, y):
    import numpy as np
    from onnx import numpy_helper

    os.makedirs(directory)
    for file_name, arr, tensor_name in (("input_0.pb", x, "x"),
                                        ("output_0.pb", y, "y")):
        tensor = numpy_helper.from_array(np.ascontiguousarray(arr),
                                         tensor_name)
        with open(os.path.join(directory, file_name), "wb") as f:
            f.write(tensor.SerializeToString())


def run_one(modelc_run, model, input_dir, work_dir):
    """Runs modelc-run on one input; returns (returncode, output)."""
    return modelc_testing.run_modelc(modelc_run, model, input_dir,
                                     os.path.join(work_dir, "out"),
                                     timeout=900)


def expect_rejected(label, modelc_run, model, work_dir, shape, want):
    """Runs MODEL on zeros of SHAPE, which must fail with WANT in the
    output; returns 1 on failure (and prints FAIL), else 0."""
    import numpy as np
    from onnx import numpy_helper

    d = os.path.join(work_dir, label.replace(" ", "_"))
    os.makedirs(d)
    with open(os.path.join(d, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(np.zeros(shape, np.float32), "x")
                .SerializeToString())
    code, text = run_one(modelc_run, model, d, d)
    if code == 0 or want not in text:
        print("FAIL dynamic: %s gave exit %d and %r (wanted %r)"
              % (label, code, text[-2000:], want))
        return 1
    print("PASS dynamic: %s is rejected" % label)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()

    import torch

    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    build, input_axes, output_axes, sizes, shape_of = MODELS[args.model]
    model = build()
    path = os.path.join(args.work_dir, "model.onnx")
    if args.model == "autopad":
        export_autopad(model, path)
    else:
        export(args.model, model, path, input_axes, output_axes,
               torch.randn(shape_of(sizes[1])))

    reference = copy.deepcopy(model).double()
    gen = torch.Generator().manual_seed(1)
    data_sets = []
    for size in sizes:
        x = torch.randn(shape_of(size), generator=gen)
        with torch.no_grad():
            y = reference(x.double()).float()
        d = os.path.join(args.work_dir,
                         "data_" + "x".join(str(s) for s in size))
        write_data_set(d, x.numpy(), y.numpy())
        data_sets.append(d)

    # One compilation serves every size.
    outputs = [d + ".out" for d in data_sets]
    cmd = [args.modelc_run, path, "--threads=2"]
    for d, o in zip(data_sets, outputs):
        cmd += ["--input-dir", d, "--output-dir", o]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=1500)
    if proc.returncode != 0:
        print(proc.stdout.decode("utf-8", "replace"))
        print("FAIL dynamic %s: modelc-run exited with %d"
              % (args.model, proc.returncode))
        return 1
    failed = 0
    for size, d, o in zip(sizes, data_sets, outputs):
        msg = modelc_testing.compare_dirs(d, o, rtol=1e-3, atol=1e-4)
        status = "FAIL" if msg else "PASS"
        print("%s dynamic %s: %s%s" % (status, args.model,
                                       "x".join(str(s) for s in shape_of(size)),
                                       ": " + msg if msg else ""))
        failed += bool(msg)

    # Inputs that do not fit are rejected by name.
    if args.model == "cnn":
        failed += expect_rejected(
            "a wrong channel count", args.modelc_run, path, args.work_dir,
            (2, CHANNELS + 1, 32, 32),
            "input 0 ('x') has shape [2x4x32x32], the model wants [?x3x?x?]")
        # The padded input of the stem must hold one 3x3 window: a height
        # of 0 (not 1, which its padding of 1 makes 3) is caught at run
        # time.
        failed += expect_rejected(
            "an input too small for the kernels", args.modelc_run, path,
            args.work_dir, (1, CHANNELS, 0, 8),
            "the model returned shape mismatch")
        # With a dynamic channel dimension the Conv checks it at run time.
        any_channels = os.path.join(args.work_dir, "any_channels.onnx")
        export("cnn", model, any_channels,
               {0: "batch", 1: "channels", 2: "height", 3: "width"},
               output_axes, torch.randn(shape_of(sizes[1])))
        failed += expect_rejected(
            "a wrong channel count at run time", args.modelc_run,
            any_channels, args.work_dir, (2, CHANNELS + 1, 32, 32),
            "the model returned shape mismatch")
    elif args.model == "lstm":
        failed += expect_rejected(
            "a wrong feature count", args.modelc_run, path, args.work_dir,
            (3, 2, FEATURES + 1),
            "input 0 ('x') has shape [3x2x13], the model wants [?x?x12]")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
