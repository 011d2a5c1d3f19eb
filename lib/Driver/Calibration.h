//===- Calibration.h - running models for --quantize ------------*- C++ -*-===//
//
// Part of modelc. What Quantize.cpp's calibration and accuracy guard share:
// running a model (with extra tensors made outputs) through modelc-run on
// folders of inputs, turning the values seen into ranges (minmax,
// percentile, entropy), the calibration table's file, and measuring
// quantization noise. Private to lib/Driver.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_LIB_DRIVER_CALIBRATION_H
#define MODELC_LIB_DRIVER_CALIBRATION_H

#include "modelc/Driver/Quantize.h"
#include "modelc/Importer/ONNXTensor.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/ArrayRef.h"

#include <cmath>
#include <limits>
#include <memory>

namespace mlir::modelc::calibration {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Prints "error: MESSAGE" and fails.
LogicalResult error(const llvm::Twine &message);

/// The folders of input_K.pb files of DIRS: each DIR itself, or its
/// test_data_set_* folders in order (OPTION names them in errors).
FailureOr<std::vector<std::string>>
inputFolders(llvm::ArrayRef<std::string> dirs, llvm::StringRef option);

/// Reads the whole model at PATH, its external data made inline.
LogicalResult readModel(llvm::StringRef path, onnx::ModelProto &model);
LogicalResult writeModel(const onnx::ModelProto &model, llvm::StringRef path);

/// The outputs of a model run by modelc-run on a list of input folders,
/// with extra tensors made outputs; they stay in a temporary folder until
/// the run is destroyed.
class ModelRun {
public:
  /// Runs MODEL with EXTRA tensors as outputs on FOLDERS (modelc-run and
  /// its options from OPTIONS); WHAT names the run in errors.
  static FailureOr<std::unique_ptr<ModelRun>>
  run(const onnx::ModelProto &model, llvm::ArrayRef<std::string> extra,
      llvm::ArrayRef<std::string> folders, const QuantizeOptions &options,
      llvm::StringRef what);
  ~ModelRun();

  size_t samples() const { return outDirs.size(); }
  /// Tensor NAME (a graph output or one of the extra tensors) on input
  /// SAMPLE.
  llvm::Expected<HostTensor> tensor(size_t sample, llvm::StringRef name) const;
  /// The float values of tensor NAME on input SAMPLE; empty where it is not
  /// float.
  FailureOr<std::vector<float>> floats(size_t sample,
                                       llvm::StringRef name) const;

private:
  std::string dir;
  std::vector<std::string> outDirs;
  std::map<std::string, int64_t> position;
};

/// The ranges of TENSORS from their values in RUN, by METHOD.
FailureOr<CalibrationTable> calibrate(const ModelRun &run,
                                      const std::vector<std::string> &tensors,
                                      const CalibrationMethod &method);

/// The calibration table's file (JSON, format modelc-calibration-1).
LogicalResult writeTable(const CalibrationTable &table,
                         const CalibrationMethod &method, llvm::StringRef path);
/// Reads the table at PATH; METHOD becomes the method it was made with.
FailureOr<CalibrationTable> readTable(llvm::StringRef path,
                                      std::string &method);

/// Signal and noise power of a comparison, summed over values.
struct Noise {
  double signal = 0, noise = 0;
  void add(double ref, double got) {
    signal += ref * ref;
    noise += (ref - got) * (ref - got);
  }
  /// 10 log10(signal / noise); +inf when exact.
  double sqnr() const {
    if (noise == 0)
      return kInfinity;
    return 10 * std::log10(signal / noise);
  }
};

/// The SQNR of a tensor with every channel weighed alike: the mean over
/// channels that hold a signal of their noise-to-signal ratio, in dB. A
/// tensor whose range one huge channel sets keeps its SQNR, as the huge
/// channel dominates its power, and loses this one, as the others round to
/// nothing.
inline double channelSqnr(llvm::ArrayRef<Noise> channels) {
  double ratio = 0;
  int64_t counted = 0;
  for (const Noise &c : channels) {
    if (!(c.signal > 0))
      continue;
    ratio += c.noise / c.signal;
    ++counted;
  }
  if (counted == 0 || ratio == 0)
    return kInfinity;
  return -10 * std::log10(ratio / counted);
}

} // namespace mlir::modelc::calibration

#endif // MODELC_LIB_DRIVER_CALIBRATION_H
