#!/usr/bin/python3
"""Reads, writes and compares ONNX TensorProto files for modelc's lit tests.

    tensor_tool.py print FILE.pb...
        prints "NAME DTYPE SHAPE: v0 v1 ..." per file
    tensor_tool.py write FILE.pb --dtype float32 --shape 2x3 [--value V]
        writes a tensor of that type and shape filled with V (default 1)
    tensor_tool.py write FILE.pb --shape 3 --strings '["a", "b", "c"]'
        writes a string tensor of that shape holding the JSON list's strings
    tensor_tool.py compare ACTUAL_DIR EXPECTED_DIR [--rtol R] [--atol A]
        compares ACTUAL_DIR/output_K.pb with EXPECTED_DIR/output_K.pb for
        every K the expected folder has: same element type and shape, and
        values within tolerance (exact for integers, booleans and
        strings). Prints "output_K: ok" or "output_K: MISMATCH ..." lines
        and exits 1 on any mismatch or missing file.

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
    if args.strings is not None:
        a = np.array(json.loads(args.strings), dtype=object).reshape(shape)
    else:
        a = np.full(shape, args.value, dtype=np.dtype(args.dtype))
    t = numpy_helper.from_array(a, os.path.basename(args.file)[:-3])
    with open(args.file, "wb") as f:
        f.write(t.SerializeToString())
    return 0


def cmd_compare(args):
    expected = sorted(glob.glob(os.path.join(args.expected, "output_*.pb")))
    if not expected:
        print("no output_K.pb in %s" % args.expected)
        return 1
    failed = False
    for path in expected:
        base = os.path.basename(path)[:-3]
        actual_path = os.path.join(args.actual, os.path.basename(path))
        if not os.path.exists(actual_path):
            print("%s: MISSING %s" % (base, actual_path))
            failed = True
            continue
        _, want = load(path)
        _, got = load(actual_path)
        if got.dtype != want.dtype or got.shape != want.shape:
            print("%s: MISMATCH type %s %s, expected %s %s" %
                  (base, got.dtype, shape_text(got.shape), want.dtype,
                   shape_text(want.shape)))
            failed = True
            continue
        if np.issubdtype(want.dtype, np.floating):
            ok = np.allclose(got, want, rtol=args.rtol, atol=args.atol,
                             equal_nan=True)
        else:
            ok = np.array_equal(got, want)
        if not ok:
            if want.dtype == object:
                print("%s: MISMATCH\n  got      %s\n  expected %s"
                      % (base, got.reshape(-1)[:16], want.reshape(-1)[:16]))
                failed = True
                continue
            diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
            print("%s: MISMATCH max abs diff %g\n  got      %s\n  expected %s"
                  % (base, diff.max(), got.reshape(-1)[:16],
                     want.reshape(-1)[:16]))
            failed = True
            continue
        print("%s: ok %s %s" % (base, got.dtype, shape_text(got.shape)))
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
    w.add_argument("--strings", default=None,
                   help="a JSON list of strings: writes a string tensor")
    w.set_defaults(fn=cmd_write)
    c = sub.add_parser("compare")
    c.add_argument("actual")
    c.add_argument("expected")
    c.add_argument("--rtol", type=float, default=1e-5)
    c.add_argument("--atol", type=float, default=1e-6)
    c.set_defaults(fn=cmd_compare)
    args = parser.parse_args()
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
