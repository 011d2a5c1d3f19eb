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

/// Window attributes of Conv and pooling ops with auto_pad resolved, or
/// kept (AUTOPAD, pads all zero) where the pads depend on a dynamic size.
struct Window {
  SmallVector<int64_t> kernel, pads, strides, dilations;
  std::string autoPad = "NOTSET";
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
  // Along a dynamic axis with a stride above 1 the pads depend on the
  // size: the lowering computes them at run time.
  for (int64_t i = 0; i < rank; ++i) {
    if (ShapedType::isDynamic(input.getDimSize(i + 2)) && w.strides[i] > 1) {
      w.pads.assign(2 * rank, 0);
      w.autoPad = autoPad;
      return w;
    }
  }
  for (int64_t i = 0; i < rank; ++i) {
    int64_t in = input.getDimSize(i + 2);
    int64_t extent = (w.kernel[i] - 1) * w.dilations[i] + 1;
    int64_t total;
    if (!ShapedType::isDynamic(in)) {
      int64_t out = (in + w.strides[i] - 1) / w.strides[i];
      total = std::max<int64_t>(0, (out - 1) * w.strides[i] + extent - in);
    } else {
      // A stride of 1 (see above): the output keeps the input's size
      // whatever it is.
      total = extent - 1;
    }
    int64_t small = total / 2, large = total - total / 2;
    bool upper = autoPad == "SAME_UPPER";
    w.pads[i] = upper ? small : large;
    w.pads[i + rank] = upper ? large : small;
  }
  return w;
}

LogicalResult importConv(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  FailureOr<Value> conv =
      buildConv(ctx, ctx.operand(0), ctx.operand(1), ctx.operand(2),
                ctx.resultType());
  if (failed(conv))
    return failure();
  results.push_back(*conv);
  return success();
}

