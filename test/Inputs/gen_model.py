#!/usr/bin/python3
"""Writes tiny ONNX models for modelc's lit tests, from a named recipe.

    gen_model.py RECIPE OUTPUT.onnx [--inputs DIR] [--expected DIR]

RECIPE is one of the names that `gen_model.py --list` prints. Some recipes
write files next to OUTPUT.onnx (external data) or one folder up (external
data that escapes the model's folder). With --inputs the recipe's sample
inputs are written as DIR/input_K.pb (ONNX TensorProtos in graph-input
order, the layout of ONNX's test_data_set_N folders), and with --expected
the outputs numpy computes for them as DIR/output_K.pb. Models are written
without running onnx.checker: several recipes are invalid on purpose.

Must run under Debian's /usr/bin/python3 (python3-onnx, numpy).
"""

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "python"))
import modelc_random  # noqa: E402

RECIPES = {}


def recipe(fn):
    """Registers FN(out_path) -> (model, inputs, expected) under its name."""
    assert fn.__name__ not in RECIPES, f"recipe {fn.__name__} defined twice"
    RECIPES[fn.__name__] = fn
    return fn


def model(nodes, inputs, outputs, initializers=(), opset=13, domains=(),
          ir_version=8, name="graph"):
    graph = helper.make_graph(list(nodes), name, list(inputs), list(outputs),
                              initializer=list(initializers))
    opsets = [helper.make_opsetid("", opset)] if opset is not None else []
    opsets += [helper.make_opsetid(d, v) for d, v in domains]
    m = helper.make_model(graph, opset_imports=opsets)
    m.ir_version = ir_version
    return m


def vinfo(name, dtype, shape):
    return helper.make_tensor_value_info(name, dtype, shape)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


F32 = TensorProto.FLOAT
I64 = TensorProto.INT64
I32 = TensorProto.INT32


def sample(shape, seed=0):
    """Deterministic float32 values in [-2, 2) with a few exact zeros."""
    rng = np.random.RandomState(seed)
    return (rng.randint(-8, 8, size=shape) / 4.0).astype(np.float32)


# --- Models that import and compile ---------------------------------------

@recipe
def add_relu(out):
    """Y = Relu(X + B), B an initializer."""
    b = np.array([1.0, -2.0, 3.0], np.float32)
    m = model([helper.make_node("Add", ["X", "B"], ["S"], name="add"),
               helper.make_node("Relu", ["S"], ["Y"], name="relu")],
              [vinfo("X", F32, [2, 3])], [vinfo("Y", F32, [2, 3])],
              [const("B", b)])
    x = sample([2, 3])
    return m, [x], [np.maximum(x + b, 0)]


@recipe
def conv_bn(out):
    """Conv (auto_pad SAME_UPPER, stride 2), BatchNormalization, then a
    Conv with SAME_LOWER."""
    return conv_bn_model([1, 3, 8, 8], [1, 2, 4, 4])


@recipe
def conv_bn_dynamic(out):
    """conv_bn with a dynamic batch, height and width."""
    return conv_bn_model(["N", 3, "H", "W"], ["N", 2, None, None])


def conv_bn_model(input_shape, output_shape):
    rng = np.random.RandomState(1)
    w = rng.randn(4, 3, 3, 3).astype(np.float32)
    w2 = rng.randn(2, 4, 2, 2).astype(np.float32)
    c = 4
    nodes = [
        helper.make_node("Conv", ["X", "W"], ["C"], name="conv_upper",
                         auto_pad="SAME_UPPER", strides=[2, 2],
                         kernel_shape=[3, 3]),
        helper.make_node("BatchNormalization",
                         ["C", "scale", "bias", "mean", "var"], ["N"],
                         name="bn", epsilon=1e-3),
        helper.make_node("Conv", ["N", "W2"], ["Y"], name="conv_lower",
                         auto_pad="SAME_LOWER"),
    ]
    inits = [const("W", w), const("W2", w2),
             const("scale", np.full([c], 2.0, np.float32)),
             const("bias", np.full([c], 0.5, np.float32)),
             const("mean", np.zeros([c], np.float32)),
             const("var", np.ones([c], np.float32))]
    m = model(nodes, [vinfo("X", F32, input_shape)],
              [vinfo("Y", F32, output_shape)], inits)
    x = sample([1, 3, 8, 8])
    # SAME_UPPER, stride 2, kernel 3 on 8: one pad at the end; SAME_LOWER,
    # kernel 2 on 4: one pad at the beginning.
    x_pad = np.pad(x, [(0, 0), (0, 0), (0, 1), (0, 1)])
    conv = np_conv2d(x_pad, w, np.zeros(4), stride=2)
    norm = (conv - 0.0) / np.sqrt(1.0 + 1e-3) * 2.0 + 0.5
    y = np_conv2d(np.pad(norm, [(0, 0), (0, 0), (1, 0), (1, 0)]), w2,
                  np.zeros(2))
    return m, [x], [y.astype(np.float32)]


