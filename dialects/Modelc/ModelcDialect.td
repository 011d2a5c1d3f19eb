//===- ModelcDialect.td - modelc dialect definition --------*- tablegen -*-===//
//
// Part of modelc. The dialect that ONNX models are imported into and that the
// graph passes (fusion, quantization, pruning, memory planning) work on.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECT_TD
#define MODELC_DIALECT_TD

include "mlir/IR/OpBase.td"

def Modelc_Dialect : Dialect {
  let name = "modelc";
  let cppNamespace = "::mlir::modelc";
  let summary = "Tensor-level operations with ONNX semantics";
  let description = [{
    The modelc dialect holds one operation per ONNX operator (or a small fixed
    expansion of one), on ranked tensors whose dimensions may be static or
    dynamic. The operations carry ONNX's semantics (multidirectional
    broadcasting, NCHW layouts, attribute defaults) but are shaped for the
    passes modelc runs: convolution and matrix products carry an optional
    fused activation, element types may be quantized types of the `quant`
    dialect (per tensor or per axis), and `modelc.constant` holds any
    `ElementsAttr`, dense or sparse.

    Shape-like operands (a Reshape's target shape, a Slice's starts) are
    operands, as in ONNX, and fold to constants whenever they can, so that a
    model with static shapes lowers without any shape computation at run time.
  }];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::quant::QuantizationDialect"];
}

#endif // MODELC_DIALECT_TD