/// ConvTranspose: pads from pads, auto_pad or output_shape; the output
/// shape (with output_padding) comes from shape inference.
LogicalResult importConvTranspose(NodeContext &ctx,
                                  SmallVectorImpl<Value> &results) {
  RankedTensorType input = ctx.operandType(0);
  RankedTensorType weight = ctx.operandType(1);
  RankedTensorType output = ctx.resultType();
  int64_t rank = input.getRank() - 2;
  if (rank < 1)
    return ctx.error("the input needs at least one spatial dimension");
  if (!weight.hasStaticShape())
    return ctx.error("the weight must have a static shape");
  SmallVector<int64_t> kernel = ctx.getInts("kernel_shape").value_or(
      SmallVector<int64_t>(weight.getShape().drop_front(2)));
  SmallVector<int64_t> strides =
      ctx.getInts("strides").value_or(SmallVector<int64_t>(rank, 1));
  SmallVector<int64_t> dilations =
      ctx.getInts("dilations").value_or(SmallVector<int64_t>(rank, 1));
  SmallVector<int64_t> pads =
      ctx.getInts("pads").value_or(SmallVector<int64_t>(2 * rank, 0));
  SmallVector<int64_t> outputPadding =
      ctx.getInts("output_padding").value_or(SmallVector<int64_t>(rank, 0));
  if (static_cast<int64_t>(kernel.size()) != rank ||
      static_cast<int64_t>(strides.size()) != rank ||
      static_cast<int64_t>(dilations.size()) != rank ||
      static_cast<int64_t>(pads.size()) != 2 * rank ||
      static_cast<int64_t>(outputPadding.size()) != rank)
    return ctx.error("kernel_shape, strides, dilations, pads or "
                     "output_padding have the wrong length");
  std::string autoPad = ctx.getString("auto_pad", "NOTSET");
  bool fromOutput = ctx.attr("output_shape") || autoPad == "SAME_UPPER" ||
                    autoPad == "SAME_LOWER";
  if (autoPad == "VALID")
    pads.assign(2 * rank, 0);
  if (fromOutput) {
    // Total padding that yields the result's spatial size; SAME_LOWER puts
    // the odd one at the beginning.
    for (int64_t i = 0; i < rank; ++i) {
      int64_t in = input.getDimSize(2 + i), out = output.getDimSize(2 + i);
      int64_t total;
      if (!ShapedType::isDynamic(in) && !ShapedType::isDynamic(out)) {
        int64_t full = strides[i] * (in - 1) + outputPadding[i] +
                       (kernel[i] - 1) * dilations[i] + 1;
        total = full - out;
      } else if (!ctx.attr("output_shape")) {
        // SAME_*: the output is the input times the stride, whatever its
        // size.
        total =
            outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1 - strides[i];
      } else {
        return ctx.error("output_shape needs static spatial sizes of the "
                         "input and the output (pin the input's shape with "
                         "--shape)");
      }
      bool lower = autoPad == "SAME_LOWER";
      pads[i] = lower ? total - total / 2 : total / 2;
      pads[i + rank] = lower ? total / 2 : total - total / 2;
    }
  }
  // The end pads absorb output_padding: the output size is then
  // (D - 1) * stride + (k - 1) * dilation + 1 - pads on every axis.
  for (int64_t i = 0; i < rank; ++i)
    pads[i + rank] -= outputPadding[i];
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<ConvTransposeOp>(
      ctx.loc, output, ctx.operand(0), ctx.operand(1), ctx.operand(2),
      b.getDenseI64ArrayAttr(pads), b.getDenseI64ArrayAttr(strides),
      b.getDenseI64ArrayAttr(dilations),
      b.getI64IntegerAttr(ctx.getInt("group", 1))));
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
        b.getBoolAttr(ctx.getInt("count_include_pad", 0) != 0),
        b.getStringAttr(w->autoPad)));
  } else {
    Type indicesType = ctx.hasOutput(1) ? ctx.resultType(1) : Type();
    auto op = b.create<Op>(
        ctx.loc, ctx.resultType(), indicesType, ctx.operand(0),
        b.getDenseI64ArrayAttr(w->kernel), b.getDenseI64ArrayAttr(w->pads),
        b.getDenseI64ArrayAttr(w->strides),
        b.getDenseI64ArrayAttr(w->dilations), b.getBoolAttr(ceilMode),
        b.getI64IntegerAttr(storageOrder), b.getStringAttr(w->autoPad));
    results.push_back(op.getOutput());
    if (ctx.hasOutput(1))
      results.push_back(op.getIndices());
  }
  return success();
}

