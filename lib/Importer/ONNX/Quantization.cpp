//===- Quantization.cpp - importers of quantized ONNX ops -------*- C++ -*-===//
//
// Part of modelc. QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear,
// MatMulInteger, ConvInteger, QLinearMatMul and QLinearConv, each imported
// as a small fixed expansion into modelc ops: integer products in i32 over
// zero-point-shifted operands, and float rescaling with round-half-to-even
// and saturation, as ONNX defines them.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

/// V with its elements converted to ELEMENT.
Value castTo(NodeContext &ctx, Value v, Type element) {
  auto type = typeOf(v);
  if (type.getElementType() == element)
    return v;
  return ctx.create<CastOp>(RankedTensorType::get(type.getShape(), element),
                            v);
}

/// A binary op with numpy broadcasting and the lhs element type.
template <typename Op>
Value binary(NodeContext &ctx, Value lhs, Value rhs) {
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(typeOf(lhs).getShape(), typeOf(rhs).getShape());
  assert(succeeded(shape) && "operands must broadcast");
  return ctx.create<Op>(
      RankedTensorType::get(*shape, typeOf(lhs).getElementType()), lhs, rhs);
}

/// A per-axis parameter (1-D, one value per index of AXIS of a rank-RANK
/// tensor) reshaped to broadcast along that axis; scalars stay as they are.
Value alongAxis(NodeContext &ctx, Value param, int64_t axis, int64_t rank) {
  auto type = typeOf(param);
  if (type.getRank() != 1 || type.getDimSize(0) == 1 || rank == 0)
    return param;
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> shape(rank - axis, 1);
  shape[0] = type.getDimSize(0);
  return ctx.create<ReshapeOp>(
      RankedTensorType::get(shape, type.getElementType()), param,
      ctx.i64Constant(shape));
}

/// Saturating conversion of a float tensor of integral values to ELEMENT
/// (after rounding): clip to the type's range, then cast.
Value saturateTo(NodeContext &ctx, Value v, Type element) {
  auto intType = cast<IntegerType>(element);
  unsigned width = intType.getWidth();
  double lo = intType.isUnsigned() ? 0 : -std::ldexp(1.0, width - 1);
  double hi = intType.isUnsigned() ? std::ldexp(1.0, width) - 1
                                   : std::ldexp(1.0, width - 1) - 1;
  Type f = typeOf(v).getElementType();
  Value clipped = ctx.builder.create<ClipOp>(ctx.loc, typeOf(v), v,
                                             ctx.scalarConstant(f, lo),
                                             ctx.scalarConstant(f, hi));
  return castTo(ctx, clipped, element);
}

/// round(X / scale) + zero point, saturated to the zero point's type.
Value quantize(NodeContext &ctx, Value x, Value scale, Value zeroPoint,
               Type element) {
  Type f = typeOf(x).getElementType();
  Value y = binary<DivOp>(ctx, x, castTo(ctx, scale, f));
  y = ctx.create<RoundOp>(typeOf(y), y);
  if (zeroPoint)
    y = binary<AddOp>(ctx, y, castTo(ctx, zeroPoint, f));
  return saturateTo(ctx, y, element);
}

/// X - zero point in i32 (zero point absent: X in i32).
Value shiftedI32(NodeContext &ctx, Value x, Value zeroPoint) {
  Type i32 = ctx.builder.getI32Type();
  Value v = castTo(ctx, x, i32);
  if (zeroPoint)
    v = binary<SubOp>(ctx, v, castTo(ctx, zeroPoint, i32));
  return v;
}

/// The i32 MatMul of (A - a_zero_point) and (B - b_zero_point); a 1-D
/// a_zero_point has one value per row of A, a 1-D b_zero_point one per
/// column of B.
Value integerMatMul(NodeContext &ctx, Value a, Value azp, Value b, Value bzp,
                    RankedTensorType resultType) {
  if (azp)
    azp = alongAxis(ctx, azp, -2, typeOf(a).getRank());
  Value a32 = shiftedI32(ctx, a, azp);
  Value b32 = shiftedI32(ctx, b, bzp);
  OpBuilder &builder = ctx.builder;
  auto type = RankedTensorType::get(resultType.getShape(), builder.getI32Type());
  return builder.create<MatMulOp>(
      ctx.loc, type, a32, b32, /*bias=*/Value(), /*residual=*/Value(),
      ActivationKindAttr::get(builder.getContext(), ActivationKind::none),
      builder.getF32FloatAttr(0), builder.getF32FloatAttr(0));
}

