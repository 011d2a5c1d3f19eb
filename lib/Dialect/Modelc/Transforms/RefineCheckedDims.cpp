//===- RefineCheckedDims.cpp - sizes fixed by run-time checks ---*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/IR/Matchers.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_REFINECHECKEDDIMS
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

struct RefineCheckedDimsPass
    : public modelc::impl::RefineCheckedDimsBase<RefineCheckedDimsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    for (CheckOp check : llvm::to_vector(body.getOps<CheckOp>()))
      refine(check, body);
  }

  /// Moves CHECK of `size == C` next to SIZE's definition and replaces the
  /// other uses of SIZE by C.
  void refine(CheckOp check, Block &body) {
    auto cmp = check.getCondition().getDefiningOp<arith::CmpIOp>();
    if (!cmp || cmp.getPredicate() != arith::CmpIPredicate::eq ||
        !cmp.getLhs().getType().isIndex())
      return;
    Value size = cmp.getLhs();
    APInt constant;
    if (!matchPattern(cmp.getRhs(), m_ConstantInt(&constant))) {
      size = cmp.getRhs();
      if (!matchPattern(cmp.getLhs(), m_ConstantInt(&constant)))
        return;
    }
    if (matchPattern(size, m_Constant()))
      return;
    // SIZE must be computed in the body block itself (or be one of its
    // arguments), so that the check can run right after it.
    OpBuilder b(check);
    if (Operation *def = size.getDefiningOp()) {
      if (def->getBlock() != &body)
        return;
      b.setInsertionPointAfter(def);
    } else {
      if (cast<BlockArgument>(size).getOwner() != &body)
        return;
      b.setInsertionPointToStart(&body);
    }
    Location loc = check.getLoc();
    Value fixed =
        b.create<arith::ConstantIndexOp>(loc, constant.getSExtValue());
    Value ok =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, size, fixed);
    auto moved = b.create<CheckOp>(loc, ok, check.getMessageAttr());
    check.erase();
    if (cmp->use_empty())
      cmp.erase();
    size.replaceUsesWithIf(fixed, [&](OpOperand &use) {
      return use.getOwner() != ok.getDefiningOp() &&
             use.getOwner() != moved.getOperation();
    });
  }
};

} // namespace
