//===- Recurrent.cpp - importers of ONNX RNN, GRU and LSTM ------*- C++ -*-===//
//
// Part of modelc. One modelc.rnn/gru/lstm per node; a batch-first node
// (layout = 1) gets transposes around it, and the activation list has
// every function's alpha and beta resolved.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

/// ONNX's activation names, in their canonical spelling.
const StringRef kActivationNames[] = {
    "Relu",       "Tanh",        "Sigmoid",
    "Affine",     "LeakyRelu",   "ThresholdedRelu",
    "ScaledTanh", "HardSigmoid", "Elu",
    "Softsign",   "Softplus"};

/// Whether the activation NAME takes alpha and beta.
std::pair<bool, bool> usesAlphaBeta(StringRef name) {
  return llvm::StringSwitch<std::pair<bool, bool>>(name)
      .Cases("Affine", "ScaledTanh", "HardSigmoid", {true, true})
      .Cases("LeakyRelu", "ThresholdedRelu", "Elu", {true, false})
      .Default({false, false});
}

/// The resolved activation attributes of a node.
struct Activations {
  ArrayAttr names;
  DenseF32ArrayAttr alpha, beta;
};

/// Reads `activations`, `activation_alpha` and `activation_beta`: names are
/// matched case-insensitively, and the alpha (beta) values go, in order, to
/// the functions that take one, the others getting their defaults (as ONNX
/// Runtime does). A bidirectional node may give the functions of one
/// direction only, for both.
FailureOr<Activations> readActivations(NodeContext &ctx, int64_t perDirection,
                                       int64_t numDirections) {
  const onnx::AttributeProto *namesAttr = ctx.attr("activations");
  if (!namesAttr)
    return Activations();
  std::vector<float> alphas, betas;
  if (const onnx::AttributeProto *a = ctx.attr("activation_alpha"))
    alphas.assign(a->floats().begin(), a->floats().end());
  if (const onnx::AttributeProto *b = ctx.attr("activation_beta"))
    betas.assign(b->floats().begin(), b->floats().end());
  int64_t count = namesAttr->strings_size();
  if (count != perDirection && count != perDirection * numDirections)
    return ctx.error("needs " + Twine(perDirection * numDirections) +
                     " activations, not " + Twine(count));
  SmallVector<StringRef> names;
  SmallVector<float> alpha, beta;
  size_t nextAlpha = 0, nextBeta = 0;
  for (const std::string &given : namesAttr->strings()) {
    const StringRef *name = llvm::find_if(kActivationNames, [&](StringRef n) {
      return n.equals_insensitive(given);
    });
    if (name == std::end(kActivationNames))
      return ctx.error("unsupported activation '" + given + "'");
    names.push_back(*name);
    auto [defaultAlpha, defaultBeta] = *getRecurrentActivationDefaults(*name);
    auto [takesAlpha, takesBeta] = usesAlphaBeta(*name);
    alpha.push_back(takesAlpha && nextAlpha < alphas.size()
                        ? alphas[nextAlpha++]
                        : defaultAlpha);
    beta.push_back(takesBeta && nextBeta < betas.size() ? betas[nextBeta++]
                                                        : defaultBeta);
  }
  if (count != perDirection * numDirections) {
    for (int64_t i = 0; i < perDirection; ++i) {
      names.push_back(names[i]);
      alpha.push_back(alpha[i]);
      beta.push_back(beta[i]);
    }
  }
  OpBuilder &b = ctx.builder;
  Activations result;
  result.names = b.getStrArrayAttr(names);
  result.alpha = b.getDenseF32ArrayAttr(alpha);
  result.beta = b.getDenseF32ArrayAttr(beta);
  return result;
}

