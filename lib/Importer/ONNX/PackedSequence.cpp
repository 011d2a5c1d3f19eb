//===- PackedSequence.cpp - ONNX sequences known only at run time -*- C++ -*-=//
//
// Part of modelc. The sequence operators on packed sequences (Sequence.h):
// sequences whose length or tensor shapes only the run knows. They are
// built from modelc ops on the two tensors that hold a packed sequence, so
// they lower like any tensor computation; the buffers they make, whose
// sizes are run-time values, go to the workspace's dynamic arena.
//
//   data   tensor<?xT>      the tensors' elements, one tensor after another
//   shapes tensor<?x9xi64>  per tensor: its rank, then its dimensions,
//                           padded with 1 (so a row's product past the rank
//                           is the tensor's element count)
//
// Inserting or erasing a tensor concatenates slices of both; reading one
// slices `data` at the sum of the element counts before it and reshapes
// the slice to its row. A position out of range stops the run with
// MODELC_STATUS_INVALID_ARGUMENT (modelc.assert).
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

#include <limits>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

RankedTensorType onnx_import::packedDataType(Type element) {
  return RankedTensorType::get({ShapedType::kDynamic}, element);
}

RankedTensorType onnx_import::packedShapesType(MLIRContext *ctx) {
  return RankedTensorType::get({ShapedType::kDynamic, kPackedShapeWidth},
                               IntegerType::get(ctx, 64));
}

namespace {

RankedTensorType i64Type(MLIRContext *ctx, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, IntegerType::get(ctx, 64));
}

/// V with its first dimension made dynamic (a one-input concat), so that
/// packed sequences from different places have one type.
Value withDynamicRows(OpBuilder &b, Location loc, Value v) {
  RankedTensorType type = typeOf(v);
  if (type.isDynamicDim(0))
    return v;
  SmallVector<int64_t> shape(type.getShape());
  shape[0] = ShapedType::kDynamic;
  return b.create<ConcatOp>(loc,
                            RankedTensorType::get(shape, type.getElementType()),
                            ValueRange{v}, b.getI64IntegerAttr(0));
}

/// An empty constant of TYPE.
Value emptyConstant(OpBuilder &b, Location loc, RankedTensorType type) {
  return b.create<ConstantOp>(
      loc, DenseElementsAttr::get(type, ArrayRef<Attribute>{}));
}

/// The row of the shapes of a packed sequence for TENSOR: tensor<1x9xi64>.
FailureOr<Value> shapeRow(NodeContext &ctx, Value tensor) {
  MLIRContext *mlirCtx = ctx.builder.getContext();
  RankedTensorType type = typeOf(tensor);
  int64_t rank = type.getRank();
  if (rank > kMaxPackedRank)
    return ctx.error("a tensor of " + Twine(rank) +
                     " dimensions cannot be in a sequence known only at run "
                     "time, whose tensors have at most " +
                     Twine(kMaxPackedRank));
  SmallVector<int64_t> row{rank};
  llvm::append_range(row, type.getShape());
  row.resize(kPackedShapeWidth, 1);
  RankedTensorType rowType = i64Type(mlirCtx, {1, kPackedShapeWidth});
  if (type.hasStaticShape())
    return ctx.builder
        .create<ConstantOp>(ctx.loc,
                            DenseElementsAttr::get(rowType, ArrayRef(row)))
        .getResult();
  Value dims =
      ctx.create<ShapeOp>(i64Type(mlirCtx, {rank}), tensor,
                          ctx.builder.getI64IntegerAttr(0), IntegerAttr());
  SmallVector<Value> parts{ctx.i64Constant({rank}), dims};
  if (rank < kMaxPackedRank)
    parts.push_back(ctx.i64Constant(
        SmallVector<int64_t>(kMaxPackedRank - rank, int64_t{1})));
  Value flat =
      ctx.create<ConcatOp>(i64Type(mlirCtx, {kPackedShapeWidth}),
                           ValueRange(parts), ctx.builder.getI64IntegerAttr(0));
  return ctx.create<UnsqueezeOp>(rowType, flat,
                                 ctx.builder.getDenseI64ArrayAttr({0}));
}

/// TENSOR's elements as a 1-D tensor.
Value flatten(NodeContext &ctx, Value tensor) {
  RankedTensorType type = typeOf(tensor);
  int64_t count =
      type.hasStaticShape() ? type.getNumElements() : ShapedType::kDynamic;
  return ctx.create<ReshapeOp>(
      RankedTensorType::get({count}, type.getElementType()), tensor,
      ctx.i64Constant({-1}));
}

