//===- Elementwise.cpp - elementwise modelc ops to linalg -------*- C++ -*-===//
//
// Part of modelc. Unary, binary (broadcasting), comparison, Where, Cast and
// Clip, each a linalg.generic.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

static Type elementTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

static bool isUnsignedElement(Value v) {
  return elementTypeOf(v).isUnsignedInteger();
}

namespace {

/// The scalar computation of one elementwise op, given the original op (for
/// attributes and signedness) and the converted scalar operands.
template <typename Op>
Value scalarBody(Op op, OpBuilder &b, Location loc, ValueRange args);

#define MODELC_FLOAT_UNARY(OpT, MathOp)                                        \
  template <>                                                                  \
  Value scalarBody(OpT op, OpBuilder &b, Location loc, ValueRange args) {      \
    return b.create<MathOp>(loc, args[0]);                                     \
  }
MODELC_FLOAT_UNARY(CeilOp, math::CeilOp)
MODELC_FLOAT_UNARY(CosOp, math::CosOp)
MODELC_FLOAT_UNARY(ErfOp, math::ErfOp)
MODELC_FLOAT_UNARY(ExpOp, math::ExpOp)
MODELC_FLOAT_UNARY(FloorOp, math::FloorOp)
MODELC_FLOAT_UNARY(LogOp, math::LogOp)
MODELC_FLOAT_UNARY(RoundOp, math::RoundEvenOp)
MODELC_FLOAT_UNARY(SinOp, math::SinOp)
MODELC_FLOAT_UNARY(SqrtOp, math::SqrtOp)
MODELC_FLOAT_UNARY(TanhOp, math::TanhOp)
MODELC_FLOAT_UNARY(AcosOp, math::AcosOp)
MODELC_FLOAT_UNARY(AcoshOp, math::AcoshOp)
MODELC_FLOAT_UNARY(AsinOp, math::AsinOp)
MODELC_FLOAT_UNARY(AsinhOp, math::AsinhOp)
MODELC_FLOAT_UNARY(AtanOp, math::AtanOp)
MODELC_FLOAT_UNARY(AtanhOp, math::AtanhOp)
MODELC_FLOAT_UNARY(CoshOp, math::CoshOp)
MODELC_FLOAT_UNARY(SinhOp, math::SinhOp)
MODELC_FLOAT_UNARY(TanOp, math::TanOp)
#undef MODELC_FLOAT_UNARY

template <>
Value scalarBody(AbsOp op, OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return b.create<math::AbsFOp>(loc, args[0]);
  if (isUnsignedElement(op.getInput()))
    return args[0];
  return b.create<math::AbsIOp>(loc, args[0]);
}

template <>
Value scalarBody(NegOp op, OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return b.create<arith::NegFOp>(loc, args[0]);
  Value zero = scalarConstant(b, loc, args[0].getType(), 0);
  return b.create<arith::SubIOp>(loc, zero, args[0]);
}

template <>
Value scalarBody(NotOp op, OpBuilder &b, Location loc, ValueRange args) {
  // Every bit flipped: Not of a bool, BitwiseNot of an integer.
  Type type = args[0].getType();
  Value ones = b.create<arith::ConstantOp>(
      loc, type,
      b.getIntegerAttr(type, APInt::getAllOnes(type.getIntOrFloatBitWidth())));
  return b.create<arith::XOrIOp>(loc, args[0], ones);
}

template <>
Value scalarBody(ReciprocalOp op, OpBuilder &b, Location loc,
                 ValueRange args) {
  Value one = scalarConstant(b, loc, args[0].getType(), 1.0);
  return b.create<arith::DivFOp>(loc, one, args[0]);
}

template <>
Value scalarBody(ReluOp op, OpBuilder &b, Location loc, ValueRange args) {
  return scalarActivation(b, loc, args[0], ActivationKind::relu, 0, 0);
}

template <>
Value scalarBody(SigmoidOp op, OpBuilder &b, Location loc, ValueRange args) {
  return scalarActivation(b, loc, args[0], ActivationKind::sigmoid, 0, 0);
}

template <>
Value scalarBody(LeakyReluOp op, OpBuilder &b, Location loc,
                 ValueRange args) {
  return scalarActivation(b, loc, args[0], ActivationKind::leaky_relu,
                          op.getAlpha().convertToFloat(), 0);
}

template <>
Value scalarBody(HardSigmoidOp op, OpBuilder &b, Location loc,
                 ValueRange args) {
  return scalarActivation(b, loc, args[0], ActivationKind::hard_sigmoid,
                          op.getAlpha().convertToFloat(),
                          op.getBeta().convertToFloat());
}

template <>
Value scalarBody(HardSwishOp op, OpBuilder &b, Location loc,
                 ValueRange args) {
  return scalarActivation(b, loc, args[0], ActivationKind::hard_swish, 0, 0);
}

template <>
Value scalarBody(SignOp op, OpBuilder &b, Location loc, ValueRange args) {
  Type type = args[0].getType();
  Value zero = scalarConstant(b, loc, type, 0);
  Value one = scalarConstant(b, loc, type, 1);
  Value minusOne = scalarConstant(b, loc, type, -1);
  Value pos, neg;
  if (isa<FloatType>(type)) {
    pos = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, args[0], zero);
    neg = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, args[0], zero);
  } else {
    bool u = isUnsignedElement(op.getInput());
    pos = b.create<arith::CmpIOp>(
        loc, u ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt,
        args[0], zero);
    neg = b.create<arith::CmpIOp>(
        loc, u ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt,
        args[0], zero);
  }
  Value r = b.create<arith::SelectOp>(loc, neg, minusOne, zero);
  return b.create<arith::SelectOp>(loc, pos, one, r);
}

