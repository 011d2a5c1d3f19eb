//===- Quantized.cpp - quantized types to integer linalg --------*- C++ -*-===//
//
// Part of modelc. Tensors of `!quant.uniform` types lower to their storage
// integers (ModelcTypeConverter); this file lowers the ops whose meaning
// depends on the scales and zero points:
//   modelc.quantize / modelc.dequantize   elementwise, per tensor or per axis;
//   modelc.storage_cast                   nothing (the same bits);
//   modelc.conv (2-D, channels last, one group) and modelc.matmul by a
//   constant on quantized types           an int8 product in groups of four
//                                         (u8 activations x s8 weights, i32
//                                         sums: vpdpbusd's shape), then the
//                                         requantization as its epilogue;
//   modelc.conv depthwise (2-D, channels  linalg's depthwise convolution of
//   last) on quantized types              i8 by i8 into i32 (the u8
//                                         activations flipped to s8 by their
//                                         top bit), then the requantization.
//
// The int8 product is a linalg.generic whose innermost loop (`j`, 4) runs
// over four consecutive input channels (or K) that both operands read
// contiguously, the weights re-laid at compile time as [..., N x 4] (the
// four bytes of each column together, the columns after each other); the
// activations' zero point times each filter's sum (the compensation) is
// folded with the int32 bias into the accumulator's initial value, so the
// product works on the raw bytes. modelc-cpu-tile-and-vectorize turns that
// generic into dot-product instructions (isDot4Product).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "modelc/Codegen/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// The parameters of a uniform quantized type: one scale and zero point,
/// or one per index of AXIS.
struct QuantParams {
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  int32_t axis = -1;
  bool isSigned = false;
  int64_t qmin = 0, qmax = 0;
  unsigned width = 8;

  bool perTensor() const { return axis < 0; }
  double scale(int64_t i = 0) const { return scales[perTensor() ? 0 : i]; }
  int64_t zeroPoint(int64_t i = 0) const {
    return zeroPoints[perTensor() ? 0 : i];
  }
};

} // namespace

static std::optional<QuantParams> quantParams(Type type) {
  if (auto tensor = dyn_cast<ShapedType>(type))
    type = tensor.getElementType();
  QuantParams p;
  if (auto q = dyn_cast<quant::UniformQuantizedType>(type)) {
    p.scales = {q.getScale()};
    p.zeroPoints = {q.getZeroPoint()};
  } else if (auto q = dyn_cast<quant::UniformQuantizedPerAxisType>(type)) {
    p.scales = llvm::to_vector(q.getScales());
    p.zeroPoints = llvm::to_vector(q.getZeroPoints());
    p.axis = q.getQuantizedDimension();
  } else {
    return std::nullopt;
  }
  auto q = cast<quant::QuantizedType>(type);
  p.isSigned = q.isSigned();
  p.qmin = q.getStorageTypeMin();
  p.qmax = q.getStorageTypeMax();
  p.width = q.getStorageTypeIntegralWidth();
  return p;
}

bool lowering::isQuantizedTensor(Type type) {
  auto tensor = dyn_cast<ShapedType>(type);
  return tensor && isa<quant::QuantizedType>(tensor.getElementType());
}

bool lowering::isUnsignedStorage(Type type) {
  if (auto tensor = dyn_cast<ShapedType>(type))
    type = tensor.getElementType();
  if (auto q = dyn_cast<quant::QuantizedType>(type))
    return !q.isSigned();
  return type.isUnsignedInteger();
}

/// The constant integers that VALUE (a storage_cast of a modelc.constant,
/// or a constant) holds.
static DenseElementsAttr constantStorage(Value value) {
  if (auto cast = value.getDefiningOp<StorageCastOp>())
    value = cast.getInput();
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return nullptr;
  return attr;
}

static SmallVector<int64_t> integersOf(DenseElementsAttr attr) {
  SmallVector<int64_t> out;
  bool isUnsigned = attr.getElementType().isUnsignedInteger();
  for (const APInt &v : attr.getValues<APInt>())
    out.push_back(isUnsigned ? int64_t(v.getZExtValue()) : v.getSExtValue());
  return out;
}

/// A 1-D f32 or i32 constant tensor of VALUES.
static Value constant1D(OpBuilder &b, Location loc, ArrayRef<float> values) {
  auto type = RankedTensorType::get({int64_t(values.size())}, b.getF32Type());
  return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(type, values));
}
static Value constant1D(OpBuilder &b, Location loc, ArrayRef<int32_t> values) {
  auto type = RankedTensorType::get({int64_t(values.size())}, b.getI32Type());
  return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(type, values));
}

