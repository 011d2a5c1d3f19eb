//===- Selection.cpp - NonZero, Compress and Unique to scf ------*- C++ -*-===//
//
// Part of modelc. Ops whose result size is the number of elements (or
// slices) that a condition selects, or that are distinct (Unique). The
// lowering first counts them; a
// dynamic result dimension takes the count, a static one (the model's
// declared output shape) gets a run-time check against it. A second loop
// then writes the selected elements in order, carrying the result tensor
// and the next position (scf.for over tensors, which bufferization turns
// into updates of one buffer).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// Whether the scalar V is not zero (false for a float zero of either sign).
Value isNonZero(OpBuilder &b, Location loc, Value v) {
  Value zero = scalarConstant(b, loc, v.getType(), 0);
  if (isa<FloatType>(v.getType()))
    return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, v, zero);
  return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, v, zero);
}

/// COUNT + 1 where SELECTED, else COUNT.
Value countIf(OpBuilder &b, Location loc, Value selected, Value count) {
  Value next = b.create<arith::AddIOp>(
      loc, count, b.create<arith::ConstantIndexOp>(loc, 1));
  return b.create<arith::SelectOp>(loc, selected, next, count);
}

/// The dynamic sizes of a result of TYPE whose dimension AXIS is COUNT and
/// whose other dimensions are DIMS; a static AXIS dimension is checked
/// against COUNT instead.
SmallVector<Value> sizesWithCount(OpBuilder &b, Location loc,
                                  RankedTensorType type, int64_t axis,
                                  Value count, ArrayRef<OpFoldResult> dims,
                                  StringRef what) {
  SmallVector<OpFoldResult> all(dims);
  if (type.isDynamicDim(axis))
    all[axis] = count;
  else
    checkSizeEquals(b, loc, count, b.getIndexAttr(type.getDimSize(axis)),
                    Twine("the number of ") + what + " equals the result size");
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      sizes.push_back(getValueOrCreateConstantIndexOp(b, loc, all[d]));
  return sizes;
}

/// A loop nest over every element of the tensor X in row-major order,
/// carrying ITERARGS through BODY (which gets the coordinates).
scf::ValueVector
forEachElement(OpBuilder &b, Location loc, Value x, ValueRange iterArgs,
               function_ref<scf::ValueVector(OpBuilder &, Location, ValueRange,
                                             ValueRange)>
                   body) {
  auto type = cast<RankedTensorType>(x.getType());
  Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
  Value one = b.create<arith::ConstantIndexOp>(loc, 1);
  SmallVector<Value> lbs(type.getRank(), zero), steps(type.getRank(), one);
  SmallVector<Value> ubs;
  for (OpFoldResult d : dimsOf(b, loc, x))
    ubs.push_back(getValueOrCreateConstantIndexOp(b, loc, d));
  return scf::buildLoopNest(b, loc, lbs, ubs, steps, iterArgs, body).results;
}

