//===- ImporterFuzzer.cpp - libFuzzer target of the importer ---*- C++ -*-===//
//
// Part of modelc. Bytes -> ONNX model file -> modelc dialect: the input is
// written to a model file in a folder of its own (external data resolves
// there, so a model can only reach files the fuzzer wrote) and imported as
// `modelc` imports it; a module that imports must verify. Diagnostics are
// the expected outcome for most inputs and are dropped; a crash, a
// sanitizer report, a leak or a hang is a finding. See scripts/fuzz.
//
//===----------------------------------------------------------------------===//

#include "FuzzInput.h"

#include "modelc/Importer/ONNXImporter.h"
#include "modelc/Pipelines/Registration.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string &path =
      modelc_fuzz::writeInput("modelc-fuzz-importer", "model.onnx", data, size);
  mlir::DialectRegistry registry;
  mlir::modelc::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Errors are the answer to most inputs: they are not findings.
  mlir::ScopedDiagnosticHandler quiet(
      &context, [](mlir::Diagnostic &) { return mlir::success(); });
  mlir::modelc::ImportOptions options;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::modelc::importONNXModel(path, &context, options);
  // What imports must be a valid module.
  if (module && mlir::failed(mlir::verify(*module))) {
    llvm::errs() << "ImporterFuzzer: the imported module does not verify\n";
    std::abort();
  }
  return 0;
}