/// An elementwise linalg.generic over INPUT (of rank RANK) and, where the
/// parameters are per axis, the 1-D constants PARAMS indexed along AXIS.
static Value elementwiseWithParams(
    OpBuilder &b, Location loc, Value input, RankedTensorType resultType,
    ArrayRef<Value> params, int32_t axis,
    function_ref<Value(OpBuilder &, Location, Value, ValueRange)> body) {
  MLIRContext *ctx = b.getContext();
  int64_t rank = resultType.getRank();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
  SmallVector<AffineMap> maps{identity};
  for (size_t i = 0; i < params.size(); ++i)
    maps.push_back(AffineMap::get(rank, 0, getAffineDimExpr(axis, ctx)));
  maps.push_back(identity);
  SmallVector<Value> inputs{input};
  llvm::append_range(inputs, params);
  Value init = emptyLike(b, loc, resultType, input);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(
                l, body(nb, l, args[0], args.slice(1, params.size())));
          })
      .getResult(0);
}

/// X (f32, an integral value) clamped to [LO, HI] and converted to the
/// storage integer STORAGE.
static Value clampToStorage(OpBuilder &b, Location l, Value x, double lo,
                            double hi, Type storage) {
  Type f32 = b.getF32Type();
  x = b.create<arith::MaximumFOp>(
      l, x, b.create<arith::ConstantOp>(l, b.getFloatAttr(f32, lo)));
  x = b.create<arith::MinimumFOp>(
      l, x, b.create<arith::ConstantOp>(l, b.getFloatAttr(f32, hi)));
  Value i = b.create<arith::FPToSIOp>(l, b.getI32Type(), x);
  return b.create<arith::TruncIOp>(l, storage, i);
}

/// The scales and zero points of a per-axis P as 1-D constants, for
/// elementwiseWithParams; none per tensor.
static SmallVector<Value> axisParams(OpBuilder &b, Location loc,
                                     const QuantParams &p,
                                     ArrayRef<float> scales,
                                     ArrayRef<float> zps) {
  if (p.perTensor())
    return {};
  return {constant1D(b, loc, scales), constant1D(b, loc, zps)};
}

/// The scale and zero point of the element at hand: ARGS (read from
/// axisParams' constants) per axis, SCALES[0] and ZPS[0] per tensor.
static std::pair<Value, Value> scaleAndZeroPoint(OpBuilder &b, Location l,
                                                 ValueRange args,
                                                 ArrayRef<float> scales,
                                                 ArrayRef<float> zps) {
  if (!args.empty())
    return {args[0], args[1]};
  return {b.create<arith::ConstantOp>(l, b.getF32FloatAttr(scales[0])),
          b.create<arith::ConstantOp>(l, b.getF32FloatAttr(zps[0]))};
}

/// Whether OP is a float matmul [..., M, K] x [K, N] whose B dequantizes
/// constant s8 weights, symmetric per tensor or per column: a weight-only
/// quantized product (WeightOnlyMatMulLowering).
static bool isWeightOnlyMatMul(MatMulOp op) {
  auto dequantize = op.getB().getDefiningOp<DequantizeOp>();
  if (!dequantize || isQuantizedTensor(op.getType()))
    return false;
  DenseElementsAttr weight = constantStorage(dequantize.getInput());
  std::optional<QuantParams> p = quantParams(dequantize.getInput().getType());
  auto aType = cast<ShapedType>(op.getA().getType());
  return weight && p && p->isSigned && p->width == 8 &&
         weight.getType().getRank() == 2 && aType.getRank() >= 2 &&
         aType.getElementType().isF32() &&
         getElementTypeOrSelf(op.getType()).isF32() &&
         (p->perTensor() || p->axis == 1) &&
         llvm::all_of(p->zeroPoints, [](int64_t z) { return z == 0; });
}

