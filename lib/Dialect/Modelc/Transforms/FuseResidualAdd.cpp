//===- FuseResidualAdd.cpp - residual Adds into Conv and MatMul -----------===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_FUSERESIDUALADD
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

/// Whether VALUE is the result of a Conv or MatMul that can take a
/// residual: its only user is the Add, and it has no activation (which
/// would come before the Add) and no residual yet.
static bool canTakeResidual(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op || !op->hasOneUse())
    return false;
  if (auto conv = dyn_cast<ConvOp>(op))
    return !conv.getResidual() && conv.getActivation() == ActivationKind::none;
  if (auto matmul = dyn_cast<MatMulOp>(op))
    return !matmul.getResidual() &&
           matmul.getActivation() == ActivationKind::none;
  return false;
}

/// Whether adding R to a tensor of TYPE gives TYPE without broadcasting R:
/// the same rank, and each dimension of R the same static size or dynamic
/// where TYPE's is (two values of one dynamic size, as the batch of a
/// residual block: a run-time check in the lowering says so).
static bool addsWithoutBroadcast(RankedTensorType type, Value r) {
  auto rType = cast<RankedTensorType>(r.getType());
  if (rType.getRank() != type.getRank() ||
      rType.getElementType() != type.getElementType())
    return false;
  for (auto [a, b] : llvm::zip(type.getShape(), rType.getShape()))
    if (a != b)
      return false;
  return true;
}

namespace {

/// add(producer(...), r) -> producer(...) residual r, for either operand
/// order.
struct FuseIntoProducer : public OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(add.getType());
    for (unsigned side : {0u, 1u}) {
      Value y = add->getOperand(side), r = add->getOperand(1 - side);
      if (!canTakeResidual(y) || y.getType() != type ||
          !addsWithoutBroadcast(type, r))
        continue;
      Operation *producer = y.getDefiningOp();
      // The producer moves to the Add, where R is defined.
      Operation *clone = rewriter.clone(*producer);
      clone->setLoc(rewriter.getFusedLoc({producer->getLoc(), add.getLoc()}));
      if (auto conv = dyn_cast<ConvOp>(clone))
        conv.getResidualMutable().assign(r);
      else
        cast<MatMulOp>(clone).getResidualMutable().assign(r);
      rewriter.replaceOp(add, clone->getResults());
      rewriter.eraseOp(producer);
      return success();
    }
    return failure();
  }
};

struct FuseResidualAddPass
    : public modelc::impl::FuseResidualAddBase<FuseResidualAddPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseIntoProducer>(&getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
