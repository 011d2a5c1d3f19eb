//===- Int8Product.h - the int8 product of quantized ops --------*- C++ -*-===//
//
// Part of modelc. The int8 product that the quantized lowering writes
// (Quantized.cpp in ModelcToLinalg: a linalg.generic of i8 A and B into
// i32 in groups of four bytes), as the CPU code generation recognizes it.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_CODEGEN_CPU_INT8PRODUCT_H
#define MODELC_CODEGEN_CPU_INT8PRODUCT_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>

namespace mlir::modelc::cpu {

/// How an int8 product reads its activations A.
enum class Dot4Activations {
  /// zext(a): A's bytes are u8 (the lowering's form; vpdpbusd's).
  Unsigned,
  /// sext(a ^ 0x80): A's u8 bytes flipped to s8 (a - 128), the
  /// accumulator's initial value holding 128 x each column's weight sum
  /// (modelc-cpu-signed-int8-products; sdot's form).
  Flipped,
};

/// The columns loop of an int8 product whose innermost loop J (the four
/// bytes) B reads as its innermost dimension 4 x n + j; none otherwise.
std::optional<unsigned> dot4Columns(AffineMap wMap, unsigned j);

/// How OP, where it is an int8 product, reads its activations; none where
/// it is not one. An int8 product (Quantized.cpp in ModelcToLinalg) has
/// i8 A and B, an i32 accumulator, the innermost loop j a reduction of 4
/// that A reads as its innermost dimension and B as the innermost of
/// 4 x n + j (n a parallel loop: the columns), nothing else reading j, and
/// the body acc + ext(a) * sext(b), ext(a) being zext(a) or
/// sext(a ^ 0x80).
std::optional<Dot4Activations> matchDot4Product(linalg::LinalgOp op);

/// Whether OP is an int8 product (matchDot4Product).
inline bool isDot4Product(linalg::LinalgOp op) {
  return matchDot4Product(op).has_value();
}

} // namespace mlir::modelc::cpu

#endif // MODELC_CODEGEN_CPU_INT8PRODUCT_H
