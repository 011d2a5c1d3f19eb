//===- Signal.cpp - DFT, STFT, windows, MelWeightMatrix to linalg -*- C++ -*-=//
//
// Part of modelc.
//
// DFT and STFT are direct O(n^2) transforms, accumulated in f64 from a
// table of cos(2 pi m / L) and sin(2 pi m / L), m = k * n mod L (so that
// the angles stay small and exact): a constant computed at compile time
// when the sizes are static and the table is not too large, else a
// linalg.generic that computes it (libm's f64 cos and sin) before the
// transform. The table is read with tensor.extract, so that elementwise
// fusion never moves its computation into the transform's loops.
//
// - DFT is one linalg.generic over (batch, bin, inner, re/im, n), n being
//   a reduction, on the input collapsed to batch x n x inner x 1|2;
// - STFT is one parallel linalg.generic over (batch, frame, bin, re/im)
//   whose body sums the frame's elements in an scf.for: frame_step and
//   frame_length may be run-time scalars, and so the frame count, the bin
//   count and the table's sizes (tensor.empty with sizes computed from
//   tensor.extract of the scalars).
//
// The windows and MelWeightMatrix are linalg.generic ops computing each
// element in f64; their sizes too may come from run-time scalars.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// The largest twiddle table (in f64 elements) emitted as a constant.
constexpr int64_t kMaxConstantTable = int64_t(1) << 20;

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return b.create<arith::ConstantIndexOp>(loc, value);
}

Value f64Constant(OpBuilder &b, Location loc, double value) {
  return b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(value));
}

/// A float scalar converted to f64.
Value toF64(OpBuilder &b, Location loc, Value value) {
  if (value.getType().isF64())
    return value;
  return b.create<arith::ExtFOp>(loc, b.getF64Type(), value);
}

/// An index converted to f64.
Value indexToF64(OpBuilder &b, Location loc, Value index) {
  return b.create<arith::SIToFPOp>(
      loc, b.getF64Type(),
      b.create<arith::IndexCastOp>(loc, b.getI64Type(), index));
}

/// The only element of a scalar or one-element tensor.
Value extractScalar(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> zeros(type.getRank(), indexConstant(b, loc, 0));
  return b.create<tensor::ExtractOp>(loc, tensor, zeros);
}

/// The value of an integer scalar operand (ORIGINAL before conversion,
/// CONVERTED after) when it is a constant.
std::optional<int64_t> constantScalar(Value original, Value converted) {
  for (Value v : {converted, original}) {
    FailureOr<SmallVector<int64_t>> values = getConstantIntValues(v);
    if (succeeded(values) && values->size() == 1)
      return values->front();
  }
  return std::nullopt;
}

/// An integer scalar operand as an index: a constant where it is one.
Value indexScalar(OpBuilder &b, Location loc, Value original, Value converted) {
  if (std::optional<int64_t> value = constantScalar(original, converted))
    return indexConstant(b, loc, *value);
  return toIndex(b, loc, extractScalar(b, loc, converted),
                 /*isUnsigned=*/false);
}

/// The angle 2 pi (K * N mod LENGTH) / LENGTH (f64) of the twiddle factor
/// of bin K and element N (index values).
Value twiddleAngle(OpBuilder &b, Location loc, Value k, Value n, Value length) {
  Value m = b.create<arith::RemUIOp>(
      loc,
      b.create<arith::MulIOp>(loc, b.create<arith::RemUIOp>(loc, k, length),
                              b.create<arith::RemUIOp>(loc, n, length)),
      length);
  return b.create<arith::DivFOp>(
      loc,
      b.create<arith::MulFOp>(loc, f64Constant(b, loc, 2.0 * M_PI),
                              indexToF64(b, loc, m)),
      indexToF64(b, loc, length));
}