/// MaxUnpool: the indices address the unpooled shape; the result type is
/// ONNX's output_shape (a constant, or the declared output's shape when it
/// is a graph input) or, without it, the unpooled shape.
LogicalResult importMaxUnpool(NodeContext &ctx,
                              SmallVectorImpl<Value> &results) {
  if (!ctx.operand(0) || !ctx.operand(1))
    return ctx.error("the input and the indices are required");
  RankedTensorType input = ctx.operandType(0);
  int64_t rank = input.getRank() - 2;
  if (rank < 1)
    return ctx.error("the input needs at least one spatial dimension");
  std::optional<SmallVector<int64_t>> kernel = ctx.getInts("kernel_shape");
  if (!kernel)
    return ctx.error("kernel_shape is required");
  SmallVector<int64_t> strides =
      ctx.getInts("strides").value_or(SmallVector<int64_t>(rank, 1));
  SmallVector<int64_t> pads =
      ctx.getInts("pads").value_or(SmallVector<int64_t>(2 * rank, 0));
  if (static_cast<int64_t>(kernel->size()) != rank ||
      static_cast<int64_t>(strides.size()) != rank ||
      static_cast<int64_t>(pads.size()) != 2 * rank)
    return ctx.error("kernel_shape, strides or pads have the wrong length");
  if (llvm::any_of(*kernel, [](int64_t k) { return k < 1; }) ||
      llvm::any_of(strides, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return ctx.error("kernel_shape and strides must be positive and pads "
                     "not negative");
  if (ctx.operandType(1) !=
      RankedTensorType::get(input.getShape(), ctx.builder.getI64Type()))
    return ctx.error("the indices must be int64 with the input's shape");
  if (!input.hasStaticShape())
    return ctx.error("the input shape must be static (pin it with --shape)");
  SmallVector<int64_t> unpooled(input.getShape());
  for (int64_t i = 0; i < rank; ++i)
    unpooled[i + 2] = (input.getDimSize(i + 2) - 1) * strides[i] - pads[i] -
                      pads[i + rank] + (*kernel)[i];
  RankedTensorType result = ctx.resultType();
  if (ctx.operand(2)) {
    std::optional<SmallVector<int64_t>> shape = ctx.constantInts(2);
    if (shape && !result.hasStaticShape())
      result = RankedTensorType::get(*shape, input.getElementType());
    if (shape && ArrayRef<int64_t>(*shape) != result.getShape())
      return ctx.error("output_shape does not match the output's type");
  } else if (!result.hasStaticShape()) {
    result = RankedTensorType::get(unpooled, input.getElementType());
  }
  if (!result.hasStaticShape() || result.getRank() != input.getRank())
    return ctx.error("the result shape must be static: make output_shape "
                     "constant, or declare the output's shape");
  for (int64_t i = 0; i < input.getRank(); ++i)
    if (i < 2 ? result.getDimSize(i) != unpooled[i]
              : result.getDimSize(i) < unpooled[i] || unpooled[i] < 1)
      return ctx.error("output_shape must keep the batch and channels and "
                       "be at least the unpooled shape in each spatial axis");
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<MaxUnpoolOp>(
      ctx.loc, result, ctx.operand(0), ctx.operand(1),
      b.getDenseI64ArrayAttr(*kernel), b.getDenseI64ArrayAttr(pads),
      b.getDenseI64ArrayAttr(strides)));
  return success();
}

template <typename Op>
LogicalResult importGlobalPool(NodeContext &ctx,
                               SmallVectorImpl<Value> &results) {
  results.push_back(
      ctx.builder.create<Op>(ctx.loc, ctx.resultType(), ctx.operand(0)));
  return success();
}

/// Mean over AXES of X, keeping them as size 1.
Value meanOver(NodeContext &ctx, Value x, ArrayRef<int64_t> axes) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(type.getShape());
  for (int64_t a : axes)
    shape[a] = 1;
  OpBuilder &b = ctx.builder;
  return b.create<ReduceMeanOp>(
      ctx.loc, RankedTensorType::get(shape, type.getElementType()), x,
      b.getDenseI64ArrayAttr(axes), b.getBoolAttr(true), b.getBoolAttr(false));
}

