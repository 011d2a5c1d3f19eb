//===- TileTables.h - CPU tile sizes per instruction set --------*- C++ -*-===//
//
// Part of modelc. Every tile size that the CPU code generation uses lives
// in one table per vector instruction set (TileTables.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_CODEGEN_CPU_TILETABLES_H
#define MODELC_CODEGEN_CPU_TILETABLES_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace mlir::modelc::cpu {

/// A register block: the output tile one step of the innermost loop
/// keeps in registers.
struct RegisterBlock {
  int64_t rows; ///< M of a product, output columns (OW) of a convolution.
  int64_t cols; ///< N of a product, output channels of a convolution.
};

/// The tile sizes of one vector instruction set, for f32.
struct TileTable {
  llvm::StringLiteral name;
  /// f32 lanes of one vector register.
  int64_t vectorWidth;
  /// Matrix products: the register block (M x N, K stepped by one) and the
  /// tile of one thread task (M x N, a multiple of the block).
  RegisterBlock matmul;
  RegisterBlock matmulTask;
  /// Dense convolutions (NHWC/HWCF): OW x OC in registers, input channels
  /// per step, and the output channels of one thread task. A task takes
  /// enough output rows for at least convTaskPixels output positions, so
  /// that the filters of its channels, loaded once into the cache, serve
  /// that many positions (deep layers have few positions per row and large
  /// filters).
  RegisterBlock conv;
  /// The most output positions a convolution's register block may take
  /// instead of conv.rows where that leaves no remainder in a row
  /// (SqueezeNet's 13, 27 and 55 wide rows: blocks of 13, 9 and 11 rather
  /// than 8 and a remainder of 5, 3 and 7), as long as its accumulators
  /// and operands fit the vector registers.
  int64_t convMaxRows;
  int64_t convInputChannels;
  int64_t convTaskChannels;
  int64_t convTaskPixels;
  /// Where the output rows make fewer tasks than this and no multiple of
  /// the block divides the output channels (more than 4 x
  /// convTaskChannels of them), tasks take part of the
  /// channels all the same: the largest number of half vectors up to
  /// 8 x convTaskChannels that divides them.
  int64_t convMinTasks;
  /// The int8 products (u8 x s8 into i32, four bytes per lane and step):
  /// M (OW of a convolution) x N in registers.
  RegisterBlock int8;
  /// Depthwise convolutions and pooling (NHWC): OW x C in registers.
  RegisterBlock depthwise;
  RegisterBlock pool;
  /// Elementwise ops and the epilogues fused into a task: elements of the
  /// innermost dimension per step.
  int64_t elementwise;
  /// Row reductions (split into lanes of one vector): rows per task.
  int64_t reductionTaskRows;
  /// Attention (modelc.attention): a task takes matmul.rows rows of the
  /// scores; its row maxima, exponentials and sums take a row of up to
  /// attentionRowElements scores in one vector (longer rows are stepped).
  int64_t attentionRowElements;
  /// 3x3 stride-1 convolutions of constant filters as Winograd
  /// F(m x m, 3 x 3): m (2; 0 for direct convolutions only); the
  /// fewest input and output channels for which the transforms pay (16 on
  /// AVX-512: SqueezeNet's 55 x 55 16 -> 64 layer 1.6x faster than direct,
  /// DenseNet's 28 x 28 128 -> 32 1.7x); and
  /// the fewest m x m tiles per image, below which the transformed filters
  /// (16 / 9 of the filter's bytes for m = 2) are read from memory for too
  /// few tiles to keep the product busy (ResNet-50's 7 x 7 layers: 16 tiles,
  /// 1.2x slower than direct).
  int64_t winogradTile;
  int64_t winogradMinChannels;
  int64_t winogradMinTiles;
  /// Channels per task of the Winograd input transform (all of them where
  /// they are not a multiple): enough tasks for the threads on small images
  /// (14 x 14 x 256: 7 tile rows x 4 blocks).
  int64_t winogradChannelBlock;
};

/// The table of an instruction set named "avx512", "avx2", "sse2" or
/// "neon"; none for other names.
std::optional<TileTable> lookupTileTable(llvm::StringRef isa);

/// The dot-product instruction of the int8 products on a target, from its
/// triple's architecture name and its LLVM features: "vnni512"
/// (avx512vnni with avx512vl: vpdpbusd), "vnni256" (avxvnni), "madd512"
/// (avx512bw: vpmaddubsw and vpmaddwd), "madd256" (avx2), on aarch64
/// "usdot" (i8mm) or "sdot" (dotprod: the activations flipped to s8), or
/// "none" (widening multiplies).
llvm::StringRef
selectInt8Dot(llvm::StringRef arch,
              llvm::function_ref<bool(llvm::StringRef)> hasFeature);

/// The instruction set whose table fits a target, from its triple's
/// architecture name ("x86_64", "aarch64", ...) and whether it has an LLVM
/// feature ("avx512f", "avx2", "fma"): "avx512", "avx2", "neon" or "sse2"
/// (also the fallback of other architectures: 128-bit vectors).
llvm::StringRef
selectVectorISA(llvm::StringRef arch,
                llvm::function_ref<bool(llvm::StringRef)> hasFeature);

} // namespace mlir::modelc::cpu

#endif // MODELC_CODEGEN_CPU_TILETABLES_H