namespace {

struct StorageCastLowering : public OpConversionPattern<StorageCastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(StorageCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// saturate(round(x / scale) + zero point), per tensor or per axis.
struct QuantizeLowering : public OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    std::optional<QuantParams> p = quantParams(op.getType());
    Value input = adaptor.getInput();
    if (!p || !cast<RankedTensorType>(input.getType()).getElementType().isF32())
      return unsupported(op, "quantizes f32 tensors");
    auto resultType = convertTensorType(op.getType());
    Type storage = resultType.getElementType();
    double lo = p->qmin, hi = p->qmax;
    SmallVector<float> scales(p->scales.begin(), p->scales.end());
    SmallVector<float> zps(p->zeroPoints.begin(), p->zeroPoints.end());
    Value result = elementwiseWithParams(
        rewriter, loc, input, resultType,
        axisParams(rewriter, loc, *p, scales, zps), p->axis,
        [&](OpBuilder &b, Location l, Value x, ValueRange args) {
          auto [scale, zp] = scaleAndZeroPoint(b, l, args, scales, zps);
          x = b.create<arith::DivFOp>(l, x, scale);
          x = b.create<math::RoundEvenOp>(l, x);
          x = b.create<arith::AddFOp>(l, x, zp);
          return clampToStorage(b, l, x, lo, hi, storage);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// (q - zero point) * scale, per tensor or per axis.
struct DequantizeLowering : public OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    std::optional<QuantParams> p = quantParams(op.getInput().getType());
    auto resultType = convertTensorType(op.getType());
    if (!p || !resultType.getElementType().isF32() || p->width > 32)
      return unsupported(op, "dequantizes to f32");
    bool isSigned = p->isSigned;
    auto toFloat = [isSigned](OpBuilder &b, Location l, Value q) -> Value {
      Type f32 = b.getF32Type();
      if (isSigned)
        return b.create<arith::SIToFPOp>(l, f32, q);
      return b.create<arith::UIToFPOp>(l, f32, q);
    };
    SmallVector<float> scales(p->scales.begin(), p->scales.end());
    SmallVector<float> zps(p->zeroPoints.begin(), p->zeroPoints.end());
    // A constant (weights that stay float, a bias) is dequantized here,
    // once, with the same f32 arithmetic as at run time; not the weights
    // that weight-only matmuls read as s8 (their float copy would only
    // take compile-time memory).
    bool weightOnly =
        !op->use_empty() && llvm::all_of(op->getUsers(), [&](Operation *user) {
          auto matmul = dyn_cast<MatMulOp>(user);
          return matmul && matmul.getB() == op.getResult() &&
                 isWeightOnlyMatMul(matmul);
        });
    if (DenseElementsAttr q = constantStorage(op.getInput());
        q && resultType.hasStaticShape() && !weightOnly) {
      SmallVector<int64_t> values = integersOf(q);
      ArrayRef<int64_t> shape = resultType.getShape();
      int64_t inner = 1;
      if (!p->perTensor())
        for (int64_t d = p->axis + 1; d < int64_t(shape.size()); ++d)
          inner *= shape[d];
      int64_t channels = p->perTensor() ? 1 : shape[p->axis];
      SmallVector<float> floats;
      floats.reserve(resultType.getNumElements());
      for (int64_t i = 0, e = resultType.getNumElements(); i < e; ++i) {
        int64_t c = p->perTensor() ? 0 : (i / inner) % channels;
        float x = float(values[q.isSplat() ? 0 : i]) - zps[c];
        floats.push_back(x * scales[c]);
      }
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(
          op, DenseElementsAttr::get(resultType, ArrayRef(floats)));
      return success();
    }
    Value result = elementwiseWithParams(
        rewriter, loc, adaptor.getInput(), resultType,
        axisParams(rewriter, loc, *p, scales, zps), p->axis,
        [&](OpBuilder &b, Location l, Value q, ValueRange args) {
          auto [scale, zp] = scaleAndZeroPoint(b, l, args, scales, zps);
          Value x = toFloat(b, l, q);
          x = b.create<arith::SubFOp>(l, x, zp);
          return b.create<arith::MulFOp>(l, x, scale);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// What the quantized product lowerings share: the accumulator's initial
/// value (bias minus the compensation), the requantization multipliers and
/// the clamp of the result.
struct QuantizedProduct {
  SmallVector<int32_t> init;     ///< per output channel
  SmallVector<float> multiplier; ///< per output channel
  double lo, hi;                 ///< the result's clamp, in its integers
  float zeroPoint;               ///< the result's
};

} // namespace

/// The common checks and constants of a quantized product of an activation
/// of type X by the constant weights W (per tensor or per output channel
/// along W's axis OUTAXIS, symmetric), whose rows of the reduction are
/// summed by SUMS (one per output channel), with the optional int32 BIAS,
/// into RESULT, followed by ACTIVATION.
static FailureOr<QuantizedProduct>
prepareProduct(Operation *op, Type x, Type w, int64_t outAxis,
               ArrayRef<int64_t> sums, Value bias, Type result,
               ActivationKind activation, float alpha, float beta) {
  std::optional<QuantParams> px = quantParams(x), pw = quantParams(w),
                             py = quantParams(result);
  if (!px || !pw || !py || !px->perTensor() || !py->perTensor())
    return unsupported(op, "quantized products need per-tensor activations");
  if (px->isSigned || px->width != 8)
    return unsupported(op, "quantized products take u8 activations");
  if (!pw->isSigned || pw->width != 8 ||
      (!pw->perTensor() && pw->axis != outAxis) ||
      llvm::any_of(pw->zeroPoints, [](int64_t z) { return z != 0; }))
    return unsupported(op, "quantized products take symmetric s8 weights "
                           "per tensor or per output channel");
  if (py->width != 8)
    return unsupported(op, "quantized products give 8-bit results");
  int64_t channels = sums.size();
  SmallVector<int64_t> biasValues(channels, 0);
  if (bias) {
    DenseElementsAttr attr = constantStorage(bias);
    if (!attr || !attr.getElementType().isInteger(32) ||
        attr.getNumElements() != (attr.isSplat() ? 1 : channels))
      return unsupported(op, "a quantized product's bias is a constant of "
                             "int32, one per output channel");
    SmallVector<int64_t> values = integersOf(attr);
    for (int64_t c = 0; c < channels; ++c)
      biasValues[c] = values[attr.isSplat() ? 0 : c];
  }
  QuantizedProduct q;
  int64_t zx = px->zeroPoint();
  for (int64_t c = 0; c < channels; ++c) {
    int64_t init = biasValues[c] - zx * sums[c];
    if (init < INT32_MIN || init > INT32_MAX)
      return unsupported(op, "the bias and the zero point's compensation "
                             "overflow int32");
    q.init.push_back(int32_t(init));
    // In f32 as ONNX Runtime computes it: x_scale * w_scale / y_scale.
    float scale = float(px->scale()) * float(pw->scale(c));
    q.multiplier.push_back(scale / float(py->scale()));
  }
  q.zeroPoint = float(py->zeroPoint());
  q.lo = py->qmin;
  q.hi = py->qmax;
  double sy = py->scale(), zy = py->zeroPoint();
  auto toQ = [&](double real) { return std::nearbyint(real / sy) + zy; };
  switch (activation) {
  case ActivationKind::none:
    break;
  case ActivationKind::relu:
    q.lo = std::max(q.lo, zy);
    break;
  case ActivationKind::clip:
    q.lo = std::max(q.lo, toQ(alpha));
    q.hi = std::min(q.hi, toQ(beta));
    break;
  default:
    return unsupported(op, "a quantized product takes no activation but "
                           "Relu and Clip");
  }
  return q;
}

/// The accumulator of TYPE (i32, the output channels last), each channel
/// starting at INIT.
static Value initialAccumulator(OpBuilder &b, Location loc,
                                RankedTensorType type, ArrayRef<int32_t> init) {
  MLIRContext *ctx = b.getContext();
  int64_t rank = type.getRank();
  Value empty =
      b.create<tensor::EmptyOp>(loc, type.getShape(), type.getElementType());
  SmallVector<AffineMap> maps{
      AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, ctx)),
      AffineMap::getMultiDimIdentityMap(rank, ctx)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{constant1D(b, loc, init)},
          ValueRange{empty}, maps, iterators,
          [](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(l, args[0]);
          })
      .getResult(0);
}

/// The body of the int8 product: acc + zext(a) * sext(w) in i32.
static void dot4Body(OpBuilder &b, Location l, ValueRange args) {
  Type i32 = b.getI32Type();
  Value a = b.create<arith::ExtUIOp>(l, i32, args[0]);
  Value w = b.create<arith::ExtSIOp>(l, i32, args[1]);
  Value p = b.create<arith::MulIOp>(l, a, w);
  b.create<linalg::YieldOp>(l,
                            ValueRange{b.create<arith::AddIOp>(l, args[2], p)});
}

/// The requantization of ACC (i32, channels last) into RESULTTYPE's
/// storage integers.
static Value requantize(OpBuilder &b, Location loc, Value acc,
                        RankedTensorType resultType,
                        const QuantizedProduct &q) {
  Type storage = resultType.getElementType();
  int64_t rank = resultType.getRank();
  float zp = q.zeroPoint;
  double lo = q.lo, hi = q.hi;
  return elementwiseWithParams(
      b, loc, acc, resultType, {constant1D(b, loc, q.multiplier)}, rank - 1,
      [&](OpBuilder &nb, Location l, Value a, ValueRange params) {
        Value f = nb.create<arith::SIToFPOp>(l, nb.getF32Type(), a);
        f = nb.create<arith::MulFOp>(l, f, params[0]);
        f = nb.create<math::RoundEvenOp>(l, f);
        f = nb.create<arith::AddFOp>(
            l, f, nb.create<arith::ConstantOp>(l, nb.getF32FloatAttr(zp)));
        return clampToStorage(nb, l, f, lo, hi, storage);
      });
}

/// The int8 product (marked kInt8ProductAttr) of A (u8 storage in groups of
/// four) by the weights PACKED (s8, of PACKEDSHAPE) with MAPS and ITERATORS,
/// from Q's initial accumulator, requantized into RESULTTYPE's integers.
static Value
quantizedProduct(OpBuilder &b, Location loc, Value a, ArrayRef<int8_t> packed,
                 ArrayRef<int64_t> packedShape, ArrayRef<AffineMap> maps,
                 ArrayRef<utils::IteratorType> iterators,
                 RankedTensorType resultType, const QuantizedProduct &q) {
  auto packedType = RankedTensorType::get(packedShape, b.getI8Type());
  Value w = b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(packedType, packed));
  auto accType = RankedTensorType::get(resultType.getShape(), b.getI32Type());
  Value init = initialAccumulator(b, loc, accType, q.init);
  auto product =
      b.create<linalg::GenericOp>(loc, TypeRange{accType}, ValueRange{a, w},
                                  ValueRange{init}, maps, iterators, dot4Body);
  product->setAttr(kInt8ProductAttr, b.getUnitAttr());
  return requantize(b, loc, product.getResult(0), resultType, q);
}

/// X (u8 storage, channels or K last) with that dimension padded with
/// ZEROPOINT to a multiple of 4 and split into [..., C/4, 4]; LOW and HIGH
/// pad the other dimensions too.
static Value groupsOfFour(OpBuilder &b, Location loc, Value x,
                          SmallVector<int64_t> low, SmallVector<int64_t> high,
                          int64_t zeroPoint) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  int64_t c = type.getDimSize(rank - 1);
  high[rank - 1] += llvm::alignTo(c, 4) - c;
  if (llvm::any_of(low, [](int64_t v) { return v != 0; }) ||
      llvm::any_of(high, [](int64_t v) { return v != 0; })) {
    auto toOfr = [&](ArrayRef<int64_t> v) {
      return llvm::map_to_vector(
          v, [&](int64_t i) -> OpFoldResult { return b.getIndexAttr(i); });
    };
    Value pad = b.create<arith::ConstantOp>(
        loc, b.getIntegerAttr(type.getElementType(), zeroPoint));
    x = padTensor(b, loc, x, toOfr(low), toOfr(high), pad);
    type = cast<RankedTensorType>(x.getType());
  }
  SmallVector<int64_t> shape(type.getShape());
  shape.back() /= 4;
  shape.push_back(4);
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i < rank - 1; ++i)
    groups.push_back({i});
  groups.push_back({rank - 1, rank});
  return b.create<tensor::ExpandShapeOp>(
      loc, RankedTensorType::get(shape, type.getElementType()), x, groups);
}

