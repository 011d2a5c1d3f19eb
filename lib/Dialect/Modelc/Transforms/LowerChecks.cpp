//===- LowerChecks.cpp - run-time checks to early returns -------*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"
#include "modelc/runtime.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_LOWERCHECKS
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

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

    if (failed(lowerLoopChecks(func, body)))
      return failure();
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
      Value failed =
          b.create<arith::ConstantIntOp>(loc, check.getStatus(), i32);
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

  /// Checks in the body of a loop (an ONNX Loop or Scan): a failed one
  /// stores its status in a flag (0 while every check held) and skips the
  /// rest of the iteration, which yields the iter_args it got; a while loop
  /// stops at its next condition. After the loop's op in the body block, a
  /// check of the flag then makes the early return with that status.
  LogicalResult lowerLoopChecks(func::FuncOp func, Block &body) {
    SmallVector<CheckOp> nested;
    func.walk([&](CheckOp check) {
      if (check->getBlock() != &body)
        nested.push_back(check);
    });
    if (nested.empty())
      return success();
    // After each loop, one check per status that a check inside may give:
    // the flag holds the status of the check that failed.
    SmallVector<int32_t> statuses;
    for (CheckOp check : nested)
      if (!llvm::is_contained(statuses, check.getStatus()))
        statuses.push_back(check.getStatus());
    Location loc = func.getLoc();
    OpBuilder b = OpBuilder::atBlockBegin(&body);
    Type i32 = b.getI32Type();
    Value flag = b.create<memref::AllocaOp>(loc, MemRefType::get({}, i32));
    b.create<memref::StoreOp>(loc, b.create<arith::ConstantIntOp>(loc, 0, i32),
                              flag);
    SetVector<Operation *> topLevel;
    llvm::SmallPtrSet<Operation *, 4> stopped;
    // From the last: each guard then takes the checks after it along.
    for (CheckOp check : llvm::reverse(nested)) {
      Block *block = check->getBlock();
      Operation *parent = block->getParentOp();
      Location checkLoc = check.getLoc();
      // In the condition region of a while loop, a failed check ends the
      // loop, forwarding the arguments it got.
      if (auto whileOp = dyn_cast<scf::WhileOp>(parent);
          whileOp && block == &whileOp.getBefore().front()) {
        if (failed(guardCondition(b, check, whileOp, flag)))
          return failure();
      } else if (failed(guardIteration(b, check, flag))) {
        return failure();
      }
      // Every while loop around it stops once the flag holds a status.
      for (Operation *op = parent; op != func; op = op->getParentOp()) {
        auto whileOp = dyn_cast<scf::WhileOp>(op);
        if (!whileOp || !stopped.insert(op).second)
          continue;
        scf::ConditionOp condition = whileOp.getConditionOp();
        b.setInsertionPoint(condition);
        Value ok = b.create<arith::CmpIOp>(
            checkLoc, arith::CmpIPredicate::eq,
            b.create<memref::LoadOp>(checkLoc, flag),
            b.create<arith::ConstantIntOp>(checkLoc, 0, i32));
        condition.getConditionMutable().assign(
            b.create<arith::AndIOp>(checkLoc, condition.getCondition(), ok));
      }
      topLevel.insert(topLevelOp(parent, body));
    }
    for (Operation *top : topLevel) {
      b.setInsertionPointAfter(top);
      Location topLoc = top->getLoc();
      Value status = b.create<memref::LoadOp>(topLoc, flag);
      for (int32_t s : statuses) {
        Value ok = b.create<arith::CmpIOp>(
            topLoc, arith::CmpIPredicate::ne, status,
            b.create<arith::ConstantIntOp>(topLoc, s, i32));
        b.create<CheckOp>(topLoc, ok,
                          b.getStringAttr("the checks inside a loop held"),
                          b.getI32IntegerAttr(s));
      }
    }
    return success();
  }

  /// The op in BODY, the entry block, that holds OP.
  static Operation *topLevelOp(Operation *op, Block &body) {
    while (op->getBlock() != &body)
      op = op->getParentOp();
    return op;
  }

  /// Moves the ops after CHECK, up to END (its block's terminator), into
  /// the then region of an scf.if on CHECK's condition, which yields
  /// THENVALUES; its else region stores CHECK's status into FLAG and yields
  /// what ELSEVALUES builds there, of the same types. Erases CHECK and
  /// returns the scf.if's results.
  static ValueRange guardRest(OpBuilder &b, CheckOp check, Operation *end,
                              ArrayRef<Value> thenValues,
                              function_ref<SmallVector<Value>()> elseValues,
                              Value flag) {
    Location loc = check.getLoc();
    Block *block = check->getBlock();
    b.setInsertionPoint(check);
    auto guarded =
        b.create<scf::IfOp>(loc, ValueRange(thenValues).getTypes(),
                            check.getCondition(), /*withElseRegion=*/true);
    // (Without results, the builder gave the regions terminators.)
    for (Block *region : {guarded.thenBlock(), guarded.elseBlock()})
      if (!region->empty())
        region->back().erase();
    Block *then = guarded.thenBlock();
    then->getOperations().splice(then->end(), block->getOperations(),
                                 std::next(Block::iterator(guarded)),
                                 Block::iterator(end));
    b.setInsertionPointToEnd(then);
    b.create<scf::YieldOp>(loc, thenValues);
    b.setInsertionPointToEnd(guarded.elseBlock());
    b.create<memref::StoreOp>(
        loc,
        b.create<arith::ConstantIntOp>(loc, check.getStatus(), b.getI32Type()),
        flag);
    b.create<scf::YieldOp>(loc, elseValues());
    check.erase();
    return guarded.getResults();
  }

  /// Guards the ops after CHECK in the body of a loop (an scf.for, or the
  /// `after` region of an scf.while): an iteration whose check failed
  /// yields the iter_args it got. The body of a while loop may yield more
  /// than it gets (the scalars its condition region reads, such as the
  /// loop's condition): zeros for those, as the flag ends the loop anyway.
  static LogicalResult guardIteration(OpBuilder &b, CheckOp check, Value flag) {
    Block *block = check->getBlock();
    Operation *parent = block->getParentOp();
    auto yield = dyn_cast<scf::YieldOp>(block->getTerminator());
    Location checkLoc = check.getLoc();
    SmallVector<Value> fallback;
    bool inLoop = false;
    b.setInsertionPoint(check);
    if (auto forOp = dyn_cast<scf::ForOp>(parent)) {
      llvm::append_range(fallback, forOp.getRegionIterArgs());
      inLoop = true;
    } else if (auto whileOp = dyn_cast<scf::WhileOp>(parent);
               whileOp && block == &whileOp.getAfter().front() && yield) {
      llvm::append_range(fallback, block->getArguments());
      inLoop = fallback.size() <= yield.getNumOperands();
      for (Type type : TypeRange(yield.getOperandTypes())
                           .drop_front(std::min<size_t>(
                               fallback.size(), yield.getNumOperands()))) {
        if (!type.isIntOrIndexOrFloat()) {
          inLoop = false;
          break;
        }
        fallback.push_back(
            b.create<arith::ConstantOp>(checkLoc, type, b.getZeroAttr(type)));
      }
    }
    if (!inLoop || !yield ||
        TypeRange(ValueRange(fallback)) != yield.getOperandTypes())
      return check.emitError("a run-time check inside a loop or a nested "
                             "region is not supported");
    SmallVector<Value> yielded(yield.getOperands());
    yield->setOperands(guardRest(
        b, check, yield, yielded, [&] { return fallback; }, flag));
    return success();
  }

  /// Guards the ops after CHECK in the condition region of WHILEOP: when
  /// CHECK fails, FLAG gets its status and the region forwards its first
  /// arguments with a false condition, which ends the loop.
  static LogicalResult guardCondition(OpBuilder &b, CheckOp check,
                                      scf::WhileOp whileOp, Value flag) {
    Block *block = check->getBlock();
    scf::ConditionOp condition = whileOp.getConditionOp();
    // The region forwards its first arguments (modelc-to-linalg's loops
    // keep the scalars they only test last).
    size_t numForwarded = condition.getArgs().size();
    if (block->getNumArguments() < numForwarded ||
        TypeRange(block->getArgumentTypes()).take_front(numForwarded) !=
            condition.getArgs().getTypes())
      return check.emitError("a run-time check in the condition region of a "
                             "loop that does not forward its first arguments "
                             "is not supported");
    SmallVector<Value> forwarded(condition.getArgs());
    forwarded.push_back(condition.getCondition());
    ValueRange results = guardRest(
        b, check, condition, forwarded,
        [&] {
          SmallVector<Value> fallback(
              block->getArguments().take_front(numForwarded));
          fallback.push_back(
              b.create<arith::ConstantIntOp>(check.getLoc(), 0, 1));
          return fallback;
        },
        flag);
    condition.getConditionMutable().assign(results.back());
    condition.getArgsMutable().assign(results.drop_back());
    return success();
  }

  /// Marks the scf.if ops this pass creates while it runs.
  static constexpr llvm::StringLiteral kCheckedAttr = "modelc.checked";
};

} // namespace
