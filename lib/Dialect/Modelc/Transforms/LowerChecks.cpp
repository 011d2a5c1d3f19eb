//===- LowerChecks.cpp - run-time checks to early returns -------*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_LOWERCHECKS
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

/// MODELC_STATUS_SHAPE_MISMATCH of runtime/include/modelc/runtime.h.
constexpr int32_t kShapeMismatch = 5;

struct LowerChecksPass : public modelc::impl::LowerChecksBase<LowerChecksPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal() || func->hasAttr(kShapeFunctionAttr))
        continue;
      if (failed(lower(func)))
        return signalPassFailure();
    }
  }

  LogicalResult lower(func::FuncOp func) {
    if (func.getNumResults() != 0)
      return func.emitError("modelc-lower-checks needs an entry function "
                            "without results (run it after "
                            "buffer-results-to-out-params)");
    Block &body = func.getBody().front();
    OpBuilder b(func.getContext());
    Type i32 = b.getI32Type();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    b.setInsertionPoint(ret);
    Value ok = b.create<arith::ConstantIntOp>(ret.getLoc(), 0, i32);
    b.create<func::ReturnOp>(ret.getLoc(), ok);
    ret.erase();
    func.setFunctionType(
        FunctionType::get(func.getContext(), func.getArgumentTypes(), {i32}));

    SmallVector<CheckOp> checks;
    func.walk([&](CheckOp check) { checks.push_back(check); });
    for (CheckOp check : checks) {
      Block *block = check->getBlock();
      Operation *terminator = block->getTerminator();
      if (block != &body && !(isa<scf::YieldOp>(terminator) &&
                              isa<scf::IfOp>(block->getParentOp()) &&
                              block->getParentOp()->hasAttr(kCheckedAttr)))
        return check.emitError("a run-time check inside a loop or a "
                               "nested region is not supported");
      // Everything after the check runs only when it holds.
      Location loc = check.getLoc();
      b.setInsertionPoint(check);
      Value failed = b.create<arith::ConstantIntOp>(loc, kShapeMismatch, i32);
      auto guarded = b.create<scf::IfOp>(
          loc, TypeRange{i32}, check.getCondition(), /*withElseRegion=*/true);
      guarded->setAttr(kCheckedAttr, b.getUnitAttr());
      Block *then = guarded.thenBlock();
      then->getOperations().splice(then->end(), block->getOperations(),
                                   std::next(Block::iterator(guarded)),
                                   Block::iterator(terminator));
      b.setInsertionPointToEnd(then);
      b.create<scf::YieldOp>(loc, terminator->getOperand(0));
      b.setInsertionPointToEnd(guarded.elseBlock());
      b.create<scf::YieldOp>(loc, failed);
      terminator->setOperand(0, guarded.getResult(0));
      check.erase();
    }
    func.walk([](scf::IfOp op) { op->removeAttr(kCheckedAttr); });
    return success();
  }

  /// Marks the scf.if ops this pass creates while it runs.
  static constexpr llvm::StringLiteral kCheckedAttr = "modelc.checked";
};

} // namespace
