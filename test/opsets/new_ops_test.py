#!/usr/bin/env python3
"""Operators added or changed after opset 17, against ONNX Runtime as the
oracle.

Usage: new_ops_test.py --modelc-run PATH --ort-run JS --work-dir DIR

ONNX's library (1.12) knows opsets up to 17; modelc computes the new
operators by the opset-17 nodes they expand into, and rewrites the inputs
and attributes that later opsets added to older operators into their
opset-17 form (lib/Importer/ONNX/NewerOpsets.cpp). Each case is a small
model of the operator's opset
(written with onnx 1.12's helper, which does not check opsets it does not
know) on seeded inputs; ONNX Runtime (bench/ort_run.js) computes the
expected outputs, and modelc-run must match them with the backend
tolerances (rtol 1e-3, atol 1e-7), except where ONNX Runtime itself is
further from the exact value (numpy's float64 evaluation of the
definition) than modelc: such elements (GELU's tanh form for x < -4,
where ONNX Runtime computes 1 + tanh in f32 and loses up to 0.5 % to the
cancellation) are counted and shown, never more than ONNX Runtime's own
error. A transformer block written at opset 23 (RMSNormalization,
RotaryEmbedding, grouped-query causal Attention, GELU MLP; hidden 512, 8
heads, dynamic batch and sequence), a small CNN and MLPs as PyTorch 2.x
exports them at opset 18 (Split with num_outputs, ReduceMean with axes as
an input, LayerNormalization, GELU; and the opset-20 Gelu) are each
compiled once and run at several sizes (rtol 1e-3, atol 1e-4, as whole
models). The last cases check the errors for malformed nodes.
"""

import argparse
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import modelc_testing  # noqa: E402

RNG = np.random.default_rng(23)


