//===- ControlFlow.cpp - importers of ONNX If, Loop and Scan ----*- C++ -*-===//
//
// Part of modelc. Each node becomes one region-carrying op (modelc.if,
// modelc.loop, modelc.scan) whose regions hold the node's subgraphs,
// imported recursively; their nodes may use the values of the enclosing
// graphs. The result types come from what the subgraphs yield. Scan of
// opset 8, which has a batch axis, becomes a scan over the batch whose body
// is a scan over the sequence.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"

#include <limits>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

/// Whether TYPE is a one-element tensor of ELEMENT.
bool isOneElement(Type type, Type element) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getNumElements() == 1 &&
         tensor.getElementType() == element;
}

/// The most precise type that both A and B have: their dimensions where
/// they agree, dynamic where they do not; null if the element types or
/// ranks differ.
RankedTensorType joinTypes(Type a, Type b) {
  auto at = cast<RankedTensorType>(a), bt = cast<RankedTensorType>(b);
  if (at.getElementType() != bt.getElementType() ||
      at.getRank() != bt.getRank())
    return {};
  SmallVector<int64_t> shape;
  for (auto [x, y] : llvm::zip(at.getShape(), bt.getShape()))
    shape.push_back(x == y ? x : ShapedType::kDynamic);
  return RankedTensorType::get(shape, at.getElementType());
}

/// TYPE without dimension AXIS.
RankedTensorType dropDim(Type type, int64_t axis) {
  auto tensor = cast<RankedTensorType>(type);
  SmallVector<int64_t> shape(tensor.getShape());
  shape.erase(shape.begin() + axis);
  return RankedTensorType::get(shape, tensor.getElementType());
}

/// TYPE with a dimension of SIZE inserted at AXIS.
RankedTensorType insertDim(Type type, int64_t axis, int64_t size) {
  auto tensor = cast<RankedTensorType>(type);
  SmallVector<int64_t> shape(tensor.getShape());
  shape.insert(shape.begin() + axis, size);
  return RankedTensorType::get(shape, tensor.getElementType());
}

/// The yield that ends the single block of REGION.
YieldOp yieldOf(Region &region) {
  return cast<YieldOp>(region.front().getTerminator());
}

/// Moves the regions of FROM into TO and erases FROM: control-flow ops are
/// first built without results, to import their subgraphs, whose yields
/// give the result types of the final op.
void takeRegions(Operation *from, Operation *to) {
  for (auto [src, dst] : llvm::zip(from->getRegions(), to->getRegions()))
    dst.takeBody(src);
  from->erase();
}

/// The node's outputs: OP's results, which must be at least as many (ONNX
/// allows omitting trailing ones).
LogicalResult appendResults(NodeContext &ctx, Operation *op,
                            SmallVectorImpl<Value> &results) {
  if (static_cast<unsigned>(ctx.node.output_size()) > op->getNumResults())
    return ctx.error("has " + Twine(ctx.node.output_size()) +
                     " outputs, but its subgraph gives " +
                     Twine(op->getNumResults()));
  results.append(op->result_begin(), op->result_end());
  return success();
}

/// Whether the If's branches yield sequence output THENSEQ and ELSESEQ
/// resolved: of one length and with tensors of the same ranks. Otherwise
/// both are packed, and the If yields their packed values.
bool bothResolved(const Sequence &thenSeq, const Sequence &elseSeq) {
  if (thenSeq.isPacked() || elseSeq.isPacked() ||
      thenSeq.size() != elseSeq.size())
    return false;
  for (int64_t k = 0; k < thenSeq.size(); ++k)
    if (!thenSeq[k] || !elseSeq[k] ||
        !joinTypes(thenSeq[k].getType(), elseSeq[k].getType()))
      return false;
  return true;
}

/// SEQ, an output of the subgraph whose yield is YIELD, packed there (with
/// a presence flag, true where it has none, where WITHPRESENT).
FailureOr<Sequence> packAtYield(NodeContext &ctx, YieldOp yield,
                                const Sequence &seq, bool withPresent,
                                StringRef name) {
  OpBuilder::InsertionGuard guard(ctx.builder);
  ctx.builder.setInsertionPoint(yield);
  FailureOr<Sequence> packed = packSequence(ctx, seq, name);
  if (failed(packed) || !withPresent || packed->getPresent())
    return packed;
  Value present = ctx.scalarConstant(ctx.builder.getI1Type(), 1);
  return Sequence::packed(packed->getElementType(), packed->getData(),
                          packed->getShapes(), present, packed->getRank());
}

/// The values a subgraph yields for its outputs, per output: OUTPUTS says
/// which are sequences, whose values are their elements or packed values.
SmallVector<SmallVector<Value>>
yieldedPerOutput(YieldOp yield, ArrayRef<std::optional<Sequence>> outputs) {
  SmallVector<SmallVector<Value>> perOutput;
  unsigned next = 0;
  for (const std::optional<Sequence> &seq : outputs) {
    unsigned count = !seq              ? 1
                     : seq->isPacked() ? seq->packedValues().size()
                                       : seq->size();
    perOutput.emplace_back(yield.getOperands().slice(next, count));
    next += count;
  }
  return perOutput;
}

/// Replaces the operands of YIELD by PEROUTPUT, flattened.
void setYielded(YieldOp yield, ArrayRef<SmallVector<Value>> perOutput) {
  SmallVector<Value> operands;
  for (const SmallVector<Value> &values : perOutput)
    llvm::append_range(operands, values);
  yield->setOperands(operands);
}

