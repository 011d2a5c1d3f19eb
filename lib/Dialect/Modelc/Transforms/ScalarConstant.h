//===- ScalarConstant.h - one-element constants in graph passes -*- C++ -*-===//
//
// Part of modelc. Shared by the graph passes that match a product or
// quotient by a constant (FuseActivations.cpp, FuseAttention.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_LIB_DIALECT_MODELC_TRANSFORMS_SCALARCONSTANT_H
#define MODELC_LIB_DIALECT_MODELC_TRANSFORMS_SCALARCONSTANT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

#include <optional>

namespace mlir::modelc {

/// The value of VALUE where it is a constant float tensor of one element
/// (of any rank); none otherwise.
inline std::optional<double> scalarConstant(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) ||
      !isa<FloatType>(attr.getElementType()) || attr.getNumElements() != 1)
    return std::nullopt;
  return (*attr.getValues<APFloat>().begin()).convertToDouble();
}

} // namespace mlir::modelc

#endif // MODELC_LIB_DIALECT_MODELC_TRANSFORMS_SCALARCONSTANT_H