/// Rescales an i32 accumulator: round(acc * multiplier) + zero point,
/// saturated to the zero point's element type.
Value requantize(NodeContext &ctx, Value acc, Value multiplier,
                 Value zeroPoint, Type element) {
  Type f32 = ctx.builder.getF32Type();
  Value y = binary<MulOp>(ctx, castTo(ctx, acc, f32), multiplier);
  y = ctx.create<RoundOp>(typeOf(y), y);
  y = binary<AddOp>(ctx, y, castTo(ctx, zeroPoint, f32));
  return saturateTo(ctx, y, element);
}

/// The values of a constant float tensor, if V is one.
std::optional<SmallVector<double>> constantFloats(Value v) {
  DenseFPElementsAttr attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<double> values;
  for (const APFloat &x : attr.getValues<APFloat>())
    values.push_back(x.convertToDouble());
  return values;
}

/// The values of a constant integer tensor, if V is one (unsigned types
/// read as unsigned); an absent V reads as one zero.
std::optional<SmallVector<int64_t>> constantIntegers(Value v) {
  if (!v)
    return SmallVector<int64_t>{0};
  DenseIntElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  bool isUnsigned = attr.getElementType().isUnsignedInteger();
  SmallVector<int64_t> values;
  for (const APInt &x : attr.getValues<APInt>())
    values.push_back(isUnsigned ? int64_t(x.getZExtValue()) : x.getSExtValue());
  return values;
}

/// The quantized type of 8-bit ELEMENT integers (ui8 or i8) with SCALES and
/// ZEROPOINTS: one of each (per tensor), or one per index of AXIS. None
/// where the values do not make one.
Type quantizedType(Type element, ArrayRef<double> scales,
                   ArrayRef<int64_t> zeroPoints, int32_t axis) {
  auto intType = dyn_cast<IntegerType>(element);
  if (!intType || intType.getWidth() != 8 || scales.empty() ||
      (zeroPoints.size() != 1 && zeroPoints.size() != scales.size()) ||
      llvm::any_of(scales,
                   [](double s) { return !(s > 0) || !std::isfinite(s); }))
    return nullptr;
  bool isSigned = !intType.isUnsigned();
  int64_t lo = isSigned ? -128 : 0, hi = isSigned ? 127 : 255;
  if (llvm::any_of(zeroPoints, [&](int64_t z) { return z < lo || z > hi; }))
    return nullptr;
  MLIRContext *ctx = element.getContext();
  Type storage = IntegerType::get(ctx, 8);
  Type f32 = Float32Type::get(ctx);
  unsigned flags = isSigned ? quant::QuantizationFlags::Signed : 0;
  if (scales.size() == 1)
    return quant::UniformQuantizedType::get(flags, storage, f32, scales[0],
                                            zeroPoints[0], lo, hi);
  SmallVector<int64_t> zps(zeroPoints);
  if (zps.size() == 1)
    zps.assign(scales.size(), zeroPoints[0]);
  return quant::UniformQuantizedPerAxisType::get(flags, storage, f32, scales,
                                                 zps, axis, lo, hi);
}

/// V (integers) as a tensor of the quantized ELEMENT type.
Value asQuantized(NodeContext &ctx, Value v, Type element) {
  auto type = typeOf(v);
  return ctx.create<StorageCastOp>(
      RankedTensorType::get(type.getShape(), element), v);
}

/// The quantized type of a QuantizeLinear's result or a DequantizeLinear's
/// operand of ELEMENT integers (8 bits), whose scale (SCALE) and zero point
/// (ZEROPOINT, or none) are constants, one per tensor or one per index of
/// AXIS of a rank-RANK tensor; none where they are not.
Type quantizedTypeOf(Type element, Value scale, Value zeroPoint, int64_t axis,
                     int64_t rank) {
  std::optional<SmallVector<double>> scales = constantFloats(scale);
  std::optional<SmallVector<int64_t>> zps = constantIntegers(zeroPoint);
  if (!scales || !zps || scales->empty())
    return nullptr;
  if (axis < 0)
    axis += rank;
  if (scales->size() == 1 && zps->size() == 1)
    axis = -1;
  else if (axis < 0 || axis >= rank)
    return nullptr;
  return quantizedType(element, *scales, *zps, axis);
}