/// The element counts of the tensors of SEQ: tensor<?xi64>.
Value elementCounts(NodeContext &ctx, const Sequence &seq) {
  MLIRContext *mlirCtx = ctx.builder.getContext();
  Value dims = ctx.create<SliceOp>(
      i64Type(mlirCtx, {ShapedType::kDynamic, kMaxPackedRank}), seq.getShapes(),
      ctx.i64Constant({1}), ctx.i64Constant({kPackedShapeWidth}),
      ctx.i64Constant({1}), ctx.i64Constant({1}));
  return ctx.create<ReduceProdOp>(i64Type(mlirCtx, {ShapedType::kDynamic}),
                                  dims, ctx.builder.getDenseI64ArrayAttr({1}),
                                  ctx.builder.getBoolAttr(false),
                                  ctx.builder.getBoolAttr(false));
}

/// The offset in `data` of each tensor of SEQ, and its element count.
std::pair<Value, Value> offsetsAndCounts(NodeContext &ctx,
                                         const Sequence &seq) {
  Value counts = elementCounts(ctx, seq);
  Value offsets = ctx.builder.create<CumSumOp>(
      ctx.loc, typeOf(counts), counts, ctx.i64Constant({0}),
      /*exclusive=*/true, /*reverse=*/false);
  return {offsets, counts};
}

/// A 0-D int64 tensor from POSITION, a one-element integer tensor.
Value scalarPosition(NodeContext &ctx, Value position) {
  MLIRContext *mlirCtx = ctx.builder.getContext();
  RankedTensorType type = typeOf(position);
  if (type.getElementType() != IntegerType::get(mlirCtx, 64))
    position = ctx.create<CastOp>(i64Type(mlirCtx, type.getShape()), position);
  if (type.getRank() != 0)
    position = ctx.create<ReshapeOp>(i64Type(mlirCtx, {}), position,
                                     ctx.i64Constant({}));
  return position;
}

/// A 1-element 1-D tensor of the 0-D V.
Value asVector(NodeContext &ctx, Value v) {
  return ctx.create<UnsqueezeOp>(
      RankedTensorType::get({1}, typeOf(v).getElementType()), v,
      ctx.builder.getDenseI64ArrayAttr({0}));
}

/// POSITION (counted from the end where negative) as a 0-D index into a
/// sequence of LENGTH tensors, checked at run time to be in [0, LENGTH]
/// where ALLOWEND (an insertion point), else in [0, LENGTH).
Value checkedPosition(NodeContext &ctx, Value position, Value length,
                      bool allowEnd, StringRef what) {
  MLIRContext *mlirCtx = ctx.builder.getContext();
  RankedTensorType i64 = i64Type(mlirCtx, {});
  RankedTensorType i1 = RankedTensorType::get({}, IntegerType::get(mlirCtx, 1));
  Value p = scalarPosition(ctx, position);
  Value zero = ctx.scalarConstant(IntegerType::get(mlirCtx, 64), 0);
  Value negative = ctx.create<LessOp>(i1, p, zero);
  Value fromEnd = ctx.create<AddOp>(i64, p, length);
  p = ctx.create<WhereOp>(i64, negative, fromEnd, p);
  Value atLeastZero = ctx.create<GreaterOrEqualOp>(i1, p, zero);
  Value belowEnd = allowEnd ? ctx.create<LessOrEqualOp>(i1, p, length)
                            : ctx.create<LessOp>(i1, p, length);
  Value inRange = ctx.create<AndOp>(i1, atLeastZero, belowEnd);
  ctx.builder.create<AssertOp>(
      ctx.loc, inRange,
      ctx.builder.getStringAttr(
          (what + " is within the sequence's length").str()),
      static_cast<int32_t>(1));
  return p;
}

/// The rows [BEGIN, END) of V along its first axis (BEGIN, END 0-D; a null
/// END runs to the end).
Value rowsOf(NodeContext &ctx, Value v, Value begin, Value end) {
  RankedTensorType type = typeOf(v);
  SmallVector<int64_t> shape(type.getShape());
  shape[0] = ShapedType::kDynamic;
  Value ends = end ? asVector(ctx, end)
                   : ctx.i64Constant({std::numeric_limits<int64_t>::max()});
  return ctx.create<SliceOp>(
      RankedTensorType::get(shape, type.getElementType()), v,
      asVector(ctx, begin), ends, ctx.i64Constant({0}), ctx.i64Constant({1}));
}