def model(nodes, inputs, opset, inits=(), output_shape=None,
          output_type=TensorProto.FLOAT, more_outputs=()):
    """NODES of OPSET reading the arrays INPUTS ({name: array}) into "y"
    (and the float outputs named in MORE_OUTPUTS)."""
    graph = helper.make_graph(
        nodes, "new_op",
        [helper.make_tensor_value_info(
            name, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype], a.shape)
         for name, a in inputs.items()],
        [helper.make_tensor_value_info("y", output_type, output_shape)] +
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, None)
         for name in more_outputs],
        list(inits))
    m = helper.make_model(graph,
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8 if opset <= 18 else 10
    return m


def const(name, values, dtype):
    return numpy_helper.from_array(np.array(values, dtype), name)


def erf(x):
    return np.vectorize(math.erf)(x)


def reference(node, opset, feeds, inits):
    """numpy's float64 evaluation of NODE's definition at OPSET."""
    x = feeds[node.input[0]].astype(np.float64)
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    consts = {t.name: numpy_helper.to_array(t).astype(np.float64)
              for t in inits}
    if node.op_type == "Mish":
        return x * np.tanh(np.log1p(np.exp(x)))
    if node.op_type == "Gelu":
        if attrs.get("approximate", b"none") == b"tanh":
            return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) *
                                          (x + 0.044715 * x ** 3)))
        return 0.5 * x * (1 + erf(x / np.sqrt(2)))
    if node.op_type == "RMSNormalization":
        axis = attrs.get("axis", -1) % x.ndim
        mean = np.mean(x * x, axis=tuple(range(axis, x.ndim)), keepdims=True)
        return x / np.sqrt(mean + attrs.get("epsilon", 1e-5)) * \
            consts[node.input[1]]
    if node.op_type == "GroupNormalization":
        g = attrs["num_groups"]
        n, c = x.shape[:2]
        xg = x.reshape(n, g, -1)
        xg = (xg - xg.mean(axis=2, keepdims=True)) / np.sqrt(
            xg.var(axis=2, keepdims=True) + attrs.get("epsilon", 1e-5))
        s, b = consts[node.input[1]], consts[node.input[2]]
        if opset < 21:
            return (xg * s[:, None] + b[:, None]).reshape(x.shape)
        shape = (c,) + (1,) * (x.ndim - 2)
        return xg.reshape(x.shape) * s.reshape(shape) + b.reshape(shape)
    if node.op_type == "DFT":
        signal = x[..., 0] if x.shape[-1] == 1 else x[..., 0] + 1j * x[..., 1]
        ins = list(node.input) + [""] * 3
        axis = int(consts[ins[2]]) if ins[2] else -2
        axis = axis % x.ndim
        n = int(consts[ins[1]]) if ins[1] else x.shape[axis]
        f = np.fft.ifft if attrs.get("inverse", 0) else np.fft.fft
        y = f(signal, n=n, axis=axis)
        if attrs.get("onesided", 0):
            y = np.take(y, range(n // 2 + 1), axis=axis)
        return np.stack([y.real, y.imag], axis=-1)
    raise ValueError(node.op_type)


def cases():
    x = RNG.standard_normal((2, 6, 5, 4)).astype(np.float32) * 3
    seq = RNG.standard_normal((2, 7, 16)).astype(np.float32)
    out = {}
    out["mish"] = model([helper.make_node("Mish", ["x"], ["y"])],
                        {"x": x * 4}, 18)
    for approximate in ("none", "tanh"):
        out["gelu_" + approximate] = model(
            [helper.make_node("Gelu", ["x"], ["y"], approximate=approximate)],
            {"x": x}, 20)
    out["gelu_default"] = model([helper.make_node("Gelu", ["x"], ["y"])],
                                {"x": x}, 20)
    # Changed operators.
    for red in ("max", "min"):
        out["scatter_elements_" + red] = model(
            [helper.make_node("ScatterElements", ["x", "i", "u"], ["y"],
                              axis=2, reduction=red)], {"x": x}, 18,
            [const("i", RNG.integers(0, 5, (2, 6, 3, 4)), np.int64),
             const("u", RNG.standard_normal((2, 6, 3, 4)), np.float32)])
        out["scatter_nd_" + red] = model(
            [helper.make_node("ScatterND", ["x", "i", "u"], ["y"],
                              reduction=red)], {"x": x}, 18,
            [const("i", [[0, 1], [1, 2], [0, 1]], np.int64),
             const("u", RNG.standard_normal((3, 5, 4)), np.float32)])
    out["resize_18_defaults"] = model(
        [helper.make_node("Resize", ["x", "", "s"], ["y"], mode="linear",
                          antialias=0, keep_aspect_ratio_policy="stretch")],
        {"x": x}, 18, [const("s", [1, 1, 2, 1.5], np.float32)])
    out["resize_18_axes_scales"] = model(
        [helper.make_node("Resize", ["x", "", "s"], ["y"], mode="nearest",
                          axes=[3, -2])],
        {"x": x}, 18, [const("s", [2, 1.5], np.float32)])
    out["resize_18_axes_sizes"] = model(
        [helper.make_node("Resize", ["x", "", "", "z"], ["y"], mode="linear",
                          axes=[2, 3])],
        {"x": x}, 18, [const("z", [7, 3], np.int64)])
    out["pad_18_axes"] = model(
        [helper.make_node("Pad", ["x", "p", "", "a"], ["y"])], {"x": x}, 18,
        [const("p", [1, 2, 0, 1], np.int64), const("a", [1, -1], np.int64)])
    out["pad_19_wrap"] = model(
        [helper.make_node("Pad", ["x", "p"], ["y"], mode="wrap")], {"x": x},
        19, [const("p", [0, 0, 1, 2, 0, 0, 3, 1], np.int64)])
    out["cast_19_saturate"] = model(
        [helper.make_node("Cast", ["x"], ["y"], to=TensorProto.FLOAT16,
                          saturate=1)], {"x": x}, 19,
        output_type=TensorProto.FLOAT16)
    out["reduce_max_20"] = model(
        [helper.make_node("ReduceMax", ["x", "a"], ["y"], keepdims=0)],
        {"x": x}, 20, [const("a", [1, 3], np.int64)])
    scale16 = numpy_helper.from_array(
        RNG.uniform(0.5, 1.5, 16).astype(np.float32), "scale")
    for name, axis, eps in (("rms_norm_last", -1, None),
                            ("rms_norm_axis_minus2", -2, 1e-3),
                            ("rms_norm_axis1", 1, None)):
        attrs = {"axis": axis}
        if eps is not None:
            attrs["epsilon"] = eps
        scale = scale16 if axis == -1 else numpy_helper.from_array(
            RNG.uniform(0.5, 1.5, (7, 16)).astype(np.float32), "scale")
        out[name] = model(
            [helper.make_node("RMSNormalization", ["x", "scale"], ["y"],
                              **attrs)], {"x": seq}, 23, [scale])
    for groups in (3, 6, 1):
        for opset in (18, 21):
            n = groups if opset == 18 else 6
            out["group_norm_%d_groups_opset%d" % (groups, opset)] = model(
                [helper.make_node("GroupNormalization", ["x", "s", "b"],
                                  ["y"], num_groups=groups, epsilon=1e-4)],
                {"x": x}, opset,
                [numpy_helper.from_array(
                    RNG.uniform(0.5, 1.5, n).astype(np.float32), "s"),
                 numpy_helper.from_array(
                     RNG.standard_normal(n).astype(np.float32), "b")])
    # RotaryEmbedding: [batch 2, heads 4, seq 5, head 8] and its 3-D form
    # [2, 5, 32] with num_heads; caches of 12 positions.
    rot4 = RNG.standard_normal((2, 4, 5, 8)).astype(np.float32)
    rot3 = RNG.standard_normal((2, 5, 32)).astype(np.float32)
    angles = np.arange(12)[:, None] * 0.1 * (np.arange(4) + 1)[None, :]
    positions = RNG.integers(0, 12, (2, 5))
    for name, x_name, attrs, half, with_positions in (
            ("rotary_4d", "rot4", {}, 4, False),
            ("rotary_4d_interleaved", "rot4", {"interleaved": 1}, 4, False),
            ("rotary_3d_positions", "rot3", {"num_heads": 4}, 4, True),
            ("rotary_3d_partial_interleaved", "rot3",
             {"num_heads": 4, "rotary_embedding_dim": 4, "interleaved": 1}, 2,
             True)):
        a = angles[:, :half]
        if with_positions:
            cos, sin = np.cos(a), np.sin(a)
            inits = [const("cos", cos, np.float32),
                     const("sin", sin, np.float32),
                     const("pos", positions, np.int64)]
            ins = [x_name, "cos", "sin", "pos"]
        else:
            # Caches per batch and position: [2, 5, half].
            a = np.stack([a[:5], a[3:8]])
            inits = [const("cos", np.cos(a), np.float32),
                     const("sin", np.sin(a), np.float32)]
            ins = [x_name, "cos", "sin"]
        out[name] = model(
            [helper.make_node("RotaryEmbedding", ins, ["y"], **attrs)],
            {x_name: rot3 if x_name == "rot3" else rot4}, 23, inits)
    # Attention: 4-D [batch 2, heads 4, seq 5, head 8]; 3-D with 4 query and
    # 2 key/value heads (grouped); masks, causal, past keys, softcap.
    q4 = RNG.standard_normal((2, 4, 5, 8)).astype(np.float32)
    k4 = RNG.standard_normal((2, 4, 7, 8)).astype(np.float32)
    v4 = RNG.standard_normal((2, 4, 7, 6)).astype(np.float32)
    q3 = RNG.standard_normal((2, 5, 32)).astype(np.float32)
    k3 = RNG.standard_normal((2, 5, 16)).astype(np.float32)
    v3 = RNG.standard_normal((2, 5, 16)).astype(np.float32)
    past_k = RNG.standard_normal((2, 2, 3, 8)).astype(np.float32)
    past_v = RNG.standard_normal((2, 2, 3, 8)).astype(np.float32)
    qkv4 = {"q4": q4, "k4": k4, "v4": v4}
    qkv3 = {"q3": q3, "k3": k3, "v3": v3}
    heads = {"q_num_heads": 4, "kv_num_heads": 2}
    bool_mask = RNG.random((5, 7)) > 0.3
    bool_mask[:, 0] = True
    out["attention_4d"] = model(
        [helper.make_node("Attention", ["q4", "k4", "v4"], ["y"])], qkv4, 23)
    out["attention_4d_scale_bool_mask"] = model(
        [helper.make_node("Attention", ["q4", "k4", "v4", "m"], ["y"],
                          scale=0.2)], qkv4, 23,
        [const("m", bool_mask, np.bool_)])
    out["attention_4d_float_mask_softcap"] = model(
        [helper.make_node("Attention", ["q4", "k4", "v4", "m"], ["y"],
                          softcap=2.0)], qkv4, 23,
        [const("m", RNG.standard_normal((2, 1, 5, 7)), np.float32)])
    out["attention_4d_softcapped_scores"] = model(
        [helper.make_node("Attention", ["q4", "k4", "v4"], ["o", "", "", "y"],
                          softcap=1.5, qk_matmul_output_mode=1)],
        qkv4, 23, more_outputs=["o"])
    out["attention_3d_gqa_causal"] = model(
        [helper.make_node("Attention", ["q3", "k3", "v3"], ["y"],
                          is_causal=1, **heads)], qkv3, 23)
    # Past keys and values: the causal mask is offset by the past length,
    # and added to the float mask of the 8 keys; the presents and the
    # scores after the bias are outputs too. (A mask shorter than the keys,
    # which the definition pads with -inf, ONNX Runtime refuses.)
    # (The scores after the bias, qk_matmul_output_mode 2, are not compared:
    # ONNX Runtime writes the lowest float where the definition has -inf.)
    for what, index, mode in (("y", 0, 0), ("present_key", 1, 0),
                              ("present_value", 2, 0), ("scores", 3, 0),
                              ("probabilities", 3, 3)):
        names = ["y_%d" % i for i in range(4)]
        names[index] = "y"
        out["attention_3d_past_causal_" + what] = model(
            [helper.make_node("Attention",
                              ["q3", "k3", "v3", "m", "pk", "pv"], names,
                              is_causal=1, qk_matmul_output_mode=mode,
                              **heads)],
            qkv3, 23,
            [const("m", RNG.standard_normal((5, 8)), np.float32),
             const("pk", past_k, np.float32), const("pv", past_v, np.float32)],
            more_outputs=[n for n in names if n != "y"])
    # Bitwise operators on integers of several widths, broadcasting.
    ints = {"i32": RNG.integers(-2**31, 2**31, (3, 4)).astype(np.int32),
            "j32": RNG.integers(-2**31, 2**31, (4,)).astype(np.int32),
            "u8": RNG.integers(0, 256, (2, 3, 5)).astype(np.uint8),
            "v8": RNG.integers(0, 256, (2, 1, 5)).astype(np.uint8),
            "i64": RNG.integers(-2**62, 2**62, (6,)).astype(np.int64),
            "j64": RNG.integers(-2**62, 2**62, (6,)).astype(np.int64)}
    for op in ("BitwiseAnd", "BitwiseOr", "BitwiseXor"):
        for a, b, t in (("i32", "j32", TensorProto.INT32),
                        ("u8", "v8", TensorProto.UINT8),
                        ("i64", "j64", TensorProto.INT64)):
            out["%s_%s" % (op.lower(), a)] = model(
                [helper.make_node(op, [a, b], ["y"])],
                {a: ints[a], b: ints[b]}, 18, output_type=t)
    for a, t in (("i32", TensorProto.INT32), ("u8", TensorProto.UINT8),
                 ("i64", TensorProto.INT64)):
        out["bitwisenot_" + a] = model(
            [helper.make_node("BitwiseNot", [a], ["y"])], {a: ints[a]}, 18,
            output_type=t)
    # CenterCropPad: crop and pad, odd and even differences, listed axes
    # (negative too), a target shape that is an input.
    for name, shape, axes in (("center_crop_pad_all", [4, 9, 2, 5], None),
                              ("center_crop_pad_axes", [3, 8], [1, -1]),
                              ("center_crop_pad_same", [2, 6, 5, 4], None)):
        attrs = {} if axes is None else {"axes": axes}
        out[name] = model(
            [helper.make_node("CenterCropPad", ["x", "s"], ["y"], **attrs)],
            {"x": x}, 18, [const("s", shape, np.int64)])
    out["center_crop_pad_shape_input"] = model(
        [helper.make_node("CenterCropPad", ["x", "target"], ["y"],
                          axes=[2, 3])],
        {"x": x, "target": np.array([7, 1], np.int64)}, 18)
    # AffineGrid: 2-D and 3-D, with and without align_corners, an axis of
    # one element.
    theta2 = RNG.standard_normal((2, 2, 3)).astype(np.float32)
    theta3 = RNG.standard_normal((2, 3, 4)).astype(np.float32)
    for name, theta, size, align in (
            ("affine_grid_2d", "theta2", [2, 3, 5, 7], 0),
            ("affine_grid_2d_align", "theta2", [2, 3, 5, 7], 1),
            ("affine_grid_2d_align_one_column", "theta2", [2, 1, 4, 1], 1),
            ("affine_grid_3d", "theta3", [2, 1, 3, 4, 5], 0),
            ("affine_grid_3d_align", "theta3", [2, 1, 3, 4, 5], 1)):
        out[name] = model(
            [helper.make_node("AffineGrid", [theta, "size"], ["y"],
                              align_corners=align)],
            {theta: theta2 if theta == "theta2" else theta3}, 20,
            [const("size", size, np.int64)])
    # Col2Im: 2-D with overlapping blocks, strides that leave a remainder,
    # dilations and pads; 1-D and 3-D.
    cols = {}
    for name, channels, image, block, attrs in (
            ("col2im_2d", 2, [5, 6], [2, 3], {}),
            ("col2im_2d_strided_dilated_padded", 3, [7, 8], [2, 2],
             {"strides": [2, 3], "dilations": [2, 1], "pads": [1, 0, 2, 1]}),
            ("col2im_1d", 2, [9], [3], {"strides": [2]}),
            ("col2im_3d", 1, [3, 4, 5], [2, 2, 3], {})):
        k = len(image)
        strides = attrs.get("strides", [1] * k)
        dil = attrs.get("dilations", [1] * k)
        pads = attrs.get("pads", [0] * (2 * k))
        blocks = [(image[d] + pads[d] + pads[k + d] -
                   (dil[d] * (block[d] - 1) + 1)) // strides[d] + 1
                  for d in range(k)]
        arr = RNG.standard_normal(
            (2, channels * int(np.prod(block)), int(np.prod(blocks)))
        ).astype(np.float32)
        cols[name] = arr
        out[name] = model(
            [helper.make_node("Col2Im", [name, "image", "block"], ["y"],
                              **attrs)],
            {name: arr}, 18,
            [const("image", image, np.int64),
             const("block", block, np.int64)])
    # DFT-20: the axis as an input (default -2), dft_length, inverse,
    # onesided, real and complex signals.
    real = RNG.standard_normal((2, 8, 1)).astype(np.float32)
    cplx = RNG.standard_normal((2, 6, 5, 2)).astype(np.float32)
    for name, sig, ins, inits, attrs in (
            ("dft_20_default_axis", "real", ["real"], [], {}),
            ("dft_20_onesided_length", "real", ["real", "n"],
             [const("n", 10, np.int64)], {"onesided": 1}),
            ("dft_20_axis_input", "cplx", ["cplx", "", "a"],
             [const("a", 2, np.int64)], {}),
            ("dft_20_negative_axis_inverse_truncated", "cplx",
             ["cplx", "n", "a"],
             [const("n", 4, np.int64), const("a", -3, np.int64)],
             {"inverse": 1})):
        out[name] = model([helper.make_node("DFT", ins, ["y"], **attrs)],
                          {sig: real if sig == "real" else cplx}, 20, inits)
    # GridSample-20: the modes named linear and cubic.
    image = RNG.standard_normal((2, 3, 5, 6)).astype(np.float32)
    grid = RNG.uniform(-1.2, 1.2, (2, 4, 7, 2)).astype(np.float32)
    for mode in ("linear", "nearest", "cubic"):
        for padding in ("zeros", "border", "reflection"):
            out["grid_sample_20_%s_%s" % (mode, padding)] = model(
                [helper.make_node("GridSample", ["image", "grid"], ["y"],
                                  mode=mode, padding_mode=padding,
                                  align_corners=int(mode == "cubic"))],
                {"image": image, "grid": grid}, 20)
    arrays = {"x": x, "seq": seq, "rot4": rot4, "rot3": rot3,
              "image": image, "grid": grid,
              "real": real, "cplx": cplx,
              "theta2": theta2, "theta3": theta3,
              "target": np.array([7, 1], np.int64)}
    arrays.update(ints)
    arrays.update(cols)
    arrays.update(qkv4)
    arrays.update(qkv3)
    return out, arrays


def error_cases():
    x = {"x": np.zeros((2, 4, 3), np.float32)}
    x4 = {"x": np.zeros((1, 2, 4, 4), np.float32)}
    return {
        "resize_18_antialias": (
            model([helper.make_node("Resize", ["x", "", "s"], ["y"],
                                    mode="linear", antialias=1)], x4, 18,
                  [const("s", [1, 1, 0.5, 0.5], np.float32)]),
            "has antialias = 1"),
        "lppool_18_ceil_mode": (
            model([helper.make_node("LpPool", ["x"], ["y"], kernel_shape=[3, 3],
                                    ceil_mode=1)], x4, 18),
            "has ceil_mode = 1, which modelc does not support yet"),
        "average_pool_19_dilations": (
            model([helper.make_node("AveragePool", ["x"], ["y"],
                                    kernel_shape=[2, 2], dilations=[2, 2])],
                  x4, 19),
            "has dilations other than 1"),
        "cast_19_float8": (
            model([helper.make_node("Cast", ["x"], ["y"], to=17)], x, 19),
            "has a cast to a float8 type"),
        "gelu_bad_approximate": (
            model([helper.make_node("Gelu", ["x"], ["y"],
                                    approximate="fast")], x, 20),
            "approximate is 'fast'; the operator takes 'none' or 'tanh'"),
        "group_norm_no_groups": (
            model([helper.make_node("GroupNormalization", ["x", "s", "b"],
                                    ["y"])], x, 18,
                  [numpy_helper.from_array(np.ones(2, np.float32), "s"),
                   numpy_helper.from_array(np.ones(2, np.float32), "b")]),
            "needs the attribute num_groups"),
        "group_norm_string_epsilon": (
            model([helper.make_node("GroupNormalization", ["x", "s", "b"],
                                    ["y"], num_groups=2, epsilon="small")],
                  x, 21,
                  [numpy_helper.from_array(np.ones(4, np.float32), "s"),
                   numpy_helper.from_array(np.ones(4, np.float32), "b")]),
            "attribute 'epsilon' has the wrong type (STRING, expected FLOAT)"),
        "rotary_3d_no_num_heads": (
            model([helper.make_node("RotaryEmbedding", ["x", "c", "s"],
                                    ["y"])], x, 23,
                  [numpy_helper.from_array(np.ones((2, 4, 1), np.float32),
                                           "c"),
                   numpy_helper.from_array(np.ones((2, 4, 1), np.float32),
                                           "s")]),
            "has a 3-D input and needs num_heads"),
        "attention_3d_no_heads": (
            model([helper.make_node("Attention", ["x", "x", "x"], ["y"])], x,
                  23),
            "has 3-D inputs and needs q_num_heads and kv_num_heads"),
        "attention_mask_of_unknown_type": (
            model([helper.make_node("Relu", ["x"], ["m"]),
                   helper.make_node("Attention", ["x", "x", "x", "m"], ["y"],
                                    q_num_heads=2, kv_num_heads=2)], x, 23),
            "the element type of attn_mask 'm' is unknown before shape "
            "inference"),
        "attention_nonpad_kv_seqlen": (
            model([helper.make_node("Attention",
                                    ["x", "x", "x", "", "", "", "x"], ["y"],
                                    q_num_heads=2, kv_num_heads=2)], x, 23),
            "the operator takes 3 to 6 (nonpad_kv_seqlen, opset 24, is not "
            "supported)"),
        "bitwise_and_of_floats": (
            model([helper.make_node("BitwiseAnd", ["x", "x"], ["y"])], x, 18),
            "BitwiseAnd node (output 'y'): takes integer tensors, not f32"),
        "bitwise_not_attribute": (
            model([helper.make_node("BitwiseNot", ["i"], ["y"], axis=1)],
                  {"i": np.zeros(3, np.int32)}, 18,
                  output_type=TensorProto.INT32),
            "BitwiseNot node (output 'y'): has an unknown attribute 'axis'"),
        "grid_sample_20_volume": (
            model([helper.make_node("GridSample", ["v", "g"], ["y"])],
                  {"v": np.zeros((1, 1, 2, 3, 4), np.float32),
                   "g": np.zeros((1, 2, 2, 2, 3), np.float32)}, 20),
            "has a 3-D input (only 2-D sampling is supported)"),
        # Found by scripts/fuzz: ONNX's shape inference crashed on the
        # expansion of a node whose input nothing defines.
        "attention_undefined_input": (
            model([helper.make_node("Attention", ["x", "x", "ghost"], ["y"],
                                    q_num_heads=2, kv_num_heads=2)], x, 23),
            "uses 'ghost', which no earlier node or input defines"),
        "rms_norm_one_input": (
            model([helper.make_node("RMSNormalization", ["x"], ["y"])], x,
                  23),
            "has 1 inputs; the operator takes 2"),
        "rms_norm_positive_axis_unknown_rank": (
            model([helper.make_node("Relu", ["x"], ["r"]),
                   helper.make_node("RMSNormalization", ["r", "s"], ["y"],
                                    axis=1)], x, 23,
                  [numpy_helper.from_array(np.ones(3, np.float32), "s")]),
            "has axis 1 but its input 'r' declares no shape"),
    }


def write_inputs(directory, arrays, names):
    os.makedirs(directory, exist_ok=True)
    for i, name in enumerate(names):
        with open(os.path.join(directory, "input_%d.pb" % i), "wb") as f:
            f.write(numpy_helper.from_array(arrays[name], name)
                    .SerializeToString())


def run_case(args, name, m, arrays):
    case = os.path.join(args.work_dir, name)
    os.makedirs(case, exist_ok=True)
    path = os.path.join(case, "model.onnx")
    onnx.save(m, path)
    names = [i.name for i in m.graph.input]
    inputs = os.path.join(case, "inputs")
    feeds = {n: arrays["seq" if n == "x" and "rms" in name else n]
             for n in names}
    write_inputs(inputs, feeds, names)
    rc, out = modelc_testing.run_modelc(args.ort_run, path, inputs,
                                        os.path.join(case, "ort"), [])
    if rc != 0:
        return "ONNX Runtime failed (%d): %s" % (rc, out.strip()[-300:])
    rc, out = modelc_testing.run_modelc(args.modelc_run, path, inputs,
                                        os.path.join(case, "modelc"), [])
    if rc != 0:
        return "modelc-run failed (%d): %s" % (rc, out.strip()[-300:])
    expected = modelc_testing.load_tensor(
        os.path.join(case, "ort", "output_0.pb"))
    got = modelc_testing.load_tensor(
        os.path.join(case, "modelc", "output_0.pb"))
    if expected.shape != got.shape or expected.dtype != got.dtype:
        return modelc_testing.compare_arrays(expected, got, 1e-3, 1e-7)
    if expected.dtype != np.float32:
        return modelc_testing.compare_arrays(expected, got, 1e-3, 1e-7)
    far = np.abs(got - expected.astype(np.float64)) > \
        1e-7 + 1e-3 * np.abs(expected)
    if not far.any():
        return None
    node = next(n for n in m.graph.node if n.op_type != "Constant")
    exact = reference(node, m.opset_import[0].version, feeds,
                      m.graph.initializer)
    # Elements where ONNX Runtime is further from the exact value.
    ort_worse = far & (np.abs(expected - exact) >= np.abs(got - exact))
    if (far & ~ort_worse).any():
        return modelc_testing.compare_arrays(expected, got, 1e-3, 1e-7)
    if ort_worse.any():
        return "ok (%d elements where ONNX Runtime is further from the " \
            "exact value: up to %.2g, modelc %.2g)" % (
                int(ort_worse.sum()),
                float(np.abs(expected - exact)[ort_worse].max()),
                float(np.abs(got - exact)[ort_worse].max()))
    return None


def transformer_block():
    """A pre-norm transformer block as written at opset 23: RMSNormalization,
    Q/K/V projections, RotaryEmbedding (positions from the sequence length),
    grouped-query causal Attention (8 query heads, 4 key/value heads, head
    64), the output projection and residual, RMSNormalization and a GELU
    MLP (2048) with residual. Hidden 512; batch and sequence dynamic; seeded
    weights."""
    rng = np.random.default_rng(5)
    hidden, heads, kv_heads, head, ffn, positions = 512, 8, 4, 64, 2048, 256

    def weight(name, shape, scale):
        return const(name, rng.standard_normal(shape) * scale, np.float32)

    inv = 1.0 / (10000 ** (np.arange(0, head, 2) / head))
    angles = np.arange(positions)[:, None] * inv[None, :]
    inits = [
        weight("wq", (hidden, heads * head), hidden ** -0.5),
        weight("wk", (hidden, kv_heads * head), hidden ** -0.5),
        weight("wv", (hidden, kv_heads * head), hidden ** -0.5),
        weight("wo", (heads * head, hidden), hidden ** -0.5),
        weight("w1", (hidden, ffn), hidden ** -0.5),
        weight("w2", (ffn, hidden), ffn ** -0.5),
        const("g1", rng.uniform(0.8, 1.2, hidden), np.float32),
        const("g2", rng.uniform(0.8, 1.2, hidden), np.float32),
        const("cos", np.cos(angles), np.float32),
        const("sin", np.sin(angles), np.float32),
        const("zero", 0, np.int64), const("one", 1, np.int64),
        const("axis0", [0], np.int64), const("idx0", [0], np.int64),
        const("idx1", [1], np.int64),
    ]
    n = helper.make_node
    nodes = [
        n("RMSNormalization", ["x", "g1"], ["h"], epsilon=1e-6),
        n("MatMul", ["h", "wq"], ["q"]),
        n("MatMul", ["h", "wk"], ["k"]),
        n("MatMul", ["h", "wv"], ["v"]),
        # position_ids [batch, seq] = 0..seq-1 for every row.
        n("Shape", ["x"], ["shape"]),
        n("Gather", ["shape", "idx0"], ["batch"], axis=0),
        n("Gather", ["shape", "idx1"], ["seq1"], axis=0),
        n("Squeeze", ["seq1", "axis0"], ["seq"]),
        n("Range", ["zero", "seq", "one"], ["range"]),
        n("Unsqueeze", ["range", "axis0"], ["row"]),
        n("Concat", ["batch", "seq1"], ["pos_shape"], axis=0),
        n("Expand", ["row", "pos_shape"], ["pos"]),
        n("RotaryEmbedding", ["q", "cos", "sin", "pos"], ["qr"],
          num_heads=heads),
        n("RotaryEmbedding", ["k", "cos", "sin", "pos"], ["kr"],
          num_heads=kv_heads),
        n("Attention", ["qr", "kr", "v"], ["a"], q_num_heads=heads,
          kv_num_heads=kv_heads, is_causal=1),
        n("MatMul", ["a", "wo"], ["o"]),
        n("Add", ["x", "o"], ["x2"]),
        n("RMSNormalization", ["x2", "g2"], ["h2"], epsilon=1e-6),
        n("MatMul", ["h2", "w1"], ["f1"]),
        n("Gelu", ["f1"], ["f2"]),
        n("MatMul", ["f2", "w2"], ["f3"]),
        n("Add", ["x2", "f3"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes, "block",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                       ["batch", "seq", hidden])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                       ["batch", "seq", hidden])], inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 23)])
    m.ir_version = 10
    return m


