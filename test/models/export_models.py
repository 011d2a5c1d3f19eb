#!/usr/bin/python3
"""Exports modelc's reference models to ONNX, with reference inputs/outputs.

    export_models.py --out DIR [--models a,b] [--force]

For each model NAME this writes

    DIR/NAME/model.onnx                       opset 13, static shapes
    DIR/NAME/test_data_set_0/input_0.pb       seeded random input (TensorProto)
    DIR/NAME/test_data_set_0/output_0.pb      PyTorch's output (TensorProto),
                                              computed in float64, as float32
    DIR/NAME/ops.json                         {op_type: count} of model.onnx

which is the layout of ONNX's own test_data_set_N folders.  Weights are
seeded random ones (no pretrained weights are downloaded), conditioned so
that activations neither explode nor vanish: BatchNorm running statistics
are measured on random data, biases and norm affine parameters are small
random values instead of 0/1, and the classifier head is rescaled so that
the output's standard deviation is about 1.

A model whose files exist and are newer than this script is skipped (so
re-running tests is cheap); --force re-exports.  Exports of the same model
by concurrent processes are serialised with a lock file and each export is
written to a temporary folder that is renamed into place, so readers never
see a half-written model.

Must run under Debian's /usr/bin/python3 (torch 1.13, torchvision 0.14,
onnx 1.12).
"""

import argparse
import collections
import contextlib
import copy
import fcntl
import json
import os
import shutil
import sys
import time

import numpy as np
import onnx
from onnx import numpy_helper
import torch
from torch import nn
import torchvision

OPSET = 13
MODEL_FILE = "model.onnx"
DATA_SET = "test_data_set_0"
OPS_FILE = "ops.json"


# --------------------------------------------------------------------------
# Weight conditioning.

def _randomize_norm_and_biases(model, gen):
    """Gives norm layers and biases small random values instead of 1 / 0.

    With the constructors' 1/0 initialisation a compiler that dropped a bias
    or a norm's affine transform would still pass; random values catch it.
    """
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm2d, nn.LayerNorm)):
            with torch.no_grad():
                m.weight.copy_(torch.empty_like(m.weight).uniform_(
                    0.7, 1.3, generator=gen))
                m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=gen))
        elif isinstance(m, (nn.Conv2d, nn.Linear)) and m.bias is not None:
            with torch.no_grad():
                m.bias.copy_(0.05 * torch.randn(m.bias.shape, generator=gen))
        elif isinstance(m, nn.MultiheadAttention) and \
                m.in_proj_bias is not None:
            with torch.no_grad():
                m.in_proj_bias.copy_(
                    0.05 * torch.randn(m.in_proj_bias.shape, generator=gen))


def _calibrate_batchnorm(model, input_shape, gen, batches=4, batch_size=8):
    """Sets BatchNorm running stats to the statistics of random inputs.

    Runs a few forward passes in train mode with a cumulative average
    (momentum=None), so that in eval mode every BatchNorm roughly normalises
    its input, as it does in a trained network.
    """
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    if not bns:
        return
    saved = [m.momentum for m in bns]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(batches):
            x = torch.randn((batch_size,) + tuple(input_shape[1:]),
                            generator=gen)
            model(x)
    for m, momentum in zip(bns, saved):
        m.momentum = momentum
    model.eval()


def _rescale_head(model, head, x):
    """Scales the last layer so that the model's output std is about 1.

    HEAD is a Conv2d/Linear whose output reaches the model output through
    positively homogeneous ops only (ReLU, pooling, flatten).
    """
    with torch.no_grad():
        std = float(model(x).std())
        if std > 0:
            head.weight.mul_(1.0 / std)
            if head.bias is not None:
                head.bias.mul_(1.0 / std)


# --------------------------------------------------------------------------
# Models.  Each builder returns (model in eval mode, input tensor).

IMAGE_SHAPE = (1, 3, 224, 224)


def _vision(ctor, head_of, prepare=None, **kwargs):
    """A torchvision classifier CTOR(weights=None, **KWARGS); HEAD_OF(model)
    is its last Linear/Conv2d; PREPARE(model, gen), when given, fixes up
    weights that the constructor leaves degenerate."""
    def build(gen):
        model = ctor(weights=None, **kwargs)
        if prepare is not None:
            prepare(model, gen)
        _randomize_norm_and_biases(model, gen)
        _calibrate_batchnorm(model, IMAGE_SHAPE, gen)
        model.eval()
        # Image input as after the usual mean/std normalisation.
        x = torch.randn(IMAGE_SHAPE, generator=gen)
        _rescale_head(model, head_of(model), x)
        return model, x
    return build


def _prepare_vit(model, gen):
    """torchvision's ViT zero-initialises its head (the output would be the
    head's bias alone) and its class token; give both random values."""
    with torch.no_grad():
        model.heads.head.weight.copy_(
            0.02 * torch.randn(model.heads.head.weight.shape, generator=gen))
        model.class_token.copy_(
            0.02 * torch.randn(model.class_token.shape, generator=gen))


