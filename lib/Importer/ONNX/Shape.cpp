//===- Shape.cpp - importers of constant and shape ONNX ops -----*- C++ -*-===//
//
// Part of modelc. Constant, Reshape, Flatten, Squeeze, Unsqueeze,
// Transpose, Concat, Split, Slice, Gather, Shape, Expand, ConstantOfShape,
// Pad, Tile, Range, and the indexing ops GatherElements, GatherND,
// ScatterElements (and Scatter), ScatterND, Trilu, CumSum, OneHot, EyeLike,
// Size, DepthToSpace, SpaceToDepth and TopK. Ops are built with
// createOrFold, so shape computations on constants fold as they are
// imported.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

#include "modelc/Importer/ONNXTensor.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

LogicalResult importConstant(NodeContext &ctx,
                             SmallVectorImpl<Value> &results) {
  RankedTensorType type = ctx.resultType();
  OpBuilder &b = ctx.builder;
  Attribute value;
  if (const onnx::AttributeProto *a = ctx.attr("value")) {
    llvm::Expected<HostTensor> tensor = decodeTensor(a->t(), "");
    if (!tensor)
      return ctx.error(llvm::toString(tensor.takeError()));
    value = denseAttr(type, *tensor);
    if (!value)
      return ctx.error("malformed tensor value");
  } else if (const onnx::AttributeProto *a = ctx.attr("value_float")) {
    value = DenseElementsAttr::get(type, a->f());
  } else if (const onnx::AttributeProto *a = ctx.attr("value_floats")) {
    value = DenseElementsAttr::get(
        type, ArrayRef<float>(a->floats().data(), a->floats_size()));
  } else if (const onnx::AttributeProto *a = ctx.attr("value_int")) {
    value = DenseElementsAttr::get(type, static_cast<int64_t>(a->i()));
  } else if (const onnx::AttributeProto *a = ctx.attr("value_ints")) {
    value = DenseElementsAttr::get(
        type, ArrayRef<int64_t>(a->ints().data(), a->ints_size()));
  } else if (ctx.attr("value_string") || ctx.attr("value_strings")) {
    SmallVector<StringRef> strings;
    if (const onnx::AttributeProto *a = ctx.attr("value_string"))
      strings.push_back(a->s());
    else
      for (const std::string &s : ctx.attr("value_strings")->strings())
        strings.push_back(s);
    if (!isStringTensor(type) || !type.hasStaticShape() ||
        type.getNumElements() != static_cast<int64_t>(strings.size()))
      return ctx.error("malformed string value");
    value = DenseStringElementsAttr::get(type, strings);
  } else {
    return ctx.error("only tensor, float, int and string values are "
                     "supported");
  }
  results.push_back(
      b.create<ConstantOp>(ctx.loc, cast<ElementsAttr>(value)));
  return success();
}

