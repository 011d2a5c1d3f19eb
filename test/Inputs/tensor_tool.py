#!/usr/bin/python3
"""Reads, writes and compares ONNX TensorProto files for modelc's lit tests.

    tensor_tool.py print FILE.pb...
        prints "NAME DTYPE SHAPE: v0 v1 ..." per file
    tensor_tool.py write FILE.pb --dtype float32 --shape 2x3 [--value V]
                         [--values V0,V1,...]
        writes a tensor of that type and shape filled with V (default 1),
        or holding the listed values
    tensor_tool.py write FILE.pb --shape 3 --strings '["a", "b", "c"]'
        writes a string tensor of that shape holding the JSON list's strings
    tensor_tool.py compare ACTUAL_DIR EXPECTED_DIR [--rtol R] [--atol A]
                           [--model MODEL.onnx]
        compares ACTUAL_DIR/output_K.pb with EXPECTED_DIR/output_K.pb for
        every K the expected folder has: same element type and shape, and
        values within tolerance (exact for integers, booleans and
        strings); with --model, the model's sequence and optional outputs
        are SequenceProtos and OptionalProtos, compared element by element. Prints "output_K: ok"
        or "output_K: MISMATCH ..." lines and exits 1 on any mismatch or
        missing file.
    tensor_tool.py check FILE.pb [--range LOW HIGH] [--values V,...]
                   [--same OTHER.pb] [--differs OTHER.pb]
                   [--mean M --std S --tol T]
        checks the values of FILE.pb: all in [LOW, HIGH), all among the
        values V, equal to (or not all equal to) those of OTHER.pb, a mean
        and a standard deviation within T of M and S. Prints one "NAME:
        ..." line per check ("ok ...", or "FAILED ...") and exits 1 on any
        failure. bfloat16 files are read as float32.

Must run under Debian's /usr/bin/python3 (python3-onnx, numpy).
"""

import argparse
import glob
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def load(path):
    proto = onnx.TensorProto()
    with open(path, "rb") as f:
        proto.ParseFromString(f.read())
    return proto.name, numpy_helper.to_array(proto)


def shape_text(shape):
    return "x".join(str(d) for d in shape) if shape else "scalar"


def cmd_print(args):
    for path in args.files:
        name, a = load(path)
        if a.dtype == object:  # Strings, quoted.
            values = " ".join(json.dumps(v, ensure_ascii=False)
                              for v in a.reshape(-1).tolist())
        else:
            values = " ".join(str(v) for v in a.reshape(-1).tolist())
        print("%s %s %s: %s" % (name, a.dtype, shape_text(a.shape), values))
    return 0


def cmd_write(args):
    shape = [int(d) for d in args.shape.split("x")] if args.shape else []
    if args.values is not None:
        values = [float(v) for v in args.values.split(",")]
        a = np.array(values, dtype=np.dtype(args.dtype)).reshape(shape)
    elif args.strings is not None:
        a = np.array(json.loads(args.strings), dtype=object).reshape(shape)
    else:
        a = np.full(shape, args.value, dtype=np.dtype(args.dtype))
    t = numpy_helper.from_array(a, os.path.basename(args.file)[:-3])
    with open(args.file, "wb") as f:
        f.write(t.SerializeToString())
    return 0


def compare_arrays(got, want, args):
    """None when GOT matches WANT, else a mismatch message."""
    if got.dtype != want.dtype or got.shape != want.shape:
        return "MISMATCH type %s %s, expected %s %s" % (
            got.dtype, shape_text(got.shape), want.dtype,
            shape_text(want.shape))
    if np.issubdtype(want.dtype, np.floating):
        ok = np.allclose(got, want, rtol=args.rtol, atol=args.atol,
                         equal_nan=True)
    else:
        ok = np.array_equal(got, want)
    if ok:
        return None
    if want.dtype == object:
        return "MISMATCH\n  got      %s\n  expected %s" % (
            got.reshape(-1)[:16], want.reshape(-1)[:16])
    diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
    return "MISMATCH max abs diff %g\n  got      %s\n  expected %s" % (
        diff.max(), got.reshape(-1)[:16], want.reshape(-1)[:16])


def load_sequence(path):
    proto = onnx.SequenceProto()
    with open(path, "rb") as f:
        proto.ParseFromString(f.read())
    return numpy_helper.to_list(proto)


def load_optional(path):
    """None for an empty optional, else its array or list of arrays."""
    proto = onnx.OptionalProto()
    with open(path, "rb") as f:
        proto.ParseFromString(f.read())
    return numpy_helper.to_optional(proto)


def output_kinds(model_path):
    """The kind of each of MODEL_PATH's graph outputs: "tensor",
    "sequence" or "optional"."""
    if not model_path:
        return {}
    model = onnx.load(model_path, load_external_data=False)
    return {k: {"sequence_type": "sequence", "optional_type": "optional"}.get(
        o.type.WhichOneof("value"), "tensor")
        for k, o in enumerate(model.graph.output)}


