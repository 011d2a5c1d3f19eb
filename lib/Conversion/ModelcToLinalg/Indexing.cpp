//===- Indexing.cpp - gathers, scatters and scans to linalg/scf -*- C++ -*-===//
//
// Part of modelc. Ops that read or write at positions computed from data,
// or that walk an axis in order: GatherElements, GatherND, ScatterElements,
// ScatterND, OneHot, TopK and CumSum.
//
// Gathers and OneHot are linalg.generic ops over the result whose body
// computes the source position (linalg.index, tensor.extract). Scatters,
// TopK and CumSum write at data-dependent positions or carry a state from
// one element to the next, which linalg.generic cannot express: they are
// scf.for loops over tensors (tensor.extract/insert, extract/insert_slice,
// loop-carried tensors), which one-shot bufferization turns into in-place
// updates of one buffer.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return b.create<arith::ConstantIndexOp>(loc, value);
}

/// The only element of a scalar or one-element tensor.
Value extractScalar(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> zeros(type.getRank(), indexConstant(b, loc, 0));
  return b.create<tensor::ExtractOp>(loc, tensor, zeros);
}

bool isUnsignedElement(Value value) {
  return cast<RankedTensorType>(value.getType())
      .getElementType()
      .isUnsignedInteger();
}

/// Combines the current element OLD with the update NEW by REDUCTION
/// ("none", "add", "mul", "max" or "min"); on booleans, add and max are
/// `or`, mul and min are `and`.
Value combine(OpBuilder &b, Location loc, StringRef reduction, Value old,
              Value update, bool isUnsigned) {
  Type type = old.getType();
  if (reduction == "none")
    return update;
  if (isa<FloatType>(type)) {
    if (reduction == "add")
      return b.create<arith::AddFOp>(loc, old, update);
    if (reduction == "mul")
      return b.create<arith::MulFOp>(loc, old, update);
    if (reduction == "max")
      return b.create<arith::MaximumFOp>(loc, old, update);
    return b.create<arith::MinimumFOp>(loc, old, update);
  }
  if (type.isInteger(1)) {
    if (reduction == "add" || reduction == "max")
      return b.create<arith::OrIOp>(loc, old, update);
    return b.create<arith::AndIOp>(loc, old, update);
  }
  if (reduction == "add")
    return b.create<arith::AddIOp>(loc, old, update);
  if (reduction == "mul")
    return b.create<arith::MulIOp>(loc, old, update);
  if (reduction == "max")
    return isUnsigned ? b.create<arith::MaxUIOp>(loc, old, update).getResult()
                      : b.create<arith::MaxSIOp>(loc, old, update).getResult();
  return isUnsigned ? b.create<arith::MinUIOp>(loc, old, update).getResult()
                    : b.create<arith::MinSIOp>(loc, old, update).getResult();
}

bool isKnownReduction(StringRef reduction) {
  return llvm::is_contained({"none", "add", "mul", "max", "min"}, reduction);
}

/// Upper bounds and unit steps of a loop nest over DIMS, sizes known at
/// compile or at run time.
void loopBounds(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> dims,
                SmallVectorImpl<Value> &lbs, SmallVectorImpl<Value> &ubs,
                SmallVectorImpl<Value> &steps) {
  for (OpFoldResult d : dims) {
    lbs.push_back(indexConstant(b, loc, 0));
    ubs.push_back(getValueOrCreateConstantIndexOp(b, loc, d));
    steps.push_back(indexConstant(b, loc, 1));
  }
}

/// Checks that each of the first COUNT dimensions of INDEXED (the indices
/// or updates of a gather or scatter, WHAT), but AXIS, is at most DATA's
/// where either is dynamic: the op reads or writes DATA there. NAME names
/// the op.
void checkWithinData(OpBuilder &b, Location loc, Value indexed, Value data,
                     int64_t axis, int64_t count, StringRef name,
                     StringRef what) {
  auto indexedType = cast<RankedTensorType>(indexed.getType());
  auto dataType = cast<RankedTensorType>(data.getType());
  for (int64_t i = 0; i < count; ++i) {
    if (i == axis ||
        (!indexedType.isDynamicDim(i) && !dataType.isDynamicDim(i)))
      continue;
    Value ok = b.create<arith::CmpIOp>(
        loc, arith::CmpIPredicate::sle,
        getValueOrCreateConstantIndexOp(b, loc, dimOf(b, loc, indexed, i)),
        getValueOrCreateConstantIndexOp(b, loc, dimOf(b, loc, data, i)));
    b.create<CheckOp>(loc, ok,
                      b.getStringAttr(name + ": dimension " + Twine(i) +
                                      " of the " + what +
                                      " is at most the data's"));
  }
}