def np_conv2d(x, w, b, stride=1, pad=0):
    """NCHW convolution (one group) in float64, for expected outputs."""
    x = np.pad(x.astype(np.float64), [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    n, c, h, wd = x.shape
    m, _, kh, kw = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    y = np.zeros([n, m, oh, ow])
    for i in range(kh):
        for j in range(kw):
            patch = x[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
            y += np.einsum("nchw,mc->nmhw", patch, w[:, :, i, j])
    return y + b.reshape(1, m, 1, 1)


@recipe
def small_cnn(out):
    """A small CNN: Conv+Relu, MaxPool, a residual block (Conv+Relu, Conv,
    Add, Relu), GlobalAveragePool, Flatten, Gemm+Relu, Gemm: channels-last
    inside, tiled and vectorized. 40 channels: more than a register block's
    columns and not a multiple of them, so that the constant weights are
    re-laid in panels with a partial last one; 24 channels inside the
    residual block and 24 hidden units: blocks of columns split into 16
    and 8 (AVX-512)."""
    rng = np.random.RandomState(11)
    c = 40
    w1 = (rng.randn(c, 3, 3, 3) * 0.3).astype(np.float32)
    b1 = (rng.randn(c) * 0.1).astype(np.float32)
    inner = 24
    w2 = (rng.randn(inner, c, 3, 3) * 0.05).astype(np.float32)
    b2 = (rng.randn(inner) * 0.1).astype(np.float32)
    w3 = (rng.randn(c, inner, 3, 3) * 0.05).astype(np.float32)
    b3 = (rng.randn(c) * 0.1).astype(np.float32)
    wh = (rng.randn(inner, c) * 0.2).astype(np.float32)
    bh = (rng.randn(inner) * 0.1).astype(np.float32)
    wf = (rng.randn(10, inner) * 0.3).astype(np.float32)
    bf = (rng.randn(10) * 0.1).astype(np.float32)
    conv = lambda name, x, w, b, y, pad: helper.make_node(
        "Conv", [x, w, b], [y], name=name, pads=[pad] * 4, kernel_shape=[3, 3])
    nodes = [
        conv("conv1", "X", "W1", "B1", "C1", 1),
        helper.make_node("Relu", ["C1"], ["R1"], name="relu1"),
        helper.make_node("MaxPool", ["R1"], ["P"], name="pool",
                         kernel_shape=[2, 2], strides=[2, 2]),
        conv("conv2", "P", "W2", "B2", "C2", 1),
        helper.make_node("Relu", ["C2"], ["R2"], name="relu2"),
        conv("conv3", "R2", "W3", "B3", "C3", 1),
        helper.make_node("Add", ["C3", "P"], ["S"], name="residual"),
        helper.make_node("Relu", ["S"], ["R3"], name="relu3"),
        helper.make_node("GlobalAveragePool", ["R3"], ["G"], name="gap"),
        helper.make_node("Flatten", ["G"], ["F"], name="flatten"),
        helper.make_node("Gemm", ["F", "WH", "BH"], ["H"], name="hidden",
                         transB=1),
        helper.make_node("Relu", ["H"], ["RH"], name="relu4"),
        helper.make_node("Gemm", ["RH", "WF", "BF"], ["Y"], name="fc",
                         transB=1),
    ]
    m = model(nodes, [vinfo("X", F32, [1, 3, 16, 16])],
              [vinfo("Y", F32, [1, 10])],
              [const("W1", w1), const("B1", b1), const("W2", w2),
               const("B2", b2), const("W3", w3), const("B3", b3),
               const("WH", wh), const("BH", bh), const("WF", wf),
               const("BF", bf)])
    x = sample([1, 3, 16, 16], 12)
    r1 = np.maximum(np_conv2d(x, w1, b1, pad=1), 0)
    p = r1.reshape(1, c, 8, 2, 8, 2).max(axis=(3, 5))
    r2 = np.maximum(np_conv2d(p, w2, b2, pad=1), 0)
    r3 = np.maximum(np_conv2d(r2, w3, b3, pad=1) + p, 0)
    h = np.maximum(r3.mean(axis=(2, 3)) @ wh.T.astype(np.float64) + bh, 0)
    y = h @ wf.T.astype(np.float64) + bf
    return m, [x], [y.astype(np.float32)]


@recipe
def gemm(out):
    """Y = 0.5 * A * B^T + 2 * C."""
    rng = np.random.RandomState(2)
    b = rng.randint(-3, 4, size=[3, 4]).astype(np.float32)
    c = np.array([1.0, 0.0, -1.0], np.float32)
    m = model([helper.make_node("Gemm", ["A", "B", "C"], ["Y"], name="fc",
                                alpha=0.5, beta=2.0, transB=1)],
              [vinfo("A", F32, [2, 4])], [vinfo("Y", F32, [2, 3])],
              [const("B", b), const("C", c)])
    a = sample([2, 4])
    return m, [a], [0.5 * a @ b.T + 2.0 * c]


@recipe
def qlinear_conv(out):
    """QLinearConv (u8 activations, s8 weights per output channel, int32
    bias): the int8 product the kernels compute; no expected outputs
    (test/quantization checks the values)."""
    rng = np.random.RandomState(7)
    w = rng.randint(-128, 128, size=[32, 16, 3, 3]).astype(np.int8)
    inits = [const("xs", np.float32(0.02)), const("xz", np.uint8(120)),
             const("w", w), const("ws", np.full(32, 0.004, np.float32)),
             const("wz", np.zeros(32, np.int8)),
             const("ys", np.float32(0.1)), const("yz", np.uint8(128)),
             const("b", rng.randint(-500, 500, size=32).astype(np.int32))]
    m = model([helper.make_node(
        "QLinearConv", ["x", "xs", "xz", "w", "ws", "wz", "ys", "yz", "b"],
        ["y"], name="qconv", pads=[1, 1, 1, 1])],
        [vinfo("x", TensorProto.UINT8, [1, 16, 8, 8])],
        [vinfo("y", TensorProto.UINT8, [1, 32, 8, 8])], inits)
    return m, None, None


@recipe
def gru_batch_first(out):
    """A bidirectional, batch-first GRU (layout 1) with one direction's
    activations, an alpha for HardSigmoid only, and sequence_lens that are
    all the sequence length."""
    batch, seq, inp, hidden = 2, 3, 4, 5
    rng = np.random.RandomState(3)
    w = rng.randint(-2, 3, size=[2, 3 * hidden, inp]).astype(np.float32)
    r = rng.randint(-2, 3, size=[2, 3 * hidden, hidden]).astype(np.float32)
    node = helper.make_node(
        "GRU", ["X", "W", "R", "", "lens", "H0"], ["", "Y_h"], name="gru",
        hidden_size=hidden, direction="bidirectional", layout=1,
        activations=["HardSigmoid", "tanh"], activation_alpha=[0.25],
        linear_before_reset=1)
    m = model([node],
              [vinfo("X", F32, [batch, seq, inp]),
               vinfo("H0", F32, [batch, 2, hidden])],
              [vinfo("Y_h", F32, [batch, 2, hidden])],
              [const("W", w), const("R", r),
               const("lens", np.full([batch], seq, np.int32))], opset=14)
    return m, [sample([batch, seq, inp]), sample([batch, 2, hidden], 1)], None


@recipe
def reshape_of_shape(out):
    """Y = Reshape(X, Concat(Unsqueeze(Gather(Shape(X), 0)), [-1])): the
    exporters' "flatten all but the batch" chain, which folds to [2, -1]."""
    nodes = [
        helper.make_node("Shape", ["X"], ["shape"], name="shape"),
        helper.make_node("Gather", ["shape", "zero"], ["batch"],
                         name="gather", axis=0),
        helper.make_node("Unsqueeze", ["batch", "axes0"], ["batch1"],
                         name="unsqueeze"),
        helper.make_node("Concat", ["batch1", "minus_one"], ["target"],
                         name="concat", axis=0),
        helper.make_node("Reshape", ["X", "target"], ["Y"], name="reshape"),
    ]
    inits = [const("zero", np.array(0, np.int64)),
             const("axes0", np.array([0], np.int64)),
             const("minus_one", np.array([-1], np.int64))]
    m = model(nodes, [vinfo("X", F32, [2, 3, 4])],
              [vinfo("Y", F32, ["B", "F"])], inits)
    x = sample([2, 3, 4])
    return m, [x], [x.reshape(2, -1)]


@recipe
def reshape_unknown_rank(out):
    """reshape_of_shape with a graph output of unknown rank (ONNX 1.12's
    shape inference does not see through the chain; modelc's folds do)."""
    m, inputs, expected = reshape_of_shape(out)
    m.graph.output[0].type.tensor_type.ClearField("shape")
    return m, inputs, expected


@recipe
def expand_where_shape(out):
    """Y = Concat(Expand(T, shape), X) with the shape that torch.onnx writes
    for ViT's class_token.expand(n, -1, -1) at a static batch:
    Where(Equal(c, ConstantOfShape([3], 1) * -1), ConstantOfShape, c) with
    c = [1, -1, -1], which folds to [1, 1, 1]; Y's shape is not declared."""
    nodes = [
        helper.make_node("ConstantOfShape", ["three"], ["ones"],
                         name="ones",
                         value=numpy_helper.from_array(np.ones(1, np.int64))),
        helper.make_node("Mul", ["ones", "minus_one"], ["neg"], name="neg"),
        helper.make_node("Equal", ["target", "neg"], ["eq"], name="equal"),
        helper.make_node("Where", ["eq", "ones", "target"], ["shape"],
                         name="where"),
        helper.make_node("Expand", ["T", "shape"], ["t"], name="expand"),
        helper.make_node("Concat", ["t", "X"], ["Y"], name="concat", axis=1),
    ]
    token = np.array([[[0.5, -1.0, 2.0, 3.0]]], np.float32)
    inits = [const("three", np.array([3], np.int64)),
             const("minus_one", np.array(-1, np.int64)),
             const("target", np.array([1, -1, -1], np.int64)),
             const("T", token)]
    m = model(nodes, [vinfo("X", F32, [1, 2, 4])],
              [vinfo("Y", F32, None)], inits)
    x = sample([1, 2, 4])
    return m, [x], [np.concatenate([token, x], axis=1)]


@recipe
def clip_opset6(out):
    """Clip with min/max attributes (opset 6)."""
    m = model([helper.make_node("Clip", ["X"], ["Y"], name="clip",
                                min=-0.5, max=1.5)],
              [vinfo("X", F32, [4])], [vinfo("Y", F32, [4])], opset=6,
              ir_version=3)
    x = np.array([-2.0, 0.25, 1.0, 3.0], np.float32)
    return m, [x], [np.clip(x, -0.5, 1.5)]


@recipe
def clip_opset13(out):
    """Clip with min and max as inputs (opset 13); a second Clip with only
    max (the min input left empty)."""
    nodes = [helper.make_node("Clip", ["X", "lo", "hi"], ["Y"], name="clip"),
             helper.make_node("Clip", ["X", "", "hi"], ["Z"],
                              name="clip_max")]
    inits = [const("lo", np.array(-0.5, np.float32)),
             const("hi", np.array(1.5, np.float32))]
    m = model(nodes, [vinfo("X", F32, [4])],
              [vinfo("Y", F32, [4]), vinfo("Z", F32, [4])], inits)
    x = np.array([-2.0, 0.25, 1.0, 3.0], np.float32)
    return m, [x], [np.clip(x, -0.5, 1.5), np.minimum(x, 1.5)]


@recipe
def softmax_opset11(out):
    """Softmax before opset 13 coerces the input to 2-D at `axis`."""
    m = model([helper.make_node("Softmax", ["X"], ["Y"], name="softmax",
                                axis=1)],
              [vinfo("X", F32, [2, 3, 4])], [vinfo("Y", F32, [2, 3, 4])],
              opset=11)
    x = sample([2, 3, 4])
    flat = x.reshape(2, 12)
    e = np.exp(flat - flat.max(axis=1, keepdims=True))
    return m, [x], [(e / e.sum(axis=1, keepdims=True)).reshape(2, 3, 4)]


@recipe
def softmax_opset11_dynamic(out):
    """softmax_opset11 with a dynamic batch (Y), and along the last axis,
    which needs no coercion (Z)."""
    nodes = [helper.make_node("Softmax", ["X"], ["Y"], name="softmax",
                              axis=1),
             helper.make_node("Softmax", ["X"], ["Z"], name="softmax_last",
                              axis=2)]
    m = model(nodes, [vinfo("X", F32, ["N", 3, 4])],
              [vinfo("Y", F32, ["N", 3, 4]), vinfo("Z", F32, ["N", 3, 4])],
              opset=11)
    x = sample([2, 3, 4])

    def softmax(v, axis):
        e = np.exp(v - v.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)

    return m, [x], [softmax(x.reshape(2, 12), 1).reshape(2, 3, 4),
                    softmax(x, 2)]


@recipe
def softmax_opset13(out):
    """Softmax in opset 13: along one axis."""
    m = model([helper.make_node("Softmax", ["X"], ["Y"], name="softmax",
                                axis=1)],
              [vinfo("X", F32, [2, 3, 4])], [vinfo("Y", F32, [2, 3, 4])])
    return m, [sample([2, 3, 4])], None


@recipe
def elementwise_attributes(out):
    """Attributes of elementwise ops reach the dialect: Mod's fmod,
    BitShift's direction, IsInf's detect_*, Shrink's bias and lambd, and
    CastLike takes its element type from the second input (opset 15)."""
    U8 = TensorProto.UINT8
    nodes = [
        helper.make_node("Mod", ["X", "Y"], ["fmod"], name="fmod", fmod=1),
        helper.make_node("Mod", ["I", "J"], ["mod"], name="mod"),
        helper.make_node("BitShift", ["U", "S"], ["shift"], name="shift",
                         direction="RIGHT"),
        helper.make_node("IsInf", ["X"], ["inf"], name="inf",
                         detect_negative=0),
        helper.make_node("Shrink", ["X"], ["shrink"], name="shrink",
                         bias=1.5, lambd=2.5),
        helper.make_node("CastLike", ["X", "H"], ["cast"], name="cast"),
    ]
    m = model(nodes,
              [vinfo("X", F32, [4]), vinfo("Y", F32, [1]),
               vinfo("I", I64, [4]), vinfo("J", I64, [4]),
               vinfo("U", U8, [4]), vinfo("S", U8, []),
               vinfo("H", TensorProto.FLOAT16, [1])],
              [vinfo("fmod", F32, [4]), vinfo("mod", I64, [4]),
               vinfo("shift", U8, [4]), vinfo("inf", TensorProto.BOOL, [4]),
               vinfo("shrink", F32, [4]),
               vinfo("cast", TensorProto.FLOAT16, [4])], opset=15)
    return m, None, None


@recipe
def bit_shift_direction(out):
    """A BitShift whose direction is neither LEFT nor RIGHT."""
    U8 = TensorProto.UINT8
    m = model([helper.make_node("BitShift", ["U", "U"], ["V"], name="shift",
                                direction="UP")],
              [vinfo("U", U8, [4])], [vinfo("V", U8, [4])])
    return m, None, None


@recipe
def dynamic_input(out):
    """An input with a symbolic dimension 'N'."""
    m = model([helper.make_node("Relu", ["X"], ["Y"], name="relu")],
              [vinfo("X", F32, ["N", 3])], [vinfo("Y", F32, ["N", 3])])
    return m, None, None


@recipe
def dynamic_two_inputs(out):
    """A[N, 4] and B[N, 4] share the dynamic dimension 'N':
    Y = Relu(A * B + 1) [N, 4] and Z = Y x W [N, 2] (W = [[1, 0], [0, 1],
    [1, 1], [-1, 2]])."""
    nodes = [helper.make_node("Mul", ["A", "B"], ["P"], name="mul"),
             helper.make_node("Add", ["P", "one"], ["S"], name="add"),
             helper.make_node("Relu", ["S"], ["Y"], name="relu"),
             helper.make_node("MatMul", ["Y", "W"], ["Z"], name="matmul")]
    m = model(nodes, [vinfo("A", F32, ["N", 4]), vinfo("B", F32, ["N", 4])],
              [vinfo("Y", F32, ["N", 4]), vinfo("Z", F32, ["N", 2])],
              [const("one", np.array(1.0, np.float32)),
               const("W", np.array([[1, 0], [0, 1], [1, 1], [-1, 2]],
                                   np.float32))])
    return m, None, None


@recipe
def range_declared(out):
    """Y = Range(start, limit, delta) * 2 with run-time scalar operands and
    the output declared [4]: the length is checked at run time."""
    nodes = [helper.make_node("Range", ["start", "limit", "delta"], ["R"],
                              name="range"),
             helper.make_node("Mul", ["R", "two"], ["Y"], name="mul")]
    m = model(nodes, [vinfo("start", F32, []), vinfo("limit", F32, []),
                      vinfo("delta", F32, [])],
              [vinfo("Y", F32, [4])],
              [const("two", np.array(2.0, np.float32))])
    return m, None, None


@recipe
def nonzero_scalar(out):
    """NonZero of a 0-D input (rejected)."""
    m = model([helper.make_node("NonZero", ["X"], ["Y"], name="nz")],
              [vinfo("X", F32, [])], [vinfo("Y", I64, None)])
    return m, None, None


@recipe
def range_undeclared(out):
    """Range of run-time scalars whose length the model does not declare
    (nothing bounds it: the run writes it into the workspace), and the sum
    of its squares, a static output from a buffer of that length."""
    nodes = [helper.make_node("Range", ["start", "limit", "delta"], ["Y"],
                              name="range"),
             helper.make_node("Mul", ["Y", "Y"], ["sq"], name="square"),
             helper.make_node("ReduceSum", ["sq"], ["S"], name="sum",
                              keepdims=0)]
    m = model(nodes, [vinfo("start", F32, []), vinfo("limit", F32, []),
                      vinfo("delta", F32, [])],
              [vinfo("Y", F32, None), vinfo("S", F32, [])])
    y = np.arange(1, 4, 0.5, dtype=np.float32)
    return (m, [np.array(1, np.float32), np.array(4, np.float32),
                np.array(0.5, np.float32)],
            [y, np.array((y * y).sum(), np.float32)])


@recipe
def range_sum(out):
    """The sum of Range(0, N) for a run-time N: the model's inputs and
    outputs are static, the buffer of the range's length is not."""
    nodes = [helper.make_node("Range", ["zero", "N", "one"], ["R"],
                              name="range"),
             helper.make_node("ReduceSum", ["R"], ["S"], name="sum",
                              keepdims=0)]
    m = model(nodes, [vinfo("N", I64, [])], [vinfo("S", I64, [])],
              [const("zero", np.array(0, np.int64)),
               const("one", np.array(1, np.int64))])
    return m, [np.array(100, np.int64)], [np.array(4950, np.int64)]


@recipe
def unique_dynamic(out):
    """Unique of an input with a symbolic dimension (rejected)."""
    m = model([helper.make_node("Unique", ["X"], ["Y"], name="uniq")],
              [vinfo("X", F32, ["N"])], [vinfo("Y", F32, [3])])
    return m, None, None


@recipe
def nms_two_limits(out):
    """NonMaxSuppression whose max_output_boxes_per_class holds two values
    (rejected)."""
    node = helper.make_node("NonMaxSuppression",
                            ["boxes", "scores", "max"], ["S"], name="nms")
    m = model([node], [vinfo("boxes", F32, [1, 6, 4]),
                       vinfo("scores", F32, [1, 1, 6])],
              [vinfo("S", I64, [3, 3])],
              [const("max", np.array([3, 3], np.int64))])
    return m, None, None


@recipe
def dynamic_named_broadcast(out):
    """Y = A + B with A[N] and B[M]: two differently named dynamic
    dimensions that must agree at run time."""
    m = model([helper.make_node("Add", ["A", "B"], ["Y"], name="add")],
              [vinfo("A", F32, ["N"]), vinfo("B", F32, ["M"])],
              [vinfo("Y", F32, ["N"])])
    return m, None, None


@recipe
def shape_name(out):
    """An input whose name is no C identifier, with a dynamic batch."""
    m = model([helper.make_node("Neg", ["data.in:0"], ["out/1"],
                                name="neg")],
              [vinfo("data.in:0", F32, ["batch", 4])],
              [vinfo("out/1", F32, ["batch", 4])])
    return m, None, None


@recipe
def two_inputs(out):
    """Y = A * B + 1 (float32) and I = Cast(A > B) (int64): several inputs
    and outputs of different element types."""
    nodes = [helper.make_node("Mul", ["A", "B"], ["P"], name="mul"),
             helper.make_node("Add", ["P", "one"], ["Y"], name="add"),
             helper.make_node("Greater", ["A", "B"], ["G"], name="greater"),
             helper.make_node("Cast", ["G"], ["I"], name="cast", to=I64)]
    m = model(nodes, [vinfo("A", F32, [2, 3]), vinfo("B", F32, [3])],
              [vinfo("Y", F32, [2, 3]), vinfo("I", I64, [2, 3])],
              [const("one", np.array(1.0, np.float32))])
    a, b = sample([2, 3], 3), sample([3], 4)
    return m, [a, b], [a * b + 1, (a > b).astype(np.int64)]


@recipe
def big_matmul(out):
    """A matmul large enough for the parallel loops to be used."""
    rng = np.random.RandomState(5)
    w = (rng.randint(-2, 3, size=[64, 64]) / 2.0).astype(np.float32)
    m = model([helper.make_node("MatMul", ["X", "W"], ["Y"], name="mm")],
              [vinfo("X", F32, [64, 64])], [vinfo("Y", F32, [64, 64])],
              [const("W", w)])
    x = sample([64, 64], 6)
    return m, [x], [x @ w]


@recipe
def scatter_topk_opset9(out):
    """Scatter (ScatterElements' opset 9 name) and TopK with its k
    attribute (before opset 10)."""
    nodes = [helper.make_node("Scatter", ["X", "I", "U"], ["Y"],
                              name="scatter", axis=1),
             helper.make_node("TopK", ["X"], ["V", "J"], name="topk", k=2)]
    m = model(nodes,
              [vinfo("X", F32, [2, 3]), vinfo("I", I64, [2, 1]),
               vinfo("U", F32, [2, 1])],
              [vinfo("Y", F32, [2, 3]), vinfo("V", F32, [2, 2]),
               vinfo("J", I64, [2, 2])], opset=9)
    x = np.array([[1.0, 3.0, 2.0], [5.0, 4.0, 5.0]], np.float32)
    i = np.array([[2], [-3]], np.int64)
    u = np.array([[7.0], [8.0]], np.float32)
    y = x.copy()
    y[0, 2], y[1, 0] = 7.0, 8.0
    v = np.array([[3.0, 2.0], [5.0, 5.0]], np.float32)
    j = np.array([[1, 2], [0, 2]], np.int64)
    return m, [x, i, u], [y, v, j]


@recipe
def runtime_axes(out):
    """Squeeze, Unsqueeze and Split whose axes and sizes are graph inputs,
    with static result shapes (graph outputs, opset 13), and Size of a
    static input."""
    nodes = [helper.make_node("Squeeze", ["X", "axes"], ["S"], name="sq"),
             helper.make_node("Unsqueeze", ["S", "axes"], ["U"], name="unsq"),
             helper.make_node("Split", ["X", "split"], ["A", "B"],
                              name="split", axis=2),
             helper.make_node("Size", ["X"], ["N"], name="size")]
    m = model(nodes,
              [vinfo("X", F32, [1, 2, 5]), vinfo("axes", I64, [1]),
               vinfo("split", I64, [2])],
              [vinfo("S", F32, [2, 5]), vinfo("U", F32, [1, 2, 5]),
               vinfo("A", F32, [1, 2, 2]), vinfo("B", F32, [1, 2, 3]),
               vinfo("N", I64, [])])
    x = sample([1, 2, 5], 7)
    return (m, [x, np.array([0], np.int64), np.array([2, 3], np.int64)],
            [x[0], x, x[:, :, :2], x[:, :, 2:], np.array(10, np.int64)])


@recipe
def runtime_axes_wrong_result(out):
    """Unsqueeze of X[4] at the axes A, a graph input, declared float[2,2]:
    no inserted size-1 axes give that shape."""
    nodes = [helper.make_node("Unsqueeze", ["X", "A"], ["Y"], name="unsq")]
    m = model(nodes, [vinfo("X", F32, [4]), vinfo("A", I64, [1])],
              [vinfo("Y", F32, [2, 2])])
    return m, None, None


def resize_asymmetric(x, scales, mode):
    """Resize-10 semantics: x_original = x_resized / scale, per axis;
    nearest rounds down, linear weights the two neighbours (edge repeated)."""
    for axis, s in enumerate(scales):
        n = x.shape[axis]
        c = np.arange(int(np.floor(n * s))) / np.float64(s)
        lo = np.floor(c).astype(np.int64)
        take = lambda i: np.take(x, np.clip(i, 0, n - 1), axis=axis)
        if mode == "nearest":
            x = take(lo)
            continue
        w = (c - lo).reshape([-1 if a == axis else 1 for a in range(x.ndim)])
        x = (1 - w) * take(lo) + w * take(lo + 1)
    return x.astype(np.float32)


@recipe
def upsample_opset7(out):
    """Upsample with its scales attribute (opset 7): nearest and linear."""
    nodes = [helper.make_node("Upsample", ["X"], ["N"], name="nearest",
                              mode="nearest", scales=[1.0, 1.0, 2.0, 3.0]),
             helper.make_node("Upsample", ["X"], ["L"], name="linear",
                              mode="linear", scales=[1.0, 1.0, 2.0, 1.5])]
    m = model(nodes, [vinfo("X", F32, [1, 2, 2, 3])],
              [vinfo("N", F32, [1, 2, 4, 9]), vinfo("L", F32, [1, 2, 4, 4])],
              opset=7)
    x = sample([1, 2, 2, 3], 8)
    return m, [x], [resize_asymmetric(x, [1, 1, 2, 3], "nearest"),
                    resize_asymmetric(x, [1, 1, 2, 1.5], "linear")]


@recipe
def resize_opset10(out):
    """Resize-10 (X and scales): nearest, downsampling by a constant scale
    (floor of x / scale), and linear with the scales a graph input."""
    nodes = [helper.make_node("Resize", ["X", "S"], ["N"], name="nearest",
                              mode="nearest"),
             helper.make_node("Resize", ["X", "T"], ["L"], name="linear",
                              mode="linear")]
    s = np.array([1, 1, 0.6, 0.6], np.float32)
    t = np.array([1, 1, 2, 1.5], np.float32)
    m = model(nodes, [vinfo("X", F32, [1, 1, 4, 5]), vinfo("T", F32, [4])],
              [vinfo("N", F32, [1, 1, 2, 3]), vinfo("L", F32, [1, 1, 8, 7])],
              [const("S", s)], opset=10)
    x = sample([1, 1, 4, 5], 9)
    return m, [x, t], [resize_asymmetric(x, s, "nearest"),
                       resize_asymmetric(x, t, "linear")]


@recipe
def resize_runtime_scales(out):
    """Resize-13 (asymmetric, linear) whose scales are a graph input and
    whose output shape is unknown: the result shape depends on the scales'
    values, here 2 and 1.5."""
    node = helper.make_node("Resize", ["X", "", "S"], ["Y"], name="resize",
                            mode="linear",
                            coordinate_transformation_mode="asymmetric")
    m = model([node], [vinfo("X", F32, [1, 1, 2, 2]), vinfo("S", F32, [4])],
              [vinfo("Y", F32, None)])
    x = sample([1, 1, 2, 2])
    scales = np.array([1, 1, 2, 1.5], np.float32)
    return m, [x, scales], [resize_asymmetric(x, scales, "linear")]


# --- Sequences ---------------------------------------------------------------

def seq_vinfo(name, dtype, shape):
    return helper.make_tensor_sequence_value_info(name, dtype, shape)


@recipe
def sequence_ops(out):
    """Sequence operators with constant positions, resolved at import:
    SequenceEmpty, SequenceInsert (at the end, at 0, at -1), Identity of a
    sequence, SequenceErase (the last), SequenceLength, SequenceAt (-2),
    ConcatFromSequence (axis 0, and new_axis at -1), SplitToSequence
    without split (keepdims 0), with a scalar split and with a constant
    split, concatenated back."""
    nodes = [
        helper.make_node("SequenceEmpty", [], ["s0"], name="empty",
                         dtype=F32),
        helper.make_node("SequenceInsert", ["s0", "X"], ["s1"], name="ins1"),
        helper.make_node("SequenceInsert", ["s1", "Y", "zero"], ["s2"],
                         name="ins2"),
        helper.make_node("SequenceInsert", ["s2", "Z", "minus_one"], ["s3"],
                         name="ins3"),
        helper.make_node("Identity", ["s3"], ["s4"], name="id"),
        helper.make_node("SequenceErase", ["s4"], ["s5"], name="erase"),
        helper.make_node("SequenceLength", ["s5"], ["len"], name="len"),
        helper.make_node("SequenceAt", ["s4", "minus_two"], ["at"],
                         name="at"),
        helper.make_node("ConcatFromSequence", ["s5"], ["cat"], name="cat",
                         axis=0),
        helper.make_node("SequenceConstruct", ["X", "Z"], ["t"],
                         name="construct"),
        helper.make_node("ConcatFromSequence", ["t"], ["stacked"],
                         name="stack", axis=-1, new_axis=1),
        helper.make_node("SplitToSequence", ["X"], ["cols"], name="cols",
                         axis=1, keepdims=0),
        helper.make_node("SequenceAt", ["cols", "two"], ["col"],
                         name="col"),
        helper.make_node("SplitToSequence", ["Z", "two"], ["chunks"],
                         name="chunks", axis=1),
        helper.make_node("SequenceAt", ["chunks", "one"], ["chunk"],
                         name="chunk"),
        helper.make_node("SequenceLength", ["chunks"], ["nchunks"],
                         name="nchunks"),
        helper.make_node("SplitToSequence", ["X", "sizes"], ["pieces"],
                         name="pieces", axis=1),
        helper.make_node("ConcatFromSequence", ["pieces"], ["back"],
                         name="back", axis=1),
    ]
    inits = [const("zero", np.array(0, np.int64)),
             const("one", np.array(1, np.int32)),
             const("two", np.array(2, np.int64)),
             const("minus_one", np.array(-1, np.int64)),
             const("minus_two", np.array(-2, np.int64)),
             const("sizes", np.array([1, 2], np.int64))]
    m = model(nodes,
              [vinfo("X", F32, [2, 3]), vinfo("Y", F32, [1, 3]),
               vinfo("Z", F32, [2, 3])],
              [vinfo("len", I64, []), vinfo("at", F32, None),
               vinfo("cat", F32, None), vinfo("stacked", F32, None),
               vinfo("col", F32, None), vinfo("chunk", F32, None),
               vinfo("nchunks", I64, []), vinfo("back", F32, None)],
              inits)
    x, y, z = sample([2, 3], 10), sample([1, 3], 11), sample([2, 3], 12)
    # s3 = [Y, Z, X]; s5 = [Y, Z].
    return m, [x, y, z], [np.array(2, np.int64), z,
                          np.concatenate([y, z], axis=0),
                          np.stack([x, z], axis=-1), x[:, 2], z[:, 2:],
                          np.array(2, np.int64), x]


@recipe
def sequence_at_runtime(out):
    """SequenceAt whose position is a graph input, over tensors of one
    type: a Gather from their stack."""
    nodes = [helper.make_node("SequenceConstruct", ["X", "Y", "Z"], ["s"],
                              name="construct"),
             helper.make_node("SequenceAt", ["s", "pos"], ["at"], name="at")]
    m = model(nodes,
              [vinfo("X", F32, [2, 3]), vinfo("Y", F32, [2, 3]),
               vinfo("Z", F32, [2, 3]), vinfo("pos", I64, [])],
              [vinfo("at", F32, [2, 3])])
    x, y, z = sample([2, 3], 13), sample([2, 3], 14), sample([2, 3], 15)
    return m, [x, y, z, np.array(-2, np.int64)], [y]


@recipe
def split_to_sequence_runtime(out):
    """SplitToSequence of a dynamic X[N] by a run-time split of 3 sizes:
    the sequence's length (3) is known, its tensors are not; with Neg(X),
    a dynamic output next to the 0-D one."""
    nodes = [helper.make_node("SplitToSequence", ["X", "S"], ["seq"],
                              name="split"),
             helper.make_node("SequenceLength", ["seq"], ["len"], name="len"),
             helper.make_node("Neg", ["X"], ["Y"], name="neg")]
    m = model(nodes, [vinfo("X", F32, ["N"]), vinfo("S", I64, [3])],
              [vinfo("len", I64, []), vinfo("Y", F32, ["N"])])
    x = sample([6], 16)
    return (m, [x, np.array([1, 2, 3], np.int64)],
            [np.array(3, np.int64), -x])


def sequence_error(nodes, inputs, outputs, inits=()):
    return model(nodes, inputs, outputs, inits), None, None


@recipe
def sequence_io(out):
    """A sequence input S (element shapes not declared) and a tensor X: S
    with X appended, less its first tensor, is a sequence output; their
    concatenation and length are tensor outputs."""
    nodes = [helper.make_node("SequenceInsert", ["S", "X"], ["s1"],
                              name="insert"),
             helper.make_node("SequenceErase", ["s1", "zero"], ["T"],
                              name="erase"),
             helper.make_node("ConcatFromSequence", ["s1"], ["cat"],
                              name="cat", axis=0),
             helper.make_node("SequenceLength", ["s1"], ["len"], name="len")]
    m = model(nodes, [seq_vinfo("S", F32, None), vinfo("X", F32, [2, 3])],
              [seq_vinfo("T", F32, None), vinfo("cat", F32, None),
               vinfo("len", I64, [])],
              [const("zero", np.array(0, np.int64))])
    a, b, x = sample([2, 3], 20), sample([1, 3], 21), sample([2, 3], 22)
    return (m, [[a, b], x],
            [[b, x], np.concatenate([a, b, x]), np.array(3, np.int64)])


@recipe
def sequence_io_dynamic(out):
    """A sequence input S of float[N] tensors and X of float[N]: the
    output sequence is S with S[0] + X appended."""
    nodes = [helper.make_node("SequenceAt", ["S", "zero"], ["first"],
                              name="at"),
             helper.make_node("Add", ["first", "X"], ["sum"], name="add"),
             helper.make_node("SequenceInsert", ["S", "sum"], ["T"],
                              name="insert")]
    m = model(nodes, [seq_vinfo("S", F32, ["N"]), vinfo("X", F32, ["N"])],
              [seq_vinfo("T", F32, ["N"])],
              [const("zero", np.array(0, np.int64))])
    a, b, x = sample([4], 23), sample([4], 24), sample([4], 25)
    return m, [[a, b], x], [[a, b, a + x]]


@recipe
def sequence_input_empty(out):
    """An empty sequence input S: SequenceInsert(S, X) is [X]."""
    nodes = [helper.make_node("SequenceInsert", ["S", "X"], ["T"],
                              name="insert")]
    m = model(nodes, [seq_vinfo("S", F32, [2]), vinfo("X", F32, [2])],
              [seq_vinfo("T", F32, [2])])
    x = sample([2], 26)
    return m, [[], x], [[x]]


def opt_vinfo(name, dtype, shape):
    return helper.make_value_info(name, helper.make_optional_type_proto(
        helper.make_tensor_type_proto(dtype, shape)))


@recipe
def optional_io(out):
    """An optional input X of float[3]: whether it holds a value, and X
    itself as an optional output."""
    nodes = [helper.make_node("OptionalHasElement", ["X"], ["has"],
                              name="has"),
             helper.make_node("Identity", ["X"], ["Y"], name="id")]
    m = model(nodes, [opt_vinfo("X", F32, [3])],
              [vinfo("has", BOOL, []), opt_vinfo("Y", F32, [3])], opset=16)
    x = sample([3], 27)
    return m, [Opt(x)], [np.array(True), Opt(x)]


@recipe
def optional_ops(out):
    """Optional() of a type (empty) and Optional(Z) inside the model, with
    OptionalHasElement of each and OptionalGetElement of the second."""
    empty_type = helper.make_tensor_type_proto(F32, [2])
    nodes = [helper.make_node("Optional", [], ["E"], name="empty",
                              type=empty_type),
             helper.make_node("OptionalHasElement", ["E"], ["has_e"],
                              name="has_e"),
             helper.make_node("Optional", ["Z"], ["P"], name="wrap"),
             helper.make_node("OptionalHasElement", ["P"], ["has_p"],
                              name="has_p"),
             helper.make_node("OptionalGetElement", ["P"], ["got"],
                              name="get"),
             helper.make_node("Neg", ["got"], ["neg"], name="neg")]
    m = model(nodes, [vinfo("Z", F32, [2])],
              [vinfo("has_e", BOOL, []), vinfo("has_p", BOOL, []),
               vinfo("neg", F32, [2])], opset=16)
    z = sample([2], 28)
    return m, [z], [np.array(False), np.array(True), -z]


@recipe
def optional_get(out):
    """OptionalGetElement of an optional input X of float[3]."""
    nodes = [helper.make_node("OptionalGetElement", ["X"], ["Y"], name="get")]
    m = model(nodes, [opt_vinfo("X", F32, [3])], [vinfo("Y", F32, [3])],
              opset=16)
    x = sample([3], 29)
    return m, [Opt(x)], [x]


@recipe
def optional_to_tensor_op(out):
    """Neg of an optional input X of float[3]: only the optional operators
    take optionals."""
    nodes = [helper.make_node("Neg", ["X"], ["Y"], name="neg")]
    m = model(nodes, [opt_vinfo("X", F32, [3])], [vinfo("Y", F32, [3])],
              opset=16)
    return m, None, None


@recipe
def gather_runtime_indices(out):
    """Gather of X[3] at indices I[2] that are a graph input."""
    nodes = [helper.make_node("Gather", ["X", "I"], ["Y"], name="gather")]
    m = model(nodes, [vinfo("X", F32, [3]), vinfo("I", I64, [2])],
              [vinfo("Y", F32, [2])])
    x = np.array([1, 2, 3], np.float32)
    i = np.array([-3, 2], np.int64)
    return m, [x, i], [x[i]]


def runtime_indices(op, shapes, data, indices, updates=None, **attrs):
    """OP of DATA (float[shapes[0]]) at INDICES (int64[shapes[1]]), and for
    a scatter UPDATES (float[shapes[2]]), all graph inputs; the expected
    output is computed here with numpy."""
    names = ["X", "I"] + (["U"] if updates is not None else [])
    node = helper.make_node(op, names, ["Y"], name=op.lower(), **attrs)
    inputs = [vinfo("X", F32, shapes[0]), vinfo("I", I64, shapes[1])]
    values = [data, indices]
    if updates is not None:
        inputs.append(vinfo("U", F32, shapes[2]))
        values.append(updates)
    axis = attrs.get("axis", 0)
    if op == "GatherElements":
        y = np.take_along_axis(data, indices % data.shape[axis], axis)
    elif op == "GatherND":
        y = data[tuple(indices[..., k] for k in range(indices.shape[-1]))]
    elif op == "ScatterElements":
        y = data.copy()
        np.put_along_axis(y, indices % data.shape[axis], updates, axis)
    else:
        y = data.copy()
        y[tuple(indices[..., k] for k in range(indices.shape[-1]))] = updates
    m = model([node], inputs, [vinfo("Y", F32, list(y.shape))])
    return m, values, [y]


@recipe
def gather_elements_runtime_indices(out):
    """GatherElements of X[2,3] along axis 1 at indices I[2,2] that are a
    graph input."""
    return runtime_indices("GatherElements", [[2, 3], [2, 2]], sample([2, 3]),
                           np.array([[-3, 2], [0, 1]], np.int64), axis=1)


@recipe
def gather_nd_runtime_indices(out):
    """GatherND of X[2,3] at the (row, column) tuples I[2,2], a graph
    input."""
    return runtime_indices("GatherND", [[2, 3], [2, 2]], sample([2, 3]),
                           np.array([[1, -1], [0, 2]], np.int64))


@recipe
def scatter_elements_runtime_indices(out):
    """ScatterElements of U[2,1] into X[2,3] along axis 1 at indices I[2,1],
    all graph inputs."""
    return runtime_indices("ScatterElements", [[2, 3], [2, 1], [2, 1]],
                           sample([2, 3]), np.array([[2], [-1]], np.int64),
                           np.array([[5], [7]], np.float32), axis=1)


@recipe
def scatter_nd_runtime_indices(out):
    """ScatterND of U[1] into X[2,3] at the (row, column) tuple I[1,2], all
    graph inputs."""
    return runtime_indices("ScatterND", [[2, 3], [1, 2], [1]],
                           sample([2, 3]), np.array([[1, -1]], np.int64),
                           np.array([5], np.float32))


@recipe
def roi_align_runtime_batch(out):
    """RoiAlign of X[2,1,4,4] over two regions of the images B[2], a graph
    input; the expected output is not computed (only errors are checked)."""
    nodes = [helper.make_node("RoiAlign", ["X", "R", "B"], ["Y"],
                              name="roi", output_height=2, output_width=2)]
    m = model(nodes, [vinfo("X", F32, [2, 1, 4, 4]), vinfo("R", F32, [2, 4]),
                      vinfo("B", I64, [2])],
              [vinfo("Y", F32, [2, 1, 2, 2])], opset=16)
    rois = np.array([[0, 0, 2, 2], [1, 1, 3, 3]], np.float32)
    return m, [sample([2, 1, 4, 4]), rois, np.array([1, 0], np.int64)], None


@recipe
def cumsum_runtime_axis(out):
    """CumSum of X[2,3] along the axis A, a graph input."""
    nodes = [helper.make_node("CumSum", ["X", "A"], ["Y"], name="cumsum")]
    m = model(nodes, [vinfo("X", F32, [2, 3]), vinfo("A", I64, [])],
              [vinfo("Y", F32, [2, 3])])
    x = sample([2, 3])
    return m, [x, np.array(-1, np.int64)], [np.cumsum(x, axis=1)]


@recipe
def expand_runtime_shape(out):
    """Expand of X[1,3] to the shape S[2], a graph input, that shape
    inference cannot know: the output is declared float[2,3]."""
    nodes = [helper.make_node("Expand", ["X", "S"], ["Y"], name="expand")]
    m = model(nodes, [vinfo("X", F32, [1, 3]), vinfo("S", I64, [2])],
              [vinfo("Y", F32, [2, 3])])
    x = sample([1, 3])
    return m, [x, np.array([2, 1], np.int64)], [np.broadcast_to(x, [2, 3])]


def declared_shape(op, inputs, values, out_dtype, out_shape, expected,
                   **attrs):
    """OP of graph INPUTS ((name, dtype, shape); an empty name is an absent
    input) fed VALUES, whose output Y is declared OUT_SHAPE: the operands
    that decide the shape are data, checked against it at run time."""
    node = helper.make_node(op, [n for n, _, _ in inputs], ["Y"],
                            name=op.lower(), **attrs)
    m = model([node], [vinfo(n, t, sh) for n, t, sh in inputs if n],
              [vinfo("Y", out_dtype, out_shape)])
    return m, values, [expected]


@recipe
def pad_runtime_pads(out):
    """Pad of X[4] by the pads P[2], data; Y is declared float[6]."""
    x = sample([4])
    return declared_shape("Pad", [("X", F32, [4]), ("P", I64, [2])],
                          [x, np.array([1, 1], np.int64)], F32, [6],
                          np.pad(x, (1, 1)))


@recipe
def tile_runtime_repeats(out):
    """Tile of X[2,2] by the repeats R[2], data; Y is declared
    float[4,2]."""
    x = sample([2, 2])
    return declared_shape("Tile", [("X", F32, [2, 2]), ("R", I64, [2])],
                          [x, np.array([2, 1], np.int64)], F32, [4, 2],
                          np.tile(x, (2, 1)))


@recipe
def reshape_runtime_shape(out):
    """Reshape of X[2,3] to the shape S[2], data; Y is declared
    float[3,2]."""
    x = sample([2, 3])
    return declared_shape("Reshape", [("X", F32, [2, 3]), ("S", I64, [2])],
                          [x, np.array([3, -1], np.int64)], F32, [3, 2],
                          x.reshape(3, 2))


@recipe
def constant_of_shape_runtime(out):
    """ConstantOfShape of the shape S[2], data; Y is declared float[2,3]."""
    return declared_shape("ConstantOfShape", [("S", I64, [2])],
                          [np.array([2, 3], np.int64)], F32, [2, 3],
                          np.zeros([2, 3], np.float32))


@recipe
def one_hot_runtime_depth(out):
    """OneHot of the indices I[2] with the depth D, data; Y is declared
    float[2,3]."""
    return declared_shape(
        "OneHot", [("I", I64, [2]), ("D", I64, []), ("V", F32, [2])],
        [np.array([0, 2], np.int64), np.array(3, np.int64),
         np.array([0, 1], np.float32)], F32, [2, 3],
        np.eye(3, dtype=np.float32)[[0, 2]])


@recipe
def resize_declared_scales(out):
    """Nearest Resize of X[1,1,2,2] by the scales S[4], data; Y is declared
    float[1,1,4,4]."""
    x = sample([1, 1, 2, 2])
    return declared_shape(
        "Resize", [("X", F32, [1, 1, 2, 2]), ("", None, None),
                   ("S", F32, [4])],
        [x, np.array([1, 1, 2, 2], np.float32)], F32, [1, 1, 4, 4],
        x.repeat(2, axis=2).repeat(2, axis=3))


@recipe
def resize_declared_sizes(out):
    """Nearest Resize of X[1,1,2,2] to the sizes Z[4], data; Y is declared
    float[1,1,4,4]."""
    x = sample([1, 1, 2, 2])
    return declared_shape(
        "Resize", [("X", F32, [1, 1, 2, 2]), ("", None, None),
                   ("", None, None), ("Z", I64, [4])],
        [x, np.array([1, 1, 4, 4], np.int64)], F32, [1, 1, 4, 4],
        x.repeat(2, axis=2).repeat(2, axis=3))


@recipe
def resize_sizes_from_shapes(out):
    """A detector's upsampling: Y = Relu(Resize(X, sizes)) with the sizes
    Concat(Shape(X)[0:2], Floor(Shape(X)[2:4] * 0.5) + 1) computed from the
    dynamic input shape, partly in float; Y is declared float[n,4,H,W],
    more precisely than ONNX's inference of the Resize knows."""
    nodes = [
        helper.make_node("Shape", ["X"], ["shape"], name="shape"),
        helper.make_node("Slice", ["shape", "zero", "two"], ["nc"],
                         name="nc"),
        helper.make_node("Slice", ["shape", "two", "four"], ["hw"],
                         name="hw"),
        helper.make_node("Cast", ["hw"], ["hw_f"], name="to_float", to=F32),
        helper.make_node("Mul", ["hw_f", "half"], ["hw_half"], name="half"),
        helper.make_node("Floor", ["hw_half"], ["hw_floor"], name="floor"),
        helper.make_node("Cast", ["hw_floor"], ["hw_i"], name="to_int",
                         to=I64),
        helper.make_node("Add", ["hw_i", "one"], ["hw_out"], name="plus_one"),
        helper.make_node("Concat", ["nc", "hw_out"], ["sizes"], name="sizes",
                         axis=0),
        helper.make_node("Resize", ["X", "", "", "sizes"], ["R"],
                         name="resize", mode="nearest",
                         coordinate_transformation_mode="asymmetric",
                         nearest_mode="floor"),
        helper.make_node("Relu", ["R"], ["Y"], name="relu"),
    ]
    m = model(nodes, [vinfo("X", F32, ["n", 4, "h", "w"])],
              [vinfo("Y", F32, ["n", 4, "H", "W"])],
              [const("zero", np.array([0], np.int64)),
               const("one", np.array([1], np.int64)),
               const("two", np.array([2], np.int64)),
               const("four", np.array([4], np.int64)),
               const("half", np.array([0.5], np.float32))])
    x = sample([1, 4, 5, 6])
    rows = (np.arange(3) * 5 / 3).astype(np.int64)
    cols = (np.arange(4) * 6 / 4).astype(np.int64)
    return m, [x], [np.maximum(x[:, :, rows][:, :, :, cols], 0)]


@recipe
def sequence_runtime_insert(out):
    """A sequence packed at run time: [A (float[2]), B (float[3])] with the
    2x2 constant C inserted at the position P (an input). Outputs: its
    length, its tensor at 1 (Z, declared rank 1, as the tensors' ranks
    differ), and the sequence without its last tensor (S, a sequence whose
    length and shapes only the run knows)."""
    nodes = [helper.make_node("SequenceConstruct", ["A", "B"], ["s0"],
                              name="seq"),
             helper.make_node("SequenceInsert", ["s0", "C", "P"], ["s1"],
                              name="insert"),
             helper.make_node("SequenceLength", ["s1"], ["L"], name="len"),
             helper.make_node("SequenceAt", ["s1", "one"], ["Z"], name="at"),
             helper.make_node("SequenceErase", ["s1"], ["S"], name="erase")]
    c = np.array([[1, 2], [3, 4]], np.float32)
    m = model(nodes, [vinfo("A", F32, [2]), vinfo("B", F32, [3]),
                      vinfo("P", I64, [])],
              [vinfo("L", I64, []), vinfo("Z", F32, [None]),
               seq_vinfo("S", F32, None)],
              [const("C", c), const("one", np.array(1, np.int64))])
    a, b = sample([2], 30), sample([3], 31)
    return (m, [a, b, np.array(0, np.int64)],
            [np.array(3, np.int64), a, [c, a]])


@recipe
def sequence_runtime_at_ranks(out):
    """SequenceAt at a run-time position of tensors of ranks 1 and 2,
    whose rank the model does not declare."""
    return sequence_error(
        [helper.make_node("SequenceConstruct", ["X", "Y"], ["seq"],
                          name="seq"),
         helper.make_node("SequenceAt", ["seq", "pos"], ["Z"], name="at")],
        [vinfo("X", F32, [2]), vinfo("Y", F32, [1, 3]),
         vinfo("pos", I64, [])],
        [vinfo("Z", F32, None)])


@recipe
def sequence_packed_concat(out):
    """ConcatFromSequence of a sequence packed by an insertion at a run-time
    position."""
    return sequence_error(
        [helper.make_node("SequenceConstruct", ["X"], ["s0"], name="seq"),
         helper.make_node("SequenceInsert", ["s0", "X", "pos"], ["s1"],
                          name="insert"),
         helper.make_node("ConcatFromSequence", ["s1"], ["Y"], name="cat",
                          axis=0)],
        [vinfo("X", F32, [2]), vinfo("pos", I64, [])],
        [vinfo("Y", F32, None)])


@recipe
def sequence_packed_rank(out):
    """A tensor of 9 dimensions inserted at a run-time position."""
    return sequence_error(
        [helper.make_node("SequenceConstruct", ["X"], ["s0"], name="seq"),
         helper.make_node("SequenceInsert", ["s0", "X", "pos"], ["S"],
                          name="insert")],
        [vinfo("X", F32, [1] * 9), vinfo("pos", I64, [])],
        [seq_vinfo("S", F32, None)])


@recipe
def if_optional_undeclared(out):
    """An If whose branches yield an empty optional sequence and a sequence,
    to a graph output that the model declares a sequence, not an optional."""
    empty_type = helper.make_sequence_type_proto(
        helper.make_tensor_type_proto(F32, [2]))
    then_branch = graph(
        [helper.make_node("Optional", [], ["t"], name="empty",
                          type=empty_type)],
        [], [helper.make_value_info(
            "t", helper.make_optional_type_proto(empty_type))],
        name="then")
    else_branch = graph(
        [helper.make_node("SequenceConstruct", ["X"], ["e"],
                          name="else_seq")],
        [], [seq_vinfo("e", F32, [2])], name="else")
    return sequence_error(
        [helper.make_node("If", ["C"], ["S"], name="if",
                          then_branch=then_branch, else_branch=else_branch)],
        [vinfo("C", BOOL, []), vinfo("X", F32, [2])],
        [seq_vinfo("S", F32, None)])


@recipe
def if_optional_get(out):
    """An If that yields an empty optional sequence (C true) or one holding
    [X] (C false), read by OptionalGetElement and SequenceLength. C is
    false."""
    empty_type = helper.make_sequence_type_proto(
        helper.make_tensor_type_proto(F32, [2]))
    then_branch = graph(
        [helper.make_node("Optional", [], ["t"], name="empty",
                          type=empty_type)],
        [], [helper.make_value_info(
            "t", helper.make_optional_type_proto(empty_type))],
        name="then")
    else_branch = graph(
        [helper.make_node("SequenceConstruct", ["X"], ["e"],
                          name="else_seq"),
         helper.make_node("Optional", ["e"], ["o"], name="wrap")],
        [], [helper.make_value_info(
            "o", helper.make_optional_type_proto(empty_type))],
        name="else")
    m = model(
        [helper.make_node("If", ["C"], ["O"], name="if",
                          then_branch=then_branch, else_branch=else_branch),
         helper.make_node("OptionalGetElement", ["O"], ["S"], name="get"),
         helper.make_node("SequenceLength", ["S"], ["Y"], name="len")],
        [vinfo("C", BOOL, []), vinfo("X", F32, [2])], [vinfo("Y", I64, [])],
        opset=16)
    return m, [np.array(False), sample([2], 36)], [np.array(1, np.int64)]


@recipe
def sequence_unresolved(out):
    """SequenceAt of a tensor of SplitToSequence with a run-time split."""
    return sequence_error(
        [helper.make_node("SplitToSequence", ["X", "S"], ["seq"],
                          name="split"),
         helper.make_node("SequenceAt", ["seq", "zero"], ["Y"], name="at")],
        [vinfo("X", F32, [6]), vinfo("S", I64, [2])],
        [vinfo("Y", F32, None)], [const("zero", np.array(0, np.int64))])


@recipe
def sequence_to_tensor_op(out):
    """A sequence fed to an operator that takes tensors (Neg)."""
    return sequence_error(
        [helper.make_node("SequenceConstruct", ["X"], ["seq"], name="seq"),
         helper.make_node("Neg", ["seq"], ["Y"], name="neg")],
        [vinfo("X", F32, [2])], [helper.make_empty_tensor_value_info("Y")])


@recipe
def sequence_out_of_range(out):
    """SequenceAt at position 2 of a sequence of two tensors."""
    return sequence_error(
        [helper.make_node("SequenceConstruct", ["X", "X"], ["seq"],
                          name="seq"),
         helper.make_node("SequenceAt", ["seq", "two"], ["Y"], name="at")],
        [vinfo("X", F32, [2])], [vinfo("Y", F32, [2])],
        [const("two", np.array(2, np.int64))])


@recipe
def sequence_runtime_at_types(out):
    """SequenceAt at a run-time position (1) of tensors of two shapes: the
    sequence is packed, and the tensor's rank is theirs."""
    m, _, _ = sequence_error(
        [helper.make_node("SequenceConstruct", ["X", "Y"], ["seq"],
                          name="seq"),
         helper.make_node("SequenceAt", ["seq", "pos"], ["Z"], name="at")],
        [vinfo("X", F32, [2]), vinfo("Y", F32, [3]), vinfo("pos", I64, [])],
        [vinfo("Z", F32, None)])
    x, y = sample([2], 32), sample([3], 33)
    return m, [x, y, np.array(1, np.int64)], [y]


@recipe
def split_to_sequence_dynamic(out):
    """SplitToSequence without split along a dynamic dimension."""
    return sequence_error(
        [helper.make_node("SplitToSequence", ["X"], ["seq"], name="split"),
         helper.make_node("SequenceLength", ["seq"], ["Y"], name="len")],
        [vinfo("X", F32, ["N", 2])], [vinfo("Y", I64, [])])


# --- SequenceMap, and Loop and If over sequences (unrolled at import) -------

@recipe
def sequence_map(out):
    """SequenceMap over sequences of tensors of different shapes, unrolled
    at import. A = SplitToSequence(X, [1, 2]) (tensors [1, 4] and [2, 4]),
    B = SequenceConstruct(Y, Z) of the same shapes, T[4] a tensor.
    SequenceMap(A, T) maps a to Relu(a * T) + 1; SequenceMap(A, B, T) gives
    two sequences, (a + b) * T - a and Neg(b). The results are read back
    by ConcatFromSequence, SequenceAt and SequenceLength."""
    one_body = graph(
        [helper.make_node("Mul", ["a", "t"], ["m"], name="mul"),
         helper.make_node("Relu", ["m"], ["r"], name="relu"),
         helper.make_node("Add", ["r", "one"], ["y"], name="plus_one")],
        [vinfo("a", F32, [None, 4]), vinfo("t", F32, [4])],
        [vinfo("y", F32, [None, 4])],
        [const("one", np.array(1.0, np.float32))], name="one_body")
    two_body = graph(
        [helper.make_node("Add", ["a2", "b2"], ["s"], name="add"),
         helper.make_node("Mul", ["s", "t2"], ["st"], name="scale"),
         helper.make_node("Sub", ["st", "a2"], ["d"], name="sub"),
         helper.make_node("Neg", ["b2"], ["n"], name="neg")],
        [vinfo("a2", F32, [None, 4]), vinfo("b2", F32, [None, 4]),
         vinfo("t2", F32, [4])],
        [vinfo("d", F32, [None, 4]), vinfo("n", F32, [None, 4])],
        name="two_body")
    nodes = [
        helper.make_node("SplitToSequence", ["X", "sizes"], ["A"],
                         name="split", axis=0),
        helper.make_node("SequenceConstruct", ["Y", "Z"], ["B"],
                         name="construct"),
        helper.make_node("SequenceMap", ["A", "T"], ["M1"], name="map1",
                         body=one_body),
        helper.make_node("SequenceMap", ["A", "B", "T"], ["D", "N"],
                         name="map2", body=two_body),
        helper.make_node("ConcatFromSequence", ["M1"], ["cat1"], name="cat1",
                         axis=0),
        helper.make_node("ConcatFromSequence", ["D"], ["cat2"], name="cat2",
                         axis=0),
        helper.make_node("SequenceAt", ["N", "one_i"], ["neg"], name="at"),
        helper.make_node("SequenceLength", ["N"], ["len"], name="len"),
    ]
    m = model(nodes,
              [vinfo("X", F32, [3, 4]), vinfo("Y", F32, [1, 4]),
               vinfo("Z", F32, [2, 4]), vinfo("T", F32, [4])],
              [vinfo("cat1", F32, None), vinfo("cat2", F32, None),
               vinfo("neg", F32, None), vinfo("len", I64, [])],
              [const("sizes", np.array([1, 2], np.int64)),
               const("one_i", np.array(1, np.int64))], opset=17)
    x, y, z = sample([3, 4], 20), sample([1, 4], 21), sample([2, 4], 22)
    t = sample([4], 23)
    b = np.concatenate([y, z])
    return (m, [x, y, z, t],
            [np.maximum(x * t, 0) + 1, (x + b) * t - x, -z,
             np.array(2, np.int64)])


@recipe
def sequence_map_shapes(out):
    """SequenceMap whose body gives the Shape of each tensor (declared
    [H, W, C] in the body, as in ONNX's test_sequence_map_extract_shapes):
    the shapes of the three tensors SplitToSequence cuts from X[6, 2, 3],
    stacked by ConcatFromSequence with new_axis."""
    body = graph([helper.make_node("Shape", ["x"], ["shape"],
                                       name="shape")],
                     [vinfo("x", F32, ["H", "W", "C"])],
                     [vinfo("shape", I64, [3])], name="seq_map_body")
    nodes = [
        helper.make_node("SplitToSequence", ["X", "sizes"], ["in_seq"],
                         name="split", axis=0),
        helper.make_node("SequenceMap", ["in_seq"], ["shapes"], name="map",
                         body=body),
        helper.make_node("ConcatFromSequence", ["shapes"], ["S"],
                         name="stack", axis=0, new_axis=1),
    ]
    m = model(nodes, [vinfo("X", F32, [6, 2, 3])], [vinfo("S", I64, None)],
              [const("sizes", np.array([1, 2, 3], np.int64))], opset=17)
    return (m, [sample([6, 2, 3], 24)],
            [np.array([[1, 2, 3], [2, 2, 3], [3, 2, 3]], np.int64)])


def sequence_map_loop(seq_names, tensor_names, out_name, body_nodes,
                      body_outputs, prefix):
    """The Loop that ONNX's function body of SequenceMap expands to: an
    empty output sequence, a Loop over SequenceLength of the first input
    whose body takes SequenceAt(seq, iter) of each sequence input and
    SequenceInsert-s the body's output into the loop-carried sequence."""
    p = prefix + "_"
    nodes = [
        helper.make_node("SequenceLength", [seq_names[0]], [p + "seqlen"],
                         name=p + "seqlen"),
        helper.make_node("Constant", [], [p + "cond"], name=p + "cond",
                         value=helper.make_tensor("c", BOOL, [], [True])),
        helper.make_node("SequenceEmpty", [], [p + "empty"],
                         name=p + "empty", dtype=F32),
    ]
    loop_nodes = [helper.make_node("Identity", [p + "cond_in"],
                                   [p + "cond_out"], name=p + "keep")]
    for k, s in enumerate(seq_names):
        loop_nodes.append(helper.make_node(
            "SequenceAt", [s, p + "iter"], [p + "in%d" % k],
            name=p + "at%d" % k))
    loop_nodes += body_nodes
    loop_nodes.append(helper.make_node(
        "SequenceInsert", [p + "acc_in", body_outputs[0]], [p + "acc_out"],
        name=p + "insert"))
    loop_body = graph(
        loop_nodes,
        [vinfo(p + "iter", I64, []), vinfo(p + "cond_in", BOOL, []),
         seq_vinfo(p + "acc_in", F32, None)],
        [vinfo(p + "cond_out", BOOL, []), seq_vinfo(p + "acc_out", F32, None)],
        name=p + "loop_body")
    nodes.append(helper.make_node(
        "Loop", [p + "seqlen", p + "cond", p + "empty"], [out_name],
        name=p + "loop", body=loop_body))
    return nodes


@recipe
def sequence_map_expanded(out):
    """The Loop form of SequenceMap (ONNX's expansion, as in
    test_sequence_map_add_2_sequences_expanded) over A =
    SplitToSequence(X, [1, 2]) and B = SequenceConstruct(Y, Z): an empty
    sequence, then a Loop over SequenceLength(A) whose body inserts
    SequenceAt(A, i) + SequenceAt(B, i) into its loop-carried sequence. A
    second Loop with a constant trip count (2) carries a sequence, a tensor
    (the running sum of the first rows) and a scan output (i * 10 + the
    row sum), and its body holds an If on the iteration number."""
    nodes = [
        helper.make_node("SplitToSequence", ["X", "sizes"], ["A"],
                         name="split", axis=0),
        helper.make_node("SequenceConstruct", ["Y", "Z"], ["B"],
                         name="construct"),
    ]
    nodes += sequence_map_loop(
        ["A", "B"], [], "S",
        [helper.make_node("Add", ["m_in0", "m_in1"], ["m_out0"],
                          name="m_add")], ["m_out0"], "m")
    even = graph([helper.make_node("Identity", ["row"], ["e"],
                                       name="even_id")],
                     [], [vinfo("e", F32, [4])], name="even")
    odd = graph([helper.make_node("Neg", ["row"], ["o"], name="odd_neg")],
                    [], [vinfo("o", F32, [4])], name="odd")
    body = graph(
        [helper.make_node("Identity", ["c_in"], ["c_out"], name="keep"),
         helper.make_node("SequenceAt", ["S", "i"], ["elem"], name="at"),
         helper.make_node("Gather", ["elem", "zero"], ["row"], name="row",
                          axis=0),
         helper.make_node("Mod", ["i", "two"], ["parity"], name="mod"),
         helper.make_node("Equal", ["parity", "zero"], ["is_even"],
                          name="is_even"),
         helper.make_node("If", ["is_even"], ["signed"], name="sign",
                          then_branch=even, else_branch=odd),
         helper.make_node("Add", ["sum_in", "signed"], ["sum_out"],
                          name="acc"),
         helper.make_node("SequenceInsert", ["seq_in", "row", "zero"],
                          ["seq_out"], name="push_front"),
         helper.make_node("ReduceSum", ["row"], ["rs"], name="rsum",
                          keepdims=0),
         helper.make_node("Cast", ["i"], ["i_f"], name="cast", to=F32),
         helper.make_node("Mul", ["i_f", "ten"], ["i10"], name="times_ten"),
         helper.make_node("Add", ["i10", "rs"], ["scan"], name="scan")],
        [vinfo("i", I64, []), vinfo("c_in", BOOL, []),
         seq_vinfo("seq_in", F32, None), vinfo("sum_in", F32, [4])],
        [vinfo("c_out", BOOL, []), seq_vinfo("seq_out", F32, None),
         vinfo("sum_out", F32, [4]), vinfo("scan", F32, [])],
        [const("two", np.array(2, np.int64)),
         const("ten", np.array(10.0, np.float32))], name="rows_body")
    nodes += [
        helper.make_node("SequenceEmpty", [], ["R0"], name="rows0",
                         dtype=F32),
        helper.make_node("Loop", ["M", "", "R0", "Zero4"],
                         ["R", "SUM", "SCAN"], name="rows", body=body),
        helper.make_node("ConcatFromSequence", ["S"], ["cat"], name="cat",
                         axis=0),
        helper.make_node("ConcatFromSequence", ["R"], ["rows_cat"],
                         name="rows_cat", axis=0, new_axis=1),
    ]
    m = model(nodes,
              [vinfo("X", F32, [3, 4]), vinfo("Y", F32, [1, 4]),
               vinfo("Z", F32, [2, 4])],
              [vinfo("cat", F32, None), vinfo("rows_cat", F32, None),
               vinfo("SUM", F32, None), vinfo("SCAN", F32, None)],
              [const("sizes", np.array([1, 2], np.int64)),
               const("zero", np.array(0, np.int64)),
               const("M", np.array(2, np.int64)),
               const("Zero4", np.zeros([4], np.float32))], opset=17)
    x, y, z = sample([3, 4], 25), sample([1, 4], 26), sample([2, 4], 27)
    s0, s1 = x[:1] + y, x[1:] + z
    r0, r1 = s0[0], s1[0]
    return (m, [x, y, z],
            [np.concatenate([s0, s1]), np.stack([r1, r0]), r0 - r1,
             np.array([r0.sum(), 10 + r1.sum()], np.float32)])


def if_sequence_model():
    """Q = If(C) of sequences of two tensors: then (X, X + 1), else
    SplitToSequence(W) into [1, 3] and [1, 3] -- each branch builds its
    sequence its own way; Y = ConcatFromSequence(Q), V = SequenceAt(Q, 1)."""
    then_branch = graph(
        [helper.make_node("Add", ["X", "one"], ["x1"], name="plus_one"),
         helper.make_node("SequenceConstruct", ["X", "x1"], ["then_seq"],
                          name="then_construct")],
        [], [seq_vinfo("then_seq", F32, [1, 3])],
        [const("one", np.array(1.0, np.float32))], name="then_body")
    else_branch = graph(
        [helper.make_node("SplitToSequence", ["W"], ["else_seq"],
                          name="else_split", axis=0)],
        [], [seq_vinfo("else_seq", F32, [1, 3])], name="else_body")
    nodes = [
        helper.make_node("If", ["C"], ["Q"], name="if",
                         then_branch=then_branch, else_branch=else_branch),
        helper.make_node("ConcatFromSequence", ["Q"], ["Y"], name="cat",
                         axis=0),
        helper.make_node("SequenceAt", ["Q", "one_i"], ["V"], name="at"),
    ]
    w = np.arange(6, dtype=np.float32).reshape(2, 3)
    m = model(nodes, [vinfo("C", BOOL, []), vinfo("X", F32, [1, 3])],
              [vinfo("Y", F32, None), vinfo("V", F32, None)],
              [const("W", w), const("one_i", np.array(1, np.int64))],
              opset=13)
    return m, w


@recipe
def if_sequence_then(out):
    """If whose branches yield sequences of two tensors (if_sequence_model),
    condition true."""
    m, w = if_sequence_model()
    x = sample([1, 3], 28)
    return m, [np.array(True), x], [np.concatenate([x, x + 1]), x + 1]


@recipe
def if_sequence_else(out):
    """The if_sequence_then model with the condition false."""
    m, w = if_sequence_model()
    x = sample([1, 3], 28)
    return m, [np.array(False), x], [w, w[1:]]


@recipe
def sequence_map_lengths(out):
    """SequenceMap over sequences of two and three tensors."""
    body = graph([helper.make_node("Add", ["a", "b"], ["c"], name="add")],
                     [vinfo("a", F32, [2]), vinfo("b", F32, [2])],
                     [vinfo("c", F32, [2])])
    return sequence_error(
        [helper.make_node("SequenceConstruct", ["X", "X"], ["A"], name="a"),
         helper.make_node("SequenceConstruct", ["X", "X", "X"], ["B"],
                          name="b"),
         helper.make_node("SequenceMap", ["A", "B"], ["S"], name="map",
                          body=body),
         helper.make_node("SequenceLength", ["S"], ["Y"], name="len")],
        [vinfo("X", F32, [2])], [vinfo("Y", I64, [])])


def opset17(result):
    m, inputs, expected = result
    m.opset_import[0].version = 17
    return m, inputs, expected


@recipe
def sequence_map_sequence_output(out):
    """SequenceMap whose body gives a sequence."""
    body = graph([helper.make_node("SequenceConstruct", ["a"], ["s"],
                                       name="inner")],
                     [vinfo("a", F32, [2])], [seq_vinfo("s", F32, [2])])
    return opset17(sequence_error(
        [helper.make_node("SequenceConstruct", ["X"], ["A"], name="a"),
         helper.make_node("SequenceMap", ["A"], ["S"], name="map",
                          body=body),
         helper.make_node("SequenceLength", ["S"], ["Y"], name="len")],
        [vinfo("X", F32, [2])], [vinfo("Y", I64, [])]))


def sequence_loop(trip_count, condition, inputs, body_cond_nodes):
    """A Loop that carries a sequence (SequenceInsert of X each
    iteration), with the given trip count and condition inputs and the
    nodes that compute the body's condition c_out. Outputs: the sequence's
    length Y and the sequence S."""
    body = graph(
        body_cond_nodes +
        [helper.make_node("SequenceInsert", ["s_in", "X"], ["s_out"],
                          name="insert")],
        [vinfo("i", I64, []), vinfo("c_in", BOOL, []),
         seq_vinfo("s_in", F32, None)],
        [vinfo("c_out", BOOL, []), seq_vinfo("s_out", F32, None)])
    return model(
        [helper.make_node("SequenceEmpty", [], ["E"], name="empty",
                          dtype=F32),
         helper.make_node("Loop", [trip_count, condition, "E"], ["S"],
                          name="loop", body=body),
         helper.make_node("SequenceLength", ["S"], ["Y"], name="len")],
        inputs, [vinfo("Y", I64, []), seq_vinfo("S", F32, None)])


@recipe
def loop_sequence_runtime_trip_count(out):
    """A Loop that carries a sequence, with a trip count M that is an input
    (3): it carries the sequence packed."""
    m = sequence_loop(
        "M", "", [vinfo("X", F32, [2]), vinfo("M", I64, [])],
        [helper.make_node("Identity", ["c_in"], ["c_out"], name="keep")])
    x = sample([2], 34)
    return m, [x, np.array(3, np.int64)], [np.array(3, np.int64), [x] * 3]


@recipe
def loop_sequence_runtime_condition(out):
    """A Loop that carries a sequence, with a constant trip count (3) and a
    condition the body computes from the input X (sum(X) < 5; X = [3, 4]
    stops it after one iteration)."""
    m = sequence_loop(
        "M", "", [vinfo("X", F32, [2])],
        [helper.make_node("ReduceSum", ["X"], ["sx"], name="sum",
                          keepdims=0),
         helper.make_node("Less", ["sx", "limit"], ["c_out"], name="less")])
    m.graph.initializer.extend([const("M", np.array(3, np.int64)),
                                const("limit", np.array(5.0, np.float32))])
    x = np.array([3, 4], np.float32)
    return m, [x], [np.array(1, np.int64), [x]]


@recipe
def if_sequence_lengths(out):
    """An If whose branches yield sequences of one and of two tensors
    (X and [X, -X]): the If yields a packed sequence. C is false."""
    then_branch = graph(
        [helper.make_node("SequenceConstruct", ["X"], ["t"], name="then_seq")],
        [], [seq_vinfo("t", F32, [2])], name="then")
    else_branch = graph(
        [helper.make_node("Neg", ["X"], ["nx"], name="neg"),
         helper.make_node("SequenceConstruct", ["X", "nx"], ["e"],
                          name="else_seq")],
        [], [seq_vinfo("e", F32, [2])], name="else")
    m, _, _ = sequence_error(
        [helper.make_node("If", ["C"], ["S"], name="if",
                          then_branch=then_branch, else_branch=else_branch),
         helper.make_node("SequenceLength", ["S"], ["Y"], name="len")],
        [vinfo("C", BOOL, []), vinfo("X", F32, [2])],
        [vinfo("Y", I64, []), seq_vinfo("S", F32, None)])
    x = sample([2], 35)
    return m, [np.array(False), x], [np.array(2, np.int64), [x, -x]]


@recipe
def if_sequence_and_tensor(out):
    """An If whose then branch yields a sequence and else branch a
    tensor."""
    then_branch = graph(
        [helper.make_node("SequenceConstruct", ["X"], ["t"], name="then_seq")],
        [], [seq_vinfo("t", F32, [2])], name="then")
    else_branch = graph(
        [helper.make_node("Identity", ["X"], ["e"], name="else_id")],
        [], [vinfo("e", F32, [2])], name="else")
    return sequence_error(
        [helper.make_node("If", ["C"], ["S"], name="if",
                          then_branch=then_branch, else_branch=else_branch),
         helper.make_node("SequenceLength", ["S"], ["Y"], name="len")],
        [vinfo("C", BOOL, []), vinfo("X", F32, [2])], [vinfo("Y", I64, [])])


# --- TfIdfVectorizer ---------------------------------------------------------

def tfidf_reference(x, mode, min_n, max_n, max_skip, counts, indexes, pool,
                    weights=None):
    """TfIdfVectorizer as ONNX Runtime computes it: per skip distance and
    start position, the n-grams of each length; 1-grams once."""
    ngrams, k = {}, 0
    for level, start in enumerate(counts):
        n = level + 1
        end = counts[level + 1] if level + 1 < len(counts) else len(pool)
        for p in range(start, end, n):
            if min_n <= n <= max_n:
                ngrams[tuple(pool[p:p + n])] = indexes[k]
            k += 1
    size = max(indexes) + 1
    rows = x.reshape(-1, x.shape[-1])
    freq = np.zeros([rows.shape[0], size], np.float32)
    for r, row in enumerate(rows):
        first = min_n
        for d in range(1, max_skip + 2):
            for i in range(len(row)):
                for n in range(first, max_n + 1):
                    if i + (n - 1) * d >= len(row):
                        break
                    g = tuple(int(t) for t in row[i:i + (n - 1) * d + 1:d])
                    if g in ngrams:
                        freq[r, ngrams[g]] += 1
            if first == 1:
                first = 2
    w = (np.ones(size, np.float32) if weights is None
         else np.array(weights[:size], np.float32))
    if mode == "IDF":
        freq = np.where(freq > 0, w, 0).astype(np.float32)
    elif mode == "TFIDF":
        freq = freq * w
    return freq.reshape(x.shape[:-1] + (size,))


def tfidf_model(name, x_info, mode, min_n, max_n, max_skip, counts, indexes,
                pool, weights=None, opset=9):
    attrs = dict(mode=mode, min_gram_length=min_n, max_gram_length=max_n,
                 max_skip_count=max_skip, ngram_counts=counts,
                 ngram_indexes=indexes, pool_int64s=pool)
    if weights is not None:
        attrs["weights"] = weights
    node = helper.make_node("TfIdfVectorizer", ["X"], ["Y"], name=name,
                            **attrs)
    return model([node], [x_info], [vinfo("Y", F32, None)], opset=opset)


TFIDF_POOL = dict(counts=[0, 3, 7],
                  pool=[2, 3, 5, 4, 5, 6, 7, 2, 3, 7, 3, 5, 7])


@recipe
def tfidf_idf(out):
    """TfIdfVectorizer, mode IDF with weights, int64 tokens in 2 rows, 1- to
    3-grams with up to one skipped token, n-grams mapped to positions out
    of order (two n-grams to position 1)."""
    indexes = [4, 1, 0, 2, 3, 1, 5]
    weights = [0.5, 2.0, 0.25, 4.0, 1.5, 3.0, 8.0]
    args = dict(mode="IDF", min_n=1, max_n=3, max_skip=1,
                counts=TFIDF_POOL["counts"], indexes=indexes,
                pool=TFIDF_POOL["pool"], weights=weights)
    x = np.array([[2, 3, 7, 5, 4, 7, 4, 5],
                  [9, 9, 9, 9, 9, 9, 9, 9]], np.int64)
    m = tfidf_model("tfidf", vinfo("X", I64, [2, 8]), **args)
    return m, [x], [tfidf_reference(x, **args)]


@recipe
def tfidf_tfidf(out):
    """TfIdfVectorizer, mode TFIDF with weights, int32 tokens in one row,
    only 2-grams, with up to 2 skipped tokens."""
    args = dict(mode="TFIDF", min_n=2, max_n=2, max_skip=2,
                counts=TFIDF_POOL["counts"], indexes=[0, 1, 2, 3, 4, 5, 6],
                pool=TFIDF_POOL["pool"],
                weights=[1.0, 1.0, 1.0, 0.5, 2.0, 3.0, 1.0])
    x = np.array([4, 5, 6, 4, 1, 5, 6, 7, 9, 6], np.int32)
    m = tfidf_model("tfidf", vinfo("X", TensorProto.INT32, [10]), **args)
    return m, [x], [tfidf_reference(x, **args)]


@recipe
def tfidf_dynamic(out):
    """TfIdfVectorizer, mode TF, on int32 rows of a dynamic batch N and
    length L; 1- and 2-grams, up to 3 skipped tokens."""
    args = dict(mode="TF", min_n=1, max_n=2, max_skip=3,
                counts=TFIDF_POOL["counts"], indexes=[0, 1, 2, 3, 4, 5, 6],
                pool=TFIDF_POOL["pool"])
    x = np.array([[2, 3, 7, 4, 5, 6, 5, 7, 2],
                  [4, 4, 5, 3, 6, 6, 2, 3, 3],
                  [1, 2, 3, 4, 5, 6, 7, 8, 9]], np.int32)
    m = tfidf_model("tfidf", vinfo("X", TensorProto.INT32, ["N", "L"]),
                    **args)
    return m, [x], [tfidf_reference(x, **args)]


@recipe
def tfidf_strings(out):
    """TfIdfVectorizer with a pool of strings."""
    node = helper.make_node("TfIdfVectorizer", ["X"], ["Y"], name="tfidf",
                            mode="TF", min_gram_length=1, max_gram_length=1,
                            max_skip_count=0, ngram_counts=[0],
                            ngram_indexes=[0, 1], pool_strings=["a", "b"])
    return (model([node], [vinfo("X", I64, [4])], [vinfo("Y", F32, None)],
                  opset=9), None, None)


# --- Strings ---------------------------------------------------------------

STR = TensorProto.STRING


def strings(values, shape=None):
    a = np.array(values, dtype=object)
    return a.reshape(shape) if shape is not None else a


@recipe
def strings_end_to_end(out):
    """String tensors through StringNormalizer, casts from and to float,
    double, int64 and bool, a constant, and data movement (Transpose,
    Reshape, Concat, Gather, Slice, Unsqueeze, Identity)."""
    nodes = [
        helper.make_node("StringNormalizer", ["X"], ["N"], name="normalize",
                         case_change_action="UPPER", stopwords=["monday"]),
        helper.make_node("Transpose", ["N"], ["NT"], name="transpose",
                         perm=[1, 0]),
        helper.make_node("Reshape", ["NT", "shape4"], ["NR"], name="reshape"),
        helper.make_node("Cast", ["F"], ["FS"], name="float_to_string",
                         to=STR),
        helper.make_node("Concat", ["NR", "FS"], ["C"], name="concat",
                         axis=0),
        helper.make_node("Gather", ["C", "picks"], ["G"], name="gather"),
        helper.make_node("Slice", ["C", "start", "end"], ["SL"],
                         name="slice"),
        helper.make_node("Cast", ["S"], ["SF"], name="string_to_float",
                         to=TensorProto.FLOAT),
        helper.make_node("Cast", ["S"], ["SD"], name="string_to_double",
                         to=TensorProto.DOUBLE),
        helper.make_node("Cast", ["S"], ["SI"], name="string_to_int",
                         to=I64),
        helper.make_node("Cast", ["S"], ["SB"], name="string_to_bool",
                         to=TensorProto.BOOL),
        helper.make_node("Cast", ["I"], ["IS"], name="int_to_string",
                         to=STR),
        helper.make_node("Cast", ["D"], ["DS"], name="double_to_string",
                         to=STR),
        helper.make_node("Cast", ["SB"], ["BS"], name="bool_to_string",
                         to=STR),
        helper.make_node("Identity", ["words"], ["W"], name="identity"),
        helper.make_node("Concat", ["W", "IS"], ["WI"], name="concat2",
                         axis=0),
        helper.make_node("Unsqueeze", ["WI", "axes0"], ["U"],
                         name="unsqueeze"),
    ]
    inits = [const("shape4", np.array([4], np.int64)),
             const("picks", np.array([7, 0, 4, -1], np.int64)),
             const("start", np.array([1], np.int64)),
             const("end", np.array([3], np.int64)),
             const("axes0", np.array([0], np.int64)),
             numpy_helper.from_array(strings(["const", "\u00df"]), "words")]
    m = model(nodes,
              [vinfo("X", STR, [1, 6]), vinfo("F", F32, [4]),
               vinfo("S", STR, [5]), vinfo("I", I64, [2]),
               vinfo("D", TensorProto.DOUBLE, [2])],
              [vinfo("G", STR, [4]), vinfo("SL", STR, [2]),
               vinfo("SF", F32, [5]), vinfo("SD", TensorProto.DOUBLE, [5]),
               vinfo("SI", I64, [5]), vinfo("SB", TensorProto.BOOL, [5]),
               vinfo("U", STR, [1, 4]), vinfo("DS", STR, [2]),
               vinfo("BS", STR, [5])],
              inits)
    # How many strings StringNormalizer keeps depends on the data: the
    # model declares it, and modelc checks it at run time.
    m.graph.value_info.append(vinfo("N", STR, [1, 4]))
    x = strings(["Monday", "tuesday", "ünïcode", "MONDAY", "Straße", "x"],
                [1, 6])
    f = np.array([0.1, 1e-5, -0.0, 123456789.0], np.float32)
    s = strings(["3.14", " -1e3 ", "+INF", "NaN", "0"])
    i = np.array([-42, 9223372036854775807], np.int64)
    d = np.array([1.0 / 3, 1e16])
    # Unicode's simple case mappings: ß has no one-character upper case.
    kept = ["TUESDAY", "\u00dcN\u00cfCODE", "STRA\u00dfE", "X"]
    fs = [str(v) for v in f]
    c = kept + fs
    picks = [7, 0, 4, -1]
    g = strings([c[k] for k in picks])
    sf = np.array([3.14, -1000, np.inf, np.nan, 0], np.float32)
    sd = np.array([3.14, -1000, np.inf, np.nan, 0], np.float64)
    si = np.array([3, -1000, 9223372036854775807, 0, 0], np.int64)
    sb = np.array([True, True, True, True, False])
    u = strings(["const", "\u00df"] + [str(v) for v in i], [1, 4])
    ds = strings([str(v) for v in d])
    bs = strings(["True"] * 4 + ["False"])
    return (m, [x, f, s, i, d],
            [g, strings(c[1:3]), sf, sd, si, sb, u, ds, bs])


@recipe
def strings_dynamic(out):
    """F = Cast(S, to=FLOAT) and T = Cast(X, to=STRING) of inputs of
    dynamic lengths N and M."""
    nodes = [helper.make_node("Cast", ["S"], ["F"], name="parse", to=F32),
             helper.make_node("Cast", ["X"], ["T"], name="format", to=STR)]
    m = model(nodes, [vinfo("S", STR, ["N"]), vinfo("X", F32, ["M"])],
              [vinfo("F", F32, ["N"]), vinfo("T", STR, ["M"])])
    s = strings(["1e-3", "-INF", "2.5"])
    x = np.array([1e-4, 16777217.0, -7.0, 3e38], np.float32)
    return (m, [s, x],
            [np.array([float(v) for v in s], np.float32),
             strings([str(v) for v in x])])


@recipe
def strings_cast_float(out):
    """Y = Cast(X, to=STRING) of 16 floats whose texts are 14 bytes long
    ("-1.1754944e-38"): 240 bytes of strings with their NULs."""
    m = model([helper.make_node("Cast", ["X"], ["Y"], name="cast", to=STR)],
              [vinfo("X", F32, [16])], [vinfo("Y", STR, [16])])
    x = np.full([16], -1.1754944e-38, np.float32)
    return m, [x], [strings([str(v) for v in x])]


@recipe
def strings_normalize(out):
    """Y = StringNormalizer(X, UPPER, stop words "the" and "a",
    case-insensitive) of a [1, 4] X declared to keep 3, and Z = Cast(F,
    to=STRING) of 3 floats: the model of test/Inputs/link_strings.c."""
    nodes = [
        helper.make_node("StringNormalizer", ["X"], ["Y"], name="normalize",
                         case_change_action="UPPER", stopwords=["the", "a"]),
        helper.make_node("Cast", ["F"], ["Z"], name="cast", to=STR),
    ]
    m = model(nodes, [vinfo("X", STR, [1, 4]), vinfo("F", F32, [3])],
              [vinfo("Y", STR, [1, 3]), vinfo("Z", STR, [3])])
    return m, None, None


@recipe
def strings_normalize_undeclared(out):
    """StringNormalizer with stop words whose output size the model does
    not declare: at most the 4 strings it reads."""
    node = helper.make_node("StringNormalizer", ["X"], ["Y"], name="sn",
                            stopwords=["a"])
    m = model([node], [vinfo("X", STR, [4])], [vinfo("Y", STR, None)])
    x = np.array(["a", "b", "a", "c"], dtype=object)
    return m, [x], [np.array(["b", "c"], dtype=object)]


@recipe
def strings_add(out):
    """Y = Identity(Add(X, X)) on strings, which ONNX does not allow."""
    nodes = [helper.make_node("Add", ["X", "X"], ["S"], name="add"),
             helper.make_node("Identity", ["S"], ["Y"], name="id")]
    m = model(nodes, [vinfo("X", STR, [2])], [vinfo("Y", STR, [2])])
    return m, None, None


@recipe
def strings_cast_half(out):
    """Y = Cast(X, to=FLOAT16) of strings."""
    node = helper.make_node("Cast", ["X"], ["Y"], name="cast",
                            to=TensorProto.FLOAT16)
    m = model([node], [vinfo("X", STR, [2])],
              [vinfo("Y", TensorProto.FLOAT16, [2])])
    return m, None, None


@recipe
def strings_turkish(out):
    """StringNormalizer with the Turkish locale."""
    node = helper.make_node("StringNormalizer", ["X"], ["Y"], name="sn",
                            case_change_action="LOWER", locale="tr_TR")
    m = model([node], [vinfo("X", STR, [2])], [vinfo("Y", STR, [2])])
    return m, None, None


# --- Sampling and signal processing (numpy ports of ONNX's reference) -----

def grid_sample_reference(x, grid, mode, padding, align):
    """GridSample-16 (2-D) as ONNX Runtime and PyTorch compute it, in
    float32: the padding applies to each pixel read (ONNX's Python
    reference also pads the coordinate first, which differs for bicubic)."""
    n_, c_, h, w = x.shape
    out = np.zeros([n_, c_, grid.shape[1], grid.shape[2]], np.float32)
    dims = [h, w]
    lo = [0.0 if align else -0.5] * 2
    hi = [d - 1.0 if align else d - 0.5 for d in dims]

    def reflect(v, a, b):
        rng = b - a
        if v < a:
            dx = a - v
            n = int(dx / rng)
            r = dx - n * rng
            return a + r if n % 2 == 0 else b - r
        if v > b:
            dx = v - b
            n = int(dx / rng)
            r = dx - n * rng
            return b - r if n % 2 == 0 else a + r
        return v

    def pixel(img, idx):
        i = list(idx)
        for a in range(2):
            if padding == "zeros":
                if not 0 <= i[a] < dims[a]:
                    return 0.0
            elif padding == "border":
                i[a] = min(max(i[a], 0), dims[a] - 1)
            else:
                i[a] = int(reflect(i[a], lo[a], hi[a]))
        return img[i[0], i[1]]

    def cubic(t):
        a = -0.75
        t = abs(t)
        return [((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a,
                ((a + 2) * t - (a + 3)) * t * t + 1,
                ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1,
                ((a * (2 - t) - 5 * a) * (2 - t) + 8 * a) * (2 - t) - 4 * a]

    for n in range(n_):
        for c in range(c_):
            img = x[n, c]
            for oy in range(grid.shape[1]):
                for ox in range(grid.shape[2]):
                    g = grid[n, oy, ox][::-1]
                    p = np.zeros(2, np.float32)
                    for a in range(2):
                        if align:
                            p[a] = (g[a] + 1) / 2.0 * (dims[a] - 1)
                        else:
                            p[a] = ((g[a] + 1) * dims[a] - 1) / 2.0
                    if mode == "nearest":
                        p = np.rint(p)
                        q = p.astype(np.int32)
                        out[n, c, oy, ox] = pixel(img, q)
                        continue
                    base = np.floor(p).astype(np.int64)
                    t = p - base
                    if mode == "bilinear":
                        taps = [0, 1]
                        wy, wx = [1 - t[0], t[0]], [1 - t[1], t[1]]
                    else:
                        taps = [-1, 0, 1, 2]
                        wy, wx = cubic(t[0]), cubic(t[1])
                    v = 0.0
                    for i, dy in enumerate(taps):
                        row = sum(wx[j] * pixel(img, (base[0] + dy,
                                                      base[1] + dx))
                                  for j, dx in enumerate(taps))
                        v += wy[i] * row
                    out[n, c, oy, ox] = v
    return out


@recipe
def grid_sample(out):
    """GridSample-16 in every mode, padding mode and corner alignment, on a
    grid that reaches outside the input."""
    rng = np.random.RandomState(11)
    x = sample([1, 2, 4, 5], 12)
    grid = rng.uniform(-1.6, 1.6, size=[1, 3, 4, 2]).astype(np.float32)
    grid[0, 0, :, :] = [[-1, -1], [1, 1], [0, 0], [-0.5, 0.75]]
    # With align_corners, x = 0.5 exactly: nearest rounds it to even (0).
    grid[0, 1, 0, :] = [-0.75, -0.75]
    nodes, outputs, expected = [], [], []
    for mode in ["bilinear", "nearest", "bicubic"]:
        for padding in ["zeros", "border", "reflection"]:
            for align in [0, 1]:
                name = "%s_%s_%d" % (mode, padding, align)
                nodes.append(helper.make_node(
                    "GridSample", ["X", "G"], [name], name=name, mode=mode,
                    padding_mode=padding, align_corners=align))
                outputs.append(vinfo(name, F32, [1, 2, 3, 4]))
                expected.append(grid_sample_reference(x, grid, mode, padding,
                                                      align))
    m = model(nodes, [vinfo("X", F32, [1, 2, 4, 5]), vinfo("G", F32,
                                                           [1, 3, 4, 2])],
              outputs, opset=16)
    return m, [x, grid], expected


@recipe
def grid_sample_non_finite(out):
    """GridSample-16 in every mode and padding mode on a grid with NaN and
    infinite coordinates beside finite ones: a NaN coordinate gives NaN; an
    infinite one is far outside (0 with zeros padding, the edge with
    border), except with reflection padding, which has no reflection of it
    (NaN)."""
    x = sample([1, 2, 3, 4], 13)
    grid = np.array([[[[np.nan, 0.1], [0.2, np.nan], [0.5, 0.5]],
                      [[np.inf, -0.5], [0.3, -np.inf], [-0.3, 0.8]]]],
                    np.float32)
    nan_point = np.isnan(grid).any(axis=-1)
    inf_point = np.isinf(grid).any(axis=-1)
    far = np.nan_to_num(grid, nan=0.0, posinf=1e6, neginf=-1e6)
    nodes, outputs, expected = [], [], []
    for mode in ["bilinear", "nearest", "bicubic"]:
        for padding in ["zeros", "border", "reflection"]:
            name = "%s_%s" % (mode, padding)
            nodes.append(helper.make_node(
                "GridSample", ["X", "G"], [name], name=name, mode=mode,
                padding_mode=padding))
            outputs.append(vinfo(name, F32, [1, 2, 2, 3]))
            y = grid_sample_reference(x, far, mode, padding, 0)
            undefined = nan_point | (inf_point if padding == "reflection"
                                     else False)
            y[:, :, undefined[0]] = np.nan
            expected.append(y)
    m = model(nodes, [vinfo("X", F32, [1, 2, 3, 4]),
                      vinfo("G", F32, [1, 2, 3, 2])], outputs, opset=16)
    return m, [x, grid], expected


def roi_align_reference(x, rois, batch, mode, half_pixel, height, width,
                        sampling, scale):
    """RoiAlign as ONNX's reference computes it (Python floats)."""
    _, channels, h, w = x.shape
    out = np.zeros([rois.shape[0], channels, height, width], np.float32)
    for r in range(rois.shape[0]):
        offset = 0.5 if half_pixel else 0.0
        x1, y1, x2, y2 = [float(v) * scale - offset for v in rois[r]]
        rw, rh = x2 - x1, y2 - y1
        if not half_pixel:
            rw, rh = max(rw, 1.0), max(rh, 1.0)
        bh, bw = rh / height, rw / width
        gh = sampling if sampling > 0 else int(np.ceil(rh / height))
        gw = sampling if sampling > 0 else int(np.ceil(rw / width))
        count = max(gh * gw, 1)
        for c in range(channels):
            img = x[batch[r], c]
            for ph in range(height):
                for pw in range(width):
                    vals = []
                    for iy in range(gh):
                        yy = y1 + ph * bh + (iy + 0.5) * bh / gh
                        for ix in range(gw):
                            xx = x1 + pw * bw + (ix + 0.5) * bw / gw
                            if yy < -1.0 or yy > h or xx < -1.0 or xx > w:
                                vals.append([0.0] * 4)
                                continue
                            yv, xv = max(yy, 0.0), max(xx, 0.0)
                            yl, xl = int(yv), int(xv)
                            if yl >= h - 1:
                                yl = yhi = h - 1
                                yv = yl
                            else:
                                yhi = yl + 1
                            if xl >= w - 1:
                                xl = xhi = w - 1
                                xv = xl
                            else:
                                xhi = xl + 1
                            ly, lx = yv - yl, xv - xl
                            hy, hx = 1 - ly, 1 - lx
                            vals.append([hy * hx * img[yl, xl],
                                         hy * lx * img[yl, xhi],
                                         ly * hx * img[yhi, xl],
                                         ly * lx * img[yhi, xhi]])
                    if mode == "avg":
                        v = sum(sum(s) for s in vals) / count
                    else:
                        v = max(max(s) for s in vals) if vals else 0.0
                    out[r, c, ph, pw] = v
    return out


@recipe
def roi_align(out):
    """RoiAlign-16, avg with half_pixel and adaptive sampling, max with
    output_half_pixel, sampling_ratio 2 and spatial_scale 0.5; regions
    partly outside the image and smaller than a pixel."""
    x = sample([2, 2, 6, 7], 13)
    rois = np.array([[0.0, 0.0, 6.0, 5.0], [1.5, 2.0, 9.0, 8.5],
                     [3.0, 3.0, 3.2, 3.1], [-2.0, -1.0, 2.0, 3.0]],
                    np.float32)
    batch = np.array([0, 1, 1, 0], np.int64)
    nodes = [helper.make_node("RoiAlign", ["X", "R", "B"], ["A"], name="avg",
                              output_height=3, output_width=2),
             helper.make_node("RoiAlign", ["X", "R", "B"], ["M"], name="max",
                              mode="max",
                              coordinate_transformation_mode=
                              "output_half_pixel", output_height=2,
                              output_width=3, sampling_ratio=2,
                              spatial_scale=0.5)]
    m = model(nodes, [vinfo("X", F32, [2, 2, 6, 7]), vinfo("R", F32, [4, 4]),
                      vinfo("B", I64, [4])],
              [vinfo("A", F32, [4, 2, 3, 2]), vinfo("M", F32, [4, 2, 2, 3])],
              opset=16)
    return m, [x, rois, batch], [
        roi_align_reference(x, rois, batch, "avg", True, 3, 2, 0, 1.0),
        roi_align_reference(x, rois, batch, "max", False, 2, 3, 2, 0.5)]


@recipe
def roi_align_opset10(out):
    """RoiAlign-10, which has no coordinate_transformation_mode and does
    not shift the regions by half a pixel."""
    x = sample([1, 1, 5, 5], 14)
    rois = np.array([[0.5, 0.5, 3.5, 4.0], [1.0, 0.0, 1.5, 0.5]], np.float32)
    batch = np.array([0, 0], np.int64)
    m = model([helper.make_node("RoiAlign", ["X", "R", "B"], ["Y"],
                                name="roi", output_height=2, output_width=2)],
              [vinfo("X", F32, [1, 1, 5, 5]), vinfo("R", F32, [2, 4]),
               vinfo("B", I64, [2])], [vinfo("Y", F32, [2, 1, 2, 2])],
              opset=10)
    return m, [x, rois, batch], [
        roi_align_reference(x, rois, batch, "avg", False, 2, 2, 0, 1.0)]


@recipe
def max_unpool(out):
    """MaxUnpool with pads and strides, to the unpooled shape and to a
    larger constant output_shape; two elements share an index (the later
    one wins) and one index is out of range (ignored)."""
    x = sample([1, 2, 2, 3], 15)
    # Unpooled shape: (2 - 1) * 2 - 2 + 3 = 3 by (3 - 1) * 2 - 2 + 3 = 5.
    i = np.array([[[[0, 2, 4], [10, 12, 12]],
                   [[15, 16, 19], [26, 28, 99]]]], np.int64)
    attrs = dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    nodes = [helper.make_node("MaxUnpool", ["X", "I"], ["Y"], name="unpool",
                              **attrs),
             helper.make_node("MaxUnpool", ["X", "I", "S"], ["Z"],
                              name="unpool_shape", **attrs)]
    m = model(nodes, [vinfo("X", F32, [1, 2, 2, 3]), vinfo("I", I64,
                                                           [1, 2, 2, 3])],
              [vinfo("Y", F32, [1, 2, 3, 5]), vinfo("Z", F32, [1, 2, 4, 6])],
              [const("S", np.array([1, 2, 4, 6], np.int64))], opset=11)
    y = np.zeros(30, np.float32)
    for v, k in zip(x.ravel(), i.ravel()):
        if 0 <= k < y.size:
            y[k] = v
    y = y.reshape([1, 2, 3, 5])
    z = np.zeros([1, 2, 4, 6], np.float32)
    z[:, :, :3, :5] = y
    return m, [x, i], [y, z]


def dft_reference(x, axis, length, inverse, onesided):
    """DFT-17 with numpy's FFT: the last axis holds 1 or 2 parts."""
    signal = x[..., 0] if x.shape[-1] == 1 else x[..., 0] + 1j * x[..., 1]
    y = (np.fft.ifft if inverse else np.fft.fft)(signal.astype(np.complex128),
                                                 n=length, axis=axis)
    if onesided:
        y = np.take(y, np.arange(length // 2 + 1), axis=axis)
    return np.stack([y.real, y.imag], -1).astype(np.float32)


@recipe
def dft(out):
    """DFT-17: real and complex signals, axis 1 and 2, a constant
    dft_length that pads or cuts, inverse, onesided of odd length."""
    x = sample([2, 5, 3, 1], 16)
    c = sample([2, 6, 2], 17)
    nodes = [helper.make_node("DFT", ["X"], ["A"], name="a"),
             helper.make_node("DFT", ["X"], ["B"], name="b", axis=2,
                              onesided=1),
             helper.make_node("DFT", ["X", "eight"], ["C"], name="c",
                              inverse=1),
             helper.make_node("DFT", ["C2", "four"], ["D"], name="d"),
             helper.make_node("DFT", ["C2"], ["E"], name="e", inverse=1),
             helper.make_node("DFT", ["X", "seven"], ["F"], name="f",
                              onesided=1)]
    m = model(nodes, [vinfo("X", F32, [2, 5, 3, 1]),
                      vinfo("C2", F32, [2, 6, 2])],
              [vinfo(n, F32, None) for n in "ABCDEF"],
              [const("eight", np.array(8, np.int64)),
               const("four", np.array(4, np.int32)),
               const("seven", np.array(7, np.int64))], opset=17)
    return m, [x, c], [dft_reference(x, 1, 5, False, False),
                       dft_reference(x, 2, 3, False, True),
                       dft_reference(x, 1, 8, True, False),
                       dft_reference(c, 1, 4, False, False),
                       dft_reference(c, 1, 6, True, False),
                       dft_reference(x, 1, 7, False, True)]


@recipe
def dft_inverse_onesided(out):
    """DFT with both inverse and onesided, which ONNX does not allow."""
    m = model([helper.make_node("DFT", ["X"], ["Y"], name="dft", inverse=1,
                                onesided=1)],
              [vinfo("X", F32, [1, 8, 2])], [vinfo("Y", F32, [1, 5, 2])],
              opset=17)
    return m, None, None


def stft_reference(x, step, window, length, onesided):
    """STFT-17 with numpy's FFT, frames of LENGTH weighted by WINDOW."""
    signal = x[..., 0] if x.shape[-1] == 1 else x[..., 0] + 1j * x[..., 1]
    frames = 1 + (x.shape[1] - length) // step
    w = np.ones(length) if window is None else window.astype(np.float64)
    y = np.stack([np.fft.fft(signal[:, f * step:f * step + length] * w,
                             axis=-1) for f in range(frames)], 1)
    if onesided:
        y = y[..., :length // 2 + 1]
    return np.stack([y.real, y.imag], -1).astype(np.float32)


@recipe
def stft(out):
    """STFT-17 with constant parameters: a real signal with a window
    (frame length from it, onesided by default) and a complex signal with
    a frame_length and no window, all bins."""
    x = sample([2, 20, 1], 18)
    c = sample([1, 12, 2], 19)
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(6) / 6)).astype(
        np.float32)
    nodes = [helper.make_node("STFT", ["X", "three", "W"], ["A"], name="a"),
             helper.make_node("STFT", ["C", "two", "", "four"], ["B"],
                              name="b", onesided=0)]
    m = model(nodes, [vinfo("X", F32, [2, 20, 1]), vinfo("C", F32, [1, 12, 2])],
              [vinfo("A", F32, None), vinfo("B", F32, None)],
              [const("three", np.array(3, np.int64)),
               const("two", np.array(2, np.int32)),
               const("four", np.array(4, np.int32)), const("W", window)],
              opset=17)
    return m, [x, c], [stft_reference(x, 3, window, 6, True),
                       stft_reference(c, 2, None, 4, False)]


def stft_symbolic(length):
    """STFT of a signal of symbolic length 'S' (a constant step and
    window): the frame count follows the input's size; sample data of
    LENGTH elements."""
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(8) / 8)).astype(
        np.float32)
    m = model([helper.make_node("STFT", ["X", "step", "W"], ["Y"],
                                name="stft")],
              [vinfo("X", F32, [1, "S", 1])], [vinfo("Y", F32, None)],
              [const("step", np.array(3, np.int64)), const("W", window)],
              opset=17)
    x = sample([1, length, 1], length)
    return m, [x], [stft_reference(x, 3, window, 8, True)]


@recipe
def stft_symbolic_20(out):
    """STFT of a signal of symbolic length (data: 20 elements)."""
    return stft_symbolic(20)


@recipe
def stft_symbolic_33(out):
    """STFT of a signal of symbolic length (data: 33 elements)."""
    return stft_symbolic(33)


@recipe
def windows(out):
    """HannWindow, HammingWindow and BlackmanWindow of constant sizes,
    periodic and symmetric (one of one element), float and double."""
    def window(kind, size, periodic):
        n = size if periodic else size - 1
        if n == 0:
            return np.ones(size)
        a = 2 * np.pi * np.arange(size) / n
        if kind == "HannWindow":
            return 0.5 - 0.5 * np.cos(a)
        if kind == "HammingWindow":
            return 25 / 46 - 21 / 46 * np.cos(a)
        return 0.42 - 0.5 * np.cos(a) + 0.08 * np.cos(2 * a)
    cases = [("HannWindow", 8, 1, F32), ("HannWindow", 7, 0, F32),
             ("HammingWindow", 8, 1, TensorProto.DOUBLE),
             ("HammingWindow", 1, 0, F32), ("BlackmanWindow", 9, 1, F32),
             ("BlackmanWindow", 9, 0, F32)]
    nodes, outputs, expected, inits = [], [], [], []
    for k, (kind, size, periodic, dtype) in enumerate(cases):
        name = "w%d" % k
        inits.append(const("n%d" % k, np.array(size, np.int64)))
        nodes.append(helper.make_node(kind, ["n%d" % k], [name], name=name,
                                      periodic=periodic,
                                      output_datatype=dtype))
        outputs.append(vinfo(name, dtype, [size]))
        expected.append(window(kind, size, periodic).astype(
            np.float64 if dtype == TensorProto.DOUBLE else np.float32))
    m = model(nodes, [], outputs, inits, opset=17)
    return m, [], expected


def mel_reference(bins, length, rate, lower, upper):
    """MelWeightMatrix as ONNX's reference computes it."""
    points = np.arange(0, bins + 2)
    low = 2595 * np.log10(1 + lower / 700)
    high = 2595 * np.log10(1 + upper / 700)
    step = (high - low) / points.shape[0]
    points = points * step + low
    points = 700 * (np.power(10, (points / 2595)) - 1)
    points = (((length + 1) * points) // rate).astype(int)
    out = np.zeros((length // 2 + 1, bins))
    for i in range(bins):
        left, centre, right = points[i], points[i + 1], points[i + 2]
        if centre == left:
            out[centre, i] = 1
        else:
            for j in range(left, centre + 1):
                out[j, i] = float(j - left) / float(centre - left)
        if right > centre:
            for j in range(centre, right):
                out[j, i] = float(right - j) / float(right - centre)
    return out.astype(np.float32)


@recipe
def mel_weight_matrix(out):
    """MelWeightMatrix with constant parameters."""
    args = [("bins", np.array(6, np.int64)), ("len", np.array(32, np.int64)),
            ("rate", np.array(16000, np.int64)),
            ("lo", np.array(100, np.float32)),
            ("hi", np.array(7000, np.float32))]
    m = model([helper.make_node("MelWeightMatrix", [n for n, _ in args], ["Y"],
                                name="mel")],
              [], [vinfo("Y", F32, [17, 6])],
              [const(n, v) for n, v in args], opset=17)
    return m, [], [mel_reference(*[v for _, v in args])]


@recipe
def signal_runtime_sizes(out):
    """STFT whose frame_step, and HannWindow whose size, are graph inputs:
    their result dimensions depend on the values."""
    nodes = [helper.make_node("STFT", ["X", "S", "W"], ["Y"], name="stft"),
             helper.make_node("HannWindow", ["N"], ["H"], name="hann")]
    m = model(nodes, [vinfo("X", F32, [1, 64, 1]), vinfo("S", I64, []),
                      vinfo("W", F32, [16]), vinfo("N", I64, [])],
              [vinfo("Y", F32, None), vinfo("H", F32, None)], opset=17)
    x = sample([1, 64, 1], 20)
    w = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(16) / 16)).astype(
        np.float32)
    hann = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(10) / 10)).astype(
        np.float32)
    return (m, [x, np.array(5, np.int64), w, np.array(10, np.int64)],
            [stft_reference(x, 5, w, 16, True), hann])


@recipe
def dft_runtime_length(out):
    """DFT whose dft_length is a graph input."""
    m = model([helper.make_node("DFT", ["X", "L"], ["Y"], name="dft")],
              [vinfo("X", F32, [1, 8, 1]), vinfo("L", I64, [])],
              [vinfo("Y", F32, None)], opset=17)
    return m, None, None


@recipe
def grid_sample_5d(out):
    """GridSample of a 5-D input (3-D sampling, opset 20's)."""
    m = model([helper.make_node("GridSample", ["X", "G"], ["Y"], name="gs")],
              [vinfo("X", F32, [1, 1, 2, 2, 2]),
               vinfo("G", F32, [1, 2, 2, 2, 3])],
              [vinfo("Y", F32, [1, 1, 2, 2, 2])], opset=16)
    return m, None, None


# --- Control flow: If, Loop, Scan -------------------------------------------

BOOL = TensorProto.BOOL


def graph(nodes, inputs, outputs, initializers=(), name="body"):
    """A subgraph (GraphProto attribute) of If, Loop or Scan."""
    return helper.make_graph(list(nodes), name, list(inputs), list(outputs),
                             initializer=list(initializers))


def if_model():
    """Y = If(C, X + W, -X * 2) with W an initializer of the outer graph
    and 2 one of the else branch; Z = If(C, X, W) uses outer values only."""
    then_branch = graph(
        [helper.make_node("Add", ["X", "W"], ["then_y"], name="then_add")],
        [], [vinfo("then_y", F32, [2, 3])], name="then")
    else_branch = graph(
        [helper.make_node("Neg", ["X"], ["neg"], name="else_neg"),
         helper.make_node("Mul", ["neg", "two"], ["else_y"], name="else_mul")],
        [], [vinfo("else_y", F32, [2, 3])],
        [const("two", np.array(2.0, np.float32))], name="else")
    pick = helper.make_node(
        "If", ["C"], ["Z"], name="pick",
        then_branch=graph([helper.make_node("Identity", ["X"], ["x2"],
                                            name="then_x")],
                          [], [vinfo("x2", F32, [2, 3])], name="then2"),
        else_branch=graph([helper.make_node("Identity", ["W"], ["w2"],
                                            name="else_w")],
                          [], [vinfo("w2", F32, [2, 3])], name="else2"))
    nodes = [helper.make_node("If", ["C"], ["Y"], name="if",
                              then_branch=then_branch,
                              else_branch=else_branch), pick]
    w = np.arange(6, dtype=np.float32).reshape(2, 3)
    m = model(nodes, [vinfo("C", BOOL, []), vinfo("X", F32, [2, 3])],
              [vinfo("Y", F32, [2, 3]), vinfo("Z", F32, [2, 3])],
              [const("W", w)], opset=11)
    return m, w


@recipe
def if_then(out):
    """If on a run-time condition (true here): branches that use the outer
    graph's values and an initializer of their own; a second If only
    passes outer values on."""
    m, w = if_model()
    x = sample([2, 3], 10)
    return m, [np.array(True), x], [x + w, x]


@recipe
def if_else(out):
    """The if_then model, with the condition false."""
    m, w = if_model()
    x = sample([2, 3], 10)
    return m, [np.array(False), x], [-x * 2, w]


@recipe
def loop_scan_outputs(out):
    """Loop with a constant trip count (4), no condition, the loop-carried
    Y and a scan output; the body uses the outer X and the iteration
    number, and holds an If: Y' = Y * 0.5 + X + i, and the scan output is
    Y' + 1 on even iterations, Y' - 1 on odd ones."""
    one = const("one", np.array(1.0, np.float32))
    even_branch = graph([helper.make_node("Add", ["y_out", "one"], ["ze"],
                                          name="plus")],
                        [], [vinfo("ze", F32, [2])], name="even")
    odd_branch = graph([helper.make_node("Sub", ["y_out", "one"], ["zo"],
                                         name="minus")],
                       [], [vinfo("zo", F32, [2])], name="odd")
    body = graph(
        [helper.make_node("Identity", ["cond_in"], ["cond_out"], name="keep"),
         helper.make_node("Cast", ["i"], ["i_f"], name="cast", to=F32),
         helper.make_node("Mul", ["y_in", "half"], ["h"], name="half_y"),
         helper.make_node("Add", ["X", "i_f"], ["xi"], name="x_plus_i"),
         helper.make_node("Add", ["h", "xi"], ["y_out"], name="next_y"),
         helper.make_node("Mod", ["i", "two"], ["parity"], name="mod"),
         helper.make_node("Equal", ["parity", "zero"], ["even"],
                          name="is_even"),
         helper.make_node("If", ["even"], ["z"], name="branch",
                          then_branch=even_branch, else_branch=odd_branch)],
        [vinfo("i", I64, []), vinfo("cond_in", BOOL, []),
         vinfo("y_in", F32, [2])],
        [vinfo("cond_out", BOOL, []), vinfo("y_out", F32, [2]),
         vinfo("z", F32, [2])],
        [const("half", np.array(0.5, np.float32)),
         const("two", np.array(2, np.int64)),
         const("zero", np.array(0, np.int64))])
    node = helper.make_node("Loop", ["M", "", "Y0"], ["Y", "S"], name="loop",
                            body=body)
    m = model([node], [vinfo("X", F32, [2]), vinfo("Y0", F32, [2])],
              [vinfo("Y", F32, [2]), vinfo("S", F32, [4, 2])],
              [const("M", np.array(4, np.int64)), one], opset=11)
    x = sample([2], 11)
    y0 = sample([2], 12)
    y, rows = y0, []
    for i in range(4):
        y = (y * np.float32(0.5) + (x + np.float32(i))).astype(np.float32)
        rows.append(y + 1 if i % 2 == 0 else y - 1)
    return m, [x, y0], [y, np.stack(rows)]


@recipe
def loop_while(out):
    """Loops whose condition the body computes (scf.while): Y doubles plus
    one while below the limit L (no trip count), and K counts down from a
    trip count M given at run time while above 2 (both inputs)."""
    body = graph(
        [helper.make_node("Mul", ["y_in", "two"], ["d"], name="double"),
         helper.make_node("Add", ["d", "one"], ["y_out"], name="plus_one"),
         helper.make_node("Less", ["y_out", "L"], ["cond_out"], name="less")],
        [vinfo("i", I64, []), vinfo("cond_in", BOOL, []),
         vinfo("y_in", F32, [])],
        [vinfo("cond_out", BOOL, []), vinfo("y_out", F32, [])],
        [const("two", np.array(2.0, np.float32)),
         const("one", np.array(1.0, np.float32))])
    countdown = graph(
        [helper.make_node("Sub", ["k_in", "step"], ["k_out"], name="dec"),
         helper.make_node("Greater", ["k_out", "stop"], ["cond_out2"],
                          name="greater"),
         helper.make_node("Add", ["n_in", "i2"], ["n_out"], name="sum_i")],
        [vinfo("i2", I64, []), vinfo("c2", BOOL, []),
         vinfo("k_in", I64, [1]), vinfo("n_in", I64, [])],
        [vinfo("cond_out2", BOOL, [1]), vinfo("k_out", I64, [1]),
         vinfo("n_out", I64, [])],
        [const("step", np.array([1], np.int64)),
         const("stop", np.array(2, np.int64))], name="countdown")
    nodes = [helper.make_node("Loop", ["", "T", "Y0"], ["Y"], name="grow",
                              body=body),
             helper.make_node("Loop", ["M", "T", "K0", "N0"], ["K", "N"],
                              name="count", body=countdown)]
    m = model(nodes,
              [vinfo("L", F32, []), vinfo("T", BOOL, []),
               vinfo("Y0", F32, []), vinfo("M", I64, []),
               vinfo("K0", I64, [1])],
              [vinfo("Y", F32, []), vinfo("K", I64, [1]),
               vinfo("N", I64, [])],
              [const("N0", np.array(0, np.int64))], opset=11)
    y = np.float32(1.5)
    while True:
        y = np.float32(y * 2 + 1)
        if not y < 100:
            break
    k, n = np.array([10], np.int64), 0
    for i in range(6):
        k = k - 1
        n += i
        if not k[0] > 2:
            break
    return (m, [np.array(100, np.float32), np.array(True),
                np.array(1.5, np.float32), np.array(6, np.int64),
                np.array([10], np.int64)],
            [np.array(y, np.float32), k, np.array(n, np.int64)])


@recipe
def loop_runtime_trip_count(out):
    """Loop whose trip count M is an input and whose body passes the
    condition on (scf.for over a run-time count), with two loop-carried
    values that swap places every iteration: (A, B) -> (B, A + B)."""
    body = graph(
        [helper.make_node("Identity", ["c_in"], ["c_out"], name="keep"),
         helper.make_node("Add", ["a_in", "b_in"], ["sum"], name="sum"),
         helper.make_node("Identity", ["b_in"], ["a_out"], name="swap")],
        [vinfo("i", I64, []), vinfo("c_in", BOOL, []),
         vinfo("a_in", F32, [3]), vinfo("b_in", F32, [3])],
        [vinfo("c_out", BOOL, []), vinfo("a_out", F32, [3]),
         vinfo("sum", F32, [3])])
    node = helper.make_node("Loop", ["M", "C", "A", "B"], ["A2", "B2"],
                            name="fib", body=body)
    m = model([node],
              [vinfo("M", I64, []), vinfo("C", BOOL, []),
               vinfo("A", F32, [3]), vinfo("B", F32, [3])],
              [vinfo("A2", F32, [3]), vinfo("B2", F32, [3])], opset=11)
    a = np.array([0, 1, 2], np.float32)
    b = np.array([1, 1, -1], np.float32)
    x, y = a, b
    for _ in range(7):
        x, y = y, x + y
    return m, [np.array(7, np.int64), np.array(True), a, b], [x, y]


@recipe
def loop_scan_runtime_trip_count(out):
    """Loop whose trip count M is an input, with a scan output S (rows
    i * X) that the model does not declare: its length is M."""
    body = graph(
        [helper.make_node("Identity", ["c_in"], ["c_out"], name="keep"),
         helper.make_node("Cast", ["i"], ["f"], name="cast", to=F32),
         helper.make_node("Mul", ["f", "X"], ["row"], name="row")],
        [vinfo("i", I64, []), vinfo("c_in", BOOL, [])],
        [vinfo("c_out", BOOL, []), vinfo("row", F32, [2])])
    node = helper.make_node("Loop", ["M", ""], ["S"], name="loop", body=body)
    m = model([node], [vinfo("M", I64, []), vinfo("X", F32, [2])],
              [vinfo("S", F32, None)], opset=13)
    x = np.array([1.5, -2], np.float32)
    return (m, [np.array(5, np.int64), x],
            [np.arange(5, dtype=np.float32)[:, None] * x])


@recipe
def loop_while_scan(out):
    """Loop with a trip count M (an input, 10) whose body computes the
    condition (sum(i * X) < L) and has a scan output S (rows i * X) that the
    model does not declare: the iterations that ran (5) give its length."""
    body = graph(
        [helper.make_node("Cast", ["i"], ["f"], name="cast", to=F32),
         helper.make_node("Mul", ["f", "X"], ["row"], name="row"),
         helper.make_node("ReduceSum", ["row"], ["t"], name="sum",
                          keepdims=0),
         helper.make_node("Less", ["t", "L"], ["c_out"], name="less")],
        [vinfo("i", I64, []), vinfo("c_in", BOOL, [])],
        [vinfo("c_out", BOOL, []), vinfo("row", F32, [2])])
    node = helper.make_node("Loop", ["M", "C"], ["S"], name="loop", body=body)
    m = model([node], [vinfo("M", I64, []), vinfo("C", BOOL, []),
                       vinfo("X", F32, [2]), vinfo("L", F32, [])],
              [vinfo("S", F32, None)], opset=13)
    x = np.array([1, 2], np.float32)
    rows = []
    for i in range(10):
        rows.append(np.float32(i) * x)
        if not rows[-1].sum() < 10:
            break
    return (m, [np.array(10, np.int64), np.array(True), x,
                np.array(10, np.float32)], [np.stack(rows)])


@recipe
def loop_dynamic_rows(out):
    """X[N, 2] with N dynamic: a Loop over M = Shape(X)[0] whose scan output
    S stacks the rows X[i] * 2, [N, 2] like X (its size is the trip count,
    computed from the input dimension); T = S - X uses it."""
    body = graph(
        [helper.make_node("Identity", ["c_in"], ["c_out"], name="keep"),
         helper.make_node("Gather", ["X", "i"], ["row"], name="row", axis=0),
         helper.make_node("Mul", ["row", "two"], ["scaled"], name="scale")],
        [vinfo("i", I64, []), vinfo("c_in", BOOL, [])],
        [vinfo("c_out", BOOL, []), vinfo("scaled", F32, [2])],
        [const("two", np.array(2.0, np.float32))])
    nodes = [helper.make_node("Shape", ["X"], ["shape"], name="shape"),
             helper.make_node("Gather", ["shape", "zero"], ["M"],
                              name="rows", axis=0),
             helper.make_node("Loop", ["M", ""], ["S"], name="loop",
                              body=body),
             helper.make_node("Sub", ["S", "X"], ["T"], name="sub")]
    m = model(nodes, [vinfo("X", F32, ["N", 2])],
              [vinfo("S", F32, ["N", 2]), vinfo("T", F32, ["N", 2])],
              [const("zero", np.array(0, np.int64))], opset=11)
    x = sample([3, 2], 13)
    return m, [x], [x * 2, x]


@recipe
def loop_large_body(out):
    """A Loop (no trip count: the body stops it after 3 iterations) whose
    body is large enough for parallel loops: Y' = Y x W * 0.125, plus 1 in
    an If on the second iteration."""
    one_branch = graph([helper.make_node("Add", ["scaled", "one"], ["plus"],
                                         name="plus_one")],
                       [], [vinfo("plus", F32, [64, 64])], name="then")
    same_branch = graph([helper.make_node("Identity", ["scaled"], ["same"],
                                          name="same")],
                        [], [vinfo("same", F32, [64, 64])], name="else")
    body = graph(
        [helper.make_node("MatMul", ["y_in", "W"], ["p"], name="matmul"),
         helper.make_node("Mul", ["p", "eighth"], ["scaled"], name="scale"),
         helper.make_node("Equal", ["i", "one_i"], ["second"], name="is_1"),
         helper.make_node("If", ["second"], ["y_out"], name="maybe_add",
                          then_branch=one_branch, else_branch=same_branch),
         helper.make_node("Add", ["i", "one_i"], ["next_i"], name="next_i"),
         helper.make_node("Less", ["next_i", "three"], ["c_out"],
                          name="more")],
        [vinfo("i", I64, []), vinfo("c_in", BOOL, []),
         vinfo("y_in", F32, [64, 64])],
        [vinfo("c_out", BOOL, []), vinfo("y_out", F32, [64, 64])],
        [const("eighth", np.array(0.125, np.float32)),
         const("one_i", np.array(1, np.int64)),
         const("three", np.array(3, np.int64))])
    node = helper.make_node("Loop", ["", "T", "Y0"], ["Y"], name="loop",
                            body=body)
    rng = np.random.RandomState(19)
    w = rng.randint(-4, 5, size=[64, 64]).astype(np.float32) / 8
    m = model([node], [vinfo("Y0", F32, [64, 64])], [vinfo("Y", F32, [64, 64])],
              [const("W", w), const("T", np.array(True)),
               const("one", np.array(1.0, np.float32))], opset=11)
    y0 = sample([64, 64], 20)
    y = y0.astype(np.float64)
    for i in range(3):
        y = y @ w.astype(np.float64) * 0.125
        if i == 1:
            y = y + 1
    return m, [y0], [y.astype(np.float32)]


@recipe
def loop_broadcast_check(out):
    """A[N] and B[M], two dynamic dimensions that the Loop's body adds
    (Y' = Y + B, three times): whether M equals N is checked at run time,
    inside the loop."""
    body = graph(
        [helper.make_node("Identity", ["c_in"], ["c_out"], name="keep"),
         helper.make_node("Add", ["y_in", "B"], ["y_out"], name="add")],
        [vinfo("i", I64, []), vinfo("c_in", BOOL, []),
         vinfo("y_in", F32, ["N"])],
        [vinfo("c_out", BOOL, []), vinfo("y_out", F32, ["N"])])
    node = helper.make_node("Loop", ["three", "", "A"], ["Y"], name="loop",
                            body=body)
    m = model([node], [vinfo("A", F32, ["N"]), vinfo("B", F32, ["M"])],
              [vinfo("Y", F32, ["N"])],
              [const("three", np.array(3, np.int64))], opset=11)
    a, b = sample([4], 21), sample([4], 22)
    return m, [a, b], [a + 3 * b]


@recipe
def scan_axes(out):
    """Scan (opset 11) with two scan inputs, X[3, 2] along axis 0 and
    Z[2, 3] along axis 1 in reverse, the state S[2]; scan outputs stacked
    along axis 1 (P[2, 3]) and in reverse along axis 0 (Q[3, 2])."""
    body = graph(
        [helper.make_node("Add", ["s_in", "x"], ["s_out"], name="add"),
         helper.make_node("Mul", ["s_out", "z"], ["p"], name="mul"),
         helper.make_node("Sub", ["x", "z"], ["q"], name="sub")],
        [vinfo("s_in", F32, [2]), vinfo("x", F32, [2]), vinfo("z", F32, [2])],
        [vinfo("s_out", F32, [2]), vinfo("p", F32, [2]), vinfo("q", F32, [2])])
    node = helper.make_node("Scan", ["S0", "X", "Z"], ["S", "P", "Q"],
                            name="scan", body=body, num_scan_inputs=2,
                            scan_input_axes=[0, -1],
                            scan_input_directions=[0, 1],
                            scan_output_axes=[1, 0],
                            scan_output_directions=[0, 1])
    m = model([node],
              [vinfo("S0", F32, [2]), vinfo("X", F32, [3, 2]),
               vinfo("Z", F32, [2, 3])],
              [vinfo("S", F32, [2]), vinfo("P", F32, [2, 3]),
               vinfo("Q", F32, [3, 2])], opset=11)
    s0, x, z = sample([2], 14), sample([3, 2], 15), sample([2, 3], 16)
    s, ps, qs = s0, [], []
    for t in range(3):
        zt = z[:, 2 - t]
        s = s + x[t]
        ps.append(s * zt)
        qs.append(x[t] - zt)
    return (m, [s0, x, z],
            [s, np.stack(ps, axis=1), np.stack(qs[::-1], axis=0)])


@recipe
def scan_opset8(out):
    """Scan of opset 8: a batch axis on the state S[2, 3] and the scan input
    X[2, 4, 3] (sequence_lens omitted), X in reverse; the body sums and
    multiplies."""
    body = graph(
        [helper.make_node("Add", ["s_in", "x"], ["s_out"], name="add"),
         helper.make_node("Mul", ["s_out", "x"], ["y"], name="mul")],
        [vinfo("s_in", F32, [3]), vinfo("x", F32, [3])],
        [vinfo("s_out", F32, [3]), vinfo("y", F32, [3])])
    node = helper.make_node("Scan", ["", "S0", "X"], ["S", "Y"], name="scan",
                            body=body, num_scan_inputs=1, directions=[1])
    m = model([node], [vinfo("S0", F32, [2, 3]), vinfo("X", F32, [2, 4, 3])],
              [vinfo("S", F32, [2, 3]), vinfo("Y", F32, [2, 4, 3])], opset=8)
    s0, x = sample([2, 3], 17), sample([2, 4, 3], 18)
    states, outs = [], []
    for b in range(2):
        s, ys = s0[b], []
        for t in reversed(range(4)):
            s = s + x[b, t]
            ys.append(s * x[b, t])
        states.append(s)
        outs.append(np.stack(ys))
    return m, [s0, x], [np.stack(states), np.stack(outs)]


# --- External data ---------------------------------------------------------

def external_model(location, length=None):
    """Y = X + W, W stored as external data at LOCATION."""
    w = onnx.TensorProto()
    w.name = "W"
    w.data_type = F32
    w.dims.extend([4])
    w.data_location = TensorProto.EXTERNAL
    entries = [("location", location), ("offset", "0")]
    if length is not None:
        entries.append(("length", str(length)))
    for key, value in entries:
        e = w.external_data.add()
        e.key, e.value = key, value
    return model([helper.make_node("Add", ["X", "W"], ["Y"], name="add")],
                 [vinfo("X", F32, [4])], [vinfo("Y", F32, [4])], [w])


WEIGHTS = np.array([10.0, 20.0, 30.0, 40.0], np.float32)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


@recipe
def external_data(out):
    """W in weights.bin beside the model."""
    write(os.path.join(os.path.dirname(out), "weights.bin"),
          WEIGHTS.tobytes())
    x = np.array([1.0, 2.0, 3.0, 4.0], np.float32)
    return external_model("weights.bin", 16), [x], [x + WEIGHTS]


@recipe
def external_escape(out):
    """W in ../x.bin, outside the model's folder (the file exists)."""
    write(os.path.join(os.path.dirname(os.path.abspath(out)), "..", "x.bin"),
          WEIGHTS.tobytes())
    return external_model("../x.bin"), None, None


@recipe
def external_absolute(out):
    """W at an absolute path (the file exists)."""
    path = os.path.join(os.path.dirname(os.path.abspath(out)), "abs.bin")
    write(path, WEIGHTS.tobytes())
    return external_model(path), None, None


@recipe
def external_missing(out):
    """W in missing.bin, which does not exist."""
    return external_model("missing.bin"), None, None


@recipe
def external_short(out):
    """W in short.bin, which holds 8 of the 16 bytes needed."""
    write(os.path.join(os.path.dirname(out), "short.bin"),
          WEIGHTS[:2].tobytes())
    return external_model("short.bin"), None, None


# --- Random generators (values from test/python/modelc_random.py) ---------

F16 = TensorProto.FLOAT16
F64 = TensorProto.DOUBLE
BF16 = TensorProto.BFLOAT16


@recipe
def random_seeded(out):
    """Every random op with a seed: RandomUniform (float, double, float16),
    RandomNormal (float, double), the *Like forms, Bernoulli (float, bool,
    int32 results), Multinomial and training-mode Dropout with run-time
    ratio and training_mode; the expected outputs are modelc's generator
    computed by numpy. B_BOOL and B_INT share a seed, and so their draws."""
    R = modelc_random
    key = R.float_seed_key
    x = np.arange(6, dtype=np.int64).reshape(2, 3)
    p = np.linspace(0.0, 1.0, 10).astype(np.float32)
    with np.errstate(divide="ignore"):  # classes of probability 0
        logits = np.log(np.array([[0.1, 0.2, 0.3, 0.4],
                                  [0.0, 0.5, 0.0, 0.5]], np.float32))
    x2 = sample([3, 4], 5)
    ratio = np.array(0.25, np.float32)
    training = np.array(True)
    nodes = [
        helper.make_node("RandomUniform", [], ["U"], name="u", shape=[3, 4],
                         low=-2.0, high=3.0, seed=1.5),
        helper.make_node("RandomUniform", [], ["U_F64"], name="u_f64",
                         shape=[5], dtype=F64, seed=2.0),
        helper.make_node("RandomUniform", [], ["U_F16"], name="u_f16",
                         shape=[64], dtype=F16, seed=3.0),
        helper.make_node("RandomNormal", [], ["N"], name="n", shape=[2, 5],
                         mean=1.0, scale=2.0, seed=4.0),
        helper.make_node("RandomNormal", [], ["N_F64"], name="n_f64",
                         shape=[6], dtype=F64, seed=5.0),
        helper.make_node("RandomUniformLike", ["X"], ["UL"], name="ul",
                         dtype=F64, low=10.0, high=11.0, seed=6.0),
        helper.make_node("RandomNormalLike", ["P"], ["NL"], name="nl",
                         seed=7.0),
        helper.make_node("Bernoulli", ["P"], ["B"], name="b", seed=8.0),
        helper.make_node("Bernoulli", ["P"], ["B_BOOL"], name="b_bool",
                         dtype=BOOL, seed=9.0),
        helper.make_node("Bernoulli", ["P"], ["B_INT"], name="b_int",
                         dtype=I32, seed=9.0),
        helper.make_node("Multinomial", ["L"], ["M"], name="m",
                         sample_size=6, dtype=I64, seed=10.0),
        helper.make_node("Dropout", ["X2", "R", "T"], ["D", "D_MASK"],
                         name="d", seed=11),
    ]
    outputs = [vinfo("U", F32, [3, 4]), vinfo("U_F64", F64, [5]),
               vinfo("U_F16", F16, [64]), vinfo("N", F32, [2, 5]),
               vinfo("N_F64", F64, [6]), vinfo("UL", F64, [2, 3]),
               vinfo("NL", F32, [10]), vinfo("B", F32, [10]),
               vinfo("B_BOOL", BOOL, [10]), vinfo("B_INT", I32, [10]),
               vinfo("M", I64, [2, 6]), vinfo("D", F32, [3, 4]),
               vinfo("D_MASK", BOOL, [3, 4])]
    expected = [
        R.random_uniform([3, 4], -2.0, 3.0, np.float32, key(1.5)),
        R.random_uniform([5], 0.0, 1.0, np.float64, key(2.0)),
        R.random_uniform([64], 0.0, 1.0, np.float16, key(3.0)),
        R.random_normal([2, 5], 1.0, 2.0, np.float32, key(4.0)),
        R.random_normal([6], 0.0, 1.0, np.float64, key(5.0)),
        R.random_uniform([2, 3], 10.0, 11.0, np.float64, key(6.0)),
        R.random_normal([10], 0.0, 1.0, np.float32, key(7.0)),
        R.bernoulli(p, np.float32, key(8.0)),
        R.bernoulli(p, np.bool_, key(9.0)),
        R.bernoulli(p, np.int32, key(9.0)),
        R.multinomial(logits, 6, np.int64, key(10.0)),
    ]
    expected += list(R.dropout(x2, ratio, training, 11))
    m = model(nodes, [vinfo("X", I64, [2, 3]), vinfo("P", F32, [10]),
                      vinfo("L", F32, [2, 4]), vinfo("X2", F32, [3, 4]),
                      vinfo("R", F32, []), vinfo("T", BOOL, [])],
              outputs, opset=15)
    return m, [x, p, logits, x2, ratio, training], expected


@recipe
def random_unseeded(out):
    """Two RandomUniform nodes alike but for their names, without seed:
    their values differ (keys from the output names) and are the same at
    every run. A bfloat16 RandomUniform and RandomNormal (shape 1000, also
    unseeded) compile."""
    nodes = [helper.make_node("RandomUniform", [], ["A"], name="a",
                              shape=[1000], low=-1.0, high=1.0),
             helper.make_node("RandomUniform", [], ["B"], name="b",
                              shape=[1000], low=-1.0, high=1.0),
             helper.make_node("RandomUniform", [], ["C"], name="c",
                              shape=[1000], dtype=BF16, low=2.0, high=3.0),
             helper.make_node("RandomNormal", [], ["D"], name="d",
                              shape=[1000], dtype=BF16)]
    m = model(nodes, [], [vinfo("A", F32, [1000]), vinfo("B", F32, [1000]),
                          vinfo("C", BF16, [1000]), vinfo("D", BF16, [1000])],
              opset=15)
    return m, [], None


@recipe
def random_large(out):
    """RandomUniform (low 1, high 3) and RandomNormal (mean -1, scale 2)
    of 200000 elements each, seeded, for the statistics of modelc-run.test:
    uniform mean 2 and standard deviation 2 / sqrt(12) = 0.5774, normal
    mean -1 and standard deviation 2."""
    nodes = [helper.make_node("RandomUniform", [], ["U"], name="u",
                              shape=[200, 1000], low=1.0, high=3.0,
                              seed=42.0),
             helper.make_node("RandomNormal", [], ["N"], name="n",
                              shape=[200, 1000], mean=-1.0, scale=2.0,
                              seed=42.0)]
    m = model(nodes, [], [vinfo("U", F32, [200, 1000]),
                          vinfo("N", F32, [200, 1000])], opset=15)
    return m, [], None


@recipe
def random_dynamic_like(out):
    """RandomUniformLike, Bernoulli and Dropout (training, and inference
    with a mask) of inputs with a symbolic dimension N: one compiled model
    serves every N."""
    nodes = [helper.make_node("RandomUniformLike", ["X"], ["U"], name="ul",
                              seed=1.0),
             helper.make_node("Bernoulli", ["X"], ["B"], name="b", seed=2.0),
             helper.make_node("Dropout", ["X", "R", "T"], ["D", "D_MASK"],
                              name="d", seed=3),
             helper.make_node("Dropout", ["X"], ["I", "I_MASK"], name="i")]
    inits = [const("R", np.array(0.5, np.float32)),
             const("T", np.array(True))]
    m = model(nodes, [vinfo("X", F32, ["N", 3])],
              [vinfo("U", F32, ["N", 3]), vinfo("B", F32, ["N", 3]),
               vinfo("D", F32, ["N", 3]), vinfo("D_MASK", BOOL, ["N", 3]),
               vinfo("I", F32, ["N", 3]), vinfo("I_MASK", BOOL, ["N", 3])],
              inits, opset=15)
    x = np.full([4, 3], 0.5, np.float32)
    R = modelc_random
    expected = [R.random_uniform([4, 3], 0.0, 1.0, np.float32,
                                 R.float_seed_key(1.0)),
                R.bernoulli(x, np.float32, R.float_seed_key(2.0))]
    expected += list(R.dropout(x, np.array(0.5, np.float32), True, 3))
    expected += [x, np.ones([4, 3], bool)]
    return m, [x], expected


def random_error(node, inputs, outputs, opset=15):
    return model([node], inputs, outputs, opset=opset), None, None


@recipe
def random_uniform_int_dtype(out):
    """RandomUniform with an integer dtype."""
    return random_error(
        helper.make_node("RandomUniform", [], ["Y"], name="ru", shape=[2],
                         dtype=I32), [], [vinfo("Y", I32, [2])])


@recipe
def random_like_int_input(out):
    """RandomNormalLike of an int64 input, without dtype."""
    return random_error(
        helper.make_node("RandomNormalLike", ["X"], ["Y"], name="rnl"),
        [vinfo("X", I64, [2])], [vinfo("Y", I64, [2])])


@recipe
def random_uniform_bounds(out):
    """RandomUniform whose low is above its high."""
    return random_error(
        helper.make_node("RandomUniform", [], ["Y"], name="ru", shape=[2],
                         low=2.0, high=1.0), [], [vinfo("Y", F32, [2])])


@recipe
def multinomial_float_dtype(out):
    """Multinomial asking for float indices."""
    return random_error(
        helper.make_node("Multinomial", ["X"], ["Y"], name="mn", dtype=F32),
        [vinfo("X", F32, [1, 4])], [vinfo("Y", F32, [1, 1])])


@recipe
def bernoulli_int_input(out):
    """Bernoulli of integer probabilities."""
    return random_error(
        helper.make_node("Bernoulli", ["X"], ["Y"], name="bern"),
        [vinfo("X", I32, [3])], [vinfo("Y", I32, [3])])


# --- Models that the importer rejects ---------------------------------------

@recipe
def unsupported(out):
    """Two unsupported op types on several nodes: GlobalLpPool (default
    domain, one node unnamed) and com.example.MyOp; a supported Relu between."""
    nodes = [
        helper.make_node("GlobalLpPool", ["X"], ["nz1_out"], name="nz1"),
        helper.make_node("MyOp", ["X"], ["c1"], name="custom_a",
                         domain="com.example"),
        helper.make_node("Relu", ["X"], ["r"], name="relu"),
        helper.make_node("GlobalLpPool", ["r"], ["nz2_out"], name="nz2"),
        helper.make_node("MyOp", ["c1"], ["c2"], name="custom_b",
                         domain="com.example"),
        helper.make_node("GlobalLpPool", ["X"], ["nz3_out"]),
    ]
    m = model(nodes, [vinfo("X", F32, [1, 4])],
              [vinfo("nz1_out", F32, None), vinfo("c2", F32, None),
               vinfo("nz2_out", F32, None), vinfo("nz3_out", F32, None)],
              domains=[("com.example", 1)])
    return m, None, None


@recipe
def opset_too_new(out):
    """Opset 99 of the default domain."""
    m = model([helper.make_node("Relu", ["X"], ["Y"], name="relu")],
              [vinfo("X", F32, [4])], [vinfo("Y", F32, [4])], opset=99)
    return m, None, None


@recipe
def reduce_sum_runtime_axes(out):
    """ReduceSum (opset 13) of a 3x2x2 input over one axis that is a graph
    input, without keepdims: axis 1 or 2 (or -1, -2) fits the declared
    result 3x2."""
    m = model([helper.make_node("ReduceSum", ["X", "axes"], ["Y"],
                                keepdims=0)],
              [vinfo("X", F32, [3, 2, 2]), vinfo("axes", I64, [1])],
              [vinfo("Y", F32, [3, 2])])
    return m, None, None


@recipe
def reduce_sum_runtime_axes_dynamic(out):
    """ReduceSum over a run-time axis of an input with a dynamic
    dimension."""
    m = model([helper.make_node("ReduceSum", ["X", "axes"], ["Y"],
                                name="rsum", keepdims=1)],
              [vinfo("X", F32, ["n", 2]), vinfo("axes", I64, [1])],
              [vinfo("Y", F32, ["a", "b"])])
    return m, None, None


@recipe
def slice_runtime_bounds(out):
    """Slice of a 6-element input with run-time starts and ends and a
    declared result of 3 elements."""
    m = model([helper.make_node("Slice", ["X", "starts", "ends"], ["Y"])],
              [vinfo("X", F32, [6]), vinfo("starts", I64, [1]),
               vinfo("ends", I64, [1])],
              [vinfo("Y", F32, [3])])
    return m, None, None


@recipe
def opset_newer_relu(out):
    """Opset 18 (newer than ONNX 1.12 knows): Relu and ReduceMean with its
    axes attribute, as opset 13 defines them."""
    m = model([helper.make_node("Relu", ["X"], ["R"], name="relu"),
               helper.make_node("ReduceMean", ["R"], ["Y"], name="mean",
                                axes=[1], keepdims=0)],
              [vinfo("X", F32, [2, 3])], [vinfo("Y", F32, [2])], opset=18)
    return m, None, None


@recipe
def opset_newer_reduce_axes_input(out):
    """Opset 18's ReduceMean takes its axes as a second input, which the
    newest definition ONNX 1.12 knows (opset 13) does not allow: constant
    axes become the opset-13 attribute."""
    m = model([helper.make_node("ReduceMean", ["X", "axes"], ["Y"],
                                name="mean", keepdims=0)],
              [vinfo("X", F32, [2, 3])], [vinfo("Y", F32, [2])],
              [const("axes", np.array([1], np.int64))], opset=18)
    return m, None, None


@recipe
def opset_newer_reduce_runtime_axes(out):
    """Opset 18's ReduceMean with its axes from a graph input: no opset-13
    form."""
    m = model([helper.make_node("ReduceMean", ["X", "axes"], ["Y"],
                                name="mean", keepdims=0)],
              [vinfo("X", F32, [2, 3]), vinfo("axes", I64, [1])],
              [vinfo("Y", F32, [2])], opset=18)
    return m, None, None


@recipe
def opset_newer_unknown_attribute(out):
    """An opset-18 node with an attribute that the newest definition ONNX
    1.12 knows (Relu, opset 14) does not have."""
    m = model([helper.make_node("Relu", ["X"], ["Y"], name="relu",
                                slope=0.5)],
              [vinfo("X", F32, [2, 3])], [vinfo("Y", F32, [2, 3])],
              opset=18)
    return m, None, None


@recipe
def no_default_opset(out):
    """Only a custom domain is imported."""
    m = model([helper.make_node("Relu", ["X"], ["Y"], name="relu")],
              [vinfo("X", F32, [4])], [vinfo("Y", F32, [4])], opset=None,
              domains=[("com.example", 1)])
    return m, None, None


@recipe
def no_graph(out):
    """A ModelProto without a graph."""
    m = onnx.ModelProto()
    m.ir_version = 8
    m.opset_import.add().version = 13
    return m, None, None


@recipe
def no_ir_version(out):
    """A model whose ir_version is missing."""
    m = model([helper.make_node("Relu", ["X"], ["Y"], name="relu")],
              [vinfo("X", F32, [4])], [vinfo("Y", F32, [4])])
    m.ClearField("ir_version")
    return m, None, None


@recipe
def no_outputs(out):
    """A graph without outputs."""
    m = model([helper.make_node("Relu", ["X"], ["Y"], name="relu")],
              [vinfo("X", F32, [4])], [])
    return m, None, None


@recipe
def undefined_input(out):
    """A node reads a value that nothing defines."""
    m = model([helper.make_node("Add", ["X", "ghost"], ["Y"], name="add")],
              [vinfo("X", F32, [4])], [vinfo("Y", F32, [4])])
    return m, None, None


@recipe
def frozen_mode(out):
    """y = If(mode > 0, x * scale, x + 1), mode an int64 scalar input and
    scale a [3] input: frozen with --freeze mode=1 --freeze scale=2,3,4,
    the If folds and x is the only input. The sample input is x, the
    expected output the frozen model's."""
    then_g = helper.make_graph(
        [helper.make_node("Mul", ["X", "scale"], ["T"], name="mul")], "then",
        [], [vinfo("T", F32, [2, 3])])
    else_g = helper.make_graph(
        [helper.make_node("Add", ["X", "one"], ["E"], name="add")], "else",
        [], [vinfo("E", F32, [2, 3])])
    m = model([helper.make_node("Greater", ["mode", "zero"], ["C"],
                                name="positive"),
               helper.make_node("If", ["C"], ["Y"], name="choose",
                                then_branch=then_g, else_branch=else_g)],
              [vinfo("X", F32, [2, 3]), vinfo("mode", I64, []),
               vinfo("scale", F32, [3])], [vinfo("Y", F32, [2, 3])],
              [const("zero", np.array(0, np.int64)),
               const("one", np.array(1, np.float32))])
    x = sample([2, 3])
    return m, [x], [x * np.array([2, 3, 4], np.float32)]


@recipe
def two_producers(out):
    """Two nodes write the same value."""
    m = model([helper.make_node("Relu", ["X"], ["Y"], name="relu"),
               helper.make_node("Neg", ["X"], ["Y"], name="neg")],
              [vinfo("X", F32, [4])], [vinfo("Y", F32, [4])])
    return m, None, None


@recipe
def writes_input(out):
    """A node writes a graph input."""
    m = model([helper.make_node("Relu", ["X"], ["X"], name="relu"),
               helper.make_node("Neg", ["X"], ["Y"], name="neg")],
              [vinfo("X", F32, [4])], [vinfo("Y", F32, [4])])
    return m, None, None


@recipe
def axis_as_string(out):
    """Softmax's axis given as a string (it would be read as the default)."""
    m = model([helper.make_node("Softmax", ["X"], ["Y"], name="sm",
                                axis="1")],
              [vinfo("X", F32, [2, 3])], [vinfo("Y", F32, [2, 3])])
    return m, None, None


@recipe
def float_attribute_as_int(out):
    """LeakyRelu's alpha given as an int (it would be read as 0.01)."""
    m = model([helper.make_node("LeakyRelu", ["X"], ["Y"], name="lrelu",
                                alpha=2)],
              [vinfo("X", F32, [4])], [vinfo("Y", F32, [4])])
    return m, None, None


@recipe
def too_many_inputs(out):
    """Relu with two inputs."""
    m = model([helper.make_node("Relu", ["X", "X"], ["Y"], name="relu")],
              [vinfo("X", F32, [4])], [vinfo("Y", F32, [4])])
    return m, None, None


@recipe
def huge_input(out):
    """An input of 2^31 x 2^31 floats: 2^64 bytes."""
    m = model([helper.make_node("Relu", ["X"], ["Y"], name="relu")],
              [vinfo("X", F32, [2 ** 31, 2 ** 31])],
              [vinfo("Y", F32, [2 ** 31, 2 ** 31])])
    return m, None, None


@recipe
def huge_intermediate(out):
    """Expand to 2^40 x 2^30 floats: shape inference gives a value of 2^72
    bytes."""
    shape = numpy_helper.from_array(np.array([2 ** 40, 2 ** 30], np.int64),
                                    "shape")
    m = model([helper.make_node("Expand", ["X", "shape"], ["E"],
                                name="expand"),
               helper.make_node("ReduceSum", ["E"], ["Y"], name="sum",
                                keepdims=0)],
              [vinfo("X", F32, [1, 1])], [vinfo("Y", F32, [])], [shape])
    return m, None, None


@recipe
def complex_input(out):
    """An input of element type complex64."""
    m = model([helper.make_node("Identity", ["S"], ["Y"], name="id")],
              [vinfo("S", TensorProto.COMPLEX64, [2])],
              [vinfo("Y", TensorProto.COMPLEX64, [2])])
    return m, None, None


@recipe
def dropout_ratio_vector(out):
    """Dropout in training mode whose ratio holds two values."""
    inits = [const("ratio", np.array([0.5, 0.25], np.float32)),
             const("training", np.array(True))]
    m = model([helper.make_node("Dropout", ["X", "ratio", "training"], ["Y"],
                                name="drop")],
              [vinfo("X", F32, [2, 3])], [vinfo("Y", F32, [2, 3])], inits)
    return m, None, None


@recipe
def dropout_mask_dynamic(out):
    """Inference Dropout with its mask output, of a dynamic batch: the input
    unchanged and a mask of all true."""
    m = model([helper.make_node("Dropout", ["X"], ["Y", "M"], name="drop")],
              [vinfo("X", F32, ["N", 3])],
              [vinfo("Y", F32, ["N", 3]), vinfo("M", TensorProto.BOOL,
                                               ["N", 3])])
    x = sample([2, 3])
    return m, [x], [x, np.ones([2, 3], bool)]


@recipe
def reverse_sequence_axes(out):
    """ReverseSequence whose batch and time axes are not 0 and 1."""
    m = model([helper.make_node("ReverseSequence", ["X", "L"], ["Y"],
                                name="rev", batch_axis=0, time_axis=2)],
              [vinfo("X", F32, [2, 3, 4]), vinfo("L", I64, [2])],
              [vinfo("Y", F32, [2, 3, 4])], opset=13)
    return m, None, None


@recipe
def layer_norm_stash(out):
    """float16 LayerNormalization whose Mean output is float32
    (stash_type 1): a stash type other than the input's."""
    inits = [const("scale", np.ones([4], np.float16))]
    m = model([helper.make_node("LayerNormalization", ["X", "scale"],
                                ["Y", "Mean"], name="ln")],
              [vinfo("X", TensorProto.FLOAT16, [2, 4])],
              [vinfo("Y", TensorProto.FLOAT16, [2, 4]),
               vinfo("Mean", F32, [2, 1])], inits, opset=17)
    return m, None, None


@recipe
def bn_training(out):
    """BatchNormalization asking for the running statistics outputs without
    training_mode, which has no meaning."""
    c = 2
    inits = [const(n, np.full([c], v, np.float32))
             for n, v in [("scale", 1.0), ("bias", 0.0), ("mean", 0.0),
                          ("var", 1.0)]]
    m = model([helper.make_node("BatchNormalization",
                                ["X", "scale", "bias", "mean", "var"],
                                ["Y", "running_mean", "running_var"],
                                name="bn", training_mode=0)],
              [vinfo("X", F32, [1, c, 2, 2])],
              [vinfo("Y", F32, [1, c, 2, 2]), vinfo("running_mean", F32, [c]),
               vinfo("running_var", F32, [c])], inits, opset=15)
    return m, None, None


@recipe
def loop_shape_change(out):
    """A Loop whose loop-carried value grows every iteration (Concat)."""
    body = graph(
        [helper.make_node("Identity", ["c_in"], ["c_out"], name="keep"),
         helper.make_node("Concat", ["v_in", "v_in"], ["v_out"], name="grow",
                          axis=0)],
        [vinfo("i", I64, []), vinfo("c_in", BOOL, []),
         vinfo("v_in", F32, None)],
        [vinfo("c_out", BOOL, []), vinfo("v_out", F32, None)])
    node = helper.make_node("Loop", ["M", "", "V"], ["W"], name="growing",
                            body=body)
    m = model([node], [vinfo("V", F32, [2])], [vinfo("W", F32, None)],
              [const("M", np.array(3, np.int64))], opset=11)
    return m, None, None


@recipe
def if_mismatched_branches(out):
    """An If whose branches yield tensors of different ranks."""
    then_branch = graph([helper.make_node("Identity", ["X"], ["a"],
                                          name="then_id")],
                        [], [vinfo("a", F32, [2, 3])], name="then")
    else_branch = graph([helper.make_node("ReduceSum", ["X"], ["b"],
                                          name="else_sum", keepdims=0)],
                        [], [vinfo("b", F32, [])], name="else")
    node = helper.make_node("If", ["C"], ["Y"], name="choose",
                            then_branch=then_branch, else_branch=else_branch)
    m = model([node], [vinfo("C", BOOL, []), vinfo("X", F32, [2, 3])],
              [vinfo("Y", F32, None)], opset=11)
    return m, None, None


@recipe
def if_squeeze_size_one(out):
    """PyTorch's "squeeze if the size is 1" as TorchScript exports it:
    Y = ReduceMean(If(Shape(X)[1] == 1, Squeeze(X, [1]), Identity(X)), -1),
    whose branches differ in rank; X has dynamic dimensions."""
    then_branch = graph([helper.make_node("Squeeze", ["X", "axis1"], ["a"],
                                          name="squeeze")],
                        [], [vinfo("a", F32, None)], name="then")
    else_branch = graph([helper.make_node("Identity", ["X"], ["b"],
                                          name="keep")],
                        [], [vinfo("b", F32, None)], name="else")
    nodes = [
        helper.make_node("Shape", ["X"], ["shape"], name="shape"),
        helper.make_node("Gather", ["shape", "one"], ["dim1"], name="dim1",
                         axis=0),
        helper.make_node("Equal", ["dim1", "one"], ["is_one"], name="is_one"),
        helper.make_node("If", ["is_one"], ["S"], name="squeeze_if_one",
                         then_branch=then_branch, else_branch=else_branch),
        helper.make_node("ReduceMean", ["S"], ["Y"], name="mean",
                         axes=[-1], keepdims=0),
    ]
    m = model(nodes, [vinfo("X", F32, ["b", "c", "t"])], [vinfo("Y", F32, None)],
              [const("one", np.array(1, np.int64)),
               const("axis1", np.array([1], np.int64))])
    return m, None, None


@recipe
def if_missing_outputs(out):
    """An If node with two outputs whose branches give one."""
    branch = graph([helper.make_node("Identity", ["X"], ["a"], name="id")],
                   [], [vinfo("a", F32, [2])], name="branch")
    node = helper.make_node("If", ["C"], ["Y", "Z"], name="two_outputs",
                            then_branch=branch, else_branch=branch)
    m = model([node], [vinfo("C", BOOL, []), vinfo("X", F32, [2])],
              [vinfo("Y", F32, [2]), vinfo("Z", F32, [2])], opset=11)
    return m, None, None


@recipe
def loop_unsupported_body(out):
    """A Loop whose body holds unsupported ops: GlobalLpPool in both
    branches of an If, and com.example.MyOp."""
    inner = graph([helper.make_node("GlobalLpPool", ["y_in"], ["nz"],
                                    name="pool_in_if")],
                  [], [vinfo("nz", F32, None)], name="then")
    other = graph([helper.make_node("GlobalLpPool", ["y_in"], ["nz2"],
                                    name="pool_else")],
                  [], [vinfo("nz2", F32, None)], name="else")
    body = graph(
        [helper.make_node("Identity", ["c_in"], ["c_out"], name="keep"),
         helper.make_node("If", ["c_in"], ["n"], name="nested_if",
                          then_branch=inner, else_branch=other),
         helper.make_node("MyOp", ["y_in"], ["y_out"], name="custom_in_loop",
                          domain="com.example")],
        [vinfo("i", I64, []), vinfo("c_in", BOOL, []),
         vinfo("y_in", F32, [2])],
        [vinfo("c_out", BOOL, []), vinfo("y_out", F32, [2])])
    node = helper.make_node("Loop", ["M", "", "Y0"], ["Y"], name="loop",
                            body=body)
    m = model([node], [vinfo("Y0", F32, [2])], [vinfo("Y", F32, [2])],
              [const("M", np.array(3, np.int64))], opset=11,
              domains=[("com.example", 1)])
    return m, None, None


@recipe
def loop_data_dependent_rows(out):
    """A Loop with a scan output whose trip count is an input (the shape of
    ONNX's test_loop11): the scan output's size is only known at run time,
    though the graph declares it."""
    body = graph(
        [helper.make_node("Identity", ["c_in"], ["c_out"], name="keep"),
         helper.make_node("Add", ["y_in", "one"], ["y_out"], name="inc"),
         helper.make_node("Identity", ["y_out"], ["row"], name="row")],
        [vinfo("i", I64, []), vinfo("c_in", BOOL, []),
         vinfo("y_in", F32, [1])],
        [vinfo("c_out", BOOL, []), vinfo("y_out", F32, [1]),
         vinfo("row", F32, [1])])
    node = helper.make_node("Loop", ["M", "C", "Y0"], ["Y", "S"], name="loop",
                            body=body)
    m = model([node],
              [vinfo("M", I64, []), vinfo("C", BOOL, []),
               vinfo("Y0", F32, [1])],
              [vinfo("Y", F32, [1]), vinfo("S", F32, [5, 1])],
              [const("one", np.array(1.0, np.float32))], opset=11)
    return m, None, None


# --- Outputs whose size depends on tensor values, not declared -----------

@recipe
def nonzero_undeclared(out):
    """NonZero of X[2,3] whose output size the model does not declare: it is
    sized for all 6 elements and the run writes the count back."""
    m = model([helper.make_node("NonZero", ["X"], ["Y"], name="nz")],
              [vinfo("X", F32, [2, 3])], [vinfo("Y", I64, None)])
    x = np.array([[1, 0, 2], [0, 0, 3]], np.float32)
    return m, [x], [np.array(np.nonzero(x), np.int64)]


@recipe
def nonzero_values(out):
    """x[x != 0] and its sum: NonZero, Transpose, GatherND and ReduceSum on
    sizes from the count, no output size declared."""
    nodes = [helper.make_node("NonZero", ["X"], ["N"], name="nz"),
             helper.make_node("Transpose", ["N"], ["T"], name="t"),
             helper.make_node("GatherND", ["X", "T"], ["V"], name="g"),
             helper.make_node("ReduceSum", ["V"], ["S"], name="sum",
                              keepdims=0)]
    m = model(nodes, [vinfo("X", F32, [2, 3])],
              [vinfo("V", F32, None), vinfo("S", F32, None)])
    x = np.array([[0.5, 0, -1.25], [0, 2, 0]], np.float32)
    v = x[x != 0]
    return m, [x], [v, np.array(v.sum(), np.float32)]


@recipe
def compress_undeclared(out):
    """Compress of X[4,2] along axis 0 by the condition C[4], a graph
    input; the output size is not declared."""
    node = helper.make_node("Compress", ["X", "C"], ["Y"], name="compress",
                            axis=0)
    m = model([node], [vinfo("X", F32, [4, 2]), vinfo("C", BOOL, [4])],
              [vinfo("Y", F32, None)])
    x = sample([4, 2])
    c = np.array([True, False, True, True])
    return m, [x, c], [x[c]]


@recipe
def compress_dynamic_condition(out):
    """Compress of X[4,2] along axis 0 by the condition C[n], a graph input
    of a length known only at run time (at most 4: checked)."""
    node = helper.make_node("Compress", ["X", "C"], ["Y"], name="compress",
                            axis=0)
    m = model([node], [vinfo("X", F32, [4, 2]), vinfo("C", BOOL, ["n"])],
              [vinfo("Y", F32, None)])
    x = sample([4, 2])
    c = np.array([True, False, True])
    return m, [x, c], [x[:3][c]]


@recipe
def compress_long_condition(out):
    """Compress of X[4,2] along axis 0 by a condition C[5]: longer than the
    axis, which ONNX leaves undefined."""
    node = helper.make_node("Compress", ["X", "C"], ["Y"], name="compress",
                            axis=0)
    m = model([node], [vinfo("X", F32, [4, 2]), vinfo("C", BOOL, [5])],
              [vinfo("Y", F32, None)])
    x = sample([4, 2])
    c = np.array([True, False, True, False, False])
    return m, [x, c], [x[:4][c[:4]]]


@recipe
def unique_undeclared(out):
    """Unique (sorted) of X[6] with none of its four output sizes declared."""
    node = helper.make_node("Unique", ["X"], ["Y", "I", "V", "C"],
                            name="unique", sorted=1)
    m = model([node], [vinfo("X", F32, [6])],
              [vinfo("Y", F32, None), vinfo("I", I64, None),
               vinfo("V", I64, None), vinfo("C", I64, None)], opset=11)
    x = np.array([2, 1, 1, 3, 4, 3], np.float32)
    y, i, v, c = np.unique(x, return_index=True, return_inverse=True,
                           return_counts=True)
    return m, [x], [y, i.astype(np.int64), v.astype(np.int64),
                    c.astype(np.int64)]


@recipe
def nms_undeclared(out):
    """NonMaxSuppression of ONNX's suppress-by-IOU example, with the limit
    per class M a graph input and the selected boxes not declared."""
    node = helper.make_node("NonMaxSuppression", ["B", "S", "M", "T", "ST"],
                            ["Y"], name="nms")
    m = model([node], [vinfo("B", F32, [1, 6, 4]), vinfo("S", F32, [1, 1, 6]),
                       vinfo("M", I64, [1])],
              [vinfo("Y", I64, None)],
              [const("T", np.array([0.5], np.float32)),
               const("ST", np.array([0.0], np.float32))], opset=11)
    boxes = np.array([[[0.0, 0.0, 1.0, 1.0], [0.0, 0.1, 1.0, 1.1],
                       [0.0, -0.1, 1.0, 0.9], [0.0, 10.0, 1.0, 11.0],
                       [0.0, 10.1, 1.0, 11.1], [0.0, 100.0, 1.0, 101.0]]],
                     np.float32)
    scores = np.array([[[0.9, 0.75, 0.6, 0.95, 0.5, 0.3]]], np.float32)
    # Boxes 3, 0 and 5 survive (1, 2 and 4 overlap them), best first.
    return m, [boxes, scores, np.array([3], np.int64)], \
        [np.array([[0, 0, 3], [0, 0, 0], [0, 0, 5]], np.int64)]


@recipe
def topk_runtime_k(out):
    """TopK of X[2,5] along axis 1 with K, a graph input; the outputs'
    sizes are not declared."""
    node = helper.make_node("TopK", ["X", "K"], ["V", "I"], name="topk",
                            axis=1)
    m = model([node], [vinfo("X", F32, [2, 5]), vinfo("K", I64, [1])],
              [vinfo("V", F32, None), vinfo("I", I64, None)], opset=11)
    x = np.array([[3, 1, 4, 1, 5], [9, 2, 6, 5, 3]], np.float32)
    order = np.argsort(-x, axis=1, kind="stable")[:, :3]
    return m, [x, np.array([3], np.int64)], \
        [np.take_along_axis(x, order, 1), order.astype(np.int64)]


class Opt:
    """An optional value of a recipe's sample data: VALUE (an array or a
    list of arrays), or None for an empty optional."""

    def __init__(self, value):
        self.value = value


def save_tensors(directory, prefix, arrays):
    """Writes DIRECTORY/PREFIX_K.pb: a TensorProto, a SequenceProto for a
    list of arrays, or an OptionalProto for an Opt."""
    os.makedirs(directory, exist_ok=True)
    for i, a in enumerate(arrays):
        name = "%s_%d" % (prefix, i)
        if isinstance(a, Opt):
            v = a.value
            if isinstance(v, list):
                v = [np.asarray(e) for e in v]
            elif v is not None:
                v = np.asarray(v)
            t = numpy_helper.from_optional(v, name)
        elif isinstance(a, list):
            t = numpy_helper.from_list([np.asarray(e) for e in a], name)
        else:
            t = numpy_helper.from_array(np.asarray(a), name)
        write(os.path.join(directory, "%s_%d.pb" % (prefix, i)),
              t.SerializeToString())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("recipe", nargs="?", help="the model to write")
    parser.add_argument("output", nargs="?", help="path of the .onnx file")
    parser.add_argument("--inputs", metavar="DIR",
                        help="also write the sample inputs, DIR/input_K.pb")
    parser.add_argument("--expected", metavar="DIR",
                        help="also write the expected outputs, "
                             "DIR/output_K.pb")
    parser.add_argument("--list", action="store_true",
                        help="print the recipes and exit")
    args = parser.parse_args()
    if args.list:
        for name, fn in sorted(RECIPES.items()):
            summary = " ".join(fn.__doc__.split("\n\n")[0].split())
            print("%-22s %s" % (name, summary))
        return 0
    if not args.recipe or not args.output:
        parser.error("RECIPE and OUTPUT are required")
    if args.recipe not in RECIPES:
        parser.error("unknown recipe '%s' (see --list)" % args.recipe)
    out_dir = os.path.dirname(os.path.abspath(args.output))
    os.makedirs(out_dir, exist_ok=True)
    m, inputs, expected = RECIPES[args.recipe](args.output)
    write(args.output, m.SerializeToString())
    if args.inputs:
        if inputs is None:
            parser.error("recipe '%s' has no sample inputs" % args.recipe)
        save_tensors(args.inputs, "input", inputs)
    if args.expected:
        if expected is None:
            parser.error("recipe '%s' has no expected outputs" % args.recipe)
        save_tensors(args.expected, "output", expected)
    return 0


if __name__ == "__main__":
    sys.exit(main())
