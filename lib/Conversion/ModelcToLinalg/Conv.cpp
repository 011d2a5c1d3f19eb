//===- Conv.cpp - convolution, pooling, normalization to linalg -*- C++ -*-===//
//
// Part of modelc. Conv (N-d, grouped, dilated), MaxPool, AveragePool,
// GlobalAveragePool, GlobalMaxPool and BatchNormalization, as
// linalg.generic ops over explicitly padded inputs; MaxUnpool, a scatter
// (scf.for loops over tensors).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

/// Pads the spatial axes (2..) of X with VALUE: LOW before, HIGH after.
static Value padSpatial(OpBuilder &b, Location loc, Value x,
                        ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                        Value value) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return x;
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> lo(2, 0), hi(2, 0), shape(type.getShape());
  for (size_t i = 0; i < low.size(); ++i) {
    lo.push_back(low[i]);
    hi.push_back(high[i]);
    shape[i + 2] += low[i] + high[i];
  }
  auto padded = RankedTensorType::get(shape, type.getElementType());
  return b.create<tensor::PadOp>(loc, padded, x,
                                 getAsIndexOpFoldResult(b.getContext(), lo),
                                 getAsIndexOpFoldResult(b.getContext(), hi),
                                 value);
}

/// End padding that makes every window of the output fit (ceil_mode).
static SmallVector<int64_t> fitEndPads(ArrayRef<int64_t> inShape,
                                       ArrayRef<int64_t> outShape,
                                       ArrayRef<int64_t> kernel,
                                       ArrayRef<int64_t> pads,
                                       ArrayRef<int64_t> strides,
                                       ArrayRef<int64_t> dilations) {
  size_t rank = kernel.size();
  SmallVector<int64_t> high;
  for (size_t i = 0; i < rank; ++i) {
    int64_t needed = (outShape[i + 2] - 1) * strides[i] +
                     (kernel[i] - 1) * dilations[i] + 1;
    int64_t available = inShape[i + 2] + pads[i] + pads[i + rank];
    high.push_back(pads[i + rank] + std::max<int64_t>(0, needed - available));
  }
  return high;
}

/// The accumulator of a grouped convolution, N x G x M/G x O..., holding
/// the bias of each output channel (or zero) for RESULTTYPE (N x M x O...).
static Value groupedAccumulator(OpBuilder &b, Location loc,
                                RankedTensorType resultType, int64_t group,
                                Value bias) {
  Type element = resultType.getElementType();
  int64_t rank = resultType.getRank() - 2;
  int64_t perGroupOut = resultType.getDimSize(1) / group;
  SmallVector<int64_t> groupedShape{resultType.getDimSize(0), group,
                                    perGroupOut};
  llvm::append_range(groupedShape, resultType.getShape().drop_front(2));
  auto groupedType = RankedTensorType::get(groupedShape, element);
  if (!bias)
    return createFilled(b, loc, groupedType,
                        scalarConstant(b, loc, element, 0.0));
  SmallVector<int64_t> biasShape{group, perGroupOut};
  biasShape.append(rank, 1);
  Value shaped =
      reshapeTensor(b, loc, bias, RankedTensorType::get(biasShape, element));
  return buildElementwise(b, loc, groupedType, shaped,
                          [](OpBuilder &, Location, ValueRange args) {
                            return args[0];
                          });
}

/// Merges the group and per-group channel dims of a grouped result.
static Value ungroup(OpBuilder &b, Location loc, Value grouped,
                     RankedTensorType resultType) {
  SmallVector<ReassociationIndices> reassociation{{0}, {1, 2}};
  for (int64_t i = 2; i < resultType.getRank(); ++i)
    reassociation.push_back({i + 1});
  return b.create<tensor::CollapseShapeOp>(loc, resultType, grouped,
                                           reassociation);
}

