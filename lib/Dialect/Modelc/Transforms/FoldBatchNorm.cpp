//===- FoldBatchNorm.cpp - BatchNormalization into its producer -*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "BatchNormAffine.h"
#include "ChannelAffine.h"

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

/// batch_normalization(producer(...)) -> producer'(...), where the
/// normalized axis (1) is the producer's output-channel axis.
struct FoldIntoProducer : public OpRewritePattern<BatchNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormalizationOp bn,
                                PatternRewriter &rewriter) const override {
    Operation *producer = bn.getInput().getDefiningOp();
    std::optional<OutputChannels> channels =
        getFoldableOutputChannels(producer);
    if (!channels || channels->axis != 1)
      return failure();
    std::optional<BatchNormAffine> affine =
        getConstantAffine(bn, channels->count);
    if (!affine)
      return failure();
    return foldChannelAffine(rewriter, bn, producer, affine->scale,
                             affine->shift);
  }
};

struct FoldBatchNormPass
    : public modelc::impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoProducer>(&getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
