//===- ConcatIntoProducers.cpp - producers write their concat's slice -----===//
//
// Part of modelc. See dialects/Codegen/Passes.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "FirstWriter.h"
#include "modelc/Codegen/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_CONCATINTOPRODUCERS
#include "Codegen/Passes.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

/// One insert of a concatenation whose source a linalg op computes for it
/// alone: WRITER is the op that first writes the source's buffer (the
/// producer, or the op computing the init that a producer accumulating
/// onto its init reads), PRODUCER the op whose result the insert takes.
struct InPlaceInput {
  tensor::InsertSliceOp insert;
  linalg::LinalgOp writer;
  Operation *producer;
};

/// The in-place form of INSERT, or nothing where its source has another use
/// or comes from no linalg op that writes a fresh buffer.
std::optional<InPlaceInput> inPlaceInput(tensor::InsertSliceOp insert) {
  Value source = insert.getSource();
  if (!source.hasOneUse())
    return std::nullopt;
  linalg::LinalgOp writer = firstWriter(source, insert->getBlock());
  if (!writer)
    return std::nullopt;
  Operation *producer = source.getDefiningOp();
  return InPlaceInput{insert, writer, producer};
}

/// A concatenation, insert_slice(x_n into ... insert_slice(x_1 into
/// tensor.empty)), becomes a chain over a fresh buffer in which the ops
/// computing the x_k write their slices in place: each writer takes the
/// slice of the chain as it stands when the writer runs as its init, and
/// the producer's result is inserted back at once. Bufferization sees each
/// slice extracted and inserted back at one place and copies nothing, where
/// before it copied every input into the concatenation. Inputs that cannot
/// be written in place (another use, no linalg producer, a producer that
/// runs before the previous in-place input is complete) are inserted, as
/// before, at the end.
struct ConcatOfProducers : public OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::InsertSliceOp last,
                                PatternRewriter &rewriter) const override {
    // LAST ends the chain: its result is not the destination of another
    // insert that it alone feeds.
    if (last->hasOneUse())
      if (auto next = dyn_cast<tensor::InsertSliceOp>(*last->user_begin()))
        if (next.getDest() == last.getResult())
          return failure();
    SmallVector<tensor::InsertSliceOp> chain{last};
    while (true) {
      auto previous =
          chain.back().getDest().getDefiningOp<tensor::InsertSliceOp>();
      if (!previous || !previous->hasOneUse() ||
          previous->getBlock() != last->getBlock())
        break;
      chain.push_back(previous);
    }
    std::reverse(chain.begin(), chain.end());
    auto empty = chain.front().getDest().getDefiningOp<tensor::EmptyOp>();
    if (!empty || !empty->hasOneUse() || chain.size() < 2 ||
        empty->getBlock() != last->getBlock())
      return failure();

    // The inputs written in place, in the order their writers run; each
    // producer must have run before the next writer starts.
    SmallVector<InPlaceInput> inPlace;
    for (tensor::InsertSliceOp insert : chain)
      if (std::optional<InPlaceInput> input = inPlaceInput(insert))
        inPlace.push_back(*input);
    llvm::sort(inPlace, [](InPlaceInput a, InPlaceInput b) {
      return a.writer->isBeforeInBlock(b.writer);
    });
    if (inPlace.empty())
      return failure();
    // The fresh buffer is made before the first writer: its sizes and the
    // slices' offsets must be known there.
    DominanceInfo dominance;
    Operation *first = inPlace.front().writer;
    auto knownAt = [&](Operation *op, ValueRange values) {
      return llvm::all_of(
          values, [&](Value v) { return dominance.properlyDominates(v, op); });
    };
    if (!knownAt(first, empty.getDynamicSizes()))
      return failure();
    SmallVector<InPlaceInput> kept;
    for (InPlaceInput input : inPlace) {
      if (!kept.empty() &&
          !kept.back().producer->isBeforeInBlock(input.writer.getOperation()))
        continue;
      if (!knownAt(input.writer, input.insert.getOffsets()))
        continue;
      kept.push_back(input);
    }

    rewriter.setInsertionPoint(first);
    Value current = rewriter.create<bufferization::AllocTensorOp>(
        empty.getLoc(), empty.getType(), empty.getDynamicSizes());
    llvm::SmallPtrSet<Operation *, 8> done;
    for (InPlaceInput input : kept) {
      tensor::InsertSliceOp insert = input.insert;
      Location loc = insert.getLoc();
      auto sourceType = insert.getSourceType();
      // The slice's sizes: the source's, read from the writer's init (of
      // the source's shape) where dynamic.
      rewriter.setInsertionPoint(input.writer);
      OpOperand *init = input.writer.getDpsInitOperand(0);
      SmallVector<OpFoldResult> sizes;
      for (int64_t i = 0; i < sourceType.getRank(); ++i)
        sizes.push_back(sourceType.isDynamicDim(i)
                            ? OpFoldResult(rewriter.create<tensor::DimOp>(
                                  loc, init->get(), i))
                            : OpFoldResult(rewriter.getIndexAttr(
                                  sourceType.getDimSize(i))));
      Value slice = rewriter.create<tensor::ExtractSliceOp>(
          loc, sourceType, current, insert.getMixedOffsets(), sizes,
          insert.getMixedStrides());
      rewriter.modifyOpInPlace(input.writer, [&] { init->set(slice); });
      rewriter.setInsertionPointAfter(input.producer);
      current = rewriter.create<tensor::InsertSliceOp>(
          loc, insert.getSource(), current, insert.getMixedOffsets(), sizes,
          insert.getMixedStrides());
      done.insert(insert);
    }
    // The other inputs, copied in at the end as before.
    rewriter.setInsertionPoint(last);
    for (tensor::InsertSliceOp insert : chain)
      if (!done.contains(insert))
        current = rewriter.create<tensor::InsertSliceOp>(
            insert.getLoc(), insert.getSource(), current,
            insert.getMixedOffsets(), insert.getMixedSizes(),
            insert.getMixedStrides());
    rewriter.replaceOp(last, current);
    for (tensor::InsertSliceOp insert :
         llvm::reverse(ArrayRef(chain).drop_back()))
      rewriter.eraseOp(insert);
    rewriter.eraseOp(empty);
    return success();
  }
};

struct ConcatIntoProducersPass
    : public modelc::impl::ConcatIntoProducersBase<ConcatIntoProducersPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ConcatOfProducers>(&getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
