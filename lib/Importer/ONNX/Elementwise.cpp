//===- Elementwise.cpp - importers of elementwise ONNX ops ------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

template <typename Op>
LogicalResult importUnary(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<Op>(ctx.resultType(), ctx.operand(0)));
  return success();
}

template <typename Op>
LogicalResult importBinary(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(
      ctx.create<Op>(ctx.resultType(), ctx.operand(0), ctx.operand(1)));
  return success();
}

/// Checks a BitwiseAnd/Or/Xor/Not node (opset 18; ONNX 1.12 has no schema
/// for them): COUNT inputs, no attributes, integer operands (not bool) of
/// one element type.
LogicalResult checkBitwise(NodeContext &ctx, int count) {
  if (ctx.node.input_size() != count ||
      llvm::any_of(ctx.node.input(),
                   [](const std::string &name) { return name.empty(); }))
    return ctx.error("takes " + Twine(count) + " input" +
                     (count == 1 ? "" : "s"));
  if (ctx.node.output_size() != 1)
    return ctx.error("has one output");
  if (ctx.node.attribute_size() != 0)
    return ctx.error("has an unknown attribute '" +
                     ctx.node.attribute(0).name() + "'");
  Type element = ctx.operandType(0).getElementType();
  auto integer = dyn_cast<IntegerType>(element);
  if (!integer || integer.getWidth() == 1)
    return ctx.error("takes integer tensors, not " + typeString(element));
  for (int i = 1; i < count; ++i)
    if (ctx.operandType(i).getElementType() != element)
      return ctx.error("takes operands of one element type, not " +
                       typeString(element) + " and " +
                       typeString(ctx.operandType(i).getElementType()));
  return success();
}

/// BitwiseAnd, BitwiseOr, BitwiseXor (opset 18): the integer forms of And,
/// Or and Xor, broadcasting; the result type is the op's own inference.
template <typename Op>
LogicalResult importBitwiseBinary(NodeContext &ctx,
                                  SmallVectorImpl<Value> &results) {
  if (failed(checkBitwise(ctx, 2)))
    return failure();
  results.push_back(
      ctx.builder.createOrFold<Op>(ctx.loc, ctx.operand(0), ctx.operand(1)));
  return success();
}

/// BitwiseNot (opset 18): every bit flipped.
LogicalResult importBitwiseNot(NodeContext &ctx,
                               SmallVectorImpl<Value> &results) {
  if (failed(checkBitwise(ctx, 1)))
    return failure();
  results.push_back(ctx.builder.createOrFold<NotOp>(
      ctx.loc, ctx.operand(0).getType(), ctx.operand(0)));
  return success();
}

