//===- Quantize.h - calibrated int8 quantization of ONNX models -*- C++ -*-===//
//
// Part of modelc. `modelc --quantize=int8` rewrites the float ONNX model
// into a QDQ model (QuantizeLinear / DequantizeLinear around its Conv and
// MatMul nodes, as ONNX Runtime's quantize_static writes them), from
// activation ranges that a calibration measured, and compiles that model:
// the importer and modelc-fold-qdq put it on the int8 kernels. The same
// QDQ model is what `--emit=qdq` writes.
//
// An accuracy guard runs the QDQ model against the float one on the
// calibration (or evaluation) inputs; while the outputs miss the accuracy
// budget it returns the layers whose quantization adds the most noise to
// float, and a report says what became of each layer and why.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DRIVER_QUANTIZE_H
#define MODELC_DRIVER_QUANTIZE_H

#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mlir::modelc {

/// How a calibration turns the values it saw into a tensor's range.
struct CalibrationMethod {
  enum Kind {
    /// The smallest and largest value.
    MinMax,
    /// The range that holds `percentile` % of the values, the rest cut
    /// evenly on both sides.
    Percentile,
    /// The clipping threshold that minimizes the Kullback-Leibler
    /// divergence between the values' histogram and its quantized form
    /// (TensorRT's entropy calibration).
    Entropy,
  };
  Kind kind = MinMax;
  double percentile = 99.99;

  /// "minmax", "percentile:99.99", "entropy".
  std::string str() const;
};

/// Parses --calibration-method: minmax | percentile[:P] | entropy.
FailureOr<CalibrationMethod> parseCalibrationMethod(llvm::StringRef spec);

/// What the accuracy guard holds the quantized model's float outputs to,
/// against the float model's (or the evaluation data's expected outputs).
struct AccuracyBudget {
  /// --accuracy-budget=off: no guard.
  bool off = false;
  /// The least signal-to-quantization-noise ratio (dB) of every output.
  std::optional<double> sqnr;
  /// The least cosine similarity of every output on every input.
  std::optional<double> cosine;
  /// The most top-1 points a classifier-shaped output ([N, C] or [C]) may
  /// lose: against the float model's top-1, or, where the evaluation data
  /// has expected outputs, accuracy against those. Judged where the
  /// evaluation has at least 100 / top1 rows (so that one changed class is
  /// within the budget).
  std::optional<double> top1;

  /// "sqnr:20,top1:1", "off".
  std::string str() const;
};

/// Parses --accuracy-budget: off, or comma-separated sqnr:DB, cosine:C,
/// top1:POINTS.
FailureOr<AccuracyBudget> parseAccuracyBudget(llvm::StringRef spec);

/// The default --accuracy-budget.
inline constexpr const char *kDefaultAccuracyBudget = "sqnr:10,top1:1";

struct QuantizeOptions {
  /// --quantize=int8 or int8-weights.
  bool int8 = false;
  /// --quantize=int8-weights: only the weights of MatMul and Gemm nodes
  /// become int8 (DequantizeLinear of s8 per column, read by the float
  /// kernel); activations stay float and need no calibration.
  bool weightsOnly = false;
  /// Folders of calibration inputs: input_K.pb files, or parents of
  /// test_data_set_* folders (--calibration-dir, repeatable).
  std::vector<std::string> calibrationDirs;
  /// A calibration table to read (where it exists and no calibration
  /// folder is given) or to write (after a calibration).
  std::string calibrationTable;
  /// --calibration-method.
  CalibrationMethod method;
  /// Nodes (by name) and operator types kept in float (--quant-exclude).
  std::vector<std::string> exclude;
  /// Folders the accuracy guard judges on (--eval-dir, repeatable; the
  /// calibration folders when empty). Expected outputs (output_K.pb) in
  /// them are the labels top-1 accuracy is counted against.
  std::vector<std::string> evalDirs;
  AccuracyBudget budget;
  /// Where to write the JSON report (--quant-report), if anywhere.
  std::string reportPath;
  /// The int8 kernel the target gets, for the report ("vpdpbusd zmm
  /// (AVX-512 VNNI)").
  std::string kernel;
  /// Whether the int8 weights take [-64, 64] rather than [-127, 127]
  /// (--quant-reduce-range): no pair of them can then saturate the int16
  /// sums of vpmaddubsw, so that the kernels of x86 CPUs without VNNI take
  /// one pass instead of two.
  bool reduceRange = false;
  /// --quant-reduce-range=on or off; unset (auto), reduceRange follows the
  /// target's kernel.
  std::optional<bool> reduceRangeChoice;
  /// modelc-run, which runs the calibration model, and the options it is
  /// compiled with (pinned shapes, target).
  std::string modelcRun;
  std::vector<std::string> runArgs;
};

/// The float range [min, max] of each calibrated tensor, by ONNX name.
using CalibrationTable = std::map<std::string, std::pair<double, double>>;

/// Writes the QDQ model of the float ONNX model at INPUT to OUTPUT: its
/// ranges from a calibration on OPTIONS' folders (the table written where
/// OPTIONS names one) or from OPTIONS' table, its layers those the accuracy
/// guard kept in int8. Prints the per-layer summary to stderr (and writes
/// the JSON report where OPTIONS names one). Errors name the problem.
LogicalResult writeQuantizedModel(const QuantizeOptions &options,
                                  llvm::StringRef input,
                                  llvm::StringRef output);

} // namespace mlir::modelc

#endif // MODELC_DRIVER_QUANTIZE_H
