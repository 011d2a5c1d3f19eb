//===- Text.cpp - importers of ONNX text ops --------------------*- C++ -*-===//
//
// Part of modelc. TfIdfVectorizer on integer tokens (pool_int64s), as
// modelc.tfidf_vectorizer (string tokens are not supported), and
// StringNormalizer, as modelc.string_normalizer.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

#include "llvm/ADT/StringSwitch.h"

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

/// StringNormalizer: the number of strings kept is the declared output
/// size (checked at run time), or a dynamic dimension where the model
/// declares none; without stop words it is the input's.
LogicalResult importStringNormalizer(NodeContext &ctx,
                                     SmallVectorImpl<Value> &results) {
  RankedTensorType input = ctx.operandType(0);
  if (!isa<StringType>(input.getElementType()))
    return ctx.error("the input must be a string tensor");
  if (input.getRank() != 1 &&
      !(input.getRank() == 2 && input.getDimSize(0) == 1))
    return ctx.error("the input must be of shape [C] or [1, C]");
  std::string action = ctx.getString("case_change_action", "NONE");
  std::optional<CaseChange> change =
      llvm::StringSwitch<std::optional<CaseChange>>(action)
          .Case("NONE", CaseChange::none)
          .Case("LOWER", CaseChange::lower)
          .Case("UPPER", CaseChange::upper)
          .Default(std::nullopt);
  if (!change)
    return ctx.error("unknown case_change_action '" + action +
                     "' (LOWER, UPPER or NONE)");
  // Case changes follow Unicode's default (simple) case mappings, which
  // Turkish and Azeri change for i and I.
  std::string locale = ctx.getString("locale", "");
  StringRef language = StringRef(locale).take_until(
      [](char c) { return c == '_' || c == '-' || c == '.' || c == '@'; });
  if (language == "tr" || language == "az")
    return ctx.error("locale '" + locale +
                     "' is not supported: modelc changes case with "
                     "Unicode's default mappings (as en_US does), which "
                     "that locale changes for i and I");
  SmallVector<StringRef> stopwords;
  if (const onnx::AttributeProto *a = ctx.attr("stopwords"))
    for (const std::string &word : a->strings())
      stopwords.push_back(word);
  OpBuilder &b = ctx.builder;
  SmallVector<int64_t> shape(input.getShape());
  int64_t axis = input.getRank() - 1;
  int64_t length = input.getDimSize(axis);
  RankedTensorType declared =
      ctx.resultTypes[0] ? ctx.resultType() : RankedTensorType();
  if (declared && declared.getRank() == input.getRank() &&
      !declared.isDynamicDim(axis))
    shape[axis] = declared.getDimSize(axis);
  else if (stopwords.empty() && !ShapedType::isDynamic(length))
    shape[axis] = std::max<int64_t>(length, 1);
  else
    shape[axis] = ShapedType::kDynamic;
  auto type = RankedTensorType::get(shape, input.getElementType());
  results.push_back(ctx.create<StringNormalizerOp>(
      type, ctx.operand(0), CaseChangeAttr::get(b.getContext(), *change),
      b.getBoolAttr(ctx.getInt("is_case_sensitive", 0) != 0),
      b.getStrArrayAttr(stopwords)));
  return success();
}

} // namespace

void onnx_import::registerTextImporters(llvm::StringMap<ImportFn> &t) {
  t["StringNormalizer"] = importStringNormalizer;
  t["TfIdfVectorizer"] = importTfIdfVectorizer;
}
