//===- Kernels.h - what a kernel of a compiled model is ---------*- C++ -*-===//
//
// Part of modelc. Shared by modelc-instrument-kernels (the profile's timers)
// and modelc-kernel-report (the compile report), so that the report's
// kernels are the profile's, in the same order, with the same names.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_LIB_DIALECT_MODELC_TRANSFORMS_KERNELS_H
#define MODELC_LIB_DIALECT_MODELC_TRANSFORMS_KERNELS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SetVector.h"

#include <string>

namespace mlir::modelc {

/// Whether OP, a top-level op of a model's function over buffers, is a
/// kernel: it does work worth timing (a loop nest, a linalg op, any op with
/// regions, a copy).
inline bool isKernel(Operation *op) {
  return op->getNumRegions() > 0 || isa<linalg::LinalgOp, memref::CopyOp>(op);
}

/// Adds the names in LOC (a NameLoc, or one inside a FusedLoc or
/// CallSiteLoc) to NAMES.
inline void collectLocationNames(Location loc,
                                 llvm::SetVector<StringRef> &names) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    names.insert(name.getName().getValue());
    return;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      collectLocationNames(inner, names);
    return;
  }
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    collectLocationNames(call.getCallee(), names);
}

/// The ONNX nodes KERNEL computes: the names of its ops' locations, in
/// order, fused ops included.
inline llvm::SetVector<StringRef> kernelNodes(Operation *kernel) {
  llvm::SetVector<StringRef> names;
  kernel->walk(
      [&](Operation *op) { collectLocationNames(op->getLoc(), names); });
  return names;
}

/// The name of a kernel as the profile prints it: its first nodes, then
/// "+N more"; the op's name where no node is known.
std::string kernelName(Operation *kernel);

} // namespace mlir::modelc

#endif // MODELC_LIB_DIALECT_MODELC_TRANSFORMS_KERNELS_H
