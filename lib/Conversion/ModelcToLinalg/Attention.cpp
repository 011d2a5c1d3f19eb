//===- Attention.cpp - modelc.attention to linalg --------------*- C++ -*-===//
//
// Part of modelc. Scaled dot-product attention as the linalg ops of its
// steps; the CPU code generation computes them together, a few rows of
// the scores per task (modelc-cpu-tile-and-vectorize).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "modelc/Codegen/Passes.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// attention(q, k, v, mask) with scores S = q k over loops (batch..., m, n):
///   S[.., m, n]  = sum_k q[.., m, k] * k[.., k, n]
///   X[.., m]     = max_n (scale * S + mask)
///   E[.., m, n]  = exp(scale * S + mask - X)
///   L[.., m]     = sum_n E
///   P[.., m, d]  = sum_n E[.., m, n] * v[.., n, d]    (kAttentionProductAttr)
///   out          = P / L
/// The division by the sums comes after the product by v: it then touches
/// the D columns of the result instead of the N columns of the scores.
struct AttentionLowering : public OpConversionPattern<AttentionOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AttentionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value q = adaptor.getQ(), k = adaptor.getK(), v = adaptor.getV();
    Value mask = adaptor.getMask();
    auto qType = cast<RankedTensorType>(q.getType());
    auto resultType = convertTensorType(op.getType());
    Type element = resultType.getElementType();
    int64_t rank = qType.getRank();
    int64_t batch = rank - 2;

    // The dimensions, checked at run time where only the run knows them.
    SmallVector<OpFoldResult> qDims = dimsOf(rewriter, loc, q);
    SmallVector<OpFoldResult> kDims = dimsOf(rewriter, loc, k);
    SmallVector<OpFoldResult> vDims = dimsOf(rewriter, loc, v);
    for (int64_t i = 0; i < batch; ++i) {
      checkSizeEquals(rewriter, loc,
                      getValueOrCreateConstantIndexOp(rewriter, loc, kDims[i]),
                      qDims[i],
                      "attention: k's batch dimension differs from q's");
      checkSizeEquals(rewriter, loc,
                      getValueOrCreateConstantIndexOp(rewriter, loc, vDims[i]),
                      qDims[i],
                      "attention: v's batch dimension differs from q's");
    }
    checkSizeEquals(
        rewriter, loc,
        getValueOrCreateConstantIndexOp(rewriter, loc, kDims[batch]),
        qDims[batch + 1], "attention: the rows of k differ from q's columns");
    checkSizeEquals(
        rewriter, loc,
        getValueOrCreateConstantIndexOp(rewriter, loc, vDims[batch]),
        kDims[batch + 1], "attention: the rows of v differ from k's columns");
    SmallVector<OpFoldResult> scoreDims(qDims.begin(), qDims.end() - 1);
    scoreDims.push_back(kDims[batch + 1]);
    SmallVector<OpFoldResult> rowDims(qDims.begin(), qDims.end() - 1);
    SmallVector<OpFoldResult> outDims(rowDims);
    outDims.push_back(vDims[batch + 1]);
    RankedTensorType scoreType = typeWithDims(scoreDims, element);
    RankedTensorType rowType = typeWithDims(rowDims, element);
    if (mask)
      checkBroadcastSizes(rewriter, loc, mask, scoreDims);

    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    // The batch loops, then the loops of TAIL (after the batch's).
    auto map = [&](int64_t numDims, ArrayRef<int64_t> tail) {
      SmallVector<AffineExpr> exprs;
      for (int64_t i = 0; i < batch; ++i)
        exprs.push_back(d(i));
      for (int64_t t : tail)
        exprs.push_back(d(batch + t));
      return AffineMap::get(numDims, 0, exprs, ctx);
    };
    auto iterators = [&](int64_t numDims, int64_t reduced) {
      SmallVector<utils::IteratorType> it(numDims,
                                          utils::IteratorType::parallel);
      it[batch + reduced] = utils::IteratorType::reduction;
      return it;
    };
    Value zero = scalarConstant(rewriter, loc, element, 0.0);

    // S: loops (batch..., m, k, n), n innermost as in MatMul's lowering.
    int64_t productDims = batch + 3;
    Value scores =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{scoreType}, ValueRange{q, k},
                ValueRange{createFilled(rewriter, loc, scoreType, zero,
                                        dynamicOnly(scoreType, scoreDims))},
                ArrayRef<AffineMap>{map(productDims, {0, 1}),
                                    map(productDims, {1, 2}),
                                    map(productDims, {0, 2})},
                iterators(productDims, 1), multiplyAccumulate)
            .getResult(0);

    // The logits over loops (batch..., m, n): scale * S + mask.
    int64_t rowLoops = batch + 2;
    float scale = op.getScale().convertToFloat();
    SmallVector<Value> logitInputs{scores};
    SmallVector<AffineMap> logitMaps{map(rowLoops, {0, 1})};
    if (mask) {
      logitInputs.push_back(mask);
      logitMaps.push_back(
          broadcastMap(ctx, cast<RankedTensorType>(mask.getType()).getShape(),
                       scoreType.getShape()));
    }
    auto logit = [scale, element, hasMask = bool(mask)](
                     OpBuilder &b, Location l, ValueRange args) -> Value {
      Value x = args[0];
      if (scale != 1.0f)
        x = b.create<arith::MulFOp>(
            l, x, scalarConstant(b, l, element, static_cast<double>(scale)));
      if (hasMask)
        x = b.create<arith::AddFOp>(l, x, args[1]);
      return x;
    };
    AffineMap rowMap = map(rowLoops, {0});
    unsigned numLogitInputs = logitInputs.size();

    // X: the maximum of each row.
    SmallVector<AffineMap> maxMaps(logitMaps);
    maxMaps.push_back(rowMap);
    Value maxima =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{rowType}, logitInputs,
                ValueRange{createFilled(rewriter, loc, rowType,
                                        lowestValue(rewriter, loc, element),
                                        dynamicOnly(rowType, rowDims))},
                maxMaps, iterators(rowLoops, 1),
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value x = logit(b, l, args.take_front(numLogitInputs));
                  b.create<linalg::YieldOp>(
                      l, ValueRange{
                             b.create<arith::MaximumFOp>(l, args.back(), x)});
                })
            .getResult(0);

    // E: the exponentials.
    SmallVector<Value> expInputs(logitInputs);
    expInputs.push_back(maxima);
    SmallVector<AffineMap> expMaps(logitMaps);
    expMaps.push_back(rowMap);
    expMaps.push_back(map(rowLoops, {0, 1}));
    SmallVector<utils::IteratorType> parallel(rowLoops,
                                              utils::IteratorType::parallel);
    Value exps =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{scoreType}, expInputs,
                ValueRange{createEmpty(rewriter, loc, scoreType,
                                       dynamicOnly(scoreType, scoreDims))},
                expMaps, parallel,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value x = logit(b, l, args.take_front(numLogitInputs));
                  Value shifted =
                      b.create<arith::SubFOp>(l, x, args[numLogitInputs]);
                  b.create<linalg::YieldOp>(
                      l, ValueRange{b.create<math::ExpOp>(l, shifted)});
                })
            .getResult(0);

    // L: the sums of the rows.
    Value sums =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{rowType}, ValueRange{exps},
                ValueRange{createFilled(rewriter, loc, rowType, zero,
                                        dynamicOnly(rowType, rowDims))},
                ArrayRef<AffineMap>{map(rowLoops, {0, 1}), rowMap},
                iterators(rowLoops, 1),
                [](OpBuilder &b, Location l, ValueRange args) {
                  b.create<linalg::YieldOp>(
                      l,
                      ValueRange{b.create<arith::AddFOp>(l, args[1], args[0])});
                })
            .getResult(0);

    // P: the exponentials times v, loops (batch..., m, n, d).
    RankedTensorType outType = typeWithDims(outDims, element);
    auto product = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{outType}, ValueRange{exps, v},
        ValueRange{createFilled(rewriter, loc, outType, zero,
                                dynamicOnly(outType, outDims))},
        ArrayRef<AffineMap>{map(productDims, {0, 1}), map(productDims, {1, 2}),
                            map(productDims, {0, 2})},
        iterators(productDims, 1), multiplyAccumulate);
    product->setAttr(kAttentionProductAttr, rewriter.getUnitAttr());

    // The result: P divided by the sums.
    SmallVector<AffineMap> divMaps{map(rowLoops, {0, 1}), rowMap,
                                   map(rowLoops, {0, 1})};
    Value result =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{outType}, ValueRange{product.getResult(0), sums},
                ValueRange{createEmpty(rewriter, loc, outType,
                                       dynamicOnly(outType, outDims))},
                divMaps, parallel,
                [](OpBuilder &b, Location l, ValueRange args) {
                  b.create<linalg::YieldOp>(
                      l,
                      ValueRange{b.create<arith::DivFOp>(l, args[0], args[1])});
                })
            .getResult(0);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, resultType));
    return success();
  }
};

} // namespace

void lowering::populateAttentionPatterns(TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<AttentionLowering>(converter, patterns.getContext());
}