struct NonZeroLowering : public OpConversionPattern<NonZeroOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(NonZeroOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
    if (rank == 0)
      return unsupported(op, "NonZero of a scalar is not supported");
    auto type = convertTensorType(op.getType());
    Value zero = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    Value count =
        forEachElement(rewriter, loc, x, {zero},
                       [&](OpBuilder &b, Location l, ValueRange ivs,
                           ValueRange args) -> scf::ValueVector {
                         Value v = b.create<tensor::ExtractOp>(l, x, ivs);
                         return {countIf(b, l, isNonZero(b, l, v), args[0])};
                       })[0];
    SmallVector<OpFoldResult> dims = {rewriter.getIndexAttr(rank), zero};
    Value init = createEmpty(rewriter, loc, type,
                             sizesWithCount(rewriter, loc, type, 1, count, dims,
                                            "non-zero elements"));

    // Column `position` gets the coordinates of each non-zero element.
    Value result = forEachElement(
        rewriter, loc, x, {init, zero},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange args) -> scf::ValueVector {
          Value v = b.create<tensor::ExtractOp>(l, x, ivs);
          auto ifOp = b.create<scf::IfOp>(
              l, isNonZero(b, l, v),
              [&](OpBuilder &tb, Location tl) {
                Value t = args[0];
                for (auto [d, iv] : llvm::enumerate(ivs)) {
                  Value coord =
                      tb.create<arith::IndexCastOp>(tl, tb.getI64Type(), iv);
                  Value row = tb.create<arith::ConstantIndexOp>(tl, d);
                  t = tb.create<tensor::InsertOp>(tl, coord, t,
                                                  ValueRange{row, args[1]});
                }
                Value next = tb.create<arith::AddIOp>(
                    tl, args[1], tb.create<arith::ConstantIndexOp>(tl, 1));
                tb.create<scf::YieldOp>(tl, ValueRange{t, next});
              },
              [&](OpBuilder &eb, Location el) {
                eb.create<scf::YieldOp>(el, args);
              });
          return {ifOp.getResult(0), ifOp.getResult(1)};
        })[0];
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct CompressLowering : public OpConversionPattern<CompressOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CompressOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    Value condition = adaptor.getCondition();
    auto type = convertTensorType(op.getType());
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t axis = 0;
    if (std::optional<int64_t> a = op.getAxis()) {
      axis = *a < 0 ? *a + inputType.getRank() : *a;
    } else if (inputType.getRank() != 1) {
      // No axis: the flattened input.
      SmallVector<ReassociationIndices> all(1);
      for (int64_t d = 0; d < inputType.getRank(); ++d)
        all[0].push_back(d);
      input = rewriter.create<tensor::CollapseShapeOp>(loc, input, all);
      inputType = cast<RankedTensorType>(input.getType());
    }
    SmallVector<OpFoldResult> dims = dimsOf(rewriter, loc, input);
    Value zero = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    Value one = rewriter.create<arith::ConstantIndexOp>(loc, 1);
    // Only the slices that the condition covers can be selected.
    Value length = rewriter.create<arith::MinUIOp>(
        loc, getValueOrCreateConstantIndexOp(rewriter, loc, dims[axis]),
        rewriter.create<tensor::DimOp>(loc, condition, 0));
    auto selectedAt = [&](OpBuilder &b, Location l, Value j) {
      return b.create<tensor::ExtractOp>(l, condition, j).getResult();
    };

    auto countLoop = rewriter.create<scf::ForOp>(
        loc, zero, length, one, ValueRange{zero},
        [&](OpBuilder &b, Location l, Value j, ValueRange args) {
          b.create<scf::YieldOp>(l,
                                 countIf(b, l, selectedAt(b, l, j), args[0]));
        });
    Value count = countLoop.getResult(0);
    Value init = createEmpty(rewriter, loc, type,
                             sizesWithCount(rewriter, loc, type, axis, count,
                                            dims, "selected slices"));

    // Slice j of the input goes to position `position` of the result.
    auto copyLoop = rewriter.create<scf::ForOp>(
        loc, zero, length, one, ValueRange{init, zero},
        [&](OpBuilder &b, Location l, Value j, ValueRange args) {
          auto ifOp = b.create<scf::IfOp>(
              l, selectedAt(b, l, j),
              [&](OpBuilder &tb, Location tl) {
                int64_t rank = inputType.getRank();
                SmallVector<OpFoldResult> offsets(rank, tb.getIndexAttr(0));
                SmallVector<OpFoldResult> sizes(dims);
                SmallVector<OpFoldResult> strides(rank, tb.getIndexAttr(1));
                sizes[axis] = tb.getIndexAttr(1);
                offsets[axis] = j;
                Value slice = tb.create<tensor::ExtractSliceOp>(
                    tl, input, offsets, sizes, strides);
                offsets[axis] = args[1];
                Value t = tb.create<tensor::InsertSliceOp>(
                    tl, slice, args[0], offsets, sizes, strides);
                Value next = tb.create<arith::AddIOp>(
                    tl, args[1], tb.create<arith::ConstantIndexOp>(tl, 1));
                tb.create<scf::YieldOp>(tl, ValueRange{t, next});
              },
              [&](OpBuilder &eb, Location el) {
                eb.create<scf::YieldOp>(el, args);
              });
          b.create<scf::YieldOp>(l, ifOp.getResults());
        });
    rewriter.replaceOp(op, copyLoop.getResult(0));
    return success();
  }
};