/// The twiddle table of a transform of length LENGTH, BINS x ELEMENTS x 2
/// f64: T[k, n] = (cos, sin)(2 pi (k * n mod LENGTH) / LENGTH). Each size
/// is a static size or an index value.
Value buildTwiddles(OpBuilder &b, Location loc, OpFoldResult bins,
                    OpFoldResult elements, OpFoldResult length) {
  std::optional<int64_t> k = getConstantIntValue(bins);
  std::optional<int64_t> n = getConstantIntValue(elements);
  std::optional<int64_t> l = getConstantIntValue(length);
  Type f64 = b.getF64Type();
  if (k && n && l && *k * *n * 2 <= kMaxConstantTable) {
    SmallVector<double> values;
    values.reserve(*k * *n * 2);
    for (int64_t i = 0; i < *k; ++i) {
      for (int64_t j = 0; j < *n; ++j) {
        int64_t m = (i % *l) * (j % *l) % *l;
        double c, s;
        // Exact values at the multiples of a quarter turn.
        if (m == 0) {
          c = 1.0, s = 0.0;
        } else if (2 * m == *l) {
          c = -1.0, s = 0.0;
        } else if (4 * m == *l) {
          c = 0.0, s = 1.0;
        } else if (4 * m == 3 * *l) {
          c = 0.0, s = -1.0;
        } else {
          double angle =
              2.0 * M_PI * static_cast<double>(m) / static_cast<double>(*l);
          c = std::cos(angle), s = std::sin(angle);
        }
        values.push_back(c);
        values.push_back(s);
      }
    }
    auto type = RankedTensorType::get({*k, *n, 2}, f64);
    return b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(type, ArrayRef<double>(values)));
  }
  auto type = RankedTensorType::get(
      {k ? *k : ShapedType::kDynamic, n ? *n : ShapedType::kDynamic, 2}, f64);
  SmallVector<Value> dynamicSizes;
  if (!k)
    dynamicSizes.push_back(bins.get<Value>());
  if (!n)
    dynamicSizes.push_back(elements.get<Value>());
  Value lengthIndex = getValueOrCreateConstantIndexOp(b, loc, length);
  Value generic = buildIndexGeneric(
      b, loc, type, dynamicSizes, [&](OpBuilder &nb, Location l, ValueRange) {
        Value i = nb.create<linalg::IndexOp>(l, 0);
        Value j = nb.create<linalg::IndexOp>(l, 1);
        Value part = nb.create<linalg::IndexOp>(l, 2);
        Value angle = twiddleAngle(nb, l, i, j, lengthIndex);
        Value isCos = nb.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq,
                                               part, indexConstant(nb, l, 0));
        Value v = nb.create<arith::SelectOp>(l, isCos,
                                             nb.create<math::CosOp>(l, angle),
                                             nb.create<math::SinOp>(l, angle));
        nb.create<linalg::YieldOp>(l, v);
      });
  return generic;
}

/// One term of a transform: the part PART (0: real, 1: imaginary) of the
/// product of the element (XR, XI; XI null for real signals, all f64) with
/// exp(-i angle) (exp(+i angle) when INVERSE), angle's cos and sin being C
/// and S.
Value fourierTerm(OpBuilder &b, Location loc, Value part, Value xr, Value xi,
                  Value c, Value s, bool inverse) {
  auto mul = [&](Value l, Value r) -> Value {
    return b.create<arith::MulFOp>(loc, l, r);
  };
  // Forward: (xr + i xi)(c - i s) = xr c + xi s + i (xi c - xr s).
  Value re = mul(xr, c), im = b.create<arith::NegFOp>(loc, mul(xr, s));
  if (inverse)
    im = mul(xr, s);
  if (xi) {
    Value xis = mul(xi, s), xic = mul(xi, c);
    re = inverse ? b.create<arith::SubFOp>(loc, re, xis).getResult()
                 : b.create<arith::AddFOp>(loc, re, xis).getResult();
    im = b.create<arith::AddFOp>(loc, im, xic);
  }
  Value isReal = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, part,
                                         indexConstant(b, loc, 0));
  return b.create<arith::SelectOp>(loc, isReal, re, im);
}

/// TENSOR (f64) converted to ELEMENT, each element multiplied by SCALE
/// when given (an f64 scalar).
Value finishTransform(OpBuilder &b, Location loc, Value tensor, Type element,
                      Value scale) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto resultType = RankedTensorType::get(type.getShape(), element);
  return buildElementwise(
      b, loc, resultType, tensor,
      [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
        Value v = args[0];
        if (scale)
          v = nb.create<arith::MulFOp>(l, v, scale);
        if (element.isF64())
          return v;
        return nb.create<arith::TruncFOp>(l, element, v);
      });
}

//===----------------------------------------------------------------------===//
// DFT
//===----------------------------------------------------------------------===//