LogicalResult importQuantizeLinear(NodeContext &ctx,
                                   SmallVectorImpl<Value> &results) {
  Value x = ctx.operand(0);
  int64_t rank = typeOf(x).getRank();
  int64_t axis = ctx.getInt("axis", 1);
  // Constant parameters: modelc.quantize to the quantized type, whose
  // integers are the result (modelc-fold-qdq then folds QDQ pairs).
  RankedTensorType resultType = ctx.resultType();
  if (typeOf(x).getElementType().isF32())
    if (Type q = quantizedTypeOf(resultType.getElementType(), ctx.operand(1),
                                 ctx.operand(2), axis, rank)) {
      Value quantized = ctx.create<QuantizeOp>(
          RankedTensorType::get(typeOf(x).getShape(), q), x);
      results.push_back(ctx.create<StorageCastOp>(
          RankedTensorType::get(typeOf(x).getShape(),
                                resultType.getElementType()),
          quantized));
      return success();
    }
  Value scale = alongAxis(ctx, ctx.operand(1), axis, rank);
  Value zp = ctx.operand(2) ? alongAxis(ctx, ctx.operand(2), axis, rank)
                            : Value();
  Type element = ctx.resultType().getElementType();
  results.push_back(quantize(ctx, x, scale, zp, element));
  return success();
}

LogicalResult importDequantizeLinear(NodeContext &ctx,
                                     SmallVectorImpl<Value> &results) {
  Value x = ctx.operand(0);
  int64_t rank = typeOf(x).getRank();
  int64_t axis = ctx.getInt("axis", 1);
  Type f = ctx.resultType().getElementType();
  // 8-bit integers with constant parameters: modelc.dequantize of them as
  // the quantized type.
  if (f.isF32())
    if (Type q = quantizedTypeOf(typeOf(x).getElementType(), ctx.operand(1),
                                 ctx.operand(2), axis, rank)) {
      Value quantized = asQuantized(ctx, x, q);
      results.push_back(ctx.create<DequantizeOp>(
          RankedTensorType::get(typeOf(x).getShape(), f), quantized));
      return success();
    }
  // Other constant integers (a QDQ model's int32 bias): the float values,
  // computed here, so that the graph passes see a constant.
  if (f.isF32() && typeOf(x).hasStaticShape())
    if (std::optional<SmallVector<int64_t>> values = constantIntegers(x)) {
      std::optional<SmallVector<double>> scales =
          constantFloats(ctx.operand(1));
      std::optional<SmallVector<int64_t>> zps =
          constantIntegers(ctx.operand(2));
      int64_t n = typeOf(x).getNumElements();
      int64_t a = axis < 0 ? axis + rank : axis;
      if (scales && zps && int64_t(values->size()) == n &&
          (scales->size() == 1 ||
           (a >= 0 && a < rank &&
            int64_t(scales->size()) == typeOf(x).getDimSize(a))) &&
          (zps->size() == 1 || zps->size() == scales->size())) {
        // The index along the axis of element i: (i / inner) % size.
        int64_t inner = 1;
        for (int64_t d = a + 1; d < rank; ++d)
          inner *= typeOf(x).getDimSize(d);
        SmallVector<float> out;
        for (int64_t i = 0; i < n; ++i) {
          int64_t c =
              scales->size() == 1 ? 0 : (i / inner) % typeOf(x).getDimSize(a);
          int64_t zp = (*zps)[zps->size() == 1 ? 0 : c];
          out.push_back(float((*values)[i] - zp) * float((*scales)[c]));
        }
        auto type = RankedTensorType::get(typeOf(x).getShape(), f);
        results.push_back(ctx.create<ConstantOp>(
            type, DenseElementsAttr::get(type, ArrayRef<float>(out))));
        return success();
      }
    }
  Value scale = alongAxis(ctx, ctx.operand(1), axis, rank);
  Value y = castTo(ctx, x, f);
  if (Value zp = ctx.operand(2))
    y = binary<SubOp>(ctx, y, castTo(ctx, alongAxis(ctx, zp, axis, rank), f));
  results.push_back(binary<MulOp>(ctx, y, castTo(ctx, scale, f)));
  return success();
}

