//===- Sampling.cpp - GridSample and RoiAlign to linalg ---------*- C++ -*-===//
//
// Part of modelc. Both ops are one linalg.generic over the result whose
// body computes, per output element, the positions it samples (from the
// grid or the region of interest read with tensor.extract) and reads the
// input there (tensor.extract at clamped indices, so that no position read
// from data can address memory outside the input).
//
// GridSample computes the coordinates in the element type (f32 at least),
// and applies padding_mode to each tap of the interpolation (the pixels it
// reads), as PyTorch and ONNX Runtime do. (ONNX's Python reference also
// clamps or reflects an out-of-range coordinate before choosing its taps,
// which gives the same results except for bicubic with border or
// reflection padding.) A grid coordinate that is NaN (or infinite, with
// reflection padding, which has no reflection of it) gives a NaN sample:
// ONNX leaves it undefined, and ONNX Runtime's answer comes from converting
// NaN to an integer (arbitrary values, different per padding mode); an
// infinite coordinate with zeros or border padding is far outside, which
// those modes define. RoiAlign computes in f64, as ONNX's reference, with
// scf.for loops over the samples of a bin (their number may depend on the
// region's size).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// Scalar arithmetic in one float type, for the bodies below.
struct Arith {
  OpBuilder &b;
  Location loc;
  Type type;

  Value cst(double v) const { return scalarConstant(b, loc, type, v); }
  Value add(Value l, Value r) const {
    return b.create<arith::AddFOp>(loc, l, r);
  }
  Value sub(Value l, Value r) const {
    return b.create<arith::SubFOp>(loc, l, r);
  }
  Value mul(Value l, Value r) const {
    return b.create<arith::MulFOp>(loc, l, r);
  }
  Value div(Value l, Value r) const {
    return b.create<arith::DivFOp>(loc, l, r);
  }
  Value floor(Value v) const { return b.create<math::FloorOp>(loc, v); }
  Value cmp(arith::CmpFPredicate p, Value l, Value r) const {
    return b.create<arith::CmpFOp>(loc, p, l, r);
  }
  Value select(Value c, Value t, Value f) const {
    return b.create<arith::SelectOp>(loc, c, t, f);
  }
  /// V clamped to [LO, HI]; NaN becomes LO.
  Value clamp(Value v, Value lo, Value hi) const {
    return b.create<arith::MinNumFOp>(
        loc, b.create<arith::MaxNumFOp>(loc, v, lo), hi);
  }
  /// A float holding an integer value, to an index.
  Value toIndex(Value v) const {
    return b.create<arith::IndexCastOp>(
        loc, b.getIndexType(),
        b.create<arith::FPToSIOp>(loc, b.getI64Type(), v));
  }
  Value fromIndex(Value i) const {
    return b.create<arith::SIToFPOp>(
        loc, type, b.create<arith::IndexCastOp>(loc, b.getI64Type(), i));
  }
  Value extend(Value v) const {
    if (v.getType() == type)
      return v;
    if (cast<FloatType>(v.getType()).getWidth() <
        cast<FloatType>(type).getWidth())
      return b.create<arith::ExtFOp>(loc, type, v);
    return b.create<arith::TruncFOp>(loc, type, v);
  }
};

/// F32 for narrower float types, else TYPE.
Type computeTypeFor(OpBuilder &b, Type type) {
  if (cast<FloatType>(type).getWidth() < 32)
    return b.getF32Type();
  return type;
}

//===----------------------------------------------------------------------===//
// GridSample
//===----------------------------------------------------------------------===//