/// -1, 0 or 1 (i32) as slice I of X ([outer, n, inner]) orders before,
/// equals or follows slice J, lexicographically in row-major order.
Value compareSlices(OpBuilder &b, Location loc, Value x, Value i, Value j,
                    bool isUnsigned) {
  auto type = cast<RankedTensorType>(x.getType());
  Type i32 = b.getI32Type();
  Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
  Value one = b.create<arith::ConstantIndexOp>(loc, 1);
  Value undecided = scalarConstant(b, loc, i32, 0);
  SmallVector<Value> ubs = {
      b.create<arith::ConstantIndexOp>(loc, type.getDimSize(0)),
      b.create<arith::ConstantIndexOp>(loc, type.getDimSize(2))};
  return scf::buildLoopNest(
             b, loc, {zero, zero}, ubs, {one, one}, {undecided},
             [&](OpBuilder &nb, Location l, ValueRange ivs,
                 ValueRange args) -> scf::ValueVector {
               Value a = nb.create<tensor::ExtractOp>(
                   l, x, ValueRange{ivs[0], i, ivs[1]});
               Value c = nb.create<tensor::ExtractOp>(
                   l, x, ValueRange{ivs[0], j, ivs[1]});
               Value less, greater;
               if (isa<FloatType>(a.getType())) {
                 less = nb.create<arith::CmpFOp>(l, arith::CmpFPredicate::OLT,
                                                 a, c);
                 greater = nb.create<arith::CmpFOp>(
                     l, arith::CmpFPredicate::OGT, a, c);
               } else {
                 less = nb.create<arith::CmpIOp>(
                     l,
                     isUnsigned ? arith::CmpIPredicate::ult
                                : arith::CmpIPredicate::slt,
                     a, c);
                 greater = nb.create<arith::CmpIOp>(
                     l,
                     isUnsigned ? arith::CmpIPredicate::ugt
                                : arith::CmpIPredicate::sgt,
                     a, c);
               }
               Value order = nb.create<arith::SelectOp>(
                   l, less, scalarConstant(nb, l, i32, -1),
                   nb.create<arith::SelectOp>(
                       l, greater, scalarConstant(nb, l, i32, 1), args[0]));
               Value open = nb.create<arith::CmpIOp>(
                   l, arith::CmpIPredicate::eq, args[0], undecided);
               return {nb.create<arith::SelectOp>(l, open, order, args[0])};
             })
      .results[0];
}

/// An scf.for from 0 to UPPER carrying ITERARGS through BODY.
scf::ForOp forUpTo(
    OpBuilder &b, Location loc, Value upper, ValueRange iterArgs,
    function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)>
        body) {
  Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
  Value one = b.create<arith::ConstantIndexOp>(loc, 1);
  return b.create<scf::ForOp>(
      loc, zero, upper, one, iterArgs,
      [&](OpBuilder &nb, Location l, Value iv, ValueRange args) {
        nb.create<scf::YieldOp>(l, body(nb, l, iv, args));
      });
}

