//===- ONNXTensor.h - reading and writing ONNX TensorProtos -----*- C++ -*-===//
//
// Part of modelc. Shared by the importer (initializers) and modelc-run
// (input_K.pb / output_K.pb files).
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_IMPORTER_ONNXTENSOR_H
#define MODELC_IMPORTER_ONNXTENSOR_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace mlir::modelc {

/// A tensor's contents in native byte order, densely packed (one byte per
/// bool); the elements of a string tensor are in STRINGS instead.
struct HostTensor {
  std::string name;
  int32_t dtype = 0; ///< ONNX TensorProto.DataType.
  std::vector<int64_t> shape;
  std::vector<char> bytes;
  std::vector<std::string> strings; ///< The elements of a STRING tensor.

  int64_t numElements() const;
};

/// Bytes per element of an ONNX data type; 0 for unsupported ones and
/// STRING (whose elements have no fixed size).
size_t onnxElementSize(int32_t dtype);

/// Name of an ONNX data type ("float", "int64", ...).
llvm::StringRef onnxTypeName(int32_t dtype);

/// Decodes a TensorProto. External data is read from BASEDIR, and only from
/// files inside it.
llvm::Expected<HostTensor> decodeTensor(const onnx::TensorProto &proto,
                                        llvm::StringRef baseDir);

/// Reads and decodes a serialized TensorProto file.
llvm::Expected<HostTensor> readTensorFile(llvm::StringRef path);

/// Writes a tensor as a serialized TensorProto (raw_data, or string_data
/// for strings) file.
llvm::Error writeTensorFile(llvm::StringRef path, const HostTensor &tensor);

/// Reads and decodes a serialized SequenceProto file of tensors.
llvm::Expected<std::vector<HostTensor>>
readTensorSequenceFile(llvm::StringRef path);

/// Writes TENSORS as a serialized SequenceProto of tensors named NAME.
llvm::Error writeTensorSequenceFile(llvm::StringRef path, llvm::StringRef name,
                                    const std::vector<HostTensor> &tensors);

/// The contents of an OptionalProto: empty, a tensor, or a sequence of
/// tensors.
struct HostOptional {
  bool hasValue = false;
  bool isSequence = false;
  std::vector<HostTensor> tensors; ///< One for a tensor.
};

/// Reads and decodes a serialized OptionalProto file of a tensor or a
/// sequence of tensors.
llvm::Expected<HostOptional> readOptionalFile(llvm::StringRef path);

/// Writes VALUE as a serialized OptionalProto named NAME.
llvm::Error writeOptionalFile(llvm::StringRef path, llvm::StringRef name,
                              const HostOptional &value);

} // namespace mlir::modelc

#endif // MODELC_IMPORTER_ONNXTENSOR_H