/// A binary op whose result has the broadcast shape of its operands.
template <typename Op>
Value broadcasting(NodeContext &ctx, Value lhs, Value rhs) {
  auto l = cast<RankedTensorType>(lhs.getType());
  auto r = cast<RankedTensorType>(rhs.getType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(l.getShape(), r.getShape());
  assert(succeeded(shape) && "operands must broadcast");
  return ctx.create<Op>(RankedTensorType::get(*shape, l.getElementType()), lhs,
                        rhs);
}

Value scalarLike(NodeContext &ctx, Value like, double value) {
  return ctx.scalarConstant(
      cast<RankedTensorType>(like.getType()).getElementType(), value);
}

/// BatchNormalization in training mode: batch statistics normalize the
/// input, and the running mean and variance are updated with `momentum`.
LogicalResult importTrainingBatchNormalization(
    NodeContext &ctx, SmallVectorImpl<Value> &results) {
  Value x = ctx.operand(0);
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  if (!type.hasStaticShape() || rank < 2)
    return ctx.error("needs a static input with channels");
  SmallVector<int64_t> axes{0};
  for (int64_t i = 2; i < rank; ++i)
    axes.push_back(i);
  // Per-channel parameters as C x 1 x ... to broadcast along axis 1.
  SmallVector<int64_t> channelShape{type.getDimSize(1)};
  channelShape.append(rank - 2, 1);
  auto channel = [&](Value v) {
    auto t = cast<RankedTensorType>(v.getType());
    return ctx.create<ReshapeOp>(
        RankedTensorType::get(channelShape, t.getElementType()), v,
        ctx.i64Constant(channelShape));
  };
  Value mean = meanOver(ctx, x, axes);
  Value centered = broadcasting<SubOp>(ctx, x, mean);
  Value var = meanOver(ctx, broadcasting<MulOp>(ctx, centered, centered), axes);
  float epsilon = ctx.getFloat("epsilon", 1e-5f);
  Value stddev = ctx.create<SqrtOp>(
      cast<RankedTensorType>(var.getType()),
      broadcasting<AddOp>(ctx, var, scalarLike(ctx, var, epsilon)));
  Value y = broadcasting<DivOp>(ctx, centered, stddev);
  y = broadcasting<MulOp>(ctx, y, channel(ctx.operand(1)));
  y = broadcasting<AddOp>(ctx, y, channel(ctx.operand(2)));
  results.push_back(y);
  float momentum = ctx.getFloat("momentum", 0.9f);
  auto update = [&](Value running, Value batch, unsigned output) {
    auto t = ctx.resultType(output);
    Value flat = ctx.create<ReshapeOp>(
        RankedTensorType::get(t.getShape(), type.getElementType()), batch,
        ctx.i64Constant(t.getShape()));
    Value kept = broadcasting<MulOp>(ctx, running,
                                     scalarLike(ctx, running, momentum));
    return broadcasting<AddOp>(
        ctx, kept,
        broadcasting<MulOp>(ctx, flat, scalarLike(ctx, flat, 1 - momentum)));
  };
  results.push_back(ctx.hasOutput(1) ? update(ctx.operand(3), mean, 1)
                                     : Value());
  results.push_back(ctx.hasOutput(2) ? update(ctx.operand(4), var, 2)
                                     : Value());
  return success();
}

/// MeanVarianceNormalization: (X - mean) / (sqrt(mean(X^2) - mean^2) + eps)
/// over `axes`, as ONNX's function body computes it.
LogicalResult importMeanVarianceNormalization(
    NodeContext &ctx, SmallVectorImpl<Value> &results) {
  Value x = ctx.operand(0);
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> axes =
      ctx.getInts("axes").value_or(SmallVector<int64_t>{0, 2, 3});
  for (int64_t &a : axes) {
    if (a < -rank || a >= rank)
      return ctx.error("axis " + Twine(a) + " is out of range");
    if (a < 0)
      a += rank;
  }
  Value mean = meanOver(ctx, x, axes);
  Value meanOfSquares = meanOver(ctx, broadcasting<MulOp>(ctx, x, x), axes);
  Value variance = broadcasting<SubOp>(ctx, meanOfSquares,
                                       broadcasting<MulOp>(ctx, mean, mean));
  Value stddev =
      ctx.create<SqrtOp>(cast<RankedTensorType>(variance.getType()), variance);
  stddev = broadcasting<AddOp>(ctx, stddev, scalarLike(ctx, stddev, 1e-9));
  results.push_back(broadcasting<DivOp>(
      ctx, broadcasting<SubOp>(ctx, x, mean), stddev));
  return success();
}

LogicalResult importBatchNormalization(NodeContext &ctx,
                                       SmallVectorImpl<Value> &results) {
  if (ctx.getInt("training_mode", 0) != 0)
    return importTrainingBatchNormalization(ctx, results);
  if (ctx.hasOutput(1) || ctx.hasOutput(2))
    return ctx.error("the running mean and variance outputs need "
                     "training_mode = 1");
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
      /*bias=*/Value(), /*residual=*/Value(),
      ActivationKindAttr::get(b.getContext(), ActivationKind::none),
      b.getF32FloatAttr(0), b.getF32FloatAttr(0)));
  return success();
}

