//===- Sampling.cpp - importers of ONNX GridSample and RoiAlign -*- C++ -*-===//
//
// Part of modelc. Ops that sample an image at positions read from data:
// GridSample (opset 16) and RoiAlign (opsets 10 and 16). The result types
// follow from the operands' shapes and the attributes.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

bool isFloatTensor(RankedTensorType type) {
  return isa<FloatType>(type.getElementType());
}

/// GridSample-16: 2-D sampling of an N x C x H x W input.
LogicalResult importGridSample(NodeContext &ctx,
                               SmallVectorImpl<Value> &results) {
  if (failed(ctx.requireInputs(2)))
    return failure();
  RankedTensorType input = ctx.operandType(0);
  RankedTensorType grid = ctx.operandType(1);
  std::string mode = ctx.getString("mode", "bilinear");
  std::string padding = ctx.getString("padding_mode", "zeros");
  int64_t alignCorners = ctx.getInt("align_corners", 0);
  if (!llvm::is_contained({"bilinear", "nearest", "bicubic"}, mode))
    return ctx.error("unsupported mode '" + mode + "'");
  if (!llvm::is_contained({"zeros", "border", "reflection"}, padding))
    return ctx.error("unsupported padding_mode '" + padding + "'");
  if (alignCorners != 0 && alignCorners != 1)
    return ctx.error("align_corners must be 0 or 1");
  if (!isFloatTensor(input) || !isFloatTensor(grid))
    return ctx.error("the input and the grid must be floating-point tensors");
  if (input.getRank() != 4)
    return ctx.error("the input must be 4-D (N x C x H x W)");
  if (grid.getRank() != 4 || grid.getDimSize(3) != 2)
    return ctx.error("the grid must be N x H_out x W_out x 2");
  if (!input.hasStaticShape() || !grid.hasStaticShape())
    return ctx.error("the input and grid shapes must be static (pin them "
                     "with --shape)");
  if (grid.getDimSize(0) != input.getDimSize(0))
    return ctx.error("the grid must have the input's batch size");
  auto result = RankedTensorType::get({input.getDimSize(0), input.getDimSize(1),
                                       grid.getDimSize(1), grid.getDimSize(2)},
                                      input.getElementType());
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<GridSampleOp>(
      ctx.loc, result, ctx.operand(0), ctx.operand(1), b.getStringAttr(mode),
      b.getStringAttr(padding), b.getBoolAttr(alignCorners != 0)));
  return success();
}

/// RoiAlign: opset 10 has no coordinate_transformation_mode and behaves as
/// opset 16's output_half_pixel.
LogicalResult importRoiAlign(NodeContext &ctx,
                             SmallVectorImpl<Value> &results) {
  if (failed(ctx.requireInputs(3)))
    return failure();
  RankedTensorType input = ctx.operandType(0);
  RankedTensorType rois = ctx.operandType(1);
  RankedTensorType indices = ctx.operandType(2);
  std::string mode = ctx.getString("mode", "avg");
  std::string transform =
      ctx.opset < 16
          ? "output_half_pixel"
          : ctx.getString("coordinate_transformation_mode", "half_pixel");
  if (mode != "avg" && mode != "max")
    return ctx.error("unsupported mode '" + mode + "'");
  if (transform != "half_pixel" && transform != "output_half_pixel")
    return ctx.error("unsupported coordinate_transformation_mode '" +
                     transform + "'");
  int64_t height = ctx.getInt("output_height", 1);
  int64_t width = ctx.getInt("output_width", 1);
  int64_t samplingRatio = ctx.getInt("sampling_ratio", 0);
  if (height < 1 || width < 1)
    return ctx.error("output_height and output_width must be positive");
  if (samplingRatio < 0)
    return ctx.error("sampling_ratio must not be negative");
  if (!isFloatTensor(input) || !isFloatTensor(rois))
    return ctx.error("the input and rois must be floating-point tensors");
  if (input.getRank() != 4)
    return ctx.error("the input must be 4-D (N x C x H x W)");
  if (rois.getRank() != 2 || rois.getDimSize(1) != 4)
    return ctx.error("rois must be num_rois x 4");
  Type indexElement = indices.getElementType();
  if (indices.getRank() != 1 ||
      !(indexElement.isInteger(64) || indexElement.isInteger(32)))
    return ctx.error("batch_indices must be a 1-D int64 or int32 tensor");
  int64_t numRois = rois.getDimSize(0);
  if (ShapedType::isDynamic(numRois))
    numRois = indices.getDimSize(0);
  auto result = RankedTensorType::get(
      {numRois, input.getDimSize(1), height, width}, input.getElementType());
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<RoiAlignOp>(
      ctx.loc, result, ctx.operand(0), ctx.operand(1), ctx.operand(2),
      b.getStringAttr(mode), b.getStringAttr(transform),
      b.getI64IntegerAttr(samplingRatio),
      b.getF32FloatAttr(ctx.getFloat("spatial_scale", 1.0f))));
  return success();
}

} // namespace

void onnx_import::registerSamplingImporters(llvm::StringMap<ImportFn> &t) {
  t["GridSample"] = importGridSample;
  t["RoiAlign"] = importRoiAlign;
}