namespace {

struct ConvLowering : public OpConversionPattern<ConvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto weightType = cast<RankedTensorType>(adaptor.getWeight().getType());
    if (!resultType.hasStaticShape() || !inputType.hasStaticShape() ||
        !weightType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    Type element = resultType.getElementType();
    if (inputType.getElementType() != element ||
        weightType.getElementType() != element)
      return unsupported(op, "input, weight and result must have one element "
                             "type (ConvInteger casts to i32 first)");

    int64_t rank = inputType.getRank() - 2;
    int64_t group = op.getGroup();
    int64_t outChannels = weightType.getDimSize(0);
    int64_t perGroupIn = weightType.getDimSize(1);
    int64_t perGroupOut = outChannels / group;
    ArrayRef<int64_t> pads = op.getPads();
    ArrayRef<int64_t> strides = op.getStrides();
    ArrayRef<int64_t> dilations = op.getDilations();
    SmallVector<int64_t> kernel(weightType.getShape().drop_front(2));

    Value zero = scalarConstant(rewriter, loc, element, 0.0);
    SmallVector<int64_t> high =
        fitEndPads(inputType.getShape(), resultType.getShape(), kernel, pads,
                   strides, dilations);
    Value x = padSpatial(rewriter, loc, adaptor.getInput(),
                         pads.take_front(rank), high, zero);

    // Iteration space, outermost first: n, g, m (parallel), c, k_1..k_r
    // (reduction), o_1..o_r (parallel). The output positions are innermost:
    // each filter tap is a multiply-add over a contiguous output row, which
    // vectorizes, and the outer parallel loop spreads filters over threads.
    MLIRContext *ctx = rewriter.getContext();
    int64_t numDims = 3 + rank + 1 + rank;
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    AffineExpr n = d(0), g = d(1), m = d(2), c = d(3);
    SmallVector<AffineExpr> xExprs{n, g * perGroupIn + c};
    SmallVector<AffineExpr> wExprs{g * perGroupOut + m, c};
    SmallVector<AffineExpr> outExprs{n, g, m};
    for (int64_t i = 0; i < rank; ++i) {
      AffineExpr k = d(4 + i), o = d(4 + rank + i);
      xExprs.push_back(o * strides[i] + k * dilations[i]);
      wExprs.push_back(k);
      outExprs.push_back(o);
    }
    Value init = groupedAccumulator(rewriter, loc, resultType, group,
                                    adaptor.getBias());
    auto groupedType = cast<RankedTensorType>(init.getType());

    SmallVector<utils::IteratorType> iterators(3,
                                               utils::IteratorType::parallel);
    iterators.append(1 + rank, utils::IteratorType::reduction);
    iterators.append(rank, utils::IteratorType::parallel);
    SmallVector<AffineMap> maps{AffineMap::get(numDims, 0, xExprs, ctx),
                                AffineMap::get(numDims, 0, wExprs, ctx),
                                AffineMap::get(numDims, 0, outExprs, ctx)};
    auto conv = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{groupedType}, ValueRange{x, adaptor.getWeight()},
        ValueRange{init}, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          if (!isa<FloatType>(args[2].getType())) {
            Value prod = b.create<arith::MulIOp>(l, args[0], args[1]);
            b.create<linalg::YieldOp>(
                l, ValueRange{b.create<arith::AddIOp>(l, args[2], prod)});
            return;
          }
          // `contract`: an FMA where the target has one.
          auto contract = arith::FastMathFlags::contract;
          Value prod = b.create<arith::MulFOp>(l, args[0], args[1], contract);
          b.create<linalg::YieldOp>(
              l, ValueRange{
                     b.create<arith::AddFOp>(l, args[2], prod, contract)});
        });

    Value result = ungroup(rewriter, loc, conv.getResult(0), resultType);
    result = applyActivation(rewriter, loc, result, op.getActivation(),
                             op.getActivationAlpha().convertToFloat(),
                             op.getActivationBeta().convertToFloat());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ConvTranspose as a gather: output position o takes input position
