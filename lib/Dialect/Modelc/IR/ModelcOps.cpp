//===- ModelcOps.cpp - modelc op verifiers and type inference ---*- C++ -*-===//
//
// Part of modelc. Folders are in ModelcFolds.cpp.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcOps.h"

#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Format.h"

#include <cmath>

using namespace mlir;
using namespace mlir::modelc;

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>>
mlir::modelc::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  SmallVector<int64_t> result;
  if (!OpTrait::util::getBroadcastedShape(lhs, rhs, result))
    return failure();
  return result;
}

LogicalResult mlir::modelc::inferBroadcastResultType(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    bool boolResult, SmallVectorImpl<Type> &inferred) {
  auto lhs = dyn_cast<RankedTensorType>(operands[0].getType());
  auto rhs = dyn_cast<RankedTensorType>(operands[1].getType());
  if (!lhs || !rhs)
    return emitOptionalError(loc, "operands must be ranked tensors");
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(lhs.getShape(), rhs.getShape());
  if (failed(shape))
    return emitOptionalError(loc, "operand shapes ", lhs, " and ", rhs,
                             " do not broadcast");
  Type element =
      boolResult ? IntegerType::get(context, 1) : lhs.getElementType();
  inferred.push_back(RankedTensorType::get(*shape, element));
  return success();
}

bool mlir::modelc::areCompatibleTensorTypes(TypeRange lhs, TypeRange rhs) {
  if (lhs.size() != rhs.size())
    return false;
  for (auto [l, r] : llvm::zip(lhs, rhs)) {
    auto lt = dyn_cast<ShapedType>(l);
    auto rt = dyn_cast<ShapedType>(r);
    if (!lt || !rt || lt.getElementType() != rt.getElementType() ||
        failed(verifyCompatibleShape(lt, rt)))
      return false;
  }
  return true;
}

static RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Checks that every operand broadcasts to the result shape.
static LogicalResult verifyBroadcastsTo(Operation *op, ValueRange operands) {
  auto result = tensorType(op->getResult(0));
  SmallVector<int64_t> shape;
  for (Value v : operands) {
    FailureOr<SmallVector<int64_t>> next =
        broadcastShapes(shape, tensorType(v).getShape());
    if (failed(next))
      return op->emitOpError("operand shapes do not broadcast");
    shape = *next;
  }
  if (failed(verifyCompatibleShape(shape, result.getShape())))
    return op->emitOpError("result shape does not match the broadcast of "
                           "the operand shapes");
  return success();
}

std::string mlir::modelc::formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(
      shape, os,
      [&](int64_t d) {
        if (ShapedType::isDynamic(d))
          os << "?";
        else
          os << d;
      },
      "x");
  return text;
}

/// Checks that the result has SHAPE (up to dynamic dimensions).
static LogicalResult verifyResultShape(Operation *op, Value result,
                                       ArrayRef<int64_t> shape) {
  auto type = tensorType(result);
  if (type.getRank() != static_cast<int64_t>(shape.size()) ||
      failed(verifyCompatibleShape(type.getShape(), shape)))
    return op->emitOpError("result type ")
           << type << " does not have the expected shape "
           << formatShape(shape);
  return success();
}

//===----------------------------------------------------------------------===//
// Run-time checks
//===----------------------------------------------------------------------===//

