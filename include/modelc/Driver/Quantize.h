//===- Quantize.h - calibrated int8 quantization of ONNX models -*- C++ -*-===//
//
// Part of modelc. `modelc --quantize=int8` rewrites the float ONNX model
// into a QDQ model (QuantizeLinear / DequantizeLinear around its Conv and
// MatMul nodes, as ONNX Runtime's quantize_static writes them), from
// activation ranges that a calibration measured, and compiles that model:
// the importer and modelc-fold-qdq put it on the int8 kernels. The same
// QDQ model is what `--emit=qdq` writes.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DRIVER_QUANTIZE_H
#define MODELC_DRIVER_QUANTIZE_H

#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mlir::modelc {

struct QuantizeOptions {
  /// --quantize=int8.
  bool int8 = false;
  /// Folders of calibration inputs: input_K.pb files, or parents of
  /// test_data_set_* folders (--calibration-dir, repeatable).
  std::vector<std::string> calibrationDirs;
  /// A calibration table to read (where it exists and no calibration
  /// folder is given) or to write (after a calibration).
  std::string calibrationTable;
  /// Nodes (by name) and operator types kept in float (--quant-exclude).
  std::vector<std::string> exclude;
  /// modelc-run, which runs the calibration model, and the options it is
  /// compiled with (pinned shapes, target).
  std::string modelcRun;
  std::vector<std::string> runArgs;
};

/// The float range [min, max] of each calibrated tensor, by ONNX name.
using CalibrationTable = std::map<std::string, std::pair<double, double>>;

/// Writes the QDQ model of the float ONNX model at INPUT to OUTPUT: its
/// ranges from a calibration on OPTIONS' folders (the table written where
/// OPTIONS names one) or from OPTIONS' table. Prints a summary of what it
/// quantized to stderr. Errors name the problem.
LogicalResult writeQuantizedModel(const QuantizeOptions &options,
                                  llvm::StringRef input,
                                  llvm::StringRef output);

} // namespace mlir::modelc

#endif // MODELC_DRIVER_QUANTIZE_H