/// i = (o + pad - k * dilation) / stride through tap k when the division is
/// exact and i is inside the input. Iteration: n, g, m, c, k..., o....
struct ConvTransposeLowering : public OpConversionPattern<ConvTransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvTransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto weightType = cast<RankedTensorType>(adaptor.getWeight().getType());
    if (!resultType.hasStaticShape() || !inputType.hasStaticShape() ||
        !weightType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    Type element = resultType.getElementType();
    if (!isa<FloatType>(element))
      return unsupported(op, "only floating-point inputs are supported");
    int64_t rank = inputType.getRank() - 2;
    int64_t group = op.getGroup();
    int64_t perGroupIn = inputType.getDimSize(1) / group;
    ArrayRef<int64_t> pads = op.getPads();
    ArrayRef<int64_t> strides = op.getStrides();
    ArrayRef<int64_t> dilations = op.getDilations();
    SmallVector<int64_t> kernel(weightType.getShape().drop_front(2));

    MLIRContext *ctx = rewriter.getContext();
    int64_t numDims = 4 + 2 * rank;
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> wExprs{d(1) * perGroupIn + d(3), d(2)};
    SmallVector<AffineExpr> outExprs{d(0), d(1), d(2)};
    for (int64_t i = 0; i < rank; ++i) {
      wExprs.push_back(d(4 + i));
      outExprs.push_back(d(4 + rank + i));
    }
    Value init = groupedAccumulator(rewriter, loc, resultType, group,
                                    adaptor.getBias());
    auto groupedType = cast<RankedTensorType>(init.getType());
    SmallVector<utils::IteratorType> iterators(3,
                                               utils::IteratorType::parallel);
    iterators.append(1 + rank, utils::IteratorType::reduction);
    iterators.append(rank, utils::IteratorType::parallel);
    Value input = adaptor.getInput();
    // A dummy operand of C/group elements gives the channel loop its
    // extent (the weight reads it through g * C/group + c).
    Value channels = rewriter.create<tensor::EmptyOp>(
        loc, ArrayRef<int64_t>{perGroupIn}, element);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{groupedType}, ValueRange{adaptor.getWeight(), channels},
        ValueRange{init},
        ArrayRef<AffineMap>{AffineMap::get(numDims, 0, wExprs, ctx),
                            AffineMap::get(numDims, 0, d(3)),
                            AffineMap::get(numDims, 0, outExprs, ctx)},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          auto cst = [&](int64_t v) -> Value {
            return b.create<arith::ConstantIndexOp>(l, v);
          };
          Value valid = b.create<arith::ConstantIntOp>(l, 1, 1);
          Value channel = b.create<arith::AddIOp>(
              l,
              b.create<arith::MulIOp>(l, b.create<linalg::IndexOp>(l, 1),
                                      cst(perGroupIn)),
              b.create<linalg::IndexOp>(l, 3));
          SmallVector<Value> coords{b.create<linalg::IndexOp>(l, 0), channel};
          for (int64_t i = 0; i < rank; ++i) {
            Value o = b.create<linalg::IndexOp>(l, 4 + rank + i);
            Value k = b.create<linalg::IndexOp>(l, 4 + i);
            Value pos = b.create<arith::SubIOp>(
                l, b.create<arith::AddIOp>(l, o, cst(pads[i])),
                b.create<arith::MulIOp>(l, k, cst(dilations[i])));
            Value in = b.create<arith::FloorDivSIOp>(l, pos, cst(strides[i]));
            Value exact = b.create<arith::CmpIOp>(
                l, arith::CmpIPredicate::eq,
                b.create<arith::MulIOp>(l, in, cst(strides[i])), pos);
            Value inside = b.create<arith::AndIOp>(
                l,
                b.create<arith::CmpIOp>(l, arith::CmpIPredicate::sge, in,
                                        cst(0)),
                b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, in,
                                        cst(inputType.getDimSize(2 + i))));
            valid = b.create<arith::AndIOp>(
                l, valid, b.create<arith::AndIOp>(l, exact, inside));
            // A clamped index keeps the load in bounds; valid masks it.
            in = b.create<arith::MaxSIOp>(l, in, cst(0));
            in = b.create<arith::MinSIOp>(l, in,
                                          cst(inputType.getDimSize(2 + i) - 1));
            coords.push_back(in);
          }
          Value x = b.create<tensor::ExtractOp>(l, input, coords);
          Value prod = b.create<arith::MulFOp>(l, x, args[0]);
          Value sum = b.create<arith::AddFOp>(l, args[2], prod);
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::SelectOp>(l, valid, sum, args[2])});
        });
    rewriter.replaceOp(op,
                       ungroup(rewriter, loc, generic.getResult(0), resultType));
    return success();
  }
};

