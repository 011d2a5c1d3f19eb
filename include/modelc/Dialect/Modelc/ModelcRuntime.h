//===- ModelcRuntime.h - calls of the C runtime -----------------*- C++ -*-===//
//
// Part of modelc. How generated code calls functions of the C runtime
// (runtime/include/modelc/runtime.h): private func.func declarations, with
// !llvm.ptr for the runtime's pointer parameters.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECT_MODELC_MODELCRUNTIME_H
#define MODELC_DIALECT_MODELC_MODELCRUNTIME_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::modelc {

/// The declaration of the runtime function NAME in MODULE, added (at the
/// start of the module, with B) if it is not there yet. An existing symbol
/// NAME must have TYPE.
FailureOr<func::FuncOp> getOrDeclareRuntimeFunction(OpBuilder &b,
                                                    ModuleOp module,
                                                    StringRef name,
                                                    FunctionType type);

/// Calls the runtime function NAME with ARGS, returning RESULTS (declares
/// it in MODULE as above).
FailureOr<func::CallOp> callRuntime(OpBuilder &b, Location loc, ModuleOp module,
                                    StringRef name, TypeRange results,
                                    ValueRange args);

/// The integer ADDRESS (i64) as an !llvm.ptr, and back.
Value addressToPointer(OpBuilder &b, Location loc, Value address);
Value pointerToAddress(OpBuilder &b, Location loc, Value pointer);

} // namespace mlir::modelc

#endif // MODELC_DIALECT_MODELC_MODELCRUNTIME_H
