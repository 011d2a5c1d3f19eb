//===- Reduction.cpp - reductions and normalizations to linalg --*- C++ -*-===//
//
// Part of modelc. Reduce*, ArgMax/ArgMin, Softmax, LogSoftmax and
// LayerNormalization.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

/// The map from the full iteration space of RANK dims to the dims that
/// remain after dropping REDUCED.
static AffineMap keptDimsMap(MLIRContext *ctx, int64_t rank,
                             ArrayRef<bool> reduced) {
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < rank; ++i)
    if (!reduced[i])
      exprs.push_back(getAffineDimExpr(i, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// Reduces INPUT over the dims marked in REDUCED, starting from INITVALUE
/// and combining with COMBINE(acc, x); the result lacks the reduced dims.
static Value reduceDims(OpBuilder &b, Location loc, Value input,
                        ArrayRef<bool> reduced, Value initValue,
                        function_ref<Value(OpBuilder &, Location, Value, Value)>
                            combine) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> keptShape;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced[i])
      keptShape.push_back(type.getDimSize(i));
    iterators.push_back(reduced[i] ? utils::IteratorType::reduction
                                   : utils::IteratorType::parallel);
  }
  auto keptType = RankedTensorType::get(keptShape, initValue.getType());
  SmallVector<Value> keptSizes;
  for (int64_t i = 0; i < rank; ++i)
    if (!reduced[i] && type.isDynamicDim(i))
      keptSizes.push_back(b.create<tensor::DimOp>(loc, input, i));
  Value init = createFilled(b, loc, keptType, initValue, keptSizes);
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                              keptDimsMap(ctx, rank, reduced)};
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{keptType}, ValueRange{input}, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nb, Location l, ValueRange args) {
        nb.create<linalg::YieldOp>(l, combine(nb, l, args[1], args[0]));
      });
  return generic.getResult(0);
}

/// A generic over the full shape of FULL that combines each element with
/// the value of REDUCEDVALUE (which lacks the REDUCED dims).
static Value mapWithReduced(OpBuilder &b, Location loc, Value full,
                            Value reducedValue, ArrayRef<bool> reduced,
                            function_ref<Value(OpBuilder &, Location, Value,
                                               Value)>
                                fn) {
  auto type = cast<RankedTensorType>(full.getType());
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                              keptDimsMap(ctx, rank, reduced),
                              b.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  Value init = emptyLike(b, loc, type, full);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{full, reducedValue},
          ValueRange{init}, maps, iterators,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(l, fn(nb, l, args[0], args[1]));
          })
      .getResult(0);
}

/// Applies FN to every element of a tensor.
static Value mapElements(OpBuilder &b, Location loc, Value value,
                         function_ref<Value(OpBuilder &, Location, Value)> fn) {
  auto type = cast<RankedTensorType>(value.getType());
  return buildElementwise(b, loc, type, value,
                          [&](OpBuilder &nb, Location l, ValueRange args) {
                            return fn(nb, l, args[0]);
                          });
}

static Value addValues(OpBuilder &b, Location l, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return b.create<arith::AddFOp>(l, x, y);
  return b.create<arith::AddIOp>(l, x, y);
}

static Value mulValues(OpBuilder &b, Location l, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return b.create<arith::MulFOp>(l, x, y);
  return b.create<arith::MulIOp>(l, x, y);
}

namespace {

enum class ReduceKind {
  Sum, Mean, Max, Min, Prod, SumSquare, L1, L2, LogSum, LogSumExp
};

/// The ONNX name of a reduction, for messages.
constexpr StringLiteral reduceName(ReduceKind kind) {
  constexpr StringLiteral names[] = {
      "ReduceSum",    "ReduceMean",      "ReduceMax", "ReduceMin",
      "ReduceProd",   "ReduceSumSquare", "ReduceL1",  "ReduceL2",
      "ReduceLogSum", "ReduceLogSumExp"};
  return names[static_cast<int>(kind)];
}

template <typename Op, ReduceKind kind>
struct ReduceLowering : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;

