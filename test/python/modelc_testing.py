"""Helpers shared by modelc's Python test drivers.

Runs `modelc-run` on a model and compares the ONNX TensorProto files it wrote
with reference ones, using ONNX's backend-test tolerances by default.
"""

import glob
import os
import signal
import subprocess

import numpy as np
import onnx
from onnx import numpy_helper


def read_tensor_proto(path):
    """Reads one ONNX TensorProto file."""
    proto = onnx.TensorProto()
    with open(path, "rb") as f:
        proto.ParseFromString(f.read())
    return proto


def is_legacy_bfloat16(proto, elem_type):
    """Whether PROTO holds bfloat16 values as UINT16 bit patterns where the
    model declares ELEM_TYPE = BFLOAT16.

    numpy has no bfloat16: the backend test data of ONNX before 1.13 (e.g.
    test_cast_FLOAT_to_BFLOAT16) stored bfloat16 inputs and outputs as UINT16
    tensors of the same bits.
    """
    return (elem_type == onnx.TensorProto.BFLOAT16
            and proto.data_type == onnx.TensorProto.UINT16)


def load_tensor(path, elem_type=None):
    """Reads one ONNX TensorProto file into a numpy array.

    ELEM_TYPE, when given, is the element type that the model declares for
    the value: a legacy UINT16 file of a BFLOAT16 value (see
    is_legacy_bfloat16) is read as bfloat16.  bfloat16 tensors come back as
    float32 arrays, as numpy_helper returns them.
    """
    proto = read_tensor_proto(path)
    if is_legacy_bfloat16(proto, elem_type):
        bits = numpy_helper.to_array(proto).astype(np.uint32)
        return (bits << 16).view(np.float32)
    return numpy_helper.to_array(proto)


def retype_legacy_bfloat16_inputs(model, input_dir, work_dir):
    """Returns the folder of input_K.pb files to run MODEL on.

    That is INPUT_DIR, unless one of its files is a legacy UINT16 tensor for
    a BFLOAT16 input of the model (see is_legacy_bfloat16): then WORK_DIR
    receives a copy of the inputs with those files typed BFLOAT16 (same
    bits), and WORK_DIR is returned.
    """
    initializers = {i.name for i in model.graph.initializer}
    inputs = [v for v in model.graph.input if v.name not in initializers]
    protos = {}
    for k, value in enumerate(inputs):
        path = os.path.join(input_dir, "input_%d.pb" % k)
        elem_type = value.type.tensor_type.elem_type
        if elem_type != onnx.TensorProto.BFLOAT16 or not os.path.exists(path):
            continue
        proto = read_tensor_proto(path)
        if is_legacy_bfloat16(proto, elem_type):
            proto.data_type = onnx.TensorProto.BFLOAT16
            protos[k] = proto
    if not protos:
        return input_dir
    os.makedirs(work_dir, exist_ok=True)
    for path in numbered_files(input_dir, "input"):
        name = os.path.basename(path)
        k = int(name.rsplit("_", 1)[1][:-3])
        with open(os.path.join(work_dir, name), "wb") as f:
            if k in protos:
                f.write(protos[k].SerializeToString())
            else:
                with open(path, "rb") as g:
                    f.write(g.read())
    return work_dir


def numbered_files(directory, prefix):
    """Returns DIR/PREFIX_K.pb for K = 0, 1, ... in numeric order."""
    files = glob.glob(os.path.join(directory, prefix + "_*.pb"))
    return sorted(files, key=lambda p: int(p.rsplit("_", 1)[1][:-3]))


