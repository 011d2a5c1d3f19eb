//===- ModelInterface.h - the C interface of a compiled model ---*- C++ -*-===//
//
// Part of modelc. What the generated header and modelc-run know of a model:
// its inputs and outputs, and the workspace size.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_TARGET_MODELINTERFACE_H
#define MODELC_TARGET_MODELINTERFACE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::modelc {

/// One input or output tensor of a compiled model.
struct TensorInfo {
  /// The ONNX name; "NAME[I]" for element I of the sequence NAME.
  std::string name;
  std::string cName;      ///< A C identifier derived from it.
  int32_t dtype = 0;      ///< ONNX TensorProto.DataType (= modelc_dtype).
  std::vector<int64_t> shape; ///< -1 for a dynamic dimension.
  /// The ONNX names of the dimensions ("" where none); empty if no names.
  std::vector<std::string> dimNames;
  /// The dynamic dimensions of an output whose sizes depend on tensor
  /// values (NonZero's count, say): NAME_prepare gives an upper bound, the
  /// capacity to allocate, and NAME_run_packed writes the actual size back
  /// into the output's shape array.
  std::vector<int64_t> dataDependentDims;
  /// An output whose sizes only the run knows (no bound follows from the
  /// input dimensions): the run writes it into the workspace's dynamic
  /// arena, its address into the `const void *` that the caller's output
  /// pointer points to, and its shape into the output's shape array.
  bool inWorkspace = false;

  bool isDynamic() const;
  /// The element count; -1 if a dimension is dynamic.
  int64_t numElements() const;
};

/// One input or output of the ONNX graph: a tensor, or a sequence whose
/// elements are tensors of their own in the C interface; either may be
/// optional, and an empty optional has no tensors.
struct GraphValue {
  std::string name;        ///< The ONNX name.
  bool isSequence = false; ///< A sequence of COUNT tensors.
  int32_t dtype = 0;       ///< The element type of its tensors.
  size_t first = 0;        ///< Its first tensor in inputs/outputs.
  size_t count = 1;        ///< Its tensors: 1 for a tensor.
  bool isOptional = false; ///< An optional (compiled present or empty).
  bool isEmpty = false;    ///< An optional compiled as empty: no tensors.
  /// A sequence output whose length and tensor shapes only the run knows:
  /// its tensors are the presence flag (where hasPresence), the data (its
  /// tensors' elements one after the other) and the shapes (per tensor: its
  /// rank, then kMaxPackedRank dimensions padded with 1).
  bool isPacked = false;
  /// A packed optional sequence whose first tensor, a bool, says whether
  /// it holds the sequence.
  bool hasPresence = false;
};

/// The C interface of a compiled model.
struct ModelInterface {
  std::string name; ///< C identifier prefix: NAME_run, NAME_WORKSPACE_SIZE.
  std::vector<TensorInfo> inputs;
  std::vector<TensorInfo> outputs;
  /// The graph inputs made constants at compile time (--freeze), as
  /// "NAME = VALUE".
  std::vector<std::string> frozenInputs;
  /// The graph's inputs and outputs, in the model's order: one per tensor
  /// unless sequences are among them.
  std::vector<GraphValue> graphInputs;
  std::vector<GraphValue> graphOutputs;
  /// The workspace size of a model without dynamic buffers.
  int64_t workspaceSize = 0;
  /// The capacity of the string arena in the workspace (bytes of string
  /// data), 0 when the model makes no strings.
  int64_t stringArenaSize = 0;
  /// Whether a run checks that sizes computed from tensor values fit the
  /// buffers planned for their upper bounds (and can return
  /// MODELC_STATUS_CAPACITY_EXCEEDED).
  bool capacityChecks = false;
  /// The capacity of the dynamic arena in the workspace (bytes), 0 when
  /// every buffer size is known before the run.
  int64_t dynamicArenaSize = 0;
  /// Generated functions of a model with dynamic dimensions (empty when
  /// the workspace size, or every output dimension, is static).
  std::string workspaceSizeFn;
  std::string outputDimsFn;

  /// Whether any input has a dynamic dimension (then every output
  /// dimension is computed from the input dimensions at run time).
  bool isDynamic() const;

  std::string runSymbol() const { return name + "_run"; }
  std::string packedSymbol() const { return name + "_run_packed"; }
  std::string prepareSymbol() const { return name + "_prepare"; }
  std::string implSymbol() const { return name + "_impl"; }
};

/// Reads inputs and outputs from the imported entry function (modelc
/// dialect, before lowering). Fails on an element type the C interface
/// cannot express.
FailureOr<ModelInterface> getModelInterface(func::FuncOp func,
                                            llvm::StringRef name);

/// Makes a valid C identifier of NAME.
std::string sanitizeIdentifier(llvm::StringRef name);

/// The C header of a compiled model.
std::string generateHeader(const ModelInterface &model);

} // namespace mlir::modelc

#endif // MODELC_TARGET_MODELINTERFACE_H