//===----------------------------------------------------------------------===//
// Gathers
//===----------------------------------------------------------------------===//

struct GatherElementsLowering : public OpConversionPattern<GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    bool isUnsigned = isUnsignedElement(op.getIndices());
    checkWithinData(rewriter, loc, indices, data, axis, rank, "GatherElements",
                    "indices");
    // The result has the indices' shape.
    SmallVector<OpFoldResult> dims = resultDims(
        rewriter, loc, type, dimsOf(rewriter, loc, indices), "GatherElements");
    SmallVector<Value> sizes = dynamicOnly(rewriter, loc, type, dims);
    OpFoldResult axisDim = dimOf(rewriter, loc, data, axis);
    checkIndicesInRange(rewriter, loc, indices, axisDim, isUnsigned,
                        "GatherElements");
    Value axisSize = getValueOrCreateConstantIndexOp(rewriter, loc, axisDim);
    Value result = buildGatherGeneric(
        rewriter, loc, type, sizes, data, indices,
        rewriter.getMultiDimIdentityMap(rank),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value index =
              wrapNegative(b, l, toIndex(b, l, args[0], isUnsigned), axisSize);
          SmallVector<Value> coords;
          for (int64_t i = 0; i < rank; ++i)
            coords.push_back(i == axis ? index
                                       : b.create<linalg::IndexOp>(l, i));
          return coords;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct GatherNDLowering : public OpConversionPattern<GatherNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
    int64_t batch = op.getBatchDims();
    int64_t outer = indicesType.getRank() - 1;
    int64_t q = indicesType.getDimSize(outer);
    if (ShapedType::isDynamic(q))
      return unsupported(op, "the last dimension of the indices must be "
                             "static");
    int64_t rank = type.getRank();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    bool isUnsigned = isUnsignedElement(op.getIndices());
    // Result dims: the indices' outer dims (batch dims first), then the
    // dims of the gathered slice. The batch dims of the indices and the
    // data agree.
    SmallVector<OpFoldResult> dataDims = dimsOf(rewriter, loc, data);
    SmallVector<OpFoldResult> indexDims = dimsOf(rewriter, loc, indices);
    for (int64_t i = 0; i < batch; ++i)
      if (auto size = dyn_cast<Value>(indexDims[i]))
        checkSizeEquals(rewriter, loc, size, dataDims[i],
                        "GatherND: batch dimension " + Twine(i) +
                            " of the indices equals the data's");
    SmallVector<OpFoldResult> computed(indexDims.begin(),
                                       indexDims.begin() + outer);
    computed.append(dataDims.begin() + batch + q, dataDims.end());
    SmallVector<OpFoldResult> dims =
        resultDims(rewriter, loc, type, computed, "GatherND");
    ArrayRef<OpFoldResult> indexedDims = ArrayRef(dataDims).slice(batch, q);
    checkIndicesInRange(rewriter, loc, indices, indexedDims, isUnsigned,
                        "GatherND");
    SmallVector<Value> axisSizes;
    for (OpFoldResult d : indexedDims)
      axisSizes.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, d));
    Value result = buildGatherGeneric(
        rewriter, loc, type, dynamicOnly(rewriter, loc, type, dims), data, {},
        {}, [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> outerCoords;
          for (int64_t i = 0; i < outer; ++i)
            outerCoords.push_back(b.create<linalg::IndexOp>(l, i));
          SmallVector<Value> coords(outerCoords.begin(),
                                    outerCoords.begin() + batch);
          for (int64_t k = 0; k < q; ++k) {
            SmallVector<Value> at(outerCoords);
            at.push_back(indexConstant(b, l, k));
            Value index = toIndex(
                b, l, b.create<tensor::ExtractOp>(l, indices, at), isUnsigned);
            coords.push_back(wrapNegative(b, l, index, axisSizes[k]));
          }
          for (int64_t i = outer; i < rank; ++i)
            coords.push_back(b.create<linalg::IndexOp>(l, i));
          return coords;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Scatters
//===----------------------------------------------------------------------===//

/// ScatterElements: a loop nest over the updates, in row-major order, that
/// reads, combines and writes one element of the loop-carried result.
struct ScatterElementsLowering : public OpConversionPattern<ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScatterElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    StringRef reduction = op.getReduction();
    if (!isKnownReduction(reduction))
      return unsupported(op, "unknown reduction '" + reduction + "'");
    int64_t rank = dataType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    bool unsignedIndices = isUnsignedElement(op.getIndices());
    bool unsignedData = isUnsignedElement(op.getData());
    Value indices = adaptor.getIndices(), updates = adaptor.getUpdates();
    // The updates have the indices' shape, within the data's.
    SmallVector<OpFoldResult> updateDims = dimsOf(rewriter, loc, updates);
    SmallVector<OpFoldResult> indexDims = dimsOf(rewriter, loc, indices);
    for (int64_t i = 0; i < rank; ++i)
      if (auto size = dyn_cast<Value>(indexDims[i]))
        checkSizeEquals(rewriter, loc, size, updateDims[i],
                        "ScatterElements: dimension " + Twine(i) +
                            " of the indices equals the updates'");
      else if (auto size = dyn_cast<Value>(updateDims[i]))
        checkSizeEquals(rewriter, loc, size, indexDims[i],
                        "ScatterElements: dimension " + Twine(i) +
                            " of the updates equals the indices'");
    checkWithinData(rewriter, loc, updates, adaptor.getData(), axis, rank,
                    "ScatterElements", "updates");
    OpFoldResult axisDim = dimOf(rewriter, loc, adaptor.getData(), axis);
    checkIndicesInRange(rewriter, loc, indices, axisDim, unsignedIndices,
                        "ScatterElements");
    Value axisSize = getValueOrCreateConstantIndexOp(rewriter, loc, axisDim);
    SmallVector<Value> lbs, ubs, steps;
    loopBounds(rewriter, loc, updateDims, lbs, ubs, steps);
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{adaptor.getData()},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange iterArgs) -> scf::ValueVector {
          Value index =
              toIndex(b, l, b.create<tensor::ExtractOp>(l, indices, ivs),
                      unsignedIndices);
          index = wrapNegative(b, l, index, axisSize);
          SmallVector<Value> coords(ivs);
          coords[axis] = index;
          Value value = b.create<tensor::ExtractOp>(l, updates, ivs);
          if (reduction != "none") {
            Value old = b.create<tensor::ExtractOp>(l, iterArgs[0], coords);
            value = combine(b, l, reduction, old, value, unsignedData);
          }
          return {b.create<tensor::InsertOp>(l, value, iterArgs[0], coords)};
        });
    rewriter.replaceOp(op, nest.results.front());
    return success();
  }
};

