//===- FoldQDQ.cpp - quantize(op(dequantize(x))) -> op on quantized types -===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "ChannelAffine.h"

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::modelc {
#define GEN_PASS_DEF_FOLDQDQ
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

/// The quantized tensor that V dequantizes, if a modelc.dequantize makes V.
static Value dequantized(Value v) {
  if (auto dq = v.getDefiningOp<DequantizeOp>())
    return dq.getInput();
  return nullptr;
}

static Type elementOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

/// Whether V holds u8 activations with one scale (the int8 kernels' A).
static bool isU8PerTensor(Value v) {
  auto q = dyn_cast<quant::UniformQuantizedType>(elementOf(v));
  return q && !q.isSigned() && q.getStorageTypeIntegralWidth() == 8;
}

/// Whether TYPE is an 8-bit type with one scale (a result the requantization
/// writes).
static bool is8BitPerTensor(Type type) {
  auto q = dyn_cast<quant::UniformQuantizedType>(
      cast<RankedTensorType>(type).getElementType());
  return q && q.getStorageTypeIntegralWidth() == 8;
}

/// The scales of V (constant s8 weights, symmetric, per tensor or per index
/// of AXIS with CHANNELS of them), one per channel; none where V is not
/// such weights.
static std::optional<SmallVector<double>> weightScales(Value v, int64_t axis,
                                                       int64_t channels) {
  auto cast = v.getDefiningOp<StorageCastOp>();
  if (!cast || !matchPattern(cast.getInput(), m_Constant()))
    return std::nullopt;
  Type element = elementOf(v);
  auto q = dyn_cast<quant::QuantizedType>(element);
  if (!q || !q.isSigned() || q.getStorageTypeIntegralWidth() != 8)
    return std::nullopt;
  if (auto t = dyn_cast<quant::UniformQuantizedType>(element)) {
    if (t.getZeroPoint() != 0)
      return std::nullopt;
    return SmallVector<double>(channels, t.getScale());
  }
  auto t = dyn_cast<quant::UniformQuantizedPerAxisType>(element);
  if (!t || t.getQuantizedDimension() != axis ||
      int64_t(t.getScales().size()) != channels ||
      llvm::any_of(t.getZeroPoints(), [](int64_t z) { return z != 0; }))
    return std::nullopt;
  return llvm::to_vector(t.getScales());
}

/// BIAS (float constants, one per channel, or none) as int32 at the scales
/// X_SCALE * W_SCALES[c]: a null value where there is no bias, failure
/// where it is not a constant or does not fit int32.
static FailureOr<Value> quantizedBias(PatternRewriter &rewriter, Location loc,
                                      Value bias, double xScale,
                                      ArrayRef<double> wScales) {
  if (!bias)
    return Value();
  DenseFPElementsAttr attr;
  int64_t channels = wScales.size();
  if (!matchPattern(bias, m_Constant(&attr)) ||
      (!attr.isSplat() && attr.getNumElements() != channels))
    return failure();
  SmallVector<int32_t> values;
  SmallVector<APFloat> floats(attr.getValues<APFloat>());
  for (int64_t c = 0; c < channels; ++c) {
    double b = floats[attr.isSplat() ? 0 : c].convertToDouble();
    double q = std::nearbyint(b / (xScale * wScales[c]));
    if (!std::isfinite(q) || q < INT32_MIN || q > INT32_MAX)
      return failure();
    values.push_back(int32_t(q));
  }
  auto type = RankedTensorType::get({channels}, rewriter.getI32Type());
  return rewriter
      .create<ConstantOp>(
          loc, type, DenseElementsAttr::get(type, ArrayRef<int32_t>(values)))
      .getResult();
}

static bool quantizableActivation(ActivationKind kind) {
  return kind == ActivationKind::none || kind == ActivationKind::relu ||
         kind == ActivationKind::clip;
}

namespace {

/// quantize(conv(dequantize(x), dequantize(w), b)) -> conv on the quantized
/// types: a 1-D or 2-D convolution of one group, u8 activations, constant s8
/// weights symmetric per tensor or per output channel, a constant bias.
struct FoldQuantizedConv : public OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q,
                                PatternRewriter &rewriter) const override {
    auto conv = q.getInput().getDefiningOp<ConvOp>();
    if (!conv || !conv->hasOneUse() || conv.getResidual() ||
        !quantizableActivation(conv.getActivation()) ||
        !is8BitPerTensor(q.getType()))
      return failure();
    Value x = dequantized(conv.getInput());
    Value w = dequantized(conv.getWeight());
    auto xType = x ? dyn_cast<RankedTensorType>(x.getType()) : nullptr;
    auto wType = w ? dyn_cast<RankedTensorType>(w.getType()) : nullptr;
    // Static shapes: the int8 lowering needs them (a dynamic batch stays
    // a float convolution).
    // 2-D, or 1-D (modelc-conv1d-as-2d makes it 2-D after this pass).
    if (!xType || !wType || (xType.getRank() != 4 && xType.getRank() != 3) ||
        !xType.hasStaticShape() || !wType.hasStaticShape() ||
        !q.getType().hasStaticShape() || !isU8PerTensor(x))
      return failure();
    // One group. A depthwise convolution has an int8 lowering (for
    // QLinearConv), but on x86 its i32 multiplies take four times the
    // float FMAs' time: it stays float between its Q/DQ pairs.
    if (conv.getGroup() != 1)
      return failure();
    std::optional<SmallVector<double>> scales =
        weightScales(w, 0, wType.getDimSize(0));
    if (!scales)
      return failure();
    double xScale =
        cast<quant::UniformQuantizedType>(xType.getElementType()).getScale();
    FailureOr<Value> bias =
        quantizedBias(rewriter, conv.getLoc(), conv.getBias(), xScale, *scales);
    if (failed(bias))
      return failure();
    auto folded = rewriter.create<ConvOp>(
        conv.getLoc(), q.getType(), x, w, *bias, /*residual=*/Value(),
        conv.getPadsAttr(), conv.getStridesAttr(), conv.getDilationsAttr(),
        conv.getGroupAttr(), conv.getAutoPadAttr(), conv.getChannelsLastAttr(),
        conv.getActivationAttr(), conv.getActivationAlphaAttr(),
        conv.getActivationBetaAttr());
    rewriter.replaceOp(q, folded.getResult());
    return success();
  }
};