LogicalResult CheckOp::verify() {
  if (getStatus() <= 0)
    return emitOpError("the status of a failed check must be a positive "
                       "modelc_status, not ")
           << getStatus();
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

LogicalResult ClipOp::verify() {
  Type element = tensorType(getInput()).getElementType();
  for (Value bound : {getMin(), getMax()}) {
    if (!bound)
      continue;
    auto type = tensorType(bound);
    if (type.getRank() > 1 || (type.getRank() == 1 && type.getDimSize(0) != 1))
      return emitOpError("bounds must be scalars");
    if (type.getElementType() != element)
      return emitOpError("bounds must have the input's element type");
  }
  if (tensorType(getOutput()) != tensorType(getInput()))
    return emitOpError("result type must match the input type");
  return success();
}

LogicalResult PowOp::verify() {
  if (tensorType(getOutput()).getElementType() !=
      tensorType(getLhs()).getElementType())
    return emitOpError("result element type must be the base's");
  return verifyBroadcastsTo(*this, getOperands());
}

LogicalResult WhereOp::verify() {
  Type element = tensorType(getX()).getElementType();
  if (tensorType(getY()).getElementType() != element ||
      tensorType(getOutput()).getElementType() != element)
    return emitOpError("x, y and the result must have one element type");
  return verifyBroadcastsTo(*this, getOperands());
}

//===----------------------------------------------------------------------===//
// Neural-network ops
//===----------------------------------------------------------------------===//

/// Checks the spatial attributes of convolution and pooling ops.
static LogicalResult verifyWindowAttrs(Operation *op, int64_t spatialRank,
                                       ArrayRef<int64_t> pads,
                                       ArrayRef<int64_t> strides,
                                       ArrayRef<int64_t> dilations,
                                       StringRef autoPad) {
  if (spatialRank < 1)
    return op->emitOpError("input must have at least one spatial axis");
  if (static_cast<int64_t>(pads.size()) != 2 * spatialRank)
    return op->emitOpError("pads must have ") << 2 * spatialRank << " values";
  if (static_cast<int64_t>(strides.size()) != spatialRank ||
      static_cast<int64_t>(dilations.size()) != spatialRank)
    return op->emitOpError("strides and dilations must have ")
           << spatialRank << " values";
  if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return op->emitOpError("pads must not be negative");
  if (llvm::any_of(strides, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(dilations, [](int64_t d) { return d < 1; }))
    return op->emitOpError("strides and dilations must be positive");
  if (autoPad != "NOTSET" && llvm::any_of(pads, [](int64_t p) { return p; }))
    return op->emitOpError("pads must be zero with auto_pad ") << autoPad;
  return success();
}

/// Checks a fused residual operand: it has the result's element type and a
/// shape compatible with the result's.
static LogicalResult verifyResidual(Operation *op, Value residual,
                                    RankedTensorType result) {
  if (!residual)
    return success();
  auto type = tensorType(residual);
  if (type.getElementType() != result.getElementType() ||
      failed(verifyCompatibleShape(type, result)))
    return op->emitOpError("residual must have the result's type, ")
           << result << ", not " << type;
  return success();
}

LogicalResult ConvOp::verify() {
  auto input = tensorType(getInput());
  auto weight = tensorType(getWeight());
  if (input.getRank() != weight.getRank())
    return emitOpError("input and weight must have the same rank");
  if (getGroup() < 1)
    return emitOpError("group must be positive");
  if (failed(verifyWindowAttrs(*this, input.getRank() - 2, getPads(),
                               getStrides(), getDilations(), getAutoPad())))
    return failure();
  if (getChannelsLast() &&
      (input.getRank() != 4 ||
       (getGroup() != 1 && getGroup() != weight.getDimSize(0)) ||
       (getGroup() != 1 && weight.getDimSize(1) != 1)))
    return emitOpError("channels_last needs two spatial axes and one group "
                       "or one channel per group");
  // The channel dimension: 1, or the last with channels_last.
  int64_t channelDim = getChannelsLast() ? input.getRank() - 1 : 1;
  int64_t channels = input.getDimSize(channelDim);
  int64_t perGroup = weight.getDimSize(1);
  if (!ShapedType::isDynamic(channels) && !ShapedType::isDynamic(perGroup) &&
      channels != perGroup * getGroup())
    return emitOpError("input has ")
           << channels << " channels but weight expects " << perGroup
           << " x " << getGroup() << " groups";
  if (Value bias = getBias()) {
    auto b = tensorType(bias);
    if (b.getRank() != 1 ||
        failed(verifyCompatibleShape({b.getDimSize(0)},
                                     {weight.getDimSize(0)})))
      return emitOpError("bias must have one value per output channel");
  }
  auto output = tensorType(getOutput());
  if (output.getRank() != input.getRank() ||
      failed(verifyCompatibleShape(
          {output.getDimSize(0), output.getDimSize(channelDim)},
          {input.getDimSize(0), weight.getDimSize(0)})))
    return emitOpError("result must have the input's batch and one channel "
                       "per filter");
  return verifyResidual(*this, getResidual(), output);
}

LogicalResult ConvTransposeOp::verify() {
  auto input = tensorType(getInput());
  auto weight = tensorType(getWeight());
  auto output = tensorType(getOutput());
  if (input.getRank() != weight.getRank() ||
      output.getRank() != input.getRank())
    return emitOpError("input, weight and result must have the same rank");
  if (getGroup() < 1)
    return emitOpError("group must be positive");
  int64_t spatialRank = input.getRank() - 2;
  if (spatialRank < 1 ||
      static_cast<int64_t>(getPads().size()) != 2 * spatialRank ||
      static_cast<int64_t>(getStrides().size()) != spatialRank ||
      static_cast<int64_t>(getDilations().size()) != spatialRank)
    return emitOpError("needs spatial axes, and pads, strides and "
                       "dilations for each");
  if (llvm::any_of(getStrides(), [](int64_t s) { return s < 1; }) ||
      llvm::any_of(getDilations(), [](int64_t d) { return d < 1; }))
    return emitOpError("strides and dilations must be positive");
  if (failed(verifyCompatibleShape({input.getDimSize(1)},
                                   {weight.getDimSize(0)})))
    return emitOpError("weight must have one filter per input channel");
  int64_t perGroup = weight.getDimSize(1);
  if (!ShapedType::isDynamic(perGroup) &&
      failed(verifyCompatibleShape({output.getDimSize(1)},
                                   {perGroup * getGroup()})))
    return emitOpError("result must have ")
           << perGroup * getGroup() << " channels";
  return success();
}

template <typename PoolOp>
static LogicalResult verifyPool(PoolOp op) {
  int64_t spatialRank = tensorType(op.getInput()).getRank() - 2;
  if (static_cast<int64_t>(op.getKernelShape().size()) != spatialRank)
    return op.emitOpError("kernel_shape must have ")
           << spatialRank << " values";
  if (op.getChannelsLast() && spatialRank != 2)
    return op.emitOpError("channels_last needs two spatial axes");
  return verifyWindowAttrs(op, spatialRank, op.getPads(), op.getStrides(),
                           op.getDilations(), op.getAutoPad());
}

LogicalResult MaxPoolOp::verify() { return verifyPool(*this); }
LogicalResult AveragePoolOp::verify() { return verifyPool(*this); }

SmallVector<int64_t> MaxUnpoolOp::getUnpooledSpatialShape() {
  auto input = tensorType(getInput());
  int64_t spatialRank = input.getRank() - 2;
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < spatialRank; ++i) {
    int64_t d = input.getDimSize(i + 2);
    shape.push_back(ShapedType::isDynamic(d)
                        ? ShapedType::kDynamic
                        : (d - 1) * getStrides()[i] - getPads()[i] -
                              getPads()[i + spatialRank] + getKernelShape()[i]);
  }
  return shape;
}

LogicalResult MaxUnpoolOp::verify() {
  auto input = tensorType(getInput());
  auto output = tensorType(getOutput());
  int64_t spatialRank = input.getRank() - 2;
  if (spatialRank < 1)
    return emitOpError("input must have at least one spatial axis");
  if (static_cast<int64_t>(getKernelShape().size()) != spatialRank ||
      static_cast<int64_t>(getStrides().size()) != spatialRank ||
      static_cast<int64_t>(getPads().size()) != 2 * spatialRank)
    return emitOpError("kernel_shape and strides must have ")
           << spatialRank << " values and pads " << 2 * spatialRank;
  if (llvm::any_of(getKernelShape(), [](int64_t k) { return k < 1; }) ||
      llvm::any_of(getStrides(), [](int64_t s) { return s < 1; }))
    return emitOpError("kernel_shape and strides must be positive");
  if (llvm::any_of(getPads(), [](int64_t p) { return p < 0; }))
    return emitOpError("pads must not be negative");
  if (failed(verifyCompatibleShape(tensorType(getIndices()).getShape(),
                                   input.getShape())))
    return emitOpError("indices must have the input's shape");
  if (output.getElementType() != input.getElementType())
    return emitOpError("result must have the input's element type");
  if (output.getRank() != input.getRank() ||
      failed(verifyCompatibleShape(output.getShape().take_front(2),
                                   input.getShape().take_front(2))))
    return emitOpError("result must have the input's rank, batch and "
                       "channels");
  SmallVector<int64_t> unpooled = getUnpooledSpatialShape();
  for (int64_t i = 0; i < spatialRank; ++i) {
    int64_t want = unpooled[i], have = output.getDimSize(i + 2);
    if (!ShapedType::isDynamic(want) && want < 1)
      return emitOpError("the unpooled size of spatial axis ")
             << i << " is " << want << "; it must be positive";
    if (!ShapedType::isDynamic(want) && !ShapedType::isDynamic(have) &&
        have < want)
      return emitOpError("result type ")
             << output << " is smaller than the unpooled shape "
             << formatShape(unpooled) << " of its spatial axes";
  }
  return success();
}

LogicalResult GemmOp::verify() {
  auto a = tensorType(getA());
  auto b = tensorType(getB());
  if (a.getRank() != 2 || b.getRank() != 2)
    return emitOpError("A and B must be matrices");
  int64_t ka = a.getDimSize(getTransA() ? 0 : 1);
  int64_t kb = b.getDimSize(getTransB() ? 1 : 0);
  if (failed(verifyCompatibleShape({ka}, {kb})))
    return emitOpError("inner dimensions differ: ") << ka << " vs " << kb;
  return verifyResultShape(*this, getOutput(),
                           {a.getDimSize(getTransA() ? 1 : 0),
                            b.getDimSize(getTransB() ? 0 : 1)});
}

LogicalResult MatMulOp::verify() {
  auto a = tensorType(getA());
  auto b = tensorType(getB());
  if (a.getRank() < 1 || b.getRank() < 1)
    return emitOpError("operands must have rank 1 or more");
  int64_t ka = a.getDimSize(a.getRank() - 1);
  int64_t kb = b.getDimSize(b.getRank() == 1 ? 0 : b.getRank() - 2);
  if (failed(verifyCompatibleShape({ka}, {kb})))
    return emitOpError("inner dimensions differ: ") << ka << " vs " << kb;
  // numpy: batch dimensions broadcast, then [m] and [n] unless 1-D.
  ArrayRef<int64_t> aBatch =
      a.getShape().drop_back(std::min<int64_t>(a.getRank(), 2));
  ArrayRef<int64_t> bBatch =
      b.getShape().drop_back(std::min<int64_t>(b.getRank(), 2));
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(aBatch, bBatch);
  if (failed(shape))
    return emitOpError("batch dimensions do not broadcast");
  if (a.getRank() > 1)
    shape->push_back(a.getDimSize(a.getRank() - 2));
  if (b.getRank() > 1)
    shape->push_back(b.getDimSize(b.getRank() - 1));
  if (failed(verifyResultShape(*this, getOutput(), *shape)))
    return failure();
  auto output = tensorType(getOutput());
  if (Value bias = getBias()) {
    auto type = tensorType(bias);
    // A quantized result's bias is int32 (at the scales a_scale * b_scale).
    Type want = isa<quant::QuantizedType>(output.getElementType())
                    ? IntegerType::get(getContext(), 32)
                    : output.getElementType();
    if (b.getRank() < 2 || type.getRank() != 1 ||
        type.getElementType() != want ||
        failed(verifyCompatibleShape({type.getDimSize(0)},
                                     {b.getDimSize(b.getRank() - 1)})))
      return emitOpError("bias must have one value per column of B (int32 "
                         "for a quantized result)");
  }
  return verifyResidual(*this, getResidual(), output);
}

LogicalResult AttentionOp::verify() {
  auto q = tensorType(getQ()), k = tensorType(getK()), v = tensorType(getV());
  int64_t rank = q.getRank();
  if (rank < 2 || k.getRank() != rank || v.getRank() != rank)
    return emitOpError("q, k and v must have the same rank, 2 or more");
  Type element = q.getElementType();
  if (k.getElementType() != element || v.getElementType() != element)
    return emitOpError("q, k and v must have the same element type");
  for (int64_t i = 0; i + 2 < rank; ++i)
    if (failed(verifyCompatibleShape({q.getDimSize(i)}, {k.getDimSize(i)})) ||
        failed(verifyCompatibleShape({q.getDimSize(i)}, {v.getDimSize(i)})))
      return emitOpError("q, k and v must have the same batch dimensions");
  if (failed(verifyCompatibleShape({q.getDimSize(rank - 1)},
                                   {k.getDimSize(rank - 2)})))
    return emitOpError("the last dimension of q (")
           << q.getDimSize(rank - 1) << ") differs from the rows of k ("
           << k.getDimSize(rank - 2) << ")";
  if (failed(verifyCompatibleShape({k.getDimSize(rank - 1)},
                                   {v.getDimSize(rank - 2)})))
    return emitOpError("the columns of k (")
           << k.getDimSize(rank - 1) << ") differ from the rows of v ("
           << v.getDimSize(rank - 2) << ")";
  SmallVector<int64_t> scores(q.getShape().drop_back());
  scores.push_back(k.getDimSize(rank - 1));
  if (Value mask = getMask()) {
    auto m = tensorType(mask);
    if (m.getElementType() != element)
      return emitOpError("the mask must have the element type of q");
    FailureOr<SmallVector<int64_t>> shape =
        broadcastShapes(scores, m.getShape());
    if (failed(shape) || failed(verifyCompatibleShape(*shape, scores)))
      return emitOpError("the mask ")
             << formatShape(m.getShape())
             << " does not broadcast to the scores " << formatShape(scores);
  }
  SmallVector<int64_t> shape(q.getShape().drop_back());
  shape.push_back(v.getDimSize(rank - 1));
  if (tensorType(getOutput()).getElementType() != element)
    return emitOpError("the result must have the element type of q");
  return verifyResultShape(*this, getOutput(), shape);
}

FailureOr<std::pair<SmallVector<SmallVector<int64_t>>, SmallVector<int64_t>>>
EinsumOp::parseEquation() {
  std::string eq;
  for (char c : getEquation())
    if (!llvm::isSpace(c))
      eq.push_back(c);
  StringRef text(eq);
  auto [lhs, rhs] = text.split("->");
  bool explicitOutput = text.contains("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != getInputs().size())
    return failure();
  constexpr int64_t kLabelBase = 256;
  // The ellipsis rank: the most leading dimensions any operand has.
  int64_t ellipsis = 0;
  for (auto [term, input] : llvm::zip(terms, getInputs())) {
    int64_t rank = tensorType(input).getRank();
    if (term.contains("...")) {
      int64_t letters = term.size() - 3;
      if (rank < letters)
        return failure();
      ellipsis = std::max(ellipsis, rank - letters);
    } else if (static_cast<int64_t>(term.size()) != rank) {
      return failure();
    }
  }
  auto parseTerm = [&](StringRef term, int64_t rank,
                       SmallVector<int64_t> &labels) -> LogicalResult {
    size_t dots = term.find("...");
    for (size_t i = 0; i < term.size(); ++i) {
      if (i == dots) {
        // This operand's leading dims align with the last of the
        // ellipsis dims.
        int64_t own = rank - (static_cast<int64_t>(term.size()) - 3);
        for (int64_t j = ellipsis - own; j < ellipsis; ++j)
          labels.push_back(j);
        i += 2;
        continue;
      }
      if (!llvm::isAlpha(term[i]))
        return failure();
      labels.push_back(kLabelBase + term[i]);
    }
    return success();
  };
  SmallVector<SmallVector<int64_t>> inputs;
  llvm::DenseMap<int64_t, int64_t> counts;
  for (auto [term, input] : llvm::zip(terms, getInputs())) {
    SmallVector<int64_t> labels;
    if (failed(parseTerm(term, tensorType(input).getRank(), labels)))
      return failure();
    for (int64_t l : labels)
      ++counts[l];
    inputs.push_back(labels);
  }
  SmallVector<int64_t> output;
  if (explicitOutput) {
    if (rhs.contains("...") || ellipsis == 0) {
      if (failed(parseTerm(rhs, ellipsis + rhs.size() -
                                    (rhs.contains("...") ? 3 : 0),
                           output)))
        return failure();
    } else {
      return failure(); // Operands have "..." but the output drops it.
    }
  } else {
    for (int64_t j = 0; j < ellipsis; ++j)
      output.push_back(j);
    SmallVector<int64_t> once;
    for (auto [label, count] : counts)
      if (label >= kLabelBase && count == 1)
        once.push_back(label);
    llvm::sort(once);
    llvm::append_range(output, once);
  }
  return std::make_pair(inputs, output);
}

LogicalResult DetOp::verify() {
  auto input = tensorType(getInput());
  auto result = tensorType(getOutput());
  int64_t rank = input.getRank();
  if (rank < 2)
    return emitOpError("the input must have rank 2 or more, not ") << rank;
  int64_t m = input.getDimSize(rank - 1), n = input.getDimSize(rank - 2);
  if (!ShapedType::isDynamic(m) && !ShapedType::isDynamic(n) && m != n)
    return emitOpError("the input's matrices must be square, not ")
           << n << "x" << m;
  if (result.getRank() != rank - 2 ||
      failed(verifyCompatibleShape(result.getShape(),
                                   input.getShape().drop_back(2))))
    return emitOpError("the result must have the input's batch shape");
  if (result.getElementType() != input.getElementType())
    return emitOpError("the result must have the input's element type");
  return success();
}

LogicalResult EinsumOp::verify() {
  FailureOr<std::pair<SmallVector<SmallVector<int64_t>>, SmallVector<int64_t>>>
      parsed = parseEquation();
  if (failed(parsed))
    return emitOpError("malformed equation '")
           << getEquation() << "' for operands of ranks "
           << llvm::map_range(getInputs(), [](Value v) {
                return tensorType(v).getRank();
              });
  if (static_cast<int64_t>(parsed->second.size()) !=
      tensorType(getOutput()).getRank())
    return emitOpError("the equation's output has ")
           << parsed->second.size() << " dimensions but the result has "
           << tensorType(getOutput()).getRank();
  return success();
}

LogicalResult ResizeOp::verify() {
  auto input = tensorType(getInput());
  auto output = tensorType(getOutput());
  if (input.getElementType() != output.getElementType())
    return emitOpError("result must have the input's element type");
  int64_t rank = input.getRank();
  if (output.getRank() != rank)
    return emitOpError("result must have the input's rank");
  StringRef mode = getMode();
  if (!llvm::is_contained({"nearest", "linear", "cubic"}, mode))
    return emitOpError("unknown mode '") << mode << "'";
  StringRef transform = getCoordinateTransformationMode();
  if (!llvm::is_contained({"half_pixel", "pytorch_half_pixel", "align_corners",
                           "asymmetric", "tf_half_pixel_for_nn",
                           "tf_crop_and_resize"},
                          transform))
    return emitOpError("unknown coordinate_transformation_mode '")
           << transform << "'";
  if (!llvm::is_contained(
          {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"},
          getNearestMode()))
    return emitOpError("unknown nearest_mode '") << getNearestMode() << "'";
  if (mode != "nearest" && !isa<FloatType>(input.getElementType()))
    return emitOpError("mode '")
           << mode << "' needs a floating-point element type";
  // Expected element counts of the 1-D operands.
  auto checkVector = [&](Value value, StringRef name,
                         int64_t size) -> LogicalResult {
    auto type = tensorType(value);
    if (type.getRank() != 1 ||
        failed(verifyCompatibleShape({type.getDimSize(0)}, {size})))
      return emitOpError() << name << " must have " << size << " elements";
    return success();
  };
  if (getScales() && failed(checkVector(getScales(), "scales", rank)))
    return failure();
  if (getRoi() && failed(checkVector(getRoi(), "roi", 2 * rank)))
    return failure();
  if (getSizes() && getScales())
    return emitOpError("takes scales or sizes, not both");
  if (getSizes() && failed(checkVector(getSizes(), "sizes", rank)))
    return failure();
  for (int64_t i = 0; i < rank; ++i)
    if (input.getDimSize(i) == 0 && output.getDimSize(i) != 0 &&
        !output.isDynamicDim(i))
      return emitOpError("axis ")
             << i << " of size 0 cannot be resized to "
             << output.getDimSize(i);
  return success();
}

LogicalResult GridSampleOp::verify() {
  auto input = tensorType(getInput());
  auto grid = tensorType(getGrid());
  if (input.getRank() != 4)
    return emitOpError("input must be 4-D (N x C x H x W), not ")
           << input.getRank() << "-D";
  if (grid.getRank() != 4 ||
      failed(verifyCompatibleShape({grid.getDimSize(3)}, {2})))
    return emitOpError("grid must be N x Ho x Wo x 2");
  if (failed(
          verifyCompatibleShape({grid.getDimSize(0)}, {input.getDimSize(0)})))
    return emitOpError("grid must have the input's batch size");
  if (!llvm::is_contained({"bilinear", "nearest", "bicubic"}, getMode()))
    return emitOpError("unknown mode '") << getMode() << "'";
  if (!llvm::is_contained({"zeros", "border", "reflection"}, getPaddingMode()))
    return emitOpError("unknown padding_mode '") << getPaddingMode() << "'";
  if (tensorType(getOutput()).getElementType() != input.getElementType())
    return emitOpError("result must have the input's element type");
  return verifyResultShape(*this, getOutput(),
                           {input.getDimSize(0), input.getDimSize(1),
                            grid.getDimSize(1), grid.getDimSize(2)});
}

LogicalResult RoiAlignOp::verify() {
  auto input = tensorType(getInput());
  auto rois = tensorType(getRois());
  auto indices = tensorType(getBatchIndices());
  auto output = tensorType(getOutput());
  if (input.getRank() != 4)
    return emitOpError("input must be 4-D (N x C x H x W), not ")
           << input.getRank() << "-D";
  if (rois.getRank() != 2 ||
      failed(verifyCompatibleShape({rois.getDimSize(1)}, {4})))
    return emitOpError("rois must be R x 4");
  if (indices.getRank() != 1 ||
      failed(
          verifyCompatibleShape({indices.getDimSize(0)}, {rois.getDimSize(0)})))
    return emitOpError("batch_indices must have one element per region");
  if (!llvm::is_contained({"avg", "max"}, getMode()))
    return emitOpError("unknown mode '") << getMode() << "'";
  if (!llvm::is_contained({"half_pixel", "output_half_pixel"},
                          getCoordinateTransformationMode()))
    return emitOpError("unknown coordinate_transformation_mode '")
           << getCoordinateTransformationMode() << "'";
  if (getSamplingRatio() < 0)
    return emitOpError("sampling_ratio must not be negative");
  if (output.getElementType() != input.getElementType())
    return emitOpError("result must have the input's element type");
  if (output.getRank() != 4 ||
      failed(verifyCompatibleShape(output.getShape().take_front(2),
                                   {rois.getDimSize(0), input.getDimSize(1)})))
    return emitOpError("result must be R x C x output_height x "
                       "output_width");
  if (llvm::any_of(output.getShape().drop_front(2),
                   [](int64_t d) { return d == 0; }))
    return emitOpError("output_height and output_width must be positive");
  return success();
}

//===----------------------------------------------------------------------===//
// Recurrent ops
//===----------------------------------------------------------------------===//

FailureOr<std::pair<float, float>>
mlir::modelc::getRecurrentActivationDefaults(StringRef name) {
  return llvm::StringSwitch<FailureOr<std::pair<float, float>>>(name)
      .Cases("Relu", "Tanh", "Sigmoid", "Softsign", "Softplus",
             std::make_pair(0.0f, 0.0f))
      .Case("Affine", std::make_pair(1.0f, 0.0f))
      .Case("LeakyRelu", std::make_pair(0.01f, 0.0f))
      .Case("ThresholdedRelu", std::make_pair(1.0f, 0.0f))
      .Case("ScaledTanh", std::make_pair(1.0f, 1.0f))
      .Case("HardSigmoid", std::make_pair(0.2f, 0.5f))
      .Case("Elu", std::make_pair(1.0f, 0.0f))
      .Default(failure());
}

RecurrentActivation mlir::modelc::getRecurrentActivation(
    ArrayAttr names, std::optional<ArrayRef<float>> alpha,
    std::optional<ArrayRef<float>> beta, ArrayRef<StringRef> defaults,
    int64_t index, int64_t position) {
  RecurrentActivation activation;
  activation.name =
      names ? cast<StringAttr>(names[index]).getValue() : defaults[position];
  FailureOr<std::pair<float, float>> params =
      getRecurrentActivationDefaults(activation.name);
  if (succeeded(params))
    std::tie(activation.alpha, activation.beta) = *params;
  if (names && alpha)
    activation.alpha = (*alpha)[index];
  if (names && beta)
    activation.beta = (*beta)[index];
  return activation;
}

/// Checks that the optional VALUE (operand or result NAME of OP) has SHAPE,
/// up to dynamic dimensions, and ELEMENT type.
static LogicalResult verifyRecurrentValue(Operation *op, Value value,
                                          StringRef name,
                                          ArrayRef<int64_t> shape,
                                          Type element) {
  if (!value)
    return success();
  auto type = tensorType(value);
  if (type.getElementType() != element)
    return op->emitOpError()
           << name << " must have the element type of X (" << element << ")";
  if (type.getRank() == static_cast<int64_t>(shape.size()) &&
      succeeded(verifyCompatibleShape(type.getShape(), shape)))
    return success();
  return op->emitOpError() << name << " has type " << type
                           << " but must have the shape " << formatShape(shape);
}

/// Checks the shapes and attributes that RNN, GRU and LSTM share.
template <typename Op>
static LogicalResult verifyRecurrent(Op op) {
  int64_t numDirections = op.getNumDirections();
  int64_t hidden = op.getHiddenSize();
  if (hidden <= 0)
    return op.emitOpError("hidden_size must be positive");
  auto x = tensorType(op.getX());
  if (x.getRank() != 3)
    return op.emitOpError(
        "X must have rank 3: [seq_length, batch_size, input_size]");
  int64_t seq = x.getDimSize(0), batch = x.getDimSize(1),
          input = x.getDimSize(2);
  int64_t gateRows = Op::kNumGates * hidden;
  Type element = x.getElementType();
  Operation *o = op.getOperation();
  if (failed(verifyRecurrentValue(o, op.getW(), "W",
                                  {numDirections, gateRows, input}, element)) ||
      failed(verifyRecurrentValue(
          o, op.getR(), "R", {numDirections, gateRows, hidden}, element)) ||
      failed(verifyRecurrentValue(o, op.getB(), "B",
                                  {numDirections, 2 * gateRows}, element)) ||
      failed(verifyRecurrentValue(o, op.getInitialH(), "initial_h",
                                  {numDirections, batch, hidden}, element)) ||
      failed(verifyRecurrentValue(
          o, op.getY(), "Y", {seq, numDirections, batch, hidden}, element)) ||
      failed(verifyRecurrentValue(o, op.getYH(), "Y_h",
                                  {numDirections, batch, hidden}, element)))
    return failure();
  if (Value lens = op.getSequenceLens())
    if (failed(verifyRecurrentValue(o, lens, "sequence_lens", {batch},
                                    tensorType(lens).getElementType())))
      return failure();

  int64_t count = numDirections * Op::kNumActivations;
  ArrayAttr names = op.getActivationsAttr();
  if (names) {
    if (static_cast<int64_t>(names.size()) != count)
      return op.emitOpError("needs ")
             << count << " activations (" << Op::kNumActivations
             << " per direction), not " << names.size();
    for (Attribute name : names)
      if (failed(getRecurrentActivationDefaults(
              cast<StringAttr>(name).getValue())))
        return op.emitOpError("unknown activation '")
               << cast<StringAttr>(name).getValue() << "'";
  }
  for (auto [list, attrName] :
       {std::make_pair(op.getActivationAlpha(), "activation_alpha"),
        std::make_pair(op.getActivationBeta(), "activation_beta")}) {
    if (!list)
      continue;
    if (!names)
      return op.emitOpError(attrName) << " needs activations";
    if (static_cast<int64_t>(list->size()) != count)
      return op.emitOpError(attrName)
             << " must have one value per activation (" << count << ")";
  }
  if (std::optional<APFloat> clip = op.getClip())
    if (clip->isNegative())
      return op.emitOpError("clip must not be negative");
  return success();
}

LogicalResult RNNOp::verify() { return verifyRecurrent(*this); }
LogicalResult GRUOp::verify() { return verifyRecurrent(*this); }

LogicalResult LSTMOp::verify() {
  if (failed(verifyRecurrent(*this)))
    return failure();
  int64_t numDirections = getNumDirections();
  int64_t hidden = getHiddenSize();
  auto x = tensorType(getX());
  int64_t batch = x.getDimSize(1);
  Type element = x.getElementType();
  Operation *o = getOperation();
  if (failed(verifyRecurrentValue(o, getInitialC(), "initial_c",
                                  {numDirections, batch, hidden}, element)) ||
      failed(verifyRecurrentValue(o, getP(), "P", {numDirections, 3 * hidden},
                                  element)) ||
      failed(verifyRecurrentValue(o, getYC(), "Y_c",
                                  {numDirections, batch, hidden}, element)))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

template <typename ReduceOp>
static LogicalResult verifyReduce(ReduceOp op) {
  auto input = tensorType(op.getInput());
  int64_t rank = input.getRank();
  if (Value dynamicAxes = op.getDynamicAxes()) {
    auto axesType = tensorType(dynamicAxes);
    if (!op.getAxes().empty())
      return op.emitOpError("has both the axes attribute and run-time axes");
    if (axesType.getRank() != 1 || axesType.getDimSize(0) == 0)
      return op.emitOpError("run-time axes must be a non-empty 1-D tensor");
    auto result = tensorType(op.getOutput());
    if (result.getRank() !=
            (op.getKeepdims() ? rank : rank - axesType.getDimSize(0)) &&
        !axesType.isDynamicDim(0))
      return op.emitOpError("result rank ")
             << result.getRank() << " does not fit " << axesType.getDimSize(0)
             << " run-time axes of an input of rank " << rank;
    return success();
  }
  SmallVector<bool> reduced(rank, op.getAxes().empty() &&
                                      !op.getNoopWithEmptyAxes());
  for (int64_t axis : op.getAxes()) {
    if (axis < -rank || axis >= std::max<int64_t>(rank, 1))
      return op.emitOpError("axis ") << axis << " is out of range for rank "
                                     << rank;
    if (rank > 0)
      reduced[axis < 0 ? axis + rank : axis] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced[i])
      shape.push_back(input.getDimSize(i));
    else if (op.getKeepdims())
      shape.push_back(1);
  }
  return verifyResultShape(op, op.getOutput(), shape);
}

#define MODELC_REDUCE_VERIFIER(Op)                                             \
  LogicalResult Op::verify() { return verifyReduce(*this); }
MODELC_REDUCE_VERIFIER(ReduceMaxOp)
MODELC_REDUCE_VERIFIER(ReduceMeanOp)
MODELC_REDUCE_VERIFIER(ReduceMinOp)
MODELC_REDUCE_VERIFIER(ReduceProdOp)
MODELC_REDUCE_VERIFIER(ReduceSumOp)
MODELC_REDUCE_VERIFIER(ReduceSumSquareOp)
MODELC_REDUCE_VERIFIER(ReduceL1Op)
MODELC_REDUCE_VERIFIER(ReduceL2Op)
MODELC_REDUCE_VERIFIER(ReduceLogSumOp)
MODELC_REDUCE_VERIFIER(ReduceLogSumExpOp)
#undef MODELC_REDUCE_VERIFIER

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto input = tensorType(getData());
  auto output = tensorType(getOutput());
  if (input.getElementType() != output.getElementType())
    return emitOpError("must keep the element type");
  if (input.hasStaticShape() && output.hasStaticShape() &&
      input.getNumElements() != output.getNumElements())
    return emitOpError("cannot reshape ")
           << input.getNumElements() << " elements into "
           << output.getNumElements();
  return success();
}

LogicalResult TransposeOp::verify() {
  auto input = tensorType(getInput());
  auto output = tensorType(getOutput());
  ArrayRef<int64_t> perm = getPerm();
  if (static_cast<int64_t>(perm.size()) != input.getRank())
    return emitOpError("perm must have one entry per axis");
  SmallVector<bool> seen(perm.size(), false);
  for (auto [i, p] : llvm::enumerate(perm)) {
    if (p < 0 || p >= input.getRank() || seen[p])
      return emitOpError("perm is not a permutation");
    seen[p] = true;
    if (failed(verifyCompatibleShape({input.getDimSize(p)},
                                     {output.getDimSize(i)})))
      return emitOpError("result dimension ") << i << " does not match";
  }
  return success();
}

LogicalResult ConcatOp::verify() {
  auto output = tensorType(getOutput());
  int64_t rank = output.getRank();
  int64_t axis = getAxis() < 0 ? getAxis() + rank : getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError("axis is out of range");
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  SmallVector<int64_t> shape(output.getShape());
  int64_t total = 0;
  for (Value v : getInputs()) {
    auto t = tensorType(v);
    if (t.getRank() != rank || t.getElementType() != output.getElementType())
      return emitOpError("inputs must match the result's rank and type");
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis &&
          failed(verifyCompatibleShape({t.getDimSize(i)}, {shape[i]})))
        return emitOpError("inputs differ in dimension ") << i;
    total = t.isDynamicDim(axis) || ShapedType::isDynamic(total)
                ? ShapedType::kDynamic
                : total + t.getDimSize(axis);
  }
  shape[axis] = total;
  return verifyResultShape(*this, getOutput(), shape);
}

LogicalResult SplitOp::verify() {
  auto input = tensorType(getInput());
  int64_t rank = input.getRank();
  int64_t axis = getAxis() < 0 ? getAxis() + rank : getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError("axis is out of range");
  if (getSizes().size() != getNumResults())
    return emitOpError("needs one size per result");
  int64_t total = 0;
  for (int64_t s : getSizes())
    total += s;
  if (!input.isDynamicDim(axis) && total != input.getDimSize(axis))
    return emitOpError("sizes add up to ")
           << total << " but the axis has " << input.getDimSize(axis);
  for (auto [result, size] : llvm::zip(getOutputs(), getSizes())) {
    SmallVector<int64_t> shape(input.getShape());
    shape[axis] = size;
    if (failed(verifyResultShape(*this, result, shape)))
      return failure();
  }
  return success();
}

LogicalResult GatherOp::verify() {
  auto data = tensorType(getData());
  auto indices = tensorType(getIndices());
  int64_t rank = data.getRank();
  int64_t axis = getAxis() < 0 ? getAxis() + rank : getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError("axis is out of range");
  SmallVector<int64_t> shape(data.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(axis + 1));
  return verifyResultShape(*this, getOutput(), shape);
}

/// Checks that REDUCTION is one of ONNX's scatter reductions.
static LogicalResult verifyScatterReduction(Operation *op,
                                            StringRef reduction) {
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, reduction))
    return op->emitOpError("unknown reduction '") << reduction << "'";
  return success();
}