/// ScatterND: a loop nest over the index tuples, in row-major order; each
/// copies one slice into the loop-carried result (tensor.insert_slice), or
/// with a reduction combines it element by element.
struct ScatterNDLowering : public OpConversionPattern<ScatterNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScatterNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
    auto updatesType = cast<RankedTensorType>(adaptor.getUpdates().getType());
    StringRef reduction = op.getReduction();
    if (!isKnownReduction(reduction))
      return unsupported(op, "unknown reduction '" + reduction + "'");
    int64_t rank = dataType.getRank();
    int64_t outer = indicesType.getRank() - 1;
    int64_t q = indicesType.getDimSize(outer);
    if (ShapedType::isDynamic(q))
      return unsupported(op, "the last dimension of the indices must be "
                             "static");
    ArrayRef<int64_t> sliceShape = dataType.getShape().drop_front(q);
    auto sliceType =
        RankedTensorType::get(sliceShape, dataType.getElementType());
    bool unsignedIndices = isUnsignedElement(op.getIndices());
    bool unsignedData = isUnsignedElement(op.getData());
    Value indices = adaptor.getIndices(), updates = adaptor.getUpdates();
    // The updates are the indices' outer dims, then the data's slice.
    SmallVector<OpFoldResult> dataDims =
        dimsOf(rewriter, loc, adaptor.getData());
    SmallVector<OpFoldResult> indexDims = dimsOf(rewriter, loc, indices);
    SmallVector<OpFoldResult> updateDims = dimsOf(rewriter, loc, updates);
    SmallVector<OpFoldResult> wanted(indexDims.begin(),
                                     indexDims.begin() + outer);
    wanted.append(dataDims.begin() + q, dataDims.end());
    for (auto [i, size] : llvm::enumerate(updateDims)) {
      if (isa<Value>(size))
        checkSizeEquals(rewriter, loc, cast<Value>(size), wanted[i],
                        "ScatterND: dimension " + Twine(i) +
                            " of the updates matches the indices and data");
      else if (auto want = dyn_cast<Value>(wanted[i]))
        checkSizeEquals(rewriter, loc, want, size,
                        "ScatterND: dimension " + Twine(i) +
                            " of the updates matches the indices and data");
    }
    SmallVector<OpFoldResult> sliceDims(dataDims.begin() + q, dataDims.end());
    ArrayRef<OpFoldResult> indexedDims = ArrayRef(dataDims).take_front(q);
    checkIndicesInRange(rewriter, loc, indices, indexedDims, unsignedIndices,
                        "ScatterND");
    SmallVector<Value> axisSizes;
    for (OpFoldResult d : indexedDims)
      axisSizes.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, d));
    SmallVector<Value> lbs, ubs, steps;
    loopBounds(rewriter, loc, ArrayRef(indexDims).drop_back(), lbs, ubs, steps);
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{adaptor.getData()},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange iterArgs) -> scf::ValueVector {
          Value result = iterArgs[0];
          SmallVector<Value> coords;
          for (int64_t k = 0; k < q; ++k) {
            SmallVector<Value> at(ivs);
            at.push_back(indexConstant(b, l, k));
            Value index =
                toIndex(b, l, b.create<tensor::ExtractOp>(l, indices, at),
                        unsignedIndices);
            coords.push_back(wrapNegative(b, l, index, axisSizes[k]));
          }
          if (reduction == "none" && q < rank) {
            // Copy the slice updates[ivs, :...] to result[coords, :...].
            SmallVector<OpFoldResult> updOffsets(ivs.begin(), ivs.end());
            SmallVector<OpFoldResult> updSizes(outer, b.getIndexAttr(1));
            SmallVector<OpFoldResult> offsets(coords.begin(), coords.end());
            SmallVector<OpFoldResult> sizes(q, b.getIndexAttr(1));
            for (OpFoldResult d : sliceDims) {
              updOffsets.push_back(b.getIndexAttr(0));
              updSizes.push_back(d);
              offsets.push_back(b.getIndexAttr(0));
              sizes.push_back(d);
            }
            SmallVector<OpFoldResult> updStrides(updatesType.getRank(),
                                                 b.getIndexAttr(1));
            SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
            Value update = b.create<tensor::ExtractSliceOp>(
                l, sliceType, updates, updOffsets, updSizes, updStrides);
            return {b.create<tensor::InsertSliceOp>(l, update, result, offsets,
                                                    sizes, strides)};
          }
          // Element by element over the slice, combining with the current
          // value.
          SmallVector<Value> sliceLbs, sliceUbs, sliceSteps;
          loopBounds(b, l, sliceDims, sliceLbs, sliceUbs, sliceSteps);
          scf::LoopNest elements = scf::buildLoopNest(
              b, l, sliceLbs, sliceUbs, sliceSteps, ValueRange{result},
              [&](OpBuilder &b, Location l, ValueRange sliceIvs,
                  ValueRange args) -> scf::ValueVector {
                SmallVector<Value> at(coords), from(ivs);
                llvm::append_range(at, sliceIvs);
                llvm::append_range(from, sliceIvs);
                Value value = b.create<tensor::ExtractOp>(l, updates, from);
                if (reduction != "none") {
                  Value old = b.create<tensor::ExtractOp>(l, args[0], at);
                  value = combine(b, l, reduction, old, value, unsignedData);
                }
                return {b.create<tensor::InsertOp>(l, value, args[0], at)};
              });
          return {elements.results.front()};
        });
    rewriter.replaceOp(op, nest.results.front());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// OneHot
