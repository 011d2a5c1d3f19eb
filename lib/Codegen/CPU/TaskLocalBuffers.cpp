//===- TaskLocalBuffers.cpp - task-private buffers on the stack -*- C++ -*-===//
//
// Part of modelc. See dialects/Codegen/Passes.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Codegen/Passes.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_CPUTASKLOCALBUFFERS
#include "Codegen/Passes.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

/// Bytes of a static memref type, or none where its shape is dynamic.
static std::optional<int64_t> staticBytes(MemRefType type) {
  if (!type.hasStaticShape())
    return std::nullopt;
  int64_t bits = type.getElementTypeBitWidth();
  return type.getNumElements() * ((bits + 7) / 8);
}

namespace {

struct CPUTaskLocalBuffersPass
    : public modelc::impl::CPUTaskLocalBuffersBase<CPUTaskLocalBuffersPass> {
  using CPUTaskLocalBuffersBase::CPUTaskLocalBuffersBase;

  void runOnOperation() override {
    SmallVector<scf::ForallOp> loops;
    getOperation().walk([&](scf::ForallOp loop) { loops.push_back(loop); });
    IRRewriter rewriter(&getContext());
    for (scf::ForallOp loop : loops)
      if (failed(privatize(rewriter, loop)))
        return signalPassFailure();
  }

  /// Turns the allocations in LOOP's body (outside nested foralls) into
  /// stack allocations scoped to one iteration.
  LogicalResult privatize(IRRewriter &rewriter, scf::ForallOp loop) {
    SmallVector<memref::AllocOp> allocs;
    loop.getBody()->walk([&](Operation *op) {
      if (isa<scf::ForallOp>(op))
        return WalkResult::skip();
      if (auto alloc = dyn_cast<memref::AllocOp>(op))
        allocs.push_back(alloc);
      return WalkResult::advance();
    });
    if (allocs.empty())
      return success();
    for (memref::AllocOp alloc : allocs) {
      std::optional<int64_t> bytes = staticBytes(alloc.getType());
      if (bytes && *bytes > maxBytes)
        return alloc.emitError("a task of a parallel loop needs a private "
                               "buffer of ")
               << *bytes << " bytes, more than the " << maxBytes.getValue()
               << " it may hold on the stack";
      rewriter.setInsertionPoint(alloc);
      rewriter.replaceOpWithNewOp<memref::AllocaOp>(
          alloc, alloc.getType(), alloc.getDynamicSizes(),
          alloc.getSymbolOperands(), alloc.getAlignmentAttr());
    }
    // One scope around the body, so that the stack is released at the end
    // of each iteration.
    Block *body = loop.getBody();
    Operation *terminator = body->getTerminator();
    rewriter.setInsertionPoint(terminator);
    auto scope =
        rewriter.create<memref::AllocaScopeOp>(loop.getLoc(), TypeRange{});
    Block *scopeBody = rewriter.createBlock(&scope.getBodyRegion());
    rewriter.setInsertionPointToEnd(scopeBody);
    auto yield = rewriter.create<memref::AllocaScopeReturnOp>(loop.getLoc(),
                                                              ValueRange{});
    for (Operation &op : llvm::make_early_inc_range(
             llvm::make_range(body->begin(), scope->getIterator())))
      op.moveBefore(yield);
    return success();
  }
};

} // namespace
