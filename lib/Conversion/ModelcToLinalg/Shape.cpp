//===- Shape.cpp - constants and data movement to linalg/tensor -*- C++ -*-===//
//
// Part of modelc. Constant, Reshape/Flatten/Squeeze/Unsqueeze (views),
// Transpose, Concat, Split, Slice, Gather, Expand, ConstantOfShape, Pad,
// Tile, Range, Shape, Size, Trilu, EyeLike, DepthToSpace and SpaceToDepth.
// Gathers and scatters by data are in Indexing.cpp.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "modelc/runtime.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
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
    // String constants are addresses of globals (Strings.cpp).
    if (isStringTensor(op.getType()))
      return failure();
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

/// The result dimensions of a Reshape whose shape operand is known only at
/// run time: element i of the shape, where a 0 copies input dimension i
/// (unless allowzero) and a -1 takes what the other dimensions leave. The
/// shape is checked: no value below -1, at most one -1, as many elements
/// as the input, and TYPE's static dimensions.
SmallVector<OpFoldResult> runtimeReshapeDims(OpBuilder &b, Location loc,
                                             ReshapeOp op, Value input,
                                             Value shape,
                                             RankedTensorType type) {
  auto inputType = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> inputDims = dimsOf(b, loc, input);
  auto cst = [&](int64_t v) -> Value {
    return b.create<arith::ConstantIndexOp>(loc, v);
  };
  auto check = [&](Value ok, const Twine &message) {
    b.create<CheckOp>(loc, ok, b.getStringAttr("Reshape: " + message));
  };
  Value numElements = cst(1);
  for (OpFoldResult d : inputDims)
    numElements = b.create<arith::MulIOp>(
        loc, numElements, getValueOrCreateConstantIndexOp(b, loc, d));
  int64_t rank = type.getRank();
  SmallVector<Value> entries;
  for (int64_t i = 0; i < rank; ++i) {
    Value v = b.create<tensor::ExtractOp>(loc, shape, cst(i));
    v = b.create<arith::IndexCastOp>(loc, b.getIndexType(), v);
    check(b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, v, cst(-1)),
          "the shape's value " + Twine(i) + " is at least -1");
    if (!op.getAllowzero() && i < inputType.getRank()) {
      Value isZero =
          b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, v, cst(0));
      v = b.create<arith::SelectOp>(
          loc, isZero,
          getValueOrCreateConstantIndexOp(b, loc, inputDims[i]), v);
    }
    entries.push_back(v);
  }
  Value known = cst(1), inferredCount = cst(0);
  SmallVector<Value> inferred;
  for (Value v : entries) {
    Value isInferred =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, v, cst(-1));
    inferred.push_back(isInferred);
    known = b.create<arith::MulIOp>(
        loc, known, b.create<arith::SelectOp>(loc, isInferred, cst(1), v));
    inferredCount = b.create<arith::AddIOp>(
        loc, inferredCount,
        b.create<arith::SelectOp>(loc, isInferred, cst(1), cst(0)));
  }
  check(b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ule, inferredCount,
                                cst(1)),
        "at most one value of the shape is -1");
  // max(known, 1): an empty target cannot divide by zero.
  Value rest = b.create<arith::DivUIOp>(
      loc, numElements, b.create<arith::MaxSIOp>(loc, known, cst(1)));
  SmallVector<Value> sizes;
  Value total = cst(1);
  for (int64_t i = 0; i < rank; ++i) {
    sizes.push_back(
        b.create<arith::SelectOp>(loc, inferred[i], rest, entries[i]));
    total = b.create<arith::MulIOp>(loc, total, sizes.back());
  }
  check(b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, total,
                                numElements),
        "the shape has as many elements as the input");
  SmallVector<OpFoldResult> computed(sizes.begin(), sizes.end());
  return resultDims(b, loc, type, computed, "Reshape");
}

/// The result dimensions of Flatten, Squeeze and Unsqueeze with dynamic
/// dimensions: the input's dimensions other than static 1s, in order,
/// fill the result's dimensions other than static 1s (Flatten multiplies
/// each side of its axis).
SmallVector<OpFoldResult> reshapeLikeDims(OpBuilder &b, Location loc,
                                          Operation *op, Value input,
                                          RankedTensorType type) {
  SmallVector<OpFoldResult> inputDims = dimsOf(b, loc, input);
  if (auto flatten = dyn_cast<FlattenOp>(op)) {
    int64_t rank = inputDims.size();
    int64_t axis = flatten.getAxis() < 0 ? flatten.getAxis() + rank
                                         : flatten.getAxis();
    Value outer = b.create<arith::ConstantIndexOp>(loc, 1), inner = outer;
    for (int64_t i = 0; i < rank; ++i) {
      Value &side = i < axis ? outer : inner;
      side = b.create<arith::MulIOp>(
          loc, side, getValueOrCreateConstantIndexOp(b, loc, inputDims[i]));
    }
    return {outer, inner};
  }
  auto inputType = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> kept;
  for (auto [i, d] : llvm::enumerate(inputDims))
    if (inputType.getDimSize(i) != 1)
      kept.push_back(d);
  SmallVector<OpFoldResult> dims;
  size_t next = 0;
  for (int64_t d : type.getShape()) {
    if (d == 1) {
      dims.push_back(b.getIndexAttr(1));
      continue;
    }
    assert(next < kept.size() && "more result dimensions than input ones");
    OpFoldResult inputDim = kept[next++];
    dims.push_back(ShapedType::isDynamic(d) ? inputDim : b.getIndexAttr(d));
  }
  return dims;
}

