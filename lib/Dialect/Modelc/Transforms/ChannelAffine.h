//===- ChannelAffine.h - per-channel affine maps into producers -*- C++ -*-===//
//
// Part of modelc. Shared by the graph passes that fold `y * s[c] + t[c]`
// into the op that computes y (FoldBatchNorm.cpp, FoldChannelAffine.cpp):
// which ops can absorb one, along which result axis, and the rewrite that
// scales their constant weights and shifts their bias at compile time.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_LIB_DIALECT_MODELC_TRANSFORMS_CHANNELAFFINE_H
#define MODELC_LIB_DIALECT_MODELC_TRANSFORMS_CHANNELAFFINE_H

#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace mlir::modelc {

/// Where an op's output channels lie: the result axis and their count.
struct OutputChannels {
  int64_t axis;
  int64_t count;
};

/// The output channels of PRODUCER if it is a float Conv (not
/// channels-last), ConvTranspose, Gemm or MatMul (with a 2-D B) of static
/// weight shape, with no fused activation and one user, so that a
/// per-channel affine map of its result can fold into it; none otherwise.
std::optional<OutputChannels> getFoldableOutputChannels(Operation *producer);

/// The values of VALUE, a constant that broadcasts against a result of
/// RANK dimensions and varies along CHANNELS.axis at most, one per channel;
/// none where VALUE is no such constant.
std::optional<SmallVector<double>>
getPerChannelConstant(Value value, int64_t rank, OutputChannels channels);

/// Replaces ROOT (which computes PRODUCER's result y, through no other
/// value, as y * SCALE[c] + SHIFT[c] with one value per channel; SCALE or
/// SHIFT empty for 1 or 0) by a copy of PRODUCER whose constant weights are
/// scaled and whose bias is scaled and shifted, computed in double
/// precision. Fails, changing nothing, where PRODUCER's weights or bias are
/// not constants it can rewrite.
LogicalResult foldChannelAffine(PatternRewriter &rewriter, Operation *root,
                                Operation *producer, ArrayRef<double> scale,
                                ArrayRef<double> shift);

} // namespace mlir::modelc

#endif // MODELC_LIB_DIALECT_MODELC_TRANSFORMS_CHANNELAFFINE_H