/// Normalizes AXIS (possibly negative) for RANK; fails if out of range.
static FailureOr<int64_t> normalizeAxis(Operation *op, int64_t axis,
                                        int64_t rank) {
  if (axis < -rank || axis >= rank)
    return op->emitOpError("axis ")
           << axis << " is out of range for rank " << rank;
  return axis < 0 ? axis + rank : axis;
}

LogicalResult GatherElementsOp::verify() {
  auto data = tensorType(getData());
  auto indices = tensorType(getIndices());
  if (indices.getRank() != data.getRank())
    return emitOpError("indices must have the rank of data");
  if (failed(normalizeAxis(*this, getAxis(), data.getRank())))
    return failure();
  if (tensorType(getOutput()).getElementType() != data.getElementType())
    return emitOpError("result must have the element type of data");
  return verifyResultShape(*this, getOutput(), indices.getShape());
}

LogicalResult GatherNDOp::verify() {
  auto data = tensorType(getData());
  auto indices = tensorType(getIndices());
  int64_t batch = getBatchDims();
  if (batch < 0 || batch >= std::min(data.getRank(), indices.getRank()))
    return emitOpError("batch_dims must be less than the ranks of data and "
                       "indices");
  int64_t q = indices.getDimSize(indices.getRank() - 1);
  if (ShapedType::isDynamic(q))
    return emitOpError("the last dimension of indices must be static");
  if (q < 1 || batch + q > data.getRank())
    return emitOpError("index tuples of length ")
           << q << " do not fit data of rank " << data.getRank() << " after "
           << batch << " batch dimensions";
  if (failed(verifyCompatibleShape(data.getShape().take_front(batch),
                                   indices.getShape().take_front(batch))))
    return emitOpError("data and indices differ in the batch dimensions");
  if (tensorType(getOutput()).getElementType() != data.getElementType())
    return emitOpError("result must have the element type of data");
  SmallVector<int64_t> shape(indices.getShape().drop_back());
  llvm::append_range(shape, data.getShape().drop_front(batch + q));
  return verifyResultShape(*this, getOutput(), shape);
}

