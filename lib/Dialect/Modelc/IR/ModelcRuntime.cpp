//===- ModelcRuntime.cpp - calls of the C runtime ---------------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcRuntime.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::modelc;

FailureOr<func::FuncOp>
mlir::modelc::getOrDeclareRuntimeFunction(OpBuilder &b, ModuleOp module,
                                          StringRef name, FunctionType type) {
  if (Operation *existing = module.lookupSymbol(name)) {
    auto func = dyn_cast<func::FuncOp>(existing);
    if (!func || func.getFunctionType() != type)
      return existing->emitError("the symbol '")
             << name << "' is taken: it must be the runtime function of type "
             << type;
    return func;
  }
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto func = b.create<func::FuncOp>(module.getLoc(), name, type);
  func.setPrivate();
  return func;
}

FailureOr<func::CallOp>
mlir::modelc::callRuntime(OpBuilder &b, Location loc, ModuleOp module,
                          StringRef name, TypeRange results, ValueRange args) {
  FailureOr<func::FuncOp> func = getOrDeclareRuntimeFunction(
      b, module, name, b.getFunctionType(TypeRange(args), results));
  if (failed(func))
    return failure();
  return b.create<func::CallOp>(loc, *func, args);
}

Value mlir::modelc::addressToPointer(OpBuilder &b, Location loc,
                                     Value address) {
  return b.create<LLVM::IntToPtrOp>(
      loc, LLVM::LLVMPointerType::get(b.getContext()), address);
}

Value mlir::modelc::pointerToAddress(OpBuilder &b, Location loc,
                                     Value pointer) {
  return b.create<LLVM::PtrToIntOp>(loc, b.getI64Type(), pointer);
}