/// Broadcast type of two operands with the element type of the first.
Type broadcastType(NodeContext &ctx, Value lhs, Value rhs) {
  auto l = cast<RankedTensorType>(lhs.getType());
  auto r = cast<RankedTensorType>(rhs.getType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(l.getShape(), r.getShape());
  return RankedTensorType::get(*shape, l.getElementType());
}

/// Sum, Max, Min and Mean take any number of inputs: a chain of binary ops.
template <typename Op, bool isMean = false>
LogicalResult importVariadic(NodeContext &ctx,
                             SmallVectorImpl<Value> &results) {
  Value acc = ctx.operand(0);
  for (unsigned i = 1; i < ctx.operands.size(); ++i) {
    Value next = ctx.operand(i);
    if (failed(broadcastShapes(
            cast<RankedTensorType>(acc.getType()).getShape(),
            cast<RankedTensorType>(next.getType()).getShape())))
      return ctx.error("inputs do not broadcast");
    acc = ctx.create<Op>(broadcastType(ctx, acc, next), acc, next);
  }
  if (acc.getType() != ctx.resultType()) {
    // A single input broadcast to nothing, or shape inference knew more.
    acc = ctx.create<ExpandOp>(ctx.resultType(), acc,
                               ctx.i64Constant(ctx.resultType().getShape()));
  }
  if (isMean) {
    auto type = ctx.resultType();
    auto countType = RankedTensorType::get({}, type.getElementType());
    Attribute count;
    if (isa<FloatType>(type.getElementType()))
      count = FloatAttr::get(type.getElementType(),
                             static_cast<double>(ctx.operands.size()));
    else
      count = IntegerAttr::get(type.getElementType(), ctx.operands.size());
    Value n = ctx.builder.create<ConstantOp>(
        ctx.loc, DenseElementsAttr::get(countType, count));
    acc = ctx.create<DivOp>(type, acc, n);
  }
  results.push_back(acc);
  return success();
}

LogicalResult importIdentity(NodeContext &ctx,
                             SmallVectorImpl<Value> &results) {
  results.push_back(ctx.operand(0));
  return success();
}

/// A cast of INPUT to TYPE, or an error for a cast between strings and a
/// type the runtime cannot convert them to or from.
LogicalResult buildCast(NodeContext &ctx, RankedTensorType type, Value input,
                        SmallVectorImpl<Value> &results) {
  Type from = cast<RankedTensorType>(input.getType()).getElementType();
  Type to = type.getElementType();
  bool fromString = isa<StringType>(from), toString = isa<StringType>(to);
  if (fromString != toString) {
    Type number = fromString ? to : from;
    if (!number.isF32() && !number.isF64() && !isa<IntegerType>(number)) {
      std::string name;
      llvm::raw_string_ostream os(name);
      if (number.isF16())
        os << "float16";
      else if (number.isBF16())
        os << "bfloat16";
      else
        os << number;
      return ctx.error("casts between strings and " + name +
                       " are not supported (only float, double, the "
                       "integers and bool)");
    }
  }
  results.push_back(ctx.create<CastOp>(type, input));
  return success();
}

LogicalResult importCast(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  return buildCast(ctx, ctx.resultType(), ctx.operand(0), results);
}

LogicalResult importClip(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  Value min = ctx.operand(1), max = ctx.operand(2);
  if (ctx.opset < 11) {
    // min and max were attributes.
    Type element = ctx.resultType().getElementType();
    auto scalar = RankedTensorType::get({}, element);
    auto bound = [&](StringRef name) -> Value {
      if (!ctx.attr(name))
        return Value();
      return ctx.builder.create<ConstantOp>(
          ctx.loc, DenseElementsAttr::get(
                       scalar, FloatAttr::get(element, ctx.getFloat(name, 0))));
    };
    min = bound("min");
    max = bound("max");
  }
  results.push_back(ctx.builder.create<ClipOp>(ctx.loc, ctx.resultType(),
                                               ctx.operand(0), min, max));
  return success();
}

LogicalResult importWhere(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<WhereOp>(ctx.resultType(), ctx.operand(0),
                                        ctx.operand(1), ctx.operand(2)));
  return success();
}

LogicalResult importLeakyRelu(NodeContext &ctx,
                              SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<LeakyReluOp>(
      ctx.resultType(), ctx.operand(0),
      ctx.builder.getF32FloatAttr(ctx.getFloat("alpha", 0.01f))));
  return success();
}

LogicalResult importElu(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<EluOp>(
      ctx.resultType(), ctx.operand(0),
      ctx.builder.getF32FloatAttr(ctx.getFloat("alpha", 1.0f))));
  return success();
}

LogicalResult importSelu(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<SeluOp>(
      ctx.resultType(), ctx.operand(0),
      ctx.builder.getF32FloatAttr(
          ctx.getFloat("alpha", 1.67326319217681884765625f)),
      ctx.builder.getF32FloatAttr(
          ctx.getFloat("gamma", 1.05070102214813232421875f))));
  return success();
}

