//===- ApproximateMath.cpp - polynomial approximations of math ops -------===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;

/// MLIR 19's erf approximation gives exactly 1 from |x| = 3.75, where f32's
/// erf is 1 - 2^-23 up to 3.7809243 and 1 - 2^-24 up to 3.9192058 (the
/// nearest floats to 1 - erfc(x)): an absolute error of 1.2e-7, which GELU
/// (x / 2 * (1 + erf(x / sqrt(2))) for x near -5.3) turns into 3e-7. Each
/// f32 erf becomes erf(x) - copysign(tail, x), the tail that step of 2^-24
/// or 2^-23 where |x| >= 3.75 and 0 elsewhere (two compares and selects).
static void correctErfTail(Operation *root) {
  SmallVector<math::ErfOp> erfs;
  root->walk([&](math::ErfOp op) {
    if (getElementTypeOrSelf(op.getType()).isF32())
      erfs.push_back(op);
  });
  for (math::ErfOp op : erfs) {
    OpBuilder b(op);
    b.setInsertionPointAfter(op);
    Location loc = op.getLoc();
    Type type = op.getType();
    auto constant = [&](float v) -> Value {
      Attribute attr = b.getF32FloatAttr(v);
      if (auto shaped = dyn_cast<ShapedType>(type))
        attr = DenseElementsAttr::get(shaped, v);
      return b.create<arith::ConstantOp>(loc, type, cast<TypedAttr>(attr));
    };
    Value x = op.getOperand();
    Value a = b.create<math::AbsFOp>(loc, x);
    auto below = [&](float bound) {
      return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, a,
                                     constant(bound));
    };
    Value tail = b.create<arith::SelectOp>(loc, below(3.9192058f),
                                           constant(0x1p-24f), constant(0.0f));
    tail = b.create<arith::SelectOp>(loc, below(3.7809243f), constant(0x1p-23f),
                                     tail);
    tail = b.create<arith::SelectOp>(loc, below(3.75f), constant(0.0f), tail);
    Value result = b.create<arith::SubFOp>(
        loc, op.getResult(), b.create<math::CopySignOp>(loc, tail, x));
    op.getResult().replaceAllUsesExcept(result, result.getDefiningOp());
  }
}

namespace {
struct ApproximateMathPass
    : public modelc::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    correctErfTail(getOperation());
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
