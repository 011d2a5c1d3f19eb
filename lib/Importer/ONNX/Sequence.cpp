//===- Sequence.cpp - importers of ONNX sequence ops ------------*- C++ -*-===//
//
// Part of modelc. SequenceEmpty, SequenceConstruct, SequenceInsert,
// SequenceErase, SequenceAt, SequenceLength, ConcatFromSequence,
// SplitToSequence and SequenceMap, resolved at import time on compile-time
// lists of tensors (Sequence.h) where positions are constants (negative ones
// count from the end). SequenceLength is then a constant; ConcatFromSequence
// is a modelc.concat (of unsqueezed tensors with new_axis); SplitToSequence
// slices its input. SequenceMap is unrolled: its body is imported inline once
// per position. SequenceAt at a run-time position over tensors of one type
// is a Gather from their concatenation. A SequenceInsert or SequenceErase at
// a run-time position packs the sequence (PackedSequence.cpp), and the
// operators on packed sequences work on them at run time.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

bool onnx_import::isSequenceOp(StringRef opType) {
  return llvm::StringSwitch<bool>(opType)
      .Cases("SequenceEmpty", "SequenceConstruct", "SequenceInsert",
             "SequenceErase", true)
      .Cases("SequenceAt", "SequenceLength", "ConcatFromSequence",
             "SplitToSequence", "SequenceMap", true)
      // The optional ops, which take and give sequences too (Optional.cpp).
      .Cases("Optional", "OptionalHasElement", "OptionalGetElement", true)
      .Default(false);
}