/// The matmul whose result V is, with the float constant that an Add puts
/// on each of its columns (a bias as exporters write it: MatMul, then Add)
/// in BIAS and a Relu after it in RELU; null where V is no such thing.
static MatMulOp matmulWithBias(Value v, Value &bias, bool &relu) {
  bias = nullptr;
  relu = false;
  if (auto r = v.getDefiningOp<ReluOp>(); r && r->hasOneUse()) {
    relu = true;
    v = r.getInput();
  }
  auto add = v.getDefiningOp<AddOp>();
  if (!add) {
    if (relu)
      return nullptr;
    return v.getDefiningOp<MatMulOp>();
  }
  if (!add->hasOneUse())
    return nullptr;
  for (unsigned side : {0u, 1u}) {
    auto matmul = add->getOperand(side).getDefiningOp<MatMulOp>();
    Value c = add->getOperand(1 - side);
    auto yType = cast<RankedTensorType>(add.getType());
    if (!matmul || matmul.getBias() ||
        matmul.getActivation() != ActivationKind::none ||
        matmul.getType() != yType || !yType.hasStaticShape())
      continue;
    // One value, or one per column: [N] or [1, ..., 1, N].
    int64_t rank = yType.getRank();
    if (!getPerChannelConstant(
            c, rank, OutputChannels{rank - 1, yType.getDimSize(rank - 1)}))
      continue;
    bias = c;
    return matmul;
  }
  return nullptr;
}

