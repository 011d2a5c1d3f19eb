//===- MatMul.cpp - Gemm and MatMul to linalg -------------------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

void lowering::multiplyAccumulate(OpBuilder &b, Location l, ValueRange args) {
  Value r;
  // `contract` lets LLVM fuse the pair into an FMA where the target has one.
  auto contract = arith::FastMathFlags::contract;
  if (isa<FloatType>(args[2].getType()))
    r = b.create<arith::AddFOp>(
        l, args[2], b.create<arith::MulFOp>(l, args[0], args[1], contract),
        contract);
  else
    r = b.create<arith::AddIOp>(l, args[2],
                                b.create<arith::MulIOp>(l, args[0], args[1]));
  b.create<linalg::YieldOp>(l, r);
}

namespace {

struct GemmLowering : public OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    Type element = resultType.getElementType();
    MLIRContext *ctx = rewriter.getContext();
    // Loop order m, k, n: the innermost loop runs along a row of B and of
    // the result, which vectorizes without reassociating the sum.
    AffineExpr m = getAffineDimExpr(0, ctx), k = getAffineDimExpr(1, ctx),
               n = getAffineDimExpr(2, ctx);
    Value b = adaptor.getB();
    bool transB = op.getTransB();
    // A constant transposed B (a Linear layer's weight) is transposed at
    // compile time, so that its rows are contiguous too.
    DenseElementsAttr bValue;
    if (transB && matchPattern(b, m_Constant(&bValue)) &&
        bValue.getType().hasStaticShape() && !bValue.isSplat()) {
      b = rewriter.create<arith::ConstantOp>(loc,
                                             permuteConstant(bValue, {1, 0}));
      transB = false;
    }
    AffineMap aMap = AffineMap::get(3, 0, op.getTransA()
                                              ? ArrayRef<AffineExpr>{k, m}
                                              : ArrayRef<AffineExpr>{m, k},
                                    ctx);
    AffineMap bMap = AffineMap::get(3, 0, transB
                                              ? ArrayRef<AffineExpr>{n, k}
                                              : ArrayRef<AffineExpr>{k, n},
                                    ctx);
    AffineMap outMap = AffineMap::get(3, 0, {m, n}, ctx);
    Value zero = scalarConstant(rewriter, loc, element, 0.0);
    SmallVector<Value> sizes;
    if (resultType.isDynamicDim(0))
      sizes.push_back(rewriter.create<tensor::DimOp>(
          loc, adaptor.getA(), op.getTransA() ? 1 : 0));
    if (resultType.isDynamicDim(1))
      sizes.push_back(
          rewriter.create<tensor::DimOp>(loc, b, transB ? 0 : 1));
    Value init = createFilled(rewriter, loc, resultType, zero, sizes);
    auto product = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{resultType}, ValueRange{adaptor.getA(), b},
        ValueRange{init}, ArrayRef<AffineMap>{aMap, bMap, outMap},
        ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                      utils::IteratorType::reduction,
                                      utils::IteratorType::parallel},
        multiplyAccumulate);
    Value result = product.getResult(0);

    // alpha * AB + beta * C, then the fused activation, in one pass.
    float alpha = op.getAlpha().convertToFloat();
    float beta = op.getBeta().convertToFloat();
    Value c = adaptor.getC();
    bool isFloat = isa<FloatType>(element);
    if (alpha != 1.0f || (c && beta != 0.0f) ||
        op.getActivation() != ActivationKind::none) {
      SmallVector<Value> inputs{result};
      if (c && beta != 0.0f)
        inputs.push_back(c);
      result = buildElementwise(
          rewriter, loc, resultType, inputs,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value v = args[0];
            auto mul = [&](Value x, float f) -> Value {
              if (f == 1.0f)
                return x;
              Value s = scalarConstant(b, l, element, f);
              return isFloat ? b.create<arith::MulFOp>(l, x, s).getResult()
                             : b.create<arith::MulIOp>(l, x, s).getResult();
            };
            v = mul(v, alpha);
            if (args.size() > 1) {
              Value cv = mul(args[1], beta);
              v = isFloat ? b.create<arith::AddFOp>(l, v, cv).getResult()
                          : b.create<arith::AddIOp>(l, v, cv).getResult();
            }
            return scalarActivation(b, l, v, op.getActivation(),
                                    op.getActivationAlpha().convertToFloat(),
                                    op.getActivationBeta().convertToFloat());
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// numpy matmul: batch dimensions broadcast; a 1-D lhs is a row vector and
/// a 1-D rhs a column vector, whose unit dimension is then dropped.
struct MatMulLowering : public OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Quantized.cpp's.
    if (isQuantizedTensor(op.getType()))
      return failure();
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    auto aType = cast<RankedTensorType>(adaptor.getA().getType());
    auto bType = cast<RankedTensorType>(adaptor.getB().getType());
    Type element = resultType.getElementType();
    bool aVector = aType.getRank() == 1;
    bool bVector = bType.getRank() == 1;
    // Iteration dims: batch..., [m], k, [n]: with n innermost, the loop
    // runs along rows of B and of the result and vectorizes without
    // reassociating the sum.
    int64_t outRank = resultType.getRank();
    int64_t batchRank = outRank - (aVector ? 0 : 1) - (bVector ? 0 : 1);
    int64_t numDims = outRank + 1;
    MLIRContext *ctx = rewriter.getContext();
    int64_t mDim = batchRank;                     // valid if !aVector
    int64_t kDim = batchRank + (aVector ? 0 : 1);
    int64_t nDim = kDim + 1;                      // valid if !bVector
    // Result dimension i is iteration dim resultDim(i).
    auto resultDim = [&](int64_t i) { return i < kDim ? i : i + 1; };
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    AffineExpr k = d(kDim);

    auto operandMap = [&](RankedTensorType type, bool isLhs) {
      SmallVector<AffineExpr> exprs;
      if (type.getRank() == 1)
        return AffineMap::get(numDims, 0, {k}, ctx);
      int64_t operandBatch = type.getRank() - 2;
      for (int64_t i = 0; i < operandBatch; ++i) {
        int64_t r = batchRank - operandBatch + i;
        if (type.getDimSize(i) == 1 && resultType.getDimSize(r) != 1)
          exprs.push_back(getAffineConstantExpr(0, ctx));
        else
          exprs.push_back(d(resultDim(r)));
      }
      if (isLhs) {
        exprs.push_back(d(mDim));
        exprs.push_back(k);
      } else {
        exprs.push_back(k);
        exprs.push_back(d(nDim));
      }
      return AffineMap::get(numDims, 0, exprs, ctx);
    };
    SmallVector<AffineExpr> outExprs;
    for (int64_t i = 0; i < outRank; ++i)
      outExprs.push_back(d(resultDim(i)));
    SmallVector<AffineMap> maps{operandMap(aType, true),
                                operandMap(bType, false),
                                AffineMap::get(numDims, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(numDims,
                                               utils::IteratorType::parallel);
    iterators[kDim] = utils::IteratorType::reduction;
    Value zero = scalarConstant(rewriter, loc, element, 0.0);
    // Dynamic result dimensions: batch ones from whichever operand has them
    // dynamic (aligned at the batch's end), m from A, n from B.
    SmallVector<Value> sizes;
    for (int64_t r = 0; r < outRank; ++r) {
      if (!resultType.isDynamicDim(r))
        continue;
      int64_t iter = resultDim(r);
      if (!aVector && iter == mDim) {
        sizes.push_back(rewriter.create<tensor::DimOp>(
            loc, adaptor.getA(), aType.getRank() - 2));
        continue;
      }
      if (!bVector && iter == nDim) {
        sizes.push_back(rewriter.create<tensor::DimOp>(
            loc, adaptor.getB(), bType.getRank() - 1));
        continue;
      }
      Value size;
      for (auto [value, type] : {std::pair{adaptor.getA(), aType},
                                 std::pair{adaptor.getB(), bType}}) {
        int64_t i = r - (batchRank - (type.getRank() - 2));
        if (type.getRank() > 2 && i >= 0 && type.isDynamicDim(i)) {
          size = rewriter.create<tensor::DimOp>(loc, value, i);
          break;
        }
      }
      if (!size)
        return unsupported(op, "a dynamic batch dimension has no source");
      sizes.push_back(size);
    }
    Value init = createFilled(rewriter, loc, resultType, zero, sizes);
    auto product = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{resultType}, ValueRange{adaptor.getA(), adaptor.getB()},
        ValueRange{init}, maps, iterators, multiplyAccumulate);
    // The fused bias (along the last dimension) and residual, then the
    // activation, in one elementwise op.
    SmallVector<Value> addends;
    if (Value bias = adaptor.getBias())
      addends.push_back(bias);
    if (Value residual = adaptor.getResidual())
      addends.push_back(residual);
    Value result = addAndActivate(rewriter, loc, product.getResult(0), addends,
                                  op.getActivation(),
                                  op.getActivationAlpha().convertToFloat(),
                                  op.getActivationBeta().convertToFloat());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Einsum: one linalg.generic whose iteration dims are the ellipsis dims,
/// the output's labels, then the summed labels; each operand reads its
/// labels' dims (a repeated label reads a diagonal), broadcasting size-1
/// ellipsis dims.
struct EinsumLowering : public OpConversionPattern<EinsumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EinsumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    if (!resultType.hasStaticShape() ||
        llvm::any_of(adaptor.getInputs(), [](Value v) {
          return !cast<RankedTensorType>(v.getType()).hasStaticShape();
        }))
      return unsupported(op, "dynamic shapes are not supported yet");
    auto parsed = op.parseEquation();
    if (failed(parsed))
      return unsupported(op, "malformed equation");
    auto &[inputLabels, outputLabels] = *parsed;
    // Iteration dims: the output's labels first, then the summed ones.
    SmallVector<int64_t> dims(outputLabels);
    llvm::DenseMap<int64_t, int64_t> sizes;
    for (auto [labels, input] : llvm::zip(inputLabels, adaptor.getInputs())) {
      auto type = cast<RankedTensorType>(input.getType());
      for (auto [i, label] : llvm::enumerate(labels)) {
        int64_t size = type.getDimSize(i);
        int64_t &known = sizes[label];
        known = std::max(known, size);
        if (!llvm::is_contained(dims, label))
          dims.push_back(label);
      }
    }
    MLIRContext *ctx = rewriter.getContext();
    int64_t numDims = dims.size();
    auto dimOf = [&](int64_t label) {
      return getAffineDimExpr(llvm::find(dims, label) - dims.begin(), ctx);
    };
    SmallVector<AffineMap> maps;
    for (auto [labels, input] : llvm::zip(inputLabels, adaptor.getInputs())) {
      auto type = cast<RankedTensorType>(input.getType());
      SmallVector<AffineExpr> exprs;
      for (auto [i, label] : llvm::enumerate(labels))
        exprs.push_back(type.getDimSize(i) == 1 && sizes[label] != 1
                            ? getAffineConstantExpr(0, ctx)
                            : dimOf(label));
      maps.push_back(AffineMap::get(numDims, 0, exprs, ctx));
    }
    SmallVector<AffineExpr> outExprs;
    for (int64_t label : outputLabels)
      outExprs.push_back(dimOf(label));
    maps.push_back(AffineMap::get(numDims, 0, outExprs, ctx));
    SmallVector<utils::IteratorType> iterators(
        outputLabels.size(), utils::IteratorType::parallel);
    iterators.append(numDims - outputLabels.size(),
                     utils::IteratorType::reduction);
    Type element = resultType.getElementType();
    Value init = createFilled(rewriter, loc, resultType,
                              scalarConstant(rewriter, loc, element, 0.0));
    bool isFloat = isa<FloatType>(element);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{resultType}, adaptor.getInputs(), ValueRange{init},
        maps, iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value product = args[0];
          for (Value v : args.drop_front().drop_back())
            product = isFloat
                          ? b.create<arith::MulFOp>(l, product, v).getResult()
                          : b.create<arith::MulIOp>(l, product, v).getResult();
          Value sum =
              isFloat
                  ? b.create<arith::AddFOp>(l, args.back(), product).getResult()
                  : b.create<arith::AddIOp>(l, args.back(), product)
                        .getResult();
          b.create<linalg::YieldOp>(l, sum);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Det: per matrix, Gaussian elimination with partial pivoting on a copy
/// of the input (scf.for loops over tensors, updated in place after
/// bufferization); the determinant is the product of the pivots, negated
/// per row swap, and 0 when a column has no non-zero pivot.
struct DetLowering : public OpConversionPattern<DetOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto resultType = convertTensorType(op.getType());
    if (!inputType.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    int64_t rank = inputType.getRank();
    int64_t m = inputType.getDimSize(rank - 1);
    int64_t batch = resultType.getNumElements();
    Type element = inputType.getElementType();
    auto matricesType = RankedTensorType::get({batch, m, m}, element);
    Value matrices =
        reshapeTensor(rewriter, loc, adaptor.getInput(), matricesType);
    auto detsType = RankedTensorType::get({batch}, element);
    Value dets = createEmpty(rewriter, loc, detsType);

    OpBuilder &b = rewriter;
    auto cst = [&](int64_t v) -> Value {
      return b.create<arith::ConstantIndexOp>(loc, v);
    };
    Value c0 = cst(0), c1 = cst(1), cm = cst(m), cb = cst(batch);
    Value zero = scalarConstant(b, loc, element, 0.0);
    Value one = scalarConstant(b, loc, element, 1.0);
    auto batchLoop = b.create<scf::ForOp>(
        loc, c0, cb, c1, ValueRange{matrices, dets},
        [&](OpBuilder &b, Location l, Value n, ValueRange args) {
          auto at = [&](OpBuilder &b, Value a, Value i, Value j) -> Value {
            return b.create<tensor::ExtractOp>(l, a, ValueRange{n, i, j});
          };
          auto columnLoop = b.create<scf::ForOp>(
              l, c0, cm, c1, ValueRange{args[0], one},
              [&](OpBuilder &b, Location l, Value k, ValueRange kargs) {
                Value a = kargs[0];
                // The row with the largest |a[i][k]|, i >= k.
                auto search = b.create<scf::ForOp>(
                    l, k, cm, c1, ValueRange{k, zero},
                    [&](OpBuilder &b, Location l, Value i, ValueRange s) {
                      Value v = b.create<math::AbsFOp>(l, at(b, a, i, k));
                      Value better = b.create<arith::CmpFOp>(
                          l, arith::CmpFPredicate::OGT, v, s[1]);
                      b.create<scf::YieldOp>(
                          l, ValueRange{
                                 b.create<arith::SelectOp>(l, better, i, s[0]),
                                 b.create<arith::SelectOp>(l, better, v,
                                                           s[1])});
                    });
                Value p = search.getResult(0);
                // Swap rows p and k (a no-op when p == k).
                auto swap = b.create<scf::ForOp>(
                    l, c0, cm, c1, ValueRange{a},
                    [&](OpBuilder &b, Location l, Value j, ValueRange s) {
                      Value x = at(b, s[0], k, j), y = at(b, s[0], p, j);
                      Value t = b.create<tensor::InsertOp>(
                          l, y, s[0], ValueRange{n, k, j});
                      t = b.create<tensor::InsertOp>(l, x, t,
                                                     ValueRange{n, p, j});
                      b.create<scf::YieldOp>(l, t);
                    });
                a = swap.getResult(0);
                Value pivot = at(b, a, k, k);
                Value swapped = b.create<arith::CmpIOp>(
                    l, arith::CmpIPredicate::ne, p, k);
                Value det = b.create<arith::MulFOp>(l, kargs[1], pivot);
                det = b.create<arith::SelectOp>(
                    l, swapped, b.create<arith::NegFOp>(l, det), det);
                Value singular = b.create<arith::CmpFOp>(
                    l, arith::CmpFPredicate::OEQ, pivot, zero);
                // Eliminate below the pivot (nothing when it is zero).
                Value kNext = b.create<arith::AddIOp>(l, k, c1);
                auto rows = b.create<scf::ForOp>(
                    l, kNext, cm, c1, ValueRange{a},
                    [&](OpBuilder &b, Location l, Value i, ValueRange r) {
                      Value f = b.create<arith::DivFOp>(
                          l, at(b, r[0], i, k), pivot);
                      f = b.create<arith::SelectOp>(l, singular, zero, f);
                      auto cols = b.create<scf::ForOp>(
                          l, k, cm, c1, ValueRange{r[0]},
                          [&](OpBuilder &b, Location l, Value j,
                              ValueRange c) {
                            Value v = b.create<arith::SubFOp>(
                                l, at(b, c[0], i, j),
                                b.create<arith::MulFOp>(l, f,
                                                        at(b, c[0], k, j)));
                            b.create<scf::YieldOp>(
                                l, ValueRange{b.create<tensor::InsertOp>(
                                       l, v, c[0], ValueRange{n, i, j})});
                          });
                      b.create<scf::YieldOp>(l, cols.getResults());
                    });
                b.create<scf::YieldOp>(l, ValueRange{rows.getResult(0), det});
              });
          Value stored = b.create<tensor::InsertOp>(
              l, columnLoop.getResult(1), args[1], ValueRange{n});
          b.create<scf::YieldOp>(l, ValueRange{columnLoop.getResult(0), stored});
        });
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc,
                                         batchLoop.getResult(1), resultType));
    return success();
  }
};

} // namespace

void lowering::populateMatMulPatterns(TypeConverter &converter,
                                    RewritePatternSet &patterns) {
  patterns.add<GemmLowering, MatMulLowering, EinsumLowering, DetLowering>(
      converter, patterns.getContext());
}
