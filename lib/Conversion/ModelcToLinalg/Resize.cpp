//===- Resize.cpp - modelc.resize to linalg ---------------------*- C++ -*-===//
//
// Part of modelc. Resize interpolates each axis on its own, so the lowering
// works per axis:
//
// - a small linalg.generic over the axis's output positions computes, once,
//   the source coordinate of each (ONNX's coordinate transformation, in
//   f64 as ONNX's reference implementation does, from the scale that may
//   be read at run time), then its neighbours (input indices, clamped to
//   the edge) and their weights, and whether tf_crop_and_resize puts it
//   outside the input: 1-D tables;
// - `nearest` is then one linalg.generic over the result that reads the
//   input (tensor.extract) at the tabled index of every axis;
// - `linear` and `cubic` are one linalg.generic per resized axis, from the
//   last axis to the first (the order of ONNX's reference), each the
//   weighted sum of 2 or 4 neighbours along its axis.
//
// Axes that provably map each position to itself (size 1, or scale 1 with
// an equal size) are left out. Dynamic sizes are read (and dynamic result
// sizes computed) at run time; the tables then have a dynamic length.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// What the coordinate transformation of one axis needs.
struct Axis {
  int64_t index;
  /// The input and output sizes: constants, or index values.
  OpFoldResult in, out;
  /// The input size as an i64, computed before the tables where dynamic.
  Value inI64;
  /// The scale as an f64 scalar, and the resized length as ONNX's reference
  /// computes it, scale * in: with scales (not sizes) it need not be the
  /// integer result size that ONNX Runtime uses. The backend tests follow
  /// the reference.
  Value scale, width;
  /// Normalized start and end of the region (tf_crop_and_resize), in the
  /// roi's element type.
  Value roiStart, roiEnd;
};

Value f64Constant(OpBuilder &b, Location loc, double value) {
  return b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(value));
}

Value toF64(OpBuilder &b, Location loc, Value value) {
  if (value.getType().isF64())
    return value;
  return b.create<arith::ExtFOp>(loc, b.getF64Type(), value);
}

/// The input size of AXIS plus DELTA as an i64: a constant where static.
Value inputSizeI64(OpBuilder &b, Location loc, const Axis &axis,
                   int64_t delta) {
  if (std::optional<int64_t> in = getConstantIntValue(axis.in))
    return b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(*in + delta));
  if (delta == 0)
    return axis.inI64;
  return b.create<arith::AddIOp>(
      loc, axis.inI64,
      b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(delta)));
}

/// The same as an f64.
Value inputSizeF64(OpBuilder &b, Location loc, const Axis &axis,
                   int64_t delta) {
  if (std::optional<int64_t> in = getConstantIntValue(axis.in))
    return f64Constant(b, loc, static_cast<double>(*in + delta));
  return b.create<arith::SIToFPOp>(loc, b.getF64Type(),
                                   inputSizeI64(b, loc, axis, delta));
}

