//===- PadIntoProducer.cpp - producers write their padded buffer ----------===//
//
// Part of modelc. See dialects/Codegen/Passes.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "FirstWriter.h"
#include "modelc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_PADINTOPRODUCER
#include "Codegen/Passes.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

/// pad(producer(..., outs(init))) -> insert_slice(producer'(..., outs(s)))
/// into f, where f is the padded shape with its border filled with the
/// padding value and s the slice that the unpadded tensor occupies: the
/// producer writes its result where the padded tensor keeps it, and
/// bufferization, which sees a slice extracted and inserted back at one place,
/// copies nothing. Where the producer accumulates onto its init (a convolution
/// onto its bias), the op that computes that init takes the slice instead.
LogicalResult padIntoProducer(PatternRewriter &rewriter, Operation *root,
                              Value source, ArrayRef<int64_t> low,
                              ArrayRef<int64_t> high, Value padValue,
                              RankedTensorType paddedType) {
  // The op that first writes the result's buffer takes the interior of the
  // padded tensor as its init.
  linalg::LinalgOp writer = firstWriter(source);
  if (!writer || !matchPattern(padValue, m_Constant()))
    return failure();
  OpOperand *init = writer.getDpsInitOperand(0);

  // Everything the new ops take must exist where the writer runs: the pads
  // and the padding value are constants, dynamic sizes are read from the
  // writer's init (of the result's shape).
  Location loc = root->getLoc();
  rewriter.setInsertionPoint(writer);
  auto sourceType = cast<RankedTensorType>(source.getType());
  SmallVector<OpFoldResult> sizes, paddedSizes;
  for (int64_t i = 0; i < sourceType.getRank(); ++i) {
    if (!sourceType.isDynamicDim(i)) {
      sizes.push_back(rewriter.getIndexAttr(sourceType.getDimSize(i)));
      paddedSizes.push_back(rewriter.getIndexAttr(paddedType.getDimSize(i)));
      continue;
    }
    if (!paddedType.isDynamicDim(i))
      return failure();
    Value dim = rewriter.create<tensor::DimOp>(loc, init->get(), i);
    sizes.push_back(dim);
    paddedSizes.push_back(low[i] + high[i] == 0
                              ? dim
                              : rewriter
                                    .create<arith::AddIOp>(
                                        loc, dim,
                                        rewriter.create<arith::ConstantIndexOp>(
                                            loc, low[i] + high[i]))
                                    .getResult());
  }
  SmallVector<Value> paddedDynamic;
  for (auto [i, size] : llvm::enumerate(paddedSizes))
    if (paddedType.isDynamicDim(i))
      paddedDynamic.push_back(cast<Value>(size));
  Value value = rewriter.clone(*padValue.getDefiningOp())->getResult(0);
  // A fresh buffer, not a tensor.empty: two pads of one shape would have
  // their empty tensors and border fills merged by CSE into one value, into
  // which the second producer cannot write in place, and bufferization would
  // copy the whole padded tensor (and the producer's result) to keep both.
  Value filled = rewriter.create<bufferization::AllocTensorOp>(loc, paddedType,
                                                               paddedDynamic);

  // Only the border takes the padding value: along each padded dimension
  // the slabs before and after the interior, whole in the others (the
  // corners filled twice). Filling all of a large buffer would cost a pass
  // over it (a memset, which may bypass the cache) that the producer's
  // writes then repeat.
  int64_t rank = paddedType.getRank();
  SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
  for (int64_t i = 0; i < rank; ++i) {
    for (auto [before, size] :
         {std::pair{true, low[i]}, std::pair{false, high[i]}}) {
      if (size == 0)
        continue;
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> slabSizes(paddedSizes);
      if (!before) {
        // After the interior: at low + the source's size.
        if (std::optional<int64_t> c = getConstantIntValue(sizes[i]))
          offsets[i] = rewriter.getIndexAttr(*c + low[i]);
        else
          offsets[i] =
              rewriter
                  .create<arith::AddIOp>(
                      loc, cast<Value>(sizes[i]),
                      rewriter.create<arith::ConstantIndexOp>(loc, low[i]))
                  .getResult();
      }
      slabSizes[i] = rewriter.getIndexAttr(size);
      Value slab = rewriter.create<tensor::ExtractSliceOp>(loc, filled, offsets,
                                                           slabSizes, strides);
      Value slabFilled =
          rewriter.create<linalg::FillOp>(loc, value, slab).getResult(0);
      filled = rewriter.create<tensor::InsertSliceOp>(
          loc, slabFilled, filled, offsets, slabSizes, strides);
    }
  }
  SmallVector<OpFoldResult> offsets = llvm::map_to_vector(
      low, [&](int64_t l) -> OpFoldResult { return rewriter.getIndexAttr(l); });
  Value slice = rewriter.create<tensor::ExtractSliceOp>(
      loc, sourceType, filled, offsets, sizes, strides);
  rewriter.modifyOpInPlace(writer, [&] { init->set(slice); });
  // The source's other uses (a 1x1 convolution beside the padded 3x3 one)
  // read it where the producer wrote it: in the padded buffer's interior.
  rewriter.setInsertionPoint(root);
  rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(root, source, filled,
                                                     offsets, sizes, strides);
  return success();
}

