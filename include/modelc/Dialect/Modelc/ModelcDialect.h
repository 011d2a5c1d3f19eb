//===- ModelcDialect.h - modelc dialect -------------------------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECT_MODELC_MODELCDIALECT_H
#define MODELC_DIALECT_MODELC_MODELCDIALECT_H

#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/IR/Dialect.h"

#include "Modelc/ModelcDialect.h.inc"

namespace mlir::modelc {

/// Argument and result attributes of a model's entry function.
/// The ONNX name of an input or output (a StringAttr).
constexpr llvm::StringLiteral kNameAttr = "modelc.name";
/// The ONNX names of a tensor's dimensions (an ArrayAttr of StringAttr, ""
/// for a dimension without a name), present when any dimension has one.
/// Dimensions of the inputs that share a name must have equal sizes at run
/// time.
constexpr llvm::StringLiteral kDimNamesAttr = "modelc.dim_names";
/// The position of an argument or result in the sequence that is the graph
/// input or output `modelc.name` (an i64): a sequence of N tensors is N
/// arguments or results, in order.
constexpr llvm::StringLiteral kSequenceIndexAttr = "modelc.sequence_index";
/// The part of a packed sequence output (one whose length and tensor shapes
/// only the run knows) that a result is: "present" (the presence flag of an
/// optional), "data" (its tensors' elements one after the other) or
/// "shapes" (per tensor: its rank, then its dimensions padded with 1).
constexpr llvm::StringLiteral kSequencePartAttr = "modelc.sequence_part";
/// The most dimensions a tensor of a packed sequence has.
constexpr int64_t kMaxPackedRank = 8;
/// The columns of a packed sequence's shapes: the rank, then the
/// dimensions, padded with 1 to kMaxPackedRank.
constexpr int64_t kPackedShapeWidth = 1 + kMaxPackedRank;
/// Function attributes present when a graph input or output is a sequence:
/// the graph's inputs (outputs) in order, each a dictionary with `name`
/// and, for a sequence, its `length` (i64) and `element_type` (a type), as
/// its elements may be none; a packed sequence output has `packed` instead
/// of `length`, and `presence` where its results start with the presence
/// flag of an optional.
constexpr llvm::StringLiteral kGraphInputsAttr = "modelc.graph_inputs";
constexpr llvm::StringLiteral kGraphOutputsAttr = "modelc.graph_outputs";

/// On the model's function: the graph inputs made constants by --freeze, as
/// strings "NAME = VALUE" (the values as given), for the header.
constexpr llvm::StringLiteral kFrozenInputsAttr = "modelc.frozen_inputs";

} // namespace mlir::modelc

#endif // MODELC_DIALECT_MODELC_MODELCDIALECT_H
