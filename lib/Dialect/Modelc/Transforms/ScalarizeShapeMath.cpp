//===- ScalarizeShapeMath.cpp - unroll tiny shape math ---------*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_SCALARIZESHAPEMATH
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;

namespace {

bool isSmallTensor(Type type, int64_t maxElements) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() &&
         tensor.getNumElements() <= maxElements &&
         tensor.getElementType().isIntOrIndexOrFloat();
}

/// Whether the float tensor V is built of constants and scalars: a
/// constant, an init, scalars (tensor.from_elements), or a concatenation
/// (insert_slice), slice or reshape of such.
bool isBuiltOfScalars(Value v) {
  if (matchPattern(v, m_Constant()))
    return true;
  Operation *def = v.getDefiningOp();
  if (isa_and_nonnull<tensor::FromElementsOp, tensor::EmptyOp>(def))
    return true;
  if (auto insert = dyn_cast_or_null<tensor::InsertSliceOp>(def))
    return isBuiltOfScalars(insert.getSource()) &&
           isBuiltOfScalars(insert.getDest());
  if (isa_and_nonnull<tensor::ExtractSliceOp, tensor::ExpandShapeOp,
                      tensor::CollapseShapeOp, tensor::CastOp>(def))
    return isBuiltOfScalars(def->getOperand(0));
  return false;
}

/// Whether the tiny tensor V belongs to shape math: an integer tensor, or
/// a float one built of constants and scalars that earlier unrolling gave
/// (shape arithmetic done in float: Cast, Mul by a scale, Floor, Cast
/// back). A float tensor computed from the model's data is not.
bool isShapeMathOperand(Value v, int64_t maxElements) {
  if (!isSmallTensor(v.getType(), maxElements))
    return false;
  if (cast<RankedTensorType>(v.getType()).getElementType().isIntOrIndex())
    return true;
  return isBuiltOfScalars(v);
}

/// The constant values of INDICES, if all are constants.
std::optional<SmallVector<int64_t>> constantIndices(ValueRange indices) {
  SmallVector<int64_t> values;
  for (Value v : indices) {
    APInt i;
    if (!matchPattern(v, m_ConstantInt(&i)))
      return std::nullopt;
    values.push_back(i.getSExtValue());
  }
  return values;
}

/// A parallel linalg.generic of shape math on tiny tensors becomes one copy of
/// its body per result element.
struct UnrollSmallGeneric : public OpRewritePattern<linalg::GenericOp> {
  UnrollSmallGeneric(MLIRContext *ctx, int64_t maxElements)
      : OpRewritePattern(ctx), maxElements(maxElements) {}

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
        op.getNumReductionLoops() != 0)
      return failure();
    for (Value v : op->getOperands())
      if (!isShapeMathOperand(v, maxElements))
        return failure();
    // A float generic of constants alone (a bias broadcast into a
    // convolution's init) is not shape math: its result stays a kernel's
    // operand that later passes tile and vectorize.
    auto isInteger = [](Value v) {
      return cast<RankedTensorType>(v.getType())
          .getElementType()
          .isIntOrIndex();
    };
    bool fromShapes = isInteger(op.getResult(0)) ||
                      llvm::any_of(op.getDpsInputs(), [&](Value v) {
                        return isInteger(v) || !matchPattern(v, m_Constant());
                      });
    if (!fromShapes)
      return failure();
    auto type = cast<RankedTensorType>(op.getResult(0).getType());
    if (type.getNumElements() == 0)
      return failure();
    Location loc = op.getLoc();
    Block &body = op.getRegion().front();
    auto yield = cast<linalg::YieldOp>(body.getTerminator());
    SmallVector<int64_t> loopSizes = op.getStaticLoopRanges();
    if (ShapedType::isDynamicShape(loopSizes))
      return failure();
    int64_t numLoops = loopSizes.size();
    int64_t total = computeProduct(loopSizes);
    SmallVector<int64_t> strides = computeStrides(loopSizes);
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    // The result's elements in row-major order; the output map is a
    // permutation here (checked below), so each iteration writes one.
    SmallVector<Value> elements(type.getNumElements());
    AffineMap outMap = maps.back();
    if (!outMap.isPermutation() && numLoops != 0)
      return failure();
    SmallVector<int64_t> outStrides = computeStrides(type.getShape());
    for (int64_t linear = 0; linear < total; ++linear) {
      SmallVector<int64_t> iv =
          numLoops ? delinearize(linear, strides) : SmallVector<int64_t>{};
      IRMapping mapping;
      for (auto [operand, arg, map] :
           llvm::zip(op->getOperands(), body.getArguments(), maps)) {
        SmallVector<Value> idx;
        for (int64_t c : map.compose(iv))
          idx.push_back(rewriter.create<arith::ConstantIndexOp>(loc, c));
        mapping.map(arg, rewriter.create<tensor::ExtractOp>(loc, operand, idx));
      }
      for (Operation &inner : body.without_terminator()) {
        if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
          mapping.map(index.getResult(),
                      rewriter.create<arith::ConstantIndexOp>(
                          loc, iv[index.getDim()]));
          continue;
        }
        rewriter.clone(inner, mapping);
      }
      SmallVector<int64_t> outIdx = outMap.compose(iv);
      int64_t flat = numLoops ? linearize(outIdx, outStrides) : 0;
      elements[flat] = mapping.lookup(yield.getOperand(0));
    }
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, type, elements);
    return success();
  }

  int64_t maxElements;
};