/// Shared window reduction of MaxPool and AveragePool: returns the reduced
/// tensor (max or sum) over the padded input.
template <typename PoolOp>
FailureOr<Value> buildWindowReduction(PoolOp op, Value input, bool isMax,
                                      ConversionPatternRewriter &rewriter) {
  Location loc = op.getLoc();
  auto resultType = convertTensorType(op->getResult(0).getType());
  auto inputType = cast<RankedTensorType>(input.getType());
  if (!resultType.hasStaticShape() || !inputType.hasStaticShape()) {
    (void)unsupported(op, "dynamic shapes are not supported yet");
    return failure();
  }
  Type element = resultType.getElementType();
  bool isUnsigned =
      cast<RankedTensorType>(op.getInput().getType()).getElementType()
          .isUnsignedInteger();
  int64_t rank = inputType.getRank() - 2;
  ArrayRef<int64_t> kernel = op.getKernelShape();
  ArrayRef<int64_t> pads = op.getPads();
  ArrayRef<int64_t> strides = op.getStrides();
  ArrayRef<int64_t> dilations = op.getDilations();

  Value padValue =
      isMax ? (isUnsigned ? scalarConstant(rewriter, loc, element, 0)
                          : lowestValue(rewriter, loc, element))
            : scalarConstant(rewriter, loc, element, 0.0);
  SmallVector<int64_t> high =
      fitEndPads(inputType.getShape(), resultType.getShape(), kernel, pads,
                 strides, dilations);
  Value x = padSpatial(rewriter, loc, input, pads.take_front(rank), high,
                       padValue);

  MLIRContext *ctx = rewriter.getContext();
  int64_t numDims = 2 + 2 * rank;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> xExprs{d(0), d(1)}, outExprs{d(0), d(1)};
  for (int64_t i = 0; i < rank; ++i) {
    xExprs.push_back(d(2 + i) * strides[i] + d(2 + rank + i) * dilations[i]);
    outExprs.push_back(d(2 + i));
  }
  // The window offsets are iterated through a dummy operand of the kernel's
  // shape, which gives the reduction dimensions their extent.
  SmallVector<AffineExpr> kExprs;
  for (int64_t i = 0; i < rank; ++i)
    kExprs.push_back(d(2 + rank + i));
  Value window = rewriter.create<tensor::EmptyOp>(loc, kernel, element);
  Value init = createFilled(rewriter, loc, resultType, padValue);
  SmallVector<utils::IteratorType> iterators(2 + rank,
                                             utils::IteratorType::parallel);
  iterators.append(rank, utils::IteratorType::reduction);
  SmallVector<AffineMap> maps{AffineMap::get(numDims, 0, xExprs, ctx),
                              AffineMap::get(numDims, 0, kExprs, ctx),
                              AffineMap::get(numDims, 0, outExprs, ctx)};
  bool isFloat = isa<FloatType>(element);
  auto pool = rewriter.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, ValueRange{x, window}, ValueRange{init},
      maps, iterators, [&](OpBuilder &b, Location l, ValueRange args) {
        Value r;
        if (!isMax)
          r = isFloat ? b.create<arith::AddFOp>(l, args[2], args[0]).getResult()
                      : b.create<arith::AddIOp>(l, args[2], args[0]).getResult();
        else if (isFloat)
          r = b.create<arith::MaximumFOp>(l, args[2], args[0]);
        else if (isUnsigned)
          r = b.create<arith::MaxUIOp>(l, args[2], args[0]);
        else
          r = b.create<arith::MaxSIOp>(l, args[2], args[0]);
        b.create<linalg::YieldOp>(l, r);
      });
  return pool.getResult(0);
}