template <>
Value scalarBody(SoftplusOp op, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<math::Log1pOp>(loc, b.create<math::ExpOp>(loc, args[0]));
}

template <>
Value scalarBody(SoftsignOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value one = scalarConstant(b, loc, args[0].getType(), 1.0);
  Value denom = b.create<arith::AddFOp>(
      loc, one, b.create<math::AbsFOp>(loc, args[0]));
  return b.create<arith::DivFOp>(loc, args[0], denom);
}

template <>
Value scalarBody(EluOp op, OpBuilder &b, Location loc, ValueRange args) {
  Type type = args[0].getType();
  Value zero = scalarConstant(b, loc, type, 0.0);
  Value alpha = scalarConstant(b, loc, type, op.getAlpha().convertToFloat());
  Value neg =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, args[0], zero);
  Value em1 = b.create<math::ExpM1Op>(loc, args[0]);
  return b.create<arith::SelectOp>(loc, neg,
                                   b.create<arith::MulFOp>(loc, alpha, em1),
                                   args[0]);
}

template <>
Value scalarBody(SeluOp op, OpBuilder &b, Location loc, ValueRange args) {
  Type type = args[0].getType();
  Value zero = scalarConstant(b, loc, type, 0.0);
  Value alpha = scalarConstant(b, loc, type, op.getAlpha().convertToFloat());
  Value gamma = scalarConstant(b, loc, type, op.getGamma().convertToFloat());
  Value pos =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, args[0], zero);
  Value negPart = b.create<arith::SubFOp>(
      loc, b.create<arith::MulFOp>(loc, alpha, b.create<math::ExpOp>(loc, args[0])),
      alpha);
  Value v = b.create<arith::SelectOp>(loc, pos, args[0], negPart);
  return b.create<arith::MulFOp>(loc, gamma, v);
}

template <>
Value scalarBody(ThresholdedReluOp op, OpBuilder &b, Location loc,
                 ValueRange args) {
  Type type = args[0].getType();
  Value zero = scalarConstant(b, loc, type, 0.0);
  Value alpha = scalarConstant(b, loc, type, op.getAlpha().convertToFloat());
  Value above =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, args[0], alpha);
  return b.create<arith::SelectOp>(loc, above, args[0], zero);
}

template <>
Value scalarBody(ShrinkOp op, OpBuilder &b, Location loc, ValueRange args) {
  Type type = args[0].getType();
  // Integers: computed in f64, then truncated back (ONNX's reference).
  bool isFloat = isa<FloatType>(type);
  bool u = isUnsignedElement(op.getInput());
  Type computeType = isFloat ? type : b.getF64Type();
  Value x = args[0];
  if (!isFloat)
    x = u ? b.create<arith::UIToFPOp>(loc, computeType, x).getResult()
          : b.create<arith::SIToFPOp>(loc, computeType, x).getResult();
  float lambd = op.getLambd().convertToFloat();
  Value bias =
      scalarConstant(b, loc, computeType, op.getBias().convertToFloat());
  Value zero = scalarConstant(b, loc, computeType, 0.0);
  Value below =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x,
                              scalarConstant(b, loc, computeType, -lambd));
  Value above =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x,
                              scalarConstant(b, loc, computeType, lambd));
  Value r = b.create<arith::SelectOp>(
      loc, above, b.create<arith::SubFOp>(loc, x, bias), zero);
  r = b.create<arith::SelectOp>(loc, below,
                                b.create<arith::AddFOp>(loc, x, bias), r);
  if (isFloat)
    return r;
  if (u)
    return b.create<arith::FPToUIOp>(loc, type, r);
  return b.create<arith::FPToSIOp>(loc, type, r);
}

