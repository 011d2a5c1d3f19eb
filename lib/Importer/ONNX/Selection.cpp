//===- Selection.cpp - NonZero, Compress and Unique importers ---*- C++ -*-===//
//
// Part of modelc. Ops whose result size is a count of selected elements;
// ONNX shape inference leaves that dimension unknown unless the model
// declares it (see modelc.check for how a declared size is enforced).
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

LogicalResult importNonZero(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  if (ctx.operandType(0).getRank() == 0)
    return ctx.error("NonZero of a scalar is not supported");
  results.push_back(ctx.create<NonZeroOp>(ctx.resultType(), ctx.operand(0)));
  return success();
}

LogicalResult importCompress(NodeContext &ctx,
                             SmallVectorImpl<Value> &results) {
  IntegerAttr axis;
  if (ctx.attr("axis")) {
    int64_t rank = ctx.operandType(0).getRank();
    int64_t a = ctx.getInt("axis", 0);
    if (a < -rank || a >= rank)
      return ctx.error("axis out of range");
    axis = ctx.builder.getI64IntegerAttr(a);
  }
  if (ctx.operandType(1).getRank() != 1)
    return ctx.error("the condition must be a 1-D tensor");
  // The dimensions but the axis are the input's.
  RankedTensorType type = ctx.resultType();
  if (axis) {
    RankedTensorType input = ctx.operandType(0);
    if (type.getRank() != input.getRank())
      return ctx.error("the result's rank is not the input's");
    int64_t a =
        axis.getInt() < 0 ? axis.getInt() + input.getRank() : axis.getInt();
    SmallVector<int64_t> shape(type.getShape());
    for (int64_t d = 0; d < input.getRank(); ++d)
      if (d != a && ShapedType::isDynamic(shape[d]))
        shape[d] = input.getDimSize(d);
    type = RankedTensorType::get(shape, type.getElementType());
  }
  results.push_back(
      ctx.create<CompressOp>(type, ctx.operand(0), ctx.operand(1), axis));
  return success();
}

/// Unique's results share the number of distinct slices: where the model
/// declares it for one of them, all take it.
LogicalResult importUnique(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  RankedTensorType input = ctx.operandType(0);
  if (!input.hasStaticShape())
    return ctx.error("Unique needs an input of static shape");
  std::optional<int64_t> axis;
  int64_t rank = input.getRank();
  SmallVector<int64_t> outputShape = {ShapedType::kDynamic};
  int64_t slices = input.getNumElements();
  if (ctx.attr("axis")) {
    int64_t a = ctx.getInt("axis", 0);
    if (a < -rank || a >= rank)
      return ctx.error("axis out of range");
    axis = a < 0 ? a + rank : a;
    outputShape.assign(input.getShape().begin(), input.getShape().end());
    slices = input.getDimSize(*axis);
  }
  int64_t count = ShapedType::kDynamic;
  auto declared = [&](unsigned i, int64_t d) {
    if (!ctx.hasOutput(i))
      return;
    RankedTensorType type = ctx.resultType(i);
    if (d < type.getRank() && !type.isDynamicDim(d))
      count = type.getDimSize(d);
  };
  declared(0, axis.value_or(0));
  declared(1, 0);
  declared(3, 0);
  outputShape[axis.value_or(0)] = count;
  Type i64 = ctx.builder.getI64Type();
  auto op = ctx.builder.create<UniqueOp>(
      ctx.loc,
      TypeRange{RankedTensorType::get(outputShape, input.getElementType()),
                RankedTensorType::get({count}, i64),
                RankedTensorType::get({slices}, i64),
                RankedTensorType::get({count}, i64)},
      ctx.operand(0),
      axis ? ctx.builder.getI64IntegerAttr(*axis) : IntegerAttr(),
      ctx.builder.getBoolAttr(ctx.getInt("sorted", 1) != 0));
  llvm::append_range(results, op.getResults());
  return success();
}

LogicalResult importNonMaxSuppression(NodeContext &ctx,
                                      SmallVectorImpl<Value> &results) {
  for (unsigned i = 2; i < 5; ++i)
    if (Value v = ctx.operand(i);
        v && cast<RankedTensorType>(v.getType()).hasStaticShape() &&
        cast<RankedTensorType>(v.getType()).getNumElements() != 1)
      return ctx.error("input " + Twine(i) + " must hold one value");
  OpBuilder &b = ctx.builder;
  results.push_back(ctx.create<NonMaxSuppressionOp>(
      ctx.resultType(), ctx.operand(0), ctx.operand(1), ctx.operand(2),
      ctx.operand(3), ctx.operand(4),
      b.getBoolAttr(ctx.getInt("center_point_box", 0) != 0)));
  return success();
}

} // namespace

void onnx_import::registerSelectionImporters(llvm::StringMap<ImportFn> &t) {
  t["Compress"] = importCompress;
  t["NonMaxSuppression"] = importNonMaxSuppression;
  t["NonZero"] = importNonZero;
  t["Unique"] = importUnique;
}
