//===- ApproximateMath.cpp - polynomial approximations of math ops -------===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;

namespace {
struct ApproximateMathPass
    : public modelc::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    MathPolynomialApproximationOptions options;
    options.enableAvx2 = false;
    populateMathPolynomialApproximationPatterns(patterns, options);
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
