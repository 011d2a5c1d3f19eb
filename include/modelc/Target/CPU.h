//===- CPU.h - LLVM IR and object code for CPUs -----------------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_TARGET_CPU_H
#define MODELC_TARGET_CPU_H

#include "modelc/Target/ModelInterface.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>

namespace mlir::modelc {

/// Where the code runs, as llc understands it.
struct CPUTargetOptions {
  std::string triple; ///< Empty: the host's.
  std::string cpu = "native"; ///< "native": the host's CPU.
  std::string features;       ///< Extra +feature,-feature list.
  unsigned optLevel = 3;
};

/// A target machine for OPTIONS (position-independent code).
FailureOr<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const CPUTargetOptions &options, std::string &error);

/// Translates a module in the LLVM dialect to LLVM IR, adds the C entry
/// points of MODEL (NAME_run, NAME_run_packed, NAME_workspace_size) and
/// optimizes it for the target.
std::unique_ptr<llvm::Module> translateModel(ModuleOp module,
                                             llvm::LLVMContext &context,
                                             const ModelInterface &model,
                                             llvm::TargetMachine &machine);

/// Writes object code (or assembly) of MODULE.
LogicalResult emitMachineCode(llvm::Module &module,
                              llvm::TargetMachine &machine,
                              llvm::raw_pwrite_stream &os, bool assembly);

} // namespace mlir::modelc

#endif // MODELC_TARGET_CPU_H