/// Checks at run time that AXES, a Squeeze's or Unsqueeze's axes that are
/// data, are within the rank of LARGE (negative ones counting from the
/// end), without repeats, and size-1 axes whose removal turns LARGE into
/// SMALL. NAME names the op.
static LogicalResult checkRuntimeAxes(OpBuilder &b, Location loc, Operation *op,
                                      Value axes, RankedTensorType large,
                                      RankedTensorType small, StringRef name) {
  if (!large.hasStaticShape() || !small.hasStaticShape())
    return unsupported(op, "axes that are data need static shapes");
  // As for reductions with run-time axes: the sets are enumerated.
  if (large.getRank() > 16)
    return unsupported(op, "axes that are data of a rank above 16");
  int64_t count = large.getRank() - small.getRank();
  SmallVector<uint64_t> sets;
  for (uint64_t set :
       axisSetsGiving(large.getShape(), small.getShape(), count, false))
    if (llvm::all_of(llvm::seq<int64_t>(0, large.getRank()), [&](int64_t i) {
          return !(set & (uint64_t(1) << i)) || large.getDimSize(i) == 1;
        }))
      sets.push_back(set);
  auto axesType = cast<RankedTensorType>(axes.getType());
  if (axesType.isDynamicDim(0))
    checkSizeEquals(b, loc, b.create<tensor::DimOp>(loc, axes, 0),
                    b.getIndexAttr(count),
                    name + ": there are " + Twine(count) + " axes");
  else if (axesType.getDimSize(0) != count)
    return unsupported(op, "the axes must have " + Twine(count) + " values");
  Value mask = runtimeAxesMask(b, loc, axes, count, large.getRank());
  // No set (types that no axes turn into each other) allows nothing.
  Value allowed = b.create<arith::ConstantIntOp>(loc, 0, 1);
  for (uint64_t set : sets) {
    Value match = b.create<arith::CmpIOp>(
        loc, arith::CmpIPredicate::eq, mask,
        b.create<arith::ConstantIntOp>(loc, static_cast<int64_t>(set),
                                       b.getI64Type()));
    allowed = b.create<arith::OrIOp>(loc, allowed, match);
  }
  b.create<CheckOp>(loc, allowed,
                    b.getStringAttr(name + ": the axes, within the rank and "
                                           "without repeats, are size-1 "
                                           "axes that give the result"));
  return success();
}

/// Reshape, Flatten, Squeeze and Unsqueeze: views. The result type says it
/// all when it is static; dynamic dimensions come from the input's (and
/// for Reshape from its run-time shape operand).
template <typename Op>
struct ReshapeLikeLowering : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op->getResult(0).getType());
    Value input = adaptor.getOperands()[0];
    auto source = cast<RankedTensorType>(input.getType());
    bool staticShapes = type.hasStaticShape() && source.hasStaticShape();
    if constexpr (std::is_same_v<Op, SqueezeOp> ||
                  std::is_same_v<Op, UnsqueezeOp>) {
      constexpr bool squeeze = std::is_same_v<Op, SqueezeOp>;
      if (Value axes = adaptor.getRuntimeAxes())
        if (failed(checkRuntimeAxes(
                rewriter, loc, op, axes, squeeze ? source : type,
                squeeze ? type : source, squeeze ? "Squeeze" : "Unsqueeze")))
          return failure();
    }
    SmallVector<OpFoldResult> dims;
    if constexpr (std::is_same_v<Op, ReshapeOp>) {
      // A shape that is data is checked even against static types.
      if (!staticShapes || !matchPattern(adaptor.getShape(), m_Constant()))
        dims = runtimeReshapeDims(rewriter, loc, op, input, adaptor.getShape(),
                                  type);
    }
    if (staticShapes) {
      rewriter.replaceOp(op, reshapeTensor(rewriter, loc, input, type));
      return success();
    }
    if constexpr (!std::is_same_v<Op, ReshapeOp>)
      dims = reshapeLikeDims(rewriter, loc, op, input, type);
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, input, type, dims));
    return success();
  }
};

struct TransposeLowering : public OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // A generic with a permutation map (a constant permuted at compile
    // time): elementwise fusion composes it with its neighbours.
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    Value result = permuteTensor(rewriter, loc, adaptor.getInput(),
                                 op.getPerm());
    rewriter.replaceOp(op, castTo(rewriter, loc, result, type));
    return success();
  }
};