  /// At most this many candidate axis sets for run-time axes (each gets its
  /// own code), and inputs of at most this rank.
  static constexpr size_t kMaxCandidates = 16;
  static constexpr int64_t kMaxDynamicAxesRank = 16;

  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = inputType.getRank();
    Type element = inputType.getElementType();
    bool isFloat = isa<FloatType>(element);
    if (!isFloat && (kind == ReduceKind::Mean || kind == ReduceKind::L2 ||
                     kind == ReduceKind::LogSum ||
                     kind == ReduceKind::LogSumExp))
      return unsupported(op, "needs a floating-point input");
    if (adaptor.getDynamicAxes())
      return lowerDynamicAxes(op, adaptor, rewriter);

    SmallVector<bool> reduced(rank, false);
    ArrayRef<int64_t> axes = op.getAxes();
    if (axes.empty()) {
      if (op.getNoopWithEmptyAxes()) {
        rewriter.replaceOp(op, input);
        return success();
      }
      reduced.assign(rank, true);
    }
    for (int64_t axis : axes)
      reduced[axis < 0 ? axis + rank : axis] = true;
    rewriter.replaceOp(op,
                       reduce(rewriter, loc, op, input, reduced, resultType));
    return success();
  }

  /// Run-time axes: one reduction per candidate axis set, selected by the
  /// bit mask of the run-time axes, which a check requires to be one of
  /// the candidates (repeated axes give a mask with fewer bits set, axes
  /// out of range a bit above the rank).
  LogicalResult lowerDynamicAxes(Op op, typename Op::Adaptor adaptor,
                                 ConversionPatternRewriter &rewriter) const {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    Value input = adaptor.getInput();
    Value axes = adaptor.getDynamicAxes();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto axesType = cast<RankedTensorType>(axes.getType());
    int64_t rank = inputType.getRank();
    if (!inputType.hasStaticShape() || !resultType.hasStaticShape() ||
        !axesType.hasStaticShape())
      return unsupported(op, "run-time axes need static input, axes and "
                             "result shapes");
    if (rank > kMaxDynamicAxesRank)
      return unsupported(op, "run-time axes of an input of rank above " +
                                 Twine(kMaxDynamicAxesRank));
    int64_t numAxes = axesType.getDimSize(0);
    SmallVector<uint64_t> candidates = axisSetsGiving(
        inputType.getShape(), resultType.getShape(), numAxes, op.getKeepdims());
    if (candidates.empty())
      return unsupported(op, "no set of " + Twine(numAxes) +
                                 " axes reduces the input shape to the "
                                 "result shape");
    if (candidates.size() > kMaxCandidates)
      return unsupported(op, "run-time axes that may name more than " +
                                 Twine(kMaxCandidates) + " axis sets");

    Value mask = runtimeAxesMask(rewriter, loc, axes, numAxes, rank);
    auto constant = [&](int64_t v) -> Value {
      return rewriter.create<arith::ConstantIntOp>(loc, v,
                                                   rewriter.getI64Type());
    };
    Value ok;
    for (uint64_t candidate : candidates) {
      Value match = rewriter.create<arith::CmpIOp>(
          loc, arith::CmpIPredicate::eq, mask, constant(candidate));
      ok = ok ? rewriter.create<arith::OrIOp>(loc, ok, match) : match;
    }
    rewriter.create<CheckOp>(
        loc, ok,
        rewriter.getStringAttr(reduceName(kind) +
                               "'s run-time axes are distinct, in range and "
                               "reduce the input shape " +
                               formatShape(inputType.getShape()) +
                               " to the result shape " +
                               formatShape(resultType.getShape())));

    auto reduceSet = [&](OpBuilder &b, uint64_t set) {
      SmallVector<bool> reduced;
      for (int64_t i = 0; i < rank; ++i)
        reduced.push_back(set & (uint64_t(1) << i));
      return reduce(b, loc, op, input, reduced, resultType);
    };
    if (candidates.size() == 1) {
      rewriter.replaceOp(op, reduceSet(rewriter, candidates[0]));
      return success();
    }
    // The last candidate is the default: the check rules out the others.
    SmallVector<int64_t> cases(candidates.begin(), std::prev(candidates.end()));
    auto switchOp = rewriter.create<scf::IndexSwitchOp>(
        loc, TypeRange{resultType},
        rewriter.create<arith::IndexCastOp>(loc, rewriter.getIndexType(), mask),
        cases, cases.size());
    for (auto [i, candidate] : llvm::enumerate(candidates)) {
      Region &region = i + 1 == candidates.size()
                           ? switchOp.getDefaultRegion()
                           : switchOp.getCaseRegions()[i];
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(&region.emplaceBlock());
      rewriter.create<scf::YieldOp>(loc, reduceSet(rewriter, candidate));
    }
    rewriter.replaceOp(op, switchOp.getResults());
    return success();
  }

  /// INPUT reduced over the REDUCED dims, with RESULTTYPE.
  static Value reduce(OpBuilder &rewriter, Location loc, Op op, Value input,
                      ArrayRef<bool> reduced, RankedTensorType resultType) {
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = inputType.getRank();
    Type element = inputType.getElementType();
    bool isFloat = isa<FloatType>(element);
    bool isUnsigned = cast<RankedTensorType>(op.getInput().getType())
                          .getElementType()
                          .isUnsignedInteger();
    // The number of reduced elements, for the mean.
    Value count = rewriter.create<arith::ConstantIndexOp>(loc, 1);
    for (int64_t i = 0; i < rank; ++i)
      if (reduced[i])
        count = rewriter.createOrFold<arith::MulIOp>(
            loc, count, rewriter.createOrFold<tensor::DimOp>(loc, input, i));

    // Pre-map of the elements.
    if (kind == ReduceKind::SumSquare || kind == ReduceKind::L2)
      input = mapElements(rewriter, loc, input,
                          [](OpBuilder &b, Location l, Value x) {
                            return mulValues(b, l, x, x);
                          });
    else if (kind == ReduceKind::L1)
      input = mapElements(rewriter, loc, input,
                          [&](OpBuilder &b, Location l, Value x) -> Value {
                            if (isFloat)
                              return b.create<math::AbsFOp>(l, x);
                            if (isUnsigned)
                              return x;
                            return b.create<math::AbsIOp>(l, x);
                          });
    else if (kind == ReduceKind::LogSumExp)
      input = mapElements(rewriter, loc, input,
                          [](OpBuilder &b, Location l, Value x) -> Value {
                            return b.create<math::ExpOp>(l, x);
                          });

    Value initValue;
    std::function<Value(OpBuilder &, Location, Value, Value)> combine;
    switch (kind) {
    case ReduceKind::Max:
      initValue = isUnsigned ? scalarConstant(rewriter, loc, element, 0)
                             : lowestValue(rewriter, loc, element);
      combine = [&](OpBuilder &b, Location l, Value acc, Value x) -> Value {
        if (isFloat)
          return b.create<arith::MaximumFOp>(l, acc, x);
        if (isUnsigned)
          return b.create<arith::MaxUIOp>(l, acc, x);
        return b.create<arith::MaxSIOp>(l, acc, x);
      };
      break;
    case ReduceKind::Min:
      initValue = isUnsigned
                      ? scalarConstant(rewriter, loc, element, -1)
                      : highestValue(rewriter, loc, element);
      combine = [&](OpBuilder &b, Location l, Value acc, Value x) -> Value {
        if (isFloat)
          return b.create<arith::MinimumFOp>(l, acc, x);
        if (isUnsigned)
          return b.create<arith::MinUIOp>(l, acc, x);
        return b.create<arith::MinSIOp>(l, acc, x);
      };
      break;
    case ReduceKind::Prod:
      initValue = scalarConstant(rewriter, loc, element, 1);
      combine = mulValues;
      break;
    default:
      initValue = scalarConstant(rewriter, loc, element, 0);
      combine = addValues;
      break;
    }
    Value result = reduceDims(rewriter, loc, input, reduced, initValue,
                              combine);

    // Post-map of the reduced values.
    if (kind == ReduceKind::Mean) {
      Value n = rewriter.createOrFold<arith::UIToFPOp>(
          loc, element,
          rewriter.createOrFold<arith::IndexCastUIOp>(
              loc, rewriter.getI64Type(), count));
      result = mapElements(rewriter, loc, result,
                           [&](OpBuilder &b, Location l, Value x) -> Value {
                             return b.create<arith::DivFOp>(l, x, n);
                           });
    } else if (kind == ReduceKind::L2) {
      result = mapElements(rewriter, loc, result,
                           [](OpBuilder &b, Location l, Value x) -> Value {
                             return b.create<math::SqrtOp>(l, x);
                           });
    } else if (kind == ReduceKind::LogSum || kind == ReduceKind::LogSumExp) {
      result = mapElements(rewriter, loc, result,
                           [](OpBuilder &b, Location l, Value x) -> Value {
                             return b.create<math::LogOp>(l, x);
                           });
    }
    return reshapeTensor(rewriter, loc, result, resultType);
  }
};

