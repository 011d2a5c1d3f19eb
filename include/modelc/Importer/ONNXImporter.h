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
#include <set>
#include <string>
#include <vector>

namespace mlir::modelc {

/// How to import a model.
struct ImportOptions {
  /// Pinned shapes of graph inputs, by input name (--shape NAME=1x3x224x224),
  /// and of the elements of sequence inputs, by NAME[I] (--shape
  /// 'NAME[0]=2x3').
  std::map<std::string, std::vector<int64_t>> inputShapes;
  /// The lengths of sequence inputs, by input name (--sequence-length
  /// NAME=N). Each element becomes an input tensor of its own, so a
  /// sequence input's length is fixed when the model is compiled.
  std::map<std::string, int64_t> sequenceLengths;
  /// The optional inputs compiled as empty (--absent NAME); the others hold
  /// a value. Like a sequence's length, presence is fixed at compile time.
  std::set<std::string> absentInputs;
  /// Graph inputs made compile-time constants (--freeze NAME=VALUE): by
  /// name, the values (comma-separated numbers, or true/false) or a
  /// TensorProto file (a path ending in .pb). The input leaves the
  /// function's arguments and becomes an initializer, so that what depends
  /// on it folds.
  std::map<std::string, std::string> frozenInputs;
  /// Name of the entry function.
  std::string functionName = "model";
};

/// Reads an ONNX model file (resolving external data inside the model's
/// directory), runs ONNX shape inference and builds a module with one
/// function in the modelc dialect. Every graph input and output becomes a
/// function argument or result with a `modelc.name` attribute; so does each
/// element of a sequence input or output, with a `modelc.sequence_index`
/// too, and the function then lists the graph's inputs and outputs in
/// `modelc.graph_inputs` and `modelc.graph_outputs`. Problems are
/// reported as diagnostics on CONTEXT: a malformed file, a newer opset than
/// the ONNX library knows, dynamic input dimensions, and (in one error)
/// every unsupported operator with its nodes.
OwningOpRef<ModuleOp> importONNXModel(llvm::StringRef path,
                                      MLIRContext *context,
                                      const ImportOptions &options);

/// A graph input of a model that is a sequence or an optional, whose
/// structure (length, presence) is fixed at compile time.
struct StructuredInputInfo {
  std::string name;
  /// Its position among the graph inputs that are not initializers (K in
  /// the input_K.pb files of ONNX's test data).
  size_t position = 0;
  bool isOptional = false;
  /// A sequence, or an optional sequence.
  bool isSequence = false;
  /// Whether the model declares the rank of a sequence's elements.
  bool hasElementShape = false;
};

/// The sequence and optional inputs of the model at PATH (without loading
/// external data), or an error naming what is wrong with the file.
llvm::Expected<std::vector<StructuredInputInfo>>
getStructuredInputs(llvm::StringRef path);

/// Parses "1x3x224x224" into dimensions; failure on a malformed string.
FailureOr<std::vector<int64_t>> parseShape(llvm::StringRef text);

} // namespace mlir::modelc

#endif // MODELC_IMPORTER_ONNXIMPORTER_H
