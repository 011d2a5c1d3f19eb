//===- Registration.cpp - registering modelc's dialects and passes -------===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "modelc/Pipelines/Registration.h"
#include "modelc/Codegen/Passes.h"
#include "modelc/Conversion/Passes.h"
#include "modelc/Dialect/Modelc/ModelcDialect.h"
#include "modelc/Dialect/Modelc/Passes.h"
#include "modelc/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"

void mlir::modelc::registerAllDialects(DialectRegistry &registry) {
  registry.insert<ModelcDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
}

void mlir::modelc::registerAllPasses() {
  mlir::registerAllPasses();
  registerModelcPasses();
  registerConversionPasses();
  registerCodegenPasses();
  registerPipelines();
}