template <>
Value scalarBody(CeluOp op, OpBuilder &b, Location loc, ValueRange args) {
  Type type = args[0].getType();
  Value zero = scalarConstant(b, loc, type, 0.0);
  Value alpha = scalarConstant(b, loc, type, op.getAlpha().convertToFloat());
  Value em1 = b.create<math::ExpM1Op>(
      loc, b.create<arith::DivFOp>(loc, args[0], alpha));
  Value neg = b.create<arith::MinimumFOp>(
      loc, zero, b.create<arith::MulFOp>(loc, alpha, em1));
  return b.create<arith::AddFOp>(
      loc, b.create<arith::MaximumFOp>(loc, args[0], zero), neg);
}

template <>
Value scalarBody(IsInfOp op, OpBuilder &b, Location loc, ValueRange args) {
  auto type = cast<FloatType>(args[0].getType());
  auto infinity = [&](bool negative) -> Value {
    return b.create<arith::ConstantOp>(
        loc, b.getFloatAttr(
                 type, APFloat::getInf(type.getFloatSemantics(), negative)));
  };
  Value result;
  for (auto [detect, negative] : {std::pair{op.getDetectPositive(), false},
                                  std::pair{op.getDetectNegative(), true}}) {
    if (!detect)
      continue;
    Value is = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, args[0],
                                       infinity(negative));
    result = result ? b.create<arith::OrIOp>(loc, result, is).getResult() : is;
  }
  if (!result)
    result = b.create<arith::ConstantOp>(loc, b.getBoolAttr(false));
  return result;
}

template <>
Value scalarBody(IsNaNOp op, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, args[0],
                                 args[0]);
}

/// Binary arithmetic: float, signed or unsigned integer forms.
template <typename FOp, typename SIOp, typename UIOp>
Value arithmetic(Value lhsTensor, OpBuilder &b, Location loc,
                 ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return b.create<FOp>(loc, args[0], args[1]);
  if (isUnsignedElement(lhsTensor))
    return b.create<UIOp>(loc, args[0], args[1]);
  return b.create<SIOp>(loc, args[0], args[1]);
}

template <>
Value scalarBody(AddOp op, OpBuilder &b, Location loc, ValueRange args) {
  return arithmetic<arith::AddFOp, arith::AddIOp, arith::AddIOp>(
      op.getLhs(), b, loc, args);
}
template <>
Value scalarBody(SubOp op, OpBuilder &b, Location loc, ValueRange args) {
  return arithmetic<arith::SubFOp, arith::SubIOp, arith::SubIOp>(
      op.getLhs(), b, loc, args);
}
template <>
Value scalarBody(MulOp op, OpBuilder &b, Location loc, ValueRange args) {
  return arithmetic<arith::MulFOp, arith::MulIOp, arith::MulIOp>(
      op.getLhs(), b, loc, args);
}
template <>
Value scalarBody(DivOp op, OpBuilder &b, Location loc, ValueRange args) {
  return arithmetic<arith::DivFOp, arith::DivSIOp, arith::DivUIOp>(
      op.getLhs(), b, loc, args);
}
template <>
Value scalarBody(MaxOp op, OpBuilder &b, Location loc, ValueRange args) {
  return arithmetic<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(
      op.getLhs(), b, loc, args);
}
template <>
Value scalarBody(MinOp op, OpBuilder &b, Location loc, ValueRange args) {
  return arithmetic<arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>(
      op.getLhs(), b, loc, args);
}
template <>
Value scalarBody(AndOp op, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::AndIOp>(loc, args[0], args[1]);
}
template <>
Value scalarBody(OrOp op, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::OrIOp>(loc, args[0], args[1]);
}
template <>
Value scalarBody(XorOp op, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::XOrIOp>(loc, args[0], args[1]);
}