/// tensor.pad with constant pads and padding value.
struct PadOfProducer : public OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::PadOp pad,
                                PatternRewriter &rewriter) const override {
    SmallVector<int64_t> low, high;
    for (auto [pads, out] : {std::pair{pad.getMixedLowPad(), &low},
                             std::pair{pad.getMixedHighPad(), &high}})
      for (OpFoldResult p : pads) {
        std::optional<int64_t> c = getConstantIntValue(p);
        if (!c)
          return failure();
        out->push_back(*c);
      }
    Value padValue = pad.getConstantPaddingValue();
    if (!padValue)
      return failure();
    return padIntoProducer(rewriter, pad, pad.getSource(), low, high, padValue,
                           pad.getResultType());
  }
};

/// The form a pad of dynamic sizes takes: insert_slice(x into fill(v,
/// empty)) with static offsets, unit strides and x's sizes, where the
/// dynamic dimensions are not padded.
struct InsertIntoFilled : public OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::InsertSliceOp insert,
                                PatternRewriter &rewriter) const override {
    auto fill = insert.getDest().getDefiningOp<linalg::FillOp>();
    auto empty =
        fill ? fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>() : nullptr;
    auto sourceType = insert.getSourceType();
    RankedTensorType paddedType = insert.getResultType();
    if (!fill || !fill->hasOneUse() || !empty ||
        sourceType.getRank() != paddedType.getRank() || !insert.hasUnitStride())
      return failure();
    SmallVector<int64_t> low, high;
    for (int64_t i = 0; i < sourceType.getRank(); ++i) {
      std::optional<int64_t> offset =
          getConstantIntValue(insert.getMixedOffsets()[i]);
      if (!offset)
        return failure();
      low.push_back(*offset);
      if (sourceType.isDynamicDim(i) || paddedType.isDynamicDim(i)) {
        // Not padded: the slice covers the whole dimension, the filled
        // tensor's size there being the very value of the slice's.
        if (*offset != 0 || !sourceType.isDynamicDim(i) ||
            !paddedType.isDynamicDim(i) ||
            empty.getDynamicSize(i) !=
                dyn_cast<Value>(insert.getMixedSizes()[i]))
          return failure();
        high.push_back(0);
        continue;
      }
      if (insert.getStaticSizes()[i] != sourceType.getDimSize(i))
        return failure();
      high.push_back(paddedType.getDimSize(i) - *offset -
                     sourceType.getDimSize(i));
      if (high.back() < 0)
        return failure();
    }
    return padIntoProducer(rewriter, insert, insert.getSource(), low, high,
                           fill.getInputs()[0], paddedType);
  }
};

struct PadIntoProducerPass
    : public modelc::impl::PadIntoProducerBase<PadIntoProducerPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<PadOfProducer, InsertIntoFilled>(&getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
