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

#include "mlir/IR/Matchers.h"

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

std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
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

LogicalResult importIf(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  OpBuilder &b = ctx.builder;
  Value condition = ctx.operand(0);
  if (!condition || !isOneElement(condition.getType(), b.getI1Type()))
    return ctx.error("the condition must be a one-element bool tensor");
  auto holder = b.create<IfOp>(ctx.loc, TypeRange{}, condition);
  auto fail = [&] {
    holder.erase();
    return failure();
  };
  if (failed(ctx.importSubgraph("then_branch", holder.getThenBranch(), {})) ||
      failed(ctx.importSubgraph("else_branch", holder.getElseBranch(), {})))
    return fail();
  YieldOp thenYield = yieldOf(holder.getThenBranch());
  YieldOp elseYield = yieldOf(holder.getElseBranch());
  if (thenYield.getNumOperands() != elseYield.getNumOperands()) {
    (void)ctx.error("the branches have " + Twine(thenYield.getNumOperands()) +
                    " and " + Twine(elseYield.getNumOperands()) + " outputs");
    return fail();
  }
  SmallVector<Type> types;
  for (auto [i, t, e] : llvm::enumerate(thenYield.getOperandTypes(),
                                        elseYield.getOperandTypes())) {
    RankedTensorType joined = joinTypes(t, e);
    if (!joined) {
      (void)ctx.error("output " + Twine(i) + " has the type " + typeString(t) +
                      " in then_branch and " + typeString(e) +
                      " in else_branch; the branches must agree on element "
                      "type and rank");
      return fail();
    }
    types.push_back(joined);
  }
  auto op = b.create<IfOp>(ctx.loc, types, condition);
  takeRegions(holder, op);
  return appendResults(ctx, op, results);
}

/// Whether VALUE is a constant whose elements are all true.
bool isConstantTrue(Value value) {
  DenseElementsAttr attr;
  return value && matchPattern(value, m_Constant(&attr)) &&
         llvm::all_of(attr.getValues<bool>(), [](bool b) { return b; });
}

LogicalResult importLoop(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  OpBuilder &b = ctx.builder;
  Value tripCount = ctx.operand(0), condition = ctx.operand(1);
  if (tripCount && !isOneElement(tripCount.getType(), b.getI64Type()))
    return ctx.error("the trip count M must be a one-element int64 tensor");
  if (condition && !isOneElement(condition.getType(), b.getI1Type()))
    return ctx.error("the condition must be a one-element bool tensor");
  SmallVector<Value> initial;
  for (unsigned i = 2; i < ctx.operands.size(); ++i) {
    if (!ctx.operands[i])
      return ctx.error("loop-carried input " + Twine(i - 2) + " is missing");
    initial.push_back(ctx.operands[i]);
  }
  SmallVector<Type> argTypes{RankedTensorType::get({}, b.getI64Type()),
                             RankedTensorType::get({}, b.getI1Type())};
  llvm::append_range(argTypes, ValueRange(initial).getTypes());

  auto holder =
      b.create<LoopOp>(ctx.loc, TypeRange{}, tripCount, condition, initial);
  auto fail = [&] {
    holder.erase();
    return failure();
  };
  if (failed(ctx.importSubgraph("body", holder.getBody(), argTypes)))
    return fail();
  YieldOp yield = yieldOf(holder.getBody());
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
  return appendResults(ctx, op, results);
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
