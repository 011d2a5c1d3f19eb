//===- NN.cpp - importers of neural-network ONNX ops ------------*- C++ -*-===//
//
// Part of modelc. Convolution, pooling, normalization, matrix products,
// softmax and reductions.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

/// Window attributes of Conv and pooling ops with auto_pad resolved.
struct Window {
  SmallVector<int64_t> kernel, pads, strides, dilations;
};

FailureOr<Window> resolveWindow(NodeContext &ctx, ArrayRef<int64_t> kernel) {
  RankedTensorType input = ctx.operandType(0);
  int64_t rank = input.getRank() - 2;
  if (rank < 1)
    return ctx.error("the input needs at least one spatial dimension");
  Window w;
  w.kernel.assign(kernel.begin(), kernel.end());
  if (static_cast<int64_t>(w.kernel.size()) != rank)
    return ctx.error("kernel_shape must have one value per spatial axis");
  w.strides = ctx.getInts("strides").value_or(SmallVector<int64_t>(rank, 1));
  w.dilations =
      ctx.getInts("dilations").value_or(SmallVector<int64_t>(rank, 1));
  w.pads = ctx.getInts("pads").value_or(SmallVector<int64_t>(2 * rank, 0));
  if (static_cast<int64_t>(w.strides.size()) != rank ||
      static_cast<int64_t>(w.dilations.size()) != rank ||
      static_cast<int64_t>(w.pads.size()) != 2 * rank)
    return ctx.error("strides, dilations or pads have the wrong length");
  std::string autoPad = ctx.getString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET")
    return w;
  if (autoPad == "VALID") {
    w.pads.assign(2 * rank, 0);
    return w;
  }
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return ctx.error("unknown auto_pad '" + autoPad + "'");
  for (int64_t i = 0; i < rank; ++i) {
    int64_t in = input.getDimSize(i + 2);
    if (ShapedType::isDynamic(in))
      return ctx.error("auto_pad needs static spatial dimensions");
    int64_t out = (in + w.strides[i] - 1) / w.strides[i];
    int64_t total = std::max<int64_t>(
        0, (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] + 1 -
               in);
    int64_t small = total / 2, large = total - total / 2;
    bool upper = autoPad == "SAME_UPPER";
    w.pads[i] = upper ? small : large;
    w.pads[i + rank] = upper ? large : small;
  }
  return w;
}

LogicalResult importConv(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  RankedTensorType weight = ctx.operandType(1);
  SmallVector<int64_t> kernel = ctx.getInts("kernel_shape").value_or(
      SmallVector<int64_t>(weight.getShape().drop_front(2)));
  FailureOr<Window> w = resolveWindow(ctx, kernel);
  if (failed(w))
    return failure();
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<ConvOp>(
      ctx.loc, ctx.resultType(), ctx.operand(0), ctx.operand(1),
      ctx.operand(2), b.getDenseI64ArrayAttr(w->pads),
      b.getDenseI64ArrayAttr(w->strides), b.getDenseI64ArrayAttr(w->dilations),
      b.getI64IntegerAttr(ctx.getInt("group", 1)),
      ActivationKindAttr::get(b.getContext(), ActivationKind::none),
      b.getF32FloatAttr(0), b.getF32FloatAttr(0)));
  return success();
}