/// Shape: the dimensions as i64, read at run time where dynamic (static
/// shapes fold away before lowering).
struct ShapeLowering : public OpConversionPattern<ShapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ShapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto [start, end] = op.getDimRange();
    SmallVector<Value> dims;
    for (int64_t i = start; i < end; ++i) {
      Value d = rewriter.createOrFold<tensor::DimOp>(loc, adaptor.getInput(),
                                                     i);
      dims.push_back(rewriter.createOrFold<arith::IndexCastOp>(
          loc, rewriter.getI64Type(), d));
    }
    auto type = convertTensorType(op.getType());
    if (dims.empty()) {
      rewriter.replaceOp(op, createEmpty(rewriter, loc, type));
      return success();
    }
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, type, dims);
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
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    // The result's dimensions: the first input's, with the sum of the
    // inputs' along the axis.
    SmallVector<OpFoldResult> dims =
        dimsOf(rewriter, loc, adaptor.getInputs().front());
    if (type.isDynamicDim(axis)) {
      Value total = rewriter.create<arith::ConstantIndexOp>(loc, 0);
      for (Value input : adaptor.getInputs())
        total = rewriter.create<arith::AddIOp>(
            loc, total, rewriter.createOrFold<tensor::DimOp>(loc, input, axis));
      dims[axis] = total;
    } else {
      dims[axis] = rewriter.getIndexAttr(type.getDimSize(axis));
    }
    for (int64_t i = 0; i < rank; ++i)
      if (!type.isDynamicDim(i))
        dims[i] = rewriter.getIndexAttr(type.getDimSize(i));
    Value result = createEmpty(rewriter, loc, type, dynamicOnly(type, dims));
    OpFoldResult offset = rewriter.getIndexAttr(0);
    for (Value input : adaptor.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      if (inputType.getDimSize(axis) == 0)
        continue;
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      offsets[axis] = offset;
      SmallVector<OpFoldResult> sizes = dimsOf(rewriter, loc, input);
      result = rewriter.create<tensor::InsertSliceOp>(loc, input, result,
                                                      offsets, sizes, strides);
      if (auto a = getConstantIntValue(offset),
          b = getConstantIntValue(sizes[axis]);
          a && b) {
        offset = rewriter.getIndexAttr(*a + *b);
      } else {
        offset = rewriter
                     .create<arith::AddIOp>(
                         loc, getValueOrCreateConstantIndexOp(rewriter, loc, offset),
                         getValueOrCreateConstantIndexOp(rewriter, loc,
                                                         sizes[axis]))
                     .getResult();
      }
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
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = inputType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    // The other dimensions are the input's; a dynamic axis must hold the
    // sizes' sum.
    SmallVector<OpFoldResult> inDims = dimsOf(rewriter, loc, input);
    if (inputType.isDynamicDim(axis)) {
      int64_t total = 0;
      for (int64_t size : op.getSizes())
        total += size;
      checkSizeEquals(rewriter, loc, inDims[axis].get<Value>(),
                      rewriter.getIndexAttr(total),
                      "Split's sizes add up to dimension " + Twine(axis) +
                          " of the input");
    }
    // A split that is data must give the sizes.
    if (Value split = adaptor.getSplit()) {
      auto splitType = cast<RankedTensorType>(split.getType());
      int64_t count = op.getSizes().size();
      if (splitType.isDynamicDim(0))
        checkSizeEquals(
            rewriter, loc, rewriter.create<tensor::DimOp>(loc, split, 0),
            rewriter.getIndexAttr(count),
            "Split: the split has one value per result (" + Twine(count) + ")");
      else if (splitType.getDimSize(0) != count)
        return unsupported(op, "the split must have one value per result");
      for (auto [i, size] : llvm::enumerate(op.getSizes())) {
        Value value = rewriter.create<arith::IndexCastOp>(
            loc, rewriter.getIndexType(),
            rewriter.create<tensor::ExtractOp>(
                loc, split,
                ValueRange{rewriter.create<arith::ConstantIndexOp>(loc, i)}));
        checkSizeEquals(rewriter, loc, value, rewriter.getIndexAttr(size),
                        "Split: the split's value " + Twine(i) + " is " +
                            Twine(size));
      }
    }
    SmallVector<Value> results;
    int64_t offset = 0;
    for (auto [result, size] : llvm::zip(op.getResults(), op.getSizes())) {
      auto type = convertTensorType(result.getType());
      SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
      offsets[axis] = offset;
      SmallVector<OpFoldResult> sizes(inDims);
      sizes[axis] = rewriter.getIndexAttr(size);
      sizes = resultDims(rewriter, loc, type, sizes, "Split");
      MLIRContext *ctx = rewriter.getContext();
      RankedTensorType sliceType = typeWithDims(sizes, type.getElementType());
      Value slice = rewriter.create<tensor::ExtractSliceOp>(
          loc, sliceType, input, getAsIndexOpFoldResult(ctx, offsets), sizes,
          getAsIndexOpFoldResult(ctx, strides));
      if (sliceType != type)
        slice = rewriter.create<tensor::CastOp>(loc, type, slice);
      results.push_back(slice);
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

/// Slice whose starts, ends, axes or steps are known only at run time:
/// every output element reads data[start_d + i_d * step_d], with start,
/// end and step of each dimension picked from the operands and clamped as
/// ONNX says at run time. A dynamic result dimension takes the element
/// count of its dimension; a static one is checked against it (so that a
/// model whose declared shape does not hold never reads out of bounds).
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
  auto clamp = [&](Value v, Value lo, Value hi) -> Value {
    return b.create<arith::MinSIOp>(loc, b.create<arith::MaxSIOp>(loc, v, lo),
                                    hi);
  };
  int64_t count =
      cast<RankedTensorType>(adaptor.getAxes().getType()).getDimSize(0);
  SmallVector<OpFoldResult> dims = dimsOf(b, loc, data);
  SmallVector<Value> starts, steps, dynamicSizes;
  for (int64_t d = 0; d < rank; ++d) {
    Value dim = getValueOrCreateConstantIndexOp(b, loc, dims[d]);
    Value start = cst(0), end = dim, step = cst(1);
    for (int64_t i = 0; i < count; ++i) {
      Value axis = element(adaptor.getAxes(), i);
      axis = select(cmp(arith::CmpIPredicate::slt, axis, cst(0)),
                    b.create<arith::AddIOp>(loc, axis, cst(rank)), axis);
      Value match = cmp(arith::CmpIPredicate::eq, axis, cst(d));
      start = select(match, element(adaptor.getStarts(), i), start);
      end = select(match, element(adaptor.getEnds(), i), end);
      step = select(match, element(adaptor.getSteps(), i), step);
    }
    b.create<CheckOp>(loc, cmp(arith::CmpIPredicate::ne, step, cst(0)),
                      b.getStringAttr("Slice's steps are not zero"));
    // Negative bounds count from the end; clamp to [0, dim] going forwards
    // and to [0, dim - 1] (start) and [-1, dim - 1] (end) going backwards.
    auto fromEnd = [&](Value v) {
      return select(cmp(arith::CmpIPredicate::slt, v, cst(0)),
                    b.create<arith::AddIOp>(loc, v, dim), v);
    };
    start = fromEnd(start);
    end = fromEnd(end);
    Value forwards = cmp(arith::CmpIPredicate::sgt, step, cst(0));
    Value hi = select(forwards, dim, b.create<arith::SubIOp>(loc, dim, cst(1)));
    start = clamp(start, cst(0), hi);
    end = clamp(end, select(forwards, cst(0), cst(-1)), hi);
    // ceil(span / |step|) elements, none when the span is not positive.
    Value span = select(forwards, b.create<arith::SubIOp>(loc, end, start),
                        b.create<arith::SubIOp>(loc, start, end));
    Value stride = b.create<arith::MaxSIOp>(
        loc, select(forwards, step, b.create<arith::SubIOp>(loc, cst(0), step)),
        cst(1));
    Value size = b.create<arith::CeilDivSIOp>(
        loc, b.create<arith::MaxSIOp>(loc, span, cst(0)), stride);
    if (type.isDynamicDim(d))
      dynamicSizes.push_back(size);
    else
      checkSizeEquals(b, loc, size, b.getIndexAttr(type.getDimSize(d)),
                      "the run-time bounds of Slice give the result size of "
                      "dimension " +
                          Twine(d));
    starts.push_back(start);
    steps.push_back(step);
  }
  return buildGatherGeneric(
      b, loc, type, dynamicSizes, data, {}, {},
      [&](OpBuilder &nb, Location l, ValueRange) {
        SmallVector<Value> coords;
        for (int64_t d = 0; d < rank; ++d) {
          Value i = nb.create<linalg::IndexOp>(l, d);
          coords.push_back(nb.create<arith::AddIOp>(
              l, starts[d], nb.create<arith::MulIOp>(l, i, steps[d])));
        }
        return coords;
      });
}

struct SliceLowering : public OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getData().getType());
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
    // Dimensions known only at run time: forward steps, bounds clamped at
    // run time.
    SmallVector<OpFoldResult> dynOffsets(rank), dynSizes =
        dimsOf(rewriter, loc, adaptor.getData());
    for (size_t i = 0; i < axes->size(); ++i) {
      int64_t axis = (*axes)[i] < 0 ? (*axes)[i] + rank : (*axes)[i];
      int64_t dim = inputType.getDimSize(axis);
      int64_t step = (*steps)[i];
      if (step == 0)
        return unsupported(op, "a step is zero");
      int64_t start = (*starts)[i], end = (*ends)[i];
      if (ShapedType::isDynamic(dim)) {
        if (step < 0)
          return unsupported(op, "a negative step along a dynamic dimension");
        Value size = dynSizes[axis].get<Value>();
        auto bound = [&](int64_t v) -> Value {
          Value c = rewriter.create<arith::ConstantIndexOp>(
              loc, std::clamp<int64_t>(v, -(int64_t(1) << 62),
                                       int64_t(1) << 62));
          if (v < 0)
            c = rewriter.create<arith::AddIOp>(loc, c, size);
          c = rewriter.create<arith::MaxSIOp>(
              loc, c, rewriter.create<arith::ConstantIndexOp>(loc, 0));
          return rewriter.create<arith::MinSIOp>(loc, c, size);
        };
        Value lo = bound(start), hi = bound(end);
        Value span = rewriter.create<arith::MaxSIOp>(
            loc, rewriter.create<arith::SubIOp>(loc, hi, lo),
            rewriter.create<arith::ConstantIndexOp>(loc, 0));
        Value count = rewriter.create<arith::CeilDivUIOp>(
            loc, span, rewriter.create<arith::ConstantIndexOp>(loc, step));
        dynOffsets[axis] = lo;
        dynSizes[axis] = count;
        strides[axis] = step;
        continue;
      }
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
      dynSizes[axis] = rewriter.getIndexAttr(count);
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
    SmallVector<OpFoldResult> offsetValues =
        getAsIndexOpFoldResult(ctx, offsets);
    for (int64_t d = 0; d < rank; ++d)
      if (dynOffsets[d])
        offsetValues[d] = dynOffsets[d];
    for (int64_t d = 0; d < rank; ++d)
      if (!type.isDynamicDim(d))
        dynSizes[d] = rewriter.getIndexAttr(type.getDimSize(d));
    Value result = rewriter.create<tensor::ExtractSliceOp>(
        loc, type, adaptor.getData(), offsetValues, dynSizes,
        getAsIndexOpFoldResult(ctx, strides));
    if (llvm::is_contained(reversed, true) && type.hasStaticShape() &&
        type.getNumElements() > 0)
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
    int64_t rank = dataType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    int64_t indicesRank = indicesType.getRank();
    int64_t outRank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < indicesRank; ++i)
      indexExprs.push_back(getAffineDimExpr(axis + i, ctx));
    Value data = adaptor.getData();
    // Result dimensions: data's before the axis, the indices', data's after.
    SmallVector<OpFoldResult> dataDims = dimsOf(rewriter, loc, data);
    SmallVector<OpFoldResult> dims(dataDims.begin(), dataDims.begin() + axis);
    llvm::append_range(dims, dimsOf(rewriter, loc, adaptor.getIndices()));
    dims.append(dataDims.begin() + axis + 1, dataDims.end());
    checkIndicesInRange(rewriter, loc, adaptor.getIndices(), dataDims[axis],
                        /*isUnsigned=*/false, "Gather");
    Value axisSize =
        getValueOrCreateConstantIndexOp(rewriter, loc, dataDims[axis]);
    Value result = buildGatherGeneric(
        rewriter, loc, type, dynamicOnly(type, dims), data,
        adaptor.getIndices(), AffineMap::get(outRank, 0, indexExprs, ctx),
        [&](OpBuilder &b, Location l, ValueRange args) {
          // Negative indices count from the end.
          Value index = wrapNegative(
              b, l, toIndex(b, l, args[0], /*isUnsigned=*/false), axisSize);
          SmallVector<Value> coords;
          for (int64_t i = 0; i < axis; ++i)
            coords.push_back(b.create<linalg::IndexOp>(l, i));
          coords.push_back(index);
          for (int64_t i = axis + 1; i < rank; ++i)
            coords.push_back(
                b.create<linalg::IndexOp>(l, i - 1 + indicesRank));
          return coords;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ExpandLowering : public OpConversionPattern<ExpandOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = type.getRank();
    int64_t offset = rank - inputType.getRank();
    // The shape, like the input, is aligned with the result's last
    // dimensions: the result has the larger of their ranks.
    int64_t shapeLength =
        cast<RankedTensorType>(adaptor.getShape().getType()).getDimSize(0);
    if (ShapedType::isDynamic(shapeLength))
      return unsupported(op, "the shape's length must be static");
    int64_t shapeOffset = rank - shapeLength;
    // A dynamic result dimension is the input's where the input has it
    // (the shape's value must then be 1 or the same: a run-time
    // broadcast of the input is reported, as for the elementwise ops),
    // otherwise the shape's value.
    // A static result dimension from a shape that is data is checked: the
    // shape's value broadcast with the input's dimension must give it.
    bool constantShape = matchPattern(adaptor.getShape(), m_Constant());
    SmallVector<OpFoldResult> dims;
    for (int64_t r = 0; r < rank; ++r) {
      int64_t i = r - offset, j = r - shapeOffset;
      if (j < 0) {
        // The input's alone.
        dims.push_back(dimOf(rewriter, loc, input, i));
        continue;
      }
      if (!type.isDynamicDim(r) && constantShape) {
        dims.push_back(rewriter.getIndexAttr(type.getDimSize(r)));
        continue;
      }
      Value wanted = rewriter.create<arith::IndexCastOp>(
          loc, rewriter.getIndexType(),
          rewriter.create<tensor::ExtractOp>(
              loc, adaptor.getShape(),
              ValueRange{rewriter.create<arith::ConstantIndexOp>(loc, j)}));
      if (!type.isDynamicDim(r)) {
        Value size =
            rewriter.create<arith::ConstantIndexOp>(loc, type.getDimSize(r));
        Value one = rewriter.create<arith::ConstantIndexOp>(loc, 1);
        Value inputSize =
            i < 0 ? one
                  : getValueOrCreateConstantIndexOp(
                        rewriter, loc, dimOf(rewriter, loc, input, i));
        Value ok = rewriter.create<arith::OrIOp>(
            loc,
            rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                           wanted, size),
            rewriter.create<arith::AndIOp>(
                loc,
                rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                               wanted, one),
                rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                               inputSize, size)));
        rewriter.create<CheckOp>(
            loc, ok,
            rewriter.getStringAttr("Expand's shape broadcast with the input "
                                   "gives dimension " +
                                   Twine(r) + " of the result (" +
                                   Twine(type.getDimSize(r)) + ")"));
        dims.push_back(rewriter.getIndexAttr(type.getDimSize(r)));
        continue;
      }
      if (i < 0 || inputType.getDimSize(i) == 1) {
        checkSizeAtLeast(rewriter, loc, wanted, 0,
                         "Expand's shape is not negative at " + Twine(r));
        dims.push_back(wanted);
        continue;
      }
      Value size = getValueOrCreateConstantIndexOp(
          rewriter, loc, dimOf(rewriter, loc, input, i));
      Value one = rewriter.create<arith::ConstantIndexOp>(loc, 1);
      Value ok = rewriter.create<arith::OrIOp>(
          loc,
          rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, wanted,
                                         one),
          rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, wanted,
                                         size));
      rewriter.create<CheckOp>(
          loc, ok,
          rewriter.getStringAttr("Expand's shape is 1 or dimension " +
                                 Twine(i) + " of the input at " + Twine(r)));
      dims.push_back(size);
    }
    rewriter.replaceOp(
        op, buildElementwise(rewriter, loc, type, dims, input,
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
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    auto value = dyn_cast<DenseElementsAttr>(op.getValue());
    if (!value || value.getNumElements() != 1)
      return unsupported(op, "value must be a one-element dense tensor");
    Attribute element =
        value.bitcast(type.getElementType()).getValues<Attribute>()[0];
    bool constantShape = matchPattern(adaptor.getShape(), m_Constant());
    // Dynamic dimensions come from the shape's values at run time; static
    // ones are checked against them (resultDims).
    SmallVector<OpFoldResult> computed;
    for (int64_t r = 0; r < type.getRank(); ++r) {
      if (!type.isDynamicDim(r) && constantShape) {
        computed.push_back(rewriter.getIndexAttr(type.getDimSize(r)));
        continue;
      }
      Value size = rewriter.create<arith::IndexCastOp>(
          loc, rewriter.getIndexType(),
          rewriter.create<tensor::ExtractOp>(
              loc, adaptor.getShape(),
              ValueRange{rewriter.create<arith::ConstantIndexOp>(loc, r)}));
      if (type.isDynamicDim(r))
        checkSizeAtLeast(rewriter, loc, size, 0,
                         "ConstantOfShape's shape is not negative at " +
                             Twine(r));
      computed.push_back(size);
    }
    SmallVector<OpFoldResult> dims =
        resultDims(rewriter, loc, type, computed, "ConstantOfShape");
    if (type.hasStaticShape()) {
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(
          op, type, DenseElementsAttr::get(type, element));
      return success();
    }
    Value scalar = rewriter.create<arith::ConstantOp>(
        loc, type.getElementType(), cast<TypedAttr>(element));
    rewriter.replaceOp(
        op, createFilled(rewriter, loc, type, scalar, dynamicOnly(type, dims)));
    return success();
  }
};