LogicalResult importDynamicQuantizeLinear(NodeContext &ctx,
                                          SmallVectorImpl<Value> &results) {
  Value x = ctx.operand(0);
  Type f = typeOf(x).getElementType();
  OpBuilder &b = ctx.builder;
  auto scalarType = RankedTensorType::get({}, f);
  auto allAxes = b.getDenseI64ArrayAttr({});
  Value max = b.create<ReduceMaxOp>(ctx.loc, scalarType, x, allAxes,
                                    b.getBoolAttr(false), b.getBoolAttr(false));
  Value min = b.create<ReduceMinOp>(ctx.loc, scalarType, x, allAxes,
                                    b.getBoolAttr(false), b.getBoolAttr(false));
  // The range always includes zero.
  max = binary<MaxOp>(ctx, max, ctx.scalarConstant(f, 0));
  min = binary<MinOp>(ctx, min, ctx.scalarConstant(f, 0));
  Value scale = binary<DivOp>(ctx, binary<SubOp>(ctx, max, min),
                              ctx.scalarConstant(f, 255));
  // zero point = round(saturate(0 - min / scale)).
  Value zp = binary<SubOp>(ctx, ctx.scalarConstant(f, 0),
                           binary<DivOp>(ctx, min, scale));
  zp = b.create<ClipOp>(ctx.loc, scalarType, zp, ctx.scalarConstant(f, 0),
                        ctx.scalarConstant(f, 255));
  zp = ctx.create<RoundOp>(scalarType, zp);
  Type u8 = ctx.resultType(0).getElementType();
  results.push_back(quantize(ctx, x, scale, zp, u8));
  results.push_back(scale);
  results.push_back(castTo(ctx, zp, u8));
  return success();
}

LogicalResult importMatMulInteger(NodeContext &ctx,
                                  SmallVectorImpl<Value> &results) {
  results.push_back(integerMatMul(ctx, ctx.operand(0), ctx.operand(2),
                                  ctx.operand(1), ctx.operand(3),
                                  ctx.resultType()));
  return success();
}

/// i32 convolution of (X - x_zero_point) and (W - w_zero_point, one value
/// per output channel if 1-D), plus an optional i32 bias.
FailureOr<Value> integerConv(NodeContext &ctx, Value x, Value xzp, Value w,
                             Value wzp, Value bias, RankedTensorType type) {
  int64_t rank = typeOf(w).getRank();
  if (wzp)
    wzp = alongAxis(ctx, wzp, 0, rank);
  Value x32 = shiftedI32(ctx, x, xzp);
  Value w32 = shiftedI32(ctx, w, wzp);
  auto resultType =
      RankedTensorType::get(type.getShape(), ctx.builder.getI32Type());
  return buildConv(ctx, x32, w32, bias, resultType);
}

LogicalResult importConvInteger(NodeContext &ctx,
                                SmallVectorImpl<Value> &results) {
  FailureOr<Value> conv =
      integerConv(ctx, ctx.operand(0), ctx.operand(2), ctx.operand(1),
                  ctx.operand(3), Value(), ctx.resultType());
  if (failed(conv))
    return failure();
  results.push_back(*conv);
  return success();
}

/// QLinearConv or QLinearMatMul on the int8 kernels (modelc.conv or
/// modelc.matmul on quantized types) where its operands allow them: u8
/// activations with constant scalar scales and zero points, a constant s8
/// weight quantized symmetrically per tensor or per output channel, a
/// constant int32 bias, static shapes, and a 2-D convolution of one group
/// or depthwise.
/// Null where they do not (the i32 expansion then computes it).
Value quantizedProduct(NodeContext &ctx, bool conv) {
  Value x = ctx.operand(0), w = ctx.operand(3);
  Value bias = conv ? ctx.operand(8) : Value();
  auto xType = typeOf(x), wType = typeOf(w);
  RankedTensorType yType = ctx.resultType();
  if (!xType.getElementType().isUnsignedInteger(8) ||
      !wType.getElementType().isSignlessInteger(8) || !xType.hasStaticShape() ||
      !yType.hasStaticShape() || !matchPattern(w, m_Constant()) ||
      (bias && !matchPattern(bias, m_Constant())))
    return nullptr;
  int64_t outAxis = conv ? 0 : 1;
  // A convolution of one group or depthwise (one input and one output
  // channel a group).
  int64_t group = conv ? ctx.getInt("group", 1) : 1;
  if (conv ? (xType.getRank() != 4 || wType.getRank() != 4 ||
              (group != 1 &&
               (group != wType.getDimSize(0) || wType.getDimSize(1) != 1)))
           : (xType.getRank() < 2 || wType.getRank() != 2))
    return nullptr;
  auto xs = constantFloats(ctx.operand(1)), ws = constantFloats(ctx.operand(4)),
       ys = constantFloats(ctx.operand(6));
  auto xzp = constantIntegers(ctx.operand(2)),
       wzp = constantIntegers(ctx.operand(5)),
       yzp = constantIntegers(ctx.operand(7));
  if (!xs || !ws || !ys || !xzp || !wzp || !yzp || xs->size() != 1 ||
      ys->size() != 1 || xzp->size() != 1 || yzp->size() != 1 ||
      (ws->size() != 1 && int64_t(ws->size()) != wType.getDimSize(outAxis)) ||
      llvm::any_of(*wzp, [](int64_t z) { return z != 0; }))
    return nullptr;
  Type xq = quantizedType(xType.getElementType(), *xs, *xzp, -1);
  Type wq = quantizedType(wType.getElementType(), *ws,
                          SmallVector<int64_t>(ws->size(), 0), outAxis);
  Type yq = quantizedType(yType.getElementType(), *ys, *yzp, -1);
  if (!xq || !wq || !yq)
    return nullptr;
  Value xQuant = asQuantized(ctx, x, xq);
  Value wQuant = asQuantized(ctx, w, wq);
  auto resultType = RankedTensorType::get(yType.getShape(), yq);
  Value y;
  if (conv) {
    FailureOr<Value> built = buildConv(ctx, xQuant, wQuant, bias, resultType);
    if (failed(built))
      return nullptr;
    y = *built;
  } else {
    OpBuilder &b = ctx.builder;
    y = b.create<MatMulOp>(
        ctx.loc, resultType, xQuant, wQuant, /*bias=*/Value(),
        /*residual=*/Value(),
        ActivationKindAttr::get(b.getContext(), ActivationKind::none),
        b.getF32FloatAttr(0), b.getF32FloatAttr(0));
  }
  return ctx.create<StorageCastOp>(yType, y);
}