def run_modelc(modelc_run, model, input_dir, output_dir, extra_args=(),
               timeout=600):
    """Runs modelc-run; returns (returncode, combined output)."""
    os.makedirs(output_dir, exist_ok=True)
    cmd = [modelc_run, model, "--input-dir", input_dir, "--output-dir",
           output_dir, *extra_args]
    # Own process group, so that a timeout also ends modelc-run's children
    # (which would otherwise keep the pipe open and hang communicate()).
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        return 124, "timed out after %d s: %s" % (timeout, " ".join(cmd))
    except BaseException:
        _kill_group(proc)
        proc.wait()
        raise
    return proc.returncode, out.decode("utf-8", "replace")


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def compare_arrays(expected, actual, rtol, atol):
    """Returns None when ACTUAL matches EXPECTED, else a message.

    Floating-point tensors use numpy's allclose rule (NaNs must match);
    integers, booleans and strings must be equal.
    """
    if expected.shape != actual.shape:
        return "shape %s, expected %s" % (actual.shape, expected.shape)
    if expected.dtype != actual.dtype:
        return "type %s, expected %s" % (actual.dtype, expected.dtype)
    if np.issubdtype(expected.dtype, np.floating):
        e = expected.astype(np.float64)
        a = actual.astype(np.float64)
        if np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=True):
            return None
        with np.errstate(invalid="ignore"):
            err = np.abs(a - e)
            bad = ~np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
        idx = np.unravel_index(np.argmax(np.where(bad, err, -1)), e.shape)
        return ("%d of %d values differ; worst at %s: got %r, expected %r"
                % (int(bad.sum()), e.size, tuple(int(i) for i in idx),
                   a[idx], e[idx]))
    if np.array_equal(expected, actual):
        return None
    bad = expected != actual
    if expected.dtype == object:  # Strings: show the first difference.
        idx = np.unravel_index(np.argmax(bad), expected.shape)
        return ("%d of %d strings differ; first at %s: got %r, expected %r"
                % (int(np.sum(bad)), expected.size,
                   tuple(int(i) for i in idx), actual[idx], expected[idx]))
    return "%d of %d values differ" % (int(np.sum(bad)), expected.size)


def compare_dirs(expected_dir, actual_dir, rtol=1e-3, atol=1e-7,
                 prefix="output", elem_types=None):
    """Compares every EXPECTED_DIR/output_K.pb with ACTUAL_DIR's.

    ELEM_TYPES, when given, lists the element types that the model declares
    for its outputs (see load_tensor).  Returns None on a match, else a
    message naming the first mismatch.
    """
    expected = numbered_files(expected_dir, prefix)
    if not expected:
        return "no reference outputs in %s" % expected_dir
    for path in expected:
        name = os.path.basename(path)
        got = os.path.join(actual_dir, name)
        if not os.path.exists(got):
            return "%s: missing" % name
        k = int(name.rsplit("_", 1)[1][:-3])
        elem_type = (elem_types[k] if elem_types and k < len(elem_types)
                     else None)
        msg = compare_arrays(load_tensor(path, elem_type),
                             load_tensor(got, elem_type), rtol, atol)
        if msg:
            return "%s: %s" % (name, msg)
    return None


def expect_errors(modelc, model, output, cases):
    """Runs MODELC on MODEL (writing OUTPUT) with each (extra arguments,
    expected message) of CASES; returns a problem for each run that
    succeeded or whose output lacks its message."""
    problems = []
    for extra, want in cases:
        proc = subprocess.run([modelc, model, "-o", output] + list(extra),
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=600)
        out = proc.stdout.decode("utf-8", "replace")
        if proc.returncode == 0 or want not in out:
            problems.append("%s: expected an error with '%s', got (%d) %s" %
                            (" ".join(extra), want, proc.returncode,
                             out.strip()))
    return problems


class Checks:
    """Named checks of a test driver: each prints `ok: WHAT` or
    `FAIL: WHAT`; the failures are counted for the exit status."""

    def __init__(self):
        self.failures = []

    def __call__(self, ok, what):
        print(("ok: " if ok else "FAIL: ") + what, flush=True)
        if not ok:
            self.failures.append(what)
        return ok

    def exit_status(self, name):
        """Prints the summary line; 0 when every check passed, else 1."""
        if self.failures:
            print(f"{name}: {len(self.failures)} check(s) failed")
            return 1
        print(f"{name}: all checks passed")
        return 0


class CommandFailed(RuntimeError):
    pass


def run_command(cmd, cwd=None, timeout=1800):
    """Runs CMD and returns its output (stdout and stderr together); raises
    CommandFailed with the end of the output when it fails."""
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=timeout)
    out = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise CommandFailed(f"{' '.join(str(c) for c in cmd[:6])} ... failed "
                            f"({proc.returncode}):\n{out[-4000:]}")
    return out
