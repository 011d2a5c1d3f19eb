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

} // namespace mlir::modelc

#endif // MODELC_DIALECT_MODELC_MODELCDIALECT_H