/// The source coordinate of output position X (f64) along AXIS; sets
/// OUTSIDE (i1) when tf_crop_and_resize maps it outside the input.
Value sourceCoordinate(OpBuilder &b, Location loc, ResizeOp op,
                       const Axis &axis, Value x, Value &outside) {
  StringRef mode = op.getCoordinateTransformationMode();
  Value half = f64Constant(b, loc, 0.5);
  Value inMinusOne = inputSizeF64(b, loc, axis, -1);
  auto halfPixel = [&] {
    Value shifted = b.create<arith::AddFOp>(loc, x, half);
    return b.create<arith::SubFOp>(
        loc, b.create<arith::DivFOp>(loc, shifted, axis.scale), half);
  };
  if (mode == "half_pixel")
    return halfPixel();
  if (mode == "asymmetric")
    return b.create<arith::DivFOp>(loc, x, axis.scale);
  if (mode == "tf_half_pixel_for_nn")
    return b.create<arith::DivFOp>(loc, b.create<arith::AddFOp>(loc, x, half),
                                   axis.scale);
  // The modes with a formula of their own for a resized length of one;
  // pytorch_half_pixel then gives 0 as the spec says (the reference's -0.5
  // gives the same result except in cubic mode).
  Value one = f64Constant(b, loc, 1.0);
  Value widthIsOne =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, axis.width, one);
  if (mode == "pytorch_half_pixel")
    return b.create<arith::SelectOp>(loc, widthIsOne, f64Constant(b, loc, 0.0),
                                     halfPixel());
  Value widthMinusOne = b.create<arith::SubFOp>(loc, axis.width, one);
  if (mode == "align_corners") {
    Value stretched = b.create<arith::DivFOp>(
        loc, b.create<arith::MulFOp>(loc, x, inMinusOne), widthMinusOne);
    return b.create<arith::SelectOp>(loc, widthIsOne, f64Constant(b, loc, 0.0),
                                     stretched);
  }
  assert(mode == "tf_crop_and_resize" && "unknown coordinate mode");
  // As the reference: the roi's extent in the roi's type, the rest in f64.
  Value extent =
      toF64(b, loc, b.create<arith::SubFOp>(loc, axis.roiEnd, axis.roiStart));
  Value centre = b.create<arith::DivFOp>(
      loc, b.create<arith::MulFOp>(loc, extent, inMinusOne),
      f64Constant(b, loc, 2.0));
  Value stretched = b.create<arith::DivFOp>(
      loc,
      b.create<arith::MulFOp>(loc, b.create<arith::MulFOp>(loc, x, extent),
                              inMinusOne),
      widthMinusOne);
  Value offset =
      b.create<arith::MulFOp>(loc, toF64(b, loc, axis.roiStart), inMinusOne);
  Value coordinate = b.create<arith::AddFOp>(
      loc, b.create<arith::SelectOp>(loc, widthIsOne, centre, stretched),
      offset);
  Value below = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT,
                                        coordinate, f64Constant(b, loc, 0.0));
  Value above = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT,
                                        coordinate, inMinusOne);
  outside = b.create<arith::OrIOp>(loc, below, above);
  return coordinate;
}

/// I (i64) clamped to AXIS's input: the edge repeats outside it.
Value clampIndex(OpBuilder &b, Location loc, Value i, const Axis &axis) {
  Value zero = b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(0));
  Value last = inputSizeI64(b, loc, axis, -1);
  return b.create<arith::MinSIOp>(loc, b.create<arith::MaxSIOp>(loc, i, zero),
                                  last);
}

/// The neighbours and weights of one output position of an axis.
struct Taps {
  /// Input indices, unclamped (i64).
  SmallVector<Value> indices;
  /// Weights (f64); empty for nearest.
  SmallVector<Value> weights;
};