def compare_value(got, want, args):
    """(message or None, description) for GOT against WANT: arrays, lists
    of arrays (sequences) or None (empty optionals)."""
    if want is None or got is None:
        if want is None and got is None:
            return None, "empty"
        return ("MISMATCH %s, expected %s" % (
            "empty" if got is None else "a value",
            "empty" if want is None else "a value")), ""
    if isinstance(want, list):
        if not isinstance(got, list):
            return "MISMATCH not a sequence", ""
        if len(got) != len(want):
            return "MISMATCH sequence of %d, expected %d" % (len(got),
                                                             len(want)), ""
        for i, (g, w) in enumerate(zip(got, want)):
            m = compare_arrays(g, w, args)
            if m:
                return "element %d: %s" % (i, m), ""
        return None, "sequence of %d: %s" % (len(got), " ".join(
            "%s %s" % (g.dtype, shape_text(g.shape)) for g in got))
    m = compare_arrays(got, want, args)
    return m, "%s %s" % (got.dtype, shape_text(got.shape))


def cmd_compare(args):
    expected = sorted(glob.glob(os.path.join(args.expected, "output_*.pb")))
    if not expected:
        print("no output_K.pb in %s" % args.expected)
        return 1
    kinds = output_kinds(args.model)
    loaders = {"sequence": load_sequence, "optional": load_optional,
               "tensor": lambda path: load(path)[1]}
    failed = False
    for path in expected:
        base = os.path.basename(path)[:-3]
        actual_path = os.path.join(args.actual, os.path.basename(path))
        if not os.path.exists(actual_path):
            print("%s: MISSING %s" % (base, actual_path))
            failed = True
            continue
        kind = kinds.get(int(base.split("_")[1]), "tensor")
        load_fn = loaders[kind]
        msg, what = compare_value(load_fn(actual_path), load_fn(path), args)
        if msg:
            print("%s: %s" % (base, msg))
            failed = True
            continue
        print("%s: ok %s%s" % (base, "optional " if kind == "optional" else "",
                               what))
    return 1 if failed else 0


def load_values(path):
    """The values of a TensorProto file as a numpy array; bfloat16 (which
    numpy lacks) as float32."""
    proto = onnx.TensorProto()
    with open(path, "rb") as f:
        proto.ParseFromString(f.read())
    if proto.data_type == onnx.TensorProto.BFLOAT16:
        if proto.raw_data:
            bits = np.frombuffer(proto.raw_data, np.uint16)
        else:
            bits = np.array(proto.int32_data, np.uint16)
        values = (bits.astype(np.uint32) << 16).view(np.float32)
        return proto.name, values.reshape(tuple(proto.dims))
    return proto.name, numpy_helper.to_array(proto)


def cmd_check(args):
    name, a = load_values(args.file)
    v = a.astype(np.float64).reshape(-1)
    failed = False

    def report(ok, text):
        nonlocal failed
        failed |= not ok
        print("%s: %s %s" % (name, "ok" if ok else "FAILED", text))

    if args.range:
        low, high = args.range
        bad = int(np.sum(~((v >= low) & (v < high))))
        report(bad == 0, "%d of %d values outside [%g, %g)" % (
            bad, v.size, low, high))
    if args.values:
        allowed = [float(x) for x in args.values.split(",")]
        bad = int(np.sum(~np.isin(v, allowed)))
        report(bad == 0, "%d of %d values not in {%s}" % (
            bad, v.size, args.values))
    if args.same or args.differs:
        _, other = load_values(args.same or args.differs)
        same = a.shape == other.shape and np.array_equal(a, other)
        if args.same:
            report(same, "values equal to %s's" % os.path.basename(args.same))
        else:
            report(not same, "values differ from %s's"
                   % os.path.basename(args.differs))
    if args.mean is not None:
        mean, std = float(np.mean(v)), float(np.std(v))
        ok = (abs(mean - args.mean) <= args.tol
              and (args.std is None or abs(std - args.std) <= args.tol))
        report(ok, "mean %.3f, standard deviation %.3f (want %g, %s, "
               "within %g)" % (mean, std, args.mean,
                               "-" if args.std is None else "%g" % args.std,
                               args.tol))
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("print")
    p.add_argument("files", nargs="+")
    p.set_defaults(fn=cmd_print)
    w = sub.add_parser("write")
    w.add_argument("file")
    w.add_argument("--dtype", default="float32")
    w.add_argument("--shape", default="")
    w.add_argument("--value", type=float, default=1.0)
    w.add_argument("--values", default=None)
    w.add_argument("--strings", default=None,
                   help="a JSON list of strings: writes a string tensor")
    w.set_defaults(fn=cmd_write)
    c = sub.add_parser("compare")
    c.add_argument("actual")
    c.add_argument("expected")
    c.add_argument("--rtol", type=float, default=1e-5)
    c.add_argument("--atol", type=float, default=1e-6)
    c.add_argument("--model", default=None,
                   help="the model: its sequence and optional outputs are "
                        "compared as SequenceProtos and OptionalProtos")
    c.set_defaults(fn=cmd_compare)
    k = sub.add_parser("check")
    k.add_argument("file")
    k.add_argument("--range", type=float, nargs=2, metavar=("LOW", "HIGH"))
    k.add_argument("--values")
    k.add_argument("--same")
    k.add_argument("--differs")
    k.add_argument("--mean", type=float)
    k.add_argument("--std", type=float)
    k.add_argument("--tol", type=float, default=0.01)
    k.set_defaults(fn=cmd_check)
    args = parser.parse_args()
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