/// The value that constant padding fills in: the optional scalar operand,
/// or zero.
Value padValue(OpBuilder &b, Location loc, PadOp::Adaptor adaptor,
               Type element) {
  Value operand = adaptor.getConstantValue();
  if (!operand)
    return scalarConstant(b, loc, element, 0);
  return b.create<tensor::ExtractOp>(
      loc, operand,
      SmallVector<Value>(cast<RankedTensorType>(operand.getType()).getRank(),
                         b.create<arith::ConstantIndexOp>(loc, 0)));
}

/// Pad in the generic form: every output element reads the input at its
/// index minus the begin pad of each axis (BEGINS, known at compile or at
/// run time), mapped back into the input by MODE: out of range it is the
/// pad value (constant), the nearest edge (edge), the mirror image about
/// the first and last elements, repeated as often as needed (reflect), or
/// the input repeated around itself (wrap, opset 19).
/// Negative pads crop. The result has TYPE with dimensions DIMS.
Value buildRuntimePad(OpBuilder &b, Location loc, PadOp::Adaptor adaptor,
                      StringRef mode, RankedTensorType type,
                      ArrayRef<OpFoldResult> dims,
                      ArrayRef<OpFoldResult> begins) {
  Value data = adaptor.getData();
  auto dataType = cast<RankedTensorType>(data.getType());
  int64_t rank = dataType.getRank();
  Type element = type.getElementType();
  SmallVector<Value> sizes = dynamicOnly(b, loc, type, dims);
  Value value;
  if (mode == "constant") {
    value = padValue(b, loc, adaptor, element);
    // Nothing to read from an empty input.
    if (dataType.hasStaticShape() && dataType.getNumElements() == 0)
      return createFilled(b, loc, type, value, sizes);
  }
  SizeMath sm(b, loc);
  SmallVector<Value> beginValues, inSizes;
  for (int64_t d = 0; d < rank; ++d) {
    beginValues.push_back(sm.value(begins[d]));
    inSizes.push_back(
        dataType.isDynamicDim(d) ? sm.value(dimOf(b, loc, data, d)) : Value());
  }
  Value generic = buildIndexGeneric(
      b, loc, type, sizes, [&](OpBuilder &nb, Location l, ValueRange) {
        auto cst = [&](int64_t v) -> Value {
          return nb.create<arith::ConstantIndexOp>(l, v);
        };
        auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) -> Value {
          return nb.create<arith::CmpIOp>(l, p, x, y);
        };
        Value inside;
        SmallVector<Value> coords;
        for (int64_t d = 0; d < rank; ++d) {
          // The axis's size, and its last index.
          int64_t size = dataType.getDimSize(d);
          bool isStatic = !ShapedType::isDynamic(size);
          Value n = isStatic ? cst(size) : inSizes[d];
          Value last =
              isStatic ? cst(size - 1) : nb.create<arith::SubIOp>(l, n, cst(1));
          Value idx = nb.create<arith::SubIOp>(
              l, nb.create<linalg::IndexOp>(l, d), beginValues[d]);
          if (mode == "constant") {
            Value in = nb.create<arith::AndIOp>(
                l, cmp(arith::CmpIPredicate::sge, idx, cst(0)),
                cmp(arith::CmpIPredicate::slt, idx, n));
            inside = inside ? nb.create<arith::AndIOp>(l, inside, in) : in;
          } else if (mode == "reflect" && (!isStatic || size > 1)) {
            // Fold into [0, 2(n - 1)), then mirror the upper half (an axis
            // of one element, known only at run time, has period 1).
            Value period =
                isStatic ? cst(2 * (size - 1))
                         : nb.create<arith::MaxSIOp>(
                                 l, nb.create<arith::MulIOp>(l, last, cst(2)),
                                 cst(1))
                               .getResult();
            Value m = nb.create<arith::RemSIOp>(l, idx, period);
            m = nb.create<arith::SelectOp>(
                l, cmp(arith::CmpIPredicate::slt, m, cst(0)),
                nb.create<arith::AddIOp>(l, m, period), m);
            idx = nb.create<arith::SelectOp>(
                l, cmp(arith::CmpIPredicate::sgt, m, last),
                nb.create<arith::SubIOp>(l, period, m), m);
          } else if (mode == "wrap") {
            // The index modulo the axis's size, in [0, n).
            Value m = nb.create<arith::RemSIOp>(l, idx, n);
            idx = nb.create<arith::SelectOp>(
                l, cmp(arith::CmpIPredicate::slt, m, cst(0)),
                nb.create<arith::AddIOp>(l, m, n), m);
          }
          idx = nb.create<arith::MaxSIOp>(l, idx, cst(0));
          idx = nb.create<arith::MinSIOp>(l, idx, last);
          coords.push_back(idx);
        }
        Value result;
        if (inside && !dataType.hasStaticShape()) {
          // An input that may be empty is read only inside it.
          result = nb.create<scf::IfOp>(
                         l, inside,
                         [&](OpBuilder &tb, Location tl) {
                           tb.create<scf::YieldOp>(
                               tl, ValueRange{tb.create<tensor::ExtractOp>(
                                       tl, data, coords)});
                         },
                         [&](OpBuilder &eb, Location el) {
                           eb.create<scf::YieldOp>(el, value);
                         })
                       .getResult(0);
        } else {
          result = nb.create<tensor::ExtractOp>(l, data, coords);
          if (inside)
            result = nb.create<arith::SelectOp>(l, inside, result, value);
        }
        nb.create<linalg::YieldOp>(l, result);
      });
  return generic;
}

