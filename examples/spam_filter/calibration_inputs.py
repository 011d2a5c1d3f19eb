#!/usr/bin/python3
"""Writes the calibration inputs of the spam filter's int8 build.

    /usr/bin/python3 examples/spam_filter/calibration_inputs.py CORPUS_DATA_DIR OUT_DIR

OUT_DIR/test_data_set_K/input_0.pb for every 50th training message (99
messages, in file-name order; the test set is never used), each the
model's input row (train.py's message_window). Then

    modelc spam_filter.onnx --shape message=1x3072 --quantize=int8 \\
        --calibration-dir OUT_DIR --calibration-table spam_filter.calib.json ...

writes the committed calibration table, from which CMake builds the int8
spam filter without the corpus (QUANTIZE int8 CALIBRATION_TABLE).
"""

import os
import sys

from onnx import numpy_helper

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import GROUPS, is_test, message_window  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data_dir, out_dir = sys.argv[1:]
    files = []
    for group in sorted(GROUPS):
        folder = os.path.join(data_dir, group)
        files += [os.path.join(folder, n) for n in sorted(os.listdir(folder))
                  if n.endswith(".txt") and not is_test(n)]
    chosen = files[::50]
    for k, path in enumerate(chosen):
        folder = os.path.join(out_dir, f"test_data_set_{k}")
        os.makedirs(folder, exist_ok=True)
        with open(path, "rb") as f:
            row = message_window(f.read())[None]
        tensor = numpy_helper.from_array(row, "message")
        with open(os.path.join(folder, "input_0.pb"), "wb") as f:
            f.write(tensor.SerializeToString())
    print(f"{len(chosen)} calibration inputs in {out_dir}")


if __name__ == "__main__":
    main()