LogicalResult ScatterElementsOp::verify() {
  auto data = tensorType(getData());
  auto indices = tensorType(getIndices());
  auto updates = tensorType(getUpdates());
  if (indices.getRank() != data.getRank())
    return emitOpError("indices must have the rank of data");
  if (failed(verifyCompatibleShape(indices.getShape(), updates.getShape())))
    return emitOpError("updates must have the shape of indices");
  if (updates.getElementType() != data.getElementType())
    return emitOpError("updates must have the element type of data");
  if (failed(normalizeAxis(*this, getAxis(), data.getRank())))
    return failure();
  return verifyScatterReduction(*this, getReduction());
}

LogicalResult ScatterNDOp::verify() {
  auto data = tensorType(getData());
  auto indices = tensorType(getIndices());
  auto updates = tensorType(getUpdates());
  if (indices.getRank() < 1)
    return emitOpError("indices must have rank 1 or more");
  int64_t q = indices.getDimSize(indices.getRank() - 1);
  if (ShapedType::isDynamic(q))
    return emitOpError("the last dimension of indices must be static");
  if (q < 1 || q > data.getRank())
    return emitOpError("index tuples of length ")
           << q << " do not fit data of rank " << data.getRank();
  if (updates.getElementType() != data.getElementType())
    return emitOpError("updates must have the element type of data");
  SmallVector<int64_t> shape(indices.getShape().drop_back());
  llvm::append_range(shape, data.getShape().drop_front(q));
  if (updates.getRank() != static_cast<int64_t>(shape.size()) ||
      failed(verifyCompatibleShape(updates.getShape(), shape)))
    return emitOpError("updates must have shape indices.shape[:-1] + "
                       "data.shape[q:]");
  return verifyScatterReduction(*this, getReduction());
}

