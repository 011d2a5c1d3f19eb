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
  std::string name;       ///< The ONNX name.
  std::string cName;      ///< A C identifier derived from it.
  int32_t dtype = 0;      ///< ONNX TensorProto.DataType (= modelc_dtype).
  std::vector<int64_t> shape;

  int64_t numElements() const;
};

/// The C interface of a compiled model.
struct ModelInterface {
  std::string name; ///< C identifier prefix: NAME_run, NAME_WORKSPACE_SIZE.
  std::vector<TensorInfo> inputs;
  std::vector<TensorInfo> outputs;
  int64_t workspaceSize = 0;

  std::string runSymbol() const { return name + "_run"; }
  std::string packedSymbol() const { return name + "_run_packed"; }
  std::string implSymbol() const { return name + "_impl"; }
};

/// Reads inputs and outputs from the imported entry function (modelc
/// dialect, before lowering). Fails on a dynamic shape or an element type
/// the C interface cannot express.
FailureOr<ModelInterface> getModelInterface(func::FuncOp func,
                                            llvm::StringRef name);

/// Makes a valid C identifier of NAME.
std::string sanitizeIdentifier(llvm::StringRef name);

/// The C header of a compiled model.
std::string generateHeader(const ModelInterface &model);

} // namespace mlir::modelc

#endif // MODELC_TARGET_MODELINTERFACE_H