/// Element I (0-D) of the 1-D V.
Value elementAt(NodeContext &ctx, Value v, Value i) {
  return ctx.create<GatherOp>(
      RankedTensorType::get({}, typeOf(v).getElementType()), v, i,
      ctx.builder.getI64IntegerAttr(0));
}

/// The concatenation of PARTS (1-D, or rows of shapes) along the first
/// axis, with a dynamic length.
Value concatRows(NodeContext &ctx, ArrayRef<Value> parts) {
  RankedTensorType type = typeOf(parts.front());
  SmallVector<int64_t> shape(type.getShape());
  shape[0] = ShapedType::kDynamic;
  return ctx.create<ConcatOp>(
      RankedTensorType::get(shape, type.getElementType()), ValueRange(parts),
      ctx.builder.getI64IntegerAttr(0));
}

/// The rank the tensors of the packed SEQ and TENSOR all have, where known.
std::optional<int64_t> joinedRank(const Sequence &seq, Value tensor) {
  int64_t rank = typeOf(tensor).getRank();
  return seq.getRank() == rank ? std::optional<int64_t>(rank) : std::nullopt;
}

} // namespace

Sequence onnx_import::emptyPackedSequence(OpBuilder &b, Location loc,
                                          Type element, Value present) {
  Value data = emptyConstant(b, loc, RankedTensorType::get({0}, element));
  Value shapes =
      emptyConstant(b, loc, i64Type(b.getContext(), {0, kPackedShapeWidth}));
  // One statement each: the ops come out in the same order whatever order
  // the compiler evaluates arguments in.
  Value dynamicData = withDynamicRows(b, loc, data);
  Value dynamicShapes = withDynamicRows(b, loc, shapes);
  return Sequence::packed(element, dynamicData, dynamicShapes, present);
}

FailureOr<Sequence> onnx_import::packSequence(NodeContext &ctx,
                                              const Sequence &seq,
                                              StringRef name) {
  if (seq.isPacked())
    return seq;
  if (seq.empty())
    return emptyPackedSequence(ctx.builder, ctx.loc, seq.getElementType());
  SmallVector<Value> flats, rows;
  std::optional<int64_t> rank;
  for (int64_t i = 0; i < seq.size(); ++i) {
    Value tensor = seq[i];
    if (!tensor)
      return ctx.error("tensor " + Twine(i) + " of sequence '" + name +
                       "' has a shape that depends on run-time values (" +
                       seq.getUnresolvedReason() + ")");
    FailureOr<Value> row = shapeRow(ctx, tensor);
    if (failed(row))
      return failure();
    rows.push_back(*row);
    flats.push_back(flatten(ctx, tensor));
    int64_t r = typeOf(tensor).getRank();
    rank = i == 0 || rank == r ? std::optional<int64_t>(r) : std::nullopt;
  }
  Value data = withDynamicRows(ctx.builder, ctx.loc, concatRows(ctx, flats));
  Value shapes = withDynamicRows(ctx.builder, ctx.loc, concatRows(ctx, rows));
  return Sequence::packed(seq.getElementType(), data, shapes, Value(), rank);
}

Value onnx_import::packedLength(NodeContext &ctx, const Sequence &seq) {
  MLIRContext *mlirCtx = ctx.builder.getContext();
  Value length = ctx.create<ShapeOp>(i64Type(mlirCtx, {1}), seq.getShapes(),
                                     ctx.builder.getI64IntegerAttr(0),
                                     ctx.builder.getI64IntegerAttr(1));
  return ctx.create<ReshapeOp>(i64Type(mlirCtx, {}), length,
                               ctx.i64Constant({}));
}