/// Unique in O(n^2) comparisons of slices, n the number of slices: the
/// first occurrence of each slice, then each distinct slice's position
/// (how many distinct slices order before it, or occur before it when
/// unsorted), then one pass that writes the four results.
struct UniqueLowering : public OpConversionPattern<UniqueOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(UniqueOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    if (!inputType.hasStaticShape())
      return unsupported(op, "Unique needs an input of static shape");
    int64_t axis = op.getAxis().value_or(0);
    int64_t outer = 1, n = inputType.getNumElements(), inner = 1;
    if (op.getAxis()) {
      ArrayRef<int64_t> shape = inputType.getShape();
      n = shape[axis];
      for (int64_t d = 0; d < axis; ++d)
        outer *= shape[d];
      for (int64_t d = axis + 1; d < inputType.getRank(); ++d)
        inner *= shape[d];
    }
    Type element = inputType.getElementType();
    Value x = reshapeTensor(b, loc, adaptor.getInput(),
                            RankedTensorType::get({outer, n, inner}, element));
    bool isUnsigned =
        getElementTypeOrSelf(op.getInput().getType()).isUnsignedInteger();
    Type i64 = b.getI64Type();
    auto asIndex = [&](OpBuilder &nb, Location l, Value v) -> Value {
      return nb.create<arith::IndexCastOp>(l, nb.getIndexType(), v);
    };
    auto asI64 = [&](OpBuilder &nb, Location l, Value v) -> Value {
      return nb.create<arith::IndexCastOp>(l, nb.getI64Type(), v);
    };
    auto isZero = [&](OpBuilder &nb, Location l, Value order) -> Value {
      return nb.create<arith::CmpIOp>(
          l, arith::CmpIPredicate::eq, order,
          scalarConstant(nb, l, order.getType(), 0));
    };
    Value numSlices = b.create<arith::ConstantIndexOp>(loc, n);
    auto slicesType = RankedTensorType::get({n}, i64);

    // first[i]: the lowest j with slice j equal to slice i.
    Value first =
        forUpTo(b, loc, numSlices, {createEmpty(b, loc, slicesType)},
                [&](OpBuilder &nb, Location l, Value i,
                    ValueRange args) -> SmallVector<Value> {
                  Value found =
                      forUpTo(nb, l, i, {i},
                              [&](OpBuilder &jb, Location jl, Value j,
                                  ValueRange found) -> SmallVector<Value> {
                                Value open = jb.create<arith::CmpIOp>(
                                    jl, arith::CmpIPredicate::eq, found[0], i);
                                auto test = jb.create<scf::IfOp>(
                                    jl, open,
                                    [&](OpBuilder &tb, Location tl) {
                                      Value same =
                                          isZero(tb, tl,
                                                 compareSlices(tb, tl, x, i, j,
                                                               isUnsigned));
                                      tb.create<scf::YieldOp>(
                                          tl,
                                          ValueRange{tb.create<arith::SelectOp>(
                                              tl, same, j, found[0])});
                                    },
                                    [&](OpBuilder &eb, Location el) {
                                      eb.create<scf::YieldOp>(el, found);
                                    });
                                return {test.getResult(0)};
                              })
                          .getResult(0);
                  return {nb.create<tensor::InsertOp>(l, asI64(nb, l, found),
                                                      args[0], i)
                              .getResult()};
                })
            .getResult(0);
    auto isFirstAt = [&](OpBuilder &nb, Location l, Value i) -> Value {
      Value f = asIndex(nb, l, nb.create<tensor::ExtractOp>(l, first, i));
      return nb.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, f, i);
    };

    // position[i], for each first occurrence i: the distinct slices that go
    // before it.
    Value position =
        forUpTo(b, loc, numSlices, {createEmpty(b, loc, slicesType)},
                [&](OpBuilder &nb, Location l, Value i,
                    ValueRange args) -> SmallVector<Value> {
                  Value count =
                      forUpTo(
                          nb, l, numSlices,
                          {nb.create<arith::ConstantIndexOp>(l, 0)},
                          [&](OpBuilder &jb, Location jl, Value j,
                              ValueRange c) -> SmallVector<Value> {
                            Value before;
                            if (op.getSorted())
                              before = jb.create<arith::CmpIOp>(
                                  jl, arith::CmpIPredicate::slt,
                                  compareSlices(jb, jl, x, j, i, isUnsigned),
                                  scalarConstant(jb, jl, jb.getI32Type(), 0));
                            else
                              before = jb.create<arith::CmpIOp>(
                                  jl, arith::CmpIPredicate::ult, j, i);
                            Value counts = jb.create<arith::AndIOp>(
                                jl, before, isFirstAt(jb, jl, j));
                            return {countIf(jb, jl, counts, c[0])};
                          })
                          .getResult(0);
                  return {nb.create<tensor::InsertOp>(l, asI64(nb, l, count),
                                                      args[0], i)
                              .getResult()};
                })
            .getResult(0);

    Value distinct =
        forUpTo(b, loc, numSlices, {b.create<arith::ConstantIndexOp>(loc, 0)},
                [&](OpBuilder &nb, Location l, Value i,
                    ValueRange c) -> SmallVector<Value> {
                  return {countIf(nb, l, isFirstAt(nb, l, i), c[0])};
                })
            .getResult(0);

    // The results, all sized by the number of distinct slices.
    auto outputType = convertTensorType(op.getOutput().getType());
    auto indicesType = convertTensorType(op.getIndices().getType());
    auto inverseType = convertTensorType(op.getInverseIndices().getType());
    auto countsType = convertTensorType(op.getCounts().getType());
    int64_t outAxis = op.getAxis() ? axis : 0;
    OpFoldResult size = distinct;
    if (!outputType.isDynamicDim(outAxis)) {
      size = b.getIndexAttr(outputType.getDimSize(outAxis));
      checkSizeEquals(b, loc, distinct, size,
                      "the number of distinct slices equals the result size");
    }
    auto dynamicIfNeeded = [&](RankedTensorType type) {
      return type.hasStaticShape() ? SmallVector<Value>{}
                                   : SmallVector<Value>{distinct};
    };
    auto gathered3 = RankedTensorType::get(
        {outer,
         outputType.isDynamicDim(outAxis) ? ShapedType::kDynamic
                                          : outputType.getDimSize(outAxis),
         inner},
        element);
    Value zero64 = scalarConstant(b, loc, i64, 0);
    SmallVector<Value> inits = {
        createEmpty(b, loc, gathered3, dynamicIfNeeded(gathered3)),
        createEmpty(b, loc, indicesType, dynamicIfNeeded(indicesType)),
        createEmpty(b, loc, inverseType),
        createFilled(b, loc, countsType, zero64, dynamicIfNeeded(countsType))};
    auto fill = forUpTo(
        b, loc, numSlices, inits,
        [&](OpBuilder &nb, Location l, Value i,
            ValueRange t) -> SmallVector<Value> {
          Value f = asIndex(nb, l, nb.create<tensor::ExtractOp>(l, first, i));
          Value p =
              asIndex(nb, l, nb.create<tensor::ExtractOp>(l, position, f));
          Value inverse =
              nb.create<tensor::InsertOp>(l, asI64(nb, l, p), t[2], i);
          Value seen = nb.create<tensor::ExtractOp>(l, t[3], p);
          Value counts = nb.create<tensor::InsertOp>(
              l,
              nb.create<arith::AddIOp>(l, seen, scalarConstant(nb, l, i64, 1)),
              t[3], p);
          auto write = nb.create<scf::IfOp>(
              l, isFirstAt(nb, l, i),
              [&](OpBuilder &tb, Location tl) {
                SmallVector<OpFoldResult> offsets = {tb.getIndexAttr(0), i,
                                                     tb.getIndexAttr(0)};
                SmallVector<OpFoldResult> sizes = {tb.getIndexAttr(outer),
                                                   tb.getIndexAttr(1),
                                                   tb.getIndexAttr(inner)};
                SmallVector<OpFoldResult> strides(3, tb.getIndexAttr(1));
                Value slice = tb.create<tensor::ExtractSliceOp>(tl, x, offsets,
                                                                sizes, strides);
                offsets[1] = p;
                Value output = tb.create<tensor::InsertSliceOp>(
                    tl, slice, t[0], offsets, sizes, strides);
                Value indices =
                    tb.create<tensor::InsertOp>(tl, asI64(tb, tl, i), t[1], p);
                tb.create<scf::YieldOp>(tl, ValueRange{output, indices});
              },
              [&](OpBuilder &eb, Location el) {
                eb.create<scf::YieldOp>(el, ValueRange{t[0], t[1]});
              });
          return {write.getResult(0), write.getResult(1), inverse, counts};
        });

    SmallVector<OpFoldResult> outputDims;
    if (op.getAxis())
      for (int64_t d : inputType.getShape())
        outputDims.push_back(b.getIndexAttr(d));
    else
      outputDims.push_back(b.getIndexAttr(0));
    outputDims[outAxis] = size;
    Value output =
        reshapeTensor(b, loc, fill.getResult(0), outputType, outputDims);
    rewriter.replaceOp(
        op, {output, fill.getResult(1), fill.getResult(2), fill.getResult(3)});
    return success();
  }
};

} // namespace

void lowering::populateSelectionPatterns(TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<NonZeroLowering, CompressLowering, UniqueLowering>(
      converter, patterns.getContext());
}