/// The index (i64) of the first (or, with LAST, the last) maximum (or
/// minimum) along AXIS of a floating-point tensor; the result lacks AXIS.
Value argReduce(OpBuilder &b, Location loc, Value input, int64_t axis,
                bool isMax, bool last) {
  auto inputType = cast<RankedTensorType>(input.getType());
  Type element = inputType.getElementType();
  int64_t rank = inputType.getRank();
  SmallVector<bool> reduced(rank, false);
  reduced[axis] = true;
  SmallVector<int64_t> keptShape;
  for (int64_t i = 0; i < rank; ++i)
    if (i != axis)
      keptShape.push_back(inputType.getDimSize(i));
  auto valueType = RankedTensorType::get(keptShape, element);
  auto indexType = RankedTensorType::get(keptShape, b.getI64Type());
  SmallVector<Value> keptSizes;
  for (int64_t i = 0; i < rank; ++i)
    if (i != axis && inputType.isDynamicDim(i))
      keptSizes.push_back(b.create<tensor::DimOp>(loc, input, i));
  Value valueInit = createFilled(b, loc, valueType,
                                 isMax ? lowestValue(b, loc, element)
                                       : highestValue(b, loc, element),
                                 keptSizes);
  Value indexInit = createFilled(
      b, loc, indexType, scalarConstant(b, loc, b.getI64Type(), 0), keptSizes);
  MLIRContext *ctx = b.getContext();
  AffineMap kept = keptDimsMap(ctx, rank, reduced);
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank), kept, kept};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators[axis] = utils::IteratorType::reduction;
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{valueType, indexType}, ValueRange{input},
      ValueRange{valueInit, indexInit}, maps, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value x = args[0], best = args[1], bestIndex = args[2];
        Value index = nb.create<arith::IndexCastOp>(
            l, nb.getI64Type(), nb.create<linalg::IndexOp>(l, axis));
        arith::CmpFPredicate pred =
            isMax ? (last ? arith::CmpFPredicate::OGE
                          : arith::CmpFPredicate::OGT)
                  : (last ? arith::CmpFPredicate::OLE
                          : arith::CmpFPredicate::OLT);
        Value better = nb.create<arith::CmpFOp>(l, pred, x, best);
        nb.create<linalg::YieldOp>(
            l, ValueRange{nb.create<arith::SelectOp>(l, better, x, best),
                          nb.create<arith::SelectOp>(l, better, index,
                                                     bestIndex)});
      });
  return generic.getResult(1);
}