LogicalResult importHardSigmoid(NodeContext &ctx,
                                SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<HardSigmoidOp>(
      ctx.resultType(), ctx.operand(0),
      ctx.builder.getF32FloatAttr(ctx.getFloat("alpha", 0.2f)),
      ctx.builder.getF32FloatAttr(ctx.getFloat("beta", 0.5f))));
  return success();
}

LogicalResult importPRelu(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  // The slope broadcasts unidirectionally to the input.
  Value slope = ctx.operand(1);
  auto slopeType = cast<RankedTensorType>(slope.getType());
  if (slopeType.getElementType() != ctx.operandType(0).getElementType())
    return ctx.error("slope and input element types differ");
  // Before opset 7 a 1-D slope applies along the channel axis (axis 1).
  RankedTensorType input = ctx.operandType(0);
  if (ctx.opset < 7 && slopeType.getRank() == 1 && input.getRank() > 2 &&
      slopeType.getDimSize(0) == input.getDimSize(1)) {
    SmallVector<int64_t> shape{slopeType.getDimSize(0)};
    shape.append(input.getRank() - 2, 1);
    slope = ctx.create<ReshapeOp>(
        RankedTensorType::get(shape, slopeType.getElementType()), slope,
        ctx.i64Constant(shape));
  }
  results.push_back(ctx.create<PReluOp>(ctx.resultType(), ctx.operand(0),
                                        slope));
  return success();
}

LogicalResult importCastLike(NodeContext &ctx,
                             SmallVectorImpl<Value> &results) {
  // Cast to the element type of the second input (its values are unused).
  auto type = RankedTensorType::get(ctx.resultType().getShape(),
                                    ctx.operandType(1).getElementType());
  return buildCast(ctx, type, ctx.operand(0), results);
}

LogicalResult importThresholdedRelu(NodeContext &ctx,
                                    SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<ThresholdedReluOp>(
      ctx.resultType(), ctx.operand(0),
      ctx.builder.getF32FloatAttr(ctx.getFloat("alpha", 1.0f))));
  return success();
}

LogicalResult importShrink(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<ShrinkOp>(
      ctx.resultType(), ctx.operand(0),
      ctx.builder.getF32FloatAttr(ctx.getFloat("bias", 0.0f)),
      ctx.builder.getF32FloatAttr(ctx.getFloat("lambd", 0.5f))));
  return success();
}

LogicalResult importCelu(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<CeluOp>(
      ctx.resultType(), ctx.operand(0),
      ctx.builder.getF32FloatAttr(ctx.getFloat("alpha", 1.0f))));
  return success();
}

LogicalResult importIsInf(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<IsInfOp>(
      ctx.resultType(), ctx.operand(0),
      ctx.builder.getBoolAttr(ctx.getInt("detect_negative", 1) != 0),
      ctx.builder.getBoolAttr(ctx.getInt("detect_positive", 1) != 0)));
  return success();
}

LogicalResult importMod(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(
      ctx.create<ModOp>(ctx.resultType(), ctx.operand(0), ctx.operand(1),
                        ctx.builder.getBoolAttr(ctx.getInt("fmod", 0) != 0)));
  return success();
}

LogicalResult importBitShift(NodeContext &ctx,
                             SmallVectorImpl<Value> &results) {
  std::string direction = ctx.getString("direction", "");
  if (direction != "LEFT" && direction != "RIGHT")
    return ctx.error("direction must be LEFT or RIGHT, not '" + direction +
                     "'");
  if (!ctx.operandType(0).getElementType().isUnsignedInteger())
    return ctx.error("only unsigned integers can be shifted");
  results.push_back(
      ctx.create<BitShiftOp>(ctx.resultType(), ctx.operand(0), ctx.operand(1),
                             ctx.builder.getStringAttr(direction)));
  return success();
}

} // namespace