struct PadLowering : public OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto opType = convertTensorType(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getData().getType());
    FailureOr<SmallVector<int64_t>> pads = getConstantIntValues(op.getPads());
    int64_t rank = inputType.getRank();
    auto padsType = cast<RankedTensorType>(adaptor.getPads().getType());
    if (padsType.getRank() != 1 || padsType.getDimSize(0) != 2 * rank)
      return unsupported(op, "pads must have two values per axis");
    if (!llvm::is_contained({"constant", "reflect", "edge", "wrap"},
                            op.getMode()))
      return unsupported(op, "unknown mode '" + op.getMode() + "'");
    bool reflect = op.getMode() == "reflect";
    // The pads, constants or read at run time, and the result's
    // dimensions: the input's plus both pads.
    SizeMath sm(rewriter, loc);
    SmallVector<OpFoldResult> padSizes;
    for (int64_t i = 0; i < 2 * rank; ++i) {
      if (succeeded(pads)) {
        padSizes.push_back(rewriter.getIndexAttr((*pads)[i]));
        continue;
      }
      Value p = rewriter.create<tensor::ExtractOp>(
          loc, adaptor.getPads(),
          ValueRange{rewriter.create<arith::ConstantIndexOp>(loc, i)});
      padSizes.push_back(
          rewriter.create<arith::IndexCastOp>(loc, rewriter.getIndexType(), p)
              .getResult());
    }
    SmallVector<OpFoldResult> inDims = dimsOf(rewriter, loc, adaptor.getData());
    SmallVector<OpFoldResult> computed;
    for (int64_t i = 0; i < rank; ++i)
      computed.push_back(
          sm.add(inDims[i], sm.add(padSizes[i], padSizes[i + rank])));
    // A static result dimension is checked against pads read at run time.
    SmallVector<OpFoldResult> dims =
        resultDims(rewriter, loc, opType, computed, "Pad");
    RankedTensorType type = typeWithDims(dims, opType.getElementType());
    for (int64_t i = 0; i < rank; ++i) {
      // Pads read at run time or negative ones may make a size negative.
      bool mayShrink = failed(pads) || (*pads)[i] < 0 || (*pads)[i + rank] < 0;
      if (opType.isDynamicDim(i) && mayShrink)
        checkSizeAtLeast(rewriter, loc, dims[i], 0,
                         "Pad: dimension " + Twine(i) +
                             " of the result is not negative");
      // Edge, reflect and wrap read the input whatever the pads.
      if (inputType.isDynamicDim(i) && op.getMode() != "constant")
        checkSizeAtLeast(rewriter, loc, inDims[i], 1,
                         "Pad: dimension " + Twine(i) +
                             " of the input is "
                             "not empty (mode " +
                             op.getMode() + ")");
    }
    // Pads known only at run time, negative pads (which crop), or
    // reflections that bounce more than once (or may, along a dynamic
    // axis): the generic form.
    auto needsGeneric = [&] {
      if (failed(pads) || op.getMode() == "wrap")
        return true;
      for (auto [i, p] : llvm::enumerate(*pads)) {
        int64_t n = inputType.getDimSize(i % rank);
        if (p < 0)
          return true;
        if (reflect && (ShapedType::isDynamic(n) ? p > 0 : p > n - 1 && n > 1))
          return true;
      }
      return false;
    };
    if (needsGeneric()) {
      rewriter.replaceOp(
          op, castTo(rewriter, loc,
                     buildRuntimePad(rewriter, loc, adaptor, op.getMode(), type,
                                     dims, ArrayRef(padSizes).take_front(rank)),
                     opType));
      return success();
    }
    Type element = type.getElementType();
    MLIRContext *ctx = rewriter.getContext();
    if (op.getMode() == "constant") {
      Value value = padValue(rewriter, loc, adaptor, element);
      SmallVector<int64_t> low(pads->begin(), pads->begin() + rank);
      SmallVector<int64_t> high(pads->begin() + rank, pads->end());
      Value padded = padTensor(rewriter, loc, adaptor.getData(),
                               getAsIndexOpFoldResult(ctx, low),
                               getAsIndexOpFoldResult(ctx, high), value);
      rewriter.replaceOp(op, castTo(rewriter, loc, padded, opType));
      return success();
    }
    // reflect/edge: every output index maps back into the input.
    Value data = adaptor.getData();
    SmallVector<Value> inSizes;
    for (int64_t i = 0; i < rank; ++i)
      inSizes.push_back(sm.value(inDims[i]));
    Value result = buildGatherGeneric(
        rewriter, loc, type, dynamicOnly(rewriter, loc, type, dims), data, {},
        {}, [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> coords;
          for (int64_t i = 0; i < rank; ++i) {
            int64_t n = inputType.getDimSize(i);
            Value idx = b.create<arith::SubIOp>(
                l, b.create<linalg::IndexOp>(l, i),
                b.create<arith::ConstantIndexOp>(l, (*pads)[i]));
            Value zero = b.create<arith::ConstantIndexOp>(l, 0);
            Value last = b.create<arith::SubIOp>(
                l, inSizes[i], b.create<arith::ConstantIndexOp>(l, 1));
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
          return coords;
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, opType));
    return success();
  }
};