/// The options that would make CONDITION a compile-time constant: `--shape
/// NAME=...` for the graph inputs whose shapes it reads, `--freeze NAME=...`
/// for those whose values it reads; empty where it reads neither.
std::string howToDecide(Value condition) {
  // Values whose contents matter, and values of which only the shape does
  // (what a Shape or Size reads; their shapes follow from their operands'
  // shapes).
  SmallVector<std::pair<Value, bool>> worklist{{condition, false}};
  DenseSet<Value> seen[2];
  std::vector<std::string> shapes, values;
  auto add = [](std::vector<std::string> &list, std::string name) {
    if (!llvm::is_contained(list, name))
      list.push_back(std::move(name));
  };
  while (!worklist.empty()) {
    auto [value, shapeOnly] = worklist.pop_back_val();
    if (!seen[shapeOnly].insert(value).second)
      continue;
    if (auto arg = dyn_cast<BlockArgument>(value)) {
      auto function = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
      if (!function)
        continue;
      if (auto name = function.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                            kNameAttr))
        add(shapeOnly ? shapes : values, name.str());
      continue;
    }
    Operation *op = value.getDefiningOp();
    bool readsShape = isa<ShapeOp, SizeOp>(op);
    for (Value operand : op->getOperands())
      worklist.push_back({operand, shapeOnly || readsShape});
  }
  std::string advice;
  for (const std::string &name : shapes)
    advice += (advice.empty() ? "" : " and ") + ("--shape " + name + "=...");
  for (const std::string &name : values)
    advice += (advice.empty() ? "" : " and ") + ("--freeze " + name + "=...");
  return advice;
}

/// An If whose condition is a compile-time constant (from constants, pinned
/// shapes or frozen inputs): the branch taken, imported inline. The other
/// is not imported at all: it may not even fit the shapes it would see
/// (PyTorch's "squeeze if the size is 1", whose branches differ in rank).
LogicalResult importTakenBranch(NodeContext &ctx, bool taken,
                                SmallVectorImpl<Value> &results) {
  SmallVector<GraphValue> outputs;
  if (failed(
          ctx.importInline(taken ? "then_branch" : "else_branch", {}, outputs)))
    return failure();
  if (static_cast<size_t>(ctx.node.output_size()) > outputs.size())
    return ctx.error("has " + Twine(ctx.node.output_size()) +
                     " outputs, but its subgraph gives " +
                     Twine(outputs.size()));
  for (auto [i, value] : llvm::enumerate(outputs)) {
    if (value.isSequence()) {
      ctx.setSequenceResult(i, std::move(*value.sequence));
      results.push_back(Value());
      continue;
    }
    results.push_back(value.tensor);
  }
  return success();
}

