//===- ONNXImporter.h - ONNX models into the modelc dialect -----*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_IMPORTER_ONNXIMPORTER_H
#define MODELC_IMPORTER_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <string>
#include <vector>

namespace mlir::modelc {

/// How to import a model.
struct ImportOptions {
  /// Pinned shapes of graph inputs, by input name (--shape NAME=1x3x224x224).
  std::map<std::string, std::vector<int64_t>> inputShapes;
  /// Name of the entry function.
  std::string functionName = "model";
};

/// Reads an ONNX model file (resolving external data inside the model's
/// directory), runs ONNX shape inference and builds a module with one
/// function in the modelc dialect. Every graph input and output becomes a
/// function argument or result with a `modelc.name` attribute. Problems are
/// reported as diagnostics on CONTEXT: a malformed file, a newer opset than
/// the ONNX library knows, dynamic input dimensions, and (in one error)
/// every unsupported operator with its nodes.
OwningOpRef<ModuleOp> importONNXModel(llvm::StringRef path,
                                      MLIRContext *context,
                                      const ImportOptions &options);

/// Parses "1x3x224x224" into dimensions; failure on a malformed string.
FailureOr<std::vector<int64_t>> parseShape(llvm::StringRef text);

} // namespace mlir::modelc

#endif // MODELC_IMPORTER_ONNXIMPORTER_H