struct TileLowering : public OpConversionPattern<TileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = type.getRank();
    // Each result dimension is the input's times its repeat, checked
    // against a static one where the repeats are data.
    SizeMath sm(rewriter, loc);
    SmallVector<OpFoldResult> inDims = dimsOf(rewriter, loc, input);
    SmallVector<OpFoldResult> dims;
    if (!type.hasStaticShape() || !inputType.hasStaticShape() ||
        !matchPattern(adaptor.getRepeats(), m_Constant())) {
      SmallVector<OpFoldResult> computed;
      for (int64_t r = 0; r < rank; ++r) {
        Value repeat = rewriter.create<arith::IndexCastOp>(
            loc, rewriter.getIndexType(),
            rewriter.create<tensor::ExtractOp>(
                loc, adaptor.getRepeats(),
                ValueRange{rewriter.create<arith::ConstantIndexOp>(loc, r)}));
        OpFoldResult times = getAsOpFoldResult(repeat);
        checkSizeAtLeast(rewriter, loc, times, 0,
                         "Tile's repeats are not negative at " + Twine(r));
        computed.push_back(sm.mul(inDims[r], times));
      }
      dims = resultDims(rewriter, loc, type, computed, "Tile");
    }
    if (!type.hasStaticShape() || !inputType.hasStaticShape()) {
      // Every element reads the input at its index modulo the input's
      // size.
      RankedTensorType workType = typeWithDims(dims, type.getElementType());
      SmallVector<Value> inSizes;
      for (int64_t r = 0; r < rank; ++r)
        inSizes.push_back(sm.value(inDims[r]));
      Value result = buildGatherGeneric(
          rewriter, loc, workType, dynamicOnly(rewriter, loc, workType, dims),
          input, {}, {}, [&](OpBuilder &b, Location l, ValueRange) {
            SmallVector<Value> coords;
            for (int64_t r = 0; r < rank; ++r)
              coords.push_back(b.create<arith::RemUIOp>(
                  l, b.create<linalg::IndexOp>(l, r), inSizes[r]));
            return coords;
          });
      rewriter.replaceOp(op, castTo(rewriter, loc, result, type));
      return success();
    }
    MLIRContext *ctx = rewriter.getContext();
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
    Type element = type.getElementType();
    auto scalar = [&](Value v) -> Value {
      auto t = cast<RankedTensorType>(v.getType());
      SmallVector<Value> zeros(t.getRank(),
                               rewriter.create<arith::ConstantIndexOp>(loc, 0));
      return rewriter.create<tensor::ExtractOp>(loc, v, zeros);
    };
    Value start = scalar(adaptor.getStart());
    Value limit = scalar(adaptor.getLimit());
    Value delta = scalar(adaptor.getDelta());
    // The length, max(ceil((limit - start) / delta), 0): in the element type
    // for floats (as ONNX's reference computes it), exactly in f64 for
    // integers.
    Type f64 = rewriter.getF64Type();
    auto toFloat = [&](Value v) -> Value {
      if (isa<FloatType>(element))
        return v;
      return rewriter.create<arith::SIToFPOp>(loc, f64, v);
    };
    Value quotient = rewriter.create<arith::DivFOp>(
        loc,
        toFloat(
            isa<FloatType>(element)
                ? rewriter.create<arith::SubFOp>(loc, limit, start).getResult()
                : rewriter.create<arith::SubIOp>(loc, limit, start)
                      .getResult()),
        toFloat(delta));
    Value steps = rewriter.create<arith::FPToSIOp>(
        loc, rewriter.getI64Type(),
        rewriter.create<math::CeilOp>(loc, quotient));
    steps = rewriter.create<arith::MaxSIOp>(
        loc, steps, scalarConstant(rewriter, loc, rewriter.getI64Type(), 0));
    Value length = rewriter.create<arith::IndexCastOp>(
        loc, rewriter.getIndexType(), steps);
    SmallVector<Value> sizes;
    if (type.isDynamicDim(0))
      sizes.push_back(length);
    else
      checkSizeEquals(rewriter, loc, length,
                      rewriter.getIndexAttr(type.getDimSize(0)),
                      "the Range length equals the result size");
    Value generic = buildIndexGeneric(
        rewriter, loc, type, sizes, [&](OpBuilder &b, Location l, ValueRange) {
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
    rewriter.replaceOp(op, generic);
    return success();
  }
};