namespace {

/// The name of the node's input I, quoted, for messages.
std::string inputName(NodeContext &ctx, unsigned i) {
  return "'" + ctx.node.input(i) + "'";
}

/// Input I, which must be a sequence.
FailureOr<const Sequence *> sequenceOperand(NodeContext &ctx, unsigned i) {
  if (const Sequence *seq = ctx.sequence(i))
    return seq;
  if (static_cast<int>(i) >= ctx.node.input_size() || ctx.node.input(i).empty())
    return ctx.error("input " + Twine(i) + " (a sequence) is missing");
  return ctx.error("input " + Twine(i) + " (" + inputName(ctx, i) +
                   ") must be a sequence, not a tensor");
}

/// Input I, which must be a tensor (null where it is optional and absent).
FailureOr<Value> tensorOperand(NodeContext &ctx, unsigned i,
                               bool optional = false) {
  if (ctx.sequence(i))
    return ctx.error("input " + Twine(i) + " (" + inputName(ctx, i) +
                     ") must be a tensor, not a sequence");
  Value v = ctx.operand(i);
  if (!v && !optional)
    return ctx.error("input " + Twine(i) + " (a tensor) is missing");
  return v;
}

/// Checks that input I is a one-element integer tensor (a position).
LogicalResult checkPositionType(NodeContext &ctx, unsigned i) {
  RankedTensorType type = ctx.operandType(i);
  if (!isa<IntegerType>(type.getElementType()) || !type.hasStaticShape() ||
      type.getNumElements() != 1)
    return ctx.error("the position " + inputName(ctx, i) +
                     " must be an int32 or int64 scalar");
  return success();
}

/// The constant position given by input I into a sequence of SIZE tensors,
/// negative positions counted from the end: in [0, SIZE] where ALLOWEND
/// (an insertion point), else in [0, SIZE).
FailureOr<int64_t> constantPosition(NodeContext &ctx, unsigned i, int64_t size,
                                    bool allowEnd) {
  if (failed(checkPositionType(ctx, i)))
    return failure();
  std::optional<SmallVector<int64_t>> values = ctx.constantInts(i);
  assert(values && "a run-time position packs the sequence instead");
  int64_t p = values->front();
  int64_t upper = allowEnd ? size : size - 1;
  if (p < -size || p > upper)
    return ctx.error("position " + Twine(p) + " is out of range for the " +
                     Twine(size) + " tensors of sequence " + inputName(ctx, 0));
  return p < 0 ? p + size : p;
}

/// Element POS of SEQ (input I), which must be resolved.
FailureOr<Value> resolvedElement(NodeContext &ctx, unsigned i,
                                 const Sequence &seq, int64_t pos) {
  if (Value v = seq[pos])
    return v;
  return ctx.error("tensor " + Twine(pos) + " of sequence " +
                   inputName(ctx, i) +
                   " has a shape that depends on run-time values (" +
                   seq.getUnresolvedReason() + ")");
}

/// Checks that VALUE (input I) can be an element of SEQ.
LogicalResult checkElementType(NodeContext &ctx, const Sequence &seq,
                               Value value, unsigned i) {
  Type element = typeOf(value).getElementType();
  if (element == seq.getElementType())
    return success();
  std::string message;
  llvm::raw_string_ostream os(message);
  os << "tensor " << inputName(ctx, i) << " has element type " << element
     << ", but the sequence holds " << seq.getElementType() << " tensors";
  return ctx.error(message);
}

LogicalResult importSequenceEmpty(NodeContext &ctx,
                                  SmallVectorImpl<Value> &results) {
  int64_t dtype = ctx.getInt("dtype", onnx::TensorProto::FLOAT);
  Type element =
      onnxElementType(ctx.builder.getContext(), static_cast<int32_t>(dtype));
  if (!element)
    return ctx.error("unsupported dtype " + Twine(dtype));
  ctx.setSequenceResult(0, Sequence(element));
  results.push_back(Value());
  return success();
}

LogicalResult importSequenceConstruct(NodeContext &ctx,
                                      SmallVectorImpl<Value> &results) {
  if (ctx.node.input_size() == 0)
    return ctx.error("needs at least one tensor");
  std::optional<Sequence> seq;
  for (unsigned i = 0, e = ctx.node.input_size(); i < e; ++i) {
    FailureOr<Value> v = tensorOperand(ctx, i);
    if (failed(v))
      return failure();
    if (!seq)
      seq.emplace(typeOf(*v).getElementType());
    if (failed(checkElementType(ctx, *seq, *v, i)))
      return failure();
    seq->push_back(*v);
  }
  ctx.setSequenceResult(0, std::move(*seq));
  results.push_back(Value());
  return success();
}

/// Whether input I, a position, is given and known only at run time.
bool isRuntimePosition(NodeContext &ctx, Value position, unsigned i) {
  return position && !ctx.constantInts(i);
}

/// Makes output 0 the sequence SEQ.
LogicalResult setSequence(NodeContext &ctx, FailureOr<Sequence> seq,
                          SmallVectorImpl<Value> &results) {
  if (failed(seq))
    return failure();
  ctx.setSequenceResult(0, std::move(*seq));
  results.push_back(Value());
  return success();
}

LogicalResult importSequenceInsert(NodeContext &ctx,
                                   SmallVectorImpl<Value> &results) {
  FailureOr<const Sequence *> in = sequenceOperand(ctx, 0);
  if (failed(in))
    return failure();
  FailureOr<Value> tensor = tensorOperand(ctx, 1);
  if (failed(tensor) || failed(checkElementType(ctx, **in, *tensor, 1)))
    return failure();
  FailureOr<Value> position = tensorOperand(ctx, 2, /*optional=*/true);
  if (failed(position) || (*position && failed(checkPositionType(ctx, 2))))
    return failure();
  // A run-time position packs the sequence: its structure is then a
  // run-time value.
  if ((*in)->isPacked() || isRuntimePosition(ctx, *position, 2)) {
    FailureOr<Sequence> packed = packSequence(ctx, **in, ctx.node.input(0));
    if (failed(packed))
      return failure();
    return setSequence(ctx, packedInsert(ctx, *packed, *tensor, *position),
                       results);
  }
  Sequence seq = **in;
  int64_t pos = seq.size();
  if (*position) {
    FailureOr<int64_t> p =
        constantPosition(ctx, 2, seq.size(), /*allowEnd=*/true);
    if (failed(p))
      return failure();
    pos = *p;
  }
  seq.insert(pos, *tensor);
  return setSequence(ctx, std::move(seq), results);
}

LogicalResult importSequenceErase(NodeContext &ctx,
                                  SmallVectorImpl<Value> &results) {
  FailureOr<const Sequence *> in = sequenceOperand(ctx, 0);
  if (failed(in))
    return failure();
  FailureOr<Value> position = tensorOperand(ctx, 1, /*optional=*/true);
  if (failed(position) || (*position && failed(checkPositionType(ctx, 1))))
    return failure();
  if ((*in)->isPacked() || isRuntimePosition(ctx, *position, 1)) {
    FailureOr<Sequence> packed = packSequence(ctx, **in, ctx.node.input(0));
    if (failed(packed))
      return failure();
    return setSequence(ctx, packedErase(ctx, *packed, *position), results);
  }
  Sequence seq = **in;
  if (seq.empty())
    return ctx.error("cannot erase from the empty sequence " +
                     inputName(ctx, 0));
  int64_t pos = seq.size() - 1;
  if (*position) {
    FailureOr<int64_t> p =
        constantPosition(ctx, 1, seq.size(), /*allowEnd=*/false);
    if (failed(p))
      return failure();
    pos = *p;
  }
  seq.erase(pos);
  return setSequence(ctx, std::move(seq), results);
}

/// SequenceAt with a run-time position over a resolved sequence of tensors
/// of one type: the tensors are stacked along a new first axis and the
/// position gathers one of them (negative positions count from the end, as
/// for Gather). Null where the tensors' types differ.
FailureOr<Value> stackedSequenceAt(NodeContext &ctx, const Sequence &seq) {
  if (seq.empty())
    return ctx.error("sequence " + inputName(ctx, 0) + " is empty");
  SmallVector<Value> stacked;
  RankedTensorType type;
  for (int64_t i = 0; i < seq.size(); ++i) {
    FailureOr<Value> v = resolvedElement(ctx, 0, seq, i);
    if (failed(v))
      return failure();
    if (!type)
      type = typeOf(*v);
    if (typeOf(*v) != type)
      return Value();
    SmallVector<int64_t> shape{1};
    llvm::append_range(shape, type.getShape());
    stacked.push_back(ctx.create<UnsqueezeOp>(
        RankedTensorType::get(shape, type.getElementType()), *v,
        ctx.builder.getDenseI64ArrayAttr({0})));
  }
  SmallVector<int64_t> shape{seq.size()};
  llvm::append_range(shape, type.getShape());
  Value all = ctx.create<ConcatOp>(
      RankedTensorType::get(shape, type.getElementType()), ValueRange(stacked),
      ctx.builder.getI64IntegerAttr(0));
  Value position = ctx.operand(1);
  if (typeOf(position).getRank() != 0)
    position = ctx.create<ReshapeOp>(
        RankedTensorType::get({}, typeOf(position).getElementType()), position,
        ctx.i64Constant({}));
  return ctx.create<GatherOp>(type, all, position,
                              ctx.builder.getI64IntegerAttr(0));
}

/// SequenceAt of a packed sequence (or of a resolved one whose tensors
/// differ in type, packed first): the result's rank is the tensors' where
/// the compiler knows it, else what ONNX's shape inference says.
FailureOr<Value> packedSequenceAt(NodeContext &ctx, const Sequence &in) {
  FailureOr<Sequence> seq = packSequence(ctx, in, ctx.node.input(0));
  if (failed(seq))
    return failure();
  std::optional<int64_t> rank = seq->getRank();
  if (!rank && !ctx.resultTypes.empty())
    if (auto known = dyn_cast_or_null<RankedTensorType>(ctx.resultTypes[0]))
      rank = known.getRank();
  if (!rank)
    return ctx.error("the rank of the tensor at the position " +
                     inputName(ctx, 1) + " of sequence " + inputName(ctx, 0) +
                     " is known only at run time; the model must declare it");
  return packedAt(ctx, *seq, ctx.operand(1), *rank);
}

LogicalResult importSequenceAt(NodeContext &ctx,
                               SmallVectorImpl<Value> &results) {
  FailureOr<const Sequence *> seq = sequenceOperand(ctx, 0);
  if (failed(seq) || failed(tensorOperand(ctx, 1)) ||
      failed(checkPositionType(ctx, 1)))
    return failure();
  FailureOr<Value> v = failure();
  if ((*seq)->isPacked()) {
    v = packedSequenceAt(ctx, **seq);
  } else if (!ctx.constantInts(1)) {
    v = stackedSequenceAt(ctx, **seq);
    if (succeeded(v) && !*v)
      v = packedSequenceAt(ctx, **seq);
  } else {
    FailureOr<int64_t> pos =
        constantPosition(ctx, 1, (*seq)->size(), /*allowEnd=*/false);
    if (failed(pos))
      return failure();
    v = resolvedElement(ctx, 0, **seq, *pos);
  }
  if (failed(v))
    return failure();
  results.push_back(*v);
  return success();
}

LogicalResult importSequenceLength(NodeContext &ctx,
                                   SmallVectorImpl<Value> &results) {
  FailureOr<const Sequence *> seq = sequenceOperand(ctx, 0);
  if (failed(seq))
    return failure();
  if ((*seq)->isPacked()) {
    results.push_back(packedLength(ctx, **seq));
    return success();
  }
  results.push_back(
      ctx.scalarConstant(ctx.builder.getI64Type(), (*seq)->size()));
  return success();
}

LogicalResult importConcatFromSequence(NodeContext &ctx,
                                       SmallVectorImpl<Value> &results) {
  FailureOr<const Sequence *> in = sequenceOperand(ctx, 0);
  if (failed(in))
    return failure();
  const Sequence &seq = **in;
  if (seq.isPacked())
    return ctx.error("sequence " + inputName(ctx, 0) +
                     " is known only at run time; ConcatFromSequence takes "
                     "sequences whose length the compiler knows");
  if (!ctx.attr("axis"))
    return ctx.error("the axis attribute is required");
  int64_t axis = ctx.getInt("axis", 0);
  bool newAxis = ctx.getInt("new_axis", 0) != 0;
  if (seq.empty())
    return ctx.error("cannot concatenate the empty sequence " +
                     inputName(ctx, 0));
  SmallVector<Value> inputs;
  for (int64_t i = 0; i < seq.size(); ++i) {
    FailureOr<Value> v = resolvedElement(ctx, 0, seq, i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  int64_t rank = typeOf(inputs.front()).getRank();
  for (Value v : inputs)
    if (typeOf(v).getRank() != rank)
      return ctx.error("the tensors of sequence " + inputName(ctx, 0) +
                       " have different ranks");
  // With new_axis, each tensor gets a unit dimension at the axis first.
  int64_t resultRank = newAxis ? rank + 1 : rank;
  if (axis < -resultRank || axis >= resultRank)
    return ctx.error("axis " + Twine(axis) + " is out of range for rank " +
                     Twine(rank) + (newAxis ? " with new_axis" : ""));
  int64_t a = axis < 0 ? axis + resultRank : axis;
  if (newAxis) {
    for (Value &v : inputs) {
      SmallVector<int64_t> shape(typeOf(v).getShape());
      shape.insert(shape.begin() + a, int64_t{1});
      v = ctx.create<UnsqueezeOp>(
          RankedTensorType::get(shape, seq.getElementType()), v,
          ctx.builder.getDenseI64ArrayAttr({a}));
    }
  }
  // The result shape: the tensors' dimensions, which must agree off the
  // axis, and their sum along it.
  SmallVector<int64_t> shape(resultRank, ShapedType::kDynamic);
  shape[a] = 0;
  for (Value v : inputs) {
    for (auto [d, size] : llvm::enumerate(typeOf(v).getShape())) {
      int64_t dim = d;
      if (dim == a) {
        if (ShapedType::isDynamic(size) || ShapedType::isDynamic(shape[a]))
          shape[a] = ShapedType::kDynamic;
        else
          shape[a] += size;
        continue;
      }
      if (ShapedType::isDynamic(size))
        continue;
      if (!ShapedType::isDynamic(shape[dim]) && shape[dim] != size)
        return ctx.error("the tensors of sequence " + inputName(ctx, 0) +
                         " differ in dimension " + Twine(dim) + " (" +
                         Twine(shape[dim]) + " and " + Twine(size) +
                         "), which is not the axis");
      shape[dim] = size;
    }
  }
  results.push_back(ctx.create<ConcatOp>(
      RankedTensorType::get(shape, seq.getElementType()), ValueRange(inputs),
      ctx.builder.getI64IntegerAttr(a)));
  return success();
}

LogicalResult importSplitToSequence(NodeContext &ctx,
                                    SmallVectorImpl<Value> &results) {
  FailureOr<Value> input = tensorOperand(ctx, 0);
  if (failed(input))
    return failure();
  FailureOr<Value> split = tensorOperand(ctx, 1, /*optional=*/true);
  if (failed(split))
    return failure();
  RankedTensorType type = typeOf(*input);
  int64_t rank = type.getRank();
  int64_t axis = ctx.getInt("axis", 0);
  if (axis < -rank || axis >= rank)
    return ctx.error("axis " + Twine(axis) + " is out of range for rank " +
                     Twine(rank));
  int64_t a = axis < 0 ? axis + rank : axis;
  int64_t dim = type.getDimSize(a);
  bool keepDims = ctx.getInt("keepdims", 1) != 0;
  Sequence seq(type.getElementType());

  // The sizes of the pieces along the axis.
  SmallVector<int64_t> sizes;
  if (*split) {
    RankedTensorType splitType = typeOf(*split);
    if (!isa<IntegerType>(splitType.getElementType()) ||
        splitType.getRank() > 1)
      return ctx.error("split " + inputName(ctx, 1) +
                       " must be an int32 or int64 scalar or 1-D tensor");
    std::optional<SmallVector<int64_t>> values = ctx.constantInts(1);
    if (!values) {
      // Pieces of run-time sizes: a sequence of known length whose tensors
      // are unknown.
      if (splitType.getRank() != 1 || splitType.isDynamicDim(0))
        return ctx.error(
            "split " + inputName(ctx, 1) +
            " must be a constant or a 1-D tensor of static length: the "
            "length of the sequence would depend on run-time values");
      for (int64_t i = 0, e = splitType.getDimSize(0); i < e; ++i)
        seq.pushUnresolved("it comes from SplitToSequence node '" +
                           ctx.node.name() + "', whose split " +
                           inputName(ctx, 1) + " is known only at run time");
      ctx.setSequenceResult(0, std::move(seq));
      results.push_back(Value());
      return success();
    }
    if (splitType.getRank() == 0) {
      int64_t chunk = values->front();
      if (chunk <= 0)
        return ctx.error("split must be positive, not " + Twine(chunk));
      if (ShapedType::isDynamic(dim))
        return ctx.error("dimension " + Twine(a) +
                         " of the input is dynamic: the length of the "
                         "sequence would depend on run-time values");
      for (int64_t start = 0; start < dim; start += chunk)
        sizes.push_back(std::min(chunk, dim - start));
    } else {
      sizes = *values;
      int64_t total = 0;
      for (int64_t s : sizes) {
        if (s < 0)
          return ctx.error("split has the negative size " + Twine(s));
        total += s;
      }
      if (!ShapedType::isDynamic(dim) && total != dim)
        return ctx.error("split sums to " + Twine(total) +
                         ", not to the size " + Twine(dim) + " of axis " +
                         Twine(a));
    }
  } else {
    if (ShapedType::isDynamic(dim))
      return ctx.error("dimension " + Twine(a) +
                       " of the input is dynamic: the length of the sequence "
                       "would depend on run-time values");
    sizes.assign(dim, 1);
  }

  // Each piece is a slice along the axis; without split, keepdims = 0
  // squeezes the axis away.
  bool squeeze = !*split && !keepDims;
  Value axes = ctx.i64Constant({a});
  Value steps = ctx.i64Constant({1});
  int64_t start = 0;
  for (int64_t size : sizes) {
    SmallVector<int64_t> shape(type.getShape());
    shape[a] = size;
    Value starts = ctx.i64Constant({start});
    Value ends = ctx.i64Constant({start + size});
    Value piece =
        ctx.create<SliceOp>(RankedTensorType::get(shape, type.getElementType()),
                            *input, starts, ends, axes, steps);
    if (squeeze) {
      shape.erase(shape.begin() + a);
      piece = ctx.create<SqueezeOp>(
          RankedTensorType::get(shape, type.getElementType()), piece,
          ctx.builder.getDenseI64ArrayAttr({a}));
    }
    seq.push_back(piece);
    start += size;
  }
  ctx.setSequenceResult(0, std::move(seq));
  results.push_back(Value());
  return success();
}

/// SequenceMap, unrolled: its body is imported inline once per position,
/// with the tensors at that position of the sequence inputs (which must
/// have one length) and the tensor inputs whole; its outputs at each
/// position are the tensors of the output sequences there.
LogicalResult importSequenceMap(NodeContext &ctx,
                                SmallVectorImpl<Value> &results) {
  const onnx::GraphProto *body = ctx.getGraph("body");
  if (!body)
    return ctx.error("the graph attribute 'body' is missing");
  FailureOr<const Sequence *> first = sequenceOperand(ctx, 0);
  if (failed(first))
    return failure();
  for (unsigned i = 0, e = ctx.node.input_size(); i < e; ++i)
    if (const Sequence *seq = ctx.sequence(i); seq && seq->isPacked())
      return ctx.error("sequence " + inputName(ctx, i) +
                       " is known only at run time; SequenceMap is unrolled "
                       "at compile time and takes sequences whose length the "
                       "compiler knows");
  int64_t length = (*first)->size();
  for (unsigned i = 1, e = ctx.node.input_size(); i < e; ++i) {
    if (const Sequence *seq = ctx.sequence(i)) {
      if (seq->size() != length)
        return ctx.error("sequence " + inputName(ctx, i) + " has " +
                         Twine(seq->size()) + " tensors and sequence " +
                         inputName(ctx, 0) + " has " + Twine(length) +
                         ": the sequence inputs must have the same length");
      continue;
    }
    if (failed(tensorOperand(ctx, i)))
      return failure();
  }
  unsigned numOutputs = ctx.node.output_size();
  if (body->output_size() != static_cast<int>(numOutputs))
    return ctx.error("the body has " + Twine(body->output_size()) +
                     " outputs, but the node has " + Twine(numOutputs));

  SmallVector<std::optional<Sequence>> sequences(numOutputs);
  for (int64_t pos = 0; pos < length; ++pos) {
    SmallVector<GraphValue> inputs;
    for (unsigned i = 0, e = ctx.node.input_size(); i < e; ++i) {
      const Sequence *seq = ctx.sequence(i);
      if (!seq) {
        inputs.push_back(ctx.operand(i));
        continue;
      }
      FailureOr<Value> element = resolvedElement(ctx, i, *seq, pos);
      if (failed(element))
        return failure();
      inputs.push_back(*element);
    }
    SmallVector<GraphValue> outputs;
    if (failed(ctx.importInline("body", inputs, outputs)))
      return failure();
    for (auto [k, output] : llvm::enumerate(outputs)) {
      if (output.isSequence())
        return ctx.error("output " + Twine(k) + " ('" + body->output(k).name() +
                         "') of the body is a sequence; it must be a tensor");
      Type element = typeOf(output.tensor).getElementType();
      if (!sequences[k])
        sequences[k].emplace(element);
      if (element != sequences[k]->getElementType()) {
        std::string message;
        llvm::raw_string_ostream os(message);
        os << "output " << k << " of the body has element type "
           << sequences[k]->getElementType() << " at position 0 and " << element
           << " at position " << pos;
        return ctx.error(message);
      }
      sequences[k]->push_back(output.tensor);
    }
  }
  // Without positions, the body's declared output types give the element
  // types of the empty sequences.
  for (auto [k, seq] : llvm::enumerate(sequences)) {
    if (!seq) {
      const onnx::TypeProto &type = body->output(k).type();
      Type element = type.has_tensor_type()
                         ? onnxElementType(ctx.builder.getContext(),
                                           type.tensor_type().elem_type())
                         : Type();
      if (!element)
        return ctx.error("the sequence inputs are empty and output " +
                         Twine(k) +
                         " of the body declares no supported "
                         "tensor element type");
      seq.emplace(element);
    }
    ctx.setSequenceResult(k, std::move(*seq));
    results.push_back(Value());
  }
  return success();
}

} // namespace

void onnx_import::registerSequenceImporters(llvm::StringMap<ImportFn> &t) {
  t["SequenceEmpty"] = importSequenceEmpty;
  t["SequenceConstruct"] = importSequenceConstruct;
  t["SequenceInsert"] = importSequenceInsert;
  t["SequenceErase"] = importSequenceErase;
  t["SequenceAt"] = importSequenceAt;
  t["SequenceLength"] = importSequenceLength;
  t["ConcatFromSequence"] = importConcatFromSequence;
  t["SplitToSequence"] = importSplitToSequence;
  t["SequenceMap"] = importSequenceMap;
}
