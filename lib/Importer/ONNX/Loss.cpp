//===- Loss.cpp - importers of ONNX loss ops --------------------*- C++ -*-===//
//
// Part of modelc. NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss,
// imported as fixed expansions into modelc ops: a GatherElements of the
// target classes, per-class weights, ignore_index masking and the
// none/sum/mean reductions as ONNX defines them.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

RankedTensorType withElement(RankedTensorType type, Type element) {
  return RankedTensorType::get(type.getShape(), element);
}

/// Sum of every element, as a scalar.
Value sumAll(NodeContext &ctx, Value v) {
  OpBuilder &b = ctx.builder;
  return b.create<ReduceSumOp>(
      ctx.loc, RankedTensorType::get({}, typeOf(v).getElementType()), v,
      b.getDenseI64ArrayAttr({}), b.getBoolAttr(false), b.getBoolAttr(false));
}

/// The negative log-likelihood of LOGPROB (N x C x d...) at TARGET
/// (N x d...), with optional per-class WEIGHT, reduced as REDUCTION.
FailureOr<Value> nllLoss(NodeContext &ctx, Value logProb, Value target,
                         Value weight, RankedTensorType resultType) {
  OpBuilder &b = ctx.builder;
  std::string reduction = ctx.getString("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return ctx.error("unknown reduction '" + reduction + "'");
  RankedTensorType inputType = typeOf(logProb);
  RankedTensorType targetType = typeOf(target);
  if (!inputType.hasStaticShape() || !targetType.hasStaticShape())
    return ctx.error("dynamic shapes are not supported yet");
  if (inputType.getRank() < 2 ||
      targetType.getRank() != inputType.getRank() - 1)
    return ctx.error("target must have the input's shape without axis 1");
  Type f = inputType.getElementType();
  Type indexType = targetType.getElementType();
  auto boolType = withElement(targetType, b.getI1Type());

  // Ignored targets read class 0 and get weight 0.
  Value ignored;
  Value safeTarget = target;
  if (ctx.attr("ignore_index")) {
    Value ignore = ctx.scalarConstant(indexType, ctx.getInt("ignore_index", 0));
    ignored = ctx.create<EqualOp>(boolType, target, ignore);
    safeTarget = ctx.create<WhereOp>(targetType, ignored,
                                     ctx.scalarConstant(indexType, 0), target);
  }
  // picked[n, d...] = logProb[n, target[n, d...], d...].
  SmallVector<int64_t> unsqueezedShape(targetType.getShape());
  unsqueezedShape.insert(unsqueezedShape.begin() + 1, 1);
  auto unsqueezedType = RankedTensorType::get(unsqueezedShape, indexType);
  Value indices = ctx.create<UnsqueezeOp>(unsqueezedType, safeTarget,
                                          b.getDenseI64ArrayAttr({1}));
  Value picked = ctx.create<GatherElementsOp>(
      withElement(unsqueezedType, f), logProb, indices, b.getI64IntegerAttr(1));
  auto lossType = withElement(targetType, f);
  picked = ctx.create<SqueezeOp>(lossType, picked, b.getDenseI64ArrayAttr({1}));
  Value loss = ctx.create<NegOp>(lossType, picked);

  Value w;
  if (weight)
    w = ctx.create<GatherOp>(lossType, weight, safeTarget,
                             b.getI64IntegerAttr(0));
  if (ignored) {
    Value base = w ? w : ctx.create<ConstantOfShapeOp>(
                             lossType, ctx.i64Constant(targetType.getShape()),
                             cast<ElementsAttr>(DenseElementsAttr::get(
                                 RankedTensorType::get({1}, f),
                                 FloatAttr::get(f, 1.0))));
    w = ctx.create<WhereOp>(lossType, ignored, ctx.scalarConstant(f, 0), base);
  }
  if (w)
    loss = ctx.create<MulOp>(lossType, loss, w);

  if (reduction == "none")
    return loss;
  Value sum = sumAll(ctx, loss);
  if (reduction == "sum")
    return sum;
  Value count =
      w ? sumAll(ctx, w)
        : ctx.scalarConstant(f, static_cast<double>(lossType.getNumElements()));
  return ctx.create<DivOp>(RankedTensorType::get({}, f), sum, count);
}

LogicalResult importNegativeLogLikelihoodLoss(NodeContext &ctx,
                                              SmallVectorImpl<Value> &results) {
  FailureOr<Value> loss = nllLoss(ctx, ctx.operand(0), ctx.operand(1),
                                  ctx.operand(2), ctx.resultType());
  if (failed(loss))
    return failure();
  results.push_back(*loss);
  return success();
}

LogicalResult importSoftmaxCrossEntropyLoss(NodeContext &ctx,
                                            SmallVectorImpl<Value> &results) {
  Value scores = ctx.operand(0);
  RankedTensorType type = typeOf(scores);
  Value logProb = ctx.builder.create<LogSoftmaxOp>(
      ctx.loc, type, scores, ctx.builder.getI64IntegerAttr(1));
  FailureOr<Value> loss = nllLoss(ctx, logProb, ctx.operand(1),
                                  ctx.operand(2), ctx.resultType());
  if (failed(loss))
    return failure();
  results.push_back(*loss);
  results.push_back(logProb);
  return success();
}

} // namespace

void onnx_import::registerLossImporters(llvm::StringMap<ImportFn> &t) {
  t["NegativeLogLikelihoodLoss"] = importNegativeLogLikelihoodLoss;
  t["SoftmaxCrossEntropyLoss"] = importSoftmaxCrossEntropyLoss;
}
