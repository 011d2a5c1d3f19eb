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

RECIPES = {}


def recipe(fn):
    """Registers FN(out_path) -> (model, inputs, expected) under its name."""
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
    m = model(nodes, [vinfo("X", F32, [1, 3, 8, 8])],
              [vinfo("Y", F32, [1, 2, 4, 4])], inits)
    return m, [sample([1, 3, 8, 8])], None


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
    """Resize-13 whose scales are a graph input and whose output shape is
    unknown: the result shape cannot be static."""
    node = helper.make_node("Resize", ["X", "", "S"], ["Y"], name="resize",
                            mode="linear")
    m = model([node], [vinfo("X", F32, [1, 1, 2, 2]), vinfo("S", F32, [4])],
              [vinfo("Y", F32, None)])
    return m, [sample([1, 1, 2, 2]), np.array([1, 1, 2, 2], np.float32)], []


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
def sequence_input(out):
    """A graph input that is a sequence."""
    return sequence_error(
        [helper.make_node("SequenceAt", ["S", "zero"], ["Y"], name="at")],
        [seq_vinfo("S", F32, [2])], [vinfo("Y", F32, [2])],
        [const("zero", np.array(0, np.int64))])


@recipe
def sequence_output(out):
    """A graph output that is a sequence."""
    return sequence_error(
        [helper.make_node("SequenceConstruct", ["X"], ["S"], name="seq")],
        [vinfo("X", F32, [2])], [seq_vinfo("S", F32, [2])])


@recipe
def sequence_runtime_insert(out):
    """SequenceInsert at a position that is a graph input."""
    return sequence_error(
        [helper.make_node("SequenceConstruct", ["X"], ["s"], name="seq"),
         helper.make_node("SequenceInsert", ["s", "X", "pos"], ["t"],
                          name="insert"),
         helper.make_node("SequenceLength", ["t"], ["Y"], name="len")],
        [vinfo("X", F32, [2]), vinfo("pos", I64, [])], [vinfo("Y", I64, [])])


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
    """SequenceAt at a run-time position of tensors of two shapes."""
    return sequence_error(
        [helper.make_node("SequenceConstruct", ["X", "Y"], ["seq"],
                          name="seq"),
         helper.make_node("SequenceAt", ["seq", "pos"], ["Z"], name="at")],
        [vinfo("X", F32, [2]), vinfo("Y", F32, [3]), vinfo("pos", I64, [])],
        [vinfo("Z", F32, None)])


@recipe
def split_to_sequence_dynamic(out):
    """SplitToSequence without split along a dynamic dimension."""
    return sequence_error(
        [helper.make_node("SplitToSequence", ["X"], ["seq"], name="split"),
         helper.make_node("SequenceLength", ["seq"], ["Y"], name="len")],
        [vinfo("X", F32, ["N", 2])], [vinfo("Y", I64, [])])


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


# --- Models that the importer rejects ---------------------------------------

@recipe
def unsupported(out):
    """Two unsupported op types on several nodes: Multinomial (default
    domain, one node unnamed) and com.example.MyOp; a supported Relu between."""
    nodes = [
        helper.make_node("Multinomial", ["X"], ["nz1_out"], name="nz1"),
        helper.make_node("MyOp", ["X"], ["c1"], name="custom_a",
                         domain="com.example"),
        helper.make_node("Relu", ["X"], ["r"], name="relu"),
        helper.make_node("Multinomial", ["r"], ["nz2_out"], name="nz2"),
        helper.make_node("MyOp", ["c1"], ["c2"], name="custom_b",
                         domain="com.example"),
        helper.make_node("Multinomial", ["X"], ["nz3_out"]),
    ]
    m = model(nodes, [vinfo("X", F32, [1, 4])],
              [vinfo("nz1_out", I32, None), vinfo("c2", F32, None),
               vinfo("nz2_out", I32, None), vinfo("nz3_out", I32, None)],
              domains=[("com.example", 1)])
    return m, None, None


@recipe
def opset_too_new(out):
    """Opset 99 of the default domain."""
    m = model([helper.make_node("Relu", ["X"], ["Y"], name="relu")],
              [vinfo("X", F32, [4])], [vinfo("Y", F32, [4])], opset=99)
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
def string_input(out):
    """An input of element type string."""
    m = model([helper.make_node("Identity", ["S"], ["Y"], name="id")],
              [vinfo("S", TensorProto.STRING, [2])],
              [vinfo("Y", TensorProto.STRING, [2])])
    return m, None, None


@recipe
def dropout_training(out):
    """Dropout in training mode with ratio 0.5: random, so unsupported."""
    inits = [const("ratio", np.array(0.5, np.float32)),
             const("training", np.array(True))]
    m = model([helper.make_node("Dropout", ["X", "ratio", "training"], ["Y"],
                                name="drop")],
              [vinfo("X", F32, [2, 3])], [vinfo("Y", F32, [2, 3])], inits)
    return m, None, None


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


def save_tensors(directory, prefix, arrays):
    os.makedirs(directory, exist_ok=True)
    for i, a in enumerate(arrays):
        t = numpy_helper.from_array(np.asarray(a), "%s_%d" % (prefix, i))
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
