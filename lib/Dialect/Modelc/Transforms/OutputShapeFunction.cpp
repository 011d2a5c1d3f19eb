//===- OutputShapeFunction.cpp - the output dimensions' function -*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_OUTPUTSHAPEFUNCTION
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

struct OutputShapeFunctionPass
    : public modelc::impl::OutputShapeFunctionBase<OutputShapeFunctionPass> {
  void runOnOperation() override {
    for (auto func : llvm::to_vector(getOperation().getOps<func::FuncOp>())) {
      if (func.isExternal() || func->hasAttr(kShapeFunctionAttr))
        continue;
      if (failed(addFunction(func)))
        return signalPassFailure();
    }
  }

  /// Erases the ops of FUNC whose results are all unused, those with side
  /// effects included (calls of the runtime that make strings, say): the
  /// size function is never run for them.
  static void eraseUnused(func::FuncOp func) {
    bool changed = true;
    while (changed) {
      changed = false;
      SmallVector<Operation *> unused;
      func.walk<WalkOrder::PostOrder>([&](Operation *op) {
        if (op->getNumResults() != 0 && op->use_empty() &&
            !op->hasTrait<OpTrait::IsTerminator>())
          unused.push_back(op);
      });
      for (Operation *op : unused) {
        // An op nested in another unused op goes with it.
        if (llvm::any_of(unused, [&](Operation *other) {
              return other != op && other->isProperAncestor(op);
            }))
          continue;
        op->erase();
        changed = true;
      }
    }
  }

  /// Whether OP is arithmetic on the input dimensions: a constant, the
  /// dimension of an argument, an arith or math op (shape arithmetic done
  /// in float: a size scaled and floored), or an affine.apply/min/max (the
  /// dimensions of a collapse_shape, say).
  static bool isDimArithmeticOp(Operation *op) {
    if (auto dim = dyn_cast<tensor::DimOp>(op))
      return isa<BlockArgument>(dim.getSource());
    if (isa<affine::AffineApplyOp, affine::AffineMinOp, affine::AffineMaxOp>(
            op))
      return true;
    MLIRContext *ctx = op->getContext();
    Dialect *dialect = op->getDialect();
    return (dialect == ctx->getLoadedDialect<arith::ArithDialect>() ||
            dialect == ctx->getLoadedDialect<math::MathDialect>()) &&
           op->getNumRegions() == 0;
  }

  /// Whether V is computed by arithmetic on the input dimensions alone.
  static bool isDimArithmetic(Value v) {
    if (isa<BlockArgument>(v))
      return false;
    SetVector<Operation *> slice;
    BackwardSliceOptions options;
    options.inclusive = true;
    getBackwardSlice(v, &slice, options);
    return llvm::all_of(slice, isDimArithmeticOp);
  }

  LogicalResult addFunction(func::FuncOp func) {
    MLIRContext *ctx = func.getContext();
    SmallVector<std::pair<unsigned, int64_t>> dims;
    for (auto [i, type] : llvm::enumerate(func.getResultTypes()))
      if (auto tensor = dyn_cast<RankedTensorType>(type))
        for (int64_t d = 0; d < tensor.getRank(); ++d)
          if (tensor.isDynamicDim(d))
            dims.push_back({static_cast<unsigned>(i), d});
    if (dims.empty())
      return success();

    OpBuilder b(func);
    b.setInsertionPointAfter(func);
    auto shapeFunc = cast<func::FuncOp>(b.clone(*func));
    shapeFunc.setSymName((func.getSymName() + "_output_dims").str());
    shapeFunc->setAttr(kShapeFunctionAttr, UnitAttr::get(ctx));
    shapeFunc.removeResAttrsAttr();
    // The entry function makes the run-time checks.
    shapeFunc.walk([](CheckOp check) { check.erase(); });
    auto ret = cast<func::ReturnOp>(shapeFunc.getBody().front().getTerminator());
    b.setInsertionPoint(ret);
    SmallVector<Value> sizes;
    for (auto [result, d] : dims)
      sizes.push_back(
          b.create<tensor::DimOp>(ret.getLoc(), ret.getOperand(result), d));
    b.create<func::ReturnOp>(ret.getLoc(), sizes);
    ret.erase();
    shapeFunc.setFunctionType(FunctionType::get(
        ctx, shapeFunc.getArgumentTypes(),
        SmallVector<Type>(sizes.size(), b.getIndexType())));

    // Reduce the copy to the arithmetic on dimensions.
    RewritePatternSet patterns(ctx);
    memref::populateResolveRankedShapedTypeResultDimsPatterns(patterns);
    modelc::populateLoopShapePatterns(patterns);
    for (Dialect *dialect : ctx->getLoadedDialects())
      dialect->getCanonicalizationPatterns(patterns);
    for (RegisteredOperationName op : ctx->getRegisteredOperations())
      op.getCanonicalizationPatterns(patterns, ctx);
    FrozenRewritePatternSet frozen(std::move(patterns));
    if (failed(applyPatternsAndFoldGreedily(shapeFunc, frozen)))
      return shapeFunc.emitError("cannot simplify the output dimensions");

    // A dimension computed from a bounded size depends on tensor values:
    // the function gives its bound, the capacity the caller allocates, and
    // the run writes back the actual size.
    auto newRet =
        cast<func::ReturnOp>(shapeFunc.getBody().front().getTerminator());
    SmallVector<SmallVector<int64_t>> dataDependent(func.getNumResults());
    for (auto [k, size] : llvm::enumerate(newRet.getOperands())) {
      SetVector<Operation *> slice;
      BackwardSliceOptions options;
      options.inclusive = true;
      getBackwardSlice(size, &slice, options);
      if (llvm::any_of(slice, llvm::IsaPred<BoundedSizeOp>))
        dataDependent[dims[k].first].push_back(dims[k].second);
    }
    SmallVector<BoundedSizeOp> bounded;
    shapeFunc.walk([&](BoundedSizeOp op) { bounded.push_back(op); });
    for (BoundedSizeOp op : bounded) {
      op.replaceAllUsesWith(op.getBound());
      op.erase();
    }
    if (!bounded.empty()) {
      SmallVector<Attribute> perResult;
      for (ArrayRef<int64_t> d : dataDependent)
        perResult.push_back(DenseI64ArrayAttr::get(ctx, d));
      func->setAttr(kDataDependentDimsAttr, ArrayAttr::get(ctx, perResult));
      if (failed(applyPatternsAndFoldGreedily(shapeFunc, frozen)))
        return shapeFunc.emitError("cannot simplify the output dimensions");
    }
    // A dimension that is still not arithmetic on the input dimensions
    // depends on tensor values without a bound (a Loop's trip count read
    // from an input, say): the run writes that output into the workspace,
    // and the function gives none of its dimensions.
    auto finalRet =
        cast<func::ReturnOp>(shapeFunc.getBody().front().getTerminator());
    SmallVector<int64_t> inWorkspace;
    for (auto [k, size] : llvm::enumerate(finalRet.getOperands()))
      if (!isDimArithmetic(size) &&
          !llvm::is_contained(inWorkspace, int64_t(dims[k].first)))
        inWorkspace.push_back(dims[k].first);
    if (!inWorkspace.empty()) {
      llvm::sort(inWorkspace);
      SmallVector<Value> kept;
      for (auto [k, size] : llvm::enumerate(finalRet.getOperands()))
        if (!llvm::is_contained(inWorkspace, int64_t(dims[k].first)))
          kept.push_back(size);
      b.setInsertionPoint(finalRet);
      b.create<func::ReturnOp>(finalRet.getLoc(), kept);
      finalRet.erase();
      shapeFunc.setFunctionType(
          FunctionType::get(ctx, shapeFunc.getArgumentTypes(),
                            SmallVector<Type>(kept.size(), b.getIndexType())));
      func->setAttr(kWorkspaceOutputsAttr,
                    DenseI64ArrayAttr::get(ctx, inWorkspace));
      // Their bounded dimensions are written back with the others. (The
      // attribute also tells modelc-data-dependent-outputs the number of
      // outputs.)
      SmallVector<Attribute> perResult(func.getNumResults(),
                                       DenseI64ArrayAttr::get(ctx, {}));
      if (auto attr = func->getAttrOfType<ArrayAttr>(kDataDependentDimsAttr))
        perResult.assign(attr.begin(), attr.end());
      for (int64_t k : inWorkspace)
        perResult[k] = DenseI64ArrayAttr::get(ctx, {});
      func->setAttr(kDataDependentDimsAttr, ArrayAttr::get(ctx, perResult));
    }
    eraseUnused(shapeFunc);
    WalkResult walk = shapeFunc.walk([&](Operation *op) {
      if (isa<func::FuncOp, func::ReturnOp>(op) || isDimArithmeticOp(op))
        return WalkResult::advance();
      return WalkResult::interrupt();
    });
    if (walk.wasInterrupted()) {
      shapeFunc.erase();
      return func.emitError("an output dimension depends on tensor values "
                            "in a way the output-dims function cannot "
                            "separate from the other outputs' dimensions");
    }
    if (cast<FunctionType>(shapeFunc.getFunctionType()).getNumResults() == 0) {
      shapeFunc.erase();
      return success();
    }
    func->setAttr(kOutputDimsFnAttr, FlatSymbolRefAttr::get(shapeFunc));
    return success();
  }
};

} // namespace
