//===- Optional.cpp - importers of ONNX optional ops ------------*- C++ -*-===//
//
// Part of modelc. Optional, OptionalHasElement and OptionalGetElement,
// resolved at import time like sequences (Sequence.h): whether an optional
// holds a value is known when the model is compiled. A present optional is
// its value itself (a tensor or a Sequence); an empty one is a name without
// a value, which only these operators and Identity take. An optional input
// of the model is present unless compiled with --absent NAME. Where the
// presence of an optional sequence is known only at run time (an If whose
// branches disagree, a Loop that carries it), it is a packed sequence with
// a presence flag (Sequence.h).
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

/// Whether input 0 of the node holds a value: a tensor or a sequence.
bool hasElement(NodeContext &ctx) { return ctx.operand(0) || ctx.sequence(0); }

/// Passes input 0 (a tensor or a sequence) on as output 0.
void forwardElement(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  if (const Sequence *seq = ctx.sequence(0)) {
    ctx.setSequenceResult(0, *seq);
    results.push_back(Value());
    return;
  }
  results.push_back(ctx.operand(0));
}

/// Optional(x) is x; Optional() with a `type` attribute is empty.
LogicalResult importOptional(NodeContext &ctx,
                             SmallVectorImpl<Value> &results) {
  bool hasInput = ctx.node.input_size() > 0 && !ctx.node.input(0).empty();
  if (!hasInput) {
    if (!ctx.attr("type"))
      return ctx.error("an Optional without an input needs the `type` "
                       "attribute");
    ctx.setEmptyResult(0);
    results.push_back(Value());
    return success();
  }
  if (!hasElement(ctx))
    return ctx.error("its input '" + ctx.node.input(0) +
                     "' is an empty optional, which Optional cannot wrap");
  forwardElement(ctx, results);
  return success();
}

/// OptionalHasElement: a constant where presence is known at compile time,
/// else the presence flag.
LogicalResult importOptionalHasElement(NodeContext &ctx,
                                       SmallVectorImpl<Value> &results) {
  OpBuilder &b = ctx.builder;
  if (const Sequence *seq = ctx.sequence(0); seq && seq->getPresent()) {
    results.push_back(seq->getPresent());
    return success();
  }
  results.push_back(b.create<ConstantOp>(
      ctx.loc, DenseElementsAttr::get(RankedTensorType::get({}, b.getI1Type()),
                                      hasElement(ctx))));
  return success();
}

/// OptionalGetElement: the value of a present optional (or a tensor or
/// sequence itself, from opset 18).
LogicalResult importOptionalGetElement(NodeContext &ctx,
                                       SmallVectorImpl<Value> &results) {
  if (!hasElement(ctx)) {
    if (ctx.node.input_size() == 0 || ctx.node.input(0).empty())
      return ctx.error("input 0 (an optional) is missing");
    return ctx.error("its input '" + ctx.node.input(0) +
                     "' is an empty optional (an optional input of the "
                     "model is empty when compiled with --absent)");
  }
  // An optional whose presence only the run knows must hold a value then.
  if (const Sequence *seq = ctx.sequence(0); seq && seq->getPresent()) {
    ctx.builder.create<AssertOp>(
        ctx.loc, seq->getPresent(),
        ctx.builder.getStringAttr("OptionalGetElement's optional '" +
                                  ctx.node.input(0) + "' holds a value"),
        static_cast<int32_t>(1));
    ctx.setSequenceResult(0, Sequence::packed(seq->getElementType(),
                                              seq->getData(), seq->getShapes(),
                                              Value(), seq->getRank()));
    results.push_back(Value());
    return success();
  }
  forwardElement(ctx, results);
  return success();
}

} // namespace

void onnx_import::registerOptionalImporters(llvm::StringMap<ImportFn> &t) {
  t["Optional"] = importOptional;
  t["OptionalHasElement"] = importOptionalHasElement;
  t["OptionalGetElement"] = importOptionalGetElement;
}