LogicalResult importIf(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  OpBuilder &b = ctx.builder;
  Value condition = ctx.operand(0);
  if (!condition || !isOneElement(condition.getType(), b.getI1Type()))
    return ctx.error("the condition must be a one-element bool tensor");
  if (DenseElementsAttr c; matchPattern(condition, m_Constant(&c)))
    return importTakenBranch(ctx, *c.getValues<bool>().begin(), results);
  auto holder = b.create<IfOp>(ctx.loc, TypeRange{}, condition);
  auto fail = [&] {
    holder.erase();
    return failure();
  };
  // The branches yield a sequence output as its elements (or its packed
  // values).
  SmallVector<std::optional<Sequence>> thenOutputs, elseOutputs;
  if (failed(ctx.importSubgraph("then_branch", holder.getThenBranch(), {},
                                &thenOutputs)) ||
      failed(ctx.importSubgraph("else_branch", holder.getElseBranch(), {},
                                &elseOutputs)))
    return fail();
  if (thenOutputs.size() != elseOutputs.size()) {
    (void)ctx.error("the branches have " + Twine(thenOutputs.size()) + " and " +
                    Twine(elseOutputs.size()) + " outputs");
    return fail();
  }
  YieldOp thenYield = yieldOf(holder.getThenBranch());
  YieldOp elseYield = yieldOf(holder.getElseBranch());
  SmallVector<SmallVector<Value>> thenValues =
      yieldedPerOutput(thenYield, thenOutputs);
  SmallVector<SmallVector<Value>> elseValues =
      yieldedPerOutput(elseYield, elseOutputs);
  // A sequence output whose branches disagree in length or ranks, or that
  // is packed in either, is packed in both: the If yields a sequence that
  // only the run knows.
  for (auto [i, thenSeq, elseSeq] : llvm::enumerate(thenOutputs, elseOutputs)) {
    if (thenSeq.has_value() != elseSeq.has_value()) {
      (void)ctx.error("output " + Twine(i) + " is a " +
                      (thenSeq ? "sequence" : "tensor") +
                      " in then_branch and a " +
                      (elseSeq ? "sequence" : "tensor") + " in else_branch");
      return fail();
    }
    if (!thenSeq)
      continue;
    if (thenSeq->getElementType() != elseSeq->getElementType()) {
      (void)ctx.error("output " + Twine(i) + " is a sequence of " +
                      typeString(thenSeq->getElementType()) +
                      " tensors in then_branch and of " +
                      typeString(elseSeq->getElementType()) +
                      " tensors in else_branch");
      return fail();
    }
    if (bothResolved(*thenSeq, *elseSeq))
      continue;
    bool withPresent = thenSeq->getPresent() || elseSeq->getPresent();
    std::string name = "output " + std::to_string(i) + " of the If";
    FailureOr<Sequence> packedThen =
        packAtYield(ctx, thenYield, *thenSeq, withPresent, name);
    if (failed(packedThen))
      return fail();
    FailureOr<Sequence> packedElse =
        packAtYield(ctx, elseYield, *elseSeq, withPresent, name);
    if (failed(packedElse))
      return fail();
    thenValues[i] = packedThen->packedValues();
    elseValues[i] = packedElse->packedValues();
    std::optional<int64_t> rank = packedThen->getRank() == packedElse->getRank()
                                      ? packedThen->getRank()
                                      : std::nullopt;
    thenOutputs[i] = Sequence::packed(
        packedThen->getElementType(), packedThen->getData(),
        packedThen->getShapes(), packedThen->getPresent(), rank);
  }
  setYielded(thenYield, thenValues);
  setYielded(elseYield, elseValues);

  // Each output's types in both branches: one type for a tensor, those of
  // its elements (or packed values) for a sequence.
  SmallVector<Type> types;
  for (auto [i, thenSeq] : llvm::enumerate(thenOutputs)) {
    for (auto [k, pair] :
         llvm::enumerate(llvm::zip(thenValues[i], elseValues[i]))) {
      Type t = std::get<0>(pair).getType();
      Type e = std::get<1>(pair).getType();
      if (RankedTensorType joined = joinTypes(t, e)) {
        types.push_back(joined);
        continue;
      }
      std::string what = "output " + std::to_string(i);
      if (thenSeq)
        what = "tensor " + std::to_string(k) + " of " + what;
      std::string advice = howToDecide(condition);
      (void)ctx.error(
          what + " has the type " + typeString(t) + " in then_branch and " +
          typeString(e) +
          " in else_branch; the branches must agree on element type and "
          "rank where the condition is known only at run time" +
          (advice.empty()
               ? std::string()
               : "; " + advice + " would decide it at compile time"));
      return fail();
    }
  }
  auto op = b.create<IfOp>(ctx.loc, types, condition);
  takeRegions(holder, op);
  if (static_cast<size_t>(ctx.node.output_size()) > thenOutputs.size())
    return ctx.error("has " + Twine(ctx.node.output_size()) +
                     " outputs, but its subgraph gives " +
                     Twine(thenOutputs.size()));
  // A sequence output is the sequence of the If's results for its elements
  // (or packed values).
  unsigned next = 0;
  for (auto [i, thenSeq] : llvm::enumerate(thenOutputs)) {
    if (!thenSeq) {
      results.push_back(op->getResult(next++));
      continue;
    }
    if (thenSeq->isPacked()) {
      ctx.setSequenceResult(
          i, Sequence::packedLike(*thenSeq, op->getResults(), next));
      results.push_back(Value());
      continue;
    }
    Sequence seq(thenSeq->getElementType());
    for (int64_t k = 0; k < thenSeq->size(); ++k)
      seq.push_back(op->getResult(next++));
    ctx.setSequenceResult(i, std::move(seq));
    results.push_back(Value());
  }
  return success();
}

/// Whether VALUE is a constant whose elements are all true.
bool isConstantTrue(Value value) {
  DenseElementsAttr attr;
  return value && matchPattern(value, m_Constant(&attr)) &&
         llvm::all_of(attr.getValues<bool>(), [](bool b) { return b; });
}

/// The scan output of an unrolled Loop: the values of its ELEMENTS, one per
/// iteration, stacked along a new first axis (unsqueeze + concat, as the
/// Loop lowering does), which must all have one type. Without iterations,
/// an empty tensor of the type ONNX knows for the node's output OUTPUT, if
/// it knows its dimensions.
FailureOr<Value> stackScanOutput(NodeContext &ctx, unsigned output,
                                 ArrayRef<Value> elements) {
  OpBuilder &b = ctx.builder;
  if (elements.empty()) {
    auto known =
        output < ctx.resultTypes.size()
            ? dyn_cast_or_null<RankedTensorType>(ctx.resultTypes[output])
            : RankedTensorType();
    if (!known || known.getRank() == 0 ||
        llvm::any_of(known.getShape().drop_front(), ShapedType::isDynamic))
      return ctx.error("the loop runs no iterations, so the shape of its "
                       "scan output " +
                       Twine(output) + " is unknown");
    auto type = insertDim(dropDim(known, 0), 0, 0);
    return b
        .create<ConstantOp>(ctx.loc,
                            DenseElementsAttr::get(type, ArrayRef<Attribute>{}))
        .getResult();
  }
  Type type = elements.front().getType();
  for (Value v : elements)
    if (v.getType() != type)
      return ctx.error("scan output " + Twine(output) + " has the types " +
                       typeString(type) + " and " + typeString(v.getType()) +
                       " in different iterations; it must keep its shape");
  SmallVector<Value> rows;
  for (Value v : elements)
    rows.push_back(ctx.create<UnsqueezeOp>(insertDim(type, 0, 1), v,
                                           b.getDenseI64ArrayAttr({0})));
  return ctx.create<ConcatOp>(
      insertDim(type, 0, static_cast<int64_t>(elements.size())),
      ValueRange(rows), b.getI64IntegerAttr(0));
}