/// The static result shape of Reshape with a constant target shape.
FailureOr<SmallVector<int64_t>> reshapeShape(NodeContext &ctx,
                                             ArrayRef<int64_t> input,
                                             ArrayRef<int64_t> target,
                                             bool allowZero) {
  SmallVector<int64_t> shape;
  int64_t known = 1, inferred = -1;
  for (auto [i, value] : llvm::enumerate(target)) {
    int64_t d = value;
    if (d == 0 && !allowZero) {
      if (i >= input.size())
        return ctx.error("a 0 in shape has no input dimension to copy");
      d = input[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return ctx.error("shape has more than one -1");
      inferred = i;
      shape.push_back(-1);
      continue;
    }
    if (d < 0)
      return ctx.error("shape has a negative dimension");
    known *= d;
    shape.push_back(d);
  }
  int64_t total = 1;
  for (int64_t d : input)
    total *= d;
  if (inferred >= 0) {
    if (known == 0 || total % known)
      return ctx.error("cannot infer the -1 dimension");
    shape[inferred] = total / known;
  } else if (known != total) {
    return ctx.error("cannot reshape " + Twine(total) + " elements into " +
                     Twine(known));
  }
  return shape;
}

LogicalResult importReshape(NodeContext &ctx,
                            SmallVectorImpl<Value> &results) {
  RankedTensorType type = ctx.resultType();
  RankedTensorType input = ctx.operandType(0);
  bool allowZero = ctx.getInt("allowzero", 0) != 0;
  if (std::optional<SmallVector<int64_t>> target = ctx.constantInts(1)) {
    if (input.hasStaticShape()) {
      FailureOr<SmallVector<int64_t>> shape =
          reshapeShape(ctx, input.getShape(), *target, allowZero);
      if (failed(shape))
        return failure();
      type = RankedTensorType::get(*shape, type.getElementType());
    }
  } else if (std::optional<SmallVector<int64_t>> partial =
                 ctx.partialInts(1);
             partial && static_cast<int64_t>(partial->size()) ==
                            type.getRank()) {
    // A target built at run time from dimensions: its constant elements
    // (and the input dimensions its zeros copy) are static.
    SmallVector<int64_t> shape(type.getShape());
    for (auto [i, d] : llvm::enumerate(*partial)) {
      if (d > 0 || (d == 0 && allowZero))
        shape[i] = d;
      else if (d == 0 && i < static_cast<size_t>(input.getRank()))
        shape[i] = input.getDimSize(i);
    }
    type = RankedTensorType::get(shape, type.getElementType());
  }
  results.push_back(ctx.create<ReshapeOp>(type, ctx.operand(0), ctx.operand(1),
                                          ctx.builder.getBoolAttr(allowZero)));
  return success();
}

LogicalResult importFlatten(NodeContext &ctx,
                            SmallVectorImpl<Value> &results) {
  results.push_back(
      ctx.create<FlattenOp>(ctx.resultType(), ctx.operand(0),
                            ctx.builder.getI64IntegerAttr(ctx.getInt("axis", 1))));
  return success();
}

/// Axes of Squeeze/Unsqueeze: an attribute before opset 13, an input after.
std::optional<SmallVector<int64_t>> squeezeAxes(NodeContext &ctx) {
  if (ctx.opset >= 13)
    return ctx.operand(1) ? ctx.constantInts(1) : SmallVector<int64_t>{};
  return ctx.getInts("axes").value_or(SmallVector<int64_t>{});
}

/// Squeeze or Unsqueeze whose axes are known only at run time: with static
/// input and result types, the op takes one set of axes the types allow
/// (inserting or removing size-1 axes keeps the row-major order of the
/// elements, so any such set gives the same result) and keeps the axes as
/// an operand, which the lowering checks.
template <typename Op>
LogicalResult importRuntimeAxes(NodeContext &ctx,
                                SmallVectorImpl<Value> &results) {
  RankedTensorType type = ctx.resultType();
  RankedTensorType input = ctx.operandType(0);
  if (!type.hasStaticShape() || !input.hasStaticShape())
    return ctx.error("axes must be a constant unless the input and result "
                     "shapes are static");
  // The axes of the larger shape that the smaller one lacks: a greedy
  // match, each unmatched dimension being 1.
  constexpr bool squeeze = std::is_same_v<Op, SqueezeOp>;
  ArrayRef<int64_t> large = squeeze ? input.getShape() : type.getShape();
  ArrayRef<int64_t> small = squeeze ? type.getShape() : input.getShape();
  SmallVector<int64_t> axes;
  size_t next = 0;
  for (auto [i, size] : llvm::enumerate(large)) {
    if (next < small.size() && small[next] == size)
      ++next;
    else if (size == 1)
      axes.push_back(i);
    else
      break;
  }
  if (next != small.size() || axes.size() + small.size() != large.size())
    return ctx.error(Twine("the result's shape is not the input's with "
                           "size-1 axes ") +
                     (squeeze ? "removed" : "inserted"));
  results.push_back(ctx.create<Op>(type, ctx.operand(0), ctx.operand(1),
                                   ctx.builder.getDenseI64ArrayAttr(axes)));
  return success();
}

LogicalResult importSqueeze(NodeContext &ctx,
                            SmallVectorImpl<Value> &results) {
  std::optional<SmallVector<int64_t>> axes = squeezeAxes(ctx);
  if (!axes)
    return importRuntimeAxes<SqueezeOp>(ctx, results);
  RankedTensorType input = ctx.operandType(0);
  int64_t rank = input.getRank();
  SmallVector<bool> drop(rank, false);
  if (axes->empty()) {
    for (int64_t i = 0; i < rank; ++i)
      drop[i] = input.getDimSize(i) == 1;
  }
  for (int64_t a : *axes) {
    if (a < -rank || a >= rank)
      return ctx.error("axis out of range");
    a = a < 0 ? a + rank : a;
    if (input.getDimSize(a) != 1 && !input.isDynamicDim(a))
      return ctx.error("cannot squeeze axis " + Twine(a) + " of size " +
                       Twine(input.getDimSize(a)));
    drop[a] = true;
  }
  SmallVector<int64_t> shape, normalized;
  for (int64_t i = 0; i < rank; ++i) {
    if (drop[i])
      normalized.push_back(i);
    else
      shape.push_back(input.getDimSize(i));
  }
  auto type = RankedTensorType::get(shape, input.getElementType());
  results.push_back(ctx.create<SqueezeOp>(
      type, ctx.operand(0), ctx.builder.getDenseI64ArrayAttr(normalized)));
  return success();
}

LogicalResult importUnsqueeze(NodeContext &ctx,
                              SmallVectorImpl<Value> &results) {
  std::optional<SmallVector<int64_t>> axes = squeezeAxes(ctx);
  if (!axes)
    return importRuntimeAxes<UnsqueezeOp>(ctx, results);
  RankedTensorType input = ctx.operandType(0);
  int64_t rank = input.getRank() + axes->size();
  SmallVector<bool> inserted(rank, false);
  SmallVector<int64_t> normalized;
  for (int64_t a : *axes) {
    if (a < -rank || a >= rank)
      return ctx.error("axis out of range");
    a = a < 0 ? a + rank : a;
    if (inserted[a])
      return ctx.error("repeated axis");
    inserted[a] = true;
  }
  SmallVector<int64_t> shape;
  int64_t next = 0;
  for (int64_t i = 0; i < rank; ++i) {
    if (inserted[i]) {
      shape.push_back(1);
      normalized.push_back(i);
    } else {
      shape.push_back(input.getDimSize(next++));
    }
  }
  auto type = RankedTensorType::get(shape, input.getElementType());
  results.push_back(ctx.create<UnsqueezeOp>(
      type, ctx.operand(0), ctx.builder.getDenseI64ArrayAttr(normalized)));
  return success();
}

LogicalResult importTranspose(NodeContext &ctx,
                              SmallVectorImpl<Value> &results) {
  int64_t rank = ctx.operandType(0).getRank();
  SmallVector<int64_t> perm;
  if (std::optional<SmallVector<int64_t>> p = ctx.getInts("perm"))
    perm = *p;
  else
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  results.push_back(ctx.create<TransposeOp>(
      ctx.resultType(), ctx.operand(0), ctx.builder.getDenseI64ArrayAttr(perm)));
  return success();
}

LogicalResult importConcat(NodeContext &ctx,
                           SmallVectorImpl<Value> &results) {
  int64_t axis = ctx.getInt("axis", 0);
  RankedTensorType type = ctx.resultType();
  // With static inputs the result shape is known even where shape
  // inference gave up (empty shape vectors, say).
  int64_t rank = ctx.operandType(0).getRank();
  int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank)
    return ctx.error("axis " + Twine(axis) + " is out of range");
  if (llvm::all_of(ctx.operands, [&](Value v) {
        auto t = cast<RankedTensorType>(v.getType());
        return t.hasStaticShape() && t.getRank() == rank;
      })) {
    SmallVector<int64_t> shape(ctx.operandType(0).getShape());
    shape[a] = 0;
    for (Value v : ctx.operands)
      shape[a] += cast<RankedTensorType>(v.getType()).getDimSize(a);
    type = RankedTensorType::get(shape, type.getElementType());
  }
  results.push_back(ctx.create<ConcatOp>(
      type, ValueRange(ctx.operands), ctx.builder.getI64IntegerAttr(axis)));
  return success();
}

