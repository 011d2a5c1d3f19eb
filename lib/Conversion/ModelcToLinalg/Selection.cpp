//===- Selection.cpp - NonZero, Compress and Unique to scf ------*- C++ -*-===//
//
// Part of modelc. Ops whose result size is the number of elements (or
// slices) that a condition selects, that are distinct (Unique) or that
// survive suppression (NonMaxSuppression). The
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

/// The dynamic sizes of a result of TYPE whose dimension AXIS is COUNT
/// (which never exceeds BOUND) and whose other dimensions are DIMS; a
/// static AXIS dimension is checked against COUNT instead.
SmallVector<Value> sizesWithCount(OpBuilder &b, Location loc,
                                  RankedTensorType type, int64_t axis,
                                  Value count, OpFoldResult bound,
                                  ArrayRef<OpFoldResult> dims, StringRef what) {
  SmallVector<OpFoldResult> all(dims);
  if (type.isDynamicDim(axis))
    all[axis] = boundedSize(b, loc, count, bound);
  else
    checkSizeEquals(b, loc, count, b.getIndexAttr(type.getDimSize(axis)),
                    Twine("the number of ") + what + " equals the result size");
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      sizes.push_back(getValueOrCreateConstantIndexOp(b, loc, all[d]));
  return sizes;
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
    SizeMath sm(rewriter, loc);
    OpFoldResult numElements = rewriter.getIndexAttr(1);
    for (OpFoldResult d : dimsOf(rewriter, loc, x))
      numElements = sm.mul(numElements, d);
    Value init =
        createEmpty(rewriter, loc, type,
                    sizesWithCount(rewriter, loc, type, 1, count, numElements,
                                   dims, "non-zero elements"));

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
    // The condition may be shorter than the axis (the slices past it are
    // dropped), never longer: ONNX leaves that undefined, and ONNX Runtime
    // refuses it. Known sizes are checked here, others at run time.
    auto conditionType = cast<RankedTensorType>(condition.getType());
    if (!conditionType.isDynamicDim(0) && !inputType.isDynamicDim(axis) &&
        conditionType.getDimSize(0) > inputType.getDimSize(axis))
      return unsupported(op, "the condition has " +
                                 Twine(conditionType.getDimSize(0)) +
                                 " elements, more than the " +
                                 Twine(inputType.getDimSize(axis)) +
                                 " slices of the input along the axis");
    Value conditionLength = rewriter.create<tensor::DimOp>(loc, condition, 0);
    Value axisLength =
        getValueOrCreateConstantIndexOp(rewriter, loc, dims[axis]);
    if (conditionType.isDynamicDim(0) || inputType.isDynamicDim(axis))
      rewriter.create<CheckOp>(
          loc,
          rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ule,
                                         conditionLength, axisLength),
          rewriter.getStringAttr("Compress: the condition is longer than the "
                                 "input's axis"));
    // Only the slices that the condition covers can be selected.
    Value length =
        rewriter.create<arith::MinUIOp>(loc, axisLength, conditionLength);
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
                                            length, dims, "selected slices"));

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
    // Dynamic results are sized for all slices, the most there can be.
    Value bounded = boundedSize(b, loc, distinct, numSlices);
    if (outputType.isDynamicDim(outAxis))
      size = bounded;
    auto dynamicIfNeeded = [&](RankedTensorType type) {
      return type.hasStaticShape() ? SmallVector<Value>{}
                                   : SmallVector<Value>{bounded};
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

/// A box's corners (ymin, xmin, ymax, xmax) from row IDX of BOXES[batch]:
/// corners in either order, or center, width and height.
std::array<Value, 4> boxCorners(OpBuilder &b, Location loc, Value boxes,
                                Value batch, Value idx, bool centerPoint) {
  std::array<Value, 4> v;
  for (int64_t k = 0; k < 4; ++k)
    v[k] = b.create<tensor::ExtractOp>(
        loc, boxes,
        ValueRange{batch, idx, b.create<arith::ConstantIndexOp>(loc, k)});
  if (centerPoint) {
    Value half = scalarConstant(b, loc, v[0].getType(), 0.5);
    Value hw = b.create<arith::MulFOp>(loc, v[2], half);
    Value hh = b.create<arith::MulFOp>(loc, v[3], half);
    return {b.create<arith::SubFOp>(loc, v[1], hh),
            b.create<arith::SubFOp>(loc, v[0], hw),
            b.create<arith::AddFOp>(loc, v[1], hh),
            b.create<arith::AddFOp>(loc, v[0], hw)};
  }
  return {b.create<arith::MinimumFOp>(loc, v[0], v[2]),
          b.create<arith::MinimumFOp>(loc, v[1], v[3]),
          b.create<arith::MaximumFOp>(loc, v[0], v[2]),
          b.create<arith::MaximumFOp>(loc, v[1], v[3])};
}

/// Whether boxes P and Q overlap with an intersection over union above
/// THRESHOLD (false for empty boxes and empty intersections, as ONNX
/// Runtime decides).
Value overlapsAbove(OpBuilder &b, Location loc, const std::array<Value, 4> &p,
                    const std::array<Value, 4> &q, Value threshold) {
  auto gt = [&](Value x, Value y) -> Value {
    return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, y);
  };
  auto sub = [&](Value x, Value y) -> Value {
    return b.create<arith::SubFOp>(loc, x, y);
  };
  auto mul = [&](Value x, Value y) -> Value {
    return b.create<arith::MulFOp>(loc, x, y);
  };
  auto all = [&](ArrayRef<Value> conds) {
    Value r = conds[0];
    for (Value c : conds.drop_front())
      r = b.create<arith::AndIOp>(loc, r, c);
    return r;
  };
  Value zero = scalarConstant(b, loc, p[0].getType(), 0);
  Value yMin = b.create<arith::MaximumFOp>(loc, p[0], q[0]);
  Value xMin = b.create<arith::MaximumFOp>(loc, p[1], q[1]);
  Value yMax = b.create<arith::MinimumFOp>(loc, p[2], q[2]);
  Value xMax = b.create<arith::MinimumFOp>(loc, p[3], q[3]);
  Value inter = mul(sub(yMax, yMin), sub(xMax, xMin));
  Value areaP = mul(sub(p[2], p[0]), sub(p[3], p[1]));
  Value areaQ = mul(sub(q[2], q[0]), sub(q[3], q[1]));
  Value unionArea = sub(b.create<arith::AddFOp>(loc, areaP, areaQ), inter);
  Value iou = b.create<arith::DivFOp>(loc, inter, unionArea);
  return all({gt(yMax, yMin), gt(xMax, xMin), gt(areaP, zero), gt(areaQ, zero),
              gt(unionArea, zero), gt(iou, threshold)});
}

