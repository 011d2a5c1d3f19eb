//===- Random.cpp - random ops, training Dropout to linalg ------*- C++ -*-===//
//
// Part of modelc.
//
// RandomUniform(Like), RandomNormal(Like), Bernoulli, Multinomial and
// training-mode Dropout draw their bits from Philox4x32-10, a counter-based
// generator (see the ops' descriptions in ModelcOps.td): each element's four
// 32-bit words are computed in the body of a parallel linalg.generic from
// the element's row-major position (linalg.index) and the op's seed, whose
// round keys are constants. There is no generator state and nothing is
// allocated; the generics fuse, vectorize and run in parallel like any
// elementwise op.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <array>
#include <cmath>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

// Philox4x32's multipliers and Weyl key increments (Salmon et al., SC'11).
constexpr uint32_t kPhiloxM0 = 0xD2511F53, kPhiloxM1 = 0xCD9E8D57;
constexpr uint32_t kPhiloxW0 = 0x9E3779B9, kPhiloxW1 = 0xBB67AE85;
constexpr int kPhiloxRounds = 10;

using Words = std::array<Value, 4>;

Value i32Constant(OpBuilder &b, Location loc, uint32_t value) {
  return b.create<arith::ConstantOp>(
      loc, b.getI32IntegerAttr(static_cast<int32_t>(value)));
}

Value i64Constant(OpBuilder &b, Location loc, uint64_t value) {
  return b.create<arith::ConstantOp>(
      loc, b.getI64IntegerAttr(static_cast<int64_t>(value)));
}

/// Philox4x32-10 of COUNTER under KEY: ten rounds of two 32 x 32 -> 64-bit
/// products (as i64 multiplications of zero-extended words), the round
/// keys being compile-time constants.
Words philox(OpBuilder &b, Location loc, Words ctr, uint64_t key) {
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  uint32_t k0 = static_cast<uint32_t>(key);
  uint32_t k1 = static_cast<uint32_t>(key >> 32);
  Value shift = i64Constant(b, loc, 32);
  auto mulHiLo = [&](uint32_t m, Value x) -> std::pair<Value, Value> {
    Value p = b.create<arith::MulIOp>(
        loc, b.create<arith::ExtUIOp>(loc, i64, x), i64Constant(b, loc, m));
    Value hi = b.create<arith::TruncIOp>(
        loc, i32, b.create<arith::ShRUIOp>(loc, p, shift));
    Value lo = b.create<arith::TruncIOp>(loc, i32, p);
    return {hi, lo};
  };
  auto xor3 = [&](Value x, Value y, uint32_t k) -> Value {
    return b.create<arith::XOrIOp>(loc, b.create<arith::XOrIOp>(loc, x, y),
                                   i32Constant(b, loc, k));
  };
  for (int round = 0; round < kPhiloxRounds; ++round) {
    if (round > 0) {
      k0 += kPhiloxW0;
      k1 += kPhiloxW1;
    }
    auto [hi0, lo0] = mulHiLo(kPhiloxM0, ctr[0]);
    auto [hi1, lo1] = mulHiLo(kPhiloxM1, ctr[2]);
    ctr = {xor3(hi1, ctr[1], k0), lo1, xor3(hi0, ctr[3], k1), lo0};
  }
  return ctr;
}

/// The row-major position of the current element of a linalg.generic over
/// a tensor of SIZES (in its body), as an i64.
Value linearIndex(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes) {
  Value index = b.create<arith::ConstantIndexOp>(loc, 0);
  for (auto [d, size] : llvm::enumerate(sizes)) {
    index = b.create<arith::MulIOp>(
        loc, index, getValueOrCreateConstantIndexOp(b, loc, size));
    index =
        b.create<arith::AddIOp>(loc, index, b.create<linalg::IndexOp>(loc, d));
  }
  return b.create<arith::IndexCastUIOp>(loc, b.getI64Type(), index);
}

/// The words of the element at position INDEX (an i64): the counter is
/// {INDEX mod 2^32, INDEX / 2^32, 0, 0}.
Words wordsAt(OpBuilder &b, Location loc, Value index, int64_t seed) {
  Type i32 = b.getI32Type();
  Value lo = b.create<arith::TruncIOp>(loc, i32, index);
  Value hi = b.create<arith::TruncIOp>(
      loc, i32, b.create<arith::ShRUIOp>(loc, index, i64Constant(b, loc, 32)));
  Value zero = i32Constant(b, loc, 0);
  return philox(b, loc, {lo, hi, zero, zero}, static_cast<uint64_t>(seed));
}