LogicalResult importSplit(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  int64_t axis = ctx.getInt("axis", 0);
  RankedTensorType input = ctx.operandType(0);
  int64_t rank = input.getRank();
  int64_t a = axis < 0 ? axis + rank : axis;
  SmallVector<int64_t> sizes;
  Value runtimeSplit;
  if (ctx.opset >= 13 && ctx.operand(1)) {
    if (std::optional<SmallVector<int64_t>> split = ctx.constantInts(1)) {
      sizes = *split;
    } else {
      // Sizes known only at run time: the result types must tell them,
      // and the split is checked against them.
      runtimeSplit = ctx.operand(1);
      for (unsigned i = 0, e = ctx.node.output_size(); i < e; ++i) {
        RankedTensorType result = ctx.resultType(i);
        if (result.getRank() != rank || result.isDynamicDim(a))
          return ctx.error("split must be a constant unless the results' "
                           "sizes along the axis are static");
        sizes.push_back(result.getDimSize(a));
      }
    }
  } else if (std::optional<SmallVector<int64_t>> split = ctx.getInts("split")) {
    sizes = *split;
  } else {
    int64_t n = ctx.node.output_size();
    int64_t dim = input.getDimSize(a);
    if (ShapedType::isDynamic(dim))
      return ctx.error("splitting dynamic axis " + Twine(a) +
                       " into equal parts is not supported yet: give split, "
                       "or pin the input's shape with --shape");
    int64_t piece = (dim + n - 1) / n;
    for (int64_t i = 0; i < n; ++i)
      sizes.push_back(std::min(piece, dim - i * piece));
  }
  SmallVector<Type> types;
  for (int64_t s : sizes) {
    SmallVector<int64_t> shape(input.getShape());
    shape[a] = s;
    types.push_back(RankedTensorType::get(shape, input.getElementType()));
  }
  auto op =
      ctx.builder.create<SplitOp>(ctx.loc, types, ctx.operand(0), runtimeSplit,
                                  ctx.builder.getI64IntegerAttr(axis),
                                  ctx.builder.getDenseI64ArrayAttr(sizes));
  llvm::append_range(results, op.getResults());
  return success();
}