Value firstIndexOfMax(OpBuilder &b, Location loc, Value input, int64_t axis) {
  return argReduce(b, loc, input, axis, /*isMax=*/true, /*last=*/false);
}

template <typename Op, bool isMax>
struct ArgReduceLowering : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertTensorType(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    if (!isa<FloatType>(inputType.getElementType()))
      return unsupported(op, "only floating-point inputs are supported");
    int64_t rank = inputType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    Value index = argReduce(rewriter, op.getLoc(), input, axis, isMax,
                            op.getSelectLastIndex());
    // The kept unit dimension (keepdims) comes back by expand_shape.
    SmallVector<int64_t> shape(inputType.getShape());
    if (op.getKeepdims())
      shape[axis] = 1;
    else
      shape.erase(shape.begin() + axis);
    Value result = reshapeTensor(
        rewriter, op.getLoc(), index,
        RankedTensorType::get(shape, resultType.getElementType()));
    rewriter.replaceOp(op, castWithChecks(rewriter, op.getLoc(), result,
                                          resultType, Op::getOperationName()));
    return success();
  }
};

template <typename Op, bool isLog>
struct SoftmaxLowering : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    Type element = type.getElementType();
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    SmallVector<bool> reduced(rank, false);
    reduced[axis] = true;
    Value max = reduceDims(
        rewriter, loc, input, reduced, lowestValue(rewriter, loc, element),
        [](OpBuilder &b, Location l, Value acc, Value x) -> Value {
          return b.create<arith::MaximumFOp>(l, acc, x);
        });
    Value shifted = mapWithReduced(
        rewriter, loc, input, max, reduced,
        [](OpBuilder &b, Location l, Value x, Value m) -> Value {
          return b.create<arith::SubFOp>(l, x, m);
        });
    Value exps = mapElements(rewriter, loc, shifted,
                             [](OpBuilder &b, Location l, Value x) -> Value {
                               return b.create<math::ExpOp>(l, x);
                             });
    Value sum = reduceDims(rewriter, loc, exps, reduced,
                           scalarConstant(rewriter, loc, element, 0.0),
                           addValues);
    Value result;
    if (isLog)
      result = mapWithReduced(
          rewriter, loc, shifted, sum, reduced,
          [](OpBuilder &b, Location l, Value x, Value s) -> Value {
            return b.create<arith::SubFOp>(l, x, b.create<math::LogOp>(l, s));
          });
    else
      result = mapWithReduced(
          rewriter, loc, exps, sum, reduced,
          [](OpBuilder &b, Location l, Value x, Value s) -> Value {
            return b.create<arith::DivFOp>(l, x, s);
          });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Mean and variance normalization of INPUT over the REDUCED dims: the