/// The most iterations a Loop is unrolled to.
constexpr int64_t kMaxUnrolledIterations = 1 << 16;

/// A Loop that carries sequences, or whose body uses sequences of the
/// enclosing scope, unrolled at import: its body is imported inline once per
/// iteration, with the iteration number as a constant, the loop-carried
/// tensors and sequences threaded through. TRIPCOUNT iterations at most;
/// the body's condition output must be a constant, and a false one ends the
/// loop after its iteration.
LogicalResult unrollLoop(NodeContext &ctx, int64_t tripCount,
                         SmallVectorImpl<Value> &results) {
  OpBuilder &b = ctx.builder;
  const onnx::GraphProto *body = ctx.getGraph("body");
  if (!body)
    return ctx.error("the graph attribute 'body' is missing");
  SmallVector<GraphValue> carried;
  for (unsigned i = 2, e = ctx.node.input_size(); i < e; ++i) {
    if (const Sequence *seq = ctx.sequence(i)) {
      carried.push_back(*seq);
      continue;
    }
    if (!ctx.operand(i))
      return ctx.error("loop-carried input " + Twine(i - 2) + " is missing");
    carried.push_back(ctx.operand(i));
  }
  unsigned numCarried = carried.size();
  if (body->output_size() < static_cast<int>(1 + numCarried))
    return ctx.error("the body has " + Twine(body->output_size()) +
                     " outputs; it needs the condition and the " +
                     Twine(numCarried) + " loop-carried values");
  unsigned numScan = body->output_size() - 1 - numCarried;
  if (static_cast<unsigned>(ctx.node.output_size()) > numCarried + numScan)
    return ctx.error("has " + Twine(ctx.node.output_size()) +
                     " outputs, but its body gives " +
                     Twine(numCarried + numScan));

  Value trueValue = ctx.scalarConstant(b.getI1Type(), 1);
  SmallVector<SmallVector<Value>> scanElements(numScan);
  for (int64_t iteration = 0; iteration < tripCount; ++iteration) {
    if (iteration == kMaxUnrolledIterations)
      return ctx.error("the loop, which carries a sequence or uses one of the "
                       "enclosing graph, would be unrolled to more than " +
                       Twine(kMaxUnrolledIterations) + " iterations");
    SmallVector<GraphValue> inputs;
    inputs.push_back(ctx.scalarConstant(b.getI64Type(), iteration));
    inputs.push_back(trueValue);
    llvm::append_range(inputs, carried);
    SmallVector<GraphValue> outputs;
    if (failed(ctx.importInline("body", inputs, outputs)))
      return failure();
    for (unsigned i = 0; i < numCarried; ++i) {
      GraphValue &next = outputs[1 + i];
      if (next.isSequence() != carried[i].isSequence())
        return ctx.error("loop-carried value " + Twine(i) + " enters as a " +
                         (carried[i].isSequence() ? "sequence" : "tensor") +
                         " and leaves the body as a " +
                         (next.isSequence() ? "sequence" : "tensor"));
      if (next.isSequence() && next.sequence->getElementType() !=
                                   carried[i].sequence->getElementType())
        return ctx.error("loop-carried sequence " + Twine(i) + " enters with " +
                         typeString(carried[i].sequence->getElementType()) +
                         " tensors and leaves the body with " +
                         typeString(next.sequence->getElementType()) +
                         " tensors");
      if (!next.isSequence() &&
          !joinTypes(carried[i].tensor.getType(), next.tensor.getType()))
        return ctx.error("loop-carried value " + Twine(i) + " enters as " +
                         typeString(carried[i].tensor.getType()) +
                         " and leaves the body as " +
                         typeString(next.tensor.getType()) +
                         "; loop-carried values must keep their element type "
                         "and rank");
      carried[i] = std::move(next);
    }
    for (unsigned k = 0; k < numScan; ++k) {
      GraphValue &element = outputs[1 + numCarried + k];
      if (element.isSequence())
        return ctx.error("scan output " + Twine(k) +
                         " of the body is a sequence; scan outputs must be "
                         "tensors");
      scanElements[k].push_back(element.tensor);
    }
    GraphValue &condition = outputs[0];
    DenseElementsAttr c;
    if (condition.isSequence() ||
        !isOneElement(condition.tensor.getType(), b.getI1Type()))
      return ctx.error("the body's first output (the condition) must be a "
                       "one-element bool tensor");
    if (!matchPattern(condition.tensor, m_Constant(&c)))
      return ctx.error(
          "the condition the body computes must be a compile-time constant "
          "for a Loop that carries a sequence or uses one of the enclosing "
          "graph, which is unrolled at import");
    if (!*c.getValues<bool>().begin())
      break;
  }
  for (auto [i, value] : llvm::enumerate(carried)) {
    if (value.isSequence()) {
      ctx.setSequenceResult(i, std::move(*value.sequence));
      results.push_back(Value());
      continue;
    }
    results.push_back(value.tensor);
  }
  for (unsigned k = 0; k < numScan; ++k) {
    FailureOr<Value> stacked =
        stackScanOutput(ctx, numCarried + k, scanElements[k]);
    if (failed(stacked))
      return failure();
    results.push_back(*stacked);
  }
  return success();
}

