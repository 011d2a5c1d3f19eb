//===- FoldBatchNorm.cpp - BatchNormalization into Conv ---------*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "BatchNormAffine.h"

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"


namespace mlir::modelc {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

struct FoldIntoConv : public OpRewritePattern<BatchNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormalizationOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<ConvOp>();
    if (!conv || !conv->hasOneUse() || conv.getChannelsLast() ||
        conv.getActivation() != ActivationKind::none)
      return failure();
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    if (!weightType.hasStaticShape())
      return failure();
    int64_t filters = weightType.getDimSize(0);
    std::optional<SmallVector<double>> weight =
        constantFloatValues(conv.getWeight());
    std::optional<BatchNormAffine> affine = getConstantAffine(bn, filters);
    std::optional<SmallVector<double>> bias;
    if (conv.getBias()) {
      bias = constantFloatValues(conv.getBias());
      if (!bias || static_cast<int64_t>(bias->size()) != filters)
        return failure();
    }
    if (!weight || !affine)
      return failure();

    // W' = W * s, b' = b * s + shift.
    int64_t perFilterWeights = weightType.getNumElements() / filters;
    SmallVector<double> newWeight(*weight), newBias(filters);
    for (int64_t m = 0; m < filters; ++m) {
      double s = affine->scale[m];
      for (int64_t i = 0; i < perFilterWeights; ++i)
        newWeight[m * perFilterWeights + i] *= s;
      newBias[m] = (bias ? (*bias)[m] : 0.0) * s + affine->shift[m];
    }
    Location loc = bn.getLoc();
    Value w = createFloatConstant(rewriter, loc, weightType, newWeight);
    Value b = createFloatConstant(
        rewriter, loc,
        RankedTensorType::get({filters}, weightType.getElementType()),
        newBias);
    auto folded = cast<ConvOp>(rewriter.clone(*conv));
    folded->setLoc(rewriter.getFusedLoc({conv.getLoc(), loc}));
    folded.getWeightMutable().assign(w);
    if (conv.getBias())
      folded.getBiasMutable().assign(b);
    else
      folded.getBiasMutable().append(b);
    folded.getOutput().setType(bn.getType());
    rewriter.replaceOp(bn, folded.getOutput());
    rewriter.eraseOp(conv);
    return success();
  }
};

struct FoldBatchNormPass
    : public modelc::impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv>(&getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