/// normalized tensor, and the mean and 1/sqrt(variance + epsilon) without
/// the reduced dims.
struct Normalized {
  Value normalized, mean, invStdDev;
};

Normalized normalizeOver(OpBuilder &b, Location loc, Value input,
                         ArrayRef<bool> reduced, float epsilon) {
  auto type = cast<RankedTensorType>(input.getType());
  Type element = type.getElementType();
  // The number of reduced elements, known at run time for dynamic shapes.
  Value count = b.create<arith::ConstantIndexOp>(loc, 1);
  for (auto [i, r] : llvm::enumerate(reduced))
    if (r)
      count = b.createOrFold<arith::MulIOp>(
          loc, count, b.createOrFold<tensor::DimOp>(loc, input, i));
  Value countValue = b.createOrFold<arith::UIToFPOp>(
      loc, element,
      b.createOrFold<arith::IndexCastUIOp>(loc, b.getI64Type(), count));
  Value zero = scalarConstant(b, loc, element, 0.0);
  auto divideByCount = [&](Value v) {
    return mapElements(b, loc, v,
                       [&](OpBuilder &nb, Location l, Value x) -> Value {
                         return nb.create<arith::DivFOp>(l, x, countValue);
                       });
  };
  Normalized n;
  n.mean = divideByCount(reduceDims(b, loc, input, reduced, zero, addValues));
  Value centered = mapWithReduced(
      b, loc, input, n.mean, reduced,
      [](OpBuilder &nb, Location l, Value x, Value m) -> Value {
        return nb.create<arith::SubFOp>(l, x, m);
      });
  Value variance = divideByCount(reduceDims(
      b, loc, centered, reduced, zero,
      [](OpBuilder &nb, Location l, Value acc, Value x) -> Value {
        return nb.create<arith::AddFOp>(l, acc,
                                        nb.create<arith::MulFOp>(l, x, x));
      }));
  n.invStdDev = mapElements(
      b, loc, variance, [&](OpBuilder &nb, Location l, Value v) -> Value {
        Value eps = scalarConstant(nb, l, element, epsilon);
        Value stddev =
            nb.create<math::SqrtOp>(l, nb.create<arith::AddFOp>(l, v, eps));
        return nb.create<arith::DivFOp>(l, scalarConstant(nb, l, element, 1.0),
                                        stddev);
      });
  n.normalized = mapWithReduced(
      b, loc, centered, n.invStdDev, reduced,
      [](OpBuilder &nb, Location l, Value x, Value s) -> Value {
        return nb.create<arith::MulFOp>(l, x, s);
      });
  return n;
}

