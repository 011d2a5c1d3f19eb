//===- Shape.cpp - constants and data movement to linalg/tensor -*- C++ -*-===//
//
// Part of modelc. Constant, Reshape/Flatten/Squeeze/Unsqueeze (views),
// Transpose, Concat, Split, Slice, Gather, Expand, ConstantOfShape, Pad,
// Tile, Range and Shape.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

struct ConstantLowering : public OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertTensorType(op.getType());
    ElementsAttr value = op.getValue();
    if (type != value.getType()) {
      // Unsigned integers become signless: same bits, new type.
      auto dense = dyn_cast<DenseElementsAttr>(value);
      if (!dense)
        return unsupported(op, "cannot retype this constant");
      value = dense.bitcast(type.getElementType());
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type,
                                                   cast<TypedAttr>(value));
    return success();
  }
};

/// Reshape, Flatten, Squeeze and Unsqueeze: the result type says it all.
template <typename Op>
struct ReshapeLikeLowering : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertTensorType(op->getResult(0).getType());
    auto source = cast<RankedTensorType>(adaptor.getOperands()[0].getType());
    if (!type.hasStaticShape() || !source.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    rewriter.replaceOp(op, reshapeTensor(rewriter, op.getLoc(),
                                         adaptor.getOperands()[0], type));
    return success();
  }
};

struct TransposeLowering : public OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertTensorType(op.getType());
    if (!type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    Value init = createEmpty(rewriter, op.getLoc(), type);
    auto transpose = rewriter.create<linalg::TransposeOp>(
        op.getLoc(), adaptor.getInput(), init, op.getPerm());
    rewriter.replaceOp(op, transpose.getResult());
    return success();
  }
};

struct ConcatLowering : public OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    if (!type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    MLIRContext *ctx = rewriter.getContext();
    Value result = createEmpty(rewriter, loc, type);
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      if (inputType.getDimSize(axis) == 0)
        continue;
      SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
      offsets[axis] = offset;
      result = rewriter.create<tensor::InsertSliceOp>(
          loc, input, result, getAsIndexOpFoldResult(ctx, offsets),
          getAsIndexOpFoldResult(ctx, inputType.getShape()),
          getAsIndexOpFoldResult(ctx, strides));
      offset += inputType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SplitLowering : public OpConversionPattern<SplitOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    if (!inputType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    int64_t rank = inputType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    SmallVector<Value> results;
    int64_t offset = 0;
    for (auto [result, size] : llvm::zip(op.getResults(), op.getSizes())) {
      auto type = convertTensorType(result.getType());
      SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
      offsets[axis] = offset;
      MLIRContext *ctx = rewriter.getContext();
      results.push_back(rewriter.create<tensor::ExtractSliceOp>(
          loc, type, adaptor.getInput(), getAsIndexOpFoldResult(ctx, offsets),
          getAsIndexOpFoldResult(ctx, type.getShape()),
          getAsIndexOpFoldResult(ctx, strides)));
      offset += size;
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// Reverses the dims of VALUE marked in REVERSED.
Value reverseDims(OpBuilder &b, Location loc, Value value,
                  ArrayRef<bool> reversed) {
  auto type = cast<RankedTensorType>(value.getType());
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    AffineExpr d = getAffineDimExpr(i, ctx);
    exprs.push_back(reversed[i] ? type.getDimSize(i) - 1 - d : d);
  }
  SmallVector<AffineMap> maps{AffineMap::get(type.getRank(), 0, exprs, ctx),
                              b.getMultiDimIdentityMap(type.getRank())};
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{value},
          ValueRange{createEmpty(b, loc, type)}, maps, iterators,
          [](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(l, args[0]);
          })
      .getResult(0);
}

/// Slice whose starts, axes or steps are known only at run time (the
/// result shape is static): every output element reads
/// data[start_d + i_d * step_d], with start and step of each dimension
/// picked from the operands at run time.
Value buildRuntimeSlice(OpBuilder &b, Location loc, SliceOp::Adaptor adaptor,
                        RankedTensorType type) {
  Value data = adaptor.getData();
  auto dataType = cast<RankedTensorType>(data.getType());
  int64_t rank = dataType.getRank();
  Type indexType = b.getIndexType();
  auto cst = [&](int64_t v) -> Value {
    return b.create<arith::ConstantIndexOp>(loc, v);
  };
  auto element = [&](Value tensor, int64_t i) -> Value {
    Value v = b.create<tensor::ExtractOp>(loc, tensor, cst(i));
    return b.create<arith::IndexCastOp>(loc, indexType, v);
  };
  auto select = [&](Value c, Value x, Value y) -> Value {
    return b.create<arith::SelectOp>(loc, c, x, y);
  };
  auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) -> Value {
    return b.create<arith::CmpIOp>(loc, p, x, y);
  };
  int64_t count =
      cast<RankedTensorType>(adaptor.getAxes().getType()).getDimSize(0);
  SmallVector<Value> starts, steps;
  for (int64_t d = 0; d < rank; ++d) {
    Value dim = cst(dataType.getDimSize(d));
    Value start = cst(0), step = cst(1);
    for (int64_t i = 0; i < count; ++i) {
      Value axis = element(adaptor.getAxes(), i);
      axis = select(cmp(arith::CmpIPredicate::slt, axis, cst(0)),
                    b.create<arith::AddIOp>(loc, axis, cst(rank)), axis);
      Value match = cmp(arith::CmpIPredicate::eq, axis, cst(d));
      start = select(match, element(adaptor.getStarts(), i), start);
      step = select(match, element(adaptor.getSteps(), i), step);
    }
    // Negative starts count from the end; clamp to [0, dim] going forwards
    // and [0, dim - 1] going backwards.
    start = select(cmp(arith::CmpIPredicate::slt, start, cst(0)),
                   b.create<arith::AddIOp>(loc, start, dim), start);
    Value forwards = cmp(arith::CmpIPredicate::sgt, step, cst(0));
    Value hi = select(forwards, dim,
                      b.create<arith::SubIOp>(loc, dim, cst(1)));
    start = b.create<arith::MaxSIOp>(loc, start, cst(0));
    start = b.create<arith::MinSIOp>(loc, start, hi);
    starts.push_back(start);
    steps.push_back(step);
  }
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{type}, ValueRange{}, ValueRange{createEmpty(b, loc, type)},
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank)}, iterators,
      [&](OpBuilder &nb, Location l, ValueRange) {
        SmallVector<Value> coords;
        for (int64_t d = 0; d < rank; ++d) {
          Value i = nb.create<linalg::IndexOp>(l, d);
          coords.push_back(nb.create<arith::AddIOp>(
              l, starts[d], nb.create<arith::MulIOp>(l, i, steps[d])));
        }
        nb.create<linalg::YieldOp>(
            l, ValueRange{nb.create<tensor::ExtractOp>(l, data, coords)});
      });
  return generic.getResult(0);
}

