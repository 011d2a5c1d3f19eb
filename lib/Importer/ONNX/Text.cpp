//===- Text.cpp - importers of ONNX text ops --------------------*- C++ -*-===//
//
// Part of modelc. TfIdfVectorizer on integer tokens (pool_int64s), as
// modelc.tfidf_vectorizer; string tokens are not supported.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

LogicalResult importTfIdfVectorizer(NodeContext &ctx,
                                    SmallVectorImpl<Value> &results) {
  if (ctx.attr("pool_strings") || !ctx.attr("pool_int64s"))
    return ctx.error("string tokens (pool_strings) are not supported; only "
                     "integer tokens with pool_int64s");
  RankedTensorType input = ctx.operandType(0);
  if (!input.getElementType().isSignlessInteger(32) &&
      !input.getElementType().isSignlessInteger(64))
    return ctx.error("the input must hold int32 or int64 tokens");
  for (StringRef name : {"mode", "min_gram_length", "max_gram_length",
                         "max_skip_count", "ngram_counts", "ngram_indexes"})
    if (!ctx.attr(name))
      return ctx.error(Twine("the attribute ") + name + " is required");
  std::string mode = ctx.getString("mode", "");
  if (mode != "TF" && mode != "IDF" && mode != "TFIDF")
    return ctx.error("unknown mode '" + mode + "' (TF, IDF or TFIDF)");
  SmallVector<int64_t> indexes = *ctx.getInts("ngram_indexes");
  if (input.getRank() != 1 && input.getRank() != 2)
    return ctx.error("the input must be 1-D or 2-D");
  OpBuilder &b = ctx.builder;
  DenseF32ArrayAttr weights;
  if (const onnx::AttributeProto *w = ctx.attr("weights")) {
    if (w->floats_size() != static_cast<int>(indexes.size()))
      return ctx.error("weights has " + Twine(w->floats_size()) +
                       " entries, ngram_indexes " + Twine(indexes.size()));
    weights = b.getDenseF32ArrayAttr(
        ArrayRef<float>(w->floats().data(), w->floats_size()));
  }
  int64_t outputSize = 0;
  for (int64_t i : indexes)
    outputSize = std::max(outputSize, i + 1);
  SmallVector<int64_t> shape(input.getShape().drop_back());
  shape.push_back(outputSize);
  auto type = RankedTensorType::get(shape, b.getF32Type());
  results.push_back(ctx.create<TfIdfVectorizerOp>(
      type, ctx.operand(0), b.getStringAttr(mode),
      b.getI64IntegerAttr(ctx.getInt("min_gram_length", 0)),
      b.getI64IntegerAttr(ctx.getInt("max_gram_length", 0)),
      b.getI64IntegerAttr(ctx.getInt("max_skip_count", 0)),
      b.getDenseI64ArrayAttr(*ctx.getInts("ngram_counts")),
      b.getDenseI64ArrayAttr(indexes),
      b.getDenseI64ArrayAttr(*ctx.getInts("pool_int64s")), weights));
  return success();
}

} // namespace

void onnx_import::registerTextImporters(llvm::StringMap<ImportFn> &t) {
  t["TfIdfVectorizer"] = importTfIdfVectorizer;
}