/// Checks that VALUE, if present, is a scalar or a one-element 1-D tensor.
static LogicalResult verifyScalarOperand(Operation *op, Value value,
                                         StringRef name) {
  if (!value)
    return success();
  auto type = tensorType(value);
  if (type.getRank() > 1 || (type.getRank() == 1 && type.getDimSize(0) != 1))
    return op->emitOpError(name) << " must be a scalar";
  return success();
}

LogicalResult TriluOp::verify() {
  if (tensorType(getInput()).getRank() < 2)
    return emitOpError("input must have rank 2 or more");
  return verifyScalarOperand(*this, getK(), "k");
}

LogicalResult CumSumOp::verify() {
  if (tensorType(getInput()).getRank() < 1)
    return emitOpError("input must have rank 1 or more");
  return verifyScalarOperand(*this, getAxis(), "axis");
}

LogicalResult OneHotOp::verify() {
  auto indices = tensorType(getIndices());
  auto values = tensorType(getValues());
  auto output = tensorType(getOutput());
  if (failed(verifyScalarOperand(*this, getDepth(), "depth")))
    return failure();
  if (values.getRank() != 1 ||
      failed(verifyCompatibleShape({values.getDimSize(0)}, {2})))
    return emitOpError("values must hold two elements (off, on)");
  if (values.getElementType() != output.getElementType())
    return emitOpError("result must have the element type of values");
  FailureOr<int64_t> axis =
      normalizeAxis(*this, getAxis(), indices.getRank() + 1);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(indices.getShape());
  shape.insert(shape.begin() + *axis, output.getRank() > *axis
                                          ? output.getDimSize(*axis)
                                          : ShapedType::kDynamic);
  return verifyResultShape(*this, getOutput(), shape);
}

LogicalResult EyeLikeOp::verify() {
  auto input = tensorType(getInput());
  if (input.getRank() != 2)
    return emitOpError("input must be 2-D");
  return verifyResultShape(*this, getOutput(), input.getShape());
}

/// Checks an N x C x H x W operand and a positive block size.
static LogicalResult verifyBlockOp(Operation *op, RankedTensorType input,
                                   int64_t blocksize) {
  if (input.getRank() != 4)
    return op->emitOpError("input must be 4-D (N x C x H x W)");
  if (blocksize < 1)
    return op->emitOpError("blocksize must be positive");
  return success();
}

/// D / B, dynamic if D is, and whether B divides D.
static std::pair<int64_t, bool> divideDim(int64_t d, int64_t b) {
  if (ShapedType::isDynamic(d))
    return {d, true};
  return {d / b, d % b == 0};
}

static int64_t multiplyDim(int64_t d, int64_t b) {
  return ShapedType::isDynamic(d) ? d : d * b;
}

LogicalResult DepthToSpaceOp::verify() {
  auto input = tensorType(getInput());
  int64_t b = getBlocksize();
  if (failed(verifyBlockOp(*this, input, b)))
    return failure();
  if (getMode() != "DCR" && getMode() != "CRD")
    return emitOpError("mode must be DCR or CRD");
  auto [channels, divisible] = divideDim(input.getDimSize(1), b * b);
  if (!divisible)
    return emitOpError("channels must be a multiple of blocksize squared");
  if (tensorType(getOutput()).getElementType() != input.getElementType())
    return emitOpError("must keep the element type");
  return verifyResultShape(*this, getOutput(),
                           {input.getDimSize(0), channels,
                            multiplyDim(input.getDimSize(2), b),
                            multiplyDim(input.getDimSize(3), b)});
}

LogicalResult SpaceToDepthOp::verify() {
  auto input = tensorType(getInput());
  int64_t b = getBlocksize();
  if (failed(verifyBlockOp(*this, input, b)))
    return failure();
  auto [height, hDivisible] = divideDim(input.getDimSize(2), b);
  auto [width, wDivisible] = divideDim(input.getDimSize(3), b);
  if (!hDivisible || !wDivisible)
    return emitOpError("height and width must be multiples of blocksize");
  if (tensorType(getOutput()).getElementType() != input.getElementType())
    return emitOpError("must keep the element type");
  return verifyResultShape(*this, getOutput(),
                           {input.getDimSize(0),
                            multiplyDim(input.getDimSize(1), b * b), height,
                            width});
}

