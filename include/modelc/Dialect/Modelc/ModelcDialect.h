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

#endif // MODELC_DIALECT_MODELC_MODELCDIALECT_H