//===----------------------------------------------------------------------===//

struct OneHotLowering : public OpConversionPattern<OneHotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    if (!type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    // The result type holds the depth (the value of the depth operand),
    // which is checked where the depth is data.
    int64_t depth = type.getDimSize(axis);
    if (!matchPattern(adaptor.getDepth(), m_Constant())) {
      Value value = extractScalar(rewriter, loc, adaptor.getDepth());
      // Float depths are truncated toward zero, as ONNX casts them.
      if (isa<FloatType>(value.getType()))
        value =
            rewriter.create<arith::FPToSIOp>(loc, rewriter.getI64Type(), value);
      checkSizeEquals(
          rewriter, loc,
          toIndex(rewriter, loc, value, isUnsignedElement(op.getDepth())),
          rewriter.getIndexAttr(depth), "OneHot: the depth is " + Twine(depth));
    }
    Value values = adaptor.getValues();
    Value off = rewriter.create<tensor::ExtractOp>(
        loc, values, ValueRange{indexConstant(rewriter, loc, 0)});
    Value on = rewriter.create<tensor::ExtractOp>(
        loc, values, ValueRange{indexConstant(rewriter, loc, 1)});
    bool isUnsigned = isUnsignedElement(op.getIndices());
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis)
        indexExprs.push_back(getAffineDimExpr(i, ctx));
    SmallVector<AffineMap> maps{AffineMap::get(rank, 0, indexExprs, ctx),
                                rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{adaptor.getIndices()},
        ValueRange{createEmpty(rewriter, loc, type)}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          // Float indices are truncated toward zero, as ONNX casts them.
          Value index = args[0];
          if (isa<FloatType>(index.getType()))
            index = b.create<arith::FPToSIOp>(l, b.getI64Type(), index);
          index = wrapNegative(b, l, toIndex(b, l, index, isUnsigned),
                               indexConstant(b, l, depth));
          Value hot = b.create<arith::CmpIOp>(
              l, arith::CmpIPredicate::eq, b.create<linalg::IndexOp>(l, axis),
              index);
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::SelectOp>(l, hot, on, off)});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// TopK
//===----------------------------------------------------------------------===//