/// NonMaxSuppression, per batch and class: N rounds, each taking the best
/// unprocessed box (one scan of the scores) and keeping it unless it
/// overlaps a box kept before for the class. Kept triples go to a buffer
/// with room for every box of every class; the result is its first rows.
struct NonMaxSuppressionLowering
    : public OpConversionPattern<NonMaxSuppressionOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(NonMaxSuppressionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value boxes = adaptor.getBoxes(), scores = adaptor.getScores();
    auto boxesType = cast<RankedTensorType>(boxes.getType());
    auto scoresType = cast<RankedTensorType>(scores.getType());
    if (!boxesType.hasStaticShape() || !scoresType.hasStaticShape())
      return unsupported(op, "NonMaxSuppression needs boxes and scores of "
                             "static shape");
    auto type = convertTensorType(op.getType());
    int64_t batches = boxesType.getDimSize(0), n = boxesType.getDimSize(1);
    int64_t classes = scoresType.getDimSize(1);
    int64_t capacity = batches * classes * n;
    if (!type.isDynamicDim(0) && type.getDimSize(0) > capacity)
      return unsupported(op, "the result declares more boxes than there are");
    Type ft = boxesType.getElementType();
    Type i64 = b.getI64Type();
    auto idx = [&](OpBuilder &nb, Location l, int64_t v) -> Value {
      return nb.create<arith::ConstantIndexOp>(l, v);
    };
    auto first = [&](Value v) -> Value {
      auto t = cast<RankedTensorType>(v.getType());
      return b.create<tensor::ExtractOp>(
          loc, v, SmallVector<Value>(t.getRank(), idx(b, loc, 0)));
    };
    // The limits: at most N boxes per class, 0 when absent.
    Value maxOut = idx(b, loc, 0);
    if (Value m = adaptor.getMaxOutputBoxesPerClass()) {
      Value v = b.create<arith::MinSIOp>(
          loc,
          b.create<arith::MaxSIOp>(loc, first(m),
                                   scalarConstant(b, loc, i64, 0)),
          scalarConstant(b, loc, i64, n));
      maxOut = b.create<arith::IndexCastOp>(loc, b.getIndexType(), v);
    }
    Value iouThreshold = adaptor.getIouThreshold()
                             ? first(adaptor.getIouThreshold())
                             : scalarConstant(b, loc, ft, 0);
    Value scoreThreshold = adaptor.getScoreThreshold()
                               ? first(adaptor.getScoreThreshold())
                               : Value();
    bool centerPoint = op.getCenterPointBox();

    auto selectedType = RankedTensorType::get({capacity, 3}, i64);
    auto flagsType = RankedTensorType::get({n}, b.getI1Type());
    Value zero = idx(b, loc, 0), one = idx(b, loc, 1);
    Value none = idx(b, loc, n);
    scf::LoopNest classesLoop = scf::buildLoopNest(
        b, loc, {zero, zero}, {idx(b, loc, batches), idx(b, loc, classes)},
        {one, one},
        {createEmpty(b, loc, selectedType), zero,
         createEmpty(b, loc, flagsType)},
        [&](OpBuilder &cb, Location cl, ValueRange bc,
            ValueRange state) -> scf::ValueVector {
          Value batch = bc[0], cls = bc[1], classStart = state[1];
          // The flags of processed boxes, one buffer reset per class.
          Value processed = cb.create<linalg::FillOp>(
                                  cl,
                                  ValueRange{cb.create<arith::ConstantIntOp>(
                                      cl, 0, cb.getI1Type())},
                                  ValueRange{state[2]})
                                .getResult(0);
          auto rounds = forUpTo(
              cb, cl, none, {state[0], state[1], processed, zero},
              [&](OpBuilder &rb, Location rl, Value,
                  ValueRange s) -> SmallVector<Value> {
                // The best unprocessed box above the score threshold.
                auto scan = forUpTo(
                    rb, rl, none, {none, scalarConstant(rb, rl, ft, 0)},
                    [&](OpBuilder &jb, Location jl, Value j,
                        ValueRange best) -> SmallVector<Value> {
                      Value score = jb.create<tensor::ExtractOp>(
                          jl, scores, ValueRange{batch, cls, j});
                      Value done = jb.create<tensor::ExtractOp>(jl, s[2], j);
                      Value eligible = jb.create<arith::XOrIOp>(
                          jl, done,
                          jb.create<arith::ConstantIntOp>(jl, 1,
                                                          jb.getI1Type()));
                      if (scoreThreshold)
                        eligible = jb.create<arith::AndIOp>(
                            jl, eligible,
                            jb.create<arith::CmpFOp>(jl,
                                                     arith::CmpFPredicate::OGT,
                                                     score, scoreThreshold));
                      Value better = jb.create<arith::OrIOp>(
                          jl,
                          jb.create<arith::CmpIOp>(jl, arith::CmpIPredicate::eq,
                                                   best[0], none),
                          jb.create<arith::CmpFOp>(
                              jl, arith::CmpFPredicate::OGT, score, best[1]));
                      Value take =
                          jb.create<arith::AndIOp>(jl, eligible, better);
                      return {
                          jb.create<arith::SelectOp>(jl, take, j, best[0]),
                          jb.create<arith::SelectOp>(jl, take, score, best[1])};
                    });
                Value bestIdx = scan.getResult(0);
                Value found = rb.create<arith::AndIOp>(
                    rl,
                    rb.create<arith::CmpIOp>(rl, arith::CmpIPredicate::ne,
                                             bestIdx, none),
                    rb.create<arith::CmpIOp>(rl, arith::CmpIPredicate::ult,
                                             s[3], maxOut));
                auto round = rb.create<scf::IfOp>(
                    rl, found,
                    [&](OpBuilder &tb, Location tl) {
                      Value flags = tb.create<tensor::InsertOp>(
                          tl,
                          tb.create<arith::ConstantIntOp>(tl, 1,
                                                          tb.getI1Type()),
                          s[2], bestIdx);
                      std::array<Value, 4> candidate = boxCorners(
                          tb, tl, boxes, batch, bestIdx, centerPoint);
                      // Kept unless it overlaps a box kept for this class.
                      auto check = tb.create<scf::ForOp>(
                          tl, classStart, s[1], one,
                          ValueRange{tb.create<arith::ConstantIntOp>(
                              tl, 1, tb.getI1Type())},
                          [&](OpBuilder &kb, Location kl, Value r,
                              ValueRange ok) {
                            Value k = kb.create<arith::IndexCastOp>(
                                kl, kb.getIndexType(),
                                kb.create<tensor::ExtractOp>(
                                    kl, s[0], ValueRange{r, idx(kb, kl, 2)}));
                            Value overlaps =
                                overlapsAbove(kb, kl, candidate,
                                              boxCorners(kb, kl, boxes, batch,
                                                         k, centerPoint),
                                              iouThreshold);
                            Value stillOk = kb.create<arith::AndIOp>(
                                kl, ok[0],
                                kb.create<arith::XOrIOp>(
                                    kl, overlaps,
                                    kb.create<arith::ConstantIntOp>(
                                        kl, 1, kb.getI1Type())));
                            kb.create<scf::YieldOp>(kl, stillOk);
                          });
                      auto keep = tb.create<scf::IfOp>(
                          tl, check.getResult(0),
                          [&](OpBuilder &kb, Location kl) {
                            Value t = s[0];
                            Value values[3] = {batch, cls, bestIdx};
                            for (int64_t c = 0; c < 3; ++c)
                              t = kb.create<tensor::InsertOp>(
                                  kl,
                                  kb.create<arith::IndexCastOp>(
                                      kl, kb.getI64Type(), values[c]),
                                  t, ValueRange{s[1], idx(kb, kl, c)});
                            kb.create<scf::YieldOp>(
                                kl,
                                ValueRange{
                                    t, kb.create<arith::AddIOp>(kl, s[1], one),
                                    kb.create<arith::AddIOp>(kl, s[3], one)});
                          },
                          [&](OpBuilder &kb, Location kl) {
                            kb.create<scf::YieldOp>(
                                kl, ValueRange{s[0], s[1], s[3]});
                          });
                      tb.create<scf::YieldOp>(
                          tl, ValueRange{keep.getResult(0), keep.getResult(1),
                                         flags, keep.getResult(2)});
                    },
                    [&](OpBuilder &eb, Location el) {
                      eb.create<scf::YieldOp>(el, s);
                    });
                return SmallVector<Value>(round.getResults());
              });
          return {rounds.getResult(0), rounds.getResult(1),
                  rounds.getResult(2)};
        });
    Value selected = classesLoop.results[0];
    Value count = classesLoop.results[1];

    if (!type.isDynamicDim(0))
      checkSizeEquals(b, loc, count, b.getIndexAttr(type.getDimSize(0)),
                      "the number of selected boxes equals the result size");
    SmallVector<OpFoldResult> offsets(2, b.getIndexAttr(0));
    SmallVector<OpFoldResult> resultSizes = {
        type.isDynamicDim(0)
            ? OpFoldResult(boundedSize(b, loc, count, b.getIndexAttr(capacity)))
            : b.getIndexAttr(type.getDimSize(0)),
        b.getIndexAttr(3)};
    SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
    Value result = b.create<tensor::ExtractSliceOp>(
        loc, type, selected, offsets, resultSizes, strides);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void lowering::populateSelectionPatterns(TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<NonZeroLowering, CompressLowering, UniqueLowering,
               NonMaxSuppressionLowering>(converter, patterns.getContext());
}
