//===- Reduction.cpp - reductions and normalizations to linalg --*- C++ -*-===//
//
// Part of modelc. Reduce*, ArgMax/ArgMin, Softmax, LogSoftmax and
// LayerNormalization.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

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
  Value init = createFilled(b, loc, keptType, initValue);
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
  Value init = createEmpty(b, loc, type);
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

template <typename Op, ReduceKind kind>
struct ReduceLowering : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    if (!inputType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    int64_t rank = inputType.getRank();
    Type element = inputType.getElementType();
    bool isFloat = isa<FloatType>(element);
    bool isUnsigned = cast<RankedTensorType>(op.getInput().getType())
                          .getElementType()
                          .isUnsignedInteger();
    if (!isFloat && (kind == ReduceKind::Mean || kind == ReduceKind::L2 ||
                     kind == ReduceKind::LogSum ||
                     kind == ReduceKind::LogSumExp))
      return unsupported(op, "needs a floating-point input");

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
    int64_t count = 1;
    for (int64_t i = 0; i < rank; ++i)
      if (reduced[i])
        count *= inputType.getDimSize(i);

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
      result = mapElements(rewriter, loc, result,
                           [&](OpBuilder &b, Location l, Value x) -> Value {
                             Value n = scalarConstant(b, l, element, count);
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
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, result, resultType));
    return success();
  }
};

template <typename Op, bool isMax>
struct ArgReduceLowering : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    if (!inputType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    Type element = inputType.getElementType();
    if (!isa<FloatType>(element))
      return unsupported(op, "only floating-point inputs are supported");
    int64_t rank = inputType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    SmallVector<bool> reduced(rank, false);
    reduced[axis] = true;
    SmallVector<int64_t> keptShape;
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis)
        keptShape.push_back(inputType.getDimSize(i));
    auto valueType = RankedTensorType::get(keptShape, element);
    auto indexType = RankedTensorType::get(keptShape, rewriter.getI64Type());
    Value valueInit = createFilled(
        rewriter, loc, valueType,
        isMax ? lowestValue(rewriter, loc, element)
              : highestValue(rewriter, loc, element));
    Value indexInit = createFilled(
        rewriter, loc, indexType,
        scalarConstant(rewriter, loc, rewriter.getI64Type(), 0));
    MLIRContext *ctx = rewriter.getContext();
    AffineMap kept = keptDimsMap(ctx, rank, reduced);
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(rank), kept,
                                kept};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    bool last = op.getSelectLastIndex();
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{valueType, indexType}, ValueRange{input},
        ValueRange{valueInit, indexInit}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value index = b.create<arith::IndexCastOp>(
              l, b.getI64Type(), b.create<linalg::IndexOp>(l, axis));
          arith::CmpFPredicate pred =
              isMax ? (last ? arith::CmpFPredicate::OGE
                            : arith::CmpFPredicate::OGT)
                    : (last ? arith::CmpFPredicate::OLE
                            : arith::CmpFPredicate::OLT);
          Value better = b.create<arith::CmpFOp>(l, pred, x, best);
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::SelectOp>(l, better, x, best),
                            b.create<arith::SelectOp>(l, better, index,
                                                      bestIndex)});
        });
    rewriter.replaceOp(
        op, reshapeTensor(rewriter, loc, generic.getResult(1), resultType));
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
    if (!type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
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

struct LayerNormalizationLowering
    : public OpConversionPattern<LayerNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LayerNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    if (!type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    Type element = type.getElementType();
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    SmallVector<bool> reduced(rank, false);
    int64_t count = 1;
    for (int64_t i = axis; i < rank; ++i) {
      reduced[i] = true;
      count *= type.getDimSize(i);
    }
    Value zero = scalarConstant(rewriter, loc, element, 0.0);
    auto divideByCount = [&](Value v) {
      return mapElements(rewriter, loc, v,
                         [&](OpBuilder &b, Location l, Value x) -> Value {
                           return b.create<arith::DivFOp>(
                               l, x, scalarConstant(b, l, element, count));
                         });
    };
    Value mean = divideByCount(reduceDims(rewriter, loc, input, reduced, zero,
                                          addValues));
    Value centered = mapWithReduced(
        rewriter, loc, input, mean, reduced,
        [](OpBuilder &b, Location l, Value x, Value m) -> Value {
          return b.create<arith::SubFOp>(l, x, m);
        });
    Value variance = divideByCount(reduceDims(
        rewriter, loc, centered, reduced, zero,
        [](OpBuilder &b, Location l, Value acc, Value x) -> Value {
          return b.create<arith::AddFOp>(l, acc,
                                         b.create<arith::MulFOp>(l, x, x));
        }));
    float epsilon = op.getEpsilon().convertToFloat();
    Value normalized = mapWithReduced(
        rewriter, loc, centered, variance, reduced,
        [&](OpBuilder &b, Location l, Value x, Value v) -> Value {
          Value eps = scalarConstant(b, l, element, epsilon);
          Value stddev =
              b.create<math::SqrtOp>(l, b.create<arith::AddFOp>(l, v, eps));
          return b.create<arith::DivFOp>(l, x, stddev);
        });
    SmallVector<Value> inputs{normalized, adaptor.getScale()};
    if (adaptor.getBias())
      inputs.push_back(adaptor.getBias());
    Value result = buildElementwise(
        rewriter, loc, type, inputs,
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value v = b.create<arith::MulFOp>(l, args[0], args[1]);
          if (args.size() > 2)
            v = b.create<arith::AddFOp>(l, v, args[2]);
          return v;
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
               LayerNormalizationLowering>(converter, patterns.getContext());
}