template <>
Value scalarBody(PReluOp op, OpBuilder &b, Location loc, ValueRange args) {
  Type type = args[0].getType();
  Value zero = scalarConstant(b, loc, type, 0.0);
  if (isa<FloatType>(type)) {
    Value neg =
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, args[0], zero);
    return b.create<arith::SelectOp>(
        loc, neg, b.create<arith::MulFOp>(loc, args[0], args[1]), args[0]);
  }
  Value neg =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, args[0], zero);
  return b.create<arith::SelectOp>(
      loc, neg, b.create<arith::MulIOp>(loc, args[0], args[1]), args[0]);
}

template <>
Value scalarBody(PowOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value base = args[0];
  Value exponent = args[1];
  Type baseType = base.getType();
  Type expType = exponent.getType();
  if (isa<FloatType>(baseType)) {
    if (isa<IntegerType>(expType))
      exponent = b.create<arith::SIToFPOp>(loc, baseType, exponent);
    else if (expType != baseType)
      exponent = expType.getIntOrFloatBitWidth() > baseType.getIntOrFloatBitWidth()
                     ? b.create<arith::TruncFOp>(loc, baseType, exponent)
                           .getResult()
                     : b.create<arith::ExtFOp>(loc, baseType, exponent)
                           .getResult();
    return b.create<math::PowFOp>(loc, base, exponent);
  }
  if (isa<FloatType>(expType))
    exponent = b.create<arith::FPToSIOp>(loc, baseType, exponent);
  else if (expType != baseType)
    exponent = b.create<arith::TruncIOp>(loc, baseType, exponent);
  return b.create<math::IPowIOp>(loc, base, exponent);
}

template <>
Value scalarBody(ModOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0], y = args[1];
  Type type = x.getType();
  Value zero = scalarConstant(b, loc, type, 0);
  if (isa<FloatType>(type)) {
    Value r = b.create<arith::RemFOp>(loc, x, y); // C fmod
    if (op.getFmod())
      return r;
    // numpy's mod: the sign of the divisor; a zero takes the divisor's sign.
    Value rNonZero =
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, r, zero);
    Value signsDiffer = b.create<arith::XOrIOp>(
        loc, b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, r, zero),
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, y, zero));
    Value adjust = b.create<arith::AndIOp>(loc, rNonZero, signsDiffer);
    Value adjusted = b.create<arith::SelectOp>(
        loc, adjust, b.create<arith::AddFOp>(loc, r, y), r);
    Value signedZero = b.create<math::CopySignOp>(loc, zero, y);
    Value rZero =
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, r, zero);
    return b.create<arith::SelectOp>(loc, rZero, signedZero, adjusted);
  }
  Value one = scalarConstant(b, loc, type, 1);
  Value yZero = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, y, zero);
  if (isUnsignedElement(op.getLhs())) {
    // x % 0 is 0 (numpy) rather than undefined.
    Value safe = b.create<arith::SelectOp>(loc, yZero, one, y);
    return b.create<arith::RemUIOp>(loc, x, safe);
  }
  // x % 0 is 0 (numpy), and so is x % -1, which overflows for the lowest x.
  Value minusOne = scalarConstant(b, loc, type, -1);
  Value trivial = b.create<arith::OrIOp>(
      loc, yZero,
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, y, minusOne));
  Value safe = b.create<arith::SelectOp>(loc, trivial, one, y);
  Value r = b.create<arith::RemSIOp>(loc, x, safe); // sign of the dividend
  if (op.getFmod())
    return r;
  Value rNonZero =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, r, zero);
  Value signsDiffer = b.create<arith::CmpIOp>(
      loc, arith::CmpIPredicate::slt, b.create<arith::XOrIOp>(loc, r, y), zero);
  Value adjust = b.create<arith::AndIOp>(loc, rNonZero, signsDiffer);
  return b.create<arith::SelectOp>(loc, adjust,
                                   b.create<arith::AddIOp>(loc, r, y), r);
}

template <>
Value scalarBody(BitShiftOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0], y = args[1];
  Type type = x.getType();
  Value width = scalarConstant(b, loc, type, type.getIntOrFloatBitWidth());
  Value inRange =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, y, width);
  Value shifted = op.getDirection() == "LEFT"
                      ? b.create<arith::ShLIOp>(loc, x, y).getResult()
                      : b.create<arith::ShRUIOp>(loc, x, y).getResult();
  return b.create<arith::SelectOp>(loc, inRange, shifted,
                                   scalarConstant(b, loc, type, 0));
}