/// prepareProduct for the convolution OP, whose filters' sums are SUMS.
static FailureOr<QuantizedProduct> prepareConv(ConvOp op,
                                               ArrayRef<int64_t> sums) {
  return prepareProduct(op, op.getInput().getType(), op.getWeight().getType(),
                        0, sums, op.getBias(), op.getType(), op.getActivation(),
                        op.getActivationAlpha().convertToFloat(),
                        op.getActivationBeta().convertToFloat());
}

/// A depthwise 2-D channels-last convolution on quantized types: the u8
/// input X (its zero point ZX) flipped to s8 (x - 128: linalg's
/// convolutions sign-extend) and padded with its zero point, convolved with
/// the weights WEIGHT ([M, 1, KH, KW] s8) into i32 from Q's accumulator
/// (whose compensation becomes (128 - ZX) times each filter's sum), and
/// requantized into RESULTTYPE.
static FailureOr<Value> depthwiseProduct(ConversionPatternRewriter &b,
                                         ConvOp op, Value x,
                                         DenseElementsAttr weight,
                                         RankedTensorType resultType) {
  Location loc = op.getLoc();
  ArrayRef<int64_t> wShape = weight.getType().getShape();
  int64_t m = wShape[0], kh = wShape[2], kw = wShape[3];
  SmallVector<int64_t> w = integersOf(weight);
  SmallVector<int64_t> sums(m, 0);
  // [kh, kw, m]
  SmallVector<int8_t> hwc(kh * kw * m);
  for (int64_t o = 0; o < m; ++o)
    for (int64_t y = 0; y < kh; ++y)
      for (int64_t xx = 0; xx < kw; ++xx) {
        int64_t v = weight.isSplat() ? w[0] : w[(o * kh + y) * kw + xx];
        sums[o] += v;
        hwc[(y * kw + xx) * m + o] = int8_t(v);
      }
  FailureOr<QuantizedProduct> q = prepareConv(op, sums);
  if (failed(q))
    return failure();
  // init = bias - zx * sum(w) and sum(w * (x - zx)) = sum(w * (x - 128)) +
  // (128 - zx) * sum(w): 128 * sum(w) more.
  for (int64_t o = 0; o < m; ++o) {
    int64_t init = int64_t(q->init[o]) + 128 * sums[o];
    if (init < INT32_MIN || init > INT32_MAX)
      return unsupported(op, "the bias and the zero point's compensation "
                             "overflow int32");
    q->init[o] = int32_t(init);
  }
  int64_t zx = quantParams(op.getInput().getType())->zeroPoint();
  // x ^ 0x80: u8 x as the s8 x - 128.
  auto xType = cast<RankedTensorType>(x.getType());
  Value flipped = elementwiseWithParams(
      b, loc, x, xType, {}, 0,
      [](OpBuilder &nb, Location l, Value v, ValueRange) -> Value {
        Value top = nb.create<arith::ConstantOp>(
            l, nb.getIntegerAttr(v.getType(), -128));
        return nb.create<arith::XOrIOp>(l, v, top);
      });
  ArrayRef<int64_t> pads = op.getPads();
  if (llvm::any_of(pads, [](int64_t p) { return p != 0; })) {
    Value pad = b.create<arith::ConstantOp>(
        loc, b.getIntegerAttr(xType.getElementType(), zx - 128));
    SmallVector<OpFoldResult> low{b.getIndexAttr(0), b.getIndexAttr(pads[0]),
                                  b.getIndexAttr(pads[1]), b.getIndexAttr(0)};
    SmallVector<OpFoldResult> high{b.getIndexAttr(0), b.getIndexAttr(pads[2]),
                                   b.getIndexAttr(pads[3]), b.getIndexAttr(0)};
    flipped = padTensor(b, loc, flipped, low, high, pad);
  }
  auto filterType = RankedTensorType::get({kh, kw, m}, b.getI8Type());
  Value filter = b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(filterType, ArrayRef<int8_t>(hwc)));
  auto accType = RankedTensorType::get(resultType.getShape(), b.getI32Type());
  Value init = initialAccumulator(b, loc, accType, q->init);
  Value acc = b.create<linalg::DepthwiseConv2DNhwcHwcOp>(
                   loc, TypeRange{accType}, ValueRange{flipped, filter},
                   ValueRange{init}, pairAttr(b, op.getStrides()),
                   pairAttr(b, op.getDilations()))
                  .getResult(0);
  return requantize(b, loc, acc, resultType, *q);
}

