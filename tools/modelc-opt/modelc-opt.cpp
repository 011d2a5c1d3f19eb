//===- modelc-opt.cpp - modelc's optimizer driver ---------------*- C++ -*-===//
//
// Part of modelc. MlirOptMain with every dialect and pass of the project (and
// the upstream ones the pipelines use) registered, for lit tests.
//
//===----------------------------------------------------------------------===//

#include "modelc/Pipelines/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::modelc::registerAllDialects(registry);
  mlir::modelc::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "modelc optimizer driver\n", registry));
}