LogicalResult importSlice(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  Value starts, ends, axes, steps;
  int64_t rank = ctx.operandType(0).getRank();
  if (ctx.opset < 10) {
    std::optional<SmallVector<int64_t>> s = ctx.getInts("starts");
    std::optional<SmallVector<int64_t>> e = ctx.getInts("ends");
    if (!s || !e)
      return ctx.error("starts and ends are required");
    SmallVector<int64_t> ax = ctx.getInts("axes").value_or(
        llvm::to_vector(llvm::seq<int64_t>(0, s->size())));
    starts = ctx.i64Constant(*s);
    ends = ctx.i64Constant(*e);
    axes = ctx.i64Constant(ax);
    steps = ctx.i64Constant(SmallVector<int64_t>(s->size(), 1));
  } else {
    starts = ctx.operand(1);
    ends = ctx.operand(2);
    int64_t n = cast<RankedTensorType>(starts.getType()).getDimSize(0);
    if (ShapedType::isDynamic(n))
      n = rank;
    axes = ctx.operand(3)
               ? ctx.operand(3)
               : ctx.i64Constant(llvm::to_vector(llvm::seq<int64_t>(0, n)));
    steps = ctx.operand(4) ? ctx.operand(4)
                           : ctx.i64Constant(SmallVector<int64_t>(n, 1));
  }
  results.push_back(ctx.create<SliceOp>(ctx.resultType(), ctx.operand(0),
                                        starts, ends, axes, steps));
  return success();
}

LogicalResult importGather(NodeContext &ctx,
                           SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<GatherOp>(
      ctx.resultType(), ctx.operand(0), ctx.operand(1),
      ctx.builder.getI64IntegerAttr(ctx.getInt("axis", 0))));
  return success();
}

LogicalResult importShape(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  IntegerAttr end;
  if (ctx.attr("end"))
    end = ctx.builder.getI64IntegerAttr(ctx.getInt("end", 0));
  results.push_back(ctx.create<ShapeOp>(
      ctx.resultType(), ctx.operand(0),
      ctx.builder.getI64IntegerAttr(ctx.getInt("start", 0)), end));
  return success();
}

LogicalResult importExpand(NodeContext &ctx,
                           SmallVectorImpl<Value> &results) {
  RankedTensorType type = ctx.resultType();
  if (std::optional<SmallVector<int64_t>> shape = ctx.constantInts(1)) {
    FailureOr<SmallVector<int64_t>> broadcast =
        broadcastShapes(ctx.operandType(0).getShape(), *shape);
    if (failed(broadcast))
      return ctx.error("the input does not broadcast to the shape");
    type = RankedTensorType::get(*broadcast, type.getElementType());
  }
  results.push_back(
      ctx.create<ExpandOp>(type, ctx.operand(0), ctx.operand(1)));
  return success();
}

