//===- ModelcOps.td - modelc operations --------------------*- tablegen -*-===//
//
// Part of modelc. The operations of the modelc dialect, one per ONNX
// operator, grouped by family. Each op's ONNX importer is in
// lib/Importer/ONNX/, its lowering in lib/Conversion/ModelcToLinalg/ (same
// family file name) and its tests in test/Dialect/Modelc and
// test/Conversion/ModelcToLinalg.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_OPS_TD
#define MODELC_OPS_TD

include "ModelcDialect.td"
include "ModelcAttrs.td"
include "ModelcTypes.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Base classes
//===----------------------------------------------------------------------===//

/// The CPU lowering handles dynamic dimensions (tensor types with `?`) in
/// this op's operands and results; ops without it need static shapes (the
/// lowering reports them, suggesting `--shape`).
def Modelc_DynamicShapes : NativeOpTrait<"DynamicShapes"> {
  let cppNamespace = "::mlir::modelc";
}

/// The op's result at a position depends only on its operands at the same
/// (broadcast) position: it commutes with a permutation of the dimensions
/// of all its operands and its result (modelc-to-channels-last moves
/// transposes through it).
def Modelc_LayoutAgnostic : NativeOpTrait<"LayoutAgnostic"> {
  let cppNamespace = "::mlir::modelc";
}

/// The CPU lowering handles tensors of `!modelc.string` in this op's
/// operands and results (moving the pointers that stand for the strings,
/// or calling the runtime's string functions); other ops on strings are
/// reported.
def Modelc_StringElements : NativeOpTrait<"StringElements"> {
  let cppNamespace = "::mlir::modelc";
}

class Modelc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Modelc_Dialect, mnemonic, !listconcat(traits, [Pure])> {
  let assemblyFormat =
      "operands attr-dict `:` functional-type(operands, results)";
}

/// A signed 64-bit integer attribute (axes may be negative): upstream's
/// I64Attr returns uint64_t.
def Modelc_I64Attr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                                  "64-bit integer attribute"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}

/// Ranked tensors of any element type, including quantized types.
defvar Modelc_Tensor = AnyRankedTensor;
defvar Modelc_FloatTensor = RankedTensorOf<[AnyFloat]>;
defvar Modelc_BoolTensor = RankedTensorOf<[I1]>;
defvar Modelc_IndexTensor = RankedTensorOf<[I32, I64, SI32, SI64]>;
defvar Modelc_StringTensor = RankedTensorOf<[Modelc_StringType]>;

/// Attributes of an activation fused into the op (see ActivationKind).
defvar Modelc_FusedActivationArgs = (ins
    DefaultValuedAttr<Modelc_ActivationKindAttr,
                      "::mlir::modelc::ActivationKind::none">:$activation,
    DefaultValuedAttr<F32Attr, "0.0f">:$activation_alpha,
    DefaultValuedAttr<F32Attr, "0.0f">:$activation_beta);