LogicalResult importEinsum(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.builder.create<EinsumOp>(
      ctx.loc, ctx.resultType(), ValueRange(ctx.operands),
      ctx.builder.getStringAttr(ctx.getString("equation", ""))));
  return success();
}

LogicalResult importDet(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<DetOp>(ctx.resultType(), ctx.operand(0)));
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
  if (axis < 0 || axis > rank)
    return ctx.error("axis " + Twine(ctx.getInt("axis", 1)) +
                     " is out of range");
  // Normalizing the last axis needs no coercion.
  if (axis == rank - 1) {
    results.push_back(
        b.create<Op>(ctx.loc, type, ctx.operand(0), b.getI64IntegerAttr(axis)));
    return success();
  }
  if (!type.hasStaticShape()) {
    // Flatten at the axis, normalize the rows, and back to the input's
    // run-time shape.
    auto dimProduct = [&](int64_t begin, int64_t end) {
      int64_t product = 1;
      for (int64_t i = begin; i < end; ++i) {
        if (type.isDynamicDim(i))
          return ShapedType::kDynamic;
        product *= type.getDimSize(i);
      }
      return product;
    };
    auto flat = RankedTensorType::get(
        {dimProduct(0, axis), dimProduct(axis, rank)}, type.getElementType());
    Value x =
        ctx.create<FlattenOp>(flat, ctx.operand(0), b.getI64IntegerAttr(axis));
    x = b.create<Op>(ctx.loc, flat, x, b.getI64IntegerAttr(1));
    Value shape = ctx.create<ShapeOp>(
        RankedTensorType::get({rank}, b.getI64Type()), ctx.operand(0),
        b.getI64IntegerAttr(0), IntegerAttr());
    results.push_back(ctx.create<ReshapeOp>(type, x, shape));
    return success();
  }
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
  Type element = ctx.operandType(0).getElementType();
  for (unsigned i = 1; i < 3; ++i)
    if (ctx.hasOutput(i) && ctx.resultType(i).getElementType() != element)
      return ctx.error("a stash_type other than the input's element type is "
                       "not supported yet");
  // Mean and InvStdDev: the input's shape with the normalized axes 1.
  RankedTensorType input = ctx.operandType(0);
  int64_t rank = input.getRank();
  int64_t axis = ctx.getInt("axis", -1);
  if (axis < -rank || axis >= rank)
    return ctx.error("axis " + Twine(axis) + " is out of range");
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> statShape(input.getShape().take_front(axis));
  statShape.append(rank - axis, 1);
  auto statType = RankedTensorType::get(statShape, element);
  OpBuilder &b = ctx.builder;
  auto op = b.create<LayerNormalizationOp>(
      ctx.loc, ctx.resultType(), statType, statType, ctx.operand(0),
      ctx.operand(1), ctx.operand(2),
      b.getI64IntegerAttr(ctx.getInt("axis", -1)),
      b.getF32FloatAttr(ctx.getFloat("epsilon", 1e-5f)));
  results.push_back(op.getOutput());
  results.push_back(op.getMean());
  results.push_back(op.getInvStdDev());
  return success();
}

LogicalResult importInstanceNormalization(NodeContext &ctx,
                                          SmallVectorImpl<Value> &results) {
  results.push_back(ctx.builder.create<InstanceNormalizationOp>(
      ctx.loc, ctx.resultType(), ctx.operand(0), ctx.operand(1),
      ctx.operand(2),
      ctx.builder.getF32FloatAttr(ctx.getFloat("epsilon", 1e-5f))));
  return success();
}

LogicalResult importLRN(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  if (!ctx.attr("size"))
    return ctx.error("size is required");
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<LRNOp>(
      ctx.loc, ctx.resultType(), ctx.operand(0),
      b.getI64IntegerAttr(ctx.getInt("size", 1)),
      b.getF32FloatAttr(ctx.getFloat("alpha", 0.0001f)),
      b.getF32FloatAttr(ctx.getFloat("beta", 0.75f)),
      b.getF32FloatAttr(ctx.getFloat("bias", 1.0f))));
  return success();
}