LogicalResult TopKOp::verify() {
  auto input = tensorType(getInput());
  auto k = tensorType(getK());
  if (k.getRank() != 1 || failed(verifyCompatibleShape({k.getDimSize(0)}, {1})))
    return emitOpError("k must be a one-element 1-D tensor");
  FailureOr<int64_t> axis = normalizeAxis(*this, getAxis(), input.getRank());
  if (failed(axis))
    return failure();
  if (tensorType(getValues()).getElementType() != input.getElementType())
    return emitOpError("values must have the element type of the input");
  auto values = tensorType(getValues());
  SmallVector<int64_t> shape(input.getShape());
  shape[*axis] = values.getRank() == input.getRank() ? values.getDimSize(*axis)
                                                     : ShapedType::kDynamic;
  int64_t count = shape[*axis];
  if (!ShapedType::isDynamic(count) && !input.isDynamicDim(*axis) &&
      count > input.getDimSize(*axis))
    return emitOpError("k = ") << count << " is larger than the axis ("
                               << input.getDimSize(*axis) << ")";
  if (failed(verifyResultShape(*this, getValues(), shape)) ||
      failed(verifyResultShape(*this, getIndices(), shape)))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Selection
//===----------------------------------------------------------------------===//

LogicalResult NonZeroOp::verify() {
  auto input = tensorType(getInput());
  return verifyResultShape(*this, getOutput(),
                           {input.getRank(), ShapedType::kDynamic});
}

LogicalResult CompressOp::verify() {
  auto input = tensorType(getInput());
  if (tensorType(getCondition()).getRank() != 1)
    return emitOpError("condition must be a 1-D tensor");
  if (tensorType(getOutput()).getElementType() != input.getElementType())
    return emitOpError("the result must have the element type of the input");
  if (!getAxis())
    return verifyResultShape(*this, getOutput(), {ShapedType::kDynamic});
  FailureOr<int64_t> axis = normalizeAxis(*this, *getAxis(), input.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(input.getShape());
  shape[*axis] = ShapedType::kDynamic;
  return verifyResultShape(*this, getOutput(), shape);
}

LogicalResult NonMaxSuppressionOp::verify() {
  auto boxes = tensorType(getBoxes());
  auto scores = tensorType(getScores());
  if (boxes.getRank() != 3 ||
      failed(verifyCompatibleShape({boxes.getDimSize(2)}, {4})))
    return emitOpError("boxes must be batch x boxes x 4");
  if (scores.getRank() != 3 ||
      failed(verifyCompatibleShape({scores.getDimSize(0), scores.getDimSize(2)},
                                   {boxes.getDimSize(0), boxes.getDimSize(1)})))
    return emitOpError("scores must be batch x classes x boxes, with the "
                       "boxes' batch and box counts");
  for (Value scalar :
       {getMaxOutputBoxesPerClass(), getIouThreshold(), getScoreThreshold()})
    if (scalar && tensorType(scalar).hasStaticShape() &&
        tensorType(scalar).getNumElements() != 1)
      return emitOpError("the limits must be one-element tensors");
  return verifyResultShape(*this, getSelectedIndices(),
                           {ShapedType::kDynamic, 3});
}

LogicalResult UniqueOp::verify() {
  auto input = tensorType(getInput());
  if (tensorType(getOutput()).getElementType() != input.getElementType())
    return emitOpError("the output must have the element type of the input");
  SmallVector<int64_t> shape = {ShapedType::kDynamic};
  int64_t slices =
      input.hasStaticShape() ? input.getNumElements() : ShapedType::kDynamic;
  if (getAxis()) {
    FailureOr<int64_t> axis = normalizeAxis(*this, *getAxis(), input.getRank());
    if (failed(axis))
      return failure();
    shape.assign(input.getShape().begin(), input.getShape().end());
    shape[*axis] = ShapedType::kDynamic;
    slices = input.getDimSize(*axis);
  }
  if (failed(verifyResultShape(*this, getOutput(), shape)) ||
      failed(verifyResultShape(*this, getIndices(), {ShapedType::kDynamic})) ||
      failed(verifyResultShape(*this, getInverseIndices(), {slices})) ||
      failed(verifyResultShape(*this, getCounts(), {ShapedType::kDynamic})))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Text
//===----------------------------------------------------------------------===//

SmallVector<TfIdfVectorizerOp::NGram> TfIdfVectorizerOp::getNGrams() {
  ArrayRef<int64_t> pool = getPool(), counts = getNgramCounts(),
                    indexes = getNgramIndexes();
  SmallVector<NGram> ngrams;
  size_t k = 0;
  for (auto [level, start] : llvm::enumerate(counts)) {
    int64_t n = level + 1;
    int64_t end = level + 1 < counts.size() ? counts[level + 1]
                                            : static_cast<int64_t>(pool.size());
    for (int64_t p = start; p + n <= end; p += n, ++k)
      if (n >= getMinGramLength() && n <= getMaxGramLength())
        ngrams.push_back({pool.slice(p, n), indexes[k]});
  }
  return ngrams;
}

int64_t TfIdfVectorizerOp::getOutputSize() {
  int64_t size = 0;
  for (int64_t index : getNgramIndexes())
    size = std::max(size, index + 1);
  return size;
}

LogicalResult TfIdfVectorizerOp::verify() {
  auto input = tensorType(getInput());
  if (input.getRank() != 1 && input.getRank() != 2)
    return emitOpError("the input must be 1-D or 2-D, not of rank ")
           << input.getRank();
  int64_t minLength = getMinGramLength(), maxLength = getMaxGramLength();
  if (minLength < 1 || maxLength < minLength)
    return emitOpError("the n-gram lengths must satisfy 1 <= "
                       "min_gram_length <= max_gram_length, not ")
           << minLength << " and " << maxLength;
  if (getMaxSkipCount() < 0)
    return emitOpError("max_skip_count must not be negative");
  // The levels of the pool: whole n-grams from ngram_counts[n - 1] on.
  ArrayRef<int64_t> counts = getNgramCounts();
  int64_t poolSize = getPool().size(), ngrams = 0;
  for (auto [level, start] : llvm::enumerate(counts)) {
    int64_t n = level + 1;
    int64_t end = level + 1 < counts.size() ? counts[level + 1] : poolSize;
    if (start < 0 || start > poolSize)
      return emitOpError("ngram_counts[")
             << level << "] = " << start << " is outside the pool of "
             << poolSize << " tokens";
    if (end < start)
      return emitOpError("ngram_counts must not decrease");
    if ((end - start) % n)
      return emitOpError("the ")
             << n << "-grams of the pool (" << end - start
             << " tokens) are not a whole number of " << n << "-grams";
    ngrams += (end - start) / n;
  }
  ArrayRef<int64_t> indexes = getNgramIndexes();
  if (static_cast<int64_t>(indexes.size()) != ngrams)
    return emitOpError("ngram_indexes has ")
           << indexes.size() << " entries, but the pool holds " << ngrams
           << " n-grams";
  if (indexes.empty())
    return emitOpError("the pool must hold at least one n-gram");
  if (llvm::any_of(indexes, [](int64_t i) { return i < 0; }))
    return emitOpError("ngram_indexes must not be negative");
  int64_t outputSize = getOutputSize();
  if (std::optional<ArrayRef<float>> weights = getWeights())
    if (static_cast<int64_t>(weights->size()) < outputSize)
      return emitOpError("weights has ")
             << weights->size() << " entries, fewer than the " << outputSize
             << " output positions";
  SmallVector<int64_t> shape(input.getShape().drop_back());
  shape.push_back(outputSize);
  return verifyResultShape(*this, getOutput(), shape);
}

LogicalResult StringNormalizerOp::verify() {
  auto input = tensorType(getInput());
  auto output = tensorType(getOutput());
  if (input.getRank() != 1 && input.getRank() != 2)
    return emitOpError("the input must be [C] or [1, C], not of rank ")
           << input.getRank();
  if (input.getRank() == 2 && input.getDimSize(0) != 1 &&
      !input.isDynamicDim(0))
    return emitOpError("a 2-D input must be [1, C], not ")
           << formatShape(input.getShape());
  if (output.getRank() != input.getRank())
    return emitOpError("the result must have the input's rank ")
           << input.getRank() << ", not " << output.getRank();
  if (output.getRank() == 2 && output.getDimSize(0) != 1 &&
      !output.isDynamicDim(0))
    return emitOpError("a 2-D result must be [1, K], not ")
           << formatShape(output.getShape());
  int64_t kept = output.getDimSize(output.getRank() - 1);
  int64_t given = input.getDimSize(input.getRank() - 1);
  if (!ShapedType::isDynamic(kept) &&
      (kept < 1 ||
       (!ShapedType::isDynamic(given) && kept > std::max<int64_t>(given, 1))))
    return emitOpError("the result keeps ")
           << kept << " elements of " << given
           << ": it holds between 1 and the input's number";
  return success();
}

//===----------------------------------------------------------------------===//
// Signal processing
//===----------------------------------------------------------------------===//

/// Checks that the last dimension of a signal is 1 (real) or 2 (complex).
static LogicalResult verifyComplexAxis(Operation *op, RankedTensorType type,
                                       StringRef name) {
  int64_t last = type.getRank() == 0 ? 0 : type.getDimSize(type.getRank() - 1);
  if (last != 1 && last != 2)
    return op->emitOpError(name)
           << "'s last dimension must be 1 (real) or 2 (complex), not "
           << formatShape({last});
  return success();
}

int64_t DFTOp::getLength() {
  if (std::optional<int64_t> length = getDftLength())
    return *length;
  return tensorType(getInput()).getDimSize(getAxis());
}

LogicalResult DFTOp::verify() {
  auto input = tensorType(getInput());
  int64_t rank = input.getRank();
  if (rank < 2)
    return emitOpError("input must have rank 2 or more, not ") << rank;
  if (failed(verifyComplexAxis(*this, input, "input")))
    return failure();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= rank - 1)
    return emitOpError("axis ")
           << axis << " must be in [0, " << rank - 2 << "]";
  if (std::optional<int64_t> length = getDftLength(); length && *length < 1)
    return emitOpError("dft_length must be positive, not ") << *length;
  if (tensorType(getOutput()).getElementType() != input.getElementType())
    return emitOpError("result must have the input's element type");
  int64_t length = getLength();
  if (length == 0)
    return emitOpError("the signal axis is empty: the transform needs at "
                       "least one element");
  SmallVector<int64_t> shape(input.getShape());
  shape[axis] =
      ShapedType::isDynamic(length) || !getOnesided() ? length : length / 2 + 1;
  shape.back() = 2;
  return verifyResultShape(*this, getOutput(), shape);
}

LogicalResult STFTOp::verify() {
  auto signal = tensorType(getSignal());
  auto output = tensorType(getOutput());
  if (signal.getRank() != 3)
    return emitOpError("signal must be 3-D (batch x length x 1 or 2), not ")
           << signal.getRank() << "-D";
  if (failed(verifyComplexAxis(*this, signal, "signal")) ||
      failed(verifyScalarOperand(*this, getFrameStep(), "frame_step")) ||
      failed(verifyScalarOperand(*this, getFrameLength(), "frame_length")))
    return failure();
  int64_t bins = ShapedType::kDynamic;
  if (Value window = getWindow()) {
    auto type = tensorType(window);
    if (type.getRank() != 1)
      return emitOpError("window must be 1-D");
    if (type.getElementType() != signal.getElementType())
      return emitOpError("window must have the signal's element type");
    int64_t size = type.getDimSize(0);
    if (!getFrameLength() && !ShapedType::isDynamic(size))
      bins = getOnesided() ? size / 2 + 1 : size;
  }
  if (output.getElementType() != signal.getElementType())
    return emitOpError("result must have the signal's element type");
  return verifyResultShape(
      *this, getOutput(),
      {signal.getDimSize(0),
       output.getRank() == 4 ? output.getDimSize(1) : ShapedType::kDynamic,
       bins, 2});
}

template <typename WindowOp> static LogicalResult verifyWindow(WindowOp op) {
  if (failed(verifyScalarOperand(op, op.getSize(), "size")))
    return failure();
  if (tensorType(op.getOutput()).getRank() != 1)
    return op.emitOpError("result must be 1-D");
  return success();
}

LogicalResult HannWindowOp::verify() { return verifyWindow(*this); }
LogicalResult HammingWindowOp::verify() { return verifyWindow(*this); }
LogicalResult BlackmanWindowOp::verify() { return verifyWindow(*this); }

LogicalResult MelWeightMatrixOp::verify() {
  if (failed(verifyScalarOperand(*this, getNumMelBins(), "num_mel_bins")) ||
      failed(verifyScalarOperand(*this, getDftLength(), "dft_length")) ||
      failed(verifyScalarOperand(*this, getSampleRate(), "sample_rate")) ||
      failed(verifyScalarOperand(*this, getLowerEdgeHertz(),
                                 "lower_edge_hertz")) ||
      failed(
          verifyScalarOperand(*this, getUpperEdgeHertz(), "upper_edge_hertz")))
    return failure();
  if (tensorType(getOutput()).getRank() != 2)
    return emitOpError("result must be 2-D");
  return success();
}

//===----------------------------------------------------------------------===//
// Random generators
//===----------------------------------------------------------------------===//

/// The result of a random_uniform or random_normal: static without `like`,
/// else of its shape.
static LogicalResult verifyRandomShape(Operation *op, Value like) {
  auto result = tensorType(op->getResult(0));
  if (!like) {
    if (!result.hasStaticShape())
      return op->emitOpError("the result must have a static shape (or the "
                             "shape of a `like` operand)");
    return success();
  }
  if (failed(verifyCompatibleShape(result.getShape(),
                                   tensorType(like).getShape())) ||
      result.getRank() != tensorType(like).getRank())
    return op->emitOpError("the result must have the shape of `like`");
  return success();
}

LogicalResult RandomUniformOp::verify() {
  if (failed(verifyRandomShape(*this, getLike())))
    return failure();
  float low = getLow().convertToFloat(), high = getHigh().convertToFloat();
  if (!std::isfinite(low) || !std::isfinite(high))
    return emitOpError("low and high must be finite");
  if (low > high) {
    std::string bounds;
    llvm::raw_string_ostream(bounds)
        << "low (" << llvm::format("%g", low) << ") must not exceed high ("
        << llvm::format("%g", high) << ")";
    return emitOpError(bounds);
  }
  return success();
}

LogicalResult RandomNormalOp::verify() {
  if (failed(verifyRandomShape(*this, getLike())))
    return failure();
  if (!std::isfinite(getMean().convertToFloat()) ||
      !std::isfinite(getScale().convertToFloat()))
    return emitOpError("mean and scale must be finite");
  return success();
}

LogicalResult BernoulliOp::verify() {
  auto input = tensorType(getInput());
  auto result = tensorType(getOutput());
  if (result.getRank() != input.getRank() ||
      failed(verifyCompatibleShape(result.getShape(), input.getShape())))
    return emitOpError("the result must have the input's shape");
  if (!isa<FloatType, IntegerType>(result.getElementType()))
    return emitOpError("the result must have a numeric or bool element type, "
                       "not ")
           << result.getElementType();
  return success();
}

LogicalResult MultinomialOp::verify() {
  auto input = tensorType(getInput());
  auto result = tensorType(getOutput());
  if (input.getRank() != 2)
    return emitOpError("the input must be 2-D (batch x classes), not of rank ")
           << input.getRank();
  if (getSampleSize() < 1)
    return emitOpError("sample_size must be positive, not ") << getSampleSize();
  if (result.getRank() != 2 ||
      failed(verifyCompatibleShape(result.getShape(),
                                   {input.getDimSize(0), getSampleSize()})))
    return emitOpError("the result must be batch x sample_size (")
           << getSampleSize() << ")";
  return success();
}

LogicalResult DropoutOp::verify() {
  if (failed(verifyScalarOperand(*this, getRatio(), "ratio")) ||
      failed(verifyScalarOperand(*this, getTrainingMode(), "training_mode")))
    return failure();
  auto input = tensorType(getInput());
  if (!areCompatibleTensorTypes(getOutput().getType(), input))
    return emitOpError("the output must have the input's type");
  auto mask = tensorType(getMask());
  if (mask.getRank() != input.getRank() ||
      failed(verifyCompatibleShape(mask.getShape(), input.getShape())))
    return emitOpError("the mask must have the input's shape");
  return success();
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

/// Whether TYPE is a tensor of one element (of any rank, static shape).
static bool isOneElement(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getNumElements() == 1;
}

/// The modelc.yield that ends REGION.
static YieldOp yieldOf(Region &region) {
  return cast<YieldOp>(region.front().getTerminator());
}

/// Checks that the region of OP has a modelc.yield terminator.
static LogicalResult verifyYieldTerminator(Operation *op, Region &region,
                                           StringRef name) {
  if (region.empty() || !isa<YieldOp>(region.front().back()))
    return op->emitOpError() << name << " must end with a modelc.yield";
  return success();
}

/// Checks that the VALUE-th value WHAT of TYPE is compatible with EXPECTED.
static LogicalResult verifyCompatible(Operation *op, StringRef what,
                                      unsigned index, Type type,
                                      Type expected) {
  if (!areCompatibleTensorTypes(type, expected))
    return op->emitOpError() << what << " #" << index << " has type " << type
                             << ", not compatible with " << expected;
  return success();
}

/// SHAPE with DIM (of size SIZE) inserted at AXIS.
static SmallVector<int64_t> insertDim(ArrayRef<int64_t> shape, int64_t axis,
                                      int64_t size) {
  SmallVector<int64_t> result(shape);
  result.insert(result.begin() + axis, size);
  return result;
}

/// Checks a scan output: RESULT is ELEMENT stacked along AXIS, the stacking
/// dimension compatible with COUNT.
static LogicalResult verifyScanOutput(Operation *op, unsigned index,
                                      Type result, Type element, int64_t axis,
                                      int64_t count) {
  auto resultType = cast<RankedTensorType>(result);
  auto elementType = cast<RankedTensorType>(element);
  if (resultType.getElementType() != elementType.getElementType())
    return op->emitOpError("scan output #")
           << index << " has element type " << resultType.getElementType()
           << ", but the body yields " << elementType.getElementType();
  if (axis < 0 || axis > elementType.getRank())
    return op->emitOpError("scan output #")
           << index << " has the axis " << axis << ", out of range for "
           << elementType.getRank() + 1 << " dimensions";
  SmallVector<int64_t> shape = insertDim(elementType.getShape(), axis, count);
  if (resultType.getRank() != static_cast<int64_t>(shape.size()) ||
      failed(verifyCompatibleShape(resultType.getShape(), shape)))
    return op->emitOpError("scan output #")
           << index << " has type " << resultType << ", not the yielded "
           << elementType << " stacked as " << formatShape(shape);
  return success();
}

LogicalResult IfOp::verify() {
  if (!isOneElement(getCondition().getType()))
    return emitOpError("condition must have one element");
  for (auto [region, name] : {std::pair(&getThenBranch(), "then_branch"),
                              std::pair(&getElseBranch(), "else_branch")}) {
    if (failed(verifyYieldTerminator(*this, *region, name)))
      return failure();
    YieldOp yield = yieldOf(*region);
    if (yield.getNumOperands() != getNumResults())
      return emitOpError() << name << " yields " << yield.getNumOperands()
                           << " values, but the op has " << getNumResults()
                           << " results";
    for (auto [i, value, result] :
         llvm::enumerate(yield.getOperands(), getResults()))
      if (failed(verifyCompatible(*this, (Twine(name) + " value").str(), i,
                                  value.getType(), result.getType())))
        return failure();
  }
  return success();
}

LogicalResult LoopOp::verify() {
  if (Value m = getMaxTripCount(); m && !isOneElement(m.getType()))
    return emitOpError("max_trip_count must have one element");
  if (Value c = getCondition(); c && !isOneElement(c.getType()))
    return emitOpError("condition must have one element");
  unsigned numCarried = getNumCarried();
  if (getNumResults() < numCarried)
    return emitOpError("has ") << getNumResults() << " results, fewer than its "
                               << numCarried << " loop-carried values";
  Block &body = getBody().front();
  MLIRContext *ctx = getContext();
  SmallVector<Type> argTypes{
      RankedTensorType::get({}, IntegerType::get(ctx, 64)),
      RankedTensorType::get({}, IntegerType::get(ctx, 1))};
  llvm::append_range(argTypes, getInitial().getTypes());
  if (body.getArgumentTypes() != TypeRange(argTypes)) {
    std::string expected;
    llvm::raw_string_ostream os(expected);
    llvm::interleaveComma(argTypes, os);
    return emitOpError("body arguments must be (") << expected << ")";
  }
  if (failed(verifyYieldTerminator(*this, getBody(), "body")))
    return failure();
  YieldOp yield = yieldOf(getBody());
  unsigned numScan = getNumResults() - numCarried;
  if (yield.getNumOperands() != 1 + numCarried + numScan)
    return emitOpError("body yields ")
           << yield.getNumOperands() << " values, expected "
           << 1 + numCarried + numScan
           << " (the condition, the loop-carried values and the scan "
              "output elements)";
  Type condition = yield.getOperand(0).getType();
  if (!isOneElement(condition) ||
      !cast<RankedTensorType>(condition).getElementType().isInteger(1))
    return emitOpError("body must yield a one-element i1 condition first");
  for (unsigned i = 0; i < numCarried; ++i) {
    Type carried = getInitial()[i].getType();
    if (failed(verifyCompatible(*this, "yielded loop-carried value", i,
                                yield.getOperand(1 + i).getType(), carried)) ||
        failed(verifyCompatible(*this, "result", i, getResult(i).getType(),
                                carried)))
      return failure();
  }
  for (unsigned i = 0; i < numScan; ++i)
    if (failed(verifyScanOutput(*this, i, getScanOutputs()[i].getType(),
                                yield.getOperand(1 + numCarried + i).getType(),
                                /*axis=*/0, ShapedType::kDynamic)))
      return failure();
  return success();
}

int64_t ScanOp::getInputAxis(unsigned i) {
  std::optional<ArrayRef<int64_t>> axes = getScanInputAxes();
  return axes ? (*axes)[i] : 0;
}

bool ScanOp::isInputReversed(unsigned i) {
  std::optional<ArrayRef<int64_t>> directions = getScanInputDirections();
  return directions && (*directions)[i] != 0;
}

int64_t ScanOp::getOutputAxis(unsigned i) {
  std::optional<ArrayRef<int64_t>> axes = getScanOutputAxes();
  return axes ? (*axes)[i] : 0;
}

bool ScanOp::isOutputReversed(unsigned i) {
  std::optional<ArrayRef<int64_t>> directions = getScanOutputDirections();
  return directions && (*directions)[i] != 0;
}

LogicalResult ScanOp::verify() {
  unsigned numStates = getNumStates();
  unsigned numInputs = getInputs().size();
  if (numInputs == 0)
    return emitOpError("needs at least one scan input");
  if (getNumResults() < numStates)
    return emitOpError("has ") << getNumResults() << " results, fewer than its "
                               << numStates << " states";
  unsigned numOutputs = getNumResults() - numStates;
  auto checkList = [&](std::optional<ArrayRef<int64_t>> list, StringRef name,
                       unsigned size, bool isDirection) -> LogicalResult {
    if (!list)
      return success();
    if (list->size() != size)
      return emitOpError() << name << " has " << list->size()
                           << " values, expected " << size;
    if (isDirection &&
        llvm::any_of(*list, [](int64_t d) { return d != 0 && d != 1; }))
      return emitOpError() << name << " must hold 0 (forward) or 1 (reverse)";
    return success();
  };
  if (failed(
          checkList(getScanInputAxes(), "scan_input_axes", numInputs, false)) ||
      failed(checkList(getScanInputDirections(), "scan_input_directions",
                       numInputs, true)) ||
      failed(checkList(getScanOutputAxes(), "scan_output_axes", numOutputs,
                       false)) ||
      failed(checkList(getScanOutputDirections(), "scan_output_directions",
                       numOutputs, true)))
    return failure();

  // The slices of the scan inputs, and their common length.
  SmallVector<Type> argTypes(getInitial().getTypes());
  int64_t length = ShapedType::kDynamic;
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    auto type = tensorType(input);
    int64_t axis = getInputAxis(i);
    if (axis < 0 || axis >= type.getRank())
      return emitOpError("scan input #")
             << i << " has the axis " << axis << ", out of range for "
             << type.getRank() << " dimensions";
    int64_t size = type.getDimSize(axis);
    if (!ShapedType::isDynamic(size)) {
      if (!ShapedType::isDynamic(length) && length != size)
        return emitOpError("scan inputs have different lengths (")
               << length << " and " << size << ")";
      length = size;
    }
    SmallVector<int64_t> shape(type.getShape());
    shape.erase(shape.begin() + axis);
    argTypes.push_back(RankedTensorType::get(shape, type.getElementType()));
  }
  Block &body = getBody().front();
  if (body.getNumArguments() != argTypes.size())
    return emitOpError("body has ")
           << body.getNumArguments() << " arguments, expected "
           << argTypes.size();
  // States have the types of the initial values; slices may know more.
  for (auto [i, arg, expected] :
       llvm::enumerate(body.getArgumentTypes(), argTypes))
    if (i < numStates ? arg != expected
                      : !areCompatibleTensorTypes(arg, expected))
      return emitOpError("body argument #")
             << i << " has type " << arg << ", expected " << expected;
  if (failed(verifyYieldTerminator(*this, getBody(), "body")))
    return failure();
  YieldOp yield = yieldOf(getBody());
  if (yield.getNumOperands() != getNumResults())
    return emitOpError("body yields ")
           << yield.getNumOperands() << " values, but the op has "
           << getNumResults() << " results";
  for (unsigned i = 0; i < numStates; ++i) {
    Type state = getInitial()[i].getType();
    if (failed(verifyCompatible(*this, "yielded state", i,
                                yield.getOperand(i).getType(), state)) ||
        failed(verifyCompatible(*this, "result", i, getResult(i).getType(),
                                state)))
      return failure();
  }
  for (unsigned i = 0; i < numOutputs; ++i)
    if (failed(verifyScanOutput(*this, i, getScanOutputs()[i].getType(),
                                yield.getOperand(numStates + i).getType(),
                                getOutputAxis(i), length)))
      return failure();
  return success();
}

#define GET_OP_CLASSES
//===----------------------------------------------------------------------===//
// Quantized types
//===----------------------------------------------------------------------===//

/// Checks that TYPE, an element type, is a uniform quantized type (one
/// scale, or one per index of an axis that a tensor of RANK has).
static LogicalResult verifyQuantizedElement(Operation *op, Type type,
                                            int64_t rank, StringRef what) {
  if (isa<quant::UniformQuantizedType>(type))
    return success();
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type)) {
    if (perAxis.getQuantizedDimension() >= rank)
      return op->emitOpError()
             << what << "'s quantized axis " << perAxis.getQuantizedDimension()
             << " is not an axis of a rank-" << rank << " tensor";
    return success();
  }
  return op->emitOpError() << what << " must have a !quant.uniform element "
                           << "type, not " << type;
}