/// The type in which values of a float type are generated: f64 for f64,
/// else f32.
FloatType computeType(OpBuilder &b, Type element) {
  if (element.isF64())
    return b.getF64Type();
  return b.getF32Type();
}

/// A uniform number in [0, 1) of TYPE (f32 or f64) from WORDS starting at
/// FIRST: the high 24 bits of one word times 2^-24, or the high 53 bits of
/// two words times 2^-53. Every value is exact.
Value uniform01(OpBuilder &b, Location loc, FloatType type, const Words &w,
                unsigned first = 0) {
  if (type.isF32()) {
    Value bits =
        b.create<arith::ShRUIOp>(loc, w[first], i32Constant(b, loc, 8));
    Value v = b.create<arith::UIToFPOp>(loc, type, bits);
    return b.create<arith::MulFOp>(loc, v,
                                   scalarConstant(b, loc, type, 0x1p-24));
  }
  Type i64 = b.getI64Type();
  Value hi =
      b.create<arith::ShLIOp>(loc, b.create<arith::ExtUIOp>(loc, i64, w[first]),
                              i64Constant(b, loc, 32));
  Value bits = b.create<arith::OrIOp>(
      loc, hi, b.create<arith::ExtUIOp>(loc, i64, w[first + 1]));
  bits = b.create<arith::ShRUIOp>(loc, bits, i64Constant(b, loc, 11));
  Value v = b.create<arith::UIToFPOp>(loc, type, bits);
  return b.create<arith::MulFOp>(loc, v, scalarConstant(b, loc, type, 0x1p-53));
}

/// A float scalar converted to the float type TO (bf16 rounded to nearest
/// even from f32, the same bits on every target).
Value convertFloat(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  if (to.isBF16()) {
    if (!from.isF32())
      x = convertFloat(b, loc, x, b.getF32Type());
    return truncToBF16(b, loc, x);
  }
  unsigned fromWidth = cast<FloatType>(from).getWidth();
  unsigned toWidth = cast<FloatType>(to).getWidth();
  if (fromWidth < toWidth)
    return b.create<arith::ExtFOp>(loc, to, x);
  if (fromWidth > toWidth)
    return b.create<arith::TruncFOp>(loc, to, x);
  // f16 and bf16: through f32.
  return convertFloat(b, loc, b.create<arith::ExtFOp>(loc, b.getF32Type(), x),
                      to);
}

/// The sizes of the result of a random op: those of `like`, or static.
SmallVector<OpFoldResult> resultSizes(OpBuilder &b, Location loc,
                                      RankedTensorType type, Value like) {
  if (like)
    return dimsOf(b, loc, like);
  SmallVector<OpFoldResult> sizes;
  for (int64_t size : type.getShape())
    sizes.push_back(b.getIndexAttr(size));
  return sizes;
}

