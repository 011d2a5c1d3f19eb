//===- LowerVectors.cpp - vector ops to FMAs and 1-D transfers --*- C++ -*-===//
//
// Part of modelc. See dialects/Codegen/Passes.td for the pass description.
// Each set of patterns runs in its own greedy round: together (broadcast
// lowering with contraction and transfer lowering) they do not converge
// on convolutions (../shared/docs/cpu-codegen.md §7.5).
//
//===----------------------------------------------------------------------===//

#include "modelc/Codegen/Passes.h"

#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_CPULOWERVECTORS
#include "Codegen/Passes.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

/// Erases a copy of a buffer onto itself (memref.copy or linalg.copy),
/// which bufferization leaves where a tile was computed in place.
template <typename CopyOp>
struct EraseSelfCopy : public OpRewritePattern<CopyOp> {
  using OpRewritePattern<CopyOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(CopyOp op,
                                PatternRewriter &rewriter) const override {
    Value from, to;
    if constexpr (std::is_same_v<CopyOp, memref::CopyOp>) {
      from = op.getSource();
      to = op.getTarget();
    } else {
      if (!op.hasPureBufferSemantics())
        return failure();
      from = op.getDpsInputs()[0];
      to = op.getDpsInits()[0];
    }
    if (from != to)
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

struct CPULowerVectorsPass
    : public modelc::impl::CPULowerVectorsBase<CPULowerVectorsPass> {
  void runOnOperation() override {
    Operation *func = getOperation();
    MLIRContext *ctx = &getContext();
    auto round = [&](auto populate) {
      RewritePatternSet patterns(ctx);
      populate(patterns);
      (void)applyPatternsAndFoldGreedily(func, std::move(patterns));
    };
    round([&](RewritePatternSet &p) {
      p.add<EraseSelfCopy<memref::CopyOp>, EraseSelfCopy<linalg::CopyOp>>(ctx);
    });
    // Contractions to outer products to FMAs.
    round([&](RewritePatternSet &p) {
      vector::populateVectorContractLoweringPatterns(
          p, vector::VectorTransformsOptions().setVectorTransformsOptions(
                 vector::VectorContractLowering::OuterProduct));
      vector::populateVectorOuterProductLoweringPatterns(p);
    });
    // Transfers to 1-D loads and stores.
    round([&](RewritePatternSet &p) {
      vector::populateVectorTransferPermutationMapLoweringPatterns(p);
      vector::populateVectorTransferLoweringPatterns(p, /*maxTransferRank=*/1);
      vector::populateScalarVectorTransferLoweringPatterns(
          p, /*benefit=*/1, /*allowMultipleUses=*/true);
    });
    round([&](RewritePatternSet &p) {
      vector::populateVectorMultiReductionLoweringPatterns(
          p, vector::VectorMultiReductionLowering::InnerReduction);
      vector::populateVectorShapeCastLoweringPatterns(p);
    });
  }
};

} // namespace