struct DFTLowering : public OpConversionPattern<DFTOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DFTOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto type = convertTensorType(op.getType());
    if (!inputType.hasStaticShape() || !type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    int64_t rank = inputType.getRank();
    int64_t axis = op.getAxis();
    int64_t length = op.getLength();
    int64_t bins = type.getDimSize(axis);
    int64_t parts = inputType.getDimSize(rank - 1);
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < axis; ++i)
      outer *= inputType.getDimSize(i);
    for (int64_t i = axis + 1; i < rank - 1; ++i)
      inner *= inputType.getDimSize(i);
    // The signal as outer x n x inner x parts, cut to the transform's
    // length (zero padding adds nothing to the sums).
    int64_t size = inputType.getDimSize(axis);
    Value x = reshapeTensor(rewriter, loc, input,
                            RankedTensorType::get({outer, size, inner, parts},
                                                  inputType.getElementType()));
    int64_t used = std::min(size, length);
    if (used < size) {
      MLIRContext *ctx = rewriter.getContext();
      SmallVector<OpFoldResult> offsets(4, rewriter.getIndexAttr(0));
      x = rewriter.create<tensor::ExtractSliceOp>(
          loc, x, offsets,
          getAsIndexOpFoldResult(ctx, {outer, used, inner, parts}),
          getAsIndexOpFoldResult(ctx, {1, 1, 1, 1}));
    }
    Value table = buildTwiddles(rewriter, loc, rewriter.getIndexAttr(bins),
                                rewriter.getIndexAttr(used),
                                rewriter.getIndexAttr(length));

    MLIRContext *ctx = rewriter.getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    auto cst = [&](int64_t v) { return getAffineConstantExpr(v, ctx); };
    // Loops (b, k, a, c, n): the part c of bin k sums over n.
    SmallVector<Value> inputs = {x};
    SmallVector<AffineMap> maps = {
        AffineMap::get(5, 0, {d(0), d(4), d(2), cst(0)}, ctx)};
    if (parts == 2) {
      inputs.push_back(x);
      maps.push_back(AffineMap::get(5, 0, {d(0), d(4), d(2), cst(1)}, ctx));
    }
    maps.push_back(AffineMap::get(5, 0, {d(0), d(1), d(2), d(3)}, ctx));
    auto accType =
        RankedTensorType::get({outer, bins, inner, 2}, rewriter.getF64Type());
    Value acc =
        createFilled(rewriter, loc, accType, f64Constant(rewriter, loc, 0.0));
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    bool inverse = op.getInverse();
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{accType}, inputs, ValueRange{acc}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value k = b.create<linalg::IndexOp>(l, 1);
          Value part = b.create<linalg::IndexOp>(l, 3);
          Value n = b.create<linalg::IndexOp>(l, 4);
          Value c = b.create<tensor::ExtractOp>(
              l, table, ValueRange{k, n, indexConstant(b, l, 0)});
          Value s = b.create<tensor::ExtractOp>(
              l, table, ValueRange{k, n, indexConstant(b, l, 1)});
          Value xr = toF64(b, l, args[0]);
          Value xi = parts == 2 ? toF64(b, l, args[1]) : Value();
          Value term = fourierTerm(b, l, part, xr, xi, c, s, inverse);
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::AddFOp>(l, args.back(), term)});
        });
    Value scale = inverse ? f64Constant(rewriter, loc, 1.0 / length) : Value();
    Value result = finishTransform(rewriter, loc, generic.getResult(0),
                                   type.getElementType(), scale);
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, result, type));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// STFT
//===----------------------------------------------------------------------===//