/// Imports an RNN (GATES = 1), GRU (3) or LSTM (4) node.
template <typename Op>
LogicalResult importRecurrent(NodeContext &ctx,
                              SmallVectorImpl<Value> &results) {
  constexpr bool isLSTM = std::is_same_v<Op, LSTMOp>;
  OpBuilder &b = ctx.builder;
  Location loc = ctx.loc;
  std::string direction = ctx.getString("direction", "forward");
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return ctx.error("unknown direction '" + direction + "'");
  int64_t numDirections = direction == "bidirectional" ? 2 : 1;
  int64_t layout = ctx.getInt("layout", 0);
  if (layout != 0 && layout != 1)
    return ctx.error("layout must be 0 or 1");
  RankedTensorType rType = ctx.operandType(2);
  if (ctx.operandType(0).getRank() != 3 || rType.getRank() != 3)
    return ctx.error("X and R must have rank 3");
  int64_t hidden = ctx.getInt("hidden_size", rType.getDimSize(2));
  if (ShapedType::isDynamic(hidden) || hidden <= 0)
    return ctx.error("hidden_size is missing and R's shape does not give it");
  FailureOr<Activations> activations =
      readActivations(ctx, Op::kNumActivations, numDirections);
  if (failed(activations))
    return failure();

  // Batch-first operands become sequence-first.
  auto transpose = [&](Value v, ArrayRef<int64_t> perm) -> Value {
    if (!v)
      return v;
    auto type = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> shape;
    for (int64_t p : perm)
      shape.push_back(type.getDimSize(p));
    return ctx.create<TransposeOp>(
        RankedTensorType::get(shape, type.getElementType()), v,
        b.getDenseI64ArrayAttr(perm));
  };
  Value x = ctx.operand(0);
  Value initialH = ctx.operand(5);
  Value initialC = isLSTM ? ctx.operand(6) : Value();
  if (layout == 1) {
    x = transpose(x, {1, 0, 2});
    initialH = transpose(initialH, {1, 0, 2});
    initialC = transpose(initialC, {1, 0, 2});
  }
  auto xType = cast<RankedTensorType>(x.getType());
  Type element = xType.getElementType();
  int64_t seq = xType.getDimSize(0), batch = xType.getDimSize(1);

  // sequence_lens that are all the sequence length change nothing.
  Value lens = ctx.operand(4);
  if (lens)
    if (std::optional<SmallVector<int64_t>> values = ctx.constantInts(4))
      if (llvm::all_of(*values, [&](int64_t v) { return v == seq; }))
        lens = Value();

  auto yType =
      RankedTensorType::get({seq, numDirections, batch, hidden}, element);
  auto stateType =
      RankedTensorType::get({numDirections, batch, hidden}, element);
  FloatAttr clip;
  if (ctx.attr("clip"))
    clip = b.getF32FloatAttr(ctx.getFloat("clip", 0.0f));
  auto hiddenAttr = b.getI64IntegerAttr(hidden);
  auto directionAttr = b.getStringAttr(direction);
  SmallVector<Value> outputs;
  if constexpr (isLSTM) {
    auto op = b.create<LSTMOp>(
        loc, yType, stateType, stateType, x, ctx.operand(1), ctx.operand(2),
        ctx.operand(3), lens, initialH, initialC, ctx.operand(7), hiddenAttr,
        directionAttr, activations->names, activations->alpha,
        activations->beta, clip,
        b.getBoolAttr(ctx.getInt("input_forget", 0) != 0));
    outputs.assign(op->result_begin(), op->result_end());
  } else if constexpr (std::is_same_v<Op, GRUOp>) {
    auto op = b.create<GRUOp>(
        loc, yType, stateType, x, ctx.operand(1), ctx.operand(2),
        ctx.operand(3), lens, initialH, hiddenAttr, directionAttr,
        activations->names, activations->alpha, activations->beta, clip,
        b.getBoolAttr(ctx.getInt("linear_before_reset", 0) != 0));
    outputs.assign(op->result_begin(), op->result_end());
  } else {
    auto op = b.create<RNNOp>(loc, yType, stateType, x, ctx.operand(1),
                              ctx.operand(2), ctx.operand(3), lens, initialH,
                              hiddenAttr, directionAttr, activations->names,
                              activations->alpha, activations->beta, clip);
    outputs.assign(op->result_begin(), op->result_end());
  }

  // Batch-first results: Y [batch, seq, num_directions, hidden], Y_h and
  // Y_c [batch, num_directions, hidden].
  for (auto [i, output] : llvm::enumerate(outputs)) {
    if (layout == 1 && ctx.hasOutput(i))
      output = transpose(output, i == 0 ? ArrayRef<int64_t>{2, 0, 1, 3}
                                        : ArrayRef<int64_t>{1, 0, 2});
    results.push_back(output);
  }
  return success();
}

} // namespace

void onnx_import::registerRecurrentImporters(llvm::StringMap<ImportFn> &t) {
  t["RNN"] = importRecurrent<RNNOp>;
  t["GRU"] = importRecurrent<GRUOp>;
  t["LSTM"] = importRecurrent<LSTMOp>;
}