/// The taps of source coordinate C: one for nearest, two for linear, four
/// for cubic, as ONNX's reference picks them.
Taps computeTaps(OpBuilder &b, Location loc, ResizeOp op, const Axis &axis,
                 Value c) {
  Value floor = b.create<math::FloorOp>(loc, c);
  Value ratio = b.create<arith::SubFOp>(loc, c, floor);
  // Bounded before the conversion, so that no coordinate overflows i64.
  Value bounded = b.create<arith::MinimumFOp>(
      loc, b.create<arith::MaximumFOp>(loc, floor, f64Constant(b, loc, -8.0)),
      inputSizeF64(b, loc, axis, 8));
  Value base = b.create<arith::FPToSIOp>(loc, b.getI64Type(), bounded);
  auto offset = [&](int64_t k) -> Value {
    if (k == 0)
      return base;
    return b.create<arith::AddIOp>(
        loc, base, b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(k)));
  };
  Value one = f64Constant(b, loc, 1.0);
  Taps taps;
  StringRef mode = op.getMode();
  if (mode == "nearest") {
    // Integer coordinates are exact; otherwise round by nearest_mode.
    StringRef rounding = op.getNearestMode();
    Value up;
    if (rounding == "floor") {
      taps.indices.push_back(base);
      return taps;
    }
    if (rounding == "ceil")
      up = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, ratio,
                                   f64Constant(b, loc, 0.0));
    else
      up = b.create<arith::CmpFOp>(loc,
                                   rounding == "round_prefer_ceil"
                                       ? arith::CmpFPredicate::OGE
                                       : arith::CmpFPredicate::OGT,
                                   ratio, f64Constant(b, loc, 0.5));
    taps.indices.push_back(b.create<arith::SelectOp>(loc, up, offset(1), base));
    return taps;
  }
  if (mode == "linear") {
    taps.indices = {base, offset(1)};
    taps.weights = {b.create<arith::SubFOp>(loc, one, ratio), ratio};
    return taps;
  }
  // Cubic convolution (Keys), coefficient A, at distances 1 + r, r, 1 - r
  // and 2 - r, written as ONNX's reference does.
  Value a = f64Constant(b, loc, op.getCubicCoeffA().convertToDouble());
  auto cst = [&](double v) { return f64Constant(b, loc, v); };
  auto mul = [&](Value l, Value r) -> Value {
    return b.create<arith::MulFOp>(loc, l, r);
  };
  auto add = [&](Value l, Value r) -> Value {
    return b.create<arith::AddFOp>(loc, l, r);
  };
  auto sub = [&](Value l, Value r) -> Value {
    return b.create<arith::SubFOp>(loc, l, r);
  };
  Value fiveA = mul(cst(5.0), a), eightA = mul(cst(8.0), a),
        fourA = mul(cst(4.0), a);
  Value aPlus2 = add(a, cst(2.0)), aPlus3 = add(a, cst(3.0));
  // Far: ((A*d - 5A)*d + 8A)*d - 4A for 1 <= d <= 2.
  auto far = [&](Value d) {
    return sub(mul(add(mul(sub(mul(a, d), fiveA), d), eightA), d), fourA);
  };
  // Near: ((A+2)*d - (A+3))*d*d + 1 for d <= 1.
  auto near = [&](Value d) {
    return add(mul(mul(sub(mul(aPlus2, d), aPlus3), d), d), one);
  };
  Value rest = sub(one, ratio);
  taps.indices = {offset(-1), base, offset(1), offset(2)};
  taps.weights = {far(add(ratio, one)), near(ratio), near(rest),
                  far(add(rest, one))};
  if (op.getExcludeOutside()) {
    Value zero = cst(0.0);
    Value zeroI = b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(0));
    Value size = inputSizeI64(b, loc, axis, 0);
    Value sum;
    for (auto [index, weight] : llvm::zip(taps.indices, taps.weights)) {
      Value inside = b.create<arith::AndIOp>(
          loc,
          b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, index, zeroI),
          b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, index, size));
      weight = b.create<arith::SelectOp>(loc, inside, weight, zero);
      sum = sum ? add(sum, weight) : weight;
    }
    for (Value &weight : taps.weights)
      weight = b.create<arith::DivFOp>(loc, weight, sum);
  }
  return taps;
}