/// The input's dimensions DIMS viewed as [outer, n, inner] around AXIS.
SmallVector<OpFoldResult> splitAroundAxis(OpBuilder &b, Location loc,
                                          ArrayRef<OpFoldResult> dims,
                                          int64_t axis) {
  SizeMath sm(b, loc);
  OpFoldResult outer = sm.constant(1), inner = sm.constant(1);
  for (int64_t i = 0; i < axis; ++i)
    outer = sm.mul(outer, dims[i]);
  for (int64_t i = axis + 1, e = dims.size(); i < e; ++i)
    inner = sm.mul(inner, dims[i]);
  return {outer, dims[axis], inner};
}

/// DIMS with dimension AXIS replaced by SIZE.
SmallVector<OpFoldResult> replaceDim(ArrayRef<OpFoldResult> dims, int64_t axis,
                                     OpFoldResult size) {
  SmallVector<OpFoldResult> result(dims);
  result[axis] = size;
  return result;
}

/// TopK on the input viewed as [outer, n, inner]: for each (outer, inner)
/// row, the elements are inserted one by one, in order, into the sorted
/// list of the best k so far (O(n k) at worst; an element that does not
/// beat the last of a full list costs one comparison). The order is total:
/// a better value first, and of equal values the lower index first.
struct TopKLowering : public OpConversionPattern<TopKOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TopKOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto valuesType = convertTensorType(op.getValues().getType());
    auto indicesType = convertTensorType(op.getIndices().getType());
    int64_t rank = inputType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    // The input viewed as [outer, n, inner]; the results are [outer, k,
    // inner] and then the input's dimensions with k along the axis.
    SmallVector<OpFoldResult> inDims =
        dimsOf(rewriter, loc, adaptor.getInput());
    SmallVector<OpFoldResult> flatDims =
        splitAroundAxis(rewriter, loc, inDims, axis);
    // k: the result's static size along the axis, or a size read at run
    // time, which the axis's size bounds.
    OpFoldResult kSize;
    std::optional<int64_t> staticK;
    if (!valuesType.isDynamicDim(axis)) {
      staticK = valuesType.getDimSize(axis);
      kSize = rewriter.getIndexAttr(*staticK);
    }
    if (!matchPattern(adaptor.getK(), m_Constant())) {
      Value c0 = rewriter.create<arith::ConstantIndexOp>(loc, 0);
      Value runtimeK = rewriter.create<arith::IndexCastOp>(
          loc, rewriter.getIndexType(),
          rewriter.create<tensor::ExtractOp>(loc, adaptor.getK(), c0));
      if (staticK) {
        // It must be the one the result type took.
        checkSizeEquals(rewriter, loc, runtimeK, kSize,
                        "TopK's k equals the result size along the axis");
      } else {
        Value n = getValueOrCreateConstantIndexOp(rewriter, loc, inDims[axis]);
        Value fits = rewriter.create<arith::AndIOp>(
            loc,
            rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge,
                                           runtimeK, c0),
            rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle,
                                           runtimeK, n));
        rewriter.create<CheckOp>(
            loc, fits,
            rewriter.getStringAttr(
                "TopK's k is at least 0 and at most the axis's size"));
        kSize = boundedSize(rewriter, loc, runtimeK, n);
      }
    } else if (!staticK) {
      return unsupported(op, "the result size along the axis must be "
                             "static when k is a constant");
    }
    SmallVector<OpFoldResult> resultDimsList = resultDims(
        rewriter, loc, valuesType, replaceDim(inDims, axis, kSize), "TopK");
    SmallVector<OpFoldResult> outFlatDims = replaceDim(flatDims, 1, kSize);
    if (auto n = dyn_cast<Value>(inDims[axis]); n && staticK) {
      Value fits = rewriter.create<arith::CmpIOp>(
          loc, arith::CmpIPredicate::sle,
          indexConstant(rewriter, loc, *staticK), n);
      rewriter.create<CheckOp>(
          loc, fits,
          rewriter.getStringAttr("TopK's k is at most the axis's size"));
    }
    Type element = inputType.getElementType();
    bool isFloat = isa<FloatType>(element);
    bool isUnsigned = isUnsignedElement(op.getInput());
    bool largest = op.getLargest();

    Value input = reshapeTensor(rewriter, loc, adaptor.getInput(),
                                typeWithDims(flatDims, element), flatDims);
    auto valuesFlat = typeWithDims(outFlatDims, element);
    auto indicesFlat = typeWithDims(outFlatDims, rewriter.getI64Type());
    SmallVector<Value> flatSizes =
        dynamicOnly(rewriter, loc, valuesFlat, outFlatDims);
    Value values = createEmpty(rewriter, loc, valuesFlat, flatSizes);
    Value indices = createEmpty(rewriter, loc, indicesFlat, flatSizes);
    // Back to the results' shapes.
    auto finish = [&](Value v, Value i) {
      auto unflat = [&](Value flat, RankedTensorType type) {
        Value shaped =
            reshapeTensor(rewriter, loc, flat,
                          typeWithDims(resultDimsList, type.getElementType()),
                          resultDimsList);
        return castTo(rewriter, loc, shaped, type);
      };
      rewriter.replaceOp(op, {unflat(v, valuesType), unflat(i, indicesType)});
    };
    if (staticK == 0) {
      finish(values, indices);
      return success();
    }

    // Whether (a, ai) goes before (b, bi).
    auto before = [&](OpBuilder &b, Location l, Value a, Value ai, Value bv,
                      Value bi) -> Value {
      Value better, equal;
      if (isFloat) {
        better = b.create<arith::CmpFOp>(
            l, largest ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT,
            a, bv);
        equal = b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OEQ, a, bv);
      } else {
        arith::CmpIPredicate p = largest
                                     ? (isUnsigned ? arith::CmpIPredicate::ugt
                                                   : arith::CmpIPredicate::sgt)
                                     : (isUnsigned ? arith::CmpIPredicate::ult
                                                   : arith::CmpIPredicate::slt);
        better = b.create<arith::CmpIOp>(l, p, a, bv);
        equal = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, a, bv);
      }
      Value lower =
          b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, ai, bi);
      return b.create<arith::OrIOp>(l, better,
                                    b.create<arith::AndIOp>(l, equal, lower));
    };

    Value zero = indexConstant(rewriter, loc, 0);
    Value one = indexConstant(rewriter, loc, 1);
    Value kValue = getValueOrCreateConstantIndexOp(rewriter, loc, kSize);
    Value n = getValueOrCreateConstantIndexOp(rewriter, loc, flatDims[1]);
    // A k of 0 read at run time: no element enters (the loop below reads
    // slot k - 1).
    if (!staticK)
      n = rewriter.create<arith::SelectOp>(
          loc,
          rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, kValue,
                                         zero),
          zero, n);
    SmallVector<Value> lbs, ubs, steps;
    loopBounds(rewriter, loc, ArrayRef<OpFoldResult>{flatDims[0], flatDims[2]},
               lbs, ubs, steps);
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{values, indices},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange rowArgs) -> scf::ValueVector {
          Value o = ivs[0], in = ivs[1];
          auto elements = b.create<scf::ForOp>(
              l, zero, n, one, rowArgs,
              [&](OpBuilder &b, Location l, Value e, ValueRange args) {
                Value v =
                    b.create<tensor::ExtractOp>(l, input, ValueRange{o, e, in});
                Value vi = b.create<arith::IndexCastOp>(l, b.getI64Type(), e);
                // While fewer than k slots are filled, every element enters;
                // then only one that goes before the last slot's.
                Value grow = b.create<arith::CmpIOp>(
                    l, arith::CmpIPredicate::slt, e, kValue);
                auto enters = b.create<scf::IfOp>(
                    l, grow,
                    [&](OpBuilder &b, Location l) {
                      b.create<scf::YieldOp>(
                          l, ValueRange{b.create<arith::ConstantIntOp>(
                                 l, 1, /*width=*/1)});
                    },
                    [&](OpBuilder &b, Location l) {
                      Value last = staticK
                                       ? indexConstant(b, l, *staticK - 1)
                                       : b.create<arith::SubIOp>(l, kValue, one)
                                             .getResult();
                      Value lv = b.create<tensor::ExtractOp>(
                          l, args[0], ValueRange{o, last, in});
                      Value li = b.create<tensor::ExtractOp>(
                          l, args[1], ValueRange{o, last, in});
                      b.create<scf::YieldOp>(
                          l, ValueRange{before(b, l, v, vi, lv, li)});
                    });
                auto insert = b.create<scf::IfOp>(
                    l, enters.getResult(0),
                    [&](OpBuilder &b, Location l) {
                      // Walk the filled slots, carrying the element that
                      // must go further down.
                      Value filled = b.create<arith::MinSIOp>(l, e, kValue);
                      auto slots = b.create<scf::ForOp>(
                          l, zero, filled, one,
                          ValueRange{args[0], args[1], v, vi},
                          [&](OpBuilder &b, Location l, Value s, ValueRange a) {
                            Value sv = b.create<tensor::ExtractOp>(
                                l, a[0], ValueRange{o, s, in});
                            Value si = b.create<tensor::ExtractOp>(
                                l, a[1], ValueRange{o, s, in});
                            Value take = before(b, l, a[2], a[3], sv, si);
                            Value nv =
                                b.create<arith::SelectOp>(l, take, a[2], sv);
                            Value ni =
                                b.create<arith::SelectOp>(l, take, a[3], si);
                            Value cv =
                                b.create<arith::SelectOp>(l, take, sv, a[2]);
                            Value ci =
                                b.create<arith::SelectOp>(l, take, si, a[3]);
                            Value vs = b.create<tensor::InsertOp>(
                                l, nv, a[0], ValueRange{o, s, in});
                            Value is = b.create<tensor::InsertOp>(
                                l, ni, a[1], ValueRange{o, s, in});
                            b.create<scf::YieldOp>(l,
                                                   ValueRange{vs, is, cv, ci});
                          });
                      // While fewer than k slots are filled, the carried
                      // element takes the next one.
                      auto append = b.create<scf::IfOp>(
                          l, grow,
                          [&](OpBuilder &b, Location l) {
                            Value vs = b.create<tensor::InsertOp>(
                                l, slots.getResult(2), slots.getResult(0),
                                ValueRange{o, e, in});
                            Value is = b.create<tensor::InsertOp>(
                                l, slots.getResult(3), slots.getResult(1),
                                ValueRange{o, e, in});
                            b.create<scf::YieldOp>(l, ValueRange{vs, is});
                          },
                          [&](OpBuilder &b, Location l) {
                            b.create<scf::YieldOp>(
                                l, ValueRange{slots.getResult(0),
                                              slots.getResult(1)});
                          });
                      b.create<scf::YieldOp>(l, append.getResults());
                    },
                    [&](OpBuilder &b, Location l) {
                      b.create<scf::YieldOp>(l, ValueRange{args[0], args[1]});
                    });
                b.create<scf::YieldOp>(l, insert.getResults());
              });
          return {elements.getResult(0), elements.getResult(1)};
        });
    finish(nest.results[0], nest.results[1]);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// CumSum