def _transformer_encoder(gen):
    d_model = 256
    # enable_nested_tensor=False: no nested-tensor path.  The per-layer
    # inference fast path (torch._transformer_encoder_layer_fwd, which has no
    # ONNX symbolic in torch 1.13) is skipped because export() traces with
    # grad enabled and parameters that require grad; see export_model().
    model = nn.TransformerEncoder(
        nn.TransformerEncoderLayer(d_model=d_model, nhead=4, batch_first=True),
        num_layers=4, enable_nested_tensor=False)
    # TransformerEncoder deep-copies one layer, so all layers would share the
    # same weights (and torch.onnx would deduplicate them into Identity
    # nodes).  Give each layer its own weights.
    for layer in model.layers:
        layer.self_attn._reset_parameters()
        layer.self_attn.out_proj.reset_parameters()
        layer.linear1.reset_parameters()
        layer.linear2.reset_parameters()
    _randomize_norm_and_biases(model, gen)
    model.eval()
    x = torch.randn((1, 128, d_model), generator=gen)
    return model, x


def _mlp(batch):
    """An MLP (784 -> 1024 -> 1024 -> 10, ReLU) at a fixed batch: small
    products, where per-op overhead shows."""
    def build(gen):
        model = nn.Sequential(nn.Linear(784, 1024), nn.ReLU(),
                              nn.Linear(1024, 1024), nn.ReLU(),
                              nn.Linear(1024, 10))
        _randomize_norm_and_biases(model, gen)
        x = torch.randn((batch, 784), generator=gen)
        _rescale_head(model, model[4], x)
        model.eval()
        return model, x
    return build


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
FASHION_CNN = os.path.join(ROOT, "examples", "fashion_mnist",
                           "fashion_cnn.onnx")


def _fashion_cnn(gen):
    """The example's trained Fashion-MNIST CNN (examples/fashion_mnist), its
    weights read from the bundled ONNX model, on a seeded random image."""
    model = nn.Sequential(collections.OrderedDict([
        ("features", nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))),
        ("classifier", nn.Sequential(
            nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(),
            nn.Linear(64, 10))),
    ]))
    weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
               for t in onnx.load(FASHION_CNN).graph.initializer}
    model.load_state_dict(weights)
    model.eval()
    x = torch.randn((1, 1, 28, 28), generator=gen)
    return model, x


MODELS = collections.OrderedDict([
    ("resnet50", _vision(torchvision.models.resnet50, lambda m: m.fc)),
    ("mobilenet_v2", _vision(torchvision.models.mobilenet_v2,
                             lambda m: m.classifier[1])),
    ("squeezenet1_1", _vision(torchvision.models.squeezenet1_1,
                              lambda m: m.classifier[1])),
    ("transformer_encoder", _transformer_encoder),
    ("densenet121", _vision(torchvision.models.densenet121,
                            lambda m: m.classifier)),
    # aux_logits=False: no auxiliary classifiers (they only run in training
    # anyway); init_weights=True: the constructor's own truncated-normal
    # initialisation, without the warning that None gives.
    ("googlenet", _vision(torchvision.models.googlenet, lambda m: m.fc,
                          aux_logits=False, init_weights=True)),
    ("efficientnet_b0", _vision(torchvision.models.efficientnet_b0,
                                lambda m: m.classifier[1])),
    ("shufflenet_v2_x1_0", _vision(torchvision.models.shufflenet_v2_x1_0,
                                   lambda m: m.fc)),
    ("vit_b_16", _vision(torchvision.models.vit_b_16,
                         lambda m: m.heads.head, prepare=_prepare_vit)),
    ("mlp_b1", _mlp(1)),
    ("mlp_b8", _mlp(8)),
    ("fashion_cnn", _fashion_cnn),
])


# --------------------------------------------------------------------------
# Export.

def model_files(out_dir, name):
    d = os.path.join(out_dir, name)
    return [os.path.join(d, MODEL_FILE),
            os.path.join(d, DATA_SET, "input_0.pb"),
            os.path.join(d, DATA_SET, "output_0.pb"),
            os.path.join(d, OPS_FILE)]


def is_fresh(out_dir, name):
    """True when all of NAME's files exist and are newer than this script."""
    script_mtime = os.path.getmtime(os.path.abspath(__file__))
    for path in model_files(out_dir, name):
        if not os.path.exists(path) or os.path.getmtime(path) < script_mtime:
            return False
    return True


def op_counts(model_proto):
    counts = collections.Counter()
    for node in model_proto.graph.node:
        key = node.op_type if node.domain in ("", "ai.onnx") else \
            "%s.%s" % (node.domain, node.op_type)
        counts[key] += 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _check_output(name, y):
    """Rejects degenerate reference outputs."""
    if not np.all(np.isfinite(y)):
        raise RuntimeError("%s: output has NaN/Inf" % name)
    std = float(y.std())
    if not 1e-2 < std < 1e2:
        raise RuntimeError("%s: output std %g is degenerate" % (name, std))
    unique = np.unique(y).size
    if unique < y.size // 2:
        raise RuntimeError("%s: only %d distinct values in %d outputs"
                           % (name, unique, y.size))
    return std