LogicalResult QuantizeOp::verify() {
  auto input = tensorType(getInput());
  auto output = tensorType(getOutput());
  if (!isa<FloatType>(input.getElementType()))
    return emitOpError("operand must be a float tensor");
  return verifyQuantizedElement(*this, output.getElementType(),
                                output.getRank(), "result");
}

LogicalResult DequantizeOp::verify() {
  auto input = tensorType(getInput());
  auto output = tensorType(getOutput());
  if (!isa<FloatType>(output.getElementType()))
    return emitOpError("result must be a float tensor");
  return verifyQuantizedElement(*this, input.getElementType(), input.getRank(),
                                "operand");
}

LogicalResult StorageCastOp::verify() {
  auto input = tensorType(getInput());
  auto output = tensorType(getOutput());
  bool inputQuantized = isa<quant::QuantizedType>(input.getElementType());
  if (inputQuantized == isa<quant::QuantizedType>(output.getElementType()))
    return emitOpError("casts between a quantized type and integers");
  auto quantized = inputQuantized ? input : output;
  auto integers = inputQuantized ? output : input;
  if (failed(verifyQuantizedElement(*this, quantized.getElementType(),
                                    quantized.getRank(), "the quantized side")))
    return failure();
  auto storage = cast<quant::QuantizedType>(quantized.getElementType());
  auto intType = dyn_cast<IntegerType>(integers.getElementType());
  if (!intType || intType.getWidth() != storage.getStorageTypeIntegralWidth() ||
      (storage.isSigned() ? intType.isUnsigned() : !intType.isUnsigned()))
    return emitOpError("integers of ") << integers.getElementType()
                                       << " are not the storage of " << storage;
  return success();
}

#include "Modelc/ModelcOps.cpp.inc"
