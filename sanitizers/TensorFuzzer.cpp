//===- TensorFuzzer.cpp - libFuzzer target of tensor readers ---*- C++ -*-===//
//
// Part of modelc. Bytes -> the TensorProto, SequenceProto and
// OptionalProto readers of modelc-run's input files (input_K.pb), each of
// which must return a tensor whose data matches its shape and element type,
// or an error. A crash, a sanitizer report, a leak or a hang is a finding.
// See scripts/fuzz.
//
//===----------------------------------------------------------------------===//

#include "FuzzInput.h"

#include "modelc/Importer/ONNXTensor.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace mlir::modelc;

namespace {

/// A decoded tensor holds exactly the bytes its shape and type need.
void checkTensor(const HostTensor &tensor) {
  int64_t count = 1;
  for (int64_t d : tensor.shape) {
    if (d < 0) {
      llvm::errs() << "TensorFuzzer: a negative dimension was accepted\n";
      std::abort();
    }
    count *= d;
  }
  constexpr int32_t kString = 8; // TensorProto.STRING
  if (tensor.dtype == kString &&
      static_cast<int64_t>(tensor.strings.size()) != count) {
    llvm::errs() << "TensorFuzzer: " << tensor.strings.size() << " strings for "
                 << count << " elements\n";
    std::abort();
  }
  size_t element = onnxElementSize(tensor.dtype);
  if (element != 0 && tensor.bytes.size() != count * element) {
    llvm::errs() << "TensorFuzzer: " << tensor.bytes.size()
                 << " bytes of data for " << count << " elements of " << element
                 << " bytes\n";
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string &path =
      modelc_fuzz::writeInput("modelc-fuzz-tensor", "input_0.pb", data, size);
  if (llvm::Expected<HostTensor> tensor = readTensorFile(path))
    checkTensor(*tensor);
  else
    llvm::consumeError(tensor.takeError());
  if (llvm::Expected<std::vector<HostTensor>> tensors =
          readTensorSequenceFile(path)) {
    for (const HostTensor &tensor : *tensors)
      checkTensor(tensor);
  } else {
    llvm::consumeError(tensors.takeError());
  }
  if (llvm::Expected<HostOptional> optional = readOptionalFile(path)) {
    for (const HostTensor &tensor : optional->tensors)
      checkTensor(tensor);
  } else {
    llvm::consumeError(optional.takeError());
  }
  return 0;
}
