//===- Text.cpp - text ops to linalg/scf ------------------------*- C++ -*-===//
//
// Part of modelc. TfIdfVectorizer: a parallel linalg.generic over the
// result (row, output position) whose body counts the n-grams of that
// position. The pool is a set of compile-time tables: the tokens of each
// n-gram (padded to the longest), their lengths, and the n-grams ordered by
// output position with each position's range in that order. The body loops
// (scf.for) over the position's n-grams, the skip distances and the start
// positions, compares the tokens, and weights the count (IDF, TFIDF).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// A constant i64 tensor of SHAPE holding VALUES.
Value i64Table(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
               ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get(shape, b.getI64Type());
  return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(type, values));
}

struct TfIdfVectorizerLowering : public OpConversionPattern<TfIdfVectorizerOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TfIdfVectorizerOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = convertTensorType(op.getType());
    int64_t rank = type.getRank();
    bool batched = rank == 2;
    int64_t outputSize = type.getShape().back();

    // The tables: tokens (padded with 0) and lengths per n-gram; the
    // n-grams in the order of their output positions, and where each
    // position's n-grams start in that order (OUTPUTSIZE + 1 offsets).
    SmallVector<TfIdfVectorizerOp::NGram> ngrams = op.getNGrams();
    // (Tables have at least one row, unused where the pool has no n-gram of
    // the counted lengths.)
    int64_t rows = std::max<int64_t>(ngrams.size(), 1), width = 1;
    for (const auto &ngram : ngrams)
      width = std::max<int64_t>(width, ngram.tokens.size());
    SmallVector<int64_t> tokens(rows * width, 0), lengths(rows, 1),
        order(rows, 0), offsets(outputSize + 1, 0);
    for (auto [k, ngram] : llvm::enumerate(ngrams)) {
      llvm::copy(ngram.tokens, tokens.begin() + k * width);
      lengths[k] = ngram.tokens.size();
      ++offsets[ngram.index + 1];
    }
    for (int64_t o = 0; o < outputSize; ++o)
      offsets[o + 1] += offsets[o];
    SmallVector<int64_t> next(offsets.begin(), offsets.end() - 1);
    for (auto [k, ngram] : llvm::enumerate(ngrams))
      order[next[ngram.index]++] = k;
    Value tokenTable = i64Table(rewriter, loc, {rows, width}, tokens);
    Value lengthTable = i64Table(rewriter, loc, {rows}, lengths);
    Value orderTable = i64Table(rewriter, loc, {rows}, order);
    Value offsetTable = i64Table(rewriter, loc, {outputSize + 1}, offsets);
    std::optional<ArrayRef<float>> weights = op.getWeights();
    Value weightTable;
    if (weights)
      weightTable = rewriter.create<arith::ConstantOp>(
          loc, DenseElementsAttr::get(
                   RankedTensorType::get({outputSize}, rewriter.getF32Type()),
                   weights->take_front(outputSize)));
    StringRef mode = op.getMode();

    SmallVector<OpFoldResult> inputDims = dimsOf(rewriter, loc, input);
    Value columns =
        getValueOrCreateConstantIndexOp(rewriter, loc, inputDims.back());
    SmallVector<Value> dynamicSizes;
    if (batched && type.isDynamicDim(0))
      dynamicSizes.push_back(
          getValueOrCreateConstantIndexOp(rewriter, loc, inputDims[0]));
    Value init = createEmpty(rewriter, loc, type, dynamicSizes);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{}, ValueRange{init},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        iterators, [&](OpBuilder &b, Location l, ValueRange) {
          Type i64 = b.getI64Type(), f32 = b.getF32Type();
          auto cst = [&](int64_t v) -> Value {
            return b.create<arith::ConstantIndexOp>(l, v);
          };
          auto index = [&](Value table, ValueRange at) -> Value {
            return b.create<arith::IndexCastOp>(
                l, b.getIndexType(), b.create<tensor::ExtractOp>(l, table, at));
          };
          Value c0 = cst(0), c1 = cst(1);
          Value row = batched ? b.create<linalg::IndexOp>(l, 0) : Value();
          Value position = b.create<linalg::IndexOp>(l, rank - 1);
          Value begin = index(offsetTable, position);
          Value end = index(offsetTable,
                            Value(b.create<arith::AddIOp>(l, position, c1)));
          // Distances 1 ... max_skip_count + 1 for n-grams of 2 or more
          // tokens, 1 for 1-grams.
          Value distanceEnd = cst(op.getMaxSkipCount() + 2);
          Value zero64 = b.create<arith::ConstantIntOp>(l, 0, 64);
          Value isTrue = b.create<arith::ConstantIntOp>(l, 1, 1);
          auto ngramLoop = b.create<scf::ForOp>(
              l, begin, end, c1, ValueRange{zero64},
              [&](OpBuilder &b, Location l, Value t, ValueRange tArgs) {
                Value k = index(orderTable, t);
                Value n = index(lengthTable, k);
                Value unigram =
                    b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, n, c1);
                Value dEnd =
                    b.create<arith::SelectOp>(l, unigram, cst(2), distanceEnd);
                Value last = b.create<arith::SubIOp>(l, n, c1);
                auto distanceLoop = b.create<scf::ForOp>(
                    l, c1, dEnd, c1, tArgs,
                    [&](OpBuilder &b, Location l, Value d, ValueRange dArgs) {
                      // The start positions whose last token is in the row.
                      Value starts = b.create<arith::SubIOp>(
                          l, columns, b.create<arith::MulIOp>(l, last, d));
                      auto startLoop = b.create<scf::ForOp>(
                          l, c0, starts, c1, dArgs,
                          [&](OpBuilder &b, Location l, Value i,
                              ValueRange iArgs) {
                            auto tokenLoop = b.create<scf::ForOp>(
                                l, c0, n, c1, ValueRange{isTrue},
                                [&](OpBuilder &b, Location l, Value j,
                                    ValueRange jArgs) {
                                  Value column = b.create<arith::AddIOp>(
                                      l, i, b.create<arith::MulIOp>(l, j, d));
                                  SmallVector<Value> at{column};
                                  if (batched)
                                    at.insert(at.begin(), row);
                                  Value token =
                                      b.create<tensor::ExtractOp>(l, input, at);
                                  if (token.getType() != i64)
                                    token =
                                        b.create<arith::ExtSIOp>(l, i64, token);
                                  Value wanted = b.create<tensor::ExtractOp>(
                                      l, tokenTable, ValueRange{k, j});
                                  Value equal = b.create<arith::CmpIOp>(
                                      l, arith::CmpIPredicate::eq, token,
                                      wanted);
                                  b.create<scf::YieldOp>(
                                      l, ValueRange{b.create<arith::AndIOp>(
                                             l, jArgs[0], equal)});
                                });
                            Value match = b.create<arith::ExtUIOp>(
                                l, i64, tokenLoop.getResult(0));
                            b.create<scf::YieldOp>(
                                l, ValueRange{b.create<arith::AddIOp>(
                                       l, iArgs[0], match)});
                          });
                      b.create<scf::YieldOp>(l, startLoop.getResults());
                    });
                b.create<scf::YieldOp>(l, distanceLoop.getResults());
              });
          // The weighting: TF is the count; IDF the weight where the count
          // is not zero, TFIDF the count times the weight (1 by default).
          Value result =
              b.create<arith::SIToFPOp>(l, f32, ngramLoop.getResult(0));
          if (mode != "TF") {
            Value zero = scalarConstant(b, l, f32, 0.0);
            Value weight =
                weights ? b.create<tensor::ExtractOp>(l, weightTable, position)
                        : scalarConstant(b, l, f32, 1.0);
            if (mode == "IDF")
              result = b.create<arith::SelectOp>(
                  l,
                  b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OGT, result,
                                          zero),
                  weight, zero);
            else if (weights)
              result = b.create<arith::MulFOp>(l, result, weight);
          }
          b.create<linalg::YieldOp>(l, result);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void lowering::populateTextPatterns(TypeConverter &converter,
                                    RewritePatternSet &patterns) {
  patterns.add<TfIdfVectorizerLowering>(converter, patterns.getContext());
}