template <typename Op, bool isAverage>
LogicalResult importPool(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  std::optional<SmallVector<int64_t>> kernel = ctx.getInts("kernel_shape");
  if (!kernel)
    return ctx.error("kernel_shape is required");
  if (isAverage && ctx.hasOutput(1))
    return ctx.error("AveragePool has one output");
  int64_t storageOrder = ctx.getInt("storage_order", 0);
  if (storageOrder != 0 && storageOrder != 1)
    return ctx.error("storage_order must be 0 or 1");
  FailureOr<Window> w = resolveWindow(ctx, *kernel);
  if (failed(w))
    return failure();
  OpBuilder &b = ctx.builder;
  bool ceilMode = ctx.getInt("ceil_mode", 0) != 0;
  if constexpr (isAverage) {
    results.push_back(b.create<Op>(
        ctx.loc, ctx.resultType(), ctx.operand(0),
        b.getDenseI64ArrayAttr(w->kernel), b.getDenseI64ArrayAttr(w->pads),
        b.getDenseI64ArrayAttr(w->strides),
        b.getDenseI64ArrayAttr(w->dilations), b.getBoolAttr(ceilMode),
        b.getBoolAttr(ctx.getInt("count_include_pad", 0) != 0)));
  } else {
    Type indicesType = ctx.hasOutput(1) ? ctx.resultType(1) : Type();
    auto op = b.create<Op>(
        ctx.loc, ctx.resultType(), indicesType, ctx.operand(0),
        b.getDenseI64ArrayAttr(w->kernel), b.getDenseI64ArrayAttr(w->pads),
        b.getDenseI64ArrayAttr(w->strides),
        b.getDenseI64ArrayAttr(w->dilations), b.getBoolAttr(ceilMode),
        b.getI64IntegerAttr(storageOrder));
    results.push_back(op.getOutput());
    if (ctx.hasOutput(1))
      results.push_back(op.getIndices());
  }
  return success();
}

template <typename Op>
LogicalResult importGlobalPool(NodeContext &ctx,
                               SmallVectorImpl<Value> &results) {
  results.push_back(
      ctx.builder.create<Op>(ctx.loc, ctx.resultType(), ctx.operand(0)));
  return success();
}

LogicalResult importBatchNormalization(NodeContext &ctx,
                                       SmallVectorImpl<Value> &results) {
  if (ctx.getInt("training_mode", 0) != 0 || ctx.hasOutput(1) ||
      ctx.hasOutput(2))
    return ctx.error("only inference mode (one output) is supported");
  if (ctx.opset < 7 && ctx.getInt("spatial", 1) != 1)
    return ctx.error("spatial = 0 is not supported");
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<BatchNormalizationOp>(
      ctx.loc, ctx.resultType(), ctx.operand(0), ctx.operand(1),
      ctx.operand(2), ctx.operand(3), ctx.operand(4),
      b.getF32FloatAttr(ctx.getFloat("epsilon", 1e-5f))));
  return success();
}

LogicalResult importGemm(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<GemmOp>(
      ctx.loc, ctx.resultType(), ctx.operand(0), ctx.operand(1),
      ctx.operand(2), b.getF32FloatAttr(ctx.getFloat("alpha", 1.0f)),
      b.getF32FloatAttr(ctx.getFloat("beta", 1.0f)),
      b.getBoolAttr(ctx.getInt("transA", 0) != 0),
      b.getBoolAttr(ctx.getInt("transB", 0) != 0),
      ActivationKindAttr::get(b.getContext(), ActivationKind::none),
      b.getF32FloatAttr(0), b.getF32FloatAttr(0)));
  return success();
}

LogicalResult importMatMul(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<MatMulOp>(
      ctx.loc, ctx.resultType(), ctx.operand(0), ctx.operand(1),
      ActivationKindAttr::get(b.getContext(), ActivationKind::none),
      b.getF32FloatAttr(0), b.getF32FloatAttr(0)));
  return success();
}

/// Softmax and LogSoftmax. Before opset 13 they coerce the input to 2-D at
/// `axis` (default 1) and normalize each row.
template <typename Op>
LogicalResult importSoftmax(NodeContext &ctx,
                            SmallVectorImpl<Value> &results) {
  RankedTensorType type = ctx.resultType();
  int64_t rank = type.getRank();
  OpBuilder &b = ctx.builder;
  if (ctx.opset >= 13) {
    results.push_back(b.create<Op>(ctx.loc, type, ctx.operand(0),
                                   b.getI64IntegerAttr(ctx.getInt("axis", -1))));
    return success();
  }
  int64_t axis = ctx.getInt("axis", 1);
  if (axis < 0)
    axis += rank;
  if (!type.hasStaticShape())
    return ctx.error("dynamic shapes are not supported yet");
  int64_t rows = 1, cols = 1;
  for (int64_t i = 0; i < rank; ++i)
    (i < axis ? rows : cols) *= type.getDimSize(i);
  auto flat = RankedTensorType::get({rows, cols}, type.getElementType());
  Value x = ctx.create<ReshapeOp>(flat, ctx.operand(0),
                                  ctx.i64Constant({rows, cols}));
  x = b.create<Op>(ctx.loc, flat, x, b.getI64IntegerAttr(1));
  results.push_back(
      ctx.create<ReshapeOp>(type, x, ctx.i64Constant(type.getShape())));
  return success();
}

