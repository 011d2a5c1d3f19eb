//===- TileTables.cpp - CPU tile sizes per instruction set ------*- C++ -*-===//
//
// Part of modelc. The sizes come from ../shared/docs/cpu-codegen.md §4 and
// from the peers' kernels: a register block uses about half to three
// quarters of the vector registers as accumulators (AVX-512: 8 x 32 = 16
// zmm, as MLAS's 12 x 32 uses 24; AVX2: 6 x 16 = 12 ymm, MLAS's FMA3
// kernel; NEON: 8 x 16 = 32 q registers would be all of them, so 6 x 16 =
// 24), the rest holds the broadcast A values and the B row. (Stepping
// convolutions by 4 input channels instead of 8 on AVX-512 made a lone
// 56x56x64 3x3 layer faster, 195-208 against 160 GFLOP/s, but ResNet-50
// slower: LLVM's loop strength reduction spills the input row pointers
// either way.) The int8 block of AVX-512 is 8 x 32: 16 zmm of i32
// accumulators, 2 for the panel's 32 x 4 bytes, one for the broadcast
// bytes of A (and, without VNNI, the int16 products of vpmaddubsw and the
// split bytes of A). That of AVX2 is 4 x 16: 8 ymm of accumulators leave
// room for vpmaddubsw's products and constants in 16 registers (4 x 24
// spilled: a 64-channel 3x3 layer took 8.2 ms instead of 2.8).
//
//===----------------------------------------------------------------------===//

#include "modelc/Codegen/CPU/TileTables.h"

using namespace mlir::modelc::cpu;

static const TileTable kAVX512 = {
    /*name=*/"avx512",
    /*vectorWidth=*/16,
    /*matmul=*/{8, 32},
    /*matmulTask=*/{64, 128},
    /*conv=*/{8, 32},
    /*convMaxRows=*/14,
    /*convInputChannels=*/8,
    /*convTaskChannels=*/32,
    /*convTaskPixels=*/64,
    /*convMinTasks=*/8,
    /*int8=*/{8, 32},
    /*depthwise=*/{8, 32},
    /*pool=*/{8, 32},
    /*elementwise=*/16,
    /*reductionTaskRows=*/8,
    /*attentionRowElements=*/1024,
    /*winogradTile=*/2,
    /*winogradMinChannels=*/16,
    /*winogradMinTiles=*/32,
    /*winogradChannelBlock=*/64,
};

static const TileTable kAVX2 = {
    /*name=*/"avx2",
    /*vectorWidth=*/8,
    /*matmul=*/{6, 16},
    /*matmulTask=*/{48, 128},
    /*conv=*/{6, 16},
    /*convMaxRows=*/6,
    /*convInputChannels=*/8,
    /*convTaskChannels=*/32,
    /*convTaskPixels=*/48,
    /*convMinTasks=*/8,
    /*int8=*/{4, 16},
    /*depthwise=*/{8, 16},
    /*pool=*/{8, 16},
    /*elementwise=*/8,
    /*reductionTaskRows=*/8,
    /*attentionRowElements=*/1024,
    /*winogradTile=*/2,
    /*winogradMinChannels=*/16,
    /*winogradMinTiles=*/32,
    /*winogradChannelBlock=*/64,
};

static const TileTable kSSE2 = {
    /*name=*/"sse2",
    /*vectorWidth=*/4,
    /*matmul=*/{4, 8},
    /*matmulTask=*/{32, 64},
    /*conv=*/{4, 8},
    /*convMaxRows=*/4,
    /*convInputChannels=*/4,
    /*convTaskChannels=*/32,
    /*convTaskPixels=*/32,
    /*convMinTasks=*/8,
    /*int8=*/{4, 8},
    /*depthwise=*/{4, 8},
    /*pool=*/{4, 8},
    /*elementwise=*/4,
    /*reductionTaskRows=*/8,
    /*attentionRowElements=*/1024,
    /*winogradTile=*/2,
    /*winogradMinChannels=*/16,
    /*winogradMinTiles=*/32,
    /*winogradChannelBlock=*/64,
};

static const TileTable kNEON = {
    /*name=*/"neon",
    /*vectorWidth=*/4,
    /*matmul=*/{6, 16},
    /*matmulTask=*/{48, 128},
    /*conv=*/{6, 16},
    /*convMaxRows=*/6,
    /*convInputChannels=*/4,
    /*convTaskChannels=*/32,
    /*convTaskPixels=*/48,
    /*convMinTasks=*/8,
    /*int8=*/{4, 16},
    /*depthwise=*/{8, 16},
    /*pool=*/{8, 16},
    /*elementwise=*/4,
    /*reductionTaskRows=*/8,
    /*attentionRowElements=*/1024,
    /*winogradTile=*/2,
    /*winogradMinChannels=*/16,
    /*winogradMinTiles=*/32,
    /*winogradChannelBlock=*/64,
};

std::optional<TileTable>
mlir::modelc::cpu::lookupTileTable(llvm::StringRef isa) {
  for (const TileTable *table : {&kAVX512, &kAVX2, &kSSE2, &kNEON})
    if (table->name == isa)
      return *table;
  return std::nullopt;
}

llvm::StringRef mlir::modelc::cpu::selectInt8Dot(
    llvm::StringRef arch, llvm::function_ref<bool(llvm::StringRef)> has) {
  if (arch == "aarch64" || arch == "aarch64_be" || arch == "arm64") {
    if (has("i8mm"))
      return "usdot";
    if (has("dotprod"))
      return "sdot";
    return "none";
  }
  if (arch != "x86_64" && arch != "x86")
    return "none";
  if (has("avx512vnni") && has("avx512vl") && has("avx512f"))
    return "vnni512";
  if (has("avxvnni"))
    return "vnni256";
  if (has("avx512bw"))
    return "madd512";
  if (has("avx2"))
    return "madd256";
  return "none";
}

llvm::StringRef mlir::modelc::cpu::selectVectorISA(
    llvm::StringRef arch, llvm::function_ref<bool(llvm::StringRef)> has) {
  if (arch == "aarch64" || arch == "aarch64_be" || arch == "arm64")
    return "neon";
  if (arch == "x86_64" || arch == "x86") {
    if (has("avx512f"))
      return "avx512";
    if (has("avx2") && has("fma"))
      return "avx2";
  }
  return "sse2";
}