# The model tests' tolerance (run_model_test.py's defaults).
TEST_RTOL = 1e-3
TEST_ATOL = 1e-4


def _tolerance_use(actual, expected):
    """max |actual - expected| / (atol + rtol * |expected|); < 1 passes."""
    a = actual.astype(np.float64)
    e = expected.astype(np.float64)
    return float(np.max(np.abs(a - e) / (TEST_ATOL + TEST_RTOL * np.abs(e))))


def export_model(name, out_dir):
    """Exports NAME into OUT_DIR/NAME; returns {op_type: count}."""
    t0 = time.time()
    torch.manual_seed(0)  # constructors' default initialisation
    gen = torch.Generator().manual_seed(1)  # everything else
    model, x = MODELS[name](gen)
    model.eval()
    for p in model.parameters():
        p.requires_grad_(True)

    final = os.path.join(out_dir, name)
    tmp = os.path.join(out_dir, ".%s.tmp.%d" % (name, os.getpid()))
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.join(tmp, DATA_SET))
    try:
        # Grad enabled on purpose: in eval mode under no_grad torch 1.13's
        # TransformerEncoderLayer takes its fused fast path, which cannot be
        # exported.  With grad enabled it runs (and traces) the standard
        # decomposition; the reference output comes from the same path.
        with torch.enable_grad():
            y32 = model(x).detach()
            # The reference is computed in float64 from the same float32
            # weights and input, then rounded to float32: it is then (nearly)
            # exact, and a float32 implementation's test error is its own
            # rounding error only, not that plus PyTorch's.
            y = copy.deepcopy(model).double()(x.double()).detach().float()
            torch.onnx.export(
                model, (x,), os.path.join(tmp, MODEL_FILE),
                export_params=True, opset_version=OPSET,
                do_constant_folding=True, input_names=["input"],
                output_names=["output"], training=torch.onnx.TrainingMode.EVAL)

        proto = onnx.load(os.path.join(tmp, MODEL_FILE))
        onnx.checker.check_model(proto)
        ops = op_counts(proto)
        foreign = [op for op in ops if "." in op or op.startswith("ATen")]
        if foreign:
            raise RuntimeError("%s: non-standard ops in export: %s"
                               % (name, foreign))

        x_np = x.numpy()
        y_np = y.numpy()
        std = _check_output(name, y_np)
        # PyTorch's own float32 result must pass the tests' tolerance.
        fp32_err = _tolerance_use(y32.numpy(), y_np)
        if fp32_err >= 1.0:
            raise RuntimeError("%s: PyTorch's float32 output is off the "
                               "float64 reference by %.2fx the tolerance"
                               % (name, fp32_err))
        for fname, arr, tname in (("input_0.pb", x_np, "input"),
                                  ("output_0.pb", y_np, "output")):
            tensor = numpy_helper.from_array(np.ascontiguousarray(arr), tname)
            with open(os.path.join(tmp, DATA_SET, fname), "wb") as f:
                f.write(tensor.SerializeToString())
        with open(os.path.join(tmp, OPS_FILE), "w") as f:
            json.dump(ops, f, indent=1)
            f.write("\n")

        shutil.rmtree(final, ignore_errors=True)
        os.rename(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%s: exported in %.1f s; input %s, output %s (mean %.4g, std %.4g); "
          "PyTorch float32 error = %.2f of the test tolerance"
          % (name, time.time() - t0, list(x_np.shape), list(y_np.shape),
             float(y_np.mean()), std, fp32_err), flush=True)
    return ops


@contextlib.contextmanager
def _model_lock(out_dir, name):
    with open(os.path.join(out_dir, ".%s.lock" % name), "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def ensure_model(name, out_dir, force=False):
    """Exports NAME unless fresh; returns ({op_type: count}, exported?)."""
    if name not in MODELS:
        raise KeyError("unknown model %r (known: %s)"
                       % (name, ", ".join(MODELS)))
    os.makedirs(out_dir, exist_ok=True)
    with _model_lock(out_dir, name):
        if not force and is_fresh(out_dir, name):
            with open(os.path.join(out_dir, name, OPS_FILE)) as f:
                return json.load(f), False
        return export_model(name, out_dir), True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--models", default=",".join(MODELS),
                        help="comma-separated subset of: " + ", ".join(MODELS))
    parser.add_argument("--force", action="store_true",
                        help="re-export even if the files are up to date")
    args = parser.parse_args(argv)

    names = [n for n in args.models.split(",") if n]
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        parser.error("unknown model(s) %s; known: %s"
                     % (", ".join(unknown), ", ".join(MODELS)))
    torch.set_grad_enabled(True)
    for name in names:
        ops, exported = ensure_model(name, args.out, args.force)
        if not exported:
            print("%s: up to date in %s" % (name, os.path.join(args.out, name)))
        print("%s: %d nodes, op types: %s" % (
            name, sum(ops.values()),
            ", ".join("%s x%d" % kv for kv in ops.items())), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