LogicalResult importQLinearMatMul(NodeContext &ctx,
                                  SmallVectorImpl<Value> &results) {
  if (Value y = quantizedProduct(ctx, /*conv=*/false)) {
    results.push_back(y);
    return success();
  }
  Value a = ctx.operand(0), as = ctx.operand(1), azp = ctx.operand(2);
  Value b = ctx.operand(3), bs = ctx.operand(4), bzp = ctx.operand(5);
  Value ys = ctx.operand(6), yzp = ctx.operand(7);
  Value acc = integerMatMul(ctx, a, azp, b, bzp, ctx.resultType());
  Type f32 = ctx.builder.getF32Type();
  // One multiplier: a_scale * b_scale / y_scale (b_scale per column).
  Value multiplier =
      binary<DivOp>(ctx, binary<MulOp>(ctx, castTo(ctx, as, f32),
                                       castTo(ctx, bs, f32)),
                    castTo(ctx, ys, f32));
  results.push_back(requantize(ctx, acc, multiplier, yzp,
                               ctx.resultType().getElementType()));
  return success();
}

LogicalResult importQLinearConv(NodeContext &ctx,
                                SmallVectorImpl<Value> &results) {
  if (Value y = quantizedProduct(ctx, /*conv=*/true)) {
    results.push_back(y);
    return success();
  }
  Value x = ctx.operand(0), xs = ctx.operand(1), xzp = ctx.operand(2);
  Value w = ctx.operand(3), ws = ctx.operand(4), wzp = ctx.operand(5);
  Value ys = ctx.operand(6), yzp = ctx.operand(7), bias = ctx.operand(8);
  FailureOr<Value> acc =
      integerConv(ctx, x, xzp, w, wzp, bias, ctx.resultType());
  if (failed(acc))
    return failure();
  Type f32 = ctx.builder.getF32Type();
  int64_t rank = typeOf(x).getRank();
  Value wScale = alongAxis(ctx, castTo(ctx, ws, f32), 1, rank);
  Value multiplier = binary<DivOp>(
      ctx, binary<MulOp>(ctx, wScale, castTo(ctx, xs, f32)),
      castTo(ctx, ys, f32));
  results.push_back(requantize(ctx, *acc, multiplier, yzp,
                               ctx.resultType().getElementType()));
  return success();
}

} // namespace

void onnx_import::registerQuantizationImporters(
    llvm::StringMap<ImportFn> &t) {
  t["QuantizeLinear"] = importQuantizeLinear;
  t["DequantizeLinear"] = importDequantizeLinear;
  t["DynamicQuantizeLinear"] = importDynamicQuantizeLinear;
  t["MatMulInteger"] = importMatMulInteger;
  t["ConvInteger"] = importConvInteger;
  t["QLinearMatMul"] = importQLinearMatMul;
  t["QLinearConv"] = importQLinearConv;
}