/// extract(insert_slice(src into dest)) at constant indices reads src
/// inside the slice and dest elsewhere.
struct ExtractFromInsertSlice : public OpRewritePattern<tensor::ExtractOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ExtractOp op,
                                PatternRewriter &rewriter) const override {
    auto insert = op.getTensor().getDefiningOp<tensor::InsertSliceOp>();
    if (!insert || !insert.hasUnitStride())
      return failure();
    std::optional<SmallVector<int64_t>> idx = constantIndices(op.getIndices());
    if (!idx)
      return failure();
    auto offsets = getConstantIntValues(insert.getMixedOffsets());
    auto sizes = getConstantIntValues(insert.getMixedSizes());
    if (!offsets || !sizes)
      return failure();
    auto sourceType = insert.getSourceType();
    if (sourceType.getRank() != static_cast<int64_t>(idx->size()))
      return failure(); // A rank-reducing insert.
    bool inside = true;
    SmallVector<Value> inner;
    for (auto [i, o, s] : llvm::zip(*idx, *offsets, *sizes)) {
      inside &= i >= o && i < o + s;
      inner.push_back(
          rewriter.create<arith::ConstantIndexOp>(op.getLoc(), i - o));
    }
    if (inside)
      rewriter.replaceOpWithNewOp<tensor::ExtractOp>(op, insert.getSource(),
                                                     inner);
    else
      rewriter.replaceOpWithNewOp<tensor::ExtractOp>(op, insert.getDest(),
                                                     op.getIndices());
    return success();
  }
};

/// extract(extract_slice(src)) at constant indices, with constant offsets
/// and strides, reads the element of src it views (Slice of a Shape).
struct ExtractFromExtractSlice : public OpRewritePattern<tensor::ExtractOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ExtractOp op,
                                PatternRewriter &rewriter) const override {
    auto slice = op.getTensor().getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice ||
        slice.getSourceType().getRank() != slice.getResultType().getRank())
      return failure(); // A rank-reducing slice.
    std::optional<SmallVector<int64_t>> idx = constantIndices(op.getIndices());
    auto offsets = getConstantIntValues(slice.getMixedOffsets());
    auto strides = getConstantIntValues(slice.getMixedStrides());
    if (!idx || !offsets || !strides)
      return failure();
    SmallVector<Value> inner;
    for (auto [i, o, s] : llvm::zip(*idx, *offsets, *strides))
      inner.push_back(
          rewriter.create<arith::ConstantIndexOp>(op.getLoc(), o + i * s));
    rewriter.replaceOpWithNewOp<tensor::ExtractOp>(op, slice.getSource(),
                                                   inner);
    return success();
  }
};

/// extract(expand_shape/collapse_shape(src)) at constant indices of a
/// static tensor reads the same element of src.
template <typename ReshapeOp>
struct ExtractFromReshape : public OpRewritePattern<tensor::ExtractOp> {
  using OpRewritePattern<tensor::ExtractOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ExtractOp op,
                                PatternRewriter &rewriter) const override {
    auto reshape = op.getTensor().getDefiningOp<ReshapeOp>();
    if (!reshape)
      return failure();
    auto resultType = cast<RankedTensorType>(reshape.getResult().getType());
    auto sourceType = cast<RankedTensorType>(reshape.getSrc().getType());
    if (!resultType.hasStaticShape() || !sourceType.hasStaticShape())
      return failure();
    std::optional<SmallVector<int64_t>> idx = constantIndices(op.getIndices());
    if (!idx)
      return failure();
    int64_t flat = resultType.getRank()
                       ? linearize(*idx, computeStrides(resultType.getShape()))
                       : 0;
    SmallVector<int64_t> sourceIdx =
        sourceType.getRank()
            ? delinearize(flat, computeStrides(sourceType.getShape()))
            : SmallVector<int64_t>{};
    SmallVector<Value> values;
    for (int64_t i : sourceIdx)
      values.push_back(
          rewriter.create<arith::ConstantIndexOp>(op.getLoc(), i));
    rewriter.replaceOpWithNewOp<tensor::ExtractOp>(op, reshape.getSrc(),
                                                   values);
    return success();
  }
};