LogicalResult importConstantOfShape(NodeContext &ctx,
                                    SmallVectorImpl<Value> &results) {
  RankedTensorType type = ctx.resultType();
  if (std::optional<SmallVector<int64_t>> shape = ctx.constantInts(0))
    type = RankedTensorType::get(*shape, type.getElementType());
  auto scalarType = RankedTensorType::get({1}, type.getElementType());
  Attribute value;
  if (isStringTensor(type))
    return ctx.error("string values are not supported");
  if (const onnx::AttributeProto *a = ctx.attr("value")) {
    llvm::Expected<HostTensor> tensor = decodeTensor(a->t(), "");
    if (!tensor)
      return ctx.error(llvm::toString(tensor.takeError()));
    if (type.getElementType().isInteger(1))
      value = DenseElementsAttr::get(scalarType, tensor->bytes[0] != 0);
    else
      value = DenseElementsAttr::getFromRawBuffer(
          scalarType, ArrayRef<char>(tensor->bytes.data(),
                                     tensor->bytes.size()));
  } else {
    value = DenseElementsAttr::get(scalarType, 0.0f);
  }
  results.push_back(ctx.create<ConstantOfShapeOp>(type, ctx.operand(0),
                                                  cast<ElementsAttr>(value)));
  return success();
}

LogicalResult importPad(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  Value pads = ctx.operand(1), value = ctx.operand(2);
  if (ctx.opset < 11) {
    std::optional<SmallVector<int64_t>> p = ctx.getInts("pads");
    if (!p)
      return ctx.error("pads is required");
    pads = ctx.i64Constant(*p);
    Type element = ctx.resultType().getElementType();
    float v = ctx.getFloat("value", 0.0f);
    Attribute scalar =
        isa<FloatType>(element)
            ? Attribute(FloatAttr::get(element, v))
            : Attribute(IntegerAttr::get(element, static_cast<int64_t>(v)));
    value = ctx.builder.create<ConstantOp>(
        ctx.loc,
        DenseElementsAttr::get(RankedTensorType::get({}, element), scalar));
  } else if (ctx.operand(3)) {
    return ctx.error("the axes input is not supported yet");
  }
  results.push_back(ctx.builder.create<PadOp>(
      ctx.loc, ctx.resultType(), ctx.operand(0), pads, value,
      ctx.builder.getStringAttr(ctx.getString("mode", "constant"))));
  return success();
}

LogicalResult importTile(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(
      ctx.create<TileOp>(ctx.resultType(), ctx.operand(0), ctx.operand(1)));
  return success();
}

LogicalResult importRange(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<RangeOp>(ctx.resultType(), ctx.operand(0),
                                        ctx.operand(1), ctx.operand(2)));
  return success();
}

LogicalResult importGatherElements(NodeContext &ctx,
                                   SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<GatherElementsOp>(
      ctx.resultType(), ctx.operand(0), ctx.operand(1),
      ctx.builder.getI64IntegerAttr(ctx.getInt("axis", 0))));
  return success();
}

LogicalResult importGatherND(NodeContext &ctx,
                             SmallVectorImpl<Value> &results) {
  // batch_dims exists from opset 12 on; getInt defaults to 0 before.
  results.push_back(ctx.create<GatherNDOp>(
      ctx.resultType(), ctx.operand(0), ctx.operand(1),
      ctx.builder.getI64IntegerAttr(ctx.getInt("batch_dims", 0))));
  return success();
}

/// The reduction of ScatterElements/ScatterND ("none" before opset 16).
FailureOr<StringAttr> scatterReduction(NodeContext &ctx) {
  std::string reduction = ctx.getString("reduction", "none");
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, reduction))
    return ctx.error("unknown reduction '" + reduction + "'");
  return ctx.builder.getStringAttr(reduction);
}

/// ScatterElements, and Scatter (its deprecated opset 9-10 name).
LogicalResult importScatterElements(NodeContext &ctx,
                                    SmallVectorImpl<Value> &results) {
  FailureOr<StringAttr> reduction = scatterReduction(ctx);
  if (failed(reduction))
    return failure();
  results.push_back(ctx.create<ScatterElementsOp>(
      ctx.resultType(), ctx.operand(0), ctx.operand(1), ctx.operand(2),
      ctx.builder.getI64IntegerAttr(ctx.getInt("axis", 0)), *reduction));
  return success();
}

LogicalResult importScatterND(NodeContext &ctx,
                              SmallVectorImpl<Value> &results) {
  FailureOr<StringAttr> reduction = scatterReduction(ctx);
  if (failed(reduction))
    return failure();
  results.push_back(ctx.create<ScatterNDOp>(ctx.resultType(), ctx.operand(0),
                                            ctx.operand(1), ctx.operand(2),
                                            *reduction));
  return success();
}

