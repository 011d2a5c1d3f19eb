//===- BatchNormAffine.h - a normalization as constants ---------*- C++ -*-===//
//
// Part of modelc. Shared by the graph passes that replace a
// BatchNormalization of constant parameters (FoldBatchNorm.cpp,
// ToChannelsLast.cpp): its per-channel affine form, computed in double
// precision, and float constants built from doubles.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_LIB_DIALECT_MODELC_TRANSFORMS_BATCHNORMAFFINE_H
#define MODELC_LIB_DIALECT_MODELC_TRANSFORMS_BATCHNORMAFFINE_H

#include "modelc/Dialect/Modelc/ModelcOps.h"

#include "mlir/IR/Matchers.h"

#include <cmath>
#include <optional>

namespace mlir::modelc {

/// The values of a constant float tensor, as doubles; none where VALUE is
/// not one.
inline std::optional<SmallVector<double>> constantFloatValues(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) ||
      !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  SmallVector<double> values;
  for (APFloat f : attr.getValues<APFloat>()) {
    bool lost;
    f.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    values.push_back(f.convertToDouble());
  }
  return values;
}

/// A modelc.constant of TYPE (a float tensor) holding VALUES, rounded to
/// nearest.
inline Value createFloatConstant(OpBuilder &b, Location loc,
                                 RankedTensorType type,
                                 ArrayRef<double> values) {
  auto element = cast<FloatType>(type.getElementType());
  SmallVector<APFloat> floats;
  for (double v : values) {
    APFloat f(v);
    bool lost;
    f.convert(element.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    floats.push_back(f);
  }
  return b.create<ConstantOp>(loc, type, DenseElementsAttr::get(type, floats));
}

/// A normalization as y = x * scale[c] + shift[c].
struct BatchNormAffine {
  SmallVector<double> scale, shift;
};

/// OP's affine form, scale = gamma / sqrt(var + epsilon) and shift = beta -
/// mean * scale, where its parameters are constants of CHANNELS values.
inline std::optional<BatchNormAffine>
getConstantAffine(BatchNormalizationOp op, int64_t channels) {
  auto gamma = constantFloatValues(op.getScale());
  auto beta = constantFloatValues(op.getBias());
  auto mean = constantFloatValues(op.getMean());
  auto var = constantFloatValues(op.getVariance());
  for (const auto &v : {gamma, beta, mean, var})
    if (!v || static_cast<int64_t>(v->size()) != channels)
      return std::nullopt;
  double epsilon = op.getEpsilon().convertToDouble();
  BatchNormAffine affine;
  for (int64_t c = 0; c < channels; ++c) {
    double s = (*gamma)[c] / std::sqrt((*var)[c] + epsilon);
    affine.scale.push_back(s);
    affine.shift.push_back((*beta)[c] - (*mean)[c] * s);
  }
  return affine;
}

} // namespace mlir::modelc

#endif // MODELC_LIB_DIALECT_MODELC_TRANSFORMS_BATCHNORMAFFINE_H