/// An op applied to every element, result of the same type.
class Modelc_UnaryOp<string mnemonic, string onnxName, list<Trait> traits = []>
    : Modelc_Op<mnemonic, !listconcat(traits, [SameOperandsAndResultType,
                                               Modelc_DynamicShapes,
                                               Modelc_LayoutAgnostic])> {
  let summary = "ONNX " # onnxName # ", elementwise";
  let description = [{
    Applies ONNX's `}] # onnxName # [{` to every element.

    ```mlir
    %y = modelc.}] # mnemonic # [{ %x : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input);
  let results = (outs Modelc_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

/// A binary op with ONNX's multidirectional (numpy) broadcasting.
class Modelc_BroadcastOp<string mnemonic, string onnxName,
                         string resultElement, list<Trait> traits = []>
    : Modelc_Op<mnemonic, !listconcat(traits, [
        SameOperandsElementType, Modelc_DynamicShapes, Modelc_LayoutAgnostic,
        DeclareOpInterfaceMethods<InferTypeOpInterface>])> {
  let summary = "ONNX " # onnxName # " with multidirectional broadcasting";
  let description = [{
    ONNX's `}] # onnxName # [{`: the operands broadcast against each other
    as in numpy.

    ```mlir
    %z = modelc.}] # mnemonic # [{ %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3x}] # !if(!eq(resultElement, "i1"), "i1", "f32") # [{>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$lhs, Modelc_Tensor:$rhs);
  let results = (outs Modelc_Tensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> loc,
        ::mlir::ValueRange operands, ::mlir::DictionaryAttr attributes,
        ::mlir::OpaqueProperties properties, ::mlir::RegionRange regions,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      return ::mlir::modelc::inferBroadcastResultType(
          context, loc, operands, /*boolResult=*/}] #
          !if(!eq(resultElement, "i1"), "true", "false") # [{,
          inferredReturnTypes);
    }
  }];
  let extraClassDeclaration = [{
    /// Shape inference may know more (or less) than the operands tell.
    static bool isCompatibleReturnTypes(::mlir::TypeRange l,
                                        ::mlir::TypeRange r) {
      return ::mlir::modelc::areCompatibleTensorTypes(l, r);
    }
  }];
}

class Modelc_ArithmeticOp<string mnemonic, string onnxName>
    : Modelc_BroadcastOp<mnemonic, onnxName, "same">;
class Modelc_CompareOp<string mnemonic, string onnxName>
    : Modelc_BroadcastOp<mnemonic, onnxName, "i1">;

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Modelc_ConstantOp : Modelc_Op<"constant", [ConstantLike,
    AllTypesMatch<["value", "output"]>, Modelc_StringElements]> {
  let summary = "a constant tensor: ONNX Constant and graph initializers";
  let description = [{
    A constant tensor. Weights imported from ONNX initializers become
    `modelc.constant` ops whose value is emitted into the read-only data of
    the compiled object. The value may be any `ElementsAttr`: dense, dense
    resource, or sparse; string tensors hold dense strings.

    ```mlir
    %w = modelc.constant dense<1.0> : tensor<4xf32>
    %s = modelc.constant dense<["a", "b"]> : tensor<2x!modelc.string>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Modelc_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Run-time checks
//===----------------------------------------------------------------------===//

def Modelc_CheckOp : Op<Modelc_Dialect, "check",
                        [MemoryEffects<[MemWrite]>]> {
  let summary = "a run-time check of what the compiler could not prove";
  let description = [{
    When `condition` is false at run time, the model's entry function stops
    before the next operation and returns `status` (a `modelc_status`,
    `MODELC_STATUS_SHAPE_MISMATCH` = 5 by default); its outputs are then
    undefined. The lowering emits checks where a size it builds on is only
    known at run time: a dynamic dimension that must equal another
    (broadcasting), or a size computed from tensor values (Range, TopK's k,
    NonZero's count) that the result type fixes, e.g. from the model's
    declared output shape; and, with `status = 6`
    (`MODELC_STATUS_CAPACITY_EXCEEDED`), after ops that put strings in the
    string arena, that they fitted. `message` says what was checked.

    `modelc-refine-checked-dims` turns a checked equality with a constant
    into that constant for the code after the check, so such results get
    static shapes; `modelc-lower-checks` makes the early return.

    ```mlir
    modelc.check %ok, "Range length equals the result size 10"
    modelc.check %fits, "the strings fit in the string arena" {status = 6 : i32}
    ```
  }];
  let arguments = (ins I1:$condition, StrAttr:$message,
                       DefaultValuedAttr<I32Attr, "5">:$status);
  let assemblyFormat = "$condition `,` $message attr-dict";
  let hasCanonicalizeMethod = 1;
  let hasVerifier = 1;
}

def Modelc_AssertOp : Op<Modelc_Dialect, "assert",
                         [MemoryEffects<[MemWrite]>]> {
  let summary = "a run-time check of a condition computed on tensors";
  let description = [{
    The tensor-level form of `modelc.check`, for conditions that the
    importer builds from tensor values with modelc ops: that a position
    into a sequence known only at run time is in range, say. It lowers to a
    `modelc.check` of its one element, with the same `message` and
    `status` (`MODELC_STATUS_INVALID_ARGUMENT` = 1 by default).

    ```mlir
    modelc.assert %in_range, "SequenceInsert's position is in range" : tensor<i1>
    ```
  }];
  let arguments = (ins 0DTensorOf<[I1]>:$condition, StrAttr:$message,
                       DefaultValuedAttr<I32Attr, "1">:$status);
  let assemblyFormat = "$condition `,` $message attr-dict `:` type($condition)";
  let hasCanonicalizeMethod = 1;
}

def Modelc_BoundedSizeOp : Op<Modelc_Dialect, "bounded_size", [Pure]> {
  let summary = "a size read from tensor values, with an upper bound";
  let description = [{
    `size`, a size that only the run knows (the number of elements NonZero
    selects, say), which never exceeds `bound`, a size computed from the
    input dimensions alone (the number of elements NonZero reads). The
    lowering of ops whose result size depends on tensor values and that the
    model does not declare wraps the size in it. At run time it is `size`;
    the passes that must know sizes before the run use `bound` instead:
    `modelc-output-shape-function` gives the caller `bound` as the capacity
    of such an output dimension (and marks it in `modelc.data_dependent`),
    and `modelc-plan-workspace` sizes the buffers built on `size` for
    `bound` (checking at run time that the actual sizes fit, status
    `MODELC_STATUS_CAPACITY_EXCEEDED`) and then replaces this op by `size`.

    ```mlir
    %n = modelc.bounded_size %count, %c6
    ```
  }];
  let arguments = (ins Index:$size, Index:$bound);
  let results = (outs Index:$result);
  let assemblyFormat = "$size `,` $bound attr-dict";
}

def Modelc_StringArenaOp : Op<Modelc_Dialect, "string_arena", [Pure]> {
  let summary = "the address of the run's string arena";
  let description = [{
    The address (as a 64-bit integer) of the `modelc_string_arena` in the
    workspace, which holds the strings that a run makes (Cast to string,
    case changes). The lowering of string ops creates it;
    `modelc-plan-workspace` reserves the arena, of a capacity fixed at
    compile time (its `string-arena-bytes` option), at the end of the
    static part of the workspace, empties it at the start of every run and
    replaces this op by the arena's address.

    ```mlir
    %arena = modelc.string_arena : i64
    ```
  }];
  let results = (outs I64:$address);
  let assemblyFormat = "attr-dict `:` type($address)";
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

def Modelc_AbsOp : Modelc_UnaryOp<"abs", "Abs">;
def Modelc_CeilOp : Modelc_UnaryOp<"ceil", "Ceil">;
def Modelc_CosOp : Modelc_UnaryOp<"cos", "Cos">;
def Modelc_ErfOp : Modelc_UnaryOp<"erf", "Erf">;
def Modelc_ExpOp : Modelc_UnaryOp<"exp", "Exp">;
def Modelc_FloorOp : Modelc_UnaryOp<"floor", "Floor">;
def Modelc_IdentityOp : Modelc_UnaryOp<"identity", "Identity",
                                      [Modelc_StringElements]> {
  let hasFolder = 1;
}
def Modelc_LogOp : Modelc_UnaryOp<"log", "Log">;
def Modelc_NegOp : Modelc_UnaryOp<"neg", "Neg"> { let hasFolder = 1; }
def Modelc_NotOp : Modelc_UnaryOp<"not", "Not">;
def Modelc_ReciprocalOp : Modelc_UnaryOp<"reciprocal", "Reciprocal">;
def Modelc_ReluOp : Modelc_UnaryOp<"relu", "Relu">;
def Modelc_RoundOp : Modelc_UnaryOp<"round", "Round">;
def Modelc_SigmoidOp : Modelc_UnaryOp<"sigmoid", "Sigmoid">;
def Modelc_SignOp : Modelc_UnaryOp<"sign", "Sign">;
def Modelc_SinOp : Modelc_UnaryOp<"sin", "Sin">;
def Modelc_SoftplusOp : Modelc_UnaryOp<"softplus", "Softplus">;
def Modelc_SoftsignOp : Modelc_UnaryOp<"softsign", "Softsign">;
def Modelc_SqrtOp : Modelc_UnaryOp<"sqrt", "Sqrt">;
def Modelc_TanhOp : Modelc_UnaryOp<"tanh", "Tanh">;

def Modelc_LeakyReluOp : Modelc_UnaryOp<"leaky_relu", "LeakyRelu"> {
  let arguments = (ins Modelc_Tensor:$input,
                       DefaultValuedAttr<F32Attr, "0.01f">:$alpha);
}
def Modelc_EluOp : Modelc_UnaryOp<"elu", "Elu"> {
  let arguments = (ins Modelc_Tensor:$input,
                       DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
}
def Modelc_SeluOp : Modelc_UnaryOp<"selu", "Selu"> {
  let arguments = (ins Modelc_Tensor:$input,
                       DefaultValuedAttr<F32Attr, "1.67326319217681884765625f">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.05070102214813232421875f">:$gamma);
}
def Modelc_HardSigmoidOp : Modelc_UnaryOp<"hard_sigmoid", "HardSigmoid"> {
  let arguments = (ins Modelc_Tensor:$input,
                       DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.5f">:$beta);
}
def Modelc_HardSwishOp : Modelc_UnaryOp<"hard_swish", "HardSwish">;

def Modelc_CastOp : Modelc_Op<"cast", [SameOperandsAndResultShape,
                                      Modelc_DynamicShapes,
                                      Modelc_StringElements]> {
  let summary = "ONNX Cast: converts every element to the result's type";
  let description = [{
    Casts between strings and numbers (float32, float64, the integers,
    bool) follow ONNX: numbers become decimal text (floats as numpy's `str`
    writes them: the shortest text that reads back exactly, "0.1", "1e-05";
    bools "True" and "False"), and text is parsed as the target type ("3.14",
    "1E8", "+INF", "-INF", "NaN" in any case; text that is no number gives
    NaN, or 0 for integers; a non-integer number read as an integer is
    truncated). The strings made go into the run's string arena.

    ```mlir
    %y = modelc.cast %x : (tensor<4xf32>) -> tensor<4xi64>
    %s = modelc.cast %x : (tensor<4xf32>) -> tensor<4x!modelc.string>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input);
  let results = (outs Modelc_Tensor:$output);
  let hasFolder = 1;
}

def Modelc_QuantizeOp : Modelc_Op<"quantize", [SameOperandsAndResultShape,
                                              Modelc_DynamicShapes, Modelc_LayoutAgnostic]> {
  let summary = "Float to a quantized type (ONNX QuantizeLinear)";
  let description = [{
    Each element becomes `saturate(round(x / scale) + zero_point)` in the
    result's `!quant.uniform` type (one scale and zero point, or one per
    index of the type's axis), rounding half to even, as ONNX's
    QuantizeLinear.

    ```mlir
    %q = modelc.quantize %x : (tensor<4xf32>) -> tensor<4x!quant.uniform<u8:f32, 0.5:128>>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_DequantizeOp : Modelc_Op<"dequantize", [SameOperandsAndResultShape,
                                                  Modelc_DynamicShapes, Modelc_LayoutAgnostic]> {
  let summary = "A quantized type to float (ONNX DequantizeLinear)";
  let description = [{
    Each element becomes `(q - zero_point) * scale` with the parameters of
    the operand's `!quant.uniform` type.

    ```mlir
    %x = modelc.dequantize %q : (tensor<4x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_StorageCastOp : Modelc_Op<"storage_cast", [Pure,
    SameOperandsAndResultShape, Modelc_DynamicShapes, Modelc_LayoutAgnostic]> {
  let summary = "Reinterprets integers as a quantized type, or back";
  let description = [{
    Between a tensor of integers (ONNX's uint8 or int8 data) and a tensor of
    a `!quant.uniform` type with that storage type: the bits are the same,
    the quantized type gives them their scale and zero point. The importer
    makes quantized tensors of a QOperator model's integer tensors with it;
    a cast of a cast back to the first type folds away.

    ```mlir
    %q = modelc.storage_cast %x : (tensor<4xui8>) -> tensor<4x!quant.uniform<u8:f32, 0.5:128>>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Modelc_ClipOp : Modelc_Op<"clip", [AttrSizedOperandSegments, Modelc_DynamicShapes,
                                      Modelc_LayoutAgnostic]> {
  let summary = "ONNX Clip: clamps every element to [min, max]";
  let description = [{
    `min` and `max` are optional scalar tensors; a missing bound does not
    clamp.

    ```mlir
    %y = modelc.clip %x, %lo, %hi : (tensor<8xf32>, tensor<f32>, tensor<f32>) -> tensor<8xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, Optional<Modelc_Tensor>:$min,
                       Optional<Modelc_Tensor>:$max);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_AcosOp : Modelc_UnaryOp<"acos", "Acos">;
def Modelc_AcoshOp : Modelc_UnaryOp<"acosh", "Acosh">;
def Modelc_AsinOp : Modelc_UnaryOp<"asin", "Asin">;
def Modelc_AsinhOp : Modelc_UnaryOp<"asinh", "Asinh">;
def Modelc_AtanOp : Modelc_UnaryOp<"atan", "Atan">;
def Modelc_AtanhOp : Modelc_UnaryOp<"atanh", "Atanh">;
def Modelc_CoshOp : Modelc_UnaryOp<"cosh", "Cosh">;
def Modelc_SinhOp : Modelc_UnaryOp<"sinh", "Sinh">;
def Modelc_TanOp : Modelc_UnaryOp<"tan", "Tan">;

def Modelc_ThresholdedReluOp
    : Modelc_UnaryOp<"thresholded_relu", "ThresholdedRelu"> {
  let description = [{
    `y = x > alpha ? x : 0` for every element.

    ```mlir
    %y = modelc.thresholded_relu %x {alpha = 2.0 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
}
def Modelc_ShrinkOp : Modelc_UnaryOp<"shrink", "Shrink"> {
  let description = [{
    `y = x < -lambd ? x + bias : (x > lambd ? x - bias : 0)` for every
    element. Integer inputs are computed in f64 and converted back with
    truncation, as ONNX's reference does.

    ```mlir
    %y = modelc.shrink %x {bias = 1.5 : f32, lambd = 1.5 : f32} : tensor<5xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       DefaultValuedAttr<F32Attr, "0.0f">:$bias,
                       DefaultValuedAttr<F32Attr, "0.5f">:$lambd);
}
def Modelc_CeluOp : Modelc_UnaryOp<"celu", "Celu"> {
  let description = [{
    `y = max(0, x) + min(0, alpha * (exp(x / alpha) - 1))` for every
    element.

    ```mlir
    %y = modelc.celu %x {alpha = 2.0 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
  let results = (outs Modelc_FloatTensor:$output);
}

def Modelc_IsInfOp : Modelc_Op<"is_inf", [SameOperandsAndResultShape, Modelc_DynamicShapes]> {
  let summary = "ONNX IsInf: which elements are infinite";
  let description = [{
    True where the element is +inf (when `detect_positive`) or -inf (when
    `detect_negative`).

    ```mlir
    %y = modelc.is_inf %x {detect_negative = false} : (tensor<6xf32>) -> tensor<6xi1>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input,
                       DefaultValuedAttr<BoolAttr, "true">:$detect_negative,
                       DefaultValuedAttr<BoolAttr, "true">:$detect_positive);
  let results = (outs Modelc_BoolTensor:$output);
}

def Modelc_IsNaNOp : Modelc_Op<"is_nan", [SameOperandsAndResultShape, Modelc_DynamicShapes]> {
  let summary = "ONNX IsNaN: which elements are NaN";
  let description = [{
    ```mlir
    %y = modelc.is_nan %x : (tensor<6xf32>) -> tensor<6xi1>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input);
  let results = (outs Modelc_BoolTensor:$output);
}

//===----------------------------------------------------------------------===//
// Elementwise binary and ternary, with broadcasting
//===----------------------------------------------------------------------===//

def Modelc_AddOp : Modelc_ArithmeticOp<"add", "Add"> { let hasFolder = 1; }
def Modelc_SubOp : Modelc_ArithmeticOp<"sub", "Sub"> { let hasFolder = 1; }
def Modelc_MulOp : Modelc_ArithmeticOp<"mul", "Mul"> { let hasFolder = 1; }
def Modelc_DivOp : Modelc_ArithmeticOp<"div", "Div"> { let hasFolder = 1; }
def Modelc_MaxOp : Modelc_ArithmeticOp<"max", "Max (two operands)">;
def Modelc_MinOp : Modelc_ArithmeticOp<"min", "Min (two operands)">;
def Modelc_PReluOp : Modelc_ArithmeticOp<"prelu", "PRelu">;
def Modelc_AndOp : Modelc_ArithmeticOp<"and", "And">;
def Modelc_OrOp : Modelc_ArithmeticOp<"or", "Or">;
def Modelc_XorOp : Modelc_ArithmeticOp<"xor", "Xor">;

def Modelc_PowOp : Modelc_Op<"pow", [Modelc_DynamicShapes]> {
  let summary = "ONNX Pow with multidirectional broadcasting";
  let description = [{
    The exponent may have another element type than the base; the result
    has the base's.

    ```mlir
    %y = modelc.pow %x, %e : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$lhs, Modelc_Tensor:$rhs);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_EqualOp : Modelc_CompareOp<"equal", "Equal"> { let hasFolder = 1; }
def Modelc_GreaterOp : Modelc_CompareOp<"greater", "Greater"> {
  let hasFolder = 1;
}
def Modelc_GreaterOrEqualOp
    : Modelc_CompareOp<"greater_or_equal", "GreaterOrEqual"> {
  let hasFolder = 1;
}
def Modelc_LessOp : Modelc_CompareOp<"less", "Less"> { let hasFolder = 1; }
def Modelc_LessOrEqualOp
    : Modelc_CompareOp<"less_or_equal", "LessOrEqual"> {
  let hasFolder = 1;
}

def Modelc_WhereOp : Modelc_Op<"where", [Modelc_DynamicShapes]> {
  let summary = "ONNX Where: selects from x where cond, else from y";
  let description = [{
    All three operands broadcast together.

    ```mlir
    %z = modelc.where %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Modelc_BoolTensor:$condition, Modelc_Tensor:$x,
                       Modelc_Tensor:$y);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Modelc_ModOp : Modelc_ArithmeticOp<"mod", "Mod"> {
  let description = [{
    ONNX's `Mod`, the operands broadcasting as in numpy. With `fmod` the
    result has the sign of the dividend (C `fmod`, integer `%`); without, it
    has the sign of the divisor (Python's `%`, numpy's `mod`; ONNX requires
    `fmod` for floating-point types, modelc also computes the other). An
    integer remainder by zero is 0, as in numpy.

    ```mlir
    %z = modelc.mod %x, %y {fmod = true} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$lhs, Modelc_Tensor:$rhs,
                       DefaultValuedAttr<BoolAttr, "false">:$fmod);
}

/// "LEFT" or "RIGHT".
def Modelc_ShiftDirectionAttr : ConfinedAttr<StrAttr, [AttrConstraint<
    CPred<"::llvm::cast<::mlir::StringAttr>($_self).getValue() == \"LEFT\" || "
          "::llvm::cast<::mlir::StringAttr>($_self).getValue() == \"RIGHT\"">,
    "\"LEFT\" or \"RIGHT\"">]>;

def Modelc_BitShiftOp : Modelc_ArithmeticOp<"bit_shift", "BitShift"> {
  let description = [{
    ONNX's `BitShift` of unsigned integers: shifts every element of `lhs`
    left or right (`direction`) by the bits in `rhs`, the operands
    broadcasting as in numpy. Shifting by the bit width or more gives 0.

    ```mlir
    %z = modelc.bit_shift %x, %y {direction = "LEFT"} : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
    ```
  }];
  let arguments = (ins RankedTensorOf<[UI8, UI16, UI32, UI64]>:$lhs,
                       RankedTensorOf<[UI8, UI16, UI32, UI64]>:$rhs,
                       Modelc_ShiftDirectionAttr:$direction);
}

//===----------------------------------------------------------------------===//
// Neural-network ops
//===----------------------------------------------------------------------===//

/// ONNX's auto_pad where the pads depend on a run-time size: "NOTSET" (the
/// `pads` apply), "SAME_UPPER" or "SAME_LOWER".
def Modelc_AutoPadAttr : ConfinedAttr<StrAttr, [AttrConstraint<
    CPred<"::llvm::is_contained({\"NOTSET\", \"SAME_UPPER\", \"SAME_LOWER\"}, "
          "::llvm::cast<::mlir::StringAttr>($_self).getValue())">,
    "\"NOTSET\", \"SAME_UPPER\" or \"SAME_LOWER\"">]>;

def Modelc_ConvOp : Modelc_Op<"conv", [AttrSizedOperandSegments,
                                      Modelc_DynamicShapes]> {
  let summary = "ONNX Conv (N-d, grouped, dilated) with a fused activation";
  let description = [{
    Convolution over NCHW-style tensors: `input` is N x C x D1 x ... x Dn,
    `weight` M x C/group x k1 x ... x kn, the optional `bias` has M
    elements. `pads` holds the begin pads of every spatial axis and then the
    end pads, as ONNX; the importer resolves `auto_pad` into them, except
    where a spatial size is dynamic and the stride above 1: `auto_pad` then
    stays (`SAME_UPPER` or `SAME_LOWER`, `pads` all zero) and the lowering
    computes the pads from the run-time sizes. The result may be followed
    by a fused activation. With `channels_last` (set by
    modelc-to-channels-last, never by the importer) the input and the
    result hold the channels last instead: N x D1 x ... x Dn x C and
    N x O1 x ... x On x M; the weight keeps its layout. The optional
    `residual` (set by modelc-fuse-residual-add, never by the importer) has
    the result's type and is added to the convolution and its bias before
    the activation: `act(conv(x, W) + b + residual)`, as in a residual
    block.

    ```mlir
    %y = modelc.conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    %z = modelc.conv %y, %v, %c residual %y {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = #modelc.activation<relu>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = !con((ins Modelc_Tensor:$input, Modelc_Tensor:$weight,
                            Optional<Modelc_Tensor>:$bias,
                            Optional<Modelc_Tensor>:$residual,
                            DenseI64ArrayAttr:$pads,
                            DenseI64ArrayAttr:$strides,
                            DenseI64ArrayAttr:$dilations,
                            DefaultValuedAttr<Modelc_I64Attr, "1">:$group,
                            DefaultValuedAttr<Modelc_AutoPadAttr,
                                              "\"NOTSET\"">:$auto_pad,
                            UnitAttr:$channels_last),
                       Modelc_FusedActivationArgs);
  let results = (outs Modelc_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`residual` $residual^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Modelc_ConvTransposeOp : Modelc_Op<"conv_transpose", [Modelc_DynamicShapes]> {
  let summary = "ONNX ConvTranspose (N-d, grouped, dilated)";
  let description = [{
    The transpose (gradient) of a convolution: `input` is N x C x D1..Dn,
    `weight` C x M/group x k1..kn, the optional `bias` has M elements.
    Output position o receives input position i through tap k when
    `o = i * stride + k * dilation - pads_begin`. The importer resolves
    `auto_pad`, `output_shape` and `output_padding` into `pads` (begin
    pads, then end pads) and the result type, so that each spatial output
    size is `(D - 1) * stride + (k - 1) * dilation + 1 - pads_begin -
    pads_end`; pads may be negative where `output_shape` or
    `output_padding` asks for more than the convolution covers.

    ```mlir
    %y = modelc.conv_transpose %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x7x7xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, Modelc_Tensor:$weight,
                       Optional<Modelc_Tensor>:$bias,
                       DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$dilations,
                       DefaultValuedAttr<Modelc_I64Attr, "1">:$group);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

class Modelc_PoolOp<string mnemonic, string onnxName>
    : Modelc_Op<mnemonic, [Modelc_DynamicShapes]> {
  let summary = "ONNX " # onnxName;
  let description = [{
    Pooling over the spatial axes of an N x C x D1 x ... x Dn tensor
    (N x D1 x ... x Dn x C with `channels_last`, which
    modelc-to-channels-last sets). `pads` holds begin pads then end pads;
    the result type already accounts for `ceil_mode`. As for `modelc.conv`,
    `auto_pad` stays only where the pads depend on a dynamic spatial size.

    ```mlir
    %y = modelc.}] # mnemonic # [{ %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
    ```
  }];
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_MaxPoolOp : Modelc_PoolOp<"max_pool", "MaxPool"> {
  let arguments = (ins Modelc_Tensor:$input, DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$dilations,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                       DefaultValuedAttr<Modelc_I64Attr, "0">:$storage_order,
                       DefaultValuedAttr<Modelc_AutoPadAttr,
                                         "\"NOTSET\"">:$auto_pad,
                       UnitAttr:$channels_last);
  // The optional second result is ONNX's Indices: the index of each
  // maximum in the whole input tensor, with the spatial axes in row-major
  // (storage_order 0) or column-major (1) order.
  let results = (outs Modelc_Tensor:$output,
                      Optional<RankedTensorOf<[I64]>>:$indices);
}

def Modelc_AveragePoolOp : Modelc_PoolOp<"average_pool", "AveragePool"> {
  let arguments = (ins Modelc_Tensor:$input, DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$dilations,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                       DefaultValuedAttr<BoolAttr, "false">:$count_include_pad,
                       DefaultValuedAttr<Modelc_AutoPadAttr,
                                         "\"NOTSET\"">:$auto_pad,
                       UnitAttr:$channels_last);
}

def Modelc_MaxUnpoolOp : Modelc_Op<"max_unpool"> {
  let summary = "ONNX MaxUnpool: scatters pooled values back to their positions";
  let description = [{
    The partial inverse of MaxPool: a zero tensor of the result's type where
    each element of `input` is written at the position that its element of
    `indices` (MaxPool's second result: the position in the whole unpooled
    tensor, row-major) gives. Those positions are in the tensor of shape
    N x C x ((D - 1) * stride - pad_begin - pad_end + kernel) per spatial
    axis, which lies at the start of the result: the result may be larger
    (ONNX's `output_shape`), and its extra elements stay zero. Positions
    outside that tensor are ignored; when two elements have the same
    position, the later one (row-major) wins.

    ```mlir
    %y = modelc.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x5x5xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, RankedTensorOf<[I64]>:$indices,
                       DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$strides);
  let results = (outs Modelc_Tensor:$output);
  let extraClassDeclaration = [{
    /// The spatial sizes that the indices address (the result's may be
    /// larger): (D - 1) * stride - pads + kernel per spatial axis.
    ::llvm::SmallVector<int64_t> getUnpooledSpatialShape();
  }];
  let hasVerifier = 1;
}

def Modelc_GlobalAveragePoolOp
    : Modelc_Op<"global_average_pool", [Modelc_DynamicShapes]> {
  let summary = "ONNX GlobalAveragePool: mean over all spatial axes";
  let description = [{
    ```mlir
    %y = modelc.global_average_pool %x : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input);
  let results = (outs Modelc_FloatTensor:$output);
}

def Modelc_GlobalMaxPoolOp : Modelc_Op<"global_max_pool", [Modelc_DynamicShapes]> {
  let summary = "ONNX GlobalMaxPool: max over all spatial axes";
  let description = [{
    ```mlir
    %y = modelc.global_max_pool %x : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input);
  let results = (outs Modelc_FloatTensor:$output);
}

def Modelc_BatchNormalizationOp : Modelc_Op<"batch_normalization", [Modelc_DynamicShapes]> {
  let summary = "ONNX BatchNormalization in inference mode";
  let description = [{
    `y = scale * (x - mean) / sqrt(var + epsilon) + bias`, per channel
    (axis 1).

    ```mlir
    %y = modelc.batch_normalization %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input, Modelc_FloatTensor:$scale,
                       Modelc_FloatTensor:$bias, Modelc_FloatTensor:$mean,
                       Modelc_FloatTensor:$variance,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon);
  let results = (outs Modelc_FloatTensor:$output);
}

def Modelc_GemmOp : Modelc_Op<"gemm", [Modelc_DynamicShapes]> {
  let summary = "ONNX Gemm: alpha * op(A) * op(B) + beta * C";
  let description = [{
    `op(X)` transposes X when `transA`/`transB` is set; the optional `c`
    broadcasts to the M x N result. A fused activation may follow.

    ```mlir
    %y = modelc.gemm %a, %b, %c {transB = true} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = !con((ins Modelc_Tensor:$a, Modelc_Tensor:$b,
                            Optional<Modelc_Tensor>:$c,
                            DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
                            DefaultValuedAttr<F32Attr, "1.0f">:$beta,
                            DefaultValuedAttr<BoolAttr, "false">:$transA,
                            DefaultValuedAttr<BoolAttr, "false">:$transB),
                       Modelc_FusedActivationArgs);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_MatMulOp : Modelc_Op<"matmul", [AttrSizedOperandSegments,
                                          Modelc_DynamicShapes]> {
  let summary = "ONNX MatMul (numpy matmul semantics) with a fused bias, "
                "residual and activation";
  let description = [{
    Batch dimensions broadcast; 1-D operands are promoted as in numpy. The
    optional `bias` (one value per column of the result, its last
    dimension) and `residual` (of the result's type) are set by the graph
    passes, never by the importer: the result is
    `act(a x b + bias + residual)`.

    ```mlir
    %y = modelc.matmul %a, %b : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
    %z = modelc.matmul %y, %w bias %c residual %y {activation = #modelc.activation<gelu_erf>} : (tensor<2x4x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
    ```
  }];
  let arguments = !con((ins Modelc_Tensor:$a, Modelc_Tensor:$b,
                            Optional<Modelc_Tensor>:$bias,
                            Optional<Modelc_Tensor>:$residual),
                       Modelc_FusedActivationArgs);
  let results = (outs Modelc_Tensor:$output);
  let assemblyFormat = [{
    $a `,` $b (`bias` $bias^)? (`residual` $residual^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Modelc_DetOp : Modelc_Op<"det"> {
  let summary = "ONNX Det: the determinants of square matrices";
  let description = [{
    The input's last two dimensions are square matrices; the result has the
    leading (batch) dimensions. Computed by Gaussian elimination with
    partial pivoting.

    ```mlir
    %d = modelc.det %x : (tensor<3x4x4xf32>) -> tensor<3xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input);
  let results = (outs Modelc_FloatTensor:$output);
  let hasVerifier = 1;
}

def Modelc_EinsumOp : Modelc_Op<"einsum"> {
  let summary = "ONNX Einsum: a sum of products in Einstein notation";
  let description = [{
    `equation` is ONNX's (numpy's) notation, e.g. `bij,bjk->bik`; a term
    may start with `...` for broadcast leading dimensions, a label repeated
    within a term takes a diagonal, and without `->` the output holds the
    labels seen once, in alphabetical order. Labels missing from the output
    are summed over.

    ```mlir
    %y = modelc.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Variadic<Modelc_Tensor>:$inputs, StrAttr:$equation);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The parsed equation: the labels of each input and of the output,
    /// with `...` expanded to as many dimensions as the operands need
    /// (labels 0..E-1, all other labels >= 256). Failure on a malformed
    /// equation or one that does not fit the operands' ranks.
    ::mlir::FailureOr<std::pair<
        ::llvm::SmallVector<::llvm::SmallVector<int64_t>>,
        ::llvm::SmallVector<int64_t>>>
    parseEquation();
  }];
}

def Modelc_AttentionOp : Modelc_Op<"attention", [Modelc_DynamicShapes]> {
  let summary = "Scaled dot-product attention: softmax(scale * q k + mask) v";
  let description = [{
    `softmax(scale * matmul(q, k) + mask, last axis)` multiplied by `v`,
    made by modelc-fuse-attention from the MatMul, scaling, mask Add,
    Softmax and MatMul that exporters write. `k` is the key already
    transposed (the second operand of the first MatMul: `[..., K, N]`), `q`
    is `[..., M, K]`, `v` is `[..., N, D]` and the result `[..., M, D]`;
    the batch dimensions of the three are the same, and the optional
    `mask` broadcasts (numpy rules) to the scores `[..., M, N]`. The code
    generation computes the scores a few rows at a time, so that neither
    the scores nor the probabilities are stored whole.

    ```mlir
    %o = modelc.attention %q, %k, %v {scale = 0.125 : f32} : (tensor<12x197x64xf32>, tensor<12x64x197xf32>, tensor<12x197x64xf32>) -> tensor<12x197x64xf32>
    %p = modelc.attention %q, %k, %v mask %m : (tensor<4x8x16xf32>, tensor<4x16x8xf32>, tensor<4x8x16xf32>, tensor<8x8xf32>) -> tensor<4x8x16xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$q, Modelc_FloatTensor:$k,
                       Modelc_FloatTensor:$v,
                       Optional<Modelc_FloatTensor>:$mask,
                       DefaultValuedAttr<F32Attr, "1.0f">:$scale);
  let results = (outs Modelc_FloatTensor:$output);
  let assemblyFormat = [{
    $q `,` $k `,` $v (`mask` $mask^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Modelc_SoftmaxOp : Modelc_Op<"softmax", [SameOperandsAndResultType, Modelc_DynamicShapes]> {
  let summary = "ONNX Softmax (opset 13 semantics: along one axis)";
  let description = [{
    ```mlir
    %y = modelc.softmax %x {axis = -1 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input,
                       DefaultValuedAttr<Modelc_I64Attr, "-1">:$axis);
  let results = (outs Modelc_FloatTensor:$output);
}

def Modelc_LogSoftmaxOp : Modelc_Op<"log_softmax", [SameOperandsAndResultType, Modelc_DynamicShapes]> {
  let summary = "ONNX LogSoftmax (opset 13 semantics: along one axis)";
  let description = [{
    ```mlir
    %y = modelc.log_softmax %x {axis = -1 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input,
                       DefaultValuedAttr<Modelc_I64Attr, "-1">:$axis);
  let results = (outs Modelc_FloatTensor:$output);
}

def Modelc_LayerNormalizationOp : Modelc_Op<"layer_normalization", [Modelc_DynamicShapes]> {
  let summary = "ONNX LayerNormalization";
  let description = [{
    Normalizes over the axes from `axis` to the last, then scales and adds
    the optional bias. The `mean` and `inv_std_dev` results (ONNX's
    optional outputs) keep the normalized axes with size 1.

    ```mlir
    %y, %mean, %inv = modelc.layer_normalization %x, %s, %b {axis = -1 : i64, epsilon = 1.0e-05 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input, Modelc_FloatTensor:$scale,
                       Optional<Modelc_FloatTensor>:$bias,
                       DefaultValuedAttr<Modelc_I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon);
  let results = (outs Modelc_FloatTensor:$output,
                      Modelc_FloatTensor:$mean,
                      Modelc_FloatTensor:$inv_std_dev);
}

def Modelc_InstanceNormalizationOp : Modelc_Op<"instance_normalization", [Modelc_DynamicShapes]> {
  let summary = "ONNX InstanceNormalization";
  let description = [{
    Normalizes each channel of each batch item over its spatial axes, then
    applies the per-channel `scale` and `bias`.

    ```mlir
    %y = modelc.instance_normalization %x, %s, %b {epsilon = 1.0e-05 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input, Modelc_FloatTensor:$scale,
                       Modelc_FloatTensor:$bias,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon);
  let results = (outs Modelc_FloatTensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def Modelc_LRNOp : Modelc_Op<"lrn", [SameOperandsAndResultType, Modelc_DynamicShapes]> {
  let summary = "ONNX LRN: local response normalization across channels";
  let description = [{
    `y = x / (bias + alpha / size * sum(x[c']^2))^beta` over the `size`
    channels around each channel.

    ```mlir
    %y = modelc.lrn %x {size = 3 : i64} : tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input, Modelc_I64Attr:$size,
                       DefaultValuedAttr<F32Attr, "0.0001f">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.75f">:$beta,
                       DefaultValuedAttr<F32Attr, "1.0f">:$bias);
  let results = (outs Modelc_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Modelc_HardmaxOp : Modelc_Op<"hardmax", [SameOperandsAndResultType, Modelc_DynamicShapes]> {
  let summary = "ONNX Hardmax (opset 13 semantics: along one axis)";
  let description = [{
    1 at the first maximum along `axis`, 0 elsewhere.

    ```mlir
    %y = modelc.hardmax %x {axis = -1 : i64} : tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input,
                       DefaultValuedAttr<Modelc_I64Attr, "-1">:$axis);
  let results = (outs Modelc_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Modelc_ResizeOp : Modelc_Op<"resize", [AttrSizedOperandSegments, Modelc_DynamicShapes]> {
  let summary = "ONNX Resize and Upsample: nearest, N-linear or N-cubic";
  let description = [{
    Resizes every axis of `input` to the size of the result's. Each axis
    is interpolated on its own: output position `x` maps to the input
    coordinate given by `coordinate_transformation_mode` (ONNX's formulas;
    `tf_half_pixel_for_nn` is `(x + 0.5) / scale`), where `scale` is the
    axis's element of `scales` (read at run time: ONNX's `scales` input)
    or, without `scales`, `result size / input size` (ONNX's `sizes`
    input, which the result type holds). As in ONNX's reference
    implementation, the resized length in the formulas of `align_corners`,
    `pytorch_half_pixel` and `tf_crop_and_resize` is `scale * input size`,
    which may not be an integer; coordinates are computed in f64. `roi`
    holds the normalized start of each axis then its end and is used by
    `tf_crop_and_resize` only (the whole axis when absent); positions that
    mode maps outside the input take `extrapolation_value`.

    `nearest` takes one element, rounded by `nearest_mode`; `linear` and
    `cubic` weight the 2 or 4 nearest elements (`cubic_coeff_a`; with
    `exclude_outside` the weights of positions outside the input are
    dropped and the others renormalized). Neighbours outside the input
    repeat its edge. The importer maps Upsample and Resize-10 to
    `asymmetric` coordinates with `floor` rounding.

    Dimensions may be dynamic. A dynamic result dimension is
    `floor(input size * scale)` with `scales`; without them it is the
    axis's element of `sizes` (ONNX's `sizes` input when it is not a
    constant: the importer passes it only then). A dynamic input size is
    read at run time, and an axis whose scale is a constant 1 is left out
    as with static sizes.

    ```mlir
    %y = modelc.resize %x scales %s {mode = "linear"} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
    %z = modelc.resize %x {coordinate_transformation_mode = "asymmetric", mode = "nearest"} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x6xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       Optional<RankedTensorOf<[F32]>>:$scales,
                       Optional<Modelc_FloatTensor>:$roi,
                       Optional<RankedTensorOf<[I64]>>:$sizes,
                       DefaultValuedAttr<StrAttr, "\"nearest\"">:$mode,
                       DefaultValuedAttr<StrAttr, "\"half_pixel\"">:
                           $coordinate_transformation_mode,
                       DefaultValuedAttr<StrAttr, "\"round_prefer_floor\"">:
                           $nearest_mode,
                       DefaultValuedAttr<F32Attr, "-0.75f">:$cubic_coeff_a,
                       DefaultValuedAttr<BoolAttr, "false">:$exclude_outside,
                       DefaultValuedAttr<F32Attr, "0.0f">:$extrapolation_value);
  let results = (outs Modelc_Tensor:$output);
  let assemblyFormat = [{
    $input (`scales` $scales^)? (`roi` $roi^)? (`sizes` $sizes^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Modelc_GridSampleOp : Modelc_Op<"grid_sample"> {
  let summary = "ONNX GridSample: samples an image at the positions of a grid";
  let description = [{
    `input` is N x C x H x W and `grid` N x Ho x Wo x 2: for each output
    position the (x, y) coordinates to sample, normalized so that -1 and 1
    are the centres of the corner pixels with `align_corners`, else the
    outer edges of the corner pixels. The result is N x C x Ho x Wo.

    `mode` "bilinear" weights the 2 x 2 nearest pixels, "nearest" takes the
    nearest one (coordinates rounded half to even, as PyTorch), "bicubic"
    weights 4 x 4 pixels (Keys' cubic convolution, a = -0.75).
    `padding_mode` says what the pixels outside the input that the
    interpolation reads hold: "zeros" 0; "border" the nearest edge pixel;
    "reflection" the pixel reflected at the borders (the centres of the
    edge pixels with `align_corners`, else their outer edges), repeatedly.
    As PyTorch and ONNX Runtime, the padding applies to each pixel read,
    not to the sampled coordinate (ONNX's Python reference first clamps or
    reflects the coordinate, which differs for bicubic with border or
    reflection padding).

    ```mlir
    %y = modelc.grid_sample %x, %g {mode = "bicubic", padding_mode = "border"} : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input, Modelc_FloatTensor:$grid,
                       DefaultValuedAttr<StrAttr, "\"bilinear\"">:$mode,
                       DefaultValuedAttr<StrAttr, "\"zeros\"">:$padding_mode,
                       DefaultValuedAttr<BoolAttr, "false">:$align_corners);
  let results = (outs Modelc_FloatTensor:$output);
  let hasVerifier = 1;
}

def Modelc_RoiAlignOp : Modelc_Op<"roi_align"> {
  let summary = "ONNX RoiAlign: pools regions of interest by bilinear sampling";
  let description = [{
    `input` is N x C x H x W, `rois` R x 4 (x1, y1, x2, y2 per region, in
    input coordinates before `spatial_scale`) and `batch_indices` R (the
    image of each region). The result is R x C x Ho x Wo: each region is
    divided into Ho x Wo bins, and each bin samples a grid of
    `sampling_ratio` x `sampling_ratio` points (when 0: ceil(region size /
    bins) points per axis, per region) by bilinear interpolation, then
    averages them (`mode` "avg") or takes their maximum ("max"; each
    sample being the largest of its four weighted pixels, as ONNX's
    reference and ONNX Runtime compute it). With
    `coordinate_transformation_mode` "half_pixel" the region is shifted by
    -0.5 pixel; "output_half_pixel" (RoiAlign-10) does not shift it and
    makes it at least 1 x 1 pixel. Samples more than one pixel outside
    the input are 0; others are clamped to the edge.

    ```mlir
    %y = modelc.roi_align %x, %rois, %b {mode = "max", sampling_ratio = 2 : i64} : (tensor<1x3x10x10xf32>, tensor<4x4xf32>, tensor<4xi64>) -> tensor<4x3x5x5xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input, Modelc_FloatTensor:$rois,
                       Modelc_IndexTensor:$batch_indices,
                       DefaultValuedAttr<StrAttr, "\"avg\"">:$mode,
                       DefaultValuedAttr<StrAttr, "\"half_pixel\"">:
                           $coordinate_transformation_mode,
                       DefaultValuedAttr<Modelc_I64Attr, "0">:$sampling_ratio,
                       DefaultValuedAttr<F32Attr, "1.0f">:$spatial_scale);
  let results = (outs Modelc_FloatTensor:$output);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Recurrent ops
//===----------------------------------------------------------------------===//

/// "forward", "reverse" or "bidirectional".
def Modelc_RecurrentDirectionAttr : ConfinedAttr<StrAttr, [AttrConstraint<
    CPred<"::llvm::is_contained(::llvm::ArrayRef<::llvm::StringRef>{"
          "\"forward\", \"reverse\", \"bidirectional\"}, "
          "::llvm::cast<::mlir::StringAttr>($_self).getValue())">,
    "\"forward\", \"reverse\" or \"bidirectional\"">]>;

/// Operands and attributes common to RNN, GRU and LSTM.
defvar Modelc_RecurrentOperands = (ins Modelc_FloatTensor:$x,
    Modelc_FloatTensor:$w, Modelc_FloatTensor:$r,
    Optional<Modelc_FloatTensor>:$b,
    Optional<RankedTensorOf<[I32, I64]>>:$sequence_lens,
    Optional<Modelc_FloatTensor>:$initial_h);
defvar Modelc_RecurrentAttrs = (ins Modelc_I64Attr:$hidden_size,
    DefaultValuedAttr<Modelc_RecurrentDirectionAttr, "\"forward\"">:$direction,
    OptionalAttr<StrArrayAttr>:$activations,
    OptionalAttr<DenseF32ArrayAttr>:$activation_alpha,
    OptionalAttr<DenseF32ArrayAttr>:$activation_beta,
    OptionalAttr<F32Attr>:$clip);

/// ONNX RNN, GRU and LSTM (inference). GATES is the number of gates (the
/// blocks of rows of W and R), ACTIVATIONS the number of activation
/// functions per direction, DEFAULTS their default names.
class Modelc_RecurrentOp<string mnemonic, string onnxName, int gates,
                         int activations, string defaults>
    : Modelc_Op<mnemonic, [AttrSizedOperandSegments, Modelc_DynamicShapes]> {
  let summary = "ONNX " # onnxName # " (one layer, inference)";
  let results = !if(!eq(onnxName, "LSTM"),
      (outs Modelc_FloatTensor:$y, Modelc_FloatTensor:$y_h,
            Modelc_FloatTensor:$y_c),
      (outs Modelc_FloatTensor:$y, Modelc_FloatTensor:$y_h));
  let hasVerifier = 1;
  code recurrentClassDeclaration = [{
    /// The number of gates: the blocks of rows of W and R.
    static constexpr int64_t kNumGates = }] # gates # [{;
    /// The number of activation functions of one direction.
    static constexpr int64_t kNumActivations = }] # activations # [{;
    /// 2 for a bidirectional op, else 1.
    int64_t getNumDirections() {
      return getDirection() == "bidirectional" ? 2 : 1;
    }
    /// Activation I of direction D, with its alpha and beta: the op's
    /// attributes or ONNX's defaults (}] # defaults # [{).
    ::mlir::modelc::RecurrentActivation getActivation(int64_t d, int64_t i) {
      return ::mlir::modelc::getRecurrentActivation(
          getActivationsAttr(), getActivationAlpha(), getActivationBeta(),
          {}] # defaults # [{}, d * kNumActivations + i, i);
    }
  }];
  let extraClassDeclaration = recurrentClassDeclaration;
  let assemblyFormat = [{
    $x `,` $w `,` $r (`bias` $b^)? (`sequence_lens` $sequence_lens^)?
    (`initial_h` $initial_h^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Modelc_RNNOp : Modelc_RecurrentOp<"rnn", "RNN", 1, 1, "\"Tanh\""> {
  let description = [{
    ONNX's `RNN`: `Ht = f(Xt*(Wi^T) + Ht-1*(Ri^T) + Wbi + Rbi)`.

    `x` is [seq_length, batch_size, input_size] (the importer transposes
    ONNX's batch-first `layout = 1`), `w` [num_directions, hidden_size,
    input_size], `r` [num_directions, hidden_size, hidden_size], the
    optional `b` [num_directions, 2*hidden_size] (Wb then Rb),
    `sequence_lens` [batch_size] and `initial_h` [num_directions,
    batch_size, hidden_size]. The results are `y` [seq_length,
    num_directions, batch_size, hidden_size], every hidden state, and `y_h`
    [num_directions, batch_size, hidden_size], the last one.

    A batch item's steps past its `sequence_lens` leave its state unchanged
    and give zeros in `y`; the reverse direction starts at its last valid
    step. `activations` names one function per direction (ONNX's names:
    Relu, Tanh, Sigmoid, Affine, LeakyRelu, ThresholdedRelu, ScaledTanh,
    HardSigmoid, Elu, Softsign, Softplus; default Tanh), with one
    `activation_alpha` and `activation_beta` per function (absent: ONNX's
    defaults). `clip` bounds the inputs of the activations to
    [-clip, clip].

    ```mlir
    %y, %y_h = modelc.rnn %x, %w, %r bias %b {hidden_size = 4 : i64} : (tensor<3x2x5xf32>, tensor<1x4x5xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
    ```
  }];
  let arguments = !con(Modelc_RecurrentOperands, Modelc_RecurrentAttrs);
}

def Modelc_GRUOp
    : Modelc_RecurrentOp<"gru", "GRU", 3, 2, "\"Sigmoid\", \"Tanh\""> {
  let description = [{
    ONNX's `GRU`, gates in the order z (update), r (reset), h (hidden):

    ```
    zt = f(Xt*(Wz^T) + Ht-1*(Rz^T) + Wbz + Rbz)
    rt = f(Xt*(Wr^T) + Ht-1*(Rr^T) + Wbr + Rbr)
    ht = g(Xt*(Wh^T) + (rt (.) Ht-1)*(Rh^T) + Rbh + Wbh)   # linear_before_reset = false
    ht = g(Xt*(Wh^T) + (rt (.) (Ht-1*(Rh^T) + Rbh)) + Wbh) # linear_before_reset = true
    Ht = (1 - zt) (.) ht + zt (.) Ht-1
    ```

    Operands, results, `sequence_lens`, `activations` (two per direction:
    f and g, default Sigmoid and Tanh) and `clip` are as in `modelc.rnn`,
    with three gates' blocks of rows in `w`, `r` and `b`.

    ```mlir
    %y, %y_h = modelc.gru %x, %w, %r {hidden_size = 4 : i64, linear_before_reset = true} : (tensor<3x2x5xf32>, tensor<1x12x5xf32>, tensor<1x12x4xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
    ```
  }];
  let arguments = !con(Modelc_RecurrentOperands, Modelc_RecurrentAttrs,
      (ins DefaultValuedAttr<BoolAttr, "false">:$linear_before_reset));
}

def Modelc_LSTMOp : Modelc_RecurrentOp<"lstm", "LSTM", 4, 3,
                                       "\"Sigmoid\", \"Tanh\", \"Tanh\""> {
  let description = [{
    ONNX's `LSTM`, gates in the order i (input), o (output), f (forget),
    c (cell):

    ```
    it = f(Xt*(Wi^T) + Ht-1*(Ri^T) + Pi (.) Ct-1 + Wbi + Rbi)
    ft = f(Xt*(Wf^T) + Ht-1*(Rf^T) + Pf (.) Ct-1 + Wbf + Rbf)  # 1 - it with input_forget
    ct = g(Xt*(Wc^T) + Ht-1*(Rc^T) + Wbc + Rbc)
    Ct = ft (.) Ct-1 + it (.) ct
    ot = f(Xt*(Wo^T) + Ht-1*(Ro^T) + Po (.) Ct + Wbo + Rbo)
    Ht = ot (.) h(Ct)
    ```

    Operands and results are as in `modelc.rnn`, with four gates' blocks of
    rows in `w`, `r` and `b`, plus the optional `initial_c` [num_directions,
    batch_size, hidden_size] and peepholes `p` [num_directions,
    3*hidden_size] (Pi, Po, Pf), and the last cell state `y_c`.
    `activations` has three per direction (f, g, h; default Sigmoid, Tanh,
    Tanh). As in ONNX Runtime, `clip` bounds the inputs of f and g, not
    the cell state given to h.

    ```mlir
    %y, %y_h, %y_c = modelc.lstm %x, %w, %r initial_h %h initial_c %c {hidden_size = 4 : i64} : (tensor<3x2x5xf32>, tensor<1x16x5xf32>, tensor<1x16x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
    ```
  }];
  let arguments = !con(Modelc_RecurrentOperands,
      (ins Optional<Modelc_FloatTensor>:$initial_c,
           Optional<Modelc_FloatTensor>:$p),
      Modelc_RecurrentAttrs,
      (ins DefaultValuedAttr<BoolAttr, "false">:$input_forget));
  let assemblyFormat = [{
    $x `,` $w `,` $r (`bias` $b^)? (`sequence_lens` $sequence_lens^)?
    (`initial_h` $initial_h^)? (`initial_c` $initial_c^)? (`peepholes` $p^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Modelc_ReduceOp<string mnemonic, string onnxName>
    : Modelc_Op<mnemonic, [Modelc_DynamicShapes]> {
  let summary = "ONNX " # onnxName;
  let description = [{
    Reduces over `axes` (all axes when empty, unless
    `noop_with_empty_axes`); `keepdims` keeps them with size 1. The importer
    turns opset 13/18's `axes` input into the attribute when it is a
    constant.

    ```mlir
    %y = modelc.}] # mnemonic # [{ %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x8xf32>) -> tensor<2x1xf32>
    ```

    Axes known only at run time come as the 1-D i64 operand `dynamic_axes`
    (non-empty; the `axes` attribute is then empty). The input and result
    shapes must be static: the axis sets of that length which turn the
    input shape into the result shape are the candidates, the lowering
    computes the reduction for the one the run-time axes name, and a
    run-time check reports axes that are out of range, repeated or not a
    candidate (they would give another shape).

    ```mlir
    %y = modelc.}] # mnemonic # [{ %x, %axes {keepdims = false} : (tensor<3x2x2xf32>, tensor<1xi64>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       Optional<RankedTensorOf<[I64]>>:$dynamic_axes,
                       DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                       DefaultValuedAttr<BoolAttr, "false">:$noop_with_empty_axes);
  let results = (outs Modelc_Tensor:$output);
  let builders = [
    // Axes known at compile time.
    OpBuilder<(ins "Type":$output, "Value":$input, "DenseI64ArrayAttr":$axes,
                   "BoolAttr":$keepdims, "BoolAttr":$noop_with_empty_axes), [{
      build($_builder, $_state, output, input, /*dynamic_axes=*/Value(), axes,
            keepdims, noop_with_empty_axes);
    }]>
  ];
  let hasVerifier = 1;
}

def Modelc_ReduceMaxOp : Modelc_ReduceOp<"reduce_max", "ReduceMax">;
def Modelc_ReduceMeanOp : Modelc_ReduceOp<"reduce_mean", "ReduceMean">;
def Modelc_ReduceMinOp : Modelc_ReduceOp<"reduce_min", "ReduceMin">;
def Modelc_ReduceProdOp : Modelc_ReduceOp<"reduce_prod", "ReduceProd">;
def Modelc_ReduceSumOp : Modelc_ReduceOp<"reduce_sum", "ReduceSum">;
def Modelc_ReduceSumSquareOp
    : Modelc_ReduceOp<"reduce_sum_square", "ReduceSumSquare">;
def Modelc_ReduceL1Op : Modelc_ReduceOp<"reduce_l1", "ReduceL1">;
def Modelc_ReduceL2Op : Modelc_ReduceOp<"reduce_l2", "ReduceL2">;
def Modelc_ReduceLogSumOp : Modelc_ReduceOp<"reduce_log_sum", "ReduceLogSum">;
def Modelc_ReduceLogSumExpOp
    : Modelc_ReduceOp<"reduce_log_sum_exp", "ReduceLogSumExp">;

class Modelc_ArgReduceOp<string mnemonic, string onnxName>
    : Modelc_Op<mnemonic, [Modelc_DynamicShapes]> {
  let summary = "ONNX " # onnxName # ": index of the extreme along an axis";
  let description = [{
    ```mlir
    %i = modelc.}] # mnemonic # [{ %x {axis = 1 : i64, keepdims = true} : (tensor<2x8xf32>) -> tensor<2x1xi64>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       DefaultValuedAttr<Modelc_I64Attr, "0">:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                       DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$output);
}

def Modelc_ArgMaxOp : Modelc_ArgReduceOp<"arg_max", "ArgMax">;
def Modelc_ArgMinOp : Modelc_ArgReduceOp<"arg_min", "ArgMin">;

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

def Modelc_ReshapeOp : Modelc_Op<"reshape", [Modelc_DynamicShapes,
                                        Modelc_StringElements]> {
  let summary = "ONNX Reshape";
  let description = [{
    `shape` is a 1-D i64 tensor; 0 copies the input's dimension (unless
    `allowzero`) and -1 is inferred. Folds when the input is constant.

    ```mlir
    %y = modelc.reshape %x, %s : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$data, RankedTensorOf<[I64]>:$shape,
                       DefaultValuedAttr<BoolAttr, "false">:$allowzero);
  let results = (outs Modelc_Tensor:$output);
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Modelc_FlattenOp : Modelc_Op<"flatten", [Modelc_DynamicShapes,
                                        Modelc_StringElements]> {
  let summary = "ONNX Flatten: to 2-D, splitting the axes at `axis`";
  let description = [{
    ```mlir
    %y = modelc.flatten %x {axis = 1 : i64} : (tensor<1x8x2x2xf32>) -> tensor<1x32xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       DefaultValuedAttr<Modelc_I64Attr, "1">:$axis);
  let results = (outs Modelc_Tensor:$output);
  let hasFolder = 1;
}

def Modelc_SqueezeOp : Modelc_Op<"squeeze", [Modelc_DynamicShapes,
                                        Modelc_StringElements]> {
  let summary = "ONNX Squeeze: removes size-1 axes";
  let description = [{
    Where ONNX's axes are data (known only at run time, the input and
    result shapes being static), they are the optional `runtime_axes`
    operand and `axes` is one set of axes the types allow: the lowering
    checks that the run-time axes, in range and without repeats, are one
    of the sets the types allow.

    ```mlir
    %y = modelc.squeeze %x {axes = array<i64: 0>} : (tensor<1x8xf32>) -> tensor<8xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       Optional<RankedTensorOf<[I64]>>:$runtime_axes,
                       DenseI64ArrayAttr:$axes);
  let results = (outs Modelc_Tensor:$output);
  let builders = [
    OpBuilder<(ins "Type":$type, "Value":$input, "DenseI64ArrayAttr":$axes),
              [{ build($_builder, $_state, type, input, Value(), axes); }]>
  ];
  let hasFolder = 1;
}

def Modelc_UnsqueezeOp : Modelc_Op<"unsqueeze", [Modelc_DynamicShapes,
                                        Modelc_StringElements]> {
  let summary = "ONNX Unsqueeze: inserts size-1 axes";
  let description = [{
    Where ONNX's axes are data (known only at run time, the input and
    result shapes being static), they are the optional `runtime_axes`
    operand and `axes` is one set of axes the types allow: the lowering
    checks that the run-time axes, in range and without repeats, are one
    of the sets the types allow.

    ```mlir
    %y = modelc.unsqueeze %x {axes = array<i64: 0>} : (tensor<8xf32>) -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       Optional<RankedTensorOf<[I64]>>:$runtime_axes,
                       DenseI64ArrayAttr:$axes);
  let results = (outs Modelc_Tensor:$output);
  let builders = [
    OpBuilder<(ins "Type":$type, "Value":$input, "DenseI64ArrayAttr":$axes),
              [{ build($_builder, $_state, type, input, Value(), axes); }]>
  ];
  let hasFolder = 1;
}

def Modelc_TransposeOp : Modelc_Op<"transpose", [Modelc_DynamicShapes,
                                        Modelc_StringElements]> {
  let summary = "ONNX Transpose";
  let description = [{
    ```mlir
    %y = modelc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Modelc_ConcatOp : Modelc_Op<"concat", [Modelc_DynamicShapes,
                                        Modelc_StringElements]> {
  let summary = "ONNX Concat";
  let description = [{
    ```mlir
    %y = modelc.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
    ```
  }];
  let arguments = (ins Variadic<Modelc_Tensor>:$inputs, Modelc_I64Attr:$axis);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Modelc_SplitOp : Modelc_Op<"split", [Modelc_DynamicShapes]> {
  let summary = "ONNX Split into pieces of the given sizes along an axis";
  let description = [{
    `sizes` are the pieces' sizes along the axis. Where ONNX's split is
    data (a tensor known only at run time, the sizes then being the
    results' declared ones), it is the optional `split` operand, which the
    lowering checks against `sizes`.

    ```mlir
    %a, %b = modelc.split %x {axis = 1 : i64, sizes = array<i64: 2, 3>} : (tensor<1x5xf32>) -> (tensor<1x2xf32>, tensor<1x3xf32>)
    %c, %d = modelc.split %x, %s {axis = 1 : i64, sizes = array<i64: 2, 3>} : (tensor<1x5xf32>, tensor<2xi64>) -> (tensor<1x2xf32>, tensor<1x3xf32>)
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       Optional<RankedTensorOf<[I64]>>:$split,
                       Modelc_I64Attr:$axis, DenseI64ArrayAttr:$sizes);
  let results = (outs Variadic<Modelc_Tensor>:$outputs);
  let hasVerifier = 1;
}

def Modelc_SliceOp : Modelc_Op<"slice", [Modelc_DynamicShapes,
                                        Modelc_StringElements]> {
  let summary = "ONNX Slice (opset 10+: starts/ends/axes/steps as inputs)";
  let description = [{
    ```mlir
    %y = modelc.slice %x, %starts, %ends, %axes, %steps : (tensor<8xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$data, Modelc_IndexTensor:$starts,
                       Modelc_IndexTensor:$ends, Modelc_IndexTensor:$axes,
                       Modelc_IndexTensor:$steps);
  let results = (outs Modelc_Tensor:$output);
  let hasFolder = 1;
}

def Modelc_GatherOp : Modelc_Op<"gather", [Modelc_DynamicShapes,
                                        Modelc_StringElements]> {
  let summary = "ONNX Gather along one axis";
  let description = [{
    Negative indices count from the end of the axis.

    ```mlir
    %y = modelc.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$data, Modelc_IndexTensor:$indices,
                       DefaultValuedAttr<Modelc_I64Attr, "0">:$axis);
  let results = (outs Modelc_Tensor:$output);
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Modelc_ShapeOp : Modelc_Op<"shape", [Modelc_DynamicShapes]> {
  let summary = "ONNX Shape: the input's dimensions [start, end) as i64";
  let description = [{
    Folds to a constant when those dimensions are static.

    ```mlir
    %s = modelc.shape %x : (tensor<2x3xf32>) -> tensor<2xi64>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       DefaultValuedAttr<Modelc_I64Attr, "0">:$start,
                       OptionalAttr<Modelc_I64Attr>:$end);
  let results = (outs RankedTensorOf<[I64]>:$output);
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// [start, end) clamped to the input's rank, negative axes resolved.
    std::pair<int64_t, int64_t> getDimRange();
    /// The input's dimensions in that range (kDynamic where dynamic).
    ::llvm::SmallVector<int64_t> getSelectedDims();
  }];
}

def Modelc_ExpandOp : Modelc_Op<"expand", [Modelc_DynamicShapes]> {
  let summary = "ONNX Expand: broadcasts the input to `shape`";
  let description = [{
    ```mlir
    %y = modelc.expand %x, %s : (tensor<1x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, RankedTensorOf<[I64]>:$shape);
  let results = (outs Modelc_Tensor:$output);
}

def Modelc_ConstantOfShapeOp : Modelc_Op<"constant_of_shape", [Modelc_DynamicShapes]> {
  let summary = "ONNX ConstantOfShape";
  let description = [{
    ```mlir
    %y = modelc.constant_of_shape %s {value = dense<0.0> : tensor<1xf32>} : (tensor<2xi64>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I64]>:$shape, ElementsAttr:$value);
  let results = (outs Modelc_Tensor:$output);
  let hasFolder = 1;
}

def Modelc_PadOp : Modelc_Op<"pad", [Modelc_DynamicShapes]> {
  let summary = "ONNX Pad (constant, reflect, edge)";
  let description = [{
    `pads` is a 1-D i64 tensor of begin pads then end pads; the optional
    `constant_value` is a scalar.

    ```mlir
    %y = modelc.pad %x, %p, %v {mode = "constant"} : (tensor<2x2xf32>, tensor<4xi64>, tensor<f32>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$data, RankedTensorOf<[I64]>:$pads,
                       Optional<Modelc_Tensor>:$constant_value,
                       DefaultValuedAttr<StrAttr, "\"constant\"">:$mode);
  let results = (outs Modelc_Tensor:$output);
}

def Modelc_TileOp : Modelc_Op<"tile", [Modelc_DynamicShapes]> {
  let summary = "ONNX Tile";
  let description = [{
    ```mlir
    %y = modelc.tile %x, %r : (tensor<2x2xf32>, tensor<2xi64>) -> tensor<4x2xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, RankedTensorOf<[I64]>:$repeats);
  let results = (outs Modelc_Tensor:$output);
}

def Modelc_RangeOp : Modelc_Op<"range", [Modelc_DynamicShapes]> {
  let summary = "ONNX Range: start, start + delta, ... up to limit";
  let description = [{
    The length is max(ceil((limit - start) / delta), 0), computed at run
    time from the scalar operands. A dynamic result dimension takes it; a
    static one (constant operands, or the model's declared output shape)
    is checked against it at run time (`modelc.check`).

    ```mlir
    %y = modelc.range %s, %l, %d : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<4xi64>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$start, Modelc_Tensor:$limit,
                       Modelc_Tensor:$delta);
  let results = (outs Modelc_Tensor:$output);
}

def Modelc_GatherElementsOp : Modelc_Op<"gather_elements", [Modelc_DynamicShapes]> {
  let summary = "ONNX GatherElements: picks one element per index along an axis";
  let description = [{
    The result has the indices' shape; each element is read from `data` at
    its own position with the coordinate along `axis` replaced by the index
    (for axis 1: `out[i][j][k] = data[i][indices[i][j][k]][k]`). Negative
    indices count from the end of the axis.

    ```mlir
    %y = modelc.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$data, Modelc_IndexTensor:$indices,
                       DefaultValuedAttr<Modelc_I64Attr, "0">:$axis);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_GatherNDOp : Modelc_Op<"gather_nd", [Modelc_DynamicShapes]> {
  let summary = "ONNX GatherND: gathers slices addressed by index tuples";
  let description = [{
    The last dimension q of `indices` holds tuples that address the
    dimensions `batch_dims` to `batch_dims + q - 1` of `data`; the first
    `batch_dims` dimensions of both are batch dimensions. The result has
    shape `indices.shape[:-1] + data.shape[batch_dims + q:]`. Negative
    indices count from the end of their dimension.

    ```mlir
    %y = modelc.gather_nd %x, %i : (tensor<4x5x6xf32>, tensor<2x2xi64>) -> tensor<2x6xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$data, Modelc_IndexTensor:$indices,
                       DefaultValuedAttr<Modelc_I64Attr, "0">:$batch_dims);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_ScatterElementsOp : Modelc_Op<"scatter_elements",
    [AllTypesMatch<["data", "output"]>, Modelc_DynamicShapes]> {
  let summary = "ONNX ScatterElements (and the deprecated Scatter)";
  let description = [{
    A copy of `data` where, for every position p of `indices` (which has
    the shape of `updates`), the element at p with its coordinate along
    `axis` replaced by `indices[p]` receives `updates[p]`. `reduction`
    ("none", "add", "mul", "max" or "min") combines the update with the
    element instead of replacing it. Updates apply in row-major order of
    p, so with duplicate indices and no reduction the last one wins.
    Negative indices count from the end of the axis.

    ```mlir
    %y = modelc.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"} : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$data, Modelc_IndexTensor:$indices,
                       Modelc_Tensor:$updates,
                       DefaultValuedAttr<Modelc_I64Attr, "0">:$axis,
                       DefaultValuedAttr<StrAttr, "\"none\"">:$reduction);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_ScatterNDOp : Modelc_Op<"scatter_nd",
    [AllTypesMatch<["data", "output"]>, Modelc_DynamicShapes]> {
  let summary = "ONNX ScatterND: writes slices addressed by index tuples";
  let description = [{
    A copy of `data` where, for every index tuple `indices[p]` (the last
    dimension of `indices`, q, is the tuple length), the slice of `data` at
    that tuple receives the slice `updates[p]`; `updates` has shape
    `indices.shape[:-1] + data.shape[q:]`. `reduction` ("none", "add",
    "mul", "max" or "min") combines instead of replacing. Updates apply in
    row-major order of p. Negative indices count from the end.

    ```mlir
    %y = modelc.scatter_nd %x, %i, %u {reduction = "mul"} : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$data, Modelc_IndexTensor:$indices,
                       Modelc_Tensor:$updates,
                       DefaultValuedAttr<StrAttr, "\"none\"">:$reduction);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_TriluOp : Modelc_Op<"trilu", [AllTypesMatch<["input", "output"]>, Modelc_DynamicShapes]> {
  let summary = "ONNX Trilu: the upper or lower triangle of the last two axes";
  let description = [{
    Keeps the elements at row i, column j with `j - i >= k` (`upper`) or
    `j - i <= k` (lower) and zeroes the others. The optional `k` is a
    scalar (0 when absent) that may be negative.

    ```mlir
    %y = modelc.trilu %x, %k {upper = false} : (tensor<4x5xf32>, tensor<i64>) -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       Optional<Modelc_IndexTensor>:$k,
                       DefaultValuedAttr<BoolAttr, "true">:$upper);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_CumSumOp : Modelc_Op<"cumsum", [AllTypesMatch<["input", "output"]>, Modelc_DynamicShapes]> {
  let summary = "ONNX CumSum: cumulative sum along an axis";
  let description = [{
    `axis` is a scalar (or one-element) integer tensor, possibly negative,
    known at compile time or only at run time. `exclusive` leaves the
    element itself out of its sum; `reverse` sums from the end.

    ```mlir
    %y = modelc.cumsum %x, %a {exclusive = true} : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, Modelc_IndexTensor:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$exclusive,
                       DefaultValuedAttr<BoolAttr, "false">:$reverse);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_OneHotOp : Modelc_Op<"one_hot"> {
  let summary = "ONNX OneHot";
  let description = [{
    Inserts an axis of size `depth` at `axis` (-1: last). An element of the
    result is `values[1]` where its coordinate along that axis equals the
    index (truncated to an integer; negative indices count from the end of
    the new axis) and `values[0]` elsewhere. `depth` is a scalar of any
    numeric type; the result type gives its value.

    ```mlir
    %y = modelc.one_hot %i, %d, %v {axis = -1 : i64} : (tensor<3xi64>, tensor<f32>, tensor<2xf32>) -> tensor<3x10xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$indices, Modelc_Tensor:$depth,
                       Modelc_Tensor:$values,
                       DefaultValuedAttr<Modelc_I64Attr, "-1">:$axis);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_EyeLikeOp : Modelc_Op<"eye_like", [Modelc_DynamicShapes]> {
  let summary = "ONNX EyeLike: ones on a diagonal of a 2-D tensor";
  let description = [{
    A 2-D tensor of the input's shape and the result's element type with
    ones at row i, column i + k and zeros elsewhere. Only the input's shape
    is used.

    ```mlir
    %y = modelc.eye_like %x {k = 1 : i64} : (tensor<4x5xi32>) -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input,
                       DefaultValuedAttr<Modelc_I64Attr, "0">:$k);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_SizeOp : Modelc_Op<"size", [Modelc_DynamicShapes]> {
  let summary = "ONNX Size: the number of elements, as an i64 scalar";
  let description = [{
    Folds to a constant when the input's shape is static.

    ```mlir
    %n = modelc.size %x : (tensor<3x4xf32>) -> tensor<i64>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input);
  let results = (outs 0DTensorOf<[I64]>:$output);
  let hasFolder = 1;
}

def Modelc_DepthToSpaceOp : Modelc_Op<"depth_to_space", [Modelc_DynamicShapes]> {
  let summary = "ONNX DepthToSpace: moves channel blocks into spatial blocks";
  let description = [{
    An N x C x H x W input becomes N x C/(b*b) x H*b x W*b, b being
    `blocksize`. `mode` "DCR" takes the block offset from the high part of
    the channel (depth, column, row), "CRD" from the low part.

    ```mlir
    %y = modelc.depth_to_space %x {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, Modelc_I64Attr:$blocksize,
                       DefaultValuedAttr<StrAttr, "\"DCR\"">:$mode);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_SpaceToDepthOp : Modelc_Op<"space_to_depth", [Modelc_DynamicShapes]> {
  let summary = "ONNX SpaceToDepth: moves spatial blocks into channels";
  let description = [{
    An N x C x H x W input becomes N x C*b*b x H/b x W/b, b being
    `blocksize`; the block offset is the high part of the output channel
    (the inverse of DepthToSpace in DCR mode).

    ```mlir
    %y = modelc.space_to_depth %x {blocksize = 2 : i64} : (tensor<1x1x4x6xf32>) -> tensor<1x4x2x3xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, Modelc_I64Attr:$blocksize);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_TopKOp : Modelc_Op<"top_k", [Modelc_DynamicShapes]> {
  let summary = "ONNX TopK: the k largest (or smallest) elements along an axis";
  let description = [{
    `k` is a one-element i64 tensor; the results' size along `axis` is k,
    so a k known only at run time is taken from the result type. `values`
    holds the elements in order (largest first, or smallest first unless
    `largest`), `indices` their positions along the axis; equal elements
    keep the order of their positions. The order is always sorted, which
    `sorted = false` allows.

    ```mlir
    %v, %i = modelc.top_k %x, %k {axis = 1 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x3xf32>, tensor<3x3xi64>)
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, RankedTensorOf<[I64]>:$k,
                       DefaultValuedAttr<Modelc_I64Attr, "-1">:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$largest,
                       DefaultValuedAttr<BoolAttr, "true">:$sorted);
  let results = (outs Modelc_Tensor:$values, RankedTensorOf<[I64]>:$indices);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Selection: results sized by a count of selected elements
//===----------------------------------------------------------------------===//

def Modelc_NonZeroOp : Modelc_Op<"non_zero", [Modelc_DynamicShapes]> {
  let summary = "ONNX NonZero: the coordinates of the non-zero elements";
  let description = [{
    The result is `rank x count` (i64): column j holds the coordinates of
    the j-th non-zero element in row-major order. The count depends on the
    values: a dynamic result dimension takes it, a static one (the model's
    declared output shape) is checked against it at run time.

    ```mlir
    %i = modelc.non_zero %x : (tensor<2x2xf32>) -> tensor<2x?xi64>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input);
  let results = (outs RankedTensorOf<[I64]>:$output);
  let hasVerifier = 1;
}

def Modelc_CompressOp : Modelc_Op<"compress", [Modelc_DynamicShapes]> {
  let summary = "ONNX Compress: the slices along an axis where a condition holds";
  let description = [{
    Keeps, in order, the slices of `input` along `axis` whose entry in the
    1-D `condition` is true; a condition shorter than the axis drops the
    slices past its end. Without `axis` the input is flattened first. The
    result's size along the axis is the number of true entries: dynamic, or
    checked at run time against a static result type.

    ```mlir
    %y = modelc.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<?x2xf32>
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, Modelc_BoolTensor:$condition,
                       OptionalAttr<Modelc_I64Attr>:$axis);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_UniqueOp : Modelc_Op<"unique", [Modelc_DynamicShapes]> {
  let summary = "ONNX Unique: the distinct elements (or slices) of a tensor";
  let description = [{
    The distinct slices of `input` along `axis` (without `axis`, the
    distinct elements of the flattened input): `output` holds them sorted
    ascending (lexicographically for slices) when `sorted`, else in the
    order of their first occurrence; `indices` the position of each one's
    first occurrence, `inverse_indices` for every input slice the position
    of its value in `output`, and `counts` how often each occurs. The
    number of distinct slices depends on the values: the results'
    dimensions that hold it are dynamic, or checked at run time against
    a static result type. The input must have a static shape.

    ```mlir
    %y, %i, %inv, %c = modelc.unique %x {sorted = true} : (tensor<6xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>)
    ```
  }];
  let arguments = (ins Modelc_Tensor:$input, OptionalAttr<Modelc_I64Attr>:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$sorted);
  let results = (outs Modelc_Tensor:$output, RankedTensorOf<[I64]>:$indices,
                      RankedTensorOf<[I64]>:$inverse_indices,
                      RankedTensorOf<[I64]>:$counts);
  let hasVerifier = 1;
}

def Modelc_NonMaxSuppressionOp : Modelc_Op<"non_max_suppression",
    [AttrSizedOperandSegments, Modelc_DynamicShapes]> {
  let summary = "ONNX NonMaxSuppression: greedy selection of boxes by score";
  let description = [{
    For every batch and class, boxes (`boxes`: batch x N x 4, corners
    `[y1, x1, y2, x2]` in either order, or `[x_center, y_center, width,
    height]` with `center_point_box`) are taken in order of decreasing score
    (`scores`: batch x classes x N; equal scores by lower index), those with
    a score not above `score_threshold` skipped, and one is kept unless its
    intersection over union with a box already kept for that class exceeds
    `iou_threshold`, until `max_output_boxes_per_class` are kept (0 when
    absent). The result lists `[batch, class, box]` of the kept boxes, by
    batch, then class, then order of selection. Its length depends on the
    values: dynamic, or checked at run time against a static result type.

    ```mlir
    %s = modelc.non_max_suppression %b, %sc, %m, %iou, %t : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x3xi64>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$boxes, Modelc_FloatTensor:$scores,
                       Optional<RankedTensorOf<[I64]>>:$max_output_boxes_per_class,
                       Optional<Modelc_FloatTensor>:$iou_threshold,
                       Optional<Modelc_FloatTensor>:$score_threshold,
                       DefaultValuedAttr<BoolAttr, "false">:$center_point_box);
  let results = (outs RankedTensorOf<[I64]>:$selected_indices);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Text ops
//===----------------------------------------------------------------------===//

/// "TF", "IDF" or "TFIDF".
def Modelc_TfIdfModeAttr : ConfinedAttr<StrAttr, [AttrConstraint<
    CPred<"::llvm::cast<::mlir::StringAttr>($_self).getValue() == \"TF\" || "
          "::llvm::cast<::mlir::StringAttr>($_self).getValue() == \"IDF\" || "
          "::llvm::cast<::mlir::StringAttr>($_self).getValue() == \"TFIDF\"">,
    "\"TF\", \"IDF\" or \"TFIDF\"">]>;

def Modelc_TfIdfVectorizerOp : Modelc_Op<"tfidf_vectorizer", [Modelc_DynamicShapes]> {
  let summary = "ONNX TfIdfVectorizer on integer tokens: weighted n-gram counts";
  let description = [{
    Counts, in each row of the input (a 1-D tensor of tokens, or a 2-D
    batch of rows), the n-grams of `pool`, ONNX's `pool_int64s`: the
    1-grams from `ngram_counts[0]`, the 2-grams from `ngram_counts[1]`, and
    so on, each level running to the start of the next (or the end of the
    pool). The k-th n-gram of the pool counts into output position
    `ngram_indexes[k]`; the result's last dimension is the largest index
    plus one. Only n-grams of `min_gram_length` to `max_gram_length` tokens
    count. An n-gram of n > 1 tokens may skip up to `max_skip_count` tokens
    between consecutive tokens, the same number each time: it is counted
    once per start position and per distance 1 ... `max_skip_count` + 1 at
    which its tokens occur. 1-grams are counted once per position.

    `mode` "TF" gives the counts, "IDF" `weights[j]` where position j's
    count is not zero (else 0), "TFIDF" the count times `weights[j]`. Without
    `weights` every weight is 1. As in ONNX Runtime and ONNX's reference
    implementation, `weights[j]` belongs to output position j.

    ```mlir
    %y = modelc.tfidf_vectorizer %x {max_gram_length = 2 : i64, max_skip_count = 1 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 0, 2>, ngram_indexes = array<i64: 0, 1, 2>, pool = array<i64: 4, 5, 4, 5>} : (tensor<2x6xi32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I32, I64]>:$input,
                       Modelc_TfIdfModeAttr:$mode,
                       Modelc_I64Attr:$min_gram_length,
                       Modelc_I64Attr:$max_gram_length,
                       Modelc_I64Attr:$max_skip_count,
                       DenseI64ArrayAttr:$ngram_counts,
                       DenseI64ArrayAttr:$ngram_indexes,
                       DenseI64ArrayAttr:$pool,
                       OptionalAttr<DenseF32ArrayAttr>:$weights);
  let results = (outs RankedTensorOf<[F32]>:$output);
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// One n-gram of the pool: its tokens and its output position.
    struct NGram {
      ::llvm::ArrayRef<int64_t> tokens;
      int64_t index;
    };
    /// The n-grams of the pool with min_gram_length to max_gram_length
    /// tokens, in pool order (of a verified op).
    ::llvm::SmallVector<NGram> getNGrams();
    /// The size of the result's last dimension: the largest of
    /// ngram_indexes plus one.
    int64_t getOutputSize();
  }];
}

def Modelc_StringNormalizerOp : Modelc_Op<"string_normalizer", [
    Modelc_DynamicShapes, Modelc_StringElements]> {
  let summary = "ONNX StringNormalizer: removes stop words, changes case";
  let description = [{
    Removes the elements of a `[C]` or `[1, C]` string tensor that equal
    one of `stopwords` (ignoring case, by comparing lower-cased text, unless
    `is_case_sensitive`), then lower- or upper-cases the rest
    (`case_change_action`: none, lower or upper) with Unicode's simple case
    mappings, as `towlower`/`towupper` do in an en_US.UTF-8 locale; bytes
    that are not UTF-8 stay as they are. When every element is removed the
    result is one empty string, of shape `[1]` or `[1, 1]`.

    The number of elements kept depends on the data: a static result size
    (the model's declared output shape) is checked at run time; a dynamic
    one is computed.

    ```mlir
    %y = modelc.string_normalizer %x {case_change_action = #modelc.case_change<upper>, stopwords = ["monday"]} : (tensor<4x!modelc.string>) -> tensor<3x!modelc.string>
    ```
  }];
  let arguments = (ins Modelc_StringTensor:$input,
                       DefaultValuedAttr<Modelc_CaseChangeAttr,
                           "::mlir::modelc::CaseChange::none">:$case_change_action,
                       DefaultValuedAttr<BoolAttr, "false">:$is_case_sensitive,
                       DefaultValuedAttr<StrArrayAttr, "{}">:$stopwords);
  let results = (outs Modelc_StringTensor:$output);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Signal processing
//===----------------------------------------------------------------------===//

def Modelc_DFTOp : Modelc_Op<"dft"> {
  let summary = "ONNX DFT: discrete Fourier transform along one axis";
  let description = [{
    The last dimension of `input` is 1 (real signals) or 2 (real and
    imaginary parts); `axis` (not the last) is the signal's axis. The
    signal is cut or zero-padded to `dft_length` elements (by default its
    size) and transformed: `X[k] = sum_n x[n] exp(-2 pi i k n / L)`, or
    with `inverse` `x[n] = 1/L sum_k X[k] exp(2 pi i k n / L)`. The result
    has the input's shape with `axis` of size L (or L / 2 + 1 with
    `onesided`: the first half of the bins) and a last dimension of 2.
    Computed directly, in f64, from a table of cosines and sines.

    ```mlir
    %y = modelc.dft %x {axis = 1 : i64, onesided = true} : (tensor<1x16x1xf32>) -> tensor<1x9x2xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$input, Modelc_I64Attr:$axis,
                       OptionalAttr<Modelc_I64Attr>:$dft_length,
                       DefaultValuedAttr<BoolAttr, "false">:$inverse,
                       DefaultValuedAttr<BoolAttr, "false">:$onesided);
  let results = (outs Modelc_FloatTensor:$output);
  let extraClassDeclaration = [{
    /// The transform's length: dft_length or the signal's size.
    int64_t getLength();
  }];
  let hasVerifier = 1;
}

def Modelc_STFTOp : Modelc_Op<"stft", [AttrSizedOperandSegments,
                                       Modelc_DynamicShapes]> {
  let summary = "ONNX STFT: short-time Fourier transform";
  let description = [{
    `signal` is B x S x 1 (real) or B x S x 2 (complex). Frame f holds the
    `frame_length` elements that start at `f * frame_step`, multiplied by
    `window`, and is transformed as DFT does (length `frame_length`). The
    result is B x F x K x 2 with F = 1 + (S - frame_length) / frame_step
    frames and K = frame_length / 2 + 1 bins with `onesided`, else
    frame_length. `frame_step` and the optional `frame_length` are integer
    scalars that may be known only at run time; `frame_length` defaults to
    the window's size. Without `window`, frames are not weighted.

    ```mlir
    %y = modelc.stft %x step %s window %w : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x15x9x2xf32>
    %z = modelc.stft %x step %s length %l : (tensor<1x128x1xf32>, tensor<i64>, tensor<i64>) -> tensor<1x?x?x2xf32>
    ```
  }];
  let arguments = (ins Modelc_FloatTensor:$signal,
                       Modelc_IndexTensor:$frame_step,
                       Optional<Modelc_FloatTensor>:$window,
                       Optional<Modelc_IndexTensor>:$frame_length,
                       DefaultValuedAttr<BoolAttr, "true">:$onesided);
  let results = (outs Modelc_FloatTensor:$output);
  let assemblyFormat = [{
    $signal `step` $frame_step (`window` $window^)?
    (`length` $frame_length^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

/// HannWindow, HammingWindow and BlackmanWindow.
class Modelc_WindowOp<string mnemonic, string onnxName, string formula>
    : Modelc_Op<mnemonic, [Modelc_DynamicShapes]> {
  let summary = "ONNX " # onnxName;
  let description = [{
    A 1-D window of `size` elements (an integer scalar, possibly known only
    at run time, then the result's dimension is dynamic):
    }] # formula # [{ for n = 0 .. size - 1, with N = size when `periodic`,
    else size - 1.

    ```mlir
    %w = modelc.}] # mnemonic # [{ %n {periodic = false} : (tensor<i32>) -> tensor<10xf32>
    ```
  }];
  let arguments = (ins Modelc_IndexTensor:$size,
                       DefaultValuedAttr<BoolAttr, "true">:$periodic);
  let results = (outs Modelc_FloatTensor:$output);
  let hasVerifier = 1;
}

def Modelc_HannWindowOp : Modelc_WindowOp<"hann_window", "HannWindow",
    "`0.5 - 0.5 cos(2 pi n / N)`">;
def Modelc_HammingWindowOp : Modelc_WindowOp<"hamming_window",
    "HammingWindow", "`25/46 - 21/46 cos(2 pi n / N)`">;
def Modelc_BlackmanWindowOp : Modelc_WindowOp<"blackman_window",
    "BlackmanWindow",
    "`0.42 - 0.5 cos(2 pi n / N) + 0.08 cos(4 pi n / N)`">;

def Modelc_MelWeightMatrixOp
    : Modelc_Op<"mel_weight_matrix", [Modelc_DynamicShapes]> {
  let summary = "ONNX MelWeightMatrix: triangular filters on the mel scale";
  let description = [{
    A (dft_length / 2 + 1) x num_mel_bins matrix that maps the bins of a
    onesided spectrum to mel bins. The mel range from `lower_edge_hertz`
    to `upper_edge_hertz` (mel = 2595 log10(1 + hz / 700)) is cut into
    num_mel_bins + 2 equally spaced points (step: the range divided by
    num_mel_bins + 2, as ONNX's reference), each mapped back to a spectrum
    bin floor((dft_length + 1) * hz / sample_rate); mel bin i is the
    triangle that rises from point i to point i + 1 and falls to point
    i + 2. The integer scalars `num_mel_bins`, `dft_length` and
    `sample_rate` and the float scalars may be known only at run time; the
    result's dimensions are then dynamic.

    ```mlir
    %m = modelc.mel_weight_matrix %bins, %n, %rate, %lo, %hi : (tensor<i32>, tensor<i32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<9x8xf32>
    ```
  }];
  let arguments = (ins Modelc_IndexTensor:$num_mel_bins,
                       Modelc_IndexTensor:$dft_length,
                       Modelc_IndexTensor:$sample_rate,
                       Modelc_FloatTensor:$lower_edge_hertz,
                       Modelc_FloatTensor:$upper_edge_hertz);
  let results = (outs Modelc_FloatTensor:$output);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Random generators
//===----------------------------------------------------------------------===//

/// How every random op draws its bits (appended to their descriptions).
defvar Modelc_PhiloxDescription = [{

    **The generator.** Values come from Philox4x32-10 (Salmon et al.,
    "Parallel random numbers: as easy as 1, 2, 3", SC'11; the generator of
    Random123, cuRAND and JAX), a counter-based generator: the element at
    row-major position i of the result draws the four 32-bit words
    `philox4x32_10(counter = {i mod 2^32, i / 2^32, 0, 0}, key = {seed mod
    2^32, seed / 2^32})`. Each element is a pure function of `seed` and its
    position: the generated code keeps no state and allocates nothing, its
    loops run in any order or in parallel, and every run, thread count and
    target gives the same values (up to the last bits of `log`, `cos` and
    `exp` for the distributions that use them). Ops with the same `seed`
    draw the same words. From the words, uniform numbers in [0, 1) are the
    first word's high 24 bits times 2^-24 in f32, or the high 53 bits of
    the first two words times 2^-53 in f64.

    `seed` is the generator's 64-bit key. The ONNX importer takes it from
    the node's `seed` attribute (a float's bits, zero-extended; Dropout's
    integer as is) or, when the node has none, from a hash of the node's
    first output name: unseeded generators are deterministic per compiled
    model, not "auto-generated" anew at each run (and an op in a loop body
    draws the same values at every iteration).
}];

def Modelc_RandomUniformOp
    : Modelc_Op<"random_uniform", [Modelc_DynamicShapes]> {
  let summary = "ONNX RandomUniform and RandomUniformLike";
  let description = !strconcat([{
    A tensor of random values uniformly distributed in [`low`, `high`):
    `low + u * (high - low)` for a uniform u in [0, 1), computed in f32
    (f16, bf16 and f32 results) or f64, rounded to the result type and
    clamped to the representable values in [`low`, `high`). All values are
    `low` when `high` equals it. With the optional `like` operand (ONNX's
    RandomUniformLike) the result has its shape (its dynamic dimensions
    are read from it; its values and element type are not used); without
    it the result's shape is static.

    ```mlir
    %y = modelc.random_uniform {high = 2.0 : f32, low = -1.0 : f32, seed = 7 : i64} : () -> tensor<2x3xf32>
    %z = modelc.random_uniform %x {seed = 7 : i64} : (tensor<?x3xi64>) -> tensor<?x3xf64>
    ```
  }], Modelc_PhiloxDescription);
  let arguments = (ins Optional<Modelc_Tensor>:$like,
                       DefaultValuedAttr<F32Attr, "0.0f">:$low,
                       DefaultValuedAttr<F32Attr, "1.0f">:$high,
                       Modelc_I64Attr:$seed);
  let results = (outs Modelc_FloatTensor:$output);
  let assemblyFormat =
      "($like^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Modelc_RandomNormalOp
    : Modelc_Op<"random_normal", [Modelc_DynamicShapes]> {
  let summary = "ONNX RandomNormal and RandomNormalLike";
  let description = !strconcat([{
    A tensor of normally distributed random values, `mean + scale * z`
    with z standard normal by the Box-Muller transform: `z = sqrt(-2 ln
    u1) cos(2 pi u2)`, u1 = 1 - u (in (0, 1]) from the first word and u2
    from the second (f64 results: u1 from the first two words, u2 from the
    last two), computed in f32 (f16, bf16 and f32 results) or f64 and
    rounded to the result type. `like` is as for `random_uniform`. As u1
    is at least 2^-24 (f32) or 2^-53 (f64), |z| never exceeds 5.77 (f16,
    bf16, f32 results) or 8.57 (f64).

    ```mlir
    %y = modelc.random_normal {mean = 1.0 : f32, scale = 0.5 : f32, seed = 7 : i64} : () -> tensor<100xf32>
    ```
  }], Modelc_PhiloxDescription);
  let arguments = (ins Optional<Modelc_Tensor>:$like,
                       DefaultValuedAttr<F32Attr, "0.0f">:$mean,
                       DefaultValuedAttr<F32Attr, "1.0f">:$scale,
                       Modelc_I64Attr:$seed);
  let results = (outs Modelc_FloatTensor:$output);
  let assemblyFormat =
      "($like^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Modelc_BernoulliOp : Modelc_Op<"bernoulli", [Modelc_DynamicShapes]> {
  let summary = "ONNX Bernoulli: 1 with probability p, else 0";
  let description = !strconcat([{
    Each element of the result is 1 where a uniform u in [0, 1) (f32, or
    f64 for an f64 input) is less than the corresponding probability of
    `input`, else 0: probability 0 always gives 0, probability 1 always 1.
    The result has the input's shape and any numeric or bool element type.

    ```mlir
    %y = modelc.bernoulli %p {seed = 0 : i64} : (tensor<10xf32>) -> tensor<10xf64>
    ```
  }], Modelc_PhiloxDescription);
  let arguments = (ins Modelc_FloatTensor:$input, Modelc_I64Attr:$seed);
  let results = (outs Modelc_Tensor:$output);
  let hasVerifier = 1;
}

def Modelc_MultinomialOp : Modelc_Op<"multinomial"> {
  let summary = "ONNX Multinomial: samples classes from log-probabilities";
  let description = !strconcat([{
    `input` is batch x classes of unnormalized log-probabilities; the
    result (i32 or i64) is batch x `sample_size`: each element a class c
    drawn with probability softmax(input[b])[c]. Per batch row, the
    maximum m and the total t of exp(input - m) are reduced first; element
    (b, s) then takes a uniform u (f32, or f64 for an f64 input) and
    returns the first class whose running sum of exp(input[b, c] - m)
    exceeds u * t (the last class if rounding leaves none).

    ```mlir
    %y = modelc.multinomial %x {sample_size = 5 : i64, seed = 3 : i64} : (tensor<2x4xf32>) -> tensor<2x5xi32>
    ```
  }], Modelc_PhiloxDescription);
  let arguments = (ins Modelc_FloatTensor:$input,
                       DefaultValuedAttr<Modelc_I64Attr, "1">:$sample_size,
                       Modelc_I64Attr:$seed);
  let results = (outs RankedTensorOf<[I32, I64]>:$output);
  let hasVerifier = 1;
}

def Modelc_DropoutOp : Modelc_Op<"dropout", [Modelc_DynamicShapes]> {
  let summary = "ONNX Dropout in training mode";
  let description = !strconcat([{
    `ratio` (a float scalar) and `training_mode` (an i1 scalar) may be
    known only at run time. In training mode, `mask` is true where a
    uniform u in [0, 1) (f32, or f64 for an f64 ratio) is at least `ratio`,
    and `output` is `input / (1 - ratio)` there and 0 elsewhere: a ratio
    of 0 keeps every element unchanged (an exact identity, all-true mask),
    a ratio of 1 none. Outside training mode `output` is `input` and
    `mask` all true. The importer builds this op only when `training_mode`
    is not a constant false and `ratio` not a constant 0 (inference-mode
    dropout is the identity).

    ```mlir
    %y, %mask = modelc.dropout %x, %ratio, %training {seed = 0 : i64} : (tensor<3x4xf32>, tensor<f32>, tensor<i1>) -> (tensor<3x4xf32>, tensor<3x4xi1>)
    ```
  }], Modelc_PhiloxDescription);
  let arguments = (ins Modelc_FloatTensor:$input, Modelc_FloatTensor:$ratio,
                       Modelc_BoolTensor:$training_mode, Modelc_I64Attr:$seed);
  let results = (outs Modelc_FloatTensor:$output, Modelc_BoolTensor:$mask);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

/// An op with regions: its effects are those of the ops in its regions
/// (all pure), and the ops there may use values of the enclosing scope, as
/// ONNX subgraphs use the outer graph's values.
class Modelc_RegionOp<string mnemonic, list<Trait> traits = []>
    : Op<Modelc_Dialect, mnemonic, !listconcat(traits, [
        RecursiveMemoryEffects, Modelc_DynamicShapes])>;

def Modelc_IfOp : Modelc_RegionOp<"if", [RecursivelySpeculatable,
                                         NoRegionArguments]> {
  let summary = "ONNX If: runs one of two subgraphs";
  let description = [{
    `condition` is a one-element i1 tensor. The `then_branch` region runs
    when it is true, `else_branch` otherwise; each ends with a
    `modelc.yield` of the values the op returns. The yielded types must be
    compatible with the result types (equal up to dynamic dimensions):
    branches that yield different static shapes give a dynamic result
    dimension. The regions may use values defined before the op.

    ```mlir
    %r = modelc.if %c : tensor<i1> -> (tensor<2xf32>) {
      modelc.yield %a : tensor<2xf32>
    } else {
      %n = modelc.neg %a : tensor<2xf32>
      modelc.yield %n : tensor<2xf32>
    }
    ```

    Lowered to `scf.if`; an `if` on a constant condition folds to its
    branch.
  }];
  let arguments = (ins Modelc_BoolTensor:$condition);
  let results = (outs Variadic<Modelc_Tensor>:$results);
  let regions = (region SizedRegion<1>:$then_branch,
                        SizedRegion<1>:$else_branch);
  let assemblyFormat = [{
    $condition `:` type($condition) (`->` `(` type($results)^ `)`)?
    $then_branch `else` $else_branch attr-dict-with-keyword
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def Modelc_LoopOp : Modelc_RegionOp<"loop", [AttrSizedOperandSegments]> {
  let summary = "ONNX Loop: runs a subgraph while a counter and a condition allow";
  let description = [{
    ONNX's Loop. `max_trip_count` (a one-element i64 tensor) and
    `condition` (a one-element i1 tensor) are optional; `initial` are the
    initial values of the loop-carried values. The body's block arguments
    are the iteration number (`tensor<i64>`, from 0), the condition
    (`tensor<i1>`) and the loop-carried values (of the types of `initial`);
    it yields the next condition, the next loop-carried values and the
    elements of the scan outputs. The body runs while the iteration number
    is below `max_trip_count` (if given) and the condition is true (if
    given; the body's condition is then the one it yielded last).

    The results are the final loop-carried values, then one scan output per
    extra yielded value: the yielded values of every iteration stacked
    along a new leading dimension, whose size is the number of iterations
    (dynamic when only known at run time). Loop-carried values keep their
    type across iterations (yielded values of compatible types are cast).

    ```mlir
    %y, %s = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y0 : tensor<2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>) {
    ^bb0(%i: tensor<i64>, %c: tensor<i1>, %y: tensor<2xf32>):
      %n = modelc.add %y, %y : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      modelc.yield %c, %n, %n : tensor<i1>, tensor<2xf32>, tensor<2xf32>
    }
    ```

    Lowered to `scf.for` when the number of iterations is known before the
    loop starts (a trip count, with a condition that the body passes on
    unchanged), and to `scf.while` otherwise; there, scan outputs need a
    trip count, the rows they stack into, of which those of the iterations
    that ran are the result.
  }];
  let arguments = (ins Optional<RankedTensorOf<[I64]>>:$max_trip_count,
                       Optional<Modelc_BoolTensor>:$condition,
                       Variadic<Modelc_Tensor>:$initial);
  let results = (outs Variadic<Modelc_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    (`max_trip_count` `(` $max_trip_count^ `:` type($max_trip_count) `)`)?
    (`condition` `(` $condition^ `:` type($condition) `)`)?
    `iter_args` `(` ($initial^ `:` type($initial))? `)`
    (`->` `(` type($results)^ `)`)? $body attr-dict-with-keyword
  }];
  let extraClassDeclaration = [{
    /// The number of loop-carried values.
    unsigned getNumCarried() { return getInitial().size(); }
    /// The scan outputs, after the final loop-carried values.
    ::mlir::ResultRange getScanOutputs() {
      return getResults().drop_front(getNumCarried());
    }
  }];
  let hasVerifier = 1;
}

def Modelc_ScanOp : Modelc_RegionOp<"scan", [AttrSizedOperandSegments]> {
  let summary = "ONNX Scan: runs a subgraph over slices of tensors";
  let description = [{
    ONNX's Scan (opset 9 and later; the importer writes opset 8's batched
    form as a scan over the batch whose body is a scan over the sequence).
    `initial` are the initial states and `inputs` the scan inputs, sliced
    along their `scan_input_axes` (default 0), all of one length L, in
    reverse where `scan_input_directions` is 1. The body's block arguments
    are the states and one slice of each scan input (that axis removed); it
    yields the next states and the elements of the scan outputs.

    The results are the final states, then the scan outputs: the yielded
    elements of the L iterations stacked along `scan_output_axes` (default
    0), in reverse order where `scan_output_directions` is 1. Axes are
    non-negative.

    ```mlir
    %sum, %partial = modelc.scan initial(%s0 : tensor<2xf32>) inputs(%x : tensor<3x2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>) {
    ^bb0(%s: tensor<2xf32>, %xi: tensor<2xf32>):
      %n = modelc.add %s, %xi : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      modelc.yield %n, %n : tensor<2xf32>, tensor<2xf32>
    }
    ```

    Lowered to an `scf.for` over the sequence.
  }];
  let arguments = (ins Variadic<Modelc_Tensor>:$initial,
                       Variadic<Modelc_Tensor>:$inputs,
                       OptionalAttr<DenseI64ArrayAttr>:$scan_input_axes,
                       OptionalAttr<DenseI64ArrayAttr>:$scan_input_directions,
                       OptionalAttr<DenseI64ArrayAttr>:$scan_output_axes,
                       OptionalAttr<DenseI64ArrayAttr>:$scan_output_directions);
  let results = (outs Variadic<Modelc_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    (`initial` `(` $initial^ `:` type($initial) `)`)?
    `inputs` `(` $inputs `:` type($inputs) `)`
    (`->` `(` type($results)^ `)`)? $body attr-dict-with-keyword
  }];
  let extraClassDeclaration = [{
    /// The number of states.
    unsigned getNumStates() { return getInitial().size(); }
    /// The scan outputs, after the final states.
    ::mlir::ResultRange getScanOutputs() {
      return getResults().drop_front(getNumStates());
    }
    /// The axis and direction (true: reverse) of scan input (output) I.
    int64_t getInputAxis(unsigned i);
    bool isInputReversed(unsigned i);
    int64_t getOutputAxis(unsigned i);
    bool isOutputReversed(unsigned i);
  }];
  let hasVerifier = 1;
}

def Modelc_YieldOp : Op<Modelc_Dialect, "yield", [Pure, Terminator,
    Modelc_DynamicShapes,
    ParentOneOf<["IfOp", "LoopOp", "ScanOp"]>]> {
  let summary = "the values a region of modelc.if, modelc.loop or modelc.scan returns";
  let description = [{
    Ends the region of a control-flow op: the outputs of the ONNX subgraph
    that the region holds. What they mean depends on the parent op.

    ```mlir
    modelc.yield %a, %b : tensor<2xf32>, tensor<i1>
    ```
  }];
  let arguments = (ins Variadic<Modelc_Tensor>:$operands);
  let assemblyFormat = "($operands^ `:` type($operands))? attr-dict";
}

#endif // MODELC_OPS_TD