/// The 1-D tables of AXIS, one element per output position: the clamped
/// index (i64) of each tap, then each tap's weight (in COMPUTETYPE; none
/// for nearest), then, for tf_crop_and_resize, whether the position is
/// outside the input (i1).
SmallVector<Value> buildTables(OpBuilder &b, Location loc, ResizeOp op,
                               const Axis &axis, Type computeType) {
  bool crop = op.getCoordinateTransformationMode() == "tf_crop_and_resize";
  int64_t numTaps = op.getMode() == "nearest"  ? 1
                    : op.getMode() == "linear" ? 2
                                               : 4;
  bool weighted = op.getMode() != "nearest";
  SmallVector<Type> types;
  auto tableType = [&](Type element) {
    return typeWithDims({axis.out}, element);
  };
  for (int64_t t = 0; t < numTaps; ++t)
    types.push_back(tableType(b.getI64Type()));
  if (weighted)
    for (int64_t t = 0; t < numTaps; ++t)
      types.push_back(tableType(computeType));
  if (crop)
    types.push_back(tableType(b.getI1Type()));
  SmallVector<Value> inits;
  for (Type type : types) {
    auto tensorType = cast<RankedTensorType>(type);
    inits.push_back(createEmpty(b, loc, tensorType,
                                dynamicOnly(b, loc, tensorType, {axis.out})));
  }
  SmallVector<AffineMap> maps(types.size(), b.getMultiDimIdentityMap(1));
  auto generic = b.create<linalg::GenericOp>(
      loc, types, ValueRange{}, inits, maps,
      ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
      [&](OpBuilder &nb, Location l, ValueRange) {
        Value x = nb.create<arith::SIToFPOp>(
            l, nb.getF64Type(),
            nb.create<arith::IndexCastOp>(l, nb.getI64Type(),
                                          nb.create<linalg::IndexOp>(l, 0)));
        Value outside;
        Value c = sourceCoordinate(nb, l, op, axis, x, outside);
        Taps taps = computeTaps(nb, l, op, axis, c);
        SmallVector<Value> yields;
        for (Value index : taps.indices)
          yields.push_back(clampIndex(nb, l, index, axis));
        for (Value weight : taps.weights)
          yields.push_back(computeType.isF64() ? weight
                                               : nb.create<arith::TruncFOp>(
                                                       l, computeType, weight)
                                                     .getResult());
        if (crop)
          yields.push_back(outside);
        nb.create<linalg::YieldOp>(l, yields);
      });
  return SmallVector<Value>(generic.getResults());
}

/// The dimension of TARGET that element I of the 1-D shape vector VALUE
/// (modelc IR, before the lowering) is, where the graph computes VALUE
/// from TARGET's Shape: through concat, slice (constant bounds) and shape.
/// Resize's sizes built from its input's shape (the batch and channels of
/// an exported interpolate to a size) then leave those axes out.
std::optional<int64_t> shapeElementDim(Value value, int64_t i, Value target) {
  if (auto shape = value.getDefiningOp<ShapeOp>()) {
    if (shape.getInput() != target)
      return std::nullopt;
    auto [start, end] = shape.getDimRange();
    if (i < 0 || start + i >= end)
      return std::nullopt;
    return start + i;
  }
  if (auto concat = value.getDefiningOp<ConcatOp>()) {
    for (Value input : concat.getInputs()) {
      auto type = cast<RankedTensorType>(input.getType());
      if (type.getRank() != 1 || type.isDynamicDim(0))
        return std::nullopt;
      if (i < type.getDimSize(0))
        return shapeElementDim(input, i, target);
      i -= type.getDimSize(0);
    }
    return std::nullopt;
  }
  if (auto slice = value.getDefiningOp<SliceOp>()) {
    auto dataType = cast<RankedTensorType>(slice.getData().getType());
    FailureOr<SmallVector<int64_t>> starts =
        getConstantIntValues(slice.getStarts());
    FailureOr<SmallVector<int64_t>> steps =
        getConstantIntValues(slice.getSteps());
    if (dataType.getRank() != 1 || dataType.isDynamicDim(0) || failed(starts) ||
        failed(steps) || starts->size() != 1 || steps->size() != 1)
      return std::nullopt;
    int64_t start = (*starts)[0], step = (*steps)[0];
    if (start < 0)
      start += dataType.getDimSize(0);
    return shapeElementDim(slice.getData(), start + i * step, target);
  }
  return std::nullopt;
}