/// The row and column of the last two axes, as i64, inside a
/// linalg.generic.
std::pair<Value, Value> rowAndColumn(OpBuilder &b, Location loc, int64_t rank) {
  auto index = [&](int64_t d) -> Value {
    return b.create<arith::IndexCastOp>(loc, b.getI64Type(),
                                        b.create<linalg::IndexOp>(loc, d));
  };
  return {index(rank - 2), index(rank - 1)};
}

struct TriluLowering : public OpConversionPattern<TriluOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TriluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    int64_t rank = type.getRank();
    Value k;
    if (Value kTensor = adaptor.getK()) {
      auto kType = cast<RankedTensorType>(kTensor.getType());
      k = rewriter.create<tensor::ExtractOp>(
          loc, kTensor,
          SmallVector<Value>(kType.getRank(),
                             rewriter.create<arith::ConstantIndexOp>(loc, 0)));
      if (!k.getType().isInteger(64))
        k = rewriter.create<arith::ExtSIOp>(loc, rewriter.getI64Type(), k);
    } else {
      k = rewriter.create<arith::ConstantIntOp>(loc, 0, 64);
    }
    Value zero = scalarConstant(rewriter, loc, type.getElementType(), 0);
    bool upper = op.getUpper();
    SmallVector<AffineMap> maps(2, rewriter.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{adaptor.getInput()},
        ValueRange{emptyLike(rewriter, loc, type, adaptor.getInput())}, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          auto [i, j] = rowAndColumn(b, l, rank);
          // Upper keeps j - i >= k, lower keeps j - i <= k.
          Value diagonal = b.create<arith::SubIOp>(l, j, i);
          Value keep = b.create<arith::CmpIOp>(
              l, upper ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle,
              diagonal, k);
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::SelectOp>(l, keep, args[0], zero)});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct EyeLikeLowering : public OpConversionPattern<EyeLikeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EyeLikeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    Type element = type.getElementType();
    Value zero = scalarConstant(rewriter, loc, element, 0);
    Value one = scalarConstant(rewriter, loc, element, 1);
    int64_t k = op.getK();
    // The input's shape.
    SmallVector<Value> sizes =
        dynamicSizesFrom(rewriter, loc, type, adaptor.getInput());
    Value generic = buildIndexGeneric(
        rewriter, loc, type, sizes, [&](OpBuilder &b, Location l, ValueRange) {
          auto [i, j] = rowAndColumn(b, l, 2);
          Value onDiagonal = b.create<arith::CmpIOp>(
              l, arith::CmpIPredicate::eq, b.create<arith::SubIOp>(l, j, i),
              b.create<arith::ConstantIntOp>(l, k, 64));
          b.create<linalg::YieldOp>(l, ValueRange{b.create<arith::SelectOp>(
                                           l, onDiagonal, one, zero)});
        });
    rewriter.replaceOp(op, generic);
    return success();
  }
};

