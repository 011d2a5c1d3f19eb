//===- Pipelines.h - modelc's named pass pipelines --------------*- C++ -*-===//
//
// Part of modelc. The pipelines the driver runs, also registered for
// modelc-opt as `modelc-graph-pipeline` and `modelc-cpu-pipeline`.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PIPELINES_PIPELINES_H
#define MODELC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::modelc {

/// Options of the CPU lowering pipeline.
struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  Option<bool> parallel{*this, "parallel",
                        llvm::cl::desc("run parallel loops on the runtime's "
                                       "thread pool"),
                        llvm::cl::init(true)};
  Option<int64_t> parallelMinWork{
      *this, "parallel-min-work",
      llvm::cl::desc("minimum iterations of a loop nest to parallelize it"),
      llvm::cl::init(4096)};
  Option<bool> profile{
      *this, "profile",
      llvm::cl::desc("time each kernel (modelc-instrument-kernels)"),
      llvm::cl::init(false)};
  Option<bool> report{
      *this, "report",
      llvm::cl::desc("record what each kernel does for the compile report "
                     "(modelc-kernel-report)"),
      llvm::cl::init(false)};
  Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("tile and vectorize products, convolutions and pools "
                     "(modelc-cpu-tile-and-vectorize)"),
      llvm::cl::init(true)};
  Option<bool> winograd{
      *this, "winograd",
      llvm::cl::desc("compute 3x3 stride-1 convolutions as Winograd products "
                     "where the tile table says they pay "
                     "(modelc-cpu-winograd; with vectorize only)"),
      llvm::cl::init(true)};
  Option<std::string> vectorISA{
      *this, "isa",
      llvm::cl::desc("vector instruction set whose tile table the code "
                     "generation uses: avx512, avx2, sse2 or neon"),
      llvm::cl::init("avx512")};
  Option<std::string> int8Dot{
      *this, "int8-dot",
      llvm::cl::desc("dot-product instruction of the int8 products: "
                     "vnni512, vnni256, madd512, madd256, usdot, sdot or "
                     "none"),
      llvm::cl::init("none")};
  Option<bool> signedInt8Products{
      *this, "signed-int8-products",
      llvm::cl::desc("flip the u8 activations of the int8 products to s8 "
                     "(modelc-cpu-signed-int8-products), as sdot wants"),
      llvm::cl::init(false)};
  Option<bool> dynamicShapes{
      *this, "dynamic-shapes",
      llvm::cl::desc("pass arguments as memref descriptors (with their "
                     "sizes) rather than bare pointers, as a model with "
                     "dynamic dimensions needs"),
      llvm::cl::init(false)};
  Option<int64_t> stringArenaBytes{
      *this, "string-arena-bytes",
      llvm::cl::desc("bytes of string data that one run may make (the "
                     "capacity of the string arena in the workspace)"),
      llvm::cl::init(65536)};
  Option<int64_t> dynamicArenaBytes{
      *this, "dynamic-arena-bytes",
      llvm::cl::desc("bytes that one run may allocate for buffers whose "
                     "sizes only the run knows (the capacity of the dynamic "
                     "arena in the workspace)"),
      llvm::cl::init(1048576)};
};

/// Graph-level passes on the modelc dialect: folding, canonicalization and
/// dead-code removal (fusion, quantization and pruning plug in here).
void buildGraphPipeline(OpPassManager &pm);

/// From the modelc dialect to the LLVM dialect: lowering to linalg,
/// bufferization into one workspace, loops, and conversion to LLVM.
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

/// Registers both pipelines with the pass registry.
void registerPipelines();

} // namespace mlir::modelc

#endif // MODELC_PIPELINES_PIPELINES_H