/// MaxPool with its Indices result: one generic computes the maximum and
/// the row-major index of its position in the (unpadded) input.
FailureOr<std::pair<Value, Value>>
buildMaxPoolWithIndices(MaxPoolOp op, Value input,
                        ConversionPatternRewriter &rewriter) {
  Location loc = op.getLoc();
  auto resultType = convertTensorType(op.getOutput().getType());
  auto indicesType = convertTensorType(op.getIndices().getType());
  auto inputType = cast<RankedTensorType>(input.getType());
  if (!resultType.hasStaticShape() || !inputType.hasStaticShape()) {
    (void)unsupported(op, "dynamic shapes are not supported yet");
    return failure();
  }
  Type element = resultType.getElementType();
  if (!isa<FloatType>(element)) {
    (void)unsupported(op, "Indices need a floating-point input");
    return failure();
  }
  int64_t rank = inputType.getRank() - 2;
  ArrayRef<int64_t> kernel = op.getKernelShape();
  ArrayRef<int64_t> pads = op.getPads();
  ArrayRef<int64_t> strides = op.getStrides();
  ArrayRef<int64_t> dilations = op.getDilations();
  Value lowest = lowestValue(rewriter, loc, element);
  SmallVector<int64_t> high =
      fitEndPads(inputType.getShape(), resultType.getShape(), kernel, pads,
                 strides, dilations);
  Value x = padSpatial(rewriter, loc, input, pads.take_front(rank), high,
                       lowest);
  MLIRContext *ctx = rewriter.getContext();
  int64_t numDims = 2 + 2 * rank;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> xExprs{d(0), d(1)}, outExprs{d(0), d(1)}, kExprs;
  for (int64_t i = 0; i < rank; ++i) {
    xExprs.push_back(d(2 + i) * strides[i] + d(2 + rank + i) * dilations[i]);
    outExprs.push_back(d(2 + i));
    kExprs.push_back(d(2 + rank + i));
  }
  Value window = rewriter.create<tensor::EmptyOp>(loc, kernel, element);
  Value valueInit = createFilled(rewriter, loc, resultType, lowest);
  Value indexInit = createFilled(
      rewriter, loc, indicesType,
      scalarConstant(rewriter, loc, rewriter.getI64Type(), 0));
  SmallVector<utils::IteratorType> iterators(2 + rank,
                                             utils::IteratorType::parallel);
  iterators.append(rank, utils::IteratorType::reduction);
  AffineMap outMap = AffineMap::get(numDims, 0, outExprs, ctx);
  SmallVector<AffineMap> maps{AffineMap::get(numDims, 0, xExprs, ctx),
                              AffineMap::get(numDims, 0, kExprs, ctx), outMap,
                              outMap};
  auto pool = rewriter.create<linalg::GenericOp>(
      loc, TypeRange{resultType, indicesType}, ValueRange{x, window},
      ValueRange{valueInit, indexInit}, maps, iterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        // Row-major index in the input of the window position.
        auto index = [&](int64_t dim) -> Value {
          return b.create<arith::IndexCastOp>(
              l, b.getI64Type(), b.create<linalg::IndexOp>(l, dim));
        };
        auto c64 = [&](int64_t v) -> Value {
          return b.create<arith::ConstantOp>(l, b.getI64IntegerAttr(v));
        };
        Value channel = b.create<arith::AddIOp>(
            l,
            b.create<arith::MulIOp>(l, index(0),
                                    c64(inputType.getDimSize(1))),
            index(1));
        // Spatial offset: row-major, or column-major for storage_order 1.
        Value spatial = c64(0);
        int64_t spatialSize = 1;
        bool columnMajor = op.getStorageOrder() == 1;
        for (int64_t j = 0; j < rank; ++j) {
          int64_t i = columnMajor ? rank - 1 - j : j;
          Value pos = b.create<arith::AddIOp>(
              l, b.create<arith::MulIOp>(l, index(2 + i), c64(strides[i])),
              b.create<arith::MulIOp>(l, index(2 + rank + i),
                                      c64(dilations[i])));
          pos = b.create<arith::SubIOp>(l, pos, c64(pads[i]));
          int64_t size = inputType.getDimSize(2 + i);
          spatial = b.create<arith::AddIOp>(
              l, b.create<arith::MulIOp>(l, spatial, c64(size)), pos);
          spatialSize *= size;
        }
        Value flat = b.create<arith::AddIOp>(
            l, b.create<arith::MulIOp>(l, channel, c64(spatialSize)),
            spatial);
        Value better = b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OGT,
                                               args[0], args[2]);
        b.create<linalg::YieldOp>(
            l, ValueRange{b.create<arith::SelectOp>(l, better, args[0], args[2]),
                          b.create<arith::SelectOp>(l, better, flat, args[3])});
      });
  return std::make_pair(pool.getResult(0), pool.getResult(1));
}

struct MaxPoolLowering : public OpConversionPattern<MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getIndices()) {
      FailureOr<std::pair<Value, Value>> results =
          buildMaxPoolWithIndices(op, adaptor.getInput(), rewriter);
      if (failed(results))
        return failure();
      rewriter.replaceOp(op, {results->first, results->second});
      return success();
    }
    FailureOr<Value> result =
        buildWindowReduction(op, adaptor.getInput(), /*isMax=*/true, rewriter);
    if (failed(result))
      return failure();
    rewriter.replaceOp(op, *result);
    return success();
  }
};