/// Reductions: axes is an attribute before opset 13 (ReduceSum) or 18
/// (the others) and an optional input after.
/// Axes known only at run time stay an operand (see Modelc_ReduceOp).
template <typename Op>
LogicalResult importReduce(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  SmallVector<int64_t> axes;
  Value dynamicAxes;
  if (ctx.operand(1)) {
    if (std::optional<SmallVector<int64_t>> values = ctx.constantInts(1)) {
      axes = *values;
    } else {
      dynamicAxes = ctx.operand(1);
      auto axesType = cast<RankedTensorType>(dynamicAxes.getType());
      if (axesType.getRank() != 1 || !axesType.hasStaticShape())
        return ctx.error("run-time axes need a 1-D shape known at compile "
                         "time");
      if (!typeOf(ctx.operand(0)).hasStaticShape() ||
          !ctx.resultType().hasStaticShape())
        return ctx.error("run-time axes need static input and result "
                         "shapes");
    }
  } else if (std::optional<SmallVector<int64_t>> attr = ctx.getInts("axes")) {
    axes = *attr;
  }
  OpBuilder &b = ctx.builder;
  results.push_back(
      b.create<Op>(ctx.loc, ctx.resultType(), ctx.operand(0), dynamicAxes,
                   b.getDenseI64ArrayAttr(axes),
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

FailureOr<Value> onnx_import::buildConv(NodeContext &ctx, Value input,
                                        Value weight, Value bias,
                                        RankedTensorType resultType) {
  auto weightType = cast<RankedTensorType>(weight.getType());
  SmallVector<int64_t> kernel = ctx.getInts("kernel_shape").value_or(
      SmallVector<int64_t>(weightType.getShape().drop_front(2)));
  FailureOr<Window> w = resolveWindow(ctx, kernel);
  if (failed(w))
    return failure();
  OpBuilder &b = ctx.builder;
  return b
      .create<ConvOp>(
          ctx.loc, resultType, input, weight, bias, /*residual=*/Value(),
          b.getDenseI64ArrayAttr(w->pads), b.getDenseI64ArrayAttr(w->strides),
          b.getDenseI64ArrayAttr(w->dilations),
          b.getI64IntegerAttr(ctx.getInt("group", 1)),
          b.getStringAttr(w->autoPad), /*channels_last=*/UnitAttr(),
          ActivationKindAttr::get(b.getContext(), ActivationKind::none),
          b.getF32FloatAttr(0), b.getF32FloatAttr(0))
      .getResult();
}

void onnx_import::registerNNImporters(llvm::StringMap<ImportFn> &t) {
  t["Conv"] = importConv;
  t["ConvTranspose"] = importConvTranspose;
  t["MaxPool"] = importPool<MaxPoolOp, false>;
  t["AveragePool"] = importPool<AveragePoolOp, true>;
  t["MaxUnpool"] = importMaxUnpool;
  t["GlobalAveragePool"] = importGlobalPool<GlobalAveragePoolOp>;
  t["GlobalMaxPool"] = importGlobalPool<GlobalMaxPoolOp>;
  t["BatchNormalization"] = importBatchNormalization;
  t["MeanVarianceNormalization"] = importMeanVarianceNormalization;
  t["Gemm"] = importGemm;
  t["MatMul"] = importMatMul;
  t["Einsum"] = importEinsum;
  t["Det"] = importDet;
  t["Softmax"] = importSoftmax<SoftmaxOp>;
  t["LogSoftmax"] = importSoftmax<LogSoftmaxOp>;
  t["LayerNormalization"] = importLayerNormalization;
  t["InstanceNormalization"] = importInstanceNormalization;
  t["LRN"] = importLRN;
  t["Hardmax"] = importSoftmax<HardmaxOp>;
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