def small_cnn_opset18():
    """A small CNN as PyTorch 2.x exports it at opset 18: Conv, Relu, a GLU
    (Split with num_outputs, Sigmoid, Mul), global average pooling as
    ReduceMean with its axes as an input, Gemm. Dynamic batch."""
    rng = np.random.default_rng(6)
    n = helper.make_node
    nodes = [
        n("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1]),
        n("Relu", ["c"], ["r"]),
        n("Split", ["r"], ["r1", "r2"], axis=1, num_outputs=2),
        n("Sigmoid", ["r2"], ["g"]),
        n("Mul", ["r1", "g"], ["glu"]),
        n("ReduceMean", ["glu", "axes"], ["pooled"], keepdims=0),
        n("Gemm", ["pooled", "fc", "fcb"], ["y"], transB=1),
    ]
    inits = [const("w", rng.standard_normal((16, 3, 3, 3)) * 0.3, np.float32),
             const("b", rng.standard_normal(16) * 0.1, np.float32),
             const("axes", [2, 3], np.int64),
             const("fc", rng.standard_normal((10, 8)) * 0.3, np.float32),
             const("fcb", rng.standard_normal(10) * 0.1, np.float32)]
    graph = helper.make_graph(
        nodes, "cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                       ["batch", 3, 16, 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                       ["batch", 10])], inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    m.ir_version = 8
    return m


def mlp_opset18(gelu_op):
    """An MLP block as PyTorch 2.x exports it: LayerNormalization, MatMul
    and bias, GELU (at opset 18 the erf form PyTorch writes; with GELU_OP
    the opset-20 Gelu operator), MatMul, residual; ReduceMean (axes input)
    of the result as a second output. Dynamic batch and sequence."""
    rng = np.random.default_rng(7)
    n = helper.make_node
    nodes = [n("LayerNormalization", ["x", "ln_g", "ln_b"], ["h"], axis=-1),
             n("MatMul", ["h", "w1"], ["m1"]),
             n("Add", ["m1", "b1"], ["a1"])]
    if gelu_op:
        nodes.append(n("Gelu", ["a1"], ["g"]))
    else:
        nodes += [n("Div", ["a1", "sqrt2"], ["d"]), n("Erf", ["d"], ["e"]),
                  n("Add", ["e", "one"], ["e1"]),
                  n("Mul", ["a1", "e1"], ["ge"]),
                  n("Mul", ["ge", "half"], ["g"])]
    nodes += [n("MatMul", ["g", "w2"], ["m2"]),
              n("Add", ["x", "m2"], ["y"]),
              n("ReduceMean", ["y", "axes"], ["mean"], keepdims=1)]
    inits = [const("ln_g", rng.uniform(0.8, 1.2, 64), np.float32),
             const("ln_b", rng.standard_normal(64) * 0.1, np.float32),
             const("w1", rng.standard_normal((64, 256)) * 0.125, np.float32),
             const("b1", rng.standard_normal(256) * 0.1, np.float32),
             const("w2", rng.standard_normal((256, 64)) * 0.0625, np.float32),
             const("axes", [-1], np.int64)]
    if not gelu_op:
        inits += [const("sqrt2", np.sqrt(2), np.float32),
                  const("one", 1, np.float32), const("half", 0.5, np.float32)]
    graph = helper.make_graph(
        nodes, "mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                       ["batch", "seq", 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                       ["batch", "seq", 64]),
         helper.make_tensor_value_info("mean", TensorProto.FLOAT,
                                       ["batch", "seq", 1])], inits)
    m = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 20 if gelu_op else 18)])
    m.ir_version = 10 if gelu_op else 8
    return m