void onnx_import::registerElementwiseImporters(
    llvm::StringMap<ImportFn> &t) {
  t["Abs"] = importUnary<AbsOp>;
  t["Ceil"] = importUnary<CeilOp>;
  t["Cos"] = importUnary<CosOp>;
  t["Erf"] = importUnary<ErfOp>;
  t["Exp"] = importUnary<ExpOp>;
  t["Floor"] = importUnary<FloorOp>;
  t["Log"] = importUnary<LogOp>;
  t["Neg"] = importUnary<NegOp>;
  t["Not"] = importUnary<NotOp>;
  t["Reciprocal"] = importUnary<ReciprocalOp>;
  t["Relu"] = importUnary<ReluOp>;
  t["Round"] = importUnary<RoundOp>;
  t["Sigmoid"] = importUnary<SigmoidOp>;
  t["Sign"] = importUnary<SignOp>;
  t["Sin"] = importUnary<SinOp>;
  t["Softplus"] = importUnary<SoftplusOp>;
  t["Softsign"] = importUnary<SoftsignOp>;
  t["Sqrt"] = importUnary<SqrtOp>;
  t["Tanh"] = importUnary<TanhOp>;
  t["HardSwish"] = importUnary<HardSwishOp>;
  t["LeakyRelu"] = importLeakyRelu;
  t["Elu"] = importElu;
  t["Selu"] = importSelu;
  t["HardSigmoid"] = importHardSigmoid;
  t["PRelu"] = importPRelu;
  t["Identity"] = importIdentity;
  t["Cast"] = importCast;
  t["Clip"] = importClip;
  t["Where"] = importWhere;
  t["Acos"] = importUnary<AcosOp>;
  t["Acosh"] = importUnary<AcoshOp>;
  t["Asin"] = importUnary<AsinOp>;
  t["Asinh"] = importUnary<AsinhOp>;
  t["Atan"] = importUnary<AtanOp>;
  t["Atanh"] = importUnary<AtanhOp>;
  t["Cosh"] = importUnary<CoshOp>;
  t["Sinh"] = importUnary<SinhOp>;
  t["Tan"] = importUnary<TanOp>;
  t["ThresholdedRelu"] = importThresholdedRelu;
  t["Shrink"] = importShrink;
  t["Celu"] = importCelu;
  t["IsInf"] = importIsInf;
  t["IsNaN"] = importUnary<IsNaNOp>;
  t["CastLike"] = importCastLike;

  t["Add"] = importBinary<AddOp>;
  t["Sub"] = importBinary<SubOp>;
  t["Mul"] = importBinary<MulOp>;
  t["Div"] = importBinary<DivOp>;
  t["Pow"] = importBinary<PowOp>;
  t["And"] = importBinary<AndOp>;
  t["Or"] = importBinary<OrOp>;
  t["Xor"] = importBinary<XorOp>;
  t["Equal"] = importBinary<EqualOp>;
  t["Greater"] = importBinary<GreaterOp>;
  t["GreaterOrEqual"] = importBinary<GreaterOrEqualOp>;
  t["Less"] = importBinary<LessOp>;
  t["LessOrEqual"] = importBinary<LessOrEqualOp>;
  t["Mod"] = importMod;
  t["BitShift"] = importBitShift;
  t["BitwiseAnd"] = importBitwiseBinary<AndOp>;
  t["BitwiseOr"] = importBitwiseBinary<OrOp>;
  t["BitwiseXor"] = importBitwiseBinary<XorOp>;
  t["BitwiseNot"] = importBitwiseNot;

  t["Sum"] = importVariadic<AddOp>;
  t["Max"] = importVariadic<MaxOp>;
  t["Min"] = importVariadic<MinOp>;
  t["Mean"] = importVariadic<AddOp, /*isMean=*/true>;
}

bool onnx_import::computesOwnResultTypes(StringRef opType) {
  return llvm::is_contained(
      {"BitwiseAnd", "BitwiseOr", "BitwiseXor", "BitwiseNot"}, opType);
}