/// Whether BODY, a Loop's body, passes its condition input on (through
/// Identity nodes) or yields a Constant node's value as its condition.
bool bodyKeepsCondition(const onnx::GraphProto &body) {
  if (body.output_size() == 0 || body.input_size() < 2)
    return false;
  std::string name = body.output(0).name();
  for (int hops = 0; hops <= body.node_size(); ++hops) {
    if (name == body.input(1).name())
      return true;
    const onnx::NodeProto *producer = nullptr;
    for (const auto &node : body.node())
      if (llvm::is_contained(node.output(), name))
        producer = &node;
    if (!producer)
      return false;
    if (producer->op_type() == "Constant")
      return true;
    if (producer->op_type() != "Identity" || producer->input_size() != 1)
      return false;
    name = producer->input(0);
  }
  return false;
}

/// Makes YIELD, of the body of a Loop that carries packed sequences, yield
/// each carried sequence in the form it entered with (BODYINPUTS: the
/// iteration number, the condition, then the carried values, packed
/// sequences where they are): packed, with a presence flag where it has
/// one. BODYOUTPUTS says which of the body's outputs are sequences.
LogicalResult
yieldCarriedSequences(NodeContext &ctx, YieldOp yield,
                      ArrayRef<std::optional<Sequence>> bodyInputs,
                      ArrayRef<std::optional<Sequence>> bodyOutputs) {
  unsigned numCarried = bodyInputs.size() - 2;
  if (bodyOutputs.size() < 1 + numCarried)
    return ctx.error("the body has " + Twine(bodyOutputs.size()) +
                     " outputs; it needs the condition and the " +
                     Twine(numCarried) + " loop-carried values");
  SmallVector<SmallVector<Value>> yielded =
      yieldedPerOutput(yield, bodyOutputs);
  for (unsigned k = 0; k < bodyOutputs.size(); ++k) {
    const std::optional<Sequence> &out = bodyOutputs[k];
    bool carried = k >= 1 && k <= numCarried;
    const std::optional<Sequence> &in =
        carried ? bodyInputs[1 + k] : std::optional<Sequence>();
    if (!carried || !in) {
      if (!out)
        continue;
      if (!carried)
        return ctx.error(Twine(k == 0 ? "the condition" : "a scan output") +
                         " of the body is a sequence; it must be a tensor");
      return ctx.error("loop-carried value " + Twine(k - 1) +
                       " enters as a tensor and leaves the body as a "
                       "sequence");
    }
    if (!out)
      return ctx.error("loop-carried value " + Twine(k - 1) +
                       " enters as a sequence and leaves the body as a "
                       "tensor");
    if (out->getElementType() != in->getElementType())
      return ctx.error("loop-carried sequence " + Twine(k - 1) +
                       " enters with " + typeString(in->getElementType()) +
                       " tensors and leaves the body with " +
                       typeString(out->getElementType()) + " tensors");
    if (out->getPresent() && !in->getPresent())
      return ctx.error("loop-carried sequence " + Twine(k - 1) +
                       " enters as a sequence and leaves the body as an "
                       "optional that may be empty");
    FailureOr<Sequence> packed =
        packAtYield(ctx, yield, *out, static_cast<bool>(in->getPresent()),
                    "loop-carried sequence " + std::to_string(k - 1));
    if (failed(packed))
      return failure();
    yielded[k] = packed->packedValues();
  }
  setYielded(yield, yielded);
  return success();
}