/// X reflected into [LO, HI] by the border nearest to it, repeatedly (ONNX
/// reference's _gs_reflect); X itself inside, LO when the range is empty.
Value reflect(const Arith &a, Value x, double lo, double hi) {
  Value loV = a.cst(lo), hiV = a.cst(hi);
  double range = hi - lo;
  if (range <= 0)
    return loV;
  Value rangeV = a.cst(range), two = a.cst(2.0), zero = a.cst(0.0);
  Value below = a.cmp(arith::CmpFPredicate::OLT, x, loV);
  Value above = a.cmp(arith::CmpFPredicate::OGT, x, hiV);
  // The distance past the nearer border, the whole ranges it spans and
  // what is left; an even number of ranges keeps the direction.
  Value distance = a.select(below, a.sub(loV, x), a.sub(x, hiV));
  Value n = a.floor(a.div(distance, rangeV));
  Value rest = a.sub(distance, a.mul(n, rangeV));
  Value even = a.cmp(arith::CmpFPredicate::OEQ,
                     a.sub(n, a.mul(two, a.floor(a.div(n, two)))), zero);
  Value fromLo = a.add(loV, rest), fromHi = a.sub(hiV, rest);
  Value reflectedBelow = a.select(even, fromLo, fromHi);
  Value reflectedAbove = a.select(even, fromHi, fromLo);
  return a.select(below, reflectedBelow, a.select(above, reflectedAbove, x));
}

/// Keys' cubic convolution weights (a = -0.75) of the four taps around a
/// coordinate whose distance to the tap before it is T (in [0, 1)).
SmallVector<Value> cubicWeights(const Arith &a, Value t) {
  Value alpha = a.cst(-0.75), one = a.cst(1.0), two = a.cst(2.0);
  // Far taps (distance 1..2) and near taps (distance 0..1).
  auto far = [&](Value d) {
    Value v = a.sub(a.mul(alpha, d), a.mul(a.cst(5.0), alpha));
    v = a.add(a.mul(v, d), a.mul(a.cst(8.0), alpha));
    return a.sub(a.mul(v, d), a.mul(a.cst(4.0), alpha));
  };
  auto near = [&](Value d) {
    Value v = a.sub(a.mul(a.add(alpha, two), d), a.add(alpha, a.cst(3.0)));
    return a.add(a.mul(a.mul(v, d), d), one);
  };
  Value rest = a.sub(one, t);
  return {far(a.add(t, one)), near(t), near(rest), far(a.sub(two, t))};
}