namespace {

/// A 2-D channels-last convolution of one group, or depthwise, on quantized
/// types.
struct QuantizedConvLowering : public OpConversionPattern<ConvOp> {
  QuantizedConvLowering(TypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, /*benefit=*/2) {}
  LogicalResult
  matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isQuantizedTensor(op.getType()))
      return failure();
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto resultType = convertTensorType(op.getType());
    DenseElementsAttr weight = constantStorage(op.getWeight());
    if (!weight)
      return unsupported(op, "a quantized convolution's weight must be a "
                             "constant");
    ArrayRef<int64_t> wShape = weight.getType().getShape();
    bool depthwise = wShape.size() == 4 && op.getGroup() == wShape[0] &&
                     wShape[1] == 1 && op.getGroup() != 1;
    if (!op.getChannelsLast() || (op.getGroup() != 1 && !depthwise) ||
        inputType.getRank() != 4 || !inputType.hasStaticShape() ||
        !resultType.hasStaticShape() || op.getResidual())
      return unsupported(op, "a quantized convolution must be 2-D, of one "
                             "group or depthwise, channels last, with static "
                             "shapes and no residual");
    if (depthwise) {
      FailureOr<Value> y = depthwiseProduct(rewriter, op, adaptor.getInput(),
                                            weight, resultType);
      if (failed(y))
        return failure();
      rewriter.replaceOp(op, *y);
      return success();
    }
    int64_t m = wShape[0], c = wShape[1], kh = wShape[2], kw = wShape[3];
    int64_t c4 = llvm::divideCeil(c, 4);
    SmallVector<int64_t> w = integersOf(weight);
    auto at = [&](int64_t o, int64_t i, int64_t y, int64_t x) {
      return weight.isSplat() ? w[0] : w[((o * c + i) * kh + y) * kw + x];
    };
    SmallVector<int64_t> sums(m, 0);
    // [kh, kw, c4, m x 4], the channels past C zero.
    SmallVector<int8_t> packed(kh * kw * c4 * m * 4, 0);
    for (int64_t o = 0; o < m; ++o)
      for (int64_t i = 0; i < c; ++i)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t x = 0; x < kw; ++x) {
            int64_t v = at(o, i, y, x);
            sums[o] += v;
            packed[(((y * kw + x) * c4 + i / 4) * m + o) * 4 + i % 4] =
                int8_t(v);
          }
    FailureOr<QuantizedProduct> q = prepareConv(op, sums);
    if (failed(q))
      return failure();
    int64_t zx = quantParams(op.getInput().getType())->zeroPoint();
    ArrayRef<int64_t> pads = op.getPads();
    ArrayRef<int64_t> strides = op.getStrides();
    ArrayRef<int64_t> dilations = op.getDilations();
    Value x =
        groupsOfFour(rewriter, loc, adaptor.getInput(),
                     {0, pads[0], pads[1], 0}, {0, pads[2], pads[3], 0}, zx);
    // (n, oh, ow, m, kh, kw, c4, j)
    MLIRContext *ctx = rewriter.getContext();
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineMap> maps{
        AffineMap::get(8, 0,
                       {d(0), d(1) * strides[0] + d(4) * dilations[0],
                        d(2) * strides[1] + d(5) * dilations[1], d(6), d(7)},
                       ctx),
        AffineMap::get(8, 0, {d(4), d(5), d(6), d(3) * 4 + d(7)}, ctx),
        AffineMap::get(8, 0, {d(0), d(1), d(2), d(3)}, ctx)};
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    iterators.append(4, utils::IteratorType::reduction);
    rewriter.replaceOp(op, quantizedProduct(rewriter, loc, x, packed,
                                            {kh, kw, c4, m * 4}, maps,
                                            iterators, resultType, *q));
    return success();
  }
};