/// x * scale (+ bias), the operands broadcasting to TYPE.
Value scaleAndShift(OpBuilder &b, Location loc, RankedTensorType type,
                    Value x, Value scale, Value bias) {
  SmallVector<Value> inputs{x, scale};
  if (bias)
    inputs.push_back(bias);
  return buildElementwise(
      b, loc, type, inputs, [](OpBuilder &nb, Location l, ValueRange args) {
        Value v = nb.create<arith::MulFOp>(l, args[0], args[1]);
        if (args.size() > 2)
          v = nb.create<arith::AddFOp>(l, v, args[2]);
        return v;
      });
}

struct LayerNormalizationLowering
    : public OpConversionPattern<LayerNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LayerNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    SmallVector<bool> reduced(rank, false);
    for (int64_t i = axis; i < rank; ++i)
      reduced[i] = true;
    Normalized n = normalizeOver(rewriter, loc, input, reduced,
                                 op.getEpsilon().convertToFloat());
    SmallVector<Value> results{scaleAndShift(rewriter, loc, type, n.normalized,
                                             adaptor.getScale(),
                                             adaptor.getBias())};
    results.push_back(reshapeTensor(rewriter, loc, n.mean,
                                    convertTensorType(op.getMean().getType())));
    results.push_back(
        reshapeTensor(rewriter, loc, n.invStdDev,
                      convertTensorType(op.getInvStdDev().getType())));
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct InstanceNormalizationLowering
    : public OpConversionPattern<InstanceNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(InstanceNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    if (type.isDynamicDim(1))
      return unsupported(op, "the channel dimension must be static");
    int64_t rank = type.getRank();
    SmallVector<bool> reduced(rank, true);
    reduced[0] = reduced[1] = false;
    Normalized n = normalizeOver(rewriter, loc, input, reduced,
                                 op.getEpsilon().convertToFloat());
    // Per-channel scale and bias broadcast along axis 1.
    SmallVector<int64_t> channelShape{type.getDimSize(1)};
    channelShape.append(rank - 2, 1);
    auto channelType =
        RankedTensorType::get(channelShape, type.getElementType());
    Value scale = reshapeTensor(rewriter, loc, adaptor.getScale(), channelType);
    Value bias = reshapeTensor(rewriter, loc, adaptor.getBias(), channelType);
    rewriter.replaceOp(op, scaleAndShift(rewriter, loc, type, n.normalized,
                                         scale, bias));
    return success();
  }
};