/// quantize(matmul(dequantize(a), dequantize(b), bias)) -> matmul on the
/// quantized types: u8 activations of rank 2 or more, a constant 2-D s8 B
/// symmetric per tensor or per column, a constant bias. The bias may also
/// be a following Add of a constant per column, and a Relu after it the
/// activation.
struct FoldQuantizedMatMul : public OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q,
                                PatternRewriter &rewriter) const override {
    Value addedBias;
    bool relu;
    MatMulOp matmul = matmulWithBias(q.getInput(), addedBias, relu);
    if (!matmul || !matmul->hasOneUse() || matmul.getResidual() ||
        !quantizableActivation(matmul.getActivation()) ||
        !is8BitPerTensor(q.getType()))
      return failure();
    Value a = dequantized(matmul.getA());
    Value b = dequantized(matmul.getB());
    auto aType = a ? dyn_cast<RankedTensorType>(a.getType()) : nullptr;
    auto bType = b ? dyn_cast<RankedTensorType>(b.getType()) : nullptr;
    if (!aType || !bType || aType.getRank() < 2 || bType.getRank() != 2 ||
        !aType.hasStaticShape() || !bType.hasStaticShape() ||
        !q.getType().hasStaticShape() || !isU8PerTensor(a))
      return failure();
    std::optional<SmallVector<double>> scales =
        weightScales(b, 1, bType.getDimSize(1));
    if (!scales)
      return failure();
    double aScale =
        cast<quant::UniformQuantizedType>(aType.getElementType()).getScale();
    FailureOr<Value> bias = quantizedBias(
        rewriter, matmul.getLoc(), addedBias ? addedBias : matmul.getBias(),
        aScale, *scales);
    if (failed(bias))
      return failure();
    auto folded = rewriter.create<MatMulOp>(
        matmul.getLoc(), q.getType(), a, b, *bias, /*residual=*/Value(),
        relu ? ActivationKindAttr::get(getContext(), ActivationKind::relu)
             : matmul.getActivationAttr(),
        matmul.getActivationAlphaAttr(), matmul.getActivationBetaAttr());
    rewriter.replaceOp(q, folded.getResult());
    return success();
  }
};

/// quantize(concat(dequantize(x1), dequantize(x2), ...)) -> concat(x1, x2,
/// ...) where every input has the quantization's type: the values move and
/// keep their parameters.
struct FoldQuantizedConcat : public OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q,
                                PatternRewriter &rewriter) const override {
    auto concat = q.getInput().getDefiningOp<ConcatOp>();
    if (!concat || !concat->hasOneUse() ||
        !isa<quant::UniformQuantizedType>(q.getType().getElementType()))
      return failure();
    SmallVector<Value> inputs;
    for (Value in : concat->getOperands()) {
      Value x = dequantized(in);
      if (!x || elementOf(x) != q.getType().getElementType())
        return failure();
      inputs.push_back(x);
    }
    Operation *folded = rewriter.clone(*concat);
    folded->setOperands(inputs);
    folded->getResult(0).setType(q.getType());
    rewriter.replaceOp(q, folded->getResults());
    return success();
  }
};

/// quantize(op(dequantize(x))) -> op(x) for data movement and MaxPool,
/// where the quantization has x's type: the values move (or the largest
/// is taken, which the scale preserves) and keep their parameters.
struct FoldQuantizedDataMovement : public OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q,
                                PatternRewriter &rewriter) const override {
    Operation *op = q.getInput().getDefiningOp();
    if (!op || !op->hasOneUse() || op->getNumResults() != 1 ||
        op->getNumOperands() == 0 ||
        !isa<MaxPoolOp, ReshapeOp, FlattenOp, TransposeOp, SqueezeOp,
             UnsqueezeOp, IdentityOp, SliceOp>(op))
      return failure();
    Value x = dequantized(op->getOperand(0));
    if (!x || elementOf(x) != q.getType().getElementType())
      return failure();
    // MaxPool's largest value is the same under any scale, not under a
    // scale per channel that a transpose would have to move.
    if (!isa<quant::UniformQuantizedType>(elementOf(x)))
      return failure();
    Operation *folded = rewriter.clone(*op);
    folded->setOperand(0, x);
    folded->getResult(0).setType(q.getType());
    rewriter.replaceOp(q, folded->getResults());
    return success();
  }
};

/// quantize(dequantize(x)) -> x with the same type.
struct FoldQuantizeOfDequantize : public OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q,
                                PatternRewriter &rewriter) const override {
    Value x = dequantized(q.getInput());
    if (!x || x.getType() != q.getType())
      return failure();
    rewriter.replaceOp(q, x);
    return success();
  }
};

struct FoldQDQPass : public modelc::impl::FoldQDQBase<FoldQDQPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<FoldQuantizedConv, FoldQuantizedMatMul, FoldQuantizedConcat,
                 FoldQuantizedDataMovement, FoldQuantizeOfDequantize>(ctx);
    StorageCastOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