LogicalResult importTrilu(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<TriluOp>(
      ctx.resultType(), ctx.operand(0), ctx.operand(1),
      ctx.builder.getBoolAttr(ctx.getInt("upper", 1) != 0)));
  return success();
}

LogicalResult importCumSum(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<CumSumOp>(
      ctx.resultType(), ctx.operand(0), ctx.operand(1),
      ctx.builder.getBoolAttr(ctx.getInt("exclusive", 0) != 0),
      ctx.builder.getBoolAttr(ctx.getInt("reverse", 0) != 0)));
  return success();
}

LogicalResult importOneHot(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<OneHotOp>(
      ctx.resultType(), ctx.operand(0), ctx.operand(1), ctx.operand(2),
      ctx.builder.getI64IntegerAttr(ctx.getInt("axis", -1))));
  return success();
}

LogicalResult importEyeLike(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  // dtype is already in the result type that shape inference gave.
  results.push_back(
      ctx.create<EyeLikeOp>(ctx.resultType(), ctx.operand(0),
                            ctx.builder.getI64IntegerAttr(ctx.getInt("k", 0))));
  return success();
}

LogicalResult importSize(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<SizeOp>(ctx.resultType(), ctx.operand(0)));
  return success();
}

LogicalResult importDepthToSpace(NodeContext &ctx,
                                 SmallVectorImpl<Value> &results) {
  std::string mode = ctx.getString("mode", "DCR");
  if (mode != "DCR" && mode != "CRD")
    return ctx.error("unknown mode '" + mode + "'");
  results.push_back(ctx.create<DepthToSpaceOp>(
      ctx.resultType(), ctx.operand(0),
      ctx.builder.getI64IntegerAttr(ctx.getInt("blocksize", 0)),
      ctx.builder.getStringAttr(mode)));
  return success();
}

LogicalResult importSpaceToDepth(NodeContext &ctx,
                                 SmallVectorImpl<Value> &results) {
  results.push_back(ctx.create<SpaceToDepthOp>(
      ctx.resultType(), ctx.operand(0),
      ctx.builder.getI64IntegerAttr(ctx.getInt("blocksize", 0))));
  return success();
}

LogicalResult importTopK(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  RankedTensorType input = ctx.operandType(0);
  int64_t rank = input.getRank();
  int64_t axis = ctx.getInt("axis", -1);
  if (axis < -rank || axis >= rank)
    return ctx.error("axis out of range");
  int64_t a = axis < 0 ? axis + rank : axis;
  // k is an attribute before opset 10, an input after.
  Value k =
      ctx.opset < 10 ? ctx.i64Constant({ctx.getInt("k", 0)}) : ctx.operand(1);
  RankedTensorType values = ctx.resultType(0);
  RankedTensorType indices = ctx.resultType(1);
  if (std::optional<SmallVector<int64_t>> count =
          ctx.opset < 10 ? std::optional<SmallVector<int64_t>>(
                               SmallVector<int64_t>{ctx.getInt("k", 0)})
                         : ctx.constantInts(1)) {
    if (count->size() != 1 || (*count)[0] < 0 ||
        (!input.isDynamicDim(a) && (*count)[0] > input.getDimSize(a)))
      return ctx.error("k must be one value between 0 and the axis size");
    SmallVector<int64_t> shape(input.getShape());
    shape[a] = (*count)[0];
    values = RankedTensorType::get(shape, input.getElementType());
    indices = RankedTensorType::get(shape, ctx.builder.getI64Type());
  }
  auto op = ctx.builder.create<TopKOp>(
      ctx.loc, TypeRange{values, indices}, ctx.operand(0), k,
      ctx.builder.getI64IntegerAttr(axis),
      ctx.builder.getBoolAttr(ctx.getInt("largest", 1) != 0),
      ctx.builder.getBoolAttr(ctx.getInt("sorted", 1) != 0));
  llvm::append_range(results, op.getResults());
  return success();
}

