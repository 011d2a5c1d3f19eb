//===- Conv1DAs2D.cpp - 1-D convolutions and pools as 2-D ones --*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_CONV1DAS2D
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

/// The axis of height 1 that the 2-D form inserts: N x C x 1 x L.
static constexpr int64_t kHeightAxis = 2;

/// Whether VALUE is a 3-D float tensor: N x C x L.
static bool isFloat3D(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getRank() == 3 && isa<FloatType>(type.getElementType());
}

/// Whether VALUE is a 3-D tensor of a per-tensor quantized type (the
/// activations of an int8 convolution or max pool).
static bool isQuantized3D(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getRank() == 3 &&
         isa<quant::UniformQuantizedType>(type.getElementType());
}

/// Whether VALUE is the 3-D weight of an int8 convolution: a storage_cast
/// of a constant to a per-axis (output channel) quantized type.
static bool isQuantizedWeight3D(Value value) {
  auto cast = value.getDefiningOp<StorageCastOp>();
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return cast && type && type.getRank() == 3 &&
         isa<quant::UniformQuantizedPerAxisType, quant::UniformQuantizedType>(
             type.getElementType());
}

/// TYPE with a dimension of size 1 inserted at kHeightAxis.
static RankedTensorType withHeight(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  SmallVector<int64_t> shape(tensor.getShape());
  shape.insert(shape.begin() + kHeightAxis, 1);
  return RankedTensorType::get(shape, tensor.getElementType());
}

static Value unsqueezeHeight(PatternRewriter &rewriter, Location loc,
                             Value value) {
  // A quantized weight: the storage integers get the axis (a constant's
  // reshape folds), the cast their quantized type of rank 4. The per-axis
  // quantization's axis, the output channel (0), does not move.
  if (auto cast = value.getDefiningOp<StorageCastOp>())
    return rewriter.create<StorageCastOp>(
        loc, withHeight(value.getType()),
        unsqueezeHeight(rewriter, loc, cast.getInput()));
  return rewriter.create<UnsqueezeOp>(
      loc, withHeight(value.getType()), value,
      rewriter.getDenseI64ArrayAttr({kHeightAxis}));
}

/// The 2-D attribute of a 1-D one: FILL for the height before each value,
/// e.g. strides [s] -> [1, s], or pads [b, e] (begin, end) -> [0, b, 0, e]
/// (the begins of both axes, then their ends).
static DenseI64ArrayAttr withHeight(PatternRewriter &rewriter,
                                    ArrayRef<int64_t> values, int64_t fill) {
  SmallVector<int64_t> out;
  for (int64_t v : values) {
    out.push_back(fill);
    out.push_back(v);
  }
  return rewriter.getDenseI64ArrayAttr(out);
}

/// OP with its spatial operands (the operand indices OPERANDS, its first
/// being the input) and its result given the axis of height 1, and the
/// attributes in ATTRS (name, fill) widened to 2-D; the result squeezed back.
static void rewriteAs2D(PatternRewriter &rewriter, Operation *op,
                        ArrayRef<unsigned> operands,
                        ArrayRef<std::pair<StringRef, int64_t>> attrs) {
  Location loc = op->getLoc();
  SmallVector<Value> widened;
  for (unsigned index : operands)
    widened.push_back(unsqueezeHeight(rewriter, loc, op->getOperand(index)));
  Operation *clone = rewriter.clone(*op);
  for (auto [index, value] : llvm::zip_equal(operands, widened))
    clone->setOperand(index, value);
  for (auto [name, fill] : attrs) {
    auto attr = cast<DenseI64ArrayAttr>(op->getAttr(name));
    clone->setAttr(name, withHeight(rewriter, attr.asArrayRef(), fill));
  }
  Value result = clone->getResult(0);
  Type type = result.getType();
  result.setType(withHeight(type));
  rewriter.replaceOpWithNewOp<SqueezeOp>(
      op, type, result, rewriter.getDenseI64ArrayAttr({kHeightAxis}));
}

namespace {

struct ConvAs2D : public OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    bool quantized =
        isQuantized3D(op.getInput()) && isQuantizedWeight3D(op.getWeight());
    if (op.getChannelsLast() ||
        !(quantized ||
          (isFloat3D(op.getInput()) && isFloat3D(op.getWeight()))) ||
        op.getAutoPad() != "NOTSET")
      return failure();
    // Operands: input, weight, then the bias (1-D, as it is) and the
    // residual (the result's layout), each where present.
    SmallVector<unsigned> operands = {0, 1};
    if (op.getResidual())
      operands.push_back(op->getNumOperands() - 1);
    rewriteAs2D(rewriter, op, operands,
                {{"pads", 0}, {"strides", 1}, {"dilations", 1}});
    return success();
  }
};

template <typename PoolOp> struct PoolAs2D : public OpRewritePattern<PoolOp> {
  using OpRewritePattern<PoolOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(PoolOp op,
                                PatternRewriter &rewriter) const override {
    // MaxPool of quantized tensors too (as modelc-to-channels-last takes
    // it).
    if (op.getChannelsLast() || op->getNumResults() != 1 ||
        !(isFloat3D(op.getInput()) || (std::is_same_v<PoolOp, MaxPoolOp> &&
                                       isQuantized3D(op.getInput()))) ||
        op.getAutoPad() != "NOTSET")
      return failure();
    rewriteAs2D(
        rewriter, op, {0},
        {{"kernel_shape", 1}, {"pads", 0}, {"strides", 1}, {"dilations", 1}});
    return success();
  }
};

struct Conv1DAs2DPass : public modelc::impl::Conv1DAs2DBase<Conv1DAs2DPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<ConvAs2D, PoolAs2D<MaxPoolOp>, PoolAs2D<AveragePoolOp>>(ctx);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