FailureOr<Sequence> onnx_import::packedInsert(NodeContext &ctx,
                                              const Sequence &seq, Value tensor,
                                              Value position) {
  FailureOr<Value> row = shapeRow(ctx, tensor);
  if (failed(row))
    return failure();
  Value flat = flatten(ctx, tensor);
  std::optional<int64_t> rank = joinedRank(seq, tensor);
  if (!position) {
    Value data = concatRows(ctx, {seq.getData(), flat});
    Value shapes = concatRows(ctx, {seq.getShapes(), *row});
    return Sequence::packed(seq.getElementType(), data, shapes, Value(), rank);
  }
  Value at = checkedPosition(ctx, position, packedLength(ctx, seq),
                             /*allowEnd=*/true, "SequenceInsert's position");
  // The offset of the insertion point: the elements of the tensors before.
  auto [offsets, counts] = offsetsAndCounts(ctx, seq);
  Value total = ctx.create<ReduceSumOp>(
      i64Type(ctx.builder.getContext(), {}), counts,
      ctx.builder.getDenseI64ArrayAttr({0}), ctx.builder.getBoolAttr(false),
      ctx.builder.getBoolAttr(false));
  Value ends = concatRows(ctx, {offsets, asVector(ctx, total)});
  Value offset = elementAt(ctx, ends, at);
  Value zero = ctx.scalarConstant(typeOf(at).getElementType(), 0);
  Value data = concatRows(ctx, {rowsOf(ctx, seq.getData(), zero, offset), flat,
                                rowsOf(ctx, seq.getData(), offset, {})});
  Value shapes = concatRows(ctx, {rowsOf(ctx, seq.getShapes(), zero, at), *row,
                                  rowsOf(ctx, seq.getShapes(), at, {})});
  return Sequence::packed(seq.getElementType(), data, shapes, Value(), rank);
}

FailureOr<Sequence> onnx_import::packedErase(NodeContext &ctx,
                                             const Sequence &seq,
                                             Value position) {
  Value length = packedLength(ctx, seq);
  Value last =
      ctx.create<SubOp>(typeOf(length), length,
                        ctx.scalarConstant(typeOf(length).getElementType(), 1));
  Value at = checkedPosition(ctx, position ? position : last, length,
                             /*allowEnd=*/false, "SequenceErase's position");
  auto [offsets, counts] = offsetsAndCounts(ctx, seq);
  Value offset = elementAt(ctx, offsets, at);
  Value end =
      ctx.create<AddOp>(typeOf(offset), offset, elementAt(ctx, counts, at));
  Value zero = ctx.scalarConstant(typeOf(at).getElementType(), 0);
  Value next = ctx.create<AddOp>(
      typeOf(at), at, ctx.scalarConstant(typeOf(at).getElementType(), 1));
  Value data = concatRows(ctx, {rowsOf(ctx, seq.getData(), zero, offset),
                                rowsOf(ctx, seq.getData(), end, {})});
  Value shapes = concatRows(ctx, {rowsOf(ctx, seq.getShapes(), zero, at),
                                  rowsOf(ctx, seq.getShapes(), next, {})});
  return Sequence::packed(seq.getElementType(), data, shapes, Value(),
                          seq.getRank());
}

FailureOr<Value> onnx_import::packedAt(NodeContext &ctx, const Sequence &seq,
                                       Value position, int64_t rank) {
  MLIRContext *mlirCtx = ctx.builder.getContext();
  RankedTensorType i1 = RankedTensorType::get({}, IntegerType::get(mlirCtx, 1));
  Value at = checkedPosition(ctx, position, packedLength(ctx, seq),
                             /*allowEnd=*/false, "SequenceAt's position");
  auto [offsets, counts] = offsetsAndCounts(ctx, seq);
  Value offset = elementAt(ctx, offsets, at);
  Value end =
      ctx.create<AddOp>(typeOf(offset), offset, elementAt(ctx, counts, at));
  // The tensor's row: its rank must be the one the result type has.
  Value row = ctx.create<GatherOp>(i64Type(mlirCtx, {kPackedShapeWidth}),
                                   seq.getShapes(), at,
                                   ctx.builder.getI64IntegerAttr(0));
  Value actualRank =
      elementAt(ctx, row, ctx.scalarConstant(IntegerType::get(mlirCtx, 64), 0));
  Value rankMatches = ctx.create<EqualOp>(
      i1, actualRank, ctx.scalarConstant(IntegerType::get(mlirCtx, 64), rank));
  ctx.builder.create<AssertOp>(
      ctx.loc, rankMatches,
      ctx.builder.getStringAttr("SequenceAt's tensor has rank " + Twine(rank)),
      static_cast<int32_t>(5));
  Value flat = rowsOf(ctx, seq.getData(), offset, end);
  Value dims = ctx.create<SliceOp>(
      i64Type(mlirCtx, {rank}), row, ctx.i64Constant({1}),
      ctx.i64Constant({1 + rank}), ctx.i64Constant({0}), ctx.i64Constant({1}));
  SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
  return ctx.create<ReshapeOp>(
      RankedTensorType::get(shape, seq.getElementType()), flat, dims,
      /*allowzero=*/true);
}
