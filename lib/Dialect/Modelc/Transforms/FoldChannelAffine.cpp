//===- FoldChannelAffine.cpp - per-channel Mul/Add into producers --------===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "ChannelAffine.h"

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_FOLDCHANNELAFFINE
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

/// OP(producer(...), k) (or OP(k, producer(...)) where OP commutes) with k a
/// constant per output channel of the producer -> producer'(...).
template <typename OpTy>
struct FoldIntoProducer : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  static constexpr bool kCommutes =
      std::is_same_v<OpTy, MulOp> || std::is_same_v<OpTy, AddOp>;
  static constexpr bool kScales =
      std::is_same_v<OpTy, MulOp> || std::is_same_v<OpTy, DivOp>;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    for (unsigned side : {0u, 1u}) {
      if (side == 1 && !kCommutes)
        break;
      Value y = op->getOperand(side);
      Operation *producer = y.getDefiningOp();
      std::optional<OutputChannels> channels =
          getFoldableOutputChannels(producer);
      if (!channels)
        continue;
      int64_t rank = cast<RankedTensorType>(y.getType()).getRank();
      std::optional<SmallVector<double>> k =
          getPerChannelConstant(op->getOperand(1 - side), rank, *channels);
      if (!k)
        continue;
      if constexpr (std::is_same_v<OpTy, DivOp>) {
        if (llvm::is_contained(*k, 0.0))
          continue;
        for (double &v : *k)
          v = 1.0 / v;
      }
      if constexpr (std::is_same_v<OpTy, SubOp>)
        for (double &v : *k)
          v = -v;
      ArrayRef<double> scale =
          kScales ? ArrayRef<double>(*k) : ArrayRef<double>();
      ArrayRef<double> shift =
          kScales ? ArrayRef<double>() : ArrayRef<double>(*k);
      if (succeeded(foldChannelAffine(rewriter, op, producer, scale, shift)))
        return success();
    }
    return failure();
  }
};

struct FoldChannelAffinePass
    : public modelc::impl::FoldChannelAffineBase<FoldChannelAffinePass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<FoldIntoProducer<MulOp>, FoldIntoProducer<DivOp>,
                 FoldIntoProducer<AddOp>, FoldIntoProducer<SubOp>>(ctx);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