struct SliceLowering : public OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getData().getType());
    if (!type.hasStaticShape() || !inputType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    FailureOr<SmallVector<int64_t>> starts = getConstantIntValues(op.getStarts());
    FailureOr<SmallVector<int64_t>> ends = getConstantIntValues(op.getEnds());
    FailureOr<SmallVector<int64_t>> axes = getConstantIntValues(op.getAxes());
    FailureOr<SmallVector<int64_t>> steps = getConstantIntValues(op.getSteps());
    if (failed(starts) || failed(ends) || failed(axes) || failed(steps)) {
      rewriter.replaceOp(op, buildRuntimeSlice(rewriter, loc, adaptor, type));
      return success();
    }
    int64_t rank = inputType.getRank();
    SmallVector<int64_t> offsets(rank, 0), sizes(inputType.getShape()),
        strides(rank, 1);
    SmallVector<bool> reversed(rank, false);
    for (size_t i = 0; i < axes->size(); ++i) {
      int64_t axis = (*axes)[i] < 0 ? (*axes)[i] + rank : (*axes)[i];
      int64_t dim = inputType.getDimSize(axis);
      int64_t step = (*steps)[i];
      if (step == 0)
        return unsupported(op, "a step is zero");
      int64_t start = (*starts)[i], end = (*ends)[i];
      if (start < 0)
        start += dim;
      if (end < 0)
        end += dim;
      int64_t count;
      if (step > 0) {
        start = std::clamp<int64_t>(start, 0, dim);
        end = std::clamp<int64_t>(end, 0, dim);
        count = end > start ? (end - start + step - 1) / step : 0;
      } else {
        start = std::clamp<int64_t>(start, 0, dim - 1);
        end = std::clamp<int64_t>(end, -1, dim - 1);
        count = start > end ? (start - end - step - 1) / -step : 0;
      }
      if (count != type.getDimSize(axis))
        return unsupported(op, "the result type does not match the slice");
      if (step > 0) {
        offsets[axis] = start;
        strides[axis] = step;
      } else {
        // Take the same elements forwards, then reverse them.
        offsets[axis] = count ? start + (count - 1) * step : 0;
        strides[axis] = -step;
        reversed[axis] = true;
      }
      sizes[axis] = count;
    }
    MLIRContext *ctx = rewriter.getContext();
    auto sliceType = RankedTensorType::get(sizes, type.getElementType());
    Value result = rewriter.create<tensor::ExtractSliceOp>(
        loc, sliceType, adaptor.getData(), getAsIndexOpFoldResult(ctx, offsets),
        getAsIndexOpFoldResult(ctx, sizes), getAsIndexOpFoldResult(ctx, strides));
    if (llvm::is_contained(reversed, true) && type.getNumElements() > 0)
      result = reverseDims(rewriter, loc, result, reversed);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct GatherLowering : public OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
    if (!type.hasStaticShape() || !dataType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    int64_t rank = dataType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    int64_t indicesRank = indicesType.getRank();
    int64_t outRank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < indicesRank; ++i)
      indexExprs.push_back(getAffineDimExpr(axis + i, ctx));
    SmallVector<AffineMap> maps{AffineMap::get(outRank, 0, indexExprs, ctx),
                                rewriter.getMultiDimIdentityMap(outRank)};
    SmallVector<utils::IteratorType> iterators(outRank,
                                               utils::IteratorType::parallel);
    Value data = adaptor.getData();
    int64_t axisSize = dataType.getDimSize(axis);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{adaptor.getIndices()},
        ValueRange{createEmpty(rewriter, loc, type)}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value index =
              b.create<arith::IndexCastOp>(l, b.getIndexType(), args[0]);
          // Negative indices count from the end.
          Value zero = b.create<arith::ConstantIndexOp>(l, 0);
          Value size = b.create<arith::ConstantIndexOp>(l, axisSize);
          Value negative = b.create<arith::CmpIOp>(
              l, arith::CmpIPredicate::slt, index, zero);
          index = b.create<arith::SelectOp>(
              l, negative, b.create<arith::AddIOp>(l, index, size), index);
          SmallVector<Value> coords;
          for (int64_t i = 0; i < axis; ++i)
            coords.push_back(b.create<linalg::IndexOp>(l, i));
          coords.push_back(index);
          for (int64_t i = axis + 1; i < rank; ++i)
            coords.push_back(
                b.create<linalg::IndexOp>(l, i - 1 + indicesRank));
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<tensor::ExtractOp>(l, data, coords)});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct ExpandLowering : public OpConversionPattern<ExpandOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertTensorType(op.getType());
    if (!type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    rewriter.replaceOp(
        op, buildElementwise(rewriter, op.getLoc(), type, adaptor.getInput(),
                             [](OpBuilder &, Location, ValueRange args) {
                               return args[0];
                             }));
    return success();
  }
};

