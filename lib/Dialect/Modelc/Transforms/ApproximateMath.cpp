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
    // MLIR 19's asin and acos approximations are not accurate enough: asin
    // is off by up to 9% near |x| = 1 in f32, acos by 1.5 ulp in f16 (it
    // computes in f16). Those two go to libm instead.
    llvm::erase_if(
        patterns.getNativePatterns(),
        [](const std::unique_ptr<RewritePattern> &pattern) {
          std::optional<OperationName> root = pattern->getRootKind();
          return root &&
                 (root->getStringRef() == math::AsinOp::getOperationName() ||
                  root->getStringRef() == math::AcosOp::getOperationName());
        });
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