struct STFTLowering : public OpConversionPattern<STFTOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(STFTOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value signal = adaptor.getSignal(), window = adaptor.getWindow();
    auto signalType = cast<RankedTensorType>(signal.getType());
    auto type = convertTensorType(op.getType());
    int64_t parts = signalType.getDimSize(2);
    bool onesided = op.getOnesided();
    Value c0 = indexConstant(b, loc, 0), c1 = indexConstant(b, loc, 1);

    // The scalars: a step of at least 1; the frame length from
    // frame_length, the window or the signal.
    Value signalLength =
        getValueOrCreateConstantIndexOp(b, loc, dimsOf(b, loc, signal)[1]);
    Value step = b.create<arith::MaxSIOp>(
        loc, indexScalar(b, loc, op.getFrameStep(), adaptor.getFrameStep()),
        c1);
    OpFoldResult length;
    if (op.getFrameLength()) {
      std::optional<int64_t> value =
          constantScalar(op.getFrameLength(), adaptor.getFrameLength());
      if (value)
        length = b.getIndexAttr(*value);
      else
        length =
            b.create<arith::MaxSIOp>(loc,
                                     indexScalar(b, loc, op.getFrameLength(),
                                                 adaptor.getFrameLength()),
                                     c0)
                .getResult();
    } else if (window) {
      length = dimsOf(b, loc, window)[0];
    } else {
      length = dimsOf(b, loc, signal)[1];
    }
    Value lengthIndex = getValueOrCreateConstantIndexOp(b, loc, length);

    // The result's sizes: static where the type says, else computed.
    // A static size (the model's declared shape) is checked against the
    // scalars at run time.
    SmallVector<Value> dynamicSizes;
    if (type.isDynamicDim(0))
      dynamicSizes.push_back(b.create<tensor::DimOp>(loc, signal, 0));
    // 1 + (S - L) / step, rounded down, and never negative.
    Value frames = b.create<arith::AddIOp>(
        loc,
        b.create<arith::FloorDivSIOp>(
            loc, b.create<arith::SubIOp>(loc, signalLength, lengthIndex), step),
        c1);
    frames = b.create<arith::MaxSIOp>(loc, frames, c0);
    if (type.isDynamicDim(1))
      dynamicSizes.push_back(frames);
    else
      checkSizeEquals(b, loc, frames, b.getIndexAttr(type.getDimSize(1)),
                      "the number of STFT frames equals the result size");
    Value binCount = lengthIndex;
    if (onesided)
      binCount = b.create<arith::AddIOp>(
          loc,
          b.create<arith::DivUIOp>(loc, lengthIndex, indexConstant(b, loc, 2)),
          c1);
    OpFoldResult bins = b.getIndexAttr(type.getDimSize(2));
    if (type.isDynamicDim(2)) {
      dynamicSizes.push_back(binCount);
      bins = binCount;
    } else {
      checkSizeEquals(b, loc, binCount, bins,
                      "the number of STFT bins equals the result size");
    }
    // A frame length known only at run time would size the twiddle table
    // by a value: the factors are computed where they are used instead.
    Value table = isa<Attribute>(length)
                      ? buildTwiddles(b, loc, bins, length, length)
                      : Value();

    // Reads are clamped to the signal and the window, so that scalars that
    // disagree with a static result type cannot read outside them.
    Value lastSample = b.create<arith::SubIOp>(loc, signalLength, c1);
    Value lastWeight =
        window ? b.create<arith::SubIOp>(loc,
                                         getValueOrCreateConstantIndexOp(
                                             b, loc, dimsOf(b, loc, window)[0]),
                                         c1)
               : Value();
    auto accType = RankedTensorType::get(type.getShape(), b.getF64Type());
    Value generic = buildIndexGeneric(
        b, loc, accType, dynamicSizes,
        [&](OpBuilder &nb, Location l, ValueRange) {
          Value batch = nb.create<linalg::IndexOp>(l, 0);
          Value frame = nb.create<linalg::IndexOp>(l, 1);
          Value k = nb.create<linalg::IndexOp>(l, 2);
          Value part = nb.create<linalg::IndexOp>(l, 3);
          Value start = nb.create<arith::MulIOp>(l, frame, step);
          auto sum = nb.create<scf::ForOp>(
              l, c0, lengthIndex, c1, ValueRange{f64Constant(nb, l, 0.0)},
              [&](OpBuilder &fb, Location fl, Value n, ValueRange args) {
                Value at = fb.create<arith::MinSIOp>(
                    fl, fb.create<arith::AddIOp>(fl, start, n), lastSample);
                auto read = [&](int64_t p) {
                  return toF64(
                      fb, fl,
                      fb.create<tensor::ExtractOp>(
                          fl, signal,
                          ValueRange{batch, at, indexConstant(fb, fl, p)}));
                };
                Value xr = read(0);
                Value xi = parts == 2 ? read(1) : Value();
                if (window) {
                  Value w = toF64(fb, fl,
                                  fb.create<tensor::ExtractOp>(
                                      fl, window,
                                      ValueRange{fb.create<arith::MinSIOp>(
                                          fl, n, lastWeight)}));
                  xr = fb.create<arith::MulFOp>(fl, xr, w);
                  if (xi)
                    xi = fb.create<arith::MulFOp>(fl, xi, w);
                }
                Value c, s;
                if (table) {
                  c = fb.create<tensor::ExtractOp>(
                      fl, table, ValueRange{k, n, indexConstant(fb, fl, 0)});
                  s = fb.create<tensor::ExtractOp>(
                      fl, table, ValueRange{k, n, indexConstant(fb, fl, 1)});
                } else {
                  Value angle = twiddleAngle(fb, fl, k, n, lengthIndex);
                  c = fb.create<math::CosOp>(fl, angle);
                  s = fb.create<math::SinOp>(fl, angle);
                }
                Value term =
                    fourierTerm(fb, fl, part, xr, xi, c, s, /*inverse=*/false);
                fb.create<scf::YieldOp>(fl, ValueRange{fb.create<arith::AddFOp>(
                                                fl, args[0], term)});
              });
          nb.create<linalg::YieldOp>(l, sum.getResults());
        });
    rewriter.replaceOp(
        op, finishTransform(b, loc, generic, type.getElementType(), Value()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Windows
//===----------------------------------------------------------------------===//

/// The value of a window at ANGLE = 2 pi n / N (f64).
using WindowFn = Value (*)(OpBuilder &, Location, Value angle);

Value hann(OpBuilder &b, Location loc, Value angle) {
  // 0.5 - 0.5 cos(angle)
  Value half = f64Constant(b, loc, 0.5);
  return b.create<arith::SubFOp>(
      loc, half,
      b.create<arith::MulFOp>(loc, half, b.create<math::CosOp>(loc, angle)));
}

Value hamming(OpBuilder &b, Location loc, Value angle) {
  // 25/46 - 21/46 cos(angle)
  return b.create<arith::SubFOp>(
      loc, f64Constant(b, loc, 25.0 / 46.0),
      b.create<arith::MulFOp>(loc, f64Constant(b, loc, 21.0 / 46.0),
                              b.create<math::CosOp>(loc, angle)));
}

Value blackman(OpBuilder &b, Location loc, Value angle) {
  // 0.42 - 0.5 cos(angle) + 0.08 cos(2 angle)
  Value twice = b.create<arith::MulFOp>(loc, f64Constant(b, loc, 2.0), angle);
  Value v = b.create<arith::SubFOp>(
      loc, f64Constant(b, loc, 0.42),
      b.create<arith::MulFOp>(loc, f64Constant(b, loc, 0.5),
                              b.create<math::CosOp>(loc, angle)));
  return b.create<arith::AddFOp>(
      loc, v,
      b.create<arith::MulFOp>(loc, f64Constant(b, loc, 0.08),
                              b.create<math::CosOp>(loc, twice)));
}

template <typename Op, WindowFn fn>
struct WindowLowering : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  using OpAdaptor = typename Op::Adaptor;

  LogicalResult
  matchAndRewrite(Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto type = convertTensorType(op.getType());
    Type element = type.getElementType();
    // The size: the result's, or the scalar's (never negative).
    Value size;
    SmallVector<Value> dynamicSizes;
    size = b.create<arith::MaxSIOp>(
        loc, indexScalar(b, loc, op.getSize(), adaptor.getSize()),
        indexConstant(b, loc, 0));
    if (type.isDynamicDim(0)) {
      dynamicSizes.push_back(size);
    } else {
      checkSizeEquals(b, loc, size, b.getIndexAttr(type.getDimSize(0)),
                      "the window size equals the result size");
      size = indexConstant(b, loc, type.getDimSize(0));
    }
    Value period =
        op.getPeriodic()
            ? size
            : b.create<arith::SubIOp>(loc, size, indexConstant(b, loc, 1));
    // A symmetric window of one element is 1 (the formula divides by 0).
    Value single = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                           period, indexConstant(b, loc, 0));
    Value step = b.create<arith::DivFOp>(loc, f64Constant(b, loc, 2.0 * M_PI),
                                         indexToF64(b, loc, period));
    Value generic = buildIndexGeneric(
        b, loc, type, dynamicSizes, [&](OpBuilder &nb, Location l, ValueRange) {
          Value n = indexToF64(nb, l, nb.create<linalg::IndexOp>(l, 0));
          Value v = fn(nb, l, nb.create<arith::MulFOp>(l, n, step));
          v = nb.create<arith::SelectOp>(l, single, f64Constant(nb, l, 1.0), v);
          if (!element.isF64())
            v = nb.create<arith::TruncFOp>(l, element, v);
          nb.create<linalg::YieldOp>(l, v);
        });
    rewriter.replaceOp(op, generic);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// MelWeightMatrix
//===----------------------------------------------------------------------===//

struct MelWeightMatrixLowering : public OpConversionPattern<MelWeightMatrixOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MelWeightMatrixOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto type = convertTensorType(op.getType());
    Type element = type.getElementType();
    Type f64 = b.getF64Type();
    Value c0 = indexConstant(b, loc, 0), c1 = indexConstant(b, loc, 1),
          c2 = indexConstant(b, loc, 2);
    Value length =
        indexScalar(b, loc, op.getDftLength(), adaptor.getDftLength());
    // The number of mel bins: the result's, else the scalar's; it sizes
    // the table of points that the matrix reads.
    Value melBins = b.create<arith::MaxSIOp>(
        loc, indexScalar(b, loc, op.getNumMelBins(), adaptor.getNumMelBins()),
        c0);
    if (!type.isDynamicDim(1)) {
      checkSizeEquals(b, loc, melBins, b.getIndexAttr(type.getDimSize(1)),
                      "num_mel_bins equals the result size");
      melBins = indexConstant(b, loc, type.getDimSize(1));
    }
    Value rate = indexToF64(
        b, loc,
        indexScalar(b, loc, op.getSampleRate(), adaptor.getSampleRate()));
    Value lower =
        toF64(b, loc, extractScalar(b, loc, adaptor.getLowerEdgeHertz()));
    Value upper =
        toF64(b, loc, extractScalar(b, loc, adaptor.getUpperEdgeHertz()));
    auto cst = [&](double v) { return f64Constant(b, loc, v); };
    auto toMel = [&](Value hz) -> Value {
      // 2595 log10(1 + hz / 700)
      Value v = b.create<arith::AddFOp>(
          loc, cst(1.0), b.create<arith::DivFOp>(loc, hz, cst(700.0)));
      return b.create<arith::MulFOp>(loc, cst(2595.0),
                                     b.create<math::Log10Op>(loc, v));
    };
    Value lowMel = toMel(lower), highMel = toMel(upper);
    Value points = b.create<arith::AddIOp>(loc, melBins, c2);
    Value melStep = b.create<arith::DivFOp>(
        loc, b.create<arith::SubFOp>(loc, highMel, lowMel),
        indexToF64(b, loc, points));
    Value lengthPlusOne =
        indexToF64(b, loc, b.create<arith::AddIOp>(loc, length, c1));

    // The spectrum bin of each of the num_mel_bins + 2 points (i64).
    auto pointsType =
        RankedTensorType::get({ShapedType::kDynamic}, b.getI64Type());
    Value bins = buildIndexGeneric(
        b, loc, pointsType, points, [&](OpBuilder &nb, Location l, ValueRange) {
          Value m = indexToF64(nb, l, nb.create<linalg::IndexOp>(l, 0));
          Value mel = nb.create<arith::AddFOp>(
              l, nb.create<arith::MulFOp>(l, m, melStep), lowMel);
          // 700 (10^(mel / 2595) - 1)
          Value hz = nb.create<arith::MulFOp>(
              l, f64Constant(nb, l, 700.0),
              nb.create<arith::SubFOp>(
                  l,
                  nb.create<math::PowFOp>(
                      l, f64Constant(nb, l, 10.0),
                      nb.create<arith::DivFOp>(l, mel,
                                               f64Constant(nb, l, 2595.0))),
                  f64Constant(nb, l, 1.0)));
          Value bin = nb.create<math::FloorOp>(
              l, nb.create<arith::DivFOp>(
                     l, nb.create<arith::MulFOp>(l, lengthPlusOne, hz), rate));
          // Bounded, so that the conversion is defined for any input.
          bin = nb.create<arith::MinNumFOp>(
              l, nb.create<arith::MaxNumFOp>(l, bin, f64Constant(nb, l, -1e15)),
              f64Constant(nb, l, 1e15));
          nb.create<linalg::YieldOp>(l, ValueRange{nb.create<arith::FPToSIOp>(
                                            l, nb.getI64Type(), bin)});
        });

    SmallVector<Value> dynamicSizes;
    Value rows = b.create<arith::AddIOp>(
        loc,
        b.create<arith::DivUIOp>(loc, b.create<arith::MaxSIOp>(loc, length, c0),
                                 c2),
        c1);
    if (type.isDynamicDim(0))
      dynamicSizes.push_back(rows);
    else
      checkSizeEquals(b, loc, rows, b.getIndexAttr(type.getDimSize(0)),
                      "dft_length / 2 + 1 equals the result size");
    if (type.isDynamicDim(1))
      dynamicSizes.push_back(melBins);
    Value generic = buildIndexGeneric(
        b, loc, type, dynamicSizes, [&](OpBuilder &nb, Location l, ValueRange) {
          Value j = nb.create<arith::IndexCastOp>(
              l, nb.getI64Type(), nb.create<linalg::IndexOp>(l, 0));
          Value i = nb.create<linalg::IndexOp>(l, 1);
          auto point = [&](int64_t offset) -> Value {
            Value at =
                nb.create<arith::AddIOp>(l, i, indexConstant(nb, l, offset));
            return nb.create<tensor::ExtractOp>(l, bins, ValueRange{at});
          };
          Value left = point(0), centre = point(1), right = point(2);
          auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) -> Value {
            return nb.create<arith::CmpIOp>(l, p, x, y);
          };
          auto ratio = [&](Value num, Value den) -> Value {
            auto toF = [&](Value v) -> Value {
              return nb.create<arith::SIToFPOp>(l, f64, v);
            };
            return nb.create<arith::DivFOp>(l, toF(num), toF(den));
          };
          Value zero = f64Constant(nb, l, 0.0), one = f64Constant(nb, l, 1.0);
          // The rising edge, left <= j <= centre (just 1 at the centre
          // when left == centre), then the falling edge, centre <= j <
          // right, which wins where both apply (as the reference writes
          // it second).
          Value rise = nb.create<arith::SubIOp>(l, centre, left);
          Value fall = nb.create<arith::SubIOp>(l, right, centre);
          Value zeroI =
              nb.create<arith::ConstantOp>(l, nb.getI64IntegerAttr(0));
          Value flat = cmp(arith::CmpIPredicate::eq, rise, zeroI);
          Value onRise = nb.create<arith::AndIOp>(
              l, cmp(arith::CmpIPredicate::sge, j, left),
              cmp(arith::CmpIPredicate::sle, j, centre));
          Value riseValue = nb.create<arith::SelectOp>(
              l, flat,
              nb.create<arith::SelectOp>(
                  l, cmp(arith::CmpIPredicate::eq, j, centre), one, zero),
              nb.create<arith::SelectOp>(
                  l, onRise, ratio(nb.create<arith::SubIOp>(l, j, left), rise),
                  zero));
          Value onFall = nb.create<arith::AndIOp>(
              l, cmp(arith::CmpIPredicate::sgt, fall, zeroI),
              nb.create<arith::AndIOp>(
                  l, cmp(arith::CmpIPredicate::sge, j, centre),
                  cmp(arith::CmpIPredicate::slt, j, right)));
          Value v = nb.create<arith::SelectOp>(
              l, onFall, ratio(nb.create<arith::SubIOp>(l, right, j), fall),
              riseValue);
          if (!element.isF64())
            v = nb.create<arith::TruncFOp>(l, element, v);
          nb.create<linalg::YieldOp>(l, v);
        });
    rewriter.replaceOp(op, generic);
    return success();
  }
};

} // namespace

void lowering::populateSignalPatterns(TypeConverter &converter,
                                      RewritePatternSet &patterns) {
  patterns
      .add<DFTLowering, STFTLowering, WindowLowering<HannWindowOp, hann>,
           WindowLowering<HammingWindowOp, hamming>,
           WindowLowering<BlackmanWindowOp, blackman>, MelWeightMatrixLowering>(
          converter, patterns.getContext());
}
