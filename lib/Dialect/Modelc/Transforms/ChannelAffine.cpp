//===- ChannelAffine.cpp - per-channel affine maps into producers ---------===//
//
// Part of modelc. See ChannelAffine.h.
//
//===----------------------------------------------------------------------===//

#include "ChannelAffine.h"

#include "BatchNormAffine.h"

#include "modelc/Dialect/Modelc/ModelcOps.h"

#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::modelc;

static RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Whether VALUE is a float tensor of static shape.
static bool isStaticFloat(Value value) {
  auto type = tensorType(value);
  return type.hasStaticShape() && isa<FloatType>(type.getElementType());
}

std::optional<OutputChannels>
mlir::modelc::getFoldableOutputChannels(Operation *producer) {
  if (!producer || producer->getNumResults() != 1 || !producer->hasOneUse() ||
      !isa<FloatType>(tensorType(producer->getResult(0)).getElementType()))
    return std::nullopt;
  if (auto conv = dyn_cast<ConvOp>(producer)) {
    if (conv.getChannelsLast() || conv.getResidual() ||
        conv.getActivation() != ActivationKind::none ||
        !isStaticFloat(conv.getWeight()))
      return std::nullopt;
    return OutputChannels{1, tensorType(conv.getWeight()).getDimSize(0)};
  }
  if (auto deconv = dyn_cast<ConvTransposeOp>(producer)) {
    if (!isStaticFloat(deconv.getWeight()))
      return std::nullopt;
    return OutputChannels{1, tensorType(deconv.getWeight()).getDimSize(1) *
                                 deconv.getGroup()};
  }
  if (auto gemm = dyn_cast<GemmOp>(producer)) {
    if (gemm.getActivation() != ActivationKind::none ||
        !isStaticFloat(gemm.getB()))
      return std::nullopt;
    return OutputChannels{
        1, tensorType(gemm.getB()).getDimSize(gemm.getTransB() ? 0 : 1)};
  }
  if (auto matmul = dyn_cast<MatMulOp>(producer)) {
    if (matmul.getActivation() != ActivationKind::none ||
        matmul.getResidual() || !isStaticFloat(matmul.getB()) ||
        tensorType(matmul.getB()).getRank() != 2)
      return std::nullopt;
    return OutputChannels{tensorType(matmul.getOutput()).getRank() - 1,
                          tensorType(matmul.getB()).getDimSize(1)};
  }
  return std::nullopt;
}

std::optional<SmallVector<double>>
mlir::modelc::getPerChannelConstant(Value value, int64_t rank,
                                    OutputChannels channels) {
  std::optional<SmallVector<double>> values = constantFloatValues(value);
  if (!values)
    return std::nullopt;
  auto type = tensorType(value);
  if (!type.hasStaticShape() || type.getRank() > rank || values->empty())
    return std::nullopt;
  bool perChannel = false;
  for (auto [i, size] : llvm::enumerate(type.getShape())) {
    int64_t axis = rank - type.getRank() + static_cast<int64_t>(i);
    if (size == 1)
      continue;
    if (axis != channels.axis || size != channels.count)
      return std::nullopt;
    perChannel = true;
  }
  if (perChannel)
    return values;
  return SmallVector<double>(channels.count, values->front());
}

namespace {

/// The rewritten operands of a producer, in double precision.
struct Folded {
  std::optional<SmallVector<double>> weight;
  std::optional<SmallVector<double>> bias;
  SmallVector<int64_t> biasShape;
};

} // namespace

/// S[c], or 1 where SCALE is empty.
static double at(ArrayRef<double> scale, int64_t c, double otherwise) {
  return scale.empty() ? otherwise : scale[c];
}

/// The bias B (or none) of CHANNELS values scaled and shifted; none where
/// it stays absent.
static FailureOr<std::optional<SmallVector<double>>>
foldBias(Value bias, int64_t channels, ArrayRef<double> scale,
         ArrayRef<double> shift) {
  if (!bias) {
    if (shift.empty())
      return std::optional<SmallVector<double>>();
    return std::optional<SmallVector<double>>(SmallVector<double>(shift));
  }
  std::optional<SmallVector<double>> values = constantFloatValues(bias);
  if (!values || static_cast<int64_t>(values->size()) != channels)
    return failure();
  for (int64_t c = 0; c < channels; ++c)
    (*values)[c] = (*values)[c] * at(scale, c, 1.0) + at(shift, c, 0.0);
  return std::optional<SmallVector<double>>(std::move(*values));
}

/// The weight W scaled: element I belongs to channel CHANNELOF(I).
static std::optional<SmallVector<double>>
scaleWeight(Value weight, ArrayRef<double> scale,
            function_ref<int64_t(int64_t)> channelOf) {
  std::optional<SmallVector<double>> values = constantFloatValues(weight);
  if (!values)
    return std::nullopt;
  for (auto [i, v] : llvm::enumerate(*values))
    v *= scale[channelOf(static_cast<int64_t>(i))];
  return values;
}