def whole_models():
    """(name, model, input shapes) of the whole models, each compiled once
    and run at every shape."""
    return [
        ("transformer_block_opset23", transformer_block(),
         [(1, 128, 512), (2, 37, 512), (3, 1, 512)]),
        ("small_cnn_opset18", small_cnn_opset18(),
         [(1, 3, 16, 16), (4, 3, 16, 16)]),
        ("mlp_opset18_erf_gelu", mlp_opset18(False), [(1, 10, 64), (3, 7, 64)]),
        ("mlp_opset20_gelu", mlp_opset18(True), [(2, 5, 64)]),
    ]


def run_whole_model(args, name, m, shapes):
    """Compiles M once and runs it on seeded inputs of every shape in SHAPES
    against ONNX Runtime (rtol 1e-3, atol 1e-4, as whole models); returns
    the problems."""
    case = os.path.join(args.work_dir, name)
    os.makedirs(case, exist_ok=True)
    path = os.path.join(case, "model.onnx")
    onnx.save(m, path)
    rng = np.random.default_rng(9)
    sets = []
    for shape in shapes:
        tag = "x".join(str(d) for d in shape)
        d = os.path.join(case, "in_" + tag)
        write_inputs(d, {"x": rng.standard_normal(shape).astype(np.float32)},
                     ["x"])
        rc, out = modelc_testing.run_modelc(
            args.ort_run, path, d, os.path.join(case, "ort_" + tag), [])
        if rc != 0:
            return ["ONNX Runtime failed (%d): %s" % (rc, out[-300:])]
        sets.append((d, tag))
    cmd = [args.modelc_run, path]
    for d, tag in sets:
        cmd += ["--input-dir", d, "--output-dir",
                os.path.join(case, "modelc_" + tag)]
    try:
        modelc_testing.run_command(cmd)
    except modelc_testing.CommandFailed as e:
        return ["modelc-run failed: %s" % e]
    problems = []
    for d, tag in sets:
        msg = modelc_testing.compare_dirs(
            os.path.join(case, "ort_" + tag), os.path.join(case,
                                                           "modelc_" + tag),
            rtol=1e-3, atol=1e-4)
        if msg:
            problems.append("%s: %s" % (tag, msg))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--ort-run", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    failures = 0
    models, arrays = cases()
    for name, m in models.items():
        problem = run_case(args, name, m, arrays)
        if problem and problem.startswith("ok "):
            print("%-40s %s" % (name, problem))
            continue
        print("%-40s %s" % (name, "ok" if not problem else
                            "FAILED: " + problem))
        failures += problem is not None
    for name, m, shapes in whole_models():
        problems = run_whole_model(args, name, m, shapes)
        print("%-40s %s" % (name, "ok" if not problems else
                            "FAILED: " + "; ".join(problems)))
        failures += bool(problems)
    for name, (m, message) in error_cases().items():
        case = os.path.join(args.work_dir, name)
        os.makedirs(case, exist_ok=True)
        path = os.path.join(case, "model.onnx")
        onnx.save(m, path)
        modelc = os.path.join(os.path.dirname(args.modelc_run), "modelc")
        problems = modelc_testing.expect_errors(
            modelc, path, os.path.join(case, "e"),
            (([], message),))
        print("%-40s %s" % (name, "ok" if not problems else
                            "FAILED: " + "; ".join(problems)))
        failures += bool(problems)
    total = len(models) + len(whole_models()) + len(error_cases())
    print("%d of %d cases passed" % (total - failures, total))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