/// A matmul of quantized activations [..., M, K] by a constant quantized
/// [K, N].
struct QuantizedMatMulLowering : public OpConversionPattern<MatMulOp> {
  QuantizedMatMulLowering(TypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, /*benefit=*/2) {}
  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isQuantizedTensor(op.getType()))
      return failure();
    Location loc = op.getLoc();
    auto aType = cast<RankedTensorType>(adaptor.getA().getType());
    auto resultType = convertTensorType(op.getType());
    DenseElementsAttr weight = constantStorage(op.getB());
    if (aType.getRank() < 2 || !aType.hasStaticShape() ||
        !resultType.hasStaticShape() || !weight ||
        weight.getType().getRank() != 2 || op.getResidual())
      return unsupported(op, "a quantized matmul needs activations of rank 2 "
                             "or more with static shapes, times a constant "
                             "2-D weight, and no residual");
    int64_t k = weight.getType().getDimSize(0);
    int64_t n = weight.getType().getDimSize(1);
    int64_t k4 = llvm::divideCeil(k, 4);
    SmallVector<int64_t> w = integersOf(weight);
    SmallVector<int64_t> sums(n, 0);
    SmallVector<int8_t> packed(k4 * n * 4, 0); // [k4, n x 4]
    for (int64_t i = 0; i < k; ++i)
      for (int64_t j = 0; j < n; ++j) {
        int64_t v = weight.isSplat() ? w[0] : w[i * n + j];
        sums[j] += v;
        packed[((i / 4) * n + j) * 4 + i % 4] = int8_t(v);
      }
    FailureOr<QuantizedProduct> q =
        prepareProduct(op, op.getA().getType(), op.getB().getType(), 1, sums,
                       op.getBias(), op.getType(), op.getActivation(),
                       op.getActivationAlpha().convertToFloat(),
                       op.getActivationBeta().convertToFloat());
    if (failed(q))
      return failure();
    int64_t rank = aType.getRank();
    int64_t zx = quantParams(op.getA().getType())->zeroPoint();
    Value a = groupsOfFour(rewriter, loc, adaptor.getA(),
                           SmallVector<int64_t>(rank, 0),
                           SmallVector<int64_t>(rank, 0), zx);
    // (batch..., m, n, k4, j)
    MLIRContext *ctx = rewriter.getContext();
    int64_t numDims = rank + 2;
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> aExprs, outExprs;
    for (int64_t i = 0; i < rank - 1; ++i) {
      aExprs.push_back(d(i));
      outExprs.push_back(d(i));
    }
    outExprs.push_back(d(rank - 1));
    aExprs.push_back(d(rank));
    aExprs.push_back(d(rank + 1));
    SmallVector<AffineMap> maps{
        AffineMap::get(numDims, 0, aExprs, ctx),
        AffineMap::get(numDims, 0, {d(rank), d(rank - 1) * 4 + d(rank + 1)},
                       ctx),
        AffineMap::get(numDims, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.append(2, utils::IteratorType::reduction);
    rewriter.replaceOp(op,
                       quantizedProduct(rewriter, loc, a, packed, {k4, n * 4},
                                        maps, iterators, resultType, *q));
    return success();
  }
};

