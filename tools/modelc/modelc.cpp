//===- modelc.cpp - the modelc compiler driver ------------------*- C++ -*-===//
//
// Part of modelc. Compiles an ONNX model to an object file or a static
// library plus a C header (or prints an intermediate stage).
//
//===----------------------------------------------------------------------===//

#include "modelc/Driver/Compiler.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::modelc::registerCompilerOptions();
  llvm::cl::HideUnrelatedOptions(mlir::modelc::getCompilerOptionCategory());
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "modelc: compiles an ONNX model ahead of time to native code\n\n"
      "  modelc model.onnx -o build/model            # build/model.o + model.h\n"
      "  modelc model.onnx --emit=lib -o out/model   # out/libmodel.a + "
      "model.h\n");
  mlir::FailureOr<mlir::modelc::CompilerOptions> options =
      mlir::modelc::getCompilerOptions(argv[0]);
  if (mlir::failed(options))
    return 1;
  return mlir::modelc::runCompiler(*options);
}
