//===- FoldBatchNorm.cpp - BatchNormalization into Conv ---------*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::modelc {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

/// The values of a constant float tensor, as doubles; none where VALUE is
/// not one.
static std::optional<SmallVector<double>> constantValues(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) ||
      !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  SmallVector<double> values;
  for (APFloat f : attr.getValues<APFloat>()) {
    bool lost;
    f.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    values.push_back(f.convertToDouble());
  }
  return values;
}

/// A constant of TYPE (a float tensor) holding VALUES, rounded to nearest.
static Value makeConstant(PatternRewriter &rewriter, Location loc,
                          RankedTensorType type, ArrayRef<double> values) {
  auto element = cast<FloatType>(type.getElementType());
  SmallVector<APFloat> floats;
  for (double v : values) {
    APFloat f(v);
    bool lost;
    f.convert(element.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    floats.push_back(f);
  }
  return rewriter.create<ConstantOp>(loc, type,
                                     DenseElementsAttr::get(type, floats));
}

namespace {

struct FoldIntoConv : public OpRewritePattern<BatchNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormalizationOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<ConvOp>();
    if (!conv || !conv->hasOneUse() || conv.getChannelsLast() ||
        conv.getActivation() != ActivationKind::none)
      return failure();
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    if (!weightType.hasStaticShape())
      return failure();
    int64_t filters = weightType.getDimSize(0);
    std::optional<SmallVector<double>> weight =
        constantValues(conv.getWeight());
    std::optional<SmallVector<double>> scale = constantValues(bn.getScale());
    std::optional<SmallVector<double>> beta = constantValues(bn.getBias());
    std::optional<SmallVector<double>> mean = constantValues(bn.getMean());
    std::optional<SmallVector<double>> var = constantValues(bn.getVariance());
    std::optional<SmallVector<double>> bias;
    if (conv.getBias()) {
      bias = constantValues(conv.getBias());
      if (!bias)
        return failure();
    }
    auto perFilter = [&](const std::optional<SmallVector<double>> &v) {
      return v && static_cast<int64_t>(v->size()) == filters;
    };
    if (!weight || !perFilter(scale) || !perFilter(beta) || !perFilter(mean) ||
        !perFilter(var) || (bias && !perFilter(bias)))
      return failure();

    double epsilon = bn.getEpsilon().convertToDouble();
    int64_t perFilterWeights = weightType.getNumElements() / filters;
    SmallVector<double> newWeight(*weight), newBias(filters);
    for (int64_t m = 0; m < filters; ++m) {
      double s = (*scale)[m] / std::sqrt((*var)[m] + epsilon);
      for (int64_t i = 0; i < perFilterWeights; ++i)
        newWeight[m * perFilterWeights + i] *= s;
      newBias[m] = ((bias ? (*bias)[m] : 0.0) - (*mean)[m]) * s + (*beta)[m];
    }
    Location loc = bn.getLoc();
    Value w = makeConstant(rewriter, loc, weightType, newWeight);
    Value b = makeConstant(
        rewriter, loc,
        RankedTensorType::get({filters}, weightType.getElementType()), newBias);
    auto folded = cast<ConvOp>(rewriter.clone(*conv));
    folded->setLoc(rewriter.getFusedLoc({conv.getLoc(), loc}));
    folded.getWeightMutable().assign(w);
    if (conv.getBias())
      folded.getBiasMutable().assign(b);
    else
      folded.getBiasMutable().append(b);
    folded.getOutput().setType(bn.getType());
    rewriter.replaceOp(bn, folded.getOutput());
    rewriter.eraseOp(conv);
    return success();
  }
};

struct FoldBatchNormPass
    : public modelc::impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv>(&getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