/// Comparisons: ordered float predicates, signed or unsigned integers.
Value compare(Value lhsTensor, arith::CmpFPredicate fpred,
              arith::CmpIPredicate spred, arith::CmpIPredicate upred,
              OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return b.create<arith::CmpFOp>(loc, fpred, args[0], args[1]);
  return b.create<arith::CmpIOp>(loc,
                                 isUnsignedElement(lhsTensor) ? upred : spred,
                                 args[0], args[1]);
}

#define MODELC_COMPARE(OpT, F, S, U)                                           \
  template <>                                                                  \
  Value scalarBody(OpT op, OpBuilder &b, Location loc, ValueRange args) {      \
    return compare(op.getLhs(), arith::CmpFPredicate::F,                       \
                   arith::CmpIPredicate::S, arith::CmpIPredicate::U, b, loc,   \
                   args);                                                      \
  }
MODELC_COMPARE(EqualOp, OEQ, eq, eq)
MODELC_COMPARE(GreaterOp, OGT, sgt, ugt)
MODELC_COMPARE(GreaterOrEqualOp, OGE, sge, uge)
MODELC_COMPARE(LessOp, OLT, slt, ult)
MODELC_COMPARE(LessOrEqualOp, OLE, sle, ule)
#undef MODELC_COMPARE

template <>
Value scalarBody(WhereOp op, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::SelectOp>(loc, args[0], args[1], args[2]);
}

template <>
Value scalarBody(ClipOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  bool isFloat = isa<FloatType>(x.getType());
  bool u = isUnsignedElement(op.getInput());
  unsigned next = 1;
  if (op.getMin()) {
    Value lo = args[next++];
    x = isFloat ? b.create<arith::MaximumFOp>(loc, x, lo).getResult()
        : u     ? b.create<arith::MaxUIOp>(loc, x, lo).getResult()
                : b.create<arith::MaxSIOp>(loc, x, lo).getResult();
  }
  if (op.getMax()) {
    Value hi = args[next++];
    x = isFloat ? b.create<arith::MinimumFOp>(loc, x, hi).getResult()
        : u     ? b.create<arith::MinUIOp>(loc, x, hi).getResult()
                : b.create<arith::MinSIOp>(loc, x, hi).getResult();
  }
  return x;
}

/// Converts a scalar between element types with ONNX Cast semantics.
Value castScalar(OpBuilder &b, Location loc, Value x, Type from, Type to,
                 bool fromUnsigned, bool toUnsigned) {
  Type toSignless = convertElementType(to);
  if (from == to)
    return x;
  if (toSignless.isBF16()) {
    // Through f32, as ONNX's reference and ONNX Runtime do.
    Value f32 = castScalar(b, loc, x, from, b.getF32Type(), fromUnsigned,
                           /*toUnsigned=*/false);
    return truncToBF16(b, loc, f32);
  }
  auto fromInt = dyn_cast<IntegerType>(from);
  auto toInt = dyn_cast<IntegerType>(toSignless);
  if (toInt && toInt.getWidth() == 1) {
    Value zero = scalarConstant(b, loc, x.getType(), 0);
    if (isa<FloatType>(x.getType()))
      return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, x, zero);
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, x, zero);
  }
  if (fromInt && toInt) {
    if (fromInt.getWidth() == toInt.getWidth())
      return x;
    if (fromInt.getWidth() > toInt.getWidth())
      return b.create<arith::TruncIOp>(loc, toInt, x);
    if (fromUnsigned || fromInt.getWidth() == 1)
      return b.create<arith::ExtUIOp>(loc, toInt, x);
    return b.create<arith::ExtSIOp>(loc, toInt, x);
  }
  if (fromInt) {
    if (fromUnsigned || fromInt.getWidth() == 1)
      return b.create<arith::UIToFPOp>(loc, toSignless, x);
    return b.create<arith::SIToFPOp>(loc, toSignless, x);
  }
  auto fromFloat = cast<FloatType>(from);
  if (toInt) {
    if (toUnsigned)
      return b.create<arith::FPToUIOp>(loc, toInt, x);
    return b.create<arith::FPToSIOp>(loc, toInt, x);
  }
  auto toFloat = cast<FloatType>(toSignless);
  if (fromFloat.getWidth() > toFloat.getWidth())
    return b.create<arith::TruncFOp>(loc, toFloat, x);
  if (fromFloat.getWidth() < toFloat.getWidth())
    return b.create<arith::ExtFOp>(loc, toFloat, x);
  // Same width, different format (f16 and bf16): go through f32.
  Value wide = b.create<arith::ExtFOp>(loc, b.getF32Type(), x);
  return b.create<arith::TruncFOp>(loc, toFloat, wide);
}