LogicalResult mlir::modelc::foldChannelAffine(PatternRewriter &rewriter,
                                              Operation *root,
                                              Operation *producer,
                                              ArrayRef<double> scale,
                                              ArrayRef<double> shift) {
  std::optional<OutputChannels> channels = getFoldableOutputChannels(producer);
  if (!channels || root->getNumResults() != 1 ||
      failed(verifyCompatibleShape(root->getResult(0).getType(),
                                   producer->getResult(0).getType())))
    return failure();
  int64_t count = channels->count;
  Value weight = producer->getOperand(1);
  auto weightType = tensorType(weight);
  ArrayRef<int64_t> w = weightType.getShape();
  Folded folded;

  // Which channel each weight element scales, and the bias.
  std::function<int64_t(int64_t)> channelOf;
  Value bias;
  if (auto conv = dyn_cast<ConvOp>(producer)) {
    int64_t perFilter = weightType.getNumElements() / w[0];
    channelOf = [=](int64_t i) { return i / perFilter; };
    bias = conv.getBias();
  } else if (auto deconv = dyn_cast<ConvTransposeOp>(producer)) {
    // C x M/group x k...: input channel c of group c / (C / group) feeds
    // output channel (c / (C / group)) * (M / group) + j.
    int64_t perGroupIn = w[0] / deconv.getGroup(), perGroupOut = w[1];
    int64_t taps = weightType.getNumElements() / (w[0] * w[1]);
    channelOf = [=](int64_t i) {
      int64_t c = i / (perGroupOut * taps), j = i / taps % perGroupOut;
      return c / perGroupIn * perGroupOut + j;
    };
    bias = deconv.getBias();
  } else if (auto gemm = dyn_cast<GemmOp>(producer)) {
    if (gemm.getTransB())
      channelOf = [=](int64_t i) { return i / w[1]; };
    else
      channelOf = [=](int64_t i) { return i % w[1]; };
  } else {
    auto matmul = cast<MatMulOp>(producer);
    channelOf = [=](int64_t i) { return i % w[1]; };
    bias = matmul.getBias();
  }

  if (!scale.empty()) {
    folded.weight = scaleWeight(weight, scale, channelOf);
    if (!folded.weight)
      return failure();
  }
  if (auto gemm = dyn_cast<GemmOp>(producer)) {
    // beta * C, broadcast to rows x N, becomes a constant C' with beta 1:
    // C'[r][n] = beta * C[r][n] * s[n] + t[n].
    Value c = gemm.getC();
    if (c) {
      std::optional<SmallVector<double>> values = constantFloatValues(c);
      auto type = tensorType(c);
      if (!values || !type.hasStaticShape() || type.getRank() > 2)
        return failure();
      int64_t rows = type.getRank() == 2 ? type.getDimSize(0) : 1;
      int64_t cols = type.getRank() == 0 ? 1 : type.getShape().back();
      if (cols != 1 && cols != count)
        return failure();
      double beta = gemm.getBeta().convertToDouble();
      SmallVector<double> result;
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t n = 0; n < count; ++n)
          result.push_back(beta * (*values)[r * cols + (cols == 1 ? 0 : n)] *
                               at(scale, n, 1.0) +
                           at(shift, n, 0.0));
      folded.bias = std::move(result);
      folded.biasShape = rows == 1 ? SmallVector<int64_t>{count}
                                   : SmallVector<int64_t>{rows, count};
    } else if (!shift.empty()) {
      folded.bias = SmallVector<double>(shift);
      folded.biasShape = {count};
    }
  } else {
    FailureOr<std::optional<SmallVector<double>>> b =
        foldBias(bias, count, scale, shift);
    if (failed(b))
      return failure();
    folded.bias = std::move(*b);
    folded.biasShape = {count};
  }

  // The producer again, at ROOT, with the new constants.
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(root);
  Location loc = rewriter.getFusedLoc({producer->getLoc(), root->getLoc()});
  Operation *clone = rewriter.clone(*producer);
  clone->setLoc(loc);
  Type element = weightType.getElementType();
  if (folded.weight)
    clone->setOperand(
        1, createFloatConstant(rewriter, loc, weightType, *folded.weight));
  Value newBias;
  if (folded.bias)
    newBias = createFloatConstant(
        rewriter, loc, RankedTensorType::get(folded.biasShape, element),
        *folded.bias);
  if (newBias) {
    MutableOperandRange range =
        TypeSwitch<Operation *, MutableOperandRange>(clone)
            .Case([](ConvOp op) { return op.getBiasMutable(); })
            .Case([](ConvTransposeOp op) { return op.getBiasMutable(); })
            .Case([](GemmOp op) { return op.getCMutable(); })
            .Case([](MatMulOp op) { return op.getBiasMutable(); });
    range.assign(newBias);
  }
  // C' already holds beta * C.
  if (auto gemm = dyn_cast<GemmOp>(clone); gemm && gemm.getC())
    gemm.setBeta(APFloat(1.0f));
  clone->getResult(0).setType(root->getResult(0).getType());
  rewriter.replaceOp(root, clone->getResults());
  if (producer->use_empty())
    rewriter.eraseOp(producer);
  return success();
}