/// Whether VALUE has the run-time shape of TARGET: it is TARGET, a result
/// of a destination-style op (linalg, tensor.insert_slice) whose tied init
/// has it, a tensor.cast of such a value, or the result of an scf.for that
/// keeps the shape of an initial value that has it.
bool keepsShapeOf(Value value, Value target) {
  while (value != target) {
    auto result = dyn_cast<OpResult>(value);
    if (!result)
      return false;
    Operation *op = result.getOwner();
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(op)) {
      value = dps.getTiedOpOperand(result)->get();
    } else if (auto cast = dyn_cast<tensor::CastOp>(op)) {
      value = cast.getSource();
    } else if (auto forOp = dyn_cast<scf::ForOp>(op)) {
      unsigned i = result.getResultNumber();
      if (!keepsShapeOf(forOp.getYieldedValues()[i],
                        forOp.getRegionIterArgs()[i]))
        return false;
      value = forOp.getInitArgs()[i];
    } else {
      return false;
    }
  }
  return true;
}

/// The initial value of the loop-carried tensor VALUE (an iter_arg or a
/// result of a loop) when every iteration keeps its shape, else null.
Value shapeSource(Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    Operation *parent = arg.getOwner()->getParentOp();
    unsigned n = arg.getArgNumber();
    if (auto forOp = dyn_cast<scf::ForOp>(parent)) {
      if (n < forOp.getNumInductionVars())
        return {};
      unsigned i = n - forOp.getNumInductionVars();
      return keepsShapeOf(forOp.getYieldedValues()[i], arg)
                 ? forOp.getInitArgs()[i]
                 : Value();
    }
    if (auto whileOp = dyn_cast<scf::WhileOp>(parent)) {
      // Position N of the before and after regions, which the condition
      // forwards in order.
      scf::ConditionOp condition = whileOp.getConditionOp();
      Block &after = whileOp.getAfter().front();
      if (n >= condition.getArgs().size() ||
          condition.getArgs()[n] != whileOp.getBeforeArguments()[n] ||
          n >= after.getNumArguments() ||
          !keepsShapeOf(whileOp.getYieldOp().getResults()[n],
                        after.getArgument(n)))
        return {};
      return whileOp.getInits()[n];
    }
    return {};
  }
  auto result = cast<OpResult>(value);
  Operation *op = result.getOwner();
  unsigned i = result.getResultNumber();
  if (auto forOp = dyn_cast<scf::ForOp>(op))
    return shapeSource(forOp.getRegionIterArgs()[i]);
  if (auto whileOp = dyn_cast<scf::WhileOp>(op))
    return shapeSource(whileOp.getAfter().front().getArgument(i));
  return {};
}

/// tensor.dim of a loop-carried tensor is that of its initial value.
struct DimOfLoopCarried : public OpRewritePattern<tensor::DimOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::DimOp op,
                                PatternRewriter &rewriter) const override {
    Value source = op.getSource();
    if (!isa<scf::ForOp, scf::WhileOp>(
            isa<BlockArgument>(source)
                ? cast<BlockArgument>(source).getOwner()->getParentOp()
                : source.getDefiningOp()))
      return failure();
    Value init = shapeSource(source);
    if (!init)
      return failure();
    rewriter.modifyOpInPlace(op, [&] { op.getSourceMutable().assign(init); });
    return success();
  }
};

struct ScalarizeShapeMathPass
    : public modelc::impl::ScalarizeShapeMathBase<ScalarizeShapeMathPass> {
  using ScalarizeShapeMathBase::ScalarizeShapeMathBase;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<UnrollSmallGeneric>(ctx, maxElements);
    patterns.add<ExtractFromInsertSlice, ExtractFromExtractSlice,
                 ExtractFromReshape<tensor::ExpandShapeOp>,
                 ExtractFromReshape<tensor::CollapseShapeOp>>(ctx);
    tensor::ExtractOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::FromElementsOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::DimOp::getCanonicalizationPatterns(patterns, ctx);
    // The dimensions of loop-carried tensors are those of their initial
    // values.
    modelc::populateLoopShapePatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::modelc::populateLoopShapePatterns(RewritePatternSet &patterns) {
  patterns.add<DimOfLoopCarried>(patterns.getContext());
  scf::populateSCFForLoopCanonicalizationPatterns(patterns);
}