struct SizeLowering : public OpConversionPattern<SizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto input = cast<RankedTensorType>(adaptor.getInput().getType());
    auto type = convertTensorType(op.getType());
    if (!input.hasStaticShape()) {
      // The product of the dimensions at run time.
      SizeMath sm(rewriter, loc);
      OpFoldResult count = sm.constant(1);
      for (OpFoldResult d : dimsOf(rewriter, loc, adaptor.getInput()))
        count = sm.mul(count, d);
      Value value = rewriter.create<arith::IndexCastOp>(
          loc, type.getElementType(), sm.value(count));
      rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, type, value);
      return success();
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, type,
        DenseElementsAttr::get(type,
                               static_cast<int64_t>(input.getNumElements())));
    return success();
  }
};

/// A linalg.generic that copies INPUT to a result of TYPE, reading the
/// input at INPUTMAP of the result's index (a permutation of elements).
Value buildPermutation(OpBuilder &b, Location loc, Value input,
                       RankedTensorType type, AffineMap inputMap,
                       ValueRange dynamicSizes = {}) {
  int64_t rank = type.getRank();
  SmallVector<AffineMap> maps{inputMap, b.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{input},
          ValueRange{createEmpty(b, loc, type, dynamicSizes)}, maps, iterators,
          [](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(l, args[0]);
          })
      .getResult(0);
}

/// DepthToSpace: output (n, c, y, x) reads the input at (n, channel, y / b,
/// x / b) where the channel combines c with the block offset (y mod b,
/// x mod b): ((y mod b) * b + x mod b) * C' + c in DCR mode,
/// c * b * b + (y mod b) * b + x mod b in CRD mode.
struct DepthToSpaceLowering : public OpConversionPattern<DepthToSpaceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DepthToSpaceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto opType = convertTensorType(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t b = op.getBlocksize();
    if (inputType.isDynamicDim(1))
      return unsupported(op, "the channel count must be static");
    int64_t channels = inputType.getDimSize(1) / (b * b);
    // N x C / (b * b) x H * b x W * b.
    SizeMath sm(rewriter, loc);
    SmallVector<OpFoldResult> inDims = dimsOf(rewriter, loc, input);
    SmallVector<OpFoldResult> dims = resultDims(
        rewriter, loc, opType,
        {inDims[0], rewriter.getIndexAttr(channels),
         sm.mul(inDims[2], sm.constant(b)), sm.mul(inDims[3], sm.constant(b))},
        "DepthToSpace");
    RankedTensorType type = typeWithDims(dims, opType.getElementType());
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr n = getAffineDimExpr(0, ctx), c = getAffineDimExpr(1, ctx),
               y = getAffineDimExpr(2, ctx), x = getAffineDimExpr(3, ctx);
    AffineExpr offset = (y % b) * b + x % b;
    AffineExpr channel =
        op.getMode() == "CRD" ? c * (b * b) + offset : offset * channels + c;
    AffineMap map =
        AffineMap::get(4, 0, {n, channel, y.floorDiv(b), x.floorDiv(b)}, ctx);
    Value result = buildPermutation(rewriter, loc, input, type, map,
                                    dynamicOnly(rewriter, loc, type, dims));
    rewriter.replaceOp(op, castTo(rewriter, loc, result, opType));
    return success();
  }
};

/// SpaceToDepth: output (n, ch, y, x) with ch = (i * b + j) * C + c reads
/// the input at (n, c, y * b + i, x * b + j).
struct SpaceToDepthLowering : public OpConversionPattern<SpaceToDepthOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SpaceToDepthOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto opType = convertTensorType(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t b = op.getBlocksize();
    if (inputType.isDynamicDim(1))
      return unsupported(op, "the channel count must be static");
    int64_t channels = inputType.getDimSize(1);
    // N x C * b * b x H / b x W / b; a dynamic H or W must be a multiple
    // of b.
    SizeMath sm(rewriter, loc);
    SmallVector<OpFoldResult> inDims = dimsOf(rewriter, loc, input);
    SmallVector<OpFoldResult> computed{inDims[0],
                                       rewriter.getIndexAttr(channels * b * b)};
    for (int64_t i = 2; i < 4; ++i) {
      if (auto size = dyn_cast<Value>(inDims[i])) {
        Value rem = rewriter.create<arith::RemUIOp>(
            loc, size, rewriter.create<arith::ConstantIndexOp>(loc, b));
        checkSizeEquals(rewriter, loc, rem, rewriter.getIndexAttr(0),
                        "SpaceToDepth: dimension " + Twine(i) +
                            " of the input is a multiple of the block size " +
                            Twine(b));
      }
      computed.push_back(sm.floorDiv(inDims[i], sm.constant(b)));
    }
    SmallVector<OpFoldResult> dims =
        resultDims(rewriter, loc, opType, computed, "SpaceToDepth");
    RankedTensorType type = typeWithDims(dims, opType.getElementType());
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr n = getAffineDimExpr(0, ctx), ch = getAffineDimExpr(1, ctx),
               y = getAffineDimExpr(2, ctx), x = getAffineDimExpr(3, ctx);
    AffineExpr offset = ch.floorDiv(channels);
    AffineMap map = AffineMap::get(
        4, 0,
        {n, ch % channels, y * b + offset.floorDiv(b), x * b + offset % b},
        ctx);
    Value result = buildPermutation(rewriter, loc, input, type, map,
                                    dynamicOnly(rewriter, loc, type, dims));
    rewriter.replaceOp(op, castTo(rewriter, loc, result, opType));
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
               ShapeLowering, ExpandLowering, ConstantOfShapeLowering,
               PadLowering,
               TileLowering, RangeLowering, TriluLowering, EyeLikeLowering,
               SizeLowering, DepthToSpaceLowering, SpaceToDepthLowering>(
      converter, patterns.getContext());
}
