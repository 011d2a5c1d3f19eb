//===- ToChannelsLast.cpp - NHWC convolutions and pooling -------*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "BatchNormAffine.h"

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"


namespace mlir::modelc {
#define GEN_PASS_DEF_TOCHANNELSLAST
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

/// NCHW to NHWC, and back.
static constexpr int64_t kToChannelsLast[] = {0, 2, 3, 1};
static constexpr int64_t kFromChannelsLast[] = {0, 3, 1, 2};

/// TYPE with its dimensions permuted (result dimension i is TYPE's
/// dimension PERM[i]).
static RankedTensorType permuteType(RankedTensorType type,
                                    ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  return RankedTensorType::get(shape, type.getElementType());
}

static Value transpose(PatternRewriter &rewriter, Location loc, Value value,
                       ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(value.getType());
  return rewriter.create<TransposeOp>(loc, permuteType(type, perm), value,
                                      rewriter.getDenseI64ArrayAttr(perm));
}

/// Whether VALUE is a 4-D float tensor, which the channels-last lowering
/// handles.
static bool isFloat4D(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getRank() == 4 && isa<FloatType>(type.getElementType());
}

/// Whether VALUE is a 4-D tensor of a per-tensor quantized type, whose
/// convolutions of one group or depthwise the channels-last lowering
/// handles.
static bool isQuantized4D(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getRank() == 4 &&
         isa<quant::UniformQuantizedType>(type.getElementType());
}

/// Whether TYPE is a tensor of a per-axis quantized type, whose axis a
/// transpose would move.
static bool isPerAxisTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor &&
         isa<quant::UniformQuantizedPerAxisType>(tensor.getElementType());
}

/// Whether VALUE is a transpose from NHWC back to NCHW; its input if so.
static Value fromChannelsLast(Value value) {
  auto op = value.getDefiningOp<TransposeOp>();
  if (!op || op.getPerm() != ArrayRef<int64_t>(kFromChannelsLast))
    return nullptr;
  return op.getInput();
}

/// OP (a conv or pool on NCHW) rewritten to its channels-last form between
/// two transposes (a third on a convolution's residual).
static void toChannelsLast(PatternRewriter &rewriter, Operation *op) {
  Location loc = op->getLoc();
  Value input = transpose(rewriter, loc, op->getOperand(0), kToChannelsLast);
  // A convolution's fused residual has the result's layout; its transpose
  // goes before the clone, which uses it.
  Value residual;
  if (auto conv = dyn_cast<ConvOp>(op); conv && conv.getResidual())
    residual = transpose(rewriter, loc, conv.getResidual(), kToChannelsLast);
  Operation *clone = rewriter.clone(*op);
  clone->setOperand(0, input);
  if (residual)
    cast<ConvOp>(clone).getResidualMutable().assign(residual);
  Value result = clone->getResult(0);
  result.setType(
      permuteType(cast<RankedTensorType>(result.getType()), kToChannelsLast));
  clone->setAttr("channels_last", rewriter.getUnitAttr());
  rewriter.replaceAllUsesWith(
      op->getResult(0), transpose(rewriter, loc, result, kFromChannelsLast));
  rewriter.eraseOp(op);
}

namespace {

struct ConvToChannelsLast : public OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    auto weight = cast<RankedTensorType>(op.getWeight().getType());
    bool depthwise =
        op.getGroup() == weight.getDimSize(0) && weight.getDimSize(1) == 1;
    if (op.getChannelsLast() || !weight.hasStaticShape() ||
        !(isFloat4D(op.getInput()) || (isQuantized4D(op.getInput()) &&
                                       (op.getGroup() == 1 || depthwise))) ||
        (op.getGroup() != 1 && !depthwise))
      return failure();
    toChannelsLast(rewriter, op);
    return success();
  }
};

template <typename PoolOp>
struct PoolToChannelsLast : public OpRewritePattern<PoolOp> {
  using OpRewritePattern<PoolOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(PoolOp op,
                                PatternRewriter &rewriter) const override {
    // MaxPool of quantized tensors (one scale: the largest value is the
    // same in their integers) too.
    if (op.getChannelsLast() || op->getNumResults() != 1 ||
        !(isFloat4D(op.getInput()) ||
          (std::is_same_v<PoolOp, MaxPoolOp> && isQuantized4D(op.getInput()))))
      return failure();
    toChannelsLast(rewriter, op);
    return success();
  }
};

/// op(transpose_back(x), ...) -> transpose_back(op(x, ...)) for an op that
/// commutes with permutations: its other operands are such transposes too
/// (their inputs taken), 4-D (transposed to NHWC), or broadcast the same in
/// any layout (rank 0, or all ones).
struct SinkThroughLayoutAgnostic
    : public OpTraitRewritePattern<LayoutAgnostic> {
  using OpTraitRewritePattern::OpTraitRewritePattern;
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 1 ||
        llvm::none_of(op->getOperands(),
                      [](Value v) { return fromChannelsLast(v); }) ||
        llvm::any_of(op->getOperandTypes(), isPerAxisTensor) ||
        llvm::any_of(op->getResultTypes(), isPerAxisTensor))
      return failure();
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!resultType || resultType.getRank() != 4)
      return failure();
    SmallVector<Value> operands;
    for (Value operand : op->getOperands()) {
      if (Value input = fromChannelsLast(operand)) {
        operands.push_back(input);
        continue;
      }
      auto type = cast<RankedTensorType>(operand.getType());
      if (type.getRank() == 4) {
        operands.push_back(
            transpose(rewriter, op->getLoc(), operand, kToChannelsLast));
        continue;
      }
      if (!type.hasStaticShape() ||
          llvm::any_of(type.getShape(), [](int64_t d) { return d != 1; }))
        return failure();
      operands.push_back(operand);
    }
    Operation *clone = rewriter.clone(*op);
    clone->setOperands(operands);
    clone->getResult(0).setType(permuteType(resultType, kToChannelsLast));
    rewriter.replaceOp(op, transpose(rewriter, op->getLoc(),
                                     clone->getResult(0), kFromChannelsLast));
    return success();
  }
};

