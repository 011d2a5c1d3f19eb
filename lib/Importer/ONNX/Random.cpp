//===- Random.cpp - importers of ONNX random ops, Dropout -------*- C++ -*-===//
//
// Part of modelc. RandomUniform, RandomNormal (and their *Like forms),
// Bernoulli, Multinomial and Dropout. The random ops take the generator's
// key from the node (see nodeSeed): with a `seed` attribute their values
// are those of that seed, without one they are fixed per compiled model.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/xxhash.h"

#include <cmath>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

/// The generator's key for a node: its `seed` attribute (a float's bits,
/// zero-extended; an integer as is, for Dropout) or, when it has none, a
/// hash of its first output name, which is unique in the model.
int64_t nodeSeed(const NodeContext &ctx) {
  if (const onnx::AttributeProto *a = ctx.attr("seed")) {
    if (a->type() == onnx::AttributeProto::INT)
      return a->i();
    return static_cast<int64_t>(llvm::bit_cast<uint32_t>(a->f()));
  }
  return static_cast<int64_t>(llvm::xxh3_64bits(ctx.node.output(0)));
}

/// The float element type of the `dtype` attribute, or DEFAULTTYPE when
/// the node has none; null after reporting a non-float dtype.
FloatType floatDType(NodeContext &ctx, Type defaultType) {
  Type element = defaultType;
  if (ctx.attr("dtype")) {
    int64_t dtype = ctx.getInt("dtype", 0);
    element = onnxElementType(ctx.builder.getContext(), dtype);
    if (!isa_and_nonnull<FloatType>(element)) {
      (void)ctx.error("dtype " + Twine(dtype) +
                      " is not a floating-point type (float16, bfloat16, "
                      "float or double)");
      return {};
    }
  }
  if (!isa_and_nonnull<FloatType>(element)) {
    (void)ctx.error("the output must be floating-point: the input is not, "
                    "so give a float dtype");
    return {};
  }
  return cast<FloatType>(element);
}

/// The result type of RandomUniform and RandomNormal: the `shape`
/// attribute and `dtype` (float by default).
FailureOr<RankedTensorType> randomResultType(NodeContext &ctx) {
  std::optional<SmallVector<int64_t>> shape = ctx.getInts("shape");
  if (!shape)
    return ctx.error("the shape attribute is required");
  if (llvm::any_of(*shape, [](int64_t d) { return d < 0; }))
    return ctx.error("the shape attribute must not hold negative sizes");
  FloatType element = floatDType(ctx, ctx.builder.getF32Type());
  if (!element)
    return failure();
  return RankedTensorType::get(*shape, element);
}

/// The result type of RandomUniformLike and RandomNormalLike: the input's
/// shape and `dtype` (the input's element type by default).
FailureOr<RankedTensorType> randomLikeResultType(NodeContext &ctx) {
  if (failed(ctx.requireInputs(1)))
    return failure();
  RankedTensorType input = ctx.operandType(0);
  FloatType element = floatDType(ctx, input.getElementType());
  if (!element)
    return failure();
  return RankedTensorType::get(input.getShape(), element);
}

template <bool isLike>
LogicalResult importRandomUniform(NodeContext &ctx,
                                  SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type =
      isLike ? randomLikeResultType(ctx) : randomResultType(ctx);
  if (failed(type))
    return failure();
  float low = ctx.getFloat("low", 0.0f), high = ctx.getFloat("high", 1.0f);
  if (!std::isfinite(low) || !std::isfinite(high) || low > high) {
    std::string bounds;
    llvm::raw_string_ostream(bounds)
        << "low (" << llvm::format("%g", low) << ") and high ("
        << llvm::format("%g", high) << ")";
    return ctx.error(bounds + " must be finite, low not above high");
  }
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<RandomUniformOp>(
      ctx.loc, *type, isLike ? ctx.operand(0) : Value(), b.getF32FloatAttr(low),
      b.getF32FloatAttr(high), b.getI64IntegerAttr(nodeSeed(ctx))));
  return success();
}

template <bool isLike>
LogicalResult importRandomNormal(NodeContext &ctx,
                                 SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type =
      isLike ? randomLikeResultType(ctx) : randomResultType(ctx);
  if (failed(type))
    return failure();
  float mean = ctx.getFloat("mean", 0.0f), scale = ctx.getFloat("scale", 1.0f);
  if (!std::isfinite(mean) || !std::isfinite(scale))
    return ctx.error("mean and scale must be finite");
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<RandomNormalOp>(
      ctx.loc, *type, isLike ? ctx.operand(0) : Value(),
      b.getF32FloatAttr(mean), b.getF32FloatAttr(scale),
      b.getI64IntegerAttr(nodeSeed(ctx))));
  return success();
}

/// Bernoulli-15: the output has the input's shape and `dtype` (by default
/// the input's type), which may be any numeric type or bool.
LogicalResult importBernoulli(NodeContext &ctx,
                              SmallVectorImpl<Value> &results) {
  if (failed(ctx.requireInputs(1)))
    return failure();
  RankedTensorType input = ctx.operandType(0);
  if (!isa<FloatType>(input.getElementType()))
    return ctx.error("the input (probabilities) must be floating-point");
  Type element = input.getElementType();
  if (ctx.attr("dtype")) {
    int64_t dtype = ctx.getInt("dtype", 0);
    element = onnxElementType(ctx.builder.getContext(), dtype);
    if (!element)
      return ctx.error("unsupported dtype " + Twine(dtype));
  }
  auto type = RankedTensorType::get(input.getShape(), element);
  results.push_back(ctx.builder.create<BernoulliOp>(
      ctx.loc, type, ctx.operand(0),
      ctx.builder.getI64IntegerAttr(nodeSeed(ctx))));
  return success();
}

