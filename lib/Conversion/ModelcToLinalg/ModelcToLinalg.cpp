//===- ModelcToLinalg.cpp - the convert-modelc-to-linalg pass ---*- C++ -*-===//
//
// Part of modelc. The patterns are in the op-family files; see
// PopulatePatterns.h.
//
//===----------------------------------------------------------------------===//

#include "modelc/Conversion/Passes.h"

#include "PopulatePatterns.h"

#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_CONVERTMODELCTOLINALG
#include "Conversion/Passes.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {
struct ConvertModelcToLinalgPass
    : public modelc::impl::ConvertModelcToLinalgBase<ConvertModelcToLinalgPass> {
  /// Ops whose lowering needs static shapes get a clear error, not a
  /// pattern that would build invalid IR.
  LogicalResult checkDynamicShapes() {
    auto isDynamic = [](Type type) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      return tensor && !tensor.hasStaticShape();
    };
    WalkResult result = getOperation().walk([&](Operation *op) {
      if (!isa<ModelcDialect>(op->getDialect()) ||
          op->hasTrait<DynamicShapes>())
        return WalkResult::advance();
      if (llvm::any_of(op->getOperandTypes(), isDynamic) ||
          llvm::any_of(op->getResultTypes(), isDynamic)) {
        op->emitError("cannot lower '")
            << op->getName()
            << "' with dynamic dimensions yet; give the model's inputs "
               "static shapes with --shape NAME=DxDx...";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    return failure(result.wasInterrupted());
  }

  /// Ops on strings whose lowering does not handle them (arithmetic on
  /// the addresses that stand for the strings would be wrong) get a clear
  /// error.
  LogicalResult checkStringElements() {
    WalkResult result = getOperation().walk([&](Operation *op) {
      if (!isa<ModelcDialect>(op->getDialect()) ||
          op->hasTrait<StringElements>())
        return WalkResult::advance();
      if (llvm::any_of(op->getOperandTypes(), isStringTensor) ||
          llvm::any_of(op->getResultTypes(), isStringTensor)) {
        op->emitError("cannot lower '")
            << op->getName()
            << "' on strings: string tensors are supported by Cast, "
               "StringNormalizer, constants and data movement (Identity, "
               "Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Concat, "
               "Slice, Gather)";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    return failure(result.wasInterrupted());
  }

  /// Ops on quantized tensors other than those whose lowering knows their
  /// scales (Quantized.cpp) or ignores them (data movement) get a clear
  /// error, not integer arithmetic on the storage that would be wrong.
  LogicalResult checkQuantizedElements() {
    WalkResult result = getOperation().walk([&](Operation *op) {
      if (!isa<ModelcDialect>(op->getDialect()) ||
          isa<StorageCastOp, QuantizeOp, DequantizeOp, ConvOp, MatMulOp,
              TransposeOp, ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp,
              IdentityOp, ConcatOp, SliceOp, GatherOp, SplitOp, MaxPoolOp,
              ExpandOp, TileOp, DepthToSpaceOp, SpaceToDepthOp>(op))
        return WalkResult::advance();
      if (llvm::any_of(op->getOperandTypes(), isQuantizedTensor) ||
          llvm::any_of(op->getResultTypes(), isQuantizedTensor)) {
        op->emitError("cannot lower '")
            << op->getName()
            << "' on quantized tensors: they are supported by Conv, MatMul, "
               "QuantizeLinear, DequantizeLinear and data movement";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    return failure(result.wasInterrupted());
  }

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    if (failed(checkDynamicShapes()) || failed(checkStringElements()) ||
        failed(checkQuantizedElements()))
      return signalPassFailure();
    ModelcTypeConverter converter;
    ConversionTarget target(*ctx);
    target.addIllegalDialect<ModelcDialect>();
    // Run-time checks stay until modelc-lower-checks.
    target.addLegalOp<BoundedSizeOp, CheckOp, StringArenaOp>();
    target.addLegalDialect<
        arith::ArithDialect, linalg::LinalgDialect, math::MathDialect,
        scf::SCFDialect, tensor::TensorDialect,
        bufferization::BufferizationDialect, LLVM::LLVMDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
        [&](Operation *op) { return converter.isLegal(op); });

    RewritePatternSet patterns(ctx);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                  converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateControlFlowPatterns(converter, patterns);
    populateElementwisePatterns(converter, patterns);
    populateConvPatterns(converter, patterns);
    populateQuantizedPatterns(converter, patterns);
    populateAttentionPatterns(converter, patterns);
    populateMatMulPatterns(converter, patterns);
    populateReductionPatterns(converter, patterns);
    populateRecurrentPatterns(converter, patterns);
    populateShapePatterns(converter, patterns);
    populateIndexingPatterns(converter, patterns);
    populateResizePatterns(converter, patterns);
    populateSelectionPatterns(converter, patterns);
    populateTextPatterns(converter, patterns);
    populateSamplingPatterns(converter, patterns);
    populateSignalPatterns(converter, patterns);
    populateRandomPatterns(converter, patterns);
    populateStringPatterns(converter, patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