template <>
Value scalarBody(CastOp op, OpBuilder &b, Location loc, ValueRange args) {
  Type from = elementTypeOf(op.getInput());
  Type to = elementTypeOf(op.getOutput());
  return castScalar(b, loc, args[0], convertElementType(from), to,
                    from.isUnsignedInteger(), to.isUnsignedInteger());
}

/// Lowers any elementwise op through its scalarBody.
template <typename Op>
struct ElementwiseLowering : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Casts to and from strings call the runtime (Strings.cpp).
    if constexpr (std::is_same_v<Op, CastOp>)
      if (isStringTensor(op.getInput().getType()) ||
          isStringTensor(op.getType()))
        return failure();
    auto resultType = convertTensorType(op->getResult(0).getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), resultType, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return scalarBody(op, b, loc, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct IdentityLowering : public OpConversionPattern<IdentityOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(IdentityOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

} // namespace

void lowering::populateElementwisePatterns(TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<
      ElementwiseLowering<AbsOp>, ElementwiseLowering<CeilOp>,
      ElementwiseLowering<CosOp>, ElementwiseLowering<ErfOp>,
      ElementwiseLowering<ExpOp>, ElementwiseLowering<FloorOp>,
      ElementwiseLowering<LogOp>, ElementwiseLowering<NegOp>,
      ElementwiseLowering<NotOp>, ElementwiseLowering<ReciprocalOp>,
      ElementwiseLowering<ReluOp>, ElementwiseLowering<RoundOp>,
      ElementwiseLowering<SigmoidOp>, ElementwiseLowering<SignOp>,
      ElementwiseLowering<SinOp>, ElementwiseLowering<SoftplusOp>,
      ElementwiseLowering<SoftsignOp>, ElementwiseLowering<SqrtOp>,
      ElementwiseLowering<TanhOp>, ElementwiseLowering<LeakyReluOp>,
      ElementwiseLowering<EluOp>, ElementwiseLowering<SeluOp>,
      ElementwiseLowering<HardSigmoidOp>, ElementwiseLowering<HardSwishOp>,
      ElementwiseLowering<CastOp>, ElementwiseLowering<ClipOp>,
      ElementwiseLowering<AddOp>, ElementwiseLowering<SubOp>,
      ElementwiseLowering<MulOp>, ElementwiseLowering<DivOp>,
      ElementwiseLowering<MaxOp>, ElementwiseLowering<MinOp>,
      ElementwiseLowering<PReluOp>, ElementwiseLowering<AndOp>,
      ElementwiseLowering<OrOp>, ElementwiseLowering<XorOp>,
      ElementwiseLowering<PowOp>, ElementwiseLowering<EqualOp>,
      ElementwiseLowering<GreaterOp>, ElementwiseLowering<GreaterOrEqualOp>,
      ElementwiseLowering<LessOp>, ElementwiseLowering<LessOrEqualOp>,
      ElementwiseLowering<WhereOp>, ElementwiseLowering<AcosOp>,
      ElementwiseLowering<AcoshOp>, ElementwiseLowering<AsinOp>,
      ElementwiseLowering<AsinhOp>, ElementwiseLowering<AtanOp>,
      ElementwiseLowering<AtanhOp>, ElementwiseLowering<CoshOp>,
      ElementwiseLowering<SinhOp>, ElementwiseLowering<TanOp>,
      ElementwiseLowering<ThresholdedReluOp>, ElementwiseLowering<ShrinkOp>,
      ElementwiseLowering<CeluOp>, ElementwiseLowering<IsInfOp>,
      ElementwiseLowering<IsNaNOp>, ElementwiseLowering<ModOp>,
      ElementwiseLowering<BitShiftOp>>(converter, patterns.getContext());
  patterns.add<IdentityLowering>(converter, patterns.getContext());
}