/// LRN: the sum of squares over a window of channels, via the input's
/// squares padded with zeros along the channel axis.
struct LRNLowering : public OpConversionPattern<LRNOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LRNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() < 2)
      return unsupported(op, "needs an input with channels");
    Type element = type.getElementType();
    int64_t rank = type.getRank();
    int64_t size = op.getSize();
    if (size < 1)
      return unsupported(op, "size must be positive");
    int64_t before = (size - 1) / 2, after = size - 1 - before;
    Value squares = mapElements(rewriter, loc, input,
                                [](OpBuilder &b, Location l, Value x) -> Value {
                                  return b.create<arith::MulFOp>(l, x, x);
                                });
    SmallVector<int64_t> low(rank, 0), high(rank, 0);
    low[1] = before;
    high[1] = after;
    MLIRContext *ctx = rewriter.getContext();
    Value padded =
        padTensor(rewriter, loc, squares, getAsIndexOpFoldResult(ctx, low),
                  getAsIndexOpFoldResult(ctx, high),
                  scalarConstant(rewriter, loc, element, 0.0));
    // Dims: the output's, then the window offset (reduction).
    int64_t numDims = rank + 1;
    SmallVector<AffineExpr> padExprs, outExprs;
    for (int64_t i = 0; i < rank; ++i) {
      AffineExpr d = getAffineDimExpr(i, ctx);
      padExprs.push_back(i == 1 ? d + getAffineDimExpr(rank, ctx) : d);
      outExprs.push_back(d);
    }
    Value window = rewriter.create<tensor::EmptyOp>(
        loc, ArrayRef<int64_t>{size}, element);
    SmallVector<AffineMap> maps{
        AffineMap::get(numDims, 0, padExprs, ctx),
        AffineMap::get(numDims, 0, getAffineDimExpr(rank, ctx)),
        AffineMap::get(numDims, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value sums =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{type}, ValueRange{padded, window},
                ValueRange{
                    createFilled(rewriter, loc, type,
                                 scalarConstant(rewriter, loc, element, 0.0),
                                 dynamicSizesFrom(rewriter, loc, type, input))},
                maps, iterators,
                [](OpBuilder &b, Location l, ValueRange args) {
                  b.create<linalg::YieldOp>(
                      l, ValueRange{b.create<arith::AddFOp>(l, args[2],
                                                            args[0])});
                })
            .getResult(0);
    float alpha = op.getAlpha().convertToFloat();
    float beta = op.getBeta().convertToFloat();
    float bias = op.getBias().convertToFloat();
    Value result = buildElementwise(
        rewriter, loc, type, ValueRange{input, sums},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value scaled = b.create<arith::MulFOp>(
              l, args[1], scalarConstant(b, l, element, alpha / size));
          Value base = b.create<arith::AddFOp>(
              l, scalarConstant(b, l, element, bias), scaled);
          Value denom = b.create<math::PowFOp>(
              l, base, scalarConstant(b, l, element, beta));
          return b.create<arith::DivFOp>(l, args[0], denom);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Hardmax: 1 at the first maximum along the axis, 0 elsewhere.
struct HardmaxLowering : public OpConversionPattern<HardmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(HardmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    Type element = type.getElementType();
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    SmallVector<bool> reduced(rank, false);
    reduced[axis] = true;
    Value first = firstIndexOfMax(rewriter, loc, input, axis);
    int64_t axisDim = axis;
    Value result = mapWithReduced(
        rewriter, loc, input, first, reduced,
        [&](OpBuilder &b, Location l, Value, Value best) -> Value {
          Value index = b.create<arith::IndexCastOp>(
              l, b.getI64Type(), b.create<linalg::IndexOp>(l, axisDim));
          Value hit =
              b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, index, best);
          return b.create<arith::SelectOp>(l, hit,
                                           scalarConstant(b, l, element, 1.0),
                                           scalarConstant(b, l, element, 0.0));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void lowering::populateReductionPatterns(TypeConverter &converter,
                                       RewritePatternSet &patterns) {
  patterns.add<ReduceLowering<ReduceSumOp, ReduceKind::Sum>,
               ReduceLowering<ReduceMeanOp, ReduceKind::Mean>,
               ReduceLowering<ReduceMaxOp, ReduceKind::Max>,
               ReduceLowering<ReduceMinOp, ReduceKind::Min>,
               ReduceLowering<ReduceProdOp, ReduceKind::Prod>,
               ReduceLowering<ReduceSumSquareOp, ReduceKind::SumSquare>,
               ReduceLowering<ReduceL1Op, ReduceKind::L1>,
               ReduceLowering<ReduceL2Op, ReduceKind::L2>,
               ReduceLowering<ReduceLogSumOp, ReduceKind::LogSum>,
               ReduceLowering<ReduceLogSumExpOp, ReduceKind::LogSumExp>,
               ArgReduceLowering<ArgMaxOp, true>,
               ArgReduceLowering<ArgMinOp, false>,
               SoftmaxLowering<SoftmaxOp, false>,
               SoftmaxLowering<LogSoftmaxOp, true>,
               LayerNormalizationLowering, InstanceNormalizationLowering,
               LRNLowering, HardmaxLowering>(converter,
                                             patterns.getContext());
}