/// MaxUnpool: a loop nest over the input, in row-major order, that writes
/// each element into a zero result (loop-carried) at the position its index
/// gives in the unpooled shape, which lies at the start of the result.
/// Indices outside the unpooled tensor are skipped.
struct MaxUnpoolLowering : public OpConversionPattern<MaxUnpoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxUnpoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), indices = adaptor.getIndices();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto type = convertTensorType(op.getType());
    if (!inputType.hasStaticShape() || !type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    SmallVector<int64_t> unpooled(inputType.getShape().take_front(2));
    llvm::append_range(unpooled, op.getUnpooledSpatialShape());
    int64_t total = 1;
    for (int64_t d : unpooled)
      total *= d;
    Value zero = scalarConstant(rewriter, loc, type.getElementType(), 0.0);
    Value result = createFilled(rewriter, loc, type, zero);
    auto idx = [&](OpBuilder &b, Location l, int64_t v) -> Value {
      return b.create<arith::ConstantIndexOp>(l, v);
    };
    SmallVector<Value> lbs, ubs, steps;
    for (int64_t d : inputType.getShape()) {
      lbs.push_back(idx(rewriter, loc, 0));
      ubs.push_back(idx(rewriter, loc, d));
      steps.push_back(idx(rewriter, loc, 1));
    }
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{result},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange args) -> scf::ValueVector {
          Value flat = b.create<arith::IndexCastOp>(
              l, b.getIndexType(),
              b.create<tensor::ExtractOp>(l, indices, ivs));
          Value inRange = b.create<arith::AndIOp>(
              l,
              b.create<arith::CmpIOp>(l, arith::CmpIPredicate::sge, flat,
                                      idx(b, l, 0)),
              b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, flat,
                                      idx(b, l, total)));
          auto write = b.create<scf::IfOp>(
              l, inRange,
              [&](OpBuilder &b, Location l) {
                // Row-major coordinates of FLAT in the unpooled shape.
                SmallVector<Value> coords(unpooled.size());
                Value rest = flat;
                for (int64_t i = unpooled.size() - 1; i >= 0; --i) {
                  Value size = idx(b, l, unpooled[i]);
                  coords[i] = b.create<arith::RemUIOp>(l, rest, size);
                  rest = b.create<arith::DivUIOp>(l, rest, size);
                }
                Value v = b.create<tensor::ExtractOp>(l, input, ivs);
                b.create<scf::YieldOp>(l, ValueRange{b.create<tensor::InsertOp>(
                                              l, v, args[0], coords)});
              },
              [&](OpBuilder &b, Location l) {
                b.create<scf::YieldOp>(l, args[0]);
              });
          return {write.getResult(0)};
        });
    rewriter.replaceOp(op, nest.results.front());
    return success();
  }
};