/// A float matmul [..., M, K] x [K, N] whose B dequantizes constant s8
/// weights, symmetric per tensor or per column (weight-only quantization,
/// as --quantize=int8-weights writes it): the product reads the s8 bytes
/// and converts them in the kernel (a quarter of the float weights' memory
/// traffic, which bounds a product of few rows), the sums then scaled per
/// column before the bias, residual and activation.
struct WeightOnlyMatMulLowering : public OpConversionPattern<MatMulOp> {
  WeightOnlyMatMulLowering(TypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, /*benefit=*/2) {}
  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isWeightOnlyMatMul(op))
      return failure();
    auto dequantize = op.getB().getDefiningOp<DequantizeOp>();
    DenseElementsAttr weight = constantStorage(dequantize.getInput());
    std::optional<QuantParams> p = quantParams(dequantize.getInput().getType());
    auto aType = cast<RankedTensorType>(adaptor.getA().getType());
    auto resultType = convertTensorType(op.getType());
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t n = weight.getType().getDimSize(1);
    auto storageType = RankedTensorType::get(weight.getType().getShape(),
                                             rewriter.getI8Type());
    Value w = rewriter.create<arith::ConstantOp>(
        loc, weight.bitcast(rewriter.getI8Type()).reshape(storageType));
    // (batch..., m, k, n), as the float matmul's.
    int64_t rank = aType.getRank();
    int64_t numDims = rank + 1;
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> aExprs, outExprs;
    for (int64_t i = 0; i < rank - 1; ++i) {
      aExprs.push_back(d(i));
      outExprs.push_back(d(i));
    }
    aExprs.push_back(d(rank - 1));
    outExprs.push_back(d(rank));
    SmallVector<AffineMap> maps{
        AffineMap::get(numDims, 0, aExprs, ctx),
        AffineMap::get(numDims, 0, {d(rank - 1), d(rank)}, ctx),
        AffineMap::get(numDims, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(numDims,
                                               utils::IteratorType::parallel);
    iterators[rank - 1] = utils::IteratorType::reduction;
    SmallVector<Value> sizes;
    for (int64_t r = 0; r < rank - 1; ++r)
      if (resultType.isDynamicDim(r))
        sizes.push_back(rewriter.create<tensor::DimOp>(loc, adaptor.getA(), r));
    Value zero =
        rewriter.create<arith::ConstantOp>(loc, rewriter.getF32FloatAttr(0.0f));
    Value init = createFilled(rewriter, loc, resultType, zero, sizes);
    Value product =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{resultType}, ValueRange{adaptor.getA(), w},
                ValueRange{init}, maps, iterators,
                [](OpBuilder &b, Location l, ValueRange args) {
                  Value wf =
                      b.create<arith::SIToFPOp>(l, b.getF32Type(), args[1]);
                  Value m = b.create<arith::MulFOp>(l, args[0], wf);
                  b.create<linalg::YieldOp>(
                      l, ValueRange{b.create<arith::AddFOp>(l, args[2], m)});
                })
            .getResult(0);
    SmallVector<float> scales(p->scales.begin(), p->scales.end());
    if (scales.size() == 1)
      scales.assign(n, scales[0]);
    Value scaled = elementwiseWithParams(
        rewriter, loc, product, resultType, {constant1D(rewriter, loc, scales)},
        resultType.getRank() - 1,
        [](OpBuilder &b, Location l, Value x, ValueRange params) {
          return b.create<arith::MulFOp>(l, x, params[0]);
        });
    SmallVector<Value> addends;
    if (Value bias = adaptor.getBias())
      addends.push_back(bias);
    if (Value residual = adaptor.getResidual())
      addends.push_back(residual);
    rewriter.replaceOp(
        op, addAndActivate(rewriter, loc, scaled, addends, op.getActivation(),
                           op.getActivationAlpha().convertToFloat(),
                           op.getActivationBeta().convertToFloat()));
    return success();
  }
};

} // namespace

void lowering::populateQuantizedPatterns(TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<StorageCastLowering, QuantizeLowering, DequantizeLowering,
               QuantizedConvLowering, QuantizedMatMulLowering,
               WeightOnlyMatMulLowering>(converter, patterns.getContext());
}
