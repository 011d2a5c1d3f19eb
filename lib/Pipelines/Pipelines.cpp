//===- Pipelines.cpp - modelc's named pass pipelines ------------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "modelc/Pipelines/Pipelines.h"
#include "modelc/Codegen/Passes.h"
#include "modelc/Conversion/Passes.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToFuncs/MathToFuncs.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

/// Copies between buffers become linalg.copy, which lowers to loops: the
/// generated code then needs no memref runtime library.
static LogicalResult createLinalgCopy(OpBuilder &b, Location loc, Value from,
                                      Value to) {
  b.create<linalg::CopyOp>(loc, from, to);
  return success();
}

void mlir::modelc::buildGraphPipeline(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(createFoldBatchNorm());
  pm.addNestedPass<func::FuncOp>(createFoldChannelAffine());
  pm.addNestedPass<func::FuncOp>(createFuseAttention());
  pm.addNestedPass<func::FuncOp>(createFuseResidualAdd());
  pm.addNestedPass<func::FuncOp>(createFuseActivations());
  pm.addNestedPass<func::FuncOp>(createFoldQDQ());
  pm.addNestedPass<func::FuncOp>(createConv1DAs2D());
  pm.addNestedPass<func::FuncOp>(createToChannelsLast());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createSymbolDCEPass());
}

void mlir::modelc::buildCPUPipeline(OpPassManager &pm,
                                    const CPUPipelineOptions &options) {
  pm.addPass(createConvertModelcToLinalg());
  // Dynamic sizes become arithmetic on the input dimensions.
  pm.addNestedPass<func::FuncOp>(createScalarizeShapeMath());
  pm.addPass(memref::createResolveRankedShapeTypeResultDimsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createRefineCheckedDims());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createFuseElementwise());
  if (options.vectorize && options.winograd) {
    CPUWinogradOptions winograd;
    winograd.vectorISA = options.vectorISA;
    pm.addNestedPass<func::FuncOp>(createCPUWinograd(winograd));
  }
  pm.addNestedPass<func::FuncOp>(createPadIntoProducer());
  pm.addNestedPass<func::FuncOp>(createConcatIntoProducers());
  pm.addPass(createCSEPass());
  if (options.vectorize) {
    if (options.signedInt8Products)
      pm.addNestedPass<func::FuncOp>(createCPUSignedInt8Products());
    CPUTileAndVectorizeOptions tiling;
    tiling.vectorISA = options.vectorISA;
    tiling.int8Dot = options.int8Dot;
    pm.addNestedPass<func::FuncOp>(createCPUTileAndVectorize(tiling));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }
  pm.addPass(createOutputShapeFunction());
  pm.addPass(createMaterializeResults());

  bufferization::OneShotBufferizationOptions bufferization;
  bufferization.bufferizeFunctionBoundaries = true;
  // Loop-carried tensors of dynamic size may change it in each iteration
  // (modelc-to-linalg yields them as they are); their buffers are then
  // allocated in the loop, which modelc-plan-workspace puts in the dynamic
  // arena.
  bufferization.allowReturnAllocsFromLoops = true;
  bufferization.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  bufferization.memCpyFn = createLinalgCopy;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
  bufferization::BufferResultsToOutParamsOpts outParams;
  outParams.hoistStaticAllocs = true;
  outParams.memCpyFn = createLinalgCopy;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Copies of a slice onto itself (a producer that wrote into a padded
  // buffer, modelc-pad-into-producer) fold once CSE has made their two
  // subviews one.
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createCPUTaskLocalBuffers());
  pm.addPass(createDataDependentOutputs());
  PlanWorkspaceOptions workspace;
  workspace.stringArenaBytes = options.stringArenaBytes;
  workspace.dynamicArenaBytes = options.dynamicArenaBytes;
  pm.addPass(createPlanWorkspace(workspace));
  pm.addPass(createLowerChecks());
  pm.addPass(createCopiesToLinalg());
  pm.addPass(createFlattenGlobals());
  pm.addNestedPass<func::FuncOp>(createCPULowerVectors());
  VectorTransferToSCFOptions transfers;
  transfers.enableFullUnroll();
  pm.addNestedPass<func::FuncOp>(createConvertVectorToSCFPass(transfers));
  // Tasks of tiled roots run on the thread pool as the other parallel
  // loops do.
  pm.addNestedPass<func::FuncOp>(createForallToParallelLoopPass());

  if (options.report)
    pm.addPass(createKernelReport());
  if (options.profile)
    pm.addPass(createInstrumentKernels());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  pm.addPass(createCanonicalizerPass());
  if (options.parallel) {
    LowerParallelLoopsOptions parallel;
    parallel.minWork = options.parallelMinWork;
    pm.addPass(createLowerParallelLoops(parallel));
  }
  // floordivsi, ceildivsi, maxnumf... have no direct LLVM lowering.
  pm.addPass(arith::createArithExpandOpsPass());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // A horizontal sum (of a row of an attention's exponentials, say) as a
  // tree of vector additions instead of one addition per lane in order:
  // the tree is fixed at compile time, so results stay the same from run
  // to run and for every thread count.
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.reassociateFPReductions = true;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createApproximateMath());
  pm.addPass(createConvertMathToFuncs());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions funcOptions;
  // Static shapes: arguments are bare pointers. Dynamic ones: memref
  // descriptors, which carry the sizes.
  funcOptions.useBarePtrCallConv = !options.dynamicShapes;
  pm.addPass(createConvertFuncToLLVMPass(funcOptions));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void mlir::modelc::registerPipelines() {
  PassPipelineRegistration<>(
      "modelc-graph-pipeline",
      "graph-level passes on the modelc dialect (folding, canonicalization, "
      "dead-code removal)",
      buildGraphPipeline);
  PassPipelineRegistration<CPUPipelineOptions>(
      "modelc-cpu-pipeline",
      "lowers the modelc dialect to the LLVM dialect for CPUs",
      buildCPUPipeline);
}