struct AveragePoolLowering : public OpConversionPattern<AveragePoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AveragePoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertTensorType(op.getType());
    if (!isa<FloatType>(resultType.getElementType()))
      return unsupported(op, "only floating-point averages are supported");
    FailureOr<Value> sum = buildWindowReduction(op, adaptor.getInput(),
                                                /*isMax=*/false, rewriter);
    if (failed(sum))
      return failure();

    // The divisor of every output position, known at compile time: the
    // window positions inside the input (plus its pads with
    // count_include_pad), never those past it that ceil_mode adds.
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    int64_t rank = inputType.getRank() - 2;
    ArrayRef<int64_t> kernel = op.getKernelShape();
    ArrayRef<int64_t> pads = op.getPads();
    SmallVector<SmallVector<double>> perAxis;
    for (int64_t i = 0; i < rank; ++i) {
      int64_t in = inputType.getDimSize(i + 2);
      int64_t lo = op.getCountIncludePad() ? -pads[i] : 0;
      int64_t hi = op.getCountIncludePad() ? in + pads[i + rank] : in;
      SmallVector<double> counts;
      for (int64_t o = 0; o < resultType.getDimSize(i + 2); ++o) {
        int64_t count = 0;
        for (int64_t k = 0; k < kernel[i]; ++k) {
          int64_t p = o * op.getStrides()[i] + k * op.getDilations()[i] -
                      pads[i];
          count += p >= lo && p < hi;
        }
        counts.push_back(std::max<int64_t>(count, 1));
      }
      perAxis.push_back(counts);
    }
    SmallVector<int64_t> divisorShape(2, 1);
    llvm::append_range(divisorShape, resultType.getShape().drop_front(2));
    auto divisorType =
        RankedTensorType::get(divisorShape, resultType.getElementType());
    SmallVector<APFloat> divisors;
    auto floatType = cast<FloatType>(resultType.getElementType());
    int64_t total = divisorType.getNumElements();
    for (int64_t linear = 0; linear < total; ++linear) {
      double value = 1;
      int64_t rem = linear;
      for (int64_t i = rank - 1; i >= 0; --i) {
        int64_t size = divisorShape[i + 2];
        value *= perAxis[i][rem % size];
        rem /= size;
      }
      APFloat f(value);
      bool lost;
      f.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &lost);
      divisors.push_back(f);
    }
    Location loc = op.getLoc();
    Value divisor = rewriter.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(divisorType, divisors));
    Value result = buildElementwise(
        rewriter, loc, resultType, ValueRange{*sum, divisor},
        [](OpBuilder &b, Location l, ValueRange args) {
          return b.create<arith::DivFOp>(l, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// GlobalAveragePool and GlobalMaxPool: a reduction over the spatial axes.
template <typename Op, bool isMax>
struct GlobalPoolLowering : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    if (!inputType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    Type element = resultType.getElementType();
    int64_t rank = inputType.getRank();
    auto reducedType = RankedTensorType::get(
        {inputType.getDimSize(0), inputType.getDimSize(1)}, element);
    Value initValue = isMax ? lowestValue(rewriter, loc, element)
                            : scalarConstant(rewriter, loc, element, 0.0);
    Value init = createFilled(rewriter, loc, reducedType, initValue);
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<utils::IteratorType> iterators(2,
                                               utils::IteratorType::parallel);
    iterators.append(rank - 2, utils::IteratorType::reduction);
    SmallVector<AffineMap> maps{
        rewriter.getMultiDimIdentityMap(rank),
        AffineMap::get(rank, 0,
                       {getAffineDimExpr(0, ctx), getAffineDimExpr(1, ctx)},
                       ctx)};
    auto reduce = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{reducedType}, ValueRange{adaptor.getInput()},
        ValueRange{init}, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          Value r = isMax ? b.create<arith::MaximumFOp>(l, args[1], args[0])
                                .getResult()
                          : b.create<arith::AddFOp>(l, args[1], args[0])
                                .getResult();
          b.create<linalg::YieldOp>(l, r);
        });
    Value result = reduce.getResult(0);
    if (!isMax) {
      int64_t count = inputType.getNumElements() /
                      (inputType.getDimSize(0) * inputType.getDimSize(1));
      Value divisor =
          scalarConstant(rewriter, loc, element, static_cast<double>(count));
      result = buildElementwise(rewriter, loc, reducedType, result,
                                [&](OpBuilder &b, Location l, ValueRange args) {
                                  return b.create<arith::DivFOp>(l, args[0],
                                                                 divisor);
                                });
    }
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, result, resultType));
    return success();
  }
};

struct BatchNormalizationLowering
    : public OpConversionPattern<BatchNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    if (!resultType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    Type element = resultType.getElementType();
    // Per-channel vectors broadcast along axis 1.
    SmallVector<int64_t> channelShape{resultType.getDimSize(1)};
    channelShape.append(resultType.getRank() - 2, 1);
    auto channelType = RankedTensorType::get(channelShape, element);
    SmallVector<Value> inputs{adaptor.getInput()};
    for (Value v : {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                    adaptor.getVariance()})
      inputs.push_back(reshapeTensor(rewriter, loc, v, channelType));
    float epsilon = op.getEpsilon().convertToFloat();
    Value result = buildElementwise(
        rewriter, loc, resultType, inputs,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value eps = scalarConstant(b, l, element, epsilon);
          Value stddev = b.create<math::SqrtOp>(
              l, b.create<arith::AddFOp>(l, args[4], eps));
          Value centered = b.create<arith::SubFOp>(l, args[0], args[3]);
          Value scaled = b.create<arith::MulFOp>(
              l, b.create<arith::DivFOp>(l, centered, stddev), args[1]);
          return b.create<arith::AddFOp>(l, scaled, args[2]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void lowering::populateConvPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns) {
  patterns.add<
      ConvLowering, ConvTransposeLowering, MaxPoolLowering, MaxUnpoolLowering,
      AveragePoolLowering, GlobalPoolLowering<GlobalAveragePoolOp, false>,
      GlobalPoolLowering<GlobalMaxPoolOp, true>, BatchNormalizationLowering>(
      converter, patterns.getContext());
}