LogicalResult importLoop(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  OpBuilder &b = ctx.builder;
  for (unsigned i = 0; i < 2; ++i)
    if (ctx.sequence(i))
      return ctx.error(Twine(i == 0 ? "the trip count M" : "the condition") +
                       " must be a tensor, not a sequence");
  Value tripCount = ctx.operand(0), condition = ctx.operand(1);
  if (tripCount && !isOneElement(tripCount.getType(), b.getI64Type()))
    return ctx.error("the trip count M must be a one-element int64 tensor");
  if (condition && !isOneElement(condition.getType(), b.getI1Type()))
    return ctx.error("the condition must be a one-element bool tensor");

  // A Loop that carries sequences is unrolled when its trip count and
  // condition are constants (otherwise it carries them packed), as is one
  // whose body uses the sequences of the enclosing graph (otherwise a
  // SequenceAt at the iteration number gathers from their stack).
  bool carriesSequence = false;
  for (unsigned i = 2, e = ctx.node.input_size(); i < e; ++i)
    carriesSequence |= ctx.sequence(i) != nullptr;
  const onnx::GraphProto *bodyGraph = ctx.getGraph("body");
  if (carriesSequence ||
      (bodyGraph && ctx.subgraphImporter->usesOuterSequence(*bodyGraph))) {
    // Without a trip count, the body's condition must end the loop.
    std::optional<SmallVector<int64_t>> m = ctx.constantInts(0);
    if (!tripCount)
      m = SmallVector<int64_t>{std::numeric_limits<int64_t>::max()};
    DenseElementsAttr c;
    bool constantCondition =
        !condition || matchPattern(condition, m_Constant(&c));
    // A Loop that carries sequences and whose body computes its condition
    // carries them packed instead.
    if (carriesSequence && bodyGraph && !bodyKeepsCondition(*bodyGraph))
      constantCondition = false;
    if (m && constantCondition) {
      bool enters = !condition || *c.getValues<bool>().begin();
      return unrollLoop(ctx, enters ? std::max<int64_t>((*m)[0], 0) : 0,
                        results);
    }
  }
  // A Loop that is not unrolled carries a sequence packed: its length and
  // tensors are run-time values (PackedSequence.cpp).
  SmallVector<Value> initial;
  SmallVector<std::optional<Sequence>> bodyInputs{std::nullopt, std::nullopt};
  SmallVector<Type> argTypes{RankedTensorType::get({}, b.getI64Type()),
                             RankedTensorType::get({}, b.getI1Type())};
  for (unsigned i = 2, e = ctx.node.input_size(); i < e; ++i) {
    if (const Sequence *seq = ctx.sequence(i)) {
      FailureOr<Sequence> packed = packSequence(ctx, *seq, ctx.node.input(i));
      if (failed(packed))
        return failure();
      llvm::append_range(initial, packed->packedValues());
      argTypes.push_back(packed->getData().getType());
      // The rank of its tensors may change in the iterations.
      bodyInputs.push_back(Sequence::packed(
          packed->getElementType(), packed->getData(), packed->getShapes(),
          packed->getPresent(), std::nullopt));
      continue;
    }
    if (!ctx.operand(i))
      return ctx.error("loop-carried input " + Twine(i - 2) + " is missing");
    initial.push_back(ctx.operand(i));
    argTypes.push_back(ctx.operand(i).getType());
    bodyInputs.push_back(std::nullopt);
  }

  auto holder =
      b.create<LoopOp>(ctx.loc, TypeRange{}, tripCount, condition, initial);
  auto fail = [&] {
    holder.erase();
    return failure();
  };
  SmallVector<std::optional<Sequence>> bodyOutputs;
  if (failed(ctx.importSubgraph(
          "body", holder.getBody(), argTypes,
          carriesSequence ? &bodyOutputs : nullptr,
          carriesSequence ? ArrayRef<std::optional<Sequence>>(bodyInputs)
                          : ArrayRef<std::optional<Sequence>>())))
    return fail();
  YieldOp yield = yieldOf(holder.getBody());
  if (carriesSequence &&
      failed(yieldCarriedSequences(ctx, yield, bodyInputs, bodyOutputs)))
    return fail();
  unsigned numCarried = initial.size();
  if (yield.getNumOperands() < 1 + numCarried) {
    (void)ctx.error("the body has " + Twine(yield.getNumOperands()) +
                    " outputs; it needs the condition and the " +
                    Twine(numCarried) + " loop-carried values");
    return fail();
  }
  if (!isOneElement(yield.getOperand(0).getType(), b.getI1Type())) {
    (void)ctx.error("the body's first output (the condition) must be a "
                    "one-element bool tensor");
    return fail();
  }
  SmallVector<Type> types;
  for (unsigned i = 0; i < numCarried; ++i) {
    Type carried = initial[i].getType();
    Type next = yield.getOperand(1 + i).getType();
    if (!areCompatibleTensorTypes(carried, next)) {
      (void)ctx.error("loop-carried value " + Twine(i) + " enters as " +
                      typeString(carried) + " and leaves the body as " +
                      typeString(next) +
                      "; loop-carried values must keep their shape");
      return fail();
    }
    types.push_back(carried);
  }
  // The scan outputs stack one element per iteration. The number of
  // iterations is known at compile time when the trip count is a constant
  // and the condition a constant (or absent) that the body passes on.
  int64_t iterations = ShapedType::kDynamic;
  std::optional<SmallVector<int64_t>> m = ctx.constantInts(0);
  Block &body = holder.getBody().front();
  Value nextCondition = yield.getOperand(0);
  bool conditionKept =
      nextCondition == body.getArgument(1) || isConstantTrue(nextCondition);
  if (m && conditionKept) {
    DenseElementsAttr c;
    if (!condition)
      iterations = std::max<int64_t>((*m)[0], 0);
    else if (matchPattern(condition, m_Constant(&c)))
      iterations =
          *c.getValues<bool>().begin() ? std::max<int64_t>((*m)[0], 0) : 0;
  }
  // A number of iterations known only at run time is the one the model
  // declares for a scan output, if it does: the lowering checks it.
  for (auto [i, element] :
       llvm::enumerate(yield.getOperands().drop_front(1 + numCarried))) {
    RankedTensorType type = insertDim(element.getType(), 0, iterations);
    unsigned output = numCarried + i;
    auto known =
        output < ctx.resultTypes.size()
            ? dyn_cast_or_null<RankedTensorType>(ctx.resultTypes[output])
            : RankedTensorType();
    if (ShapedType::isDynamic(iterations) && known &&
        known.getRank() == type.getRank() && !known.isDynamicDim(0))
      type = insertDim(element.getType(), 0, known.getDimSize(0));
    types.push_back(type);
  }
  auto op = b.create<LoopOp>(ctx.loc, types, tripCount, condition, initial);
  takeRegions(holder, op);
  if (!carriesSequence)
    return appendResults(ctx, op, results);
  // A carried sequence is the packed sequence of its results.
  unsigned next = 0;
  for (auto [i, like] : llvm::enumerate(ArrayRef(bodyInputs).drop_front(2))) {
    if (!like) {
      results.push_back(op->getResult(next++));
      continue;
    }
    ctx.setSequenceResult(i,
                          Sequence::packedLike(*like, op->getResults(), next));
    results.push_back(Value());
  }
  llvm::append_range(results, op->getResults().drop_front(next));
  return success();
}

