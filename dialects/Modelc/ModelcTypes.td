//===- ModelcTypes.td - modelc types -----------------------*- tablegen -*-===//
//
// Part of modelc. Types of the modelc dialect.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_TYPES_TD
#define MODELC_TYPES_TD

include "ModelcDialect.td"
include "mlir/IR/AttrTypeBase.td"

class Modelc_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Modelc_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Modelc_StringType : Modelc_Type<"String", "string"> {
  let summary = "string";
  let description = [{
    A UTF-8 string: the element type of ONNX's string tensors. Only the ops whose lowering
    handles strings (those with the `StringElements` trait: data movement,
    `cast`, `string_normalizer`, `constant`) take tensors of it. The lowering
    turns each element into a 64-bit value holding a pointer to a
    NUL-terminated string: the C interface of a compiled model passes
    string tensors as arrays of `const char *`.

    ```mlir
    %y = modelc.string_normalizer %x {case_change_action = #modelc.case_change<upper>}
         : (tensor<4x!modelc.string>) -> tensor<4x!modelc.string>
    ```
  }];
}

#endif // MODELC_TYPES_TD