//===----------------------------------------------------------------------===//

/// CumSum on the input viewed as a 1-D tensor of [outer, n, inner] where n
/// is the axis: a loop over the axis with a running sum for each (outer,
/// inner) row. The three extents are computed from the axis operand, so
/// an axis known only at run time needs no other code; a constant axis
/// folds them.
struct CumSumLowering : public OpConversionPattern<CumSumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CumSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    int64_t rank = type.getRank();
    Type element = type.getElementType();
    auto cst = [&](int64_t v) { return indexConstant(rewriter, loc, v); };
    SmallVector<OpFoldResult> dims = dimsOf(rewriter, loc, adaptor.getInput());

    // The axis is data: one outside [-rank, rank) is reported at run time.
    checkIndicesInRange(rewriter, loc, adaptor.getAxis(),
                        OpFoldResult(rewriter.getIndexAttr(rank)),
                        isUnsignedElement(op.getAxis()), "CumSum");
    Value axis =
        toIndex(rewriter, loc, extractScalar(rewriter, loc, adaptor.getAxis()),
                isUnsignedElement(op.getAxis()));
    axis = wrapNegative(rewriter, loc, axis, cst(rank));
    Value outer = cst(1), n = cst(1), inner = cst(1);
    for (int64_t d = 0; d < rank; ++d) {
      Value dim = getValueOrCreateConstantIndexOp(rewriter, loc, dims[d]);
      Value pos = cst(d);
      auto pick = [&](arith::CmpIPredicate p, Value acc) -> Value {
        Value c = rewriter.create<arith::CmpIOp>(loc, p, pos, axis);
        return rewriter.create<arith::SelectOp>(
            loc, c, rewriter.create<arith::MulIOp>(loc, acc, dim), acc);
      };
      outer = pick(arith::CmpIPredicate::slt, outer);
      n = pick(arith::CmpIPredicate::eq, n);
      inner = pick(arith::CmpIPredicate::sgt, inner);
    }

    SizeMath sm(rewriter, loc);
    OpFoldResult total = sm.constant(1);
    for (OpFoldResult d : dims)
      total = sm.mul(total, d);
    auto flatType = typeWithDims({total}, element);
    Value input =
        reshapeTensor(rewriter, loc, adaptor.getInput(), flatType, {total});
    Value zeroValue = scalarConstant(rewriter, loc, element, 0);
    bool exclusive = op.getExclusive(), reverse = op.getReverse();
    SmallVector<Value> lbs{cst(0), cst(0)}, ubs{outer, inner},
        steps{cst(1), cst(1)};
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps,
        ValueRange{createEmpty(rewriter, loc, flatType,
                               dynamicOnly(rewriter, loc, flatType, {total}))},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange rowArgs) -> scf::ValueVector {
          auto scan = b.create<scf::ForOp>(
              l, indexConstant(b, l, 0), n, indexConstant(b, l, 1),
              ValueRange{rowArgs[0], zeroValue},
              [&](OpBuilder &b, Location l, Value j, ValueRange args) {
                Value p = j;
                if (reverse)
                  p = b.create<arith::SubIOp>(
                      l, b.create<arith::SubIOp>(l, n, indexConstant(b, l, 1)),
                      j);
                // (o * n + p) * inner + in
                Value at = b.create<arith::AddIOp>(
                    l,
                    b.create<arith::MulIOp>(
                        l,
                        b.create<arith::AddIOp>(
                            l, b.create<arith::MulIOp>(l, ivs[0], n), p),
                        inner),
                    ivs[1]);
                Value x = b.create<tensor::ExtractOp>(l, input, at);
                Value sum =
                    isa<FloatType>(element)
                        ? b.create<arith::AddFOp>(l, args[1], x).getResult()
                        : b.create<arith::AddIOp>(l, args[1], x).getResult();
                Value out = b.create<tensor::InsertOp>(
                    l, exclusive ? args[1] : sum, args[0], at);
                b.create<scf::YieldOp>(l, ValueRange{out, sum});
              });
          return {scan.getResult(0)};
        });
    rewriter.replaceOp(
        op, reshapeTensor(rewriter, loc, nest.results[0], type, dims));
    return success();
  }
};

} // namespace

void lowering::populateIndexingPatterns(TypeConverter &converter,
                                        RewritePatternSet &patterns) {
  patterns
      .add<GatherElementsLowering, GatherNDLowering, ScatterElementsLowering,
           ScatterNDLowering, OneHotLowering, TopKLowering, CumSumLowering>(
          converter, patterns.getContext());
}