struct GridSampleLowering : public OpConversionPattern<GridSampleOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GridSampleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), grid = adaptor.getGrid();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto type = convertTensorType(op.getType());
    if (!inputType.hasStaticShape() || !type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    Type element = type.getElementType();
    Type computeType = computeTypeFor(rewriter, element);
    StringRef mode = op.getMode(), padding = op.getPaddingMode();
    bool alignCorners = op.getAlignCorners();
    // Axis 0 is x (width, input axis 3), axis 1 is y (height, axis 2).
    int64_t sizes[2] = {inputType.getDimSize(3), inputType.getDimSize(2)};

    auto body = [&](OpBuilder &b, Location l, ValueRange) {
      Arith a{b, l, computeType};
      Value n = b.create<linalg::IndexOp>(l, 0);
      Value c = b.create<linalg::IndexOp>(l, 1);
      Value ho = b.create<linalg::IndexOp>(l, 2);
      Value wo = b.create<linalg::IndexOp>(l, 3);
      // Per axis: the unnormalized coordinate, then the taps (clamped
      // indices), their weights and whether they are inside the input.
      SmallVector<Value> indices[2], weights[2], inside[2];
      // Whether a coordinate has no defined sample (see the file comment).
      Value undefined;
      for (int64_t axis = 0; axis < 2; ++axis) {
        int64_t size = sizes[axis];
        Value g = a.extend(b.create<tensor::ExtractOp>(
            l, grid,
            ValueRange{n, ho, wo, b.create<arith::ConstantIndexOp>(l, axis)}));
        Value bad = a.cmp(arith::CmpFPredicate::UNO, g, g);
        if (padding == "reflection")
          bad = b.create<arith::OrIOp>(
              l, bad,
              a.cmp(arith::CmpFPredicate::OEQ, b.create<math::AbsFOp>(l, g),
                    a.cst(std::numeric_limits<double>::infinity())));
        undefined = undefined ? b.create<arith::OrIOp>(l, undefined, bad) : bad;
        double lo = alignCorners ? 0.0 : -0.5;
        double hi = alignCorners ? size - 1.0 : size - 0.5;
        Value x = alignCorners
                      ? a.mul(a.div(a.add(g, a.cst(1.0)), a.cst(2.0)),
                              a.cst(size - 1.0))
                      : a.div(a.sub(a.mul(a.add(g, a.cst(1.0)), a.cst(size)),
                                    a.cst(1.0)),
                              a.cst(2.0));
        if (mode == "nearest")
          x = b.create<math::RoundEvenOp>(l, x);
        // Far outside, every tap is outside (zeros) or at the edge
        // (border): bounding the coordinate keeps the integer conversions
        // defined. Reflection maps every tap back inside on its own.
        if (padding != "reflection")
          x = a.clamp(x, a.cst(-8.0), a.cst(size + 8.0));
        SmallVector<Value> taps;
        if (mode == "nearest") {
          taps.push_back(x);
          weights[axis].push_back(Value());
        } else {
          Value base = a.floor(x);
          Value t = a.sub(x, base);
          if (mode == "bilinear") {
            taps = {base, a.add(base, a.cst(1.0))};
            weights[axis] = {a.sub(a.cst(1.0), t), t};
          } else {
            for (int64_t k = -1; k <= 2; ++k)
              taps.push_back(a.add(base, a.cst(k)));
            weights[axis] = cubicWeights(a, t);
          }
        }
        for (Value tap : taps) {
          // Padding of the tap: zeros reads 0 outside, border clamps,
          // reflection reflects (then truncates, as ONNX Runtime).
          Value in;
          if (padding == "zeros")
            in = b.create<arith::AndIOp>(
                l, a.cmp(arith::CmpFPredicate::OGE, tap, a.cst(0.0)),
                a.cmp(arith::CmpFPredicate::OLE, tap, a.cst(size - 1.0)));
          if (padding == "reflection")
            tap = b.create<math::TruncOp>(l, reflect(a, tap, lo, hi));
          inside[axis].push_back(in);
          indices[axis].push_back(
              a.toIndex(a.clamp(tap, a.cst(0.0), a.cst(size - 1.0))));
        }
      }
      // Rows (y taps) of weighted sums along x, then their weighted sum.
      Value zero = a.cst(0.0);
      Value result;
      for (auto [iy, y] : llvm::enumerate(indices[1])) {
        Value row;
        for (auto [ix, x] : llvm::enumerate(indices[0])) {
          Value v = a.extend(
              b.create<tensor::ExtractOp>(l, input, ValueRange{n, c, y, x}));
          if (inside[0][ix])
            v = a.select(
                b.create<arith::AndIOp>(l, inside[0][ix], inside[1][iy]), v,
                zero);
          if (Value w = weights[0][ix])
            v = a.mul(w, v);
          row = row ? a.add(row, v) : v;
        }
        if (Value w = weights[1][iy])
          row = a.mul(w, row);
        result = result ? a.add(result, row) : row;
      }
      result = a.select(
          undefined, a.cst(std::numeric_limits<double>::quiet_NaN()), result);
      if (result.getType() != element)
        result = b.create<arith::TruncFOp>(l, element, result);
      b.create<linalg::YieldOp>(l, result);
    };
    Value generic = buildIndexGeneric(rewriter, loc, type, {}, body);
    rewriter.replaceOp(op, generic);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// RoiAlign
//===----------------------------------------------------------------------===//

struct RoiAlignLowering : public OpConversionPattern<RoiAlignOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(RoiAlignOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), rois = adaptor.getRois(),
          batchIndices = adaptor.getBatchIndices();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto type = convertTensorType(op.getType());
    if (!inputType.hasStaticShape() || !type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    Type element = type.getElementType();
    int64_t batch = inputType.getDimSize(0);
    int64_t height = inputType.getDimSize(2), width = inputType.getDimSize(3);
    int64_t pooledH = type.getDimSize(2), pooledW = type.getDimSize(3);
    bool halfPixel = op.getCoordinateTransformationMode() == "half_pixel";
    bool isMax = op.getMode() == "max";
    int64_t samplingRatio = op.getSamplingRatio();
    double scale = op.getSpatialScale().convertToDouble();
    bool unsignedIndices =
        cast<RankedTensorType>(op.getBatchIndices().getType())
            .getElementType()
            .isUnsignedInteger();

    // Each region's image must be in the batch: ONNX gives no meaning to
    // others.
    checkIndicesInRange(rewriter, loc, batchIndices,
                        OpFoldResult(rewriter.getIndexAttr(batch)),
                        unsignedIndices, "RoiAlign", /*allowNegative=*/false);
    auto body = [&](OpBuilder &b, Location l, ValueRange) {
      Arith a{b, l, b.getF64Type()};
      auto idx = [&](int64_t v) -> Value {
        return b.create<arith::ConstantIndexOp>(l, v);
      };
      Value r = b.create<linalg::IndexOp>(l, 0);
      Value c = b.create<linalg::IndexOp>(l, 1);
      Value ph = b.create<linalg::IndexOp>(l, 2);
      Value pw = b.create<linalg::IndexOp>(l, 3);
      // The region, in input pixels.
      Value offset = a.cst(halfPixel ? 0.5 : 0.0);
      auto corner = [&](int64_t k) {
        Value v = a.extend(
            b.create<tensor::ExtractOp>(l, rois, ValueRange{r, idx(k)}));
        return a.sub(a.mul(v, a.cst(scale)), offset);
      };
      Value startW = corner(0), startH = corner(1);
      Value roiW = a.sub(corner(2), startW), roiH = a.sub(corner(3), startH);
      if (!halfPixel) {
        roiW = b.create<arith::MaximumFOp>(l, roiW, a.cst(1.0));
        roiH = b.create<arith::MaximumFOp>(l, roiH, a.cst(1.0));
      }
      Value binH = a.div(roiH, a.cst(pooledH));
      Value binW = a.div(roiW, a.cst(pooledW));
      // Samples per bin and axis: sampling_ratio, or ceil(bin size).
      auto gridCount = [&](Value bin) -> Value {
        if (samplingRatio > 0)
          return idx(samplingRatio);
        // Bounded (2^16 samples per bin and axis), so that an infinite or
        // NaN region converts to a defined, finite loop count.
        Value count =
            a.clamp(b.create<math::CeilOp>(l, bin), a.cst(0.0), a.cst(65536.0));
        return a.toIndex(count);
      };
      Value gridH = gridCount(binH), gridW = gridCount(binW);
      Value gridHF = a.fromIndex(gridH), gridWF = a.fromIndex(gridW);
      Value count = b.create<arith::MaxSIOp>(
          l, b.create<arith::MulIOp>(l, gridH, gridW), idx(1));
      Value image = toIndex(
          b, l, b.create<tensor::ExtractOp>(l, batchIndices, ValueRange{r}),
          unsignedIndices);
      Value baseY = a.add(startH, a.mul(a.fromIndex(ph), binH));
      Value baseX = a.add(startW, a.mul(a.fromIndex(pw), binW));
      Value init = isMax ? lowestValue(b, l, b.getF64Type()) : a.cst(0.0);

      // One sample: the four weighted pixels around (y, x), all zero
      // beyond one pixel outside the input (ONNX's reference).
      auto sample = [&](OpBuilder &b, Location l, Value y,
                        Value x) -> SmallVector<Value> {
        Arith a{b, l, b.getF64Type()};
        Value outside = b.create<arith::OrIOp>(
            l,
            b.create<arith::OrIOp>(
                l, a.cmp(arith::CmpFPredicate::OLT, y, a.cst(-1.0)),
                a.cmp(arith::CmpFPredicate::OGT, y, a.cst(height))),
            b.create<arith::OrIOp>(
                l, a.cmp(arith::CmpFPredicate::OLT, x, a.cst(-1.0)),
                a.cmp(arith::CmpFPredicate::OGT, x, a.cst(width))));
        // Per axis: the low and high pixel and the fraction past low.
        auto axis = [&](Value v, int64_t size, Value &low, Value &high) {
          v = a.clamp(v, a.cst(0.0), a.cst(size));
          Value lowF = b.create<math::TruncOp>(l, v);
          Value last = a.cmp(arith::CmpFPredicate::OGE, lowF, a.cst(size - 1));
          lowF = a.select(last, a.cst(size - 1), lowF);
          v = a.select(last, lowF, v);
          low = a.toIndex(lowF);
          high = a.toIndex(a.select(last, lowF, a.add(lowF, a.cst(1.0))));
          return a.sub(v, lowF);
        };
        Value yLow, yHigh, xLow, xHigh;
        Value ly = axis(y, height, yLow, yHigh);
        Value lx = axis(x, width, xLow, xHigh);
        Value hy = a.sub(a.cst(1.0), ly), hx = a.sub(a.cst(1.0), lx);
        auto pixel = [&](Value yi, Value xi) {
          return a.extend(b.create<tensor::ExtractOp>(
              l, input, ValueRange{image, c, yi, xi}));
        };
        SmallVector<Value> terms = {a.mul(a.mul(hy, hx), pixel(yLow, xLow)),
                                    a.mul(a.mul(hy, lx), pixel(yLow, xHigh)),
                                    a.mul(a.mul(ly, hx), pixel(yHigh, xLow)),
                                    a.mul(a.mul(ly, lx), pixel(yHigh, xHigh))};
        for (Value &t : terms)
          t = a.select(outside, a.cst(0.0), t);
        return terms;
      };

      auto rows = b.create<scf::ForOp>(
          l, idx(0), gridH, idx(1), ValueRange{init},
          [&](OpBuilder &b, Location l, Value iy, ValueRange rowArgs) {
            Arith a{b, l, b.getF64Type()};
            Value y = a.add(
                baseY,
                a.div(a.mul(a.add(a.fromIndex(iy), a.cst(0.5)), binH), gridHF));
            auto cols = b.create<scf::ForOp>(
                l, idx(0), gridW, idx(1), rowArgs,
                [&](OpBuilder &b, Location l, Value ix, ValueRange colArgs) {
                  Arith a{b, l, b.getF64Type()};
                  Value x = a.add(
                      baseX,
                      a.div(a.mul(a.add(a.fromIndex(ix), a.cst(0.5)), binW),
                            gridWF));
                  SmallVector<Value> terms = sample(b, l, y, x);
                  Value acc = colArgs[0];
                  if (isMax) {
                    for (Value t : terms)
                      acc = b.create<arith::MaximumFOp>(l, acc, t);
                  } else {
                    acc = a.add(acc, a.add(a.add(terms[0], terms[1]),
                                           a.add(terms[2], terms[3])));
                  }
                  b.create<scf::YieldOp>(l, acc);
                });
            b.create<scf::YieldOp>(l, cols.getResults());
          });
      Value result = rows.getResult(0);
      if (isMax) {
        // No sample at all (an empty region): 0, as the reference.
        Value none = b.create<arith::CmpIOp>(
            l, arith::CmpIPredicate::eq,
            b.create<arith::MulIOp>(l, gridH, gridW), idx(0));
        result = a.select(none, a.cst(0.0), result);
      } else {
        result = a.div(result, a.fromIndex(count));
      }
      if (element != result.getType())
        result = b.create<arith::TruncFOp>(l, element, result);
      b.create<linalg::YieldOp>(l, result);
    };
    Value generic = buildIndexGeneric(rewriter, loc, type, {}, body);
    rewriter.replaceOp(op, generic);
    return success();
  }
};

} // namespace

void lowering::populateSamplingPatterns(TypeConverter &converter,
                                        RewritePatternSet &patterns) {
  patterns.add<GridSampleLowering, RoiAlignLowering>(converter,
                                                     patterns.getContext());
}