/// Multinomial-7: batch x classes log-probabilities to batch x
/// sample_size class indices (int32 by default, or int64).
LogicalResult importMultinomial(NodeContext &ctx,
                                SmallVectorImpl<Value> &results) {
  if (failed(ctx.requireInputs(1)))
    return failure();
  RankedTensorType input = ctx.operandType(0);
  if (!isa<FloatType>(input.getElementType()))
    return ctx.error("the input must be floating-point");
  if (input.getRank() != 2)
    return ctx.error("the input must be 2-D (batch x classes), not of rank " +
                     Twine(input.getRank()));
  int64_t sampleSize = ctx.getInt("sample_size", 1);
  if (sampleSize < 1)
    return ctx.error("sample_size must be positive, not " + Twine(sampleSize));
  int64_t dtype = ctx.getInt("dtype", onnx::TensorProto::INT32);
  if (dtype != onnx::TensorProto::INT32 && dtype != onnx::TensorProto::INT64)
    return ctx.error("dtype must be int32 (6) or int64 (7), not " +
                     Twine(dtype));
  auto type =
      RankedTensorType::get({input.getDimSize(0), sampleSize},
                            onnxElementType(ctx.builder.getContext(), dtype));
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<MultinomialOp>(
      ctx.loc, type, ctx.operand(0), b.getI64IntegerAttr(sampleSize),
      b.getI64IntegerAttr(nodeSeed(ctx))));
  return success();
}

/// Dropout. Before opset 12 it has no training_mode input and is the
/// identity at inference; so it is from opset 12 on when training_mode is
/// missing or a constant false, or when the ratio is a constant 0 (with a
/// mask of all true). Else a modelc.dropout, whose ratio (0.5 by default)
/// and training_mode may be run-time values.
LogicalResult importDropout(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  if (failed(ctx.requireInputs(1)))
    return failure();
  Value ratio = ctx.operand(1), training = ctx.operand(2);
  DenseFPElementsAttr ratioValues;
  bool zeroRatio = ratio && matchPattern(ratio, m_Constant(&ratioValues)) &&
                   llvm::all_of(ratioValues.getValues<APFloat>(),
                                [](const APFloat &r) { return r.isZero(); });
  bool inference = !training;
  if (training) {
    std::optional<SmallVector<int64_t>> mode = ctx.constantInts(2);
    inference = mode && llvm::all_of(*mode, [](int64_t v) { return v == 0; });
  }
  RankedTensorType input = ctx.operandType(0);
  if (!isa<FloatType>(input.getElementType()))
    return ctx.error("the input must be floating-point");
  OpBuilder &b = ctx.builder;
  auto maskType = RankedTensorType::get(input.getShape(), b.getI1Type());
  if (inference || zeroRatio) {
    results.push_back(ctx.operand(0));
    if (!ctx.hasOutput(1))
      return success();
    // The mask keeps every element: a constant, or true at every element of
    // the input's run-time shape.
    if (maskType.hasStaticShape()) {
      results.push_back(b.create<ConstantOp>(
          ctx.loc, DenseElementsAttr::get(maskType, true)));
      return success();
    }
    Value shape = ctx.create<ShapeOp>(
        RankedTensorType::get({maskType.getRank()}, b.getI64Type()),
        ctx.operand(0), b.getI64IntegerAttr(0), IntegerAttr());
    results.push_back(ctx.create<ConstantOfShapeOp>(
        maskType, shape,
        DenseElementsAttr::get(RankedTensorType::get({1}, b.getI1Type()),
                               true)));
    return success();
  }
  auto isScalar = [](RankedTensorType type) {
    return type.getRank() == 0 ||
           (type.getRank() == 1 && type.getDimSize(0) == 1);
  };
  if (!ratio)
    ratio = ctx.scalarConstant(b.getF32Type(), 0.5);
  auto ratioType = cast<RankedTensorType>(ratio.getType());
  if (!isa<FloatType>(ratioType.getElementType()) || !isScalar(ratioType))
    return ctx.error("ratio must be a floating-point scalar");
  auto trainingType = cast<RankedTensorType>(training.getType());
  if (!trainingType.getElementType().isInteger(1) || !isScalar(trainingType))
    return ctx.error("training_mode must be a bool scalar");
  auto dropout =
      b.create<DropoutOp>(ctx.loc, TypeRange{input, maskType}, ctx.operand(0),
                          ratio, training, b.getI64IntegerAttr(nodeSeed(ctx)));
  results.push_back(dropout.getOutput());
  if (ctx.hasOutput(1))
    results.push_back(dropout.getMask());
  return success();
}

} // namespace

void onnx_import::registerRandomImporters(llvm::StringMap<ImportFn> &t) {
  t["RandomUniform"] = importRandomUniform</*isLike=*/false>;
  t["RandomUniformLike"] = importRandomUniform</*isLike=*/true>;
  t["RandomNormal"] = importRandomNormal</*isLike=*/false>;
  t["RandomNormalLike"] = importRandomNormal</*isLike=*/true>;
  t["Bernoulli"] = importBernoulli;
  t["Multinomial"] = importMultinomial;
  t["Dropout"] = importDropout;
}
