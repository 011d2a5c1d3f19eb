//===- ModelcOps.h - modelc operations --------------------------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECT_MODELC_MODELCOPS_H
#define MODELC_DIALECT_MODELC_MODELCOPS_H

#include "modelc/Dialect/Modelc/ModelcDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "Modelc/ModelcEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "Modelc/ModelcAttrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "Modelc/ModelcTypes.h.inc"

namespace mlir::modelc {

/// Marks ops whose CPU lowering handles dynamic dimensions
/// (Modelc_DynamicShapes in ModelcOps.td).
template <typename ConcreteType>
class DynamicShapes : public OpTrait::TraitBase<ConcreteType, DynamicShapes> {
};

/// Marks ops whose CPU lowering handles tensors of !modelc.string
/// (Modelc_StringElements in ModelcOps.td).
template <typename ConcreteType>
class StringElements : public OpTrait::TraitBase<ConcreteType, StringElements> {
};

/// Marks ops whose result at a position depends only on the operands at the
/// same (broadcast) position, so that they commute with a permutation of
/// the dimensions (Modelc_LayoutAgnostic in ModelcOps.td).
template <typename ConcreteType>
class LayoutAgnostic : public OpTrait::TraitBase<ConcreteType, LayoutAgnostic> {
};

/// Whether TYPE is a tensor of !modelc.string.
bool isStringTensor(Type type);

/// Infers the result type of a broadcasting binary op: the numpy broadcast
/// of the operand shapes, with the lhs element type or i1 for comparisons.
LogicalResult inferBroadcastResultType(MLIRContext *context,
                                       std::optional<Location> loc,
                                       ValueRange operands, bool boolResult,
                                       SmallVectorImpl<Type> &inferred);

/// SHAPE as text for messages: DxDx... with ? for dynamic dimensions.
std::string formatShape(ArrayRef<int64_t> shape);

/// Whether two lists of tensor types agree up to dynamic dimensions.
bool areCompatibleTensorTypes(TypeRange lhs, TypeRange rhs);

/// The numpy broadcast of two shapes (dynamic dimensions as
/// ShapedType::kDynamic); failure when they are incompatible.
FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> lhs,
                                                ArrayRef<int64_t> rhs);

/// One activation function of a recurrent op (RNN, GRU, LSTM): its ONNX
/// name (Relu, Tanh, Sigmoid, Affine, LeakyRelu, ThresholdedRelu,
/// ScaledTanh, HardSigmoid, Elu, Softsign, Softplus) and parameters.
struct RecurrentActivation {
  StringRef name;
  float alpha = 0.0f;
  float beta = 0.0f;
};

/// ONNX's default alpha and beta of the recurrent activation NAME (those of
/// the ONNX operator of that name); failure if NAME is not one.
FailureOr<std::pair<float, float>>
getRecurrentActivationDefaults(StringRef name);

/// Activation INDEX of a recurrent op: NAMES[INDEX] with ALPHA[INDEX] and
/// BETA[INDEX] where given (else its defaults), or DEFAULTS[POSITION] when
/// the op has no NAMES.
RecurrentActivation getRecurrentActivation(ArrayAttr names,
                                           std::optional<ArrayRef<float>> alpha,
                                           std::optional<ArrayRef<float>> beta,
                                           ArrayRef<StringRef> defaults,
                                           int64_t index, int64_t position);

} // namespace mlir::modelc

#define GET_OP_CLASSES
#include "Modelc/ModelcOps.h.inc"

#endif // MODELC_DIALECT_MODELC_MODELCOPS_H