/// The axes (or directions) attribute NAME of a Scan: COUNT values, zeros
/// when absent; axes made non-negative for the ranks RANKS.
FailureOr<SmallVector<int64_t>> scanList(NodeContext &ctx, StringRef name,
                                         ArrayRef<int64_t> ranks,
                                         bool isDirection) {
  size_t count = ranks.size();
  SmallVector<int64_t> values =
      ctx.getInts(name).value_or(SmallVector<int64_t>(count, 0));
  if (values.size() != count) {
    (void)ctx.error(name + " has " + Twine(values.size()) +
                    " values, expected " + Twine(count));
    return failure();
  }
  for (size_t i = 0; i < count; ++i) {
    int64_t &v = values[i];
    if (isDirection) {
      if (v != 0 && v != 1) {
        (void)ctx.error(name + " must hold 0 (forward) or 1 (reverse)");
        return failure();
      }
      continue;
    }
    if (v < -ranks[i] || v >= ranks[i]) {
      (void)ctx.error(name + "[" + Twine(i) + "] = " + Twine(v) +
                      " is out of range for rank " + Twine(ranks[i]));
      return failure();
    }
    if (v < 0)
      v += ranks[i];
  }
  return values;
}

/// Options of one modelc.scan.
struct ScanSpec {
  SmallVector<Value> initial, inputs;
  SmallVector<int64_t> inputAxes, inputDirections;
  /// Output axes and directions as given (null: from the node's attributes,
  /// once the body's outputs are known).
  std::optional<SmallVector<int64_t>> outputAxes, outputDirections;
};

/// Builds a modelc.scan whose body is the node's `body` subgraph.
FailureOr<ScanOp> buildScan(NodeContext &ctx, ScanSpec &spec) {
  OpBuilder &b = ctx.builder;
  SmallVector<Type> argTypes(ValueRange(spec.initial).getTypes());
  int64_t length = ShapedType::kDynamic;
  for (auto [input, axis] : llvm::zip(spec.inputs, spec.inputAxes)) {
    argTypes.push_back(dropDim(input.getType(), axis));
    int64_t size = cast<RankedTensorType>(input.getType()).getDimSize(axis);
    if (ShapedType::isDynamic(size))
      continue;
    if (!ShapedType::isDynamic(length) && length != size)
      return ctx.error("the scan inputs have different lengths (" +
                       Twine(length) + " and " + Twine(size) + ")");
    length = size;
  }
  auto holder =
      b.create<ScanOp>(ctx.loc, TypeRange{}, spec.initial, spec.inputs, nullptr,
                       nullptr, nullptr, nullptr);
  auto fail = [&] {
    holder.erase();
    return failure();
  };
  if (failed(ctx.importSubgraph("body", holder.getBody(), argTypes)))
    return fail();
  YieldOp yield = yieldOf(holder.getBody());
  unsigned numStates = spec.initial.size();
  if (yield.getNumOperands() < numStates) {
    (void)ctx.error("the body has " + Twine(yield.getNumOperands()) +
                    " outputs, fewer than the " + Twine(numStates) + " states");
    return fail();
  }
  SmallVector<Type> types;
  for (unsigned i = 0; i < numStates; ++i) {
    Type state = spec.initial[i].getType();
    Type next = yield.getOperand(i).getType();
    if (!areCompatibleTensorTypes(state, next)) {
      (void)ctx.error("state " + Twine(i) + " enters as " + typeString(state) +
                      " and leaves the body as " + typeString(next) +
                      "; states must keep their shape");
      return fail();
    }
    types.push_back(state);
  }
  SmallVector<int64_t> outputRanks;
  for (Value element : yield.getOperands().drop_front(numStates))
    outputRanks.push_back(cast<RankedTensorType>(element.getType()).getRank() +
                          1);
  if (!spec.outputAxes) {
    FailureOr<SmallVector<int64_t>> axes =
        scanList(ctx, "scan_output_axes", outputRanks, false);
    FailureOr<SmallVector<int64_t>> directions =
        scanList(ctx, "scan_output_directions", outputRanks, true);
    if (failed(axes) || failed(directions))
      return fail();
    spec.outputAxes = *axes;
    spec.outputDirections = *directions;
  }
  for (auto [element, axis] :
       llvm::zip(yield.getOperands().drop_front(numStates), *spec.outputAxes))
    types.push_back(insertDim(element.getType(), axis, length));
  auto op = b.create<ScanOp>(ctx.loc, types, spec.initial, spec.inputs,
                             b.getDenseI64ArrayAttr(spec.inputAxes),
                             b.getDenseI64ArrayAttr(spec.inputDirections),
                             b.getDenseI64ArrayAttr(*spec.outputAxes),
                             b.getDenseI64ArrayAttr(*spec.outputDirections));
  takeRegions(holder, op);
  return op;
}

/// Scan of opset 9 and later.
LogicalResult importScan9(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  int64_t numInputs = ctx.getInt("num_scan_inputs", 0);
  int64_t numOperands = ctx.operands.size();
  if (numInputs < 1 || numInputs > numOperands)
    return ctx.error("num_scan_inputs must be between 1 and the number of "
                     "inputs (" +
                     Twine(numOperands) + ")");
  ScanSpec spec;
  SmallVector<int64_t> ranks;
  for (auto [i, v] : llvm::enumerate(ctx.operands)) {
    if (!v)
      return ctx.error("input " + Twine(i) + " is missing");
    if (static_cast<int64_t>(i) < numOperands - numInputs) {
      spec.initial.push_back(v);
      continue;
    }
    spec.inputs.push_back(v);
    ranks.push_back(cast<RankedTensorType>(v.getType()).getRank());
    if (ranks.back() == 0)
      return ctx.error("scan input " + Twine(spec.inputs.size() - 1) +
                       " is a scalar");
  }
  FailureOr<SmallVector<int64_t>> axes =
      scanList(ctx, "scan_input_axes", ranks, false);
  FailureOr<SmallVector<int64_t>> directions =
      scanList(ctx, "scan_input_directions", ranks, true);
  if (failed(axes) || failed(directions))
    return failure();
  spec.inputAxes = *axes;
  spec.inputDirections = *directions;
  FailureOr<ScanOp> op = buildScan(ctx, spec);
  if (failed(op))
    return failure();
  return appendResults(ctx, *op, results);
}