/// The element of a 1-D TABLE of axis AXIS at the current position of a
/// linalg.generic. The tables are read, not passed as inputs, so that
/// elementwise fusion does not recompute them for every element.
Value readTable(OpBuilder &b, Location loc, Value table, int64_t axis) {
  return b.create<tensor::ExtractOp>(
      loc, table, ValueRange{b.create<linalg::IndexOp>(loc, axis)});
}

struct ResizeLowering : public OpConversionPattern<ResizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ResizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto opType = convertTensorType(op.getType());
    Type element = opType.getElementType();
    bool nearest = op.getMode() == "nearest";
    if (!nearest && !isa<FloatType>(element))
      return unsupported(op, "linear and cubic modes need floating point");
    // Weights and sums in f32 at least.
    Type computeType = element;
    if (auto f = dyn_cast<FloatType>(element); f && f.getWidth() < 32)
      computeType = rewriter.getF32Type();
    int64_t rank = opType.getRank();
    StringRef transform = op.getCoordinateTransformationMode();
    bool crop = transform == "tf_crop_and_resize";

    // The scales, when constant, decide which axes are identities.
    Value scales = adaptor.getScales();
    std::optional<SmallVector<double>> constantScales;
    DenseFPElementsAttr scalesAttr;
    if (scales && (matchPattern(scales, m_Constant(&scalesAttr)) ||
                   matchPattern(op.getScales(), m_Constant(&scalesAttr)))) {
      constantScales.emplace();
      for (const APFloat &s : scalesAttr.getValues<APFloat>())
        constantScales->push_back(s.convertToDouble());
    }
    Value roi = adaptor.getRoi();
    Value sizes = adaptor.getSizes();

    // The sizes of each axis. A dynamic result size is floor(input size *
    // scale) (in f64, as ONNX's reference computes it) or the element of
    // sizes; an axis whose scale is a constant 1 keeps its input size.
    auto scaleOf = [&](int64_t i) -> Value {
      Value s = rewriter.create<tensor::ExtractOp>(
          loc, scales,
          ValueRange{rewriter.create<arith::ConstantIndexOp>(loc, i)});
      return toF64(rewriter, loc, s);
    };
    auto indexToF64 = [&](Value v) -> Value {
      return rewriter.create<arith::SIToFPOp>(
          loc, rewriter.getF64Type(),
          rewriter.create<arith::IndexCastOp>(loc, rewriter.getI64Type(), v));
    };
    SmallVector<OpFoldResult> inDims = dimsOf(rewriter, loc, input);
    SmallVector<OpFoldResult> computed;
    for (int64_t i = 0; i < rank; ++i) {
      // A static dimension is checked against scales or sizes that are
      // data.
      if (!opType.isDynamicDim(i) && (!scales || constantScales) && !sizes) {
        computed.push_back(rewriter.getIndexAttr(opType.getDimSize(i)));
        continue;
      }
      if ((constantScales && (*constantScales)[i] == 1.0) ||
          (!scales && op.getSizes() &&
           shapeElementDim(op.getSizes(), i, op.getInput()) == i)) {
        computed.push_back(inDims[i]);
        continue;
      }
      if (scales) {
        Value product = rewriter.create<arith::MulFOp>(
            loc, scaleOf(i),
            indexToF64(
                getValueOrCreateConstantIndexOp(rewriter, loc, inDims[i])));
        // A NaN, negative or huge size from a scale that is data becomes
        // -1, which the checks below reject, rather than an undefined
        // conversion.
        if (!constantScales) {
          Value valid = rewriter.create<arith::AndIOp>(
              loc,
              rewriter.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE,
                                             product,
                                             f64Constant(rewriter, loc, 0)),
              rewriter.create<arith::CmpFOp>(
                  loc, arith::CmpFPredicate::OLE, product,
                  f64Constant(rewriter, loc, 9007199254740992.0)));
          product = rewriter.create<arith::SelectOp>(
              loc, valid, product, f64Constant(rewriter, loc, -1));
        }
        Value size = rewriter
                         .create<arith::IndexCastOp>(
                             loc, rewriter.getIndexType(),
                             rewriter.create<arith::FPToSIOp>(
                                 loc, rewriter.getI64Type(),
                                 rewriter.create<math::FloorOp>(loc, product)))
                         .getResult();
        if (opType.isDynamicDim(i) && !constantScales)
          checkSizeAtLeast(rewriter, loc, size, 0,
                           "Resize's scales give a size of at least 0 at " +
                               Twine(i));
        computed.push_back(size);
        continue;
      }
      if (!sizes)
        return unsupported(op, "the size of result dimension " + Twine(i) +
                                   " is unknown: give scales or sizes");
      Value size = rewriter.create<arith::IndexCastOp>(
          loc, rewriter.getIndexType(),
          rewriter.create<tensor::ExtractOp>(
              loc, sizes,
              ValueRange{rewriter.create<arith::ConstantIndexOp>(loc, i)}));
      if (opType.isDynamicDim(i))
        checkSizeAtLeast(rewriter, loc, size, 0,
                         "Resize's sizes are not negative at " + Twine(i));
      computed.push_back(size);
    }
    SmallVector<OpFoldResult> outDims =
        resultDims(rewriter, loc, opType, computed, "Resize");
    RankedTensorType type = typeWithDims(outDims, element);

    SmallVector<Axis> axes;
    for (int64_t i = 0; i < rank; ++i) {
      Axis axis{i, inDims[i], outDims[i], {}, {}, {}, {}, {}};
      std::optional<int64_t> in = getConstantIntValue(axis.in);
      std::optional<int64_t> out = getConstantIntValue(axis.out);
      std::optional<double> scale;
      if (!scales && in && out)
        scale = static_cast<double>(*out) / static_cast<double>(*in);
      else if (constantScales)
        scale = (*constantScales)[i];
      else if (!scales && axis.in == axis.out)
        scale = 1.0; // Sizes that repeat the input's size.
      bool sameSize = (in && out && *in == *out) || axis.in == axis.out;
      bool identity = (in == 1 && out == 1) ||
                      (sameSize && scale == 1.0 &&
                       llvm::is_contained({"half_pixel", "pytorch_half_pixel",
                                           "align_corners", "asymmetric"},
                                          transform));
      if (identity)
        continue;
      if (!in)
        axis.inI64 = rewriter.create<arith::IndexCastOp>(
            loc, rewriter.getI64Type(), axis.in.get<Value>());
      if (scales) {
        axis.scale = scaleOf(i);
        axis.width = rewriter.create<arith::MulFOp>(
            loc, axis.scale, inputSizeF64(rewriter, loc, axis, 0));
      } else if (scale) {
        axis.scale = f64Constant(rewriter, loc, *scale);
        axis.width =
            in ? f64Constant(rewriter, loc, *scale * static_cast<double>(*in))
               : rewriter
                     .create<arith::MulFOp>(
                         loc, axis.scale, inputSizeF64(rewriter, loc, axis, 0))
                     .getResult();
      } else {
        // sizes: the scale is the ratio of the sizes, the resized length
        // the output's size.
        axis.width = indexToF64(
            getValueOrCreateConstantIndexOp(rewriter, loc, axis.out));
        axis.scale = rewriter.create<arith::DivFOp>(
            loc, axis.width, inputSizeF64(rewriter, loc, axis, 0));
      }
      if (crop) {
        if (roi) {
          auto extract = [&](int64_t k) -> Value {
            return rewriter.create<tensor::ExtractOp>(
                loc, roi,
                ValueRange{rewriter.create<arith::ConstantIndexOp>(loc, k)});
          };
          axis.roiStart = extract(i);
          axis.roiEnd = extract(i + rank);
        } else {
          axis.roiStart =
              scalarConstant(rewriter, loc, rewriter.getF32Type(), 0);
          axis.roiEnd = scalarConstant(rewriter, loc, rewriter.getF32Type(), 1);
        }
      }
      axes.push_back(axis);
    }
    if (axes.empty()) {
      rewriter.replaceOp(op, castTo(rewriter, loc, input, opType));
      return success();
    }

    Value extrapolation =
        crop ? scalarConstant(rewriter, loc, element,
                              op.getExtrapolationValue().convertToDouble())
             : Value();
    if (nearest) {
      // One gather over the result: per axis its index table and, for
      // tf_crop_and_resize, its outside flags.
      SmallVector<SmallVector<Value>> tables(rank);
      for (const Axis &axis : axes)
        tables[axis.index] = buildTables(rewriter, loc, op, axis, computeType);
      Value generic = buildIndexGeneric(
          rewriter, loc, type, dynamicOnly(rewriter, loc, type, outDims),
          [&](OpBuilder &b, Location l, ValueRange) {
            SmallVector<Value> coords;
            Value outside;
            for (int64_t i = 0; i < rank; ++i) {
              if (tables[i].empty()) {
                coords.push_back(b.create<linalg::IndexOp>(l, i));
                continue;
              }
              coords.push_back(b.create<arith::IndexCastOp>(
                  l, b.getIndexType(), readTable(b, l, tables[i][0], i)));
              if (crop) {
                Value flag = readTable(b, l, tables[i][1], i);
                outside =
                    outside ? b.create<arith::OrIOp>(l, outside, flag) : flag;
              }
            }
            Value v = b.create<tensor::ExtractOp>(l, input, coords);
            if (outside)
              v = b.create<arith::SelectOp>(l, outside, extrapolation, v);
            b.create<linalg::YieldOp>(l, v);
          });
      rewriter.replaceOp(op, castTo(rewriter, loc, generic, opType));
      return success();
    }

    // Linear and cubic: one weighted sum per resized axis, last axis first.
    int64_t numTaps = op.getMode() == "linear" ? 2 : 4;
    Value current = input;
    SmallVector<OpFoldResult> stageDims(inDims);
    for (const Axis &axis : llvm::reverse(axes)) {
      SmallVector<Value> tables =
          buildTables(rewriter, loc, op, axis, computeType);
      stageDims[axis.index] = axis.out;
      RankedTensorType stageType = typeWithDims(stageDims, element);
      Value source = current;
      Value generic = buildIndexGeneric(
          rewriter, loc, stageType,
          dynamicOnly(rewriter, loc, stageType, stageDims),
          [&](OpBuilder &b, Location l, ValueRange) {
            SmallVector<Value> coords;
            for (int64_t i = 0; i < rank; ++i)
              coords.push_back(
                  i == axis.index ? Value() : b.create<linalg::IndexOp>(l, i));
            Value sum;
            for (int64_t t = 0; t < numTaps; ++t) {
              coords[axis.index] = b.create<arith::IndexCastOp>(
                  l, b.getIndexType(), readTable(b, l, tables[t], axis.index));
              Value v = b.create<tensor::ExtractOp>(l, source, coords);
              if (v.getType() != computeType)
                v = b.create<arith::ExtFOp>(l, computeType, v);
              Value weight = readTable(b, l, tables[numTaps + t], axis.index);
              Value term = b.create<arith::MulFOp>(l, weight, v);
              sum = sum ? b.create<arith::AddFOp>(l, sum, term) : term;
            }
            if (computeType != element)
              sum = b.create<arith::TruncFOp>(l, element, sum);
            if (crop)
              sum = b.create<arith::SelectOp>(
                  l, readTable(b, l, tables[2 * numTaps], axis.index),
                  extrapolation, sum);
            b.create<linalg::YieldOp>(l, sum);
          });
      current = generic;
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, current, opType));
    return success();
  }
};

} // namespace

void lowering::populateResizePatterns(TypeConverter &converter,
                                      RewritePatternSet &patterns) {
  patterns.add<ResizeLowering>(converter, patterns.getContext());
}
