//===- NewerOpsets.h - newer operator definitions in older forms -*- C++
//-*-===//
//
// Part of modelc. ONNX's library (1.12) knows opsets up to 17: its schemas
// check nodes and its shape inference runs by those definitions. The nodes
// of a newer model whose operator changed since are rewritten here into the
// opset-17 form with the same meaning, where one exists.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_IMPORTER_ONNX_NEWEROPSETS_H
#define MODELC_IMPORTER_ONNX_NEWEROPSETS_H

#include "onnx/onnx_pb.h"

#include <cstdint>
#include <string>

namespace mlir::modelc::onnx_import {

/// Rewrites the default-domain nodes of GRAPH (and of its subgraphs), a
/// graph of a model of opset MODELOPSET, whose operator's definition at
/// MODELOPSET differs from its definition at KNOWNOPSET into that older
/// form:
///  - ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2,
///    ReduceLogSum, ReduceLogSumExp and ReduceSumSquare (opset 18: axes as
///    an input, noop_with_empty_axes): constant axes become the attribute;
///    no axes with noop_with_empty_axes = 1 the elementwise part of the
///    reduction as ONNX Runtime computes it (the input itself, |x|, x * x
///    or log x);
///  - GridSample (opset 20: modes linear and cubic for any number of
///    dimensions): bilinear and bicubic for 2-D sampling;
///  - DFT (opset 20: the axis an input, default -2): a constant axis becomes
///    the attribute;
///  - Split (opset 18: num_outputs): the attribute is dropped, the outputs
///    then split the axis evenly as before (ONNX's shape inference says so
///    where they cannot).
/// Operators added after opset 17 become the opset-17 nodes that compute
/// them (each node's doc_string starting with kExpansionDocPrefix), after
/// checking the node's inputs and attributes:
///  - Mish (18): x * tanh(softplus(x));
///  - CenterCropPad (18): a centered Slice of the longer axes, then a Pad
///    with zeros around the shorter ones, bounds computed from the shapes;
///  - Col2Im (18): a ConvTranspose of each channel's blocks with one-hot
///    kernels (image_shape and block_shape constants);
///  - GroupNormalization (18, and 21 whose scale and bias are per channel
///    rather than per group): Reshape to [N, groups, -1], the mean and
///    variance over the last axis, then the affine per group or channel;
///  - Gelu (20): with erf, or the tanh approximation;
///  - AffineGrid (20): the normalized coordinates of every position times
///    theta^T (size a constant);
///  - RMSNormalization (23): x / sqrt(mean(x^2 over axis..last) +
///    epsilon) * scale;
///  - RotaryEmbedding (23): the rotation of each head's first
///    rotary_embedding_dim elements (halves, or even and odd elements) by
///    the cos and sin caches, gathered by position_ids where given;
///  - Attention (23): per head softmax(scale Q K^T [softcap] + bias) V,
///    3-D inputs split into heads, past keys and values concatenated
///    (present_key, present_value), key and value heads repeated for
///    grouped queries, the bias of attn_mask (bool: 0 or -inf; padded with
///    -inf to the keys) and is_causal, qk_matmul_output by its mode; the
///    mask's element type must be known before shape inference (declared,
///    or the result of a comparison, Cast or Constant).
/// Returns an error message naming the node where a node has no older
/// form (axes that are not constants, a malformed new operator), or an
/// empty string.
std::string downgradeNewerOpsetNodes(onnx::GraphProto &graph,
                                     int64_t modelOpset, int64_t knownOpset);

/// How the doc_string of a node that downgradeNewerOpsetNodes made starts.
inline constexpr const char *kExpansionDocPrefix = "modelc: the expansion of ";

} // namespace mlir::modelc::onnx_import

#endif // MODELC_IMPORTER_ONNX_NEWEROPSETS_H