/// Scan of opset 8: operand 0 is the optional sequence_lens, and every
/// state, scan input and output has a leading batch axis (the scan inputs'
/// sequence axis is 1). It becomes a scan over the batch, without states,
/// whose body runs a scan over the sequence on one batch element and yields
/// its results, which the outer scan stacks along the batch axis.
LogicalResult importScan8(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  OpBuilder &b = ctx.builder;
  int64_t numInputs = ctx.getInt("num_scan_inputs", 0);
  int64_t numOperands = ctx.operands.size() - 1;
  if (numInputs < 1 || numInputs > numOperands)
    return ctx.error("num_scan_inputs must be between 1 and the number of "
                     "states and scan inputs (" +
                     Twine(numOperands) + ")");
  int64_t numStates = numOperands - numInputs;
  SmallVector<Value> values(ctx.operands.begin() + 1, ctx.operands.end());
  int64_t batch = ShapedType::kDynamic, length = ShapedType::kDynamic;
  SmallVector<int64_t> ranks;
  for (auto [i, v] : llvm::enumerate(values)) {
    if (!v)
      return ctx.error("input " + Twine(i + 1) + " is missing");
    auto type = cast<RankedTensorType>(v.getType());
    bool isInput = static_cast<int64_t>(i) >= numStates;
    if (type.getRank() < (isInput ? 2 : 1))
      return ctx.error("input " + Twine(i + 1) +
                       " lacks the batch (and sequence) axes");
    if (isInput) {
      ranks.push_back(type.getRank() - 1);
      if (!type.isDynamicDim(1))
        length = type.getDimSize(1);
    }
    if (!type.isDynamicDim(0)) {
      if (!ShapedType::isDynamic(batch) && batch != type.getDimSize(0))
        return ctx.error("the inputs have different batch sizes");
      batch = type.getDimSize(0);
    }
  }
  if (Value lens = ctx.operand(0)) {
    std::optional<SmallVector<int64_t>> given = ctx.constantInts(0);
    if (!given || ShapedType::isDynamic(length) ||
        llvm::any_of(*given, [&](int64_t n) { return n != length; }))
      return ctx.error("sequence_lens other than the full sequence length "
                       "are not supported");
  }
  FailureOr<SmallVector<int64_t>> directions =
      scanList(ctx, "directions", ranks, true);
  if (failed(directions))
    return failure();

  // The outer scan over the batch: its body gets one batch element of every
  // state and scan input.
  SmallVector<Type> argTypes;
  for (Value v : values)
    argTypes.push_back(dropDim(v.getType(), 0));
  SmallVector<int64_t> zeros(values.size(), 0);
  auto outer = b.create<ScanOp>(ctx.loc, TypeRange{}, ValueRange{}, values,
                                nullptr, nullptr, nullptr, nullptr);
  auto fail = [&] {
    outer.erase();
    return failure();
  };
  {
    OpBuilder::InsertionGuard guard(b);
    SmallVector<Location> locs(argTypes.size(), ctx.loc);
    Block *block = b.createBlock(&outer.getBody(), {}, argTypes, locs);
    ScanSpec spec;
    spec.initial.assign(block->args_begin(), block->args_begin() + numStates);
    spec.inputs.assign(block->args_begin() + numStates, block->args_end());
    spec.inputAxes.assign(numInputs, 0);
    spec.inputDirections = *directions;
    // Opset 8 has no scan_output_axes or scan_output_directions: every scan
    // output is stacked along the sequence axis, forwards.
    FailureOr<ScanOp> inner = buildScan(ctx, spec);
    if (failed(inner))
      return fail();
    b.create<YieldOp>(ctx.loc, inner->getResults());
  }
  SmallVector<Type> types;
  for (Value v : yieldOf(outer.getBody()).getOperands())
    types.push_back(insertDim(v.getType(), 0, batch));
  auto op = b.create<ScanOp>(
      ctx.loc, types, ValueRange{}, values, b.getDenseI64ArrayAttr(zeros),
      b.getDenseI64ArrayAttr(zeros),
      b.getDenseI64ArrayAttr(SmallVector<int64_t>(types.size(), 0)),
      b.getDenseI64ArrayAttr(SmallVector<int64_t>(types.size(), 0)));
  takeRegions(outer, op);
  return appendResults(ctx, op, results);
}

LogicalResult importScan(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  return ctx.opset < 9 ? importScan8(ctx, results) : importScan9(ctx, results);
}

} // namespace

void onnx_import::registerControlFlowImporters(llvm::StringMap<ImportFn> &t) {
  t["If"] = importIf;
  t["Loop"] = importLoop;
  t["Scan"] = importScan;
}
