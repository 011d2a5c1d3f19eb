//===- Passes.h - modelc code generation passes -----------------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_CODEGEN_PASSES_H
#define MODELC_CODEGEN_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::modelc {

#define GEN_PASS_DECL
#include "Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Codegen/Passes.h.inc"

/// Attributes that modelc-cpu-tile-and-vectorize puts on each function: how
/// many roots (products, convolutions, pools) it vectorized and how many it
/// left as scalar loops.
constexpr llvm::StringLiteral kVectorizedRootsAttr = "modelc.vectorized_roots";
constexpr llvm::StringLiteral kScalarRootsAttr = "modelc.scalar_roots";

/// Marks the linalg.generic of modelc.attention's lowering that multiplies
/// the probabilities by v: modelc-cpu-tile-and-vectorize computes it and
/// the scores, maxima, exponentials and sums it depends on in one task per
/// few rows (UnitAttr).
constexpr llvm::StringLiteral kAttentionProductAttr = "modelc.attention";

/// Marks the int8 product of the quantized lowering (u8 x s8 into i32 in
/// groups of four bytes): modelc-fuse-elementwise fuses no producer into it
/// (a transpose fused there would make A's bytes no longer contiguous), and
/// modelc-cpu-tile-and-vectorize writes it out with dot-product
/// instructions (UnitAttr).
constexpr llvm::StringLiteral kInt8ProductAttr = "modelc.int8_product";

} // namespace mlir::modelc

#endif // MODELC_CODEGEN_PASSES_H