LogicalResult importLayerNormalization(NodeContext &ctx,
                                       SmallVectorImpl<Value> &results) {
  if (ctx.hasOutput(1) || ctx.hasOutput(2))
    return ctx.error("the Mean and InvStdDev outputs are not supported");
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<LayerNormalizationOp>(
      ctx.loc, ctx.resultType(), ctx.operand(0), ctx.operand(1),
      ctx.operand(2), b.getI64IntegerAttr(ctx.getInt("axis", -1)),
      b.getF32FloatAttr(ctx.getFloat("epsilon", 1e-5f))));
  return success();
}

/// Reductions: axes is an attribute before opset 13 (ReduceSum) or 18
/// (the others) and an optional input after.
template <typename Op>
LogicalResult importReduce(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  SmallVector<int64_t> axes;
  if (ctx.operand(1)) {
    std::optional<SmallVector<int64_t>> values = ctx.constantInts(1);
    if (!values)
      return ctx.error("axes must be a constant");
    axes = *values;
  } else if (std::optional<SmallVector<int64_t>> attr = ctx.getInts("axes")) {
    axes = *attr;
  }
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<Op>(
      ctx.loc, ctx.resultType(), ctx.operand(0), b.getDenseI64ArrayAttr(axes),
      b.getBoolAttr(ctx.getInt("keepdims", 1) != 0),
      b.getBoolAttr(ctx.getInt("noop_with_empty_axes", 0) != 0)));
  return success();
}

template <typename Op>
LogicalResult importArgReduce(NodeContext &ctx,
                              SmallVectorImpl<Value> &results) {
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<Op>(
      ctx.loc, ctx.resultType(), ctx.operand(0),
      b.getI64IntegerAttr(ctx.getInt("axis", 0)),
      b.getBoolAttr(ctx.getInt("keepdims", 1) != 0),
      b.getBoolAttr(ctx.getInt("select_last_index", 0) != 0)));
  return success();
}

} // namespace

void onnx_import::registerNNImporters(llvm::StringMap<ImportFn> &t) {
  t["Conv"] = importConv;
  t["MaxPool"] = importPool<MaxPoolOp, false>;
  t["AveragePool"] = importPool<AveragePoolOp, true>;
  t["GlobalAveragePool"] = importGlobalPool<GlobalAveragePoolOp>;
  t["GlobalMaxPool"] = importGlobalPool<GlobalMaxPoolOp>;
  t["BatchNormalization"] = importBatchNormalization;
  t["Gemm"] = importGemm;
  t["MatMul"] = importMatMul;
  t["Softmax"] = importSoftmax<SoftmaxOp>;
  t["LogSoftmax"] = importSoftmax<LogSoftmaxOp>;
  t["LayerNormalization"] = importLayerNormalization;
  t["ReduceMax"] = importReduce<ReduceMaxOp>;
  t["ReduceMean"] = importReduce<ReduceMeanOp>;
  t["ReduceMin"] = importReduce<ReduceMinOp>;
  t["ReduceProd"] = importReduce<ReduceProdOp>;
  t["ReduceSum"] = importReduce<ReduceSumOp>;
  t["ReduceSumSquare"] = importReduce<ReduceSumSquareOp>;
  t["ReduceL1"] = importReduce<ReduceL1Op>;
  t["ReduceL2"] = importReduce<ReduceL2Op>;
  t["ReduceLogSum"] = importReduce<ReduceLogSumOp>;
  t["ReduceLogSumExp"] = importReduce<ReduceLogSumExpOp>;
  t["ArgMax"] = importArgReduce<ArgMaxOp>;
  t["ArgMin"] = importArgReduce<ArgMinOp>;
}