/// batch_normalization(transpose_back(x)) with constant parameters ->
/// x * s + t with per-channel constants s = scale / sqrt(var + epsilon) and
/// t = bias - mean * s of shape 1 x C x 1 x 1: a multiply and an add, which
/// the transposes then sink through (a pre-activation normalization, as in
/// DenseNet, that no convolution before it absorbs).
struct BatchNormToAffine : public OpRewritePattern<BatchNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormalizationOp op,
                                PatternRewriter &rewriter) const override {
    if (!fromChannelsLast(op.getInput()) || !isFloat4D(op.getInput()))
      return failure();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t channels = type.getDimSize(1);
    if (ShapedType::isDynamic(channels))
      return failure();
    std::optional<BatchNormAffine> affine = getConstantAffine(op, channels);
    if (!affine)
      return failure();
    auto constType =
        RankedTensorType::get({1, channels, 1, 1}, type.getElementType());
    Location loc = op.getLoc();
    Value sv = createFloatConstant(rewriter, loc, constType, affine->scale);
    Value tv = createFloatConstant(rewriter, loc, constType, affine->shift);
    Value scaled = rewriter.create<MulOp>(loc, type, op.getInput(), sv);
    rewriter.replaceOpWithNewOp<AddOp>(op, type, scaled, tv);
    return success();
  }
};

/// global_pool(transpose_back(x)) -> transpose_back(reduce(x, axes = [1, 2]))
/// for GlobalAveragePool (a mean) and GlobalMaxPool (a max): the reduction
/// over the spatial axes of NHWC data keeps the channels innermost, where
/// they vectorize, and the transpose of N x 1 x 1 x C back to N x C x 1 x 1
/// moves nothing.
template <typename GlobalOp, typename ReduceOpTy>
struct GlobalPoolToChannelsLast : public OpRewritePattern<GlobalOp> {
  using OpRewritePattern<GlobalOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(GlobalOp op,
                                PatternRewriter &rewriter) const override {
    Value input = fromChannelsLast(op.getInput());
    auto type = cast<RankedTensorType>(op.getType());
    if (!input || !isFloat4D(input) || type.getRank() != 4)
      return failure();
    Location loc = op.getLoc();
    Value reduced = rewriter.create<ReduceOpTy>(
        loc, permuteType(type, kToChannelsLast), input,
        rewriter.getDenseI64ArrayAttr({1, 2}), rewriter.getBoolAttr(true),
        rewriter.getBoolAttr(false));
    rewriter.replaceOp(op, transpose(rewriter, loc, reduced, kFromChannelsLast));
    return success();
  }
};

/// concat(transpose_back(x_i), axis) -> transpose_back(concat(x_i, axis')).
struct SinkThroughConcat : public OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> inputs;
    for (Value operand : op.getInputs()) {
      Value input = fromChannelsLast(operand);
      if (!input)
        return failure();
      inputs.push_back(input);
    }
    auto type = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + 4 : op.getAxis();
    if (type.getRank() != 4 || axis < 0 || axis >= 4)
      return failure();
    // Dimension AXIS of the NCHW result is dimension kFromChannelsLast[AXIS]
    // of the NHWC one.
    auto concat = rewriter.create<ConcatOp>(
        op.getLoc(), permuteType(type, kToChannelsLast), inputs,
        rewriter.getI64IntegerAttr(kFromChannelsLast[axis]));
    rewriter.replaceOp(
        op, transpose(rewriter, op.getLoc(), concat, kFromChannelsLast));
    return success();
  }
};

/// transpose(transpose(x, p1), p2) -> transpose(x, p1 o p2), or x.
struct ComposeTransposes : public OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<TransposeOp>();
    if (!inner)
      return failure();
    ArrayRef<int64_t> first = inner.getPerm();
    SmallVector<int64_t> perm;
    for (int64_t p : op.getPerm())
      perm.push_back(first[p]);
    if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())) &&
        inner.getInput().getType() == op.getType()) {
      rewriter.replaceOp(op, inner.getInput());
      return success();
    }
    rewriter.replaceOpWithNewOp<TransposeOp>(
        op, op.getType(), inner.getInput(),
        rewriter.getDenseI64ArrayAttr(perm));
    return success();
  }
};

struct ToChannelsLastPass
    : public modelc::impl::ToChannelsLastBase<ToChannelsLastPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<ConvToChannelsLast, PoolToChannelsLast<MaxPoolOp>,
                 PoolToChannelsLast<AveragePoolOp>, SinkThroughLayoutAgnostic,
                 SinkThroughConcat, ComposeTransposes, BatchNormToAffine,
                 GlobalPoolToChannelsLast<GlobalAveragePoolOp, ReduceMeanOp>,
                 GlobalPoolToChannelsLast<GlobalMaxPoolOp, ReduceMaxOp>>(ctx);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