/// The value of TYPE's float semantics nearest to VALUE on the side of
/// VALUE given by ABOVE (the smallest at or above it, else the largest at
/// or below it); with STRICT, never VALUE itself.
APFloat boundInType(FloatType type, double value, bool above, bool strict) {
  APFloat r(value);
  bool lost = false;
  r.convert(type.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
  APFloat back = r;
  back.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
  double d = back.convertToDouble();
  if (above ? (d < value || (strict && d == value))
            : (d > value || (strict && d == value)))
    r.next(/*nextDown=*/!above);
  return r;
}

/// RandomUniform(Like): low + u (high - low), rounded to the result type
/// and clamped to its values in [low, high).
struct RandomUniformLowering : public OpConversionPattern<RandomUniformOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RandomUniformOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    auto element = cast<FloatType>(type.getElementType());
    FloatType compute = computeType(rewriter, element);
    double low = op.getLow().convertToDouble();
    double high = op.getHigh().convertToDouble();
    SmallVector<OpFoldResult> sizes =
        resultSizes(rewriter, loc, type, adaptor.getLike());
    if (low == high) {
      rewriter.replaceOp(
          op, createFilled(rewriter, loc, type,
                           scalarConstant(rewriter, loc, element, low),
                           dynamicOnly(type, sizes)));
      return success();
    }
    APFloat lowest = boundInType(element, low, /*above=*/true, false);
    APFloat highest = boundInType(element, high, /*above=*/false, true);
    int64_t seed = op.getSeed();
    Value result = buildIndexGeneric(
        rewriter, loc, type, dynamicOnly(type, sizes),
        [&](OpBuilder &b, Location l, ValueRange) {
          Words w = wordsAt(b, l, linearIndex(b, l, sizes), seed);
          Value u = uniform01(b, l, compute, w);
          Value v = b.create<arith::AddFOp>(
              l, scalarConstant(b, l, compute, low),
              b.create<arith::MulFOp>(
                  l, u, scalarConstant(b, l, compute, high - low)));
          v = convertFloat(b, l, v, element);
          v = b.create<arith::MaximumFOp>(
              l, v,
              b.create<arith::ConstantOp>(l, b.getFloatAttr(element, lowest)));
          v = b.create<arith::MinimumFOp>(
              l, v,
              b.create<arith::ConstantOp>(l, b.getFloatAttr(element, highest)));
          b.create<linalg::YieldOp>(l, v);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// RandomNormal(Like): mean + scale z, z from the Box-Muller transform.
struct RandomNormalLowering : public OpConversionPattern<RandomNormalOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RandomNormalOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    Type element = type.getElementType();
    FloatType compute = computeType(rewriter, element);
    double mean = op.getMean().convertToDouble();
    double scale = op.getScale().convertToDouble();
    SmallVector<OpFoldResult> sizes =
        resultSizes(rewriter, loc, type, adaptor.getLike());
    int64_t seed = op.getSeed();
    Value result = buildIndexGeneric(
        rewriter, loc, type, dynamicOnly(type, sizes),
        [&](OpBuilder &b, Location l, ValueRange) {
          Words w = wordsAt(b, l, linearIndex(b, l, sizes), seed);
          auto c = [&](double v) { return scalarConstant(b, l, compute, v); };
          bool wide = compute.isF64();
          // u1 in (0, 1], so that its logarithm is finite.
          Value u1 = b.create<arith::SubFOp>(l, c(1.0),
                                             uniform01(b, l, compute, w, 0));
          Value u2 = uniform01(b, l, compute, w, wide ? 2 : 1);
          Value radius = b.create<math::SqrtOp>(
              l, b.create<arith::MulFOp>(l, c(-2.0),
                                         b.create<math::LogOp>(l, u1)));
          Value angle = b.create<arith::MulFOp>(l, c(2.0 * M_PI), u2);
          Value z = b.create<arith::MulFOp>(l, radius,
                                            b.create<math::CosOp>(l, angle));
          Value v = b.create<arith::AddFOp>(
              l, c(mean), b.create<arith::MulFOp>(l, c(scale), z));
          b.create<linalg::YieldOp>(l, convertFloat(b, l, v, element));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// A parallel linalg.generic over the shape of INPUT (SIZES its
/// dimensions) that reads INPUT elementwise and produces RESULTTYPES; BODY
/// gets the input's element and the current element's words and yields.
ValueRange buildRandomElementwise(
    OpBuilder &b, Location loc, TypeRange resultTypes, Value input,
    ArrayRef<OpFoldResult> sizes, int64_t seed,
    function_ref<void(OpBuilder &, Location, Value, const Words &)> body) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  SmallVector<Value> inits;
  for (Type type : resultTypes) {
    auto tensorType = cast<RankedTensorType>(type);
    inits.push_back(
        createEmpty(b, loc, tensorType, dynamicOnly(tensorType, sizes)));
  }
  SmallVector<AffineMap> maps(resultTypes.size() + 1,
                              b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, resultTypes, ValueRange{input}, inits, maps, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        body(nb, l, args[0], wordsAt(nb, l, linearIndex(nb, l, sizes), seed));
      });
  return generic.getResults();
}

/// Bernoulli: 1 where u < p, else 0.
struct BernoulliLowering : public OpConversionPattern<BernoulliOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BernoulliOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    Type element = type.getElementType();
    Value input = adaptor.getInput();
    FloatType compute = computeType(
        rewriter, cast<RankedTensorType>(input.getType()).getElementType());
    SmallVector<OpFoldResult> sizes = dimsOf(rewriter, loc, input);
    ValueRange results = buildRandomElementwise(
        rewriter, loc, type, input, sizes, op.getSeed(),
        [&](OpBuilder &b, Location l, Value p, const Words &w) {
          Value one = b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OLT,
                                              uniform01(b, l, compute, w),
                                              convertFloat(b, l, p, compute));
          if (!element.isInteger(1))
            one = b.create<arith::SelectOp>(l, one,
                                            scalarConstant(b, l, element, 1),
                                            scalarConstant(b, l, element, 0));
          b.create<linalg::YieldOp>(l, one);
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// The value of a one-element tensor (0-D or 1-D).
Value extractScalar(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> indices(type.getRank(),
                             b.create<arith::ConstantIndexOp>(loc, 0));
  return b.create<tensor::ExtractOp>(loc, tensor, indices);
}

/// Training-mode Dropout: mask = u >= ratio, output = mask ? x / (1 -
/// ratio) : 0; outside training mode the identity with an all-true mask.
struct DropoutLowering : public OpConversionPattern<DropoutOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DropoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getOutput().getType());
    auto maskType = convertTensorType(op.getMask().getType());
    Type element = type.getElementType();
    Value input = adaptor.getInput();
    Value ratio = extractScalar(rewriter, loc, adaptor.getRatio());
    Value training = extractScalar(rewriter, loc, adaptor.getTrainingMode());
    FloatType ratioCompute = computeType(rewriter, ratio.getType());
    FloatType compute = computeType(rewriter, element);
    Value ratioForMask = convertFloat(rewriter, loc, ratio, ratioCompute);
    // 1 - ratio in the input's compute type: exactly 1 for a ratio of 0.
    Value keepScale = rewriter.create<arith::SubFOp>(
        loc, scalarConstant(rewriter, loc, compute, 1.0),
        convertFloat(rewriter, loc, ratio, compute));
    SmallVector<OpFoldResult> sizes = dimsOf(rewriter, loc, input);
    ValueRange results = buildRandomElementwise(
        rewriter, loc, TypeRange{type, maskType}, input, sizes, op.getSeed(),
        [&](OpBuilder &b, Location l, Value x, const Words &w) {
          Value keep = b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OGE,
                                               uniform01(b, l, ratioCompute, w),
                                               ratioForMask);
          Value scaled =
              convertFloat(b, l,
                           b.create<arith::DivFOp>(
                               l, convertFloat(b, l, x, compute), keepScale),
                           element);
          Value dropped = b.create<arith::SelectOp>(
              l, keep, scaled, scalarConstant(b, l, element, 0.0));
          Value y = b.create<arith::SelectOp>(l, training, dropped, x);
          Value mask = b.create<arith::SelectOp>(
              l, training, keep, b.create<arith::ConstantIntOp>(l, 1, 1));
          b.create<linalg::YieldOp>(l, ValueRange{y, mask});
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// Multinomial: per batch row the maximum m and the total t of exp(x - m)
/// (two reductions), then per sample the first class whose running sum
/// of exp(x - m) exceeds u t, in an scf.for in the body of a parallel
/// linalg.generic (the last class of non-zero probability if rounding
/// leaves none).
struct MultinomialLowering : public OpConversionPattern<MultinomialOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MultinomialOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto type = convertTensorType(op.getType());
    if (!inputType.hasStaticShape() || !type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    int64_t batch = inputType.getDimSize(0);
    int64_t classes = inputType.getDimSize(1);
    int64_t samples = type.getDimSize(1);
    FloatType compute = computeType(rewriter, inputType.getElementType());
    MLIRContext *ctx = rewriter.getContext();
    AffineMap identity = rewriter.getMultiDimIdentityMap(2);
    AffineMap rows = AffineMap::get(2, 0, {getAffineDimExpr(0, ctx)}, ctx);
    auto reductionIterators = SmallVector<utils::IteratorType>{
        utils::IteratorType::parallel, utils::IteratorType::reduction};
    auto rowType = RankedTensorType::get({batch}, compute);

    // The maximum of each row, then the total of exp(x - max).
    Value maxInit = createFilled(rewriter, loc, rowType,
                                 lowestValue(rewriter, loc, compute));
    Value rowMax =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{rowType}, ValueRange{input}, ValueRange{maxInit},
                ArrayRef<AffineMap>{identity, rows}, reductionIterators,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  b.create<linalg::YieldOp>(
                      l,
                      ValueRange{b.create<arith::MaximumFOp>(
                          l, convertFloat(b, l, args[0], compute), args[1])});
                })
            .getResult(0);
    Value sumInit = createFilled(rewriter, loc, rowType,
                                 scalarConstant(rewriter, loc, compute, 0.0));
    Value rowTotal =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{rowType}, ValueRange{input, rowMax},
                ValueRange{sumInit}, ArrayRef<AffineMap>{identity, rows, rows},
                reductionIterators,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value e = b.create<math::ExpOp>(
                      l, b.create<arith::SubFOp>(
                             l, convertFloat(b, l, args[0], compute), args[1]));
                  b.create<linalg::YieldOp>(
                      l, ValueRange{b.create<arith::AddFOp>(l, args[2], e)});
                })
            .getResult(0);

    int64_t seed = op.getSeed();
    SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(batch),
                                       rewriter.getIndexAttr(samples)};
    SmallVector<utils::IteratorType> parallel(2, utils::IteratorType::parallel);
    Value result =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{type}, ValueRange{rowMax, rowTotal},
                ValueRange{createEmpty(rewriter, loc, type)},
                ArrayRef<AffineMap>{rows, rows, identity}, parallel,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value m = args[0], total = args[1];
                  Words w = wordsAt(b, l, linearIndex(b, l, sizes), seed);
                  Value target = b.create<arith::MulFOp>(
                      l, uniform01(b, l, compute, w), total);
                  Value row = b.create<linalg::IndexOp>(l, 0);
                  Value zero = scalarConstant(b, l, compute, 0.0);
                  Value c0 = b.create<arith::ConstantIndexOp>(l, 0);
                  Value c1 = b.create<arith::ConstantIndexOp>(l, 1);
                  Value cn = b.create<arith::ConstantIndexOp>(l, classes);
                  Value falseValue = b.create<arith::ConstantIntOp>(l, 0, 1);
                  // (running sum, chosen class, found, last class of
                  // non-zero probability).
                  auto loop = b.create<scf::ForOp>(
                      l, c0, cn, c1, ValueRange{zero, c0, falseValue, c0},
                      [&](OpBuilder &b, Location l, Value c, ValueRange iter) {
                        Value x = b.create<tensor::ExtractOp>(
                            l, input, ValueRange{row, c});
                        Value e = b.create<math::ExpOp>(
                            l, b.create<arith::SubFOp>(
                                   l, convertFloat(b, l, x, compute), m));
                        Value sum = b.create<arith::AddFOp>(l, iter[0], e);
                        Value above = b.create<arith::CmpFOp>(
                            l, arith::CmpFPredicate::OGT, sum, target);
                        Value notFound = b.create<arith::XOrIOp>(
                            l, iter[2],
                            b.create<arith::ConstantIntOp>(l, 1, 1));
                        Value hit = b.create<arith::AndIOp>(l, above, notFound);
                        Value chosen =
                            b.create<arith::SelectOp>(l, hit, c, iter[1]);
                        Value found = b.create<arith::OrIOp>(l, iter[2], hit);
                        Value possible = b.create<arith::CmpFOp>(
                            l, arith::CmpFPredicate::OGT, e, zero);
                        Value last =
                            b.create<arith::SelectOp>(l, possible, c, iter[3]);
                        b.create<scf::YieldOp>(
                            l, ValueRange{sum, chosen, found, last});
                      });
                  Value chosen = b.create<arith::SelectOp>(l, loop.getResult(2),
                                                           loop.getResult(1),
                                                           loop.getResult(3));
                  b.create<linalg::YieldOp>(
                      l, ValueRange{b.create<arith::IndexCastOp>(
                             l, type.getElementType(), chosen)});
                })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void lowering::populateRandomPatterns(TypeConverter &converter,
                                      RewritePatternSet &patterns) {
  patterns.add<RandomUniformLowering, RandomNormalLowering, BernoulliLowering,
               DropoutLowering, MultinomialLowering>(converter,
                                                     patterns.getContext());
}