/// ReverseSequence as a GatherElements along the time axis with the index
/// len[b] - 1 - t where t < len[b], and t elsewhere.
LogicalResult importReverseSequence(NodeContext &ctx,
                                    SmallVectorImpl<Value> &results) {
  Value x = ctx.operand(0), lens = ctx.operand(1);
  auto type = cast<RankedTensorType>(x.getType());
  int64_t batchAxis = ctx.getInt("batch_axis", 1);
  int64_t timeAxis = ctx.getInt("time_axis", 0);
  if (!type.hasStaticShape() || type.getRank() < 2)
    return ctx.error("needs a static input of rank 2 or more");
  if (!((batchAxis == 0 && timeAxis == 1) ||
        (batchAxis == 1 && timeAxis == 0)))
    return ctx.error("batch_axis and time_axis must be 0 and 1");
  OpBuilder &b = ctx.builder;
  Type i64 = b.getI64Type();
  int64_t steps = type.getDimSize(timeAxis);
  int64_t batch = type.getDimSize(batchAxis);
  // t and len laid out over the (time, batch) plane in the input's order.
  SmallVector<int64_t> tShape(2, 1), lShape(2, 1), plane(2);
  tShape[timeAxis] = steps;
  lShape[batchAxis] = batch;
  plane[timeAxis] = steps;
  plane[batchAxis] = batch;
  auto scalarI64 = [&](int64_t v) {
    return b.create<ConstantOp>(
        ctx.loc,
        DenseElementsAttr::get(RankedTensorType::get({}, i64), v));
  };
  Value range = ctx.create<RangeOp>(RankedTensorType::get({steps}, i64),
                                    scalarI64(0), scalarI64(steps),
                                    scalarI64(1));
  Value t = ctx.create<ReshapeOp>(RankedTensorType::get(tShape, i64), range,
                                  ctx.i64Constant(tShape));
  Value len = ctx.create<ReshapeOp>(
      RankedTensorType::get(lShape, i64), ctx.create<CastOp>(
          RankedTensorType::get({batch}, i64), lens),
      ctx.i64Constant(lShape));
  auto planeI64 = RankedTensorType::get(plane, i64);
  Value inside = ctx.create<LessOp>(RankedTensorType::get(plane, b.getI1Type()),
                                    t, len);
  Value reversed = ctx.create<SubOp>(
      planeI64, ctx.create<SubOp>(RankedTensorType::get(lShape, i64), len,
                                  scalarI64(1)),
      t);
  Value index = ctx.create<WhereOp>(
      planeI64, inside, reversed,
      ctx.create<ExpandOp>(planeI64, t, ctx.i64Constant(plane)));
  // Broadcast the index over the remaining axes.
  SmallVector<int64_t> indexShape(plane);
  indexShape.append(type.getRank() - 2, 1);
  index = ctx.create<ReshapeOp>(RankedTensorType::get(indexShape, i64), index,
                                ctx.i64Constant(indexShape));
  auto fullIndexType = RankedTensorType::get(type.getShape(), i64);
  index = ctx.create<ExpandOp>(fullIndexType, index,
                               ctx.i64Constant(type.getShape()));
  results.push_back(ctx.create<GatherElementsOp>(
      type, x, index, b.getI64IntegerAttr(timeAxis)));
  return success();
}

} // namespace

void onnx_import::registerShapeImporters(llvm::StringMap<ImportFn> &t) {
  t["Constant"] = importConstant;
  t["Reshape"] = importReshape;
  t["Flatten"] = importFlatten;
  t["Squeeze"] = importSqueeze;
  t["Unsqueeze"] = importUnsqueeze;
  t["Transpose"] = importTranspose;
  t["Concat"] = importConcat;
  t["Split"] = importSplit;
  t["Slice"] = importSlice;
  t["Gather"] = importGather;
  t["Shape"] = importShape;
  t["Expand"] = importExpand;
  t["ConstantOfShape"] = importConstantOfShape;
  t["Pad"] = importPad;
  t["Tile"] = importTile;
  t["Range"] = importRange;
  t["ReverseSequence"] = importReverseSequence;
  t["GatherElements"] = importGatherElements;
  t["GatherND"] = importGatherND;
  t["ScatterElements"] = importScatterElements;
  t["Scatter"] = importScatterElements;
  t["ScatterND"] = importScatterND;
  t["Trilu"] = importTrilu;
  t["CumSum"] = importCumSum;
  t["OneHot"] = importOneHot;
  t["EyeLike"] = importEyeLike;
  t["Size"] = importSize;
  t["DepthToSpace"] = importDepthToSpace;
  t["SpaceToDepth"] = importSpaceToDepth;
  t["TopK"] = importTopK;
}