struct ConstantOfShapeLowering
    : public OpConversionPattern<ConstantOfShapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOfShapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertTensorType(op.getType());
    if (!type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    auto value = dyn_cast<DenseElementsAttr>(op.getValue());
    if (!value || value.getNumElements() != 1)
      return unsupported(op, "value must be a one-element dense tensor");
    auto attr = DenseElementsAttr::get(
        type, value.bitcast(type.getElementType()).getValues<Attribute>()[0]);
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, attr);
    return success();
  }
};

struct PadLowering : public OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getData().getType());
    if (!type.hasStaticShape() || !inputType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    FailureOr<SmallVector<int64_t>> pads = getConstantIntValues(op.getPads());
    if (failed(pads))
      return unsupported(op, "pads must be a constant");
    int64_t rank = inputType.getRank();
    if (static_cast<int64_t>(pads->size()) != 2 * rank)
      return unsupported(op, "pads must have two values per axis");
    if (llvm::any_of(*pads, [](int64_t p) { return p < 0; }))
      return unsupported(op, "negative pads are not supported yet");
    Type element = type.getElementType();
    MLIRContext *ctx = rewriter.getContext();
    if (op.getMode() == "constant") {
      Value value;
      if (adaptor.getConstantValue())
        value = rewriter.create<tensor::ExtractOp>(
            loc, adaptor.getConstantValue(),
            SmallVector<Value>(
                cast<RankedTensorType>(adaptor.getConstantValue().getType())
                    .getRank(),
                rewriter.create<arith::ConstantIndexOp>(loc, 0)));
      else
        value = scalarConstant(rewriter, loc, element, 0);
      SmallVector<int64_t> low(pads->begin(), pads->begin() + rank);
      SmallVector<int64_t> high(pads->begin() + rank, pads->end());
      rewriter.replaceOpWithNewOp<tensor::PadOp>(
          op, type, adaptor.getData(), getAsIndexOpFoldResult(ctx, low),
          getAsIndexOpFoldResult(ctx, high), value);
      return success();
    }
    bool reflect = op.getMode() == "reflect";
    if (!reflect && op.getMode() != "edge")
      return unsupported(op, "unknown mode '" + op.getMode() + "'");
    // reflect/edge: every output index maps back into the input.
    Value data = adaptor.getData();
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{},
        ValueRange{createEmpty(rewriter, loc, type)},
        ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, ctx)},
        iterators, [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> coords;
          for (int64_t i = 0; i < rank; ++i) {
            int64_t n = inputType.getDimSize(i);
            Value idx = b.create<arith::SubIOp>(
                l, b.create<linalg::IndexOp>(l, i),
                b.create<arith::ConstantIndexOp>(l, (*pads)[i]));
            Value zero = b.create<arith::ConstantIndexOp>(l, 0);
            Value last = b.create<arith::ConstantIndexOp>(l, n - 1);
            if (reflect && n > 1) {
              // Reflect about 0 and n-1 (one bounce suffices for pads < n).
              Value neg = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt,
                                                  idx, zero);
              idx = b.create<arith::SelectOp>(
                  l, neg, b.create<arith::SubIOp>(l, zero, idx), idx);
              Value over = b.create<arith::CmpIOp>(
                  l, arith::CmpIPredicate::sgt, idx, last);
              Value twice = b.create<arith::ConstantIndexOp>(l, 2 * (n - 1));
              idx = b.create<arith::SelectOp>(
                  l, over, b.create<arith::SubIOp>(l, twice, idx), idx);
            }
            idx = b.create<arith::MaxSIOp>(l, idx, zero);
            idx = b.create<arith::MinSIOp>(l, idx, last);
            coords.push_back(idx);
          }
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<tensor::ExtractOp>(l, data, coords)});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct TileLowering : public OpConversionPattern<TileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = convertTensorType(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    if (!type.hasStaticShape() || !inputType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = type.getRank();
    SmallVector<AffineExpr> exprs;
    for (int64_t i = 0; i < rank; ++i)
      exprs.push_back(getAffineDimExpr(i, ctx) % inputType.getDimSize(i));
    SmallVector<AffineMap> maps{AffineMap::get(rank, 0, exprs, ctx),
                                rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        op.getLoc(), TypeRange{type}, ValueRange{adaptor.getInput()},
        ValueRange{createEmpty(rewriter, op.getLoc(), type)}, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          b.create<linalg::YieldOp>(l, args[0]);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct RangeLowering : public OpConversionPattern<RangeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RangeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    if (!type.hasStaticShape())
      return unsupported(op, "a range whose length depends on run-time "
                             "values is not supported yet");
    Type element = type.getElementType();
    auto scalar = [&](Value v) -> Value {
      auto t = cast<RankedTensorType>(v.getType());
      SmallVector<Value> zeros(t.getRank(),
                               rewriter.create<arith::ConstantIndexOp>(loc, 0));
      return rewriter.create<tensor::ExtractOp>(loc, v, zeros);
    };
    Value start = scalar(adaptor.getStart());
    Value delta = scalar(adaptor.getDelta());
    SmallVector<utils::IteratorType> iterators(1,
                                               utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{},
        ValueRange{createEmpty(rewriter, loc, type)},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(1)}, iterators,
        [&](OpBuilder &b, Location l, ValueRange) {
          Value i = b.create<arith::IndexCastOp>(
              l, b.getI64Type(), b.create<linalg::IndexOp>(l, 0));
          Value v;
          if (isa<FloatType>(element))
            v = b.create<arith::AddFOp>(
                l, start,
                b.create<arith::MulFOp>(
                    l, b.create<arith::SIToFPOp>(l, element, i), delta));
          else
            v = b.create<arith::AddIOp>(
                l, start,
                b.create<arith::MulIOp>(
                    l,
                    element == i.getType()
                        ? i
                        : b.create<arith::TruncIOp>(l, element, i).getResult(),
                    delta));
          b.create<linalg::YieldOp>(l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void lowering::populateShapePatterns(TypeConverter &converter,
                                   RewritePatternSet &patterns) {
  patterns.add<ConstantLowering, ReshapeLikeLowering<ReshapeOp>,
               ReshapeLikeLowering<FlattenOp>, ReshapeLikeLowering<SqueezeOp>,
               ReshapeLikeLowering<UnsqueezeOp>, TransposeLowering,
               ConcatLowering, SplitLowering, SliceLowering, GatherLowering,
               ExpandLowering, ConstantOfShapeLowering, PadLowering,
               TileLowering, RangeLowering>(converter, patterns.getContext());
}
