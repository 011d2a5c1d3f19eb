//===- Resize.cpp - importers of ONNX Resize and Upsample -------*- C++ -*-===//
//
// Part of modelc. Resize (opsets 10 to 19) and the deprecated Upsample
// (opsets 1 to 9) become one modelc.resize. The result shape comes from
// ONNX shape inference, the declared graph output or constant `sizes`.
// `scales` stay an operand, read at run time (the ONNX backend tests pass
// them as graph inputs); `sizes` only fix the result type, except where
// they are not constant and the result has dynamic dimensions: the op then
// reads them.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

/// Whether optional input I is given: named, and not a tensor known to be
/// empty (ONNX's other way of leaving an input out).
bool isPresent(NodeContext &ctx, unsigned i) {
  Value v = ctx.operand(i);
  if (!v)
    return false;
  auto type = cast<RankedTensorType>(v.getType());
  return !(type.hasStaticShape() && type.getNumElements() == 0);
}

/// The values of a constant float tensor.
std::optional<SmallVector<double>> constantFloats(Value value) {
  DenseFPElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<double> values;
  for (const APFloat &x : attr.getValues<APFloat>())
    values.push_back(x.convertToDouble());
  return values;
}

/// Resize and Upsample: modes, scales and the static result type.
LogicalResult importResize(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  bool isUpsample = ctx.node.op_type() == "Upsample";
  // Upsample and Resize-10: scales only, asymmetric coordinates, floor.
  bool legacy = isUpsample || ctx.opset < 11;
  RankedTensorType input = ctx.operandType(0);
  int64_t rank = input.getRank();
  OpBuilder &b = ctx.builder;

  std::string mode = ctx.getString("mode", "nearest");
  if (isUpsample && mode == "bilinear") // Upsample-1's name of linear.
    mode = "linear";
  std::string transform =
      legacy ? "asymmetric"
             : ctx.getString("coordinate_transformation_mode", "half_pixel");
  std::string nearestMode =
      legacy && mode == "nearest"
          ? "floor"
          : ctx.getString("nearest_mode", "round_prefer_floor");
  if (mode != "nearest" && mode != "linear" && (legacy || mode != "cubic"))
    return ctx.error("unsupported mode '" + mode + "'");
  if (!llvm::is_contained({"half_pixel", "pytorch_half_pixel", "align_corners",
                           "asymmetric", "tf_half_pixel_for_nn",
                           "tf_crop_and_resize"},
                          transform))
    return ctx.error("unsupported coordinate_transformation_mode '" +
                     transform + "'");
  if (!llvm::is_contained(
          {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"},
          nearestMode))
    return ctx.error("unsupported nearest_mode '" + nearestMode + "'");
  if (mode != "nearest" && !isa<FloatType>(input.getElementType()))
    return ctx.error("mode '" + mode +
                     "' is supported for floating-point tensors only");
  // Opset 18's additions, where they change the meaning.
  if (ctx.getInt("antialias", 0) != 0)
    return ctx.error("antialias is not supported");
  if (std::optional<SmallVector<int64_t>> axes = ctx.getInts("axes")) {
    bool all = static_cast<int64_t>(axes->size()) == rank;
    for (auto [i, a] : llvm::enumerate(*axes))
      all &=
          a == static_cast<int64_t>(i) || a + rank == static_cast<int64_t>(i);
    if (!all)
      return ctx.error("axes other than all axes in order are not supported");
  }

  // The scales: an input (Resize, Upsample-9), an attribute (Upsample-7)
  // or height_scale/width_scale (Upsample-1).
  Value scales, roi;
  bool hasSizes = false;
  if (isUpsample && ctx.opset < 9) {
    SmallVector<float> values;
    if (const onnx::AttributeProto *a = ctx.attr("scales")) {
      values.assign(a->floats().begin(), a->floats().end());
    } else if (ctx.attr("height_scale") || ctx.attr("width_scale")) {
      if (rank != 4)
        return ctx.error("height_scale and width_scale need a 4-D input");
      values = {1.0f, 1.0f, ctx.getFloat("height_scale", 1.0f),
                ctx.getFloat("width_scale", 1.0f)};
    } else {
      return ctx.error("the scales attribute is required");
    }
    if (static_cast<int64_t>(values.size()) != rank)
      return ctx.error("scales must have one value per axis");
    auto type = RankedTensorType::get({rank}, b.getF32Type());
    scales = b.create<ConstantOp>(
        ctx.loc, DenseElementsAttr::get(type, ArrayRef(values)));
  } else {
    unsigned scalesIndex = legacy ? 1 : 2;
    if (isPresent(ctx, scalesIndex))
      scales = ctx.operand(scalesIndex);
    hasSizes = !legacy && isPresent(ctx, 3);
    if (!legacy && isPresent(ctx, 1) && transform == "tf_crop_and_resize")
      roi = ctx.operand(1);
  }
  if (!scales && !hasSizes)
    return ctx.error("one of scales and sizes must be given");
  if (scales && hasSizes)
    return ctx.error("scales and sizes must not both be given");
  if (hasSizes &&
      ctx.getString("keep_aspect_ratio_policy", "stretch") != "stretch")
    return ctx.error("keep_aspect_ratio_policy other than 'stretch' is not "
                     "supported");
  if (scales) {
    auto type = cast<RankedTensorType>(scales.getType());
    if (!type.getElementType().isF32())
      return ctx.error("scales must be float32");
    if (type.getRank() != 1 ||
        (!type.isDynamicDim(0) && type.getDimSize(0) != rank))
      return ctx.error("scales must have one value per axis");
    if (std::optional<SmallVector<double>> values = constantFloats(scales))
      if (llvm::any_of(*values, [](double s) { return !(s > 0); }))
        return ctx.error("scales must be positive");
  }
  if (roi) {
    auto type = cast<RankedTensorType>(roi.getType());
    if (!isa<FloatType>(type.getElementType()))
      return ctx.error("roi must be a floating-point tensor");
    if (type.getRank() != 1 ||
        (!type.isDynamicDim(0) && type.getDimSize(0) != 2 * rank))
      return ctx.error("roi must have two values per axis");
  }

  // The result type: from shape inference or constant sizes. A dynamic
  // dimension is computed from the scales, or read from sizes that are not
  // constant (passed to the op only then, and checked against the static
  // dimensions).
  RankedTensorType result = ctx.resultType();
  Value sizes;
  if (hasSizes) {
    if (std::optional<SmallVector<int64_t>> values = ctx.constantInts(3)) {
      if (static_cast<int64_t>(values->size()) != rank)
        return ctx.error("sizes must have one value per axis");
      if (!result.hasStaticShape())
        result = RankedTensorType::get(*values, input.getElementType());
    } else {
      sizes = ctx.operand(3);
      auto type = cast<RankedTensorType>(sizes.getType());
      if (!type.getElementType().isInteger(64) || type.getRank() != 1 ||
          (!type.isDynamicDim(0) && type.getDimSize(0) != rank))
        return ctx.error("sizes must be int64 with one value per axis");
      // Sizes taken from shapes (Shape -> Slice -> Concat) give the
      // dimensions they copy from static ones.
      if (std::optional<SmallVector<int64_t>> known = ctx.partialInts(3);
          known && static_cast<int64_t>(known->size()) == rank &&
          result.getRank() == rank) {
        SmallVector<int64_t> shape(result.getShape());
        for (int64_t i = 0; i < rank; ++i)
          if (ShapedType::isDynamic(shape[i]) && (*known)[i] >= 0)
            shape[i] = (*known)[i];
        result = RankedTensorType::get(shape, result.getElementType());
      }
    }
  }
  if (result.getRank() != rank)
    return ctx.error("the result must have the input's rank");

  results.push_back(b.create<ResizeOp>(
      ctx.loc, result, ctx.operand(0), scales, roi, sizes,
      b.getStringAttr(mode), b.getStringAttr(transform),
      b.getStringAttr(nearestMode),
      b.getF32FloatAttr(ctx.getFloat("cubic_coeff_a", -0.75f)),
      b.getBoolAttr(ctx.getInt("exclude_outside", 0) != 0),
      b.getF32FloatAttr(ctx.getFloat("extrapolation_value", 0.0f))));
  return success();
}

} // namespace

void onnx_import::registerResizeImporters(llvm::StringMap<ImportFn> &t) {
  t["Resize"] = importResize;
  t["Upsample"] = importResize;
}
