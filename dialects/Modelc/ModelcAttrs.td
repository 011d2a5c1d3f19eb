//===- ModelcAttrs.td - modelc attributes ------------------*- tablegen -*-===//
//
// Part of modelc. Enums and attributes of the modelc dialect.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_ATTRS_TD
#define MODELC_ATTRS_TD

include "ModelcDialect.td"
include "mlir/IR/EnumAttr.td"

/// The activation that a producer op (Conv, Gemm, MatMul) applies to its
/// result. `clip` uses `activation_alpha`/`activation_beta` as min/max
/// (infinite where a bound is missing), `leaky_relu` uses
/// `activation_alpha` as the slope, `hard_sigmoid` uses alpha and beta as in
/// ONNX. `hard_swish` is x * hard_sigmoid(x) with alpha 1/6 and beta 1/2,
/// `silu` x * sigmoid(x), `gelu_erf` x/2 * (1 + erf(x / sqrt(2))) and
/// `gelu_tanh` x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))).
def Modelc_ActivationKind : I32EnumAttr<"ActivationKind",
    "activation fused into a producer op", [
      I32EnumAttrCase<"none", 0>,
      I32EnumAttrCase<"relu", 1>,
      I32EnumAttrCase<"clip", 2>,
      I32EnumAttrCase<"leaky_relu", 3>,
      I32EnumAttrCase<"sigmoid", 4>,
      I32EnumAttrCase<"tanh", 5>,
      I32EnumAttrCase<"hard_sigmoid", 6>,
      I32EnumAttrCase<"hard_swish", 7>,
      I32EnumAttrCase<"silu", 8>,
      I32EnumAttrCase<"gelu_erf", 9>,
      I32EnumAttrCase<"gelu_tanh", 10>,
    ]> {
  let cppNamespace = "::mlir::modelc";
  let genSpecializedAttr = 0;
}

def Modelc_ActivationKindAttr
    : EnumAttr<Modelc_Dialect, Modelc_ActivationKind, "activation"> {
  let assemblyFormat = "`<` $value `>`";
}

/// The case change of StringNormalizer (ONNX's case_change_action); the
/// values are those of modelc_string_case in the runtime.
def Modelc_CaseChange : I32EnumAttr<"CaseChange",
    "case change of string_normalizer", [
      I32EnumAttrCase<"none", 0>,
      I32EnumAttrCase<"lower", 1>,
      I32EnumAttrCase<"upper", 2>,
    ]> {
  let cppNamespace = "::mlir::modelc";
  let genSpecializedAttr = 0;
}

def Modelc_CaseChangeAttr
    : EnumAttr<Modelc_Dialect, Modelc_CaseChange, "case_change"> {
  let assemblyFormat = "`<` $value `>`";
}

#endif // MODELC_ATTRS_TD
