//===- FuseElementwise.cpp - elementwise fusion, not into products ---===//
//
// Part of modelc. See dialects/Codegen/Passes.td for the pass description.
// The pattern sets are those of upstream's LinalgElementwiseOpFusionPass
// (MLIR 19), with modelc's control function.
//
//===----------------------------------------------------------------------===//

#include "modelc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "Codegen/Passes.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

struct FuseElementwisePass
    : public modelc::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    linalg::ControlFusionFn control = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      if (!producer || !producer->hasOneUse())
        return false;
      // A reshape does not move through an elementwise op that reads a
      // convolution's, product's or pool's result: that op is the root's
      // epilogue, computed on its accumulators only while it has the
      // root's shape (an int8 product's input split into groups of four
      // would otherwise make the requantization after a depthwise
      // convolution a loop of its own).
      if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
              fused->getOwner()))
        if (auto generic = dyn_cast<linalg::GenericOp>(producer))
          for (Value in : generic.getDpsInputs())
            if (auto root = in.getDefiningOp<linalg::LinalgOp>();
                root && !linalg::isElementwise(root))
              return false;
      auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
      return !consumer || (!linalg::isaContractionOpInterface(consumer) &&
                           !consumer->hasAttr(kInt8ProductAttr));
    };
    RewritePatternSet patterns(ctx);
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, control);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    ctx->getLoadedDialect<linalg::LinalgDialect>()->getCanonicalizationPatterns(
        patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, control);
    GreedyRewriteConfig config;
    config.useTopDownTraversal = true;
    (void)applyPatternsAndFoldGreedily(getOperation(), std::move(patterns),
                                       config);
  }
};

} // namespace
